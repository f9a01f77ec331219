//! Synthetic letters for scale tests and benchmarks: realistic Vietnamese
//! official letters built from templates × agencies × cited directives ×
//! topics × deadlines, as full [`LetterRecord`]s (header, references and tasks
//! filled, text written out), so search can be measured at 100,000 letters.
//!
//! Deterministic: the same seed gives the same letters. Invented numbers and
//! dates; a few well-known directives (Kế hoạch 02-KH/BCĐTW, Nghị quyết
//! 57-NQ/TW, Nghị định 118/2025/NĐ-CP) are cited by a share of the letters, so
//! citation queries have realistic, large answers.

use crate::letter::{
    Deadline, DeadlineKind, Document, LetterRecord, Reference, RepairInfo, Signer, Task,
};
use crate::normalize::encoding::Encoding;
use crate::read::Source;

/// A small, fast PRNG (SplitMix64): no dependency, reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Issuing agencies: name, number abbreviation, department codes.
const AGENCIES: &[(&str, &str, &[&str])] = &[
    (
        "Ủy ban nhân dân tỉnh",
        "UBND",
        &["KGVX", "VX", "KT", "TTHC", "NC"],
    ),
    ("Sở Tài chính", "STC", &["NS", "QLG", "TCDN"]),
    ("Sở Khoa học và Công nghệ", "SKHCN", &["BCVT&CĐS", "QLKH"]),
    ("Sở Nội vụ", "SNV", &["TCBM", "CCVC", "CCHC"]),
    ("Sở Y tế", "SYT", &["NVY", "KHTC"]),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", &["GDTrH", "KHTC"]),
    (
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        &["TTBVTV", "CNTY", "QLĐĐ"],
    ),
    ("Sở Xây dựng", "SXD", &["QLHĐXD", "GT"]),
    ("Công an tỉnh", "CAT", &["PV01", "ANM", "PC08"]),
    ("Văn phòng Ủy ban nhân dân tỉnh", "VPUB", &["KGVX", "HCTC"]),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCH", &["TM", "CT"]),
    ("Sở Công Thương", "SCT", &["QLTM", "KTAT"]),
];

/// Communes and wards (xã, phường) as letters name them.
const COMMUNES: &[&str] = &[
    "xã Ba Tơ",
    "xã Minh Long",
    "xã Sơn Hà",
    "xã Sơn Tây",
    "xã Trà Bồng",
    "xã Bình Sơn",
    "xã Nghĩa Hành",
    "xã Mộ Đức",
    "xã Đức Phổ",
    "xã Tư Nghĩa",
    "xã Hòa Bình",
    "xã An Phú",
    "xã Tịnh Khê",
    "xã Bình Châu",
    "xã Phổ An",
    "xã Sơn Kỳ",
    "xã Ba Vì",
    "xã Đông Sơn",
    "phường Cẩm Thành",
    "phường Nghĩa Lộ",
    "phường Trương Quang Trọng",
    "phường Sa Huỳnh",
    "phường Đức Phổ",
    "phường Kon Tum",
    "đặc khu Lý Sơn",
    "xã Hòa Thuận",
    "xã Hoa Sơn",
    "xã Ngọc Hồi",
    "xã Đăk Tô",
    "xã Sa Thầy",
];

/// Directives letters cite: kind, number, date, issuer, topic.
const DIRECTIVES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Kế hoạch",
        "02-KH/BCĐTW",
        "2025-06-19",
        "Ban Chỉ đạo Trung ương",
        "thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả",
    ),
    (
        "Nghị quyết",
        "57-NQ/TW",
        "2024-12-22",
        "Bộ Chính trị",
        "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    ),
    (
        "Nghị định",
        "118/2025/NĐ-CP",
        "2025-06-09",
        "Chính phủ",
        "thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
    ),
    (
        "Nghị quyết",
        "71/NQ-CP",
        "2025-04-01",
        "Chính phủ",
        "sửa đổi, bổ sung Chương trình hành động của Chính phủ",
    ),
    (
        "Chỉ thị",
        "05-CT/TW",
        "2016-05-15",
        "Bộ Chính trị",
        "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    (
        "Thông tư",
        "56/2025/TT-BTC",
        "2025-06-20",
        "Bộ Tài chính",
        "hướng dẫn xây dựng dự toán ngân sách nhà nước năm 2026",
    ),
    (
        "Quyết định",
        "1131/QĐ-TTg",
        "2025-06-12",
        "Thủ tướng Chính phủ",
        "ban hành danh mục công nghệ chiến lược",
    ),
    (
        "Nghị định",
        "137/2024/NĐ-CP",
        "2024-10-23",
        "Chính phủ",
        "giao dịch điện tử của cơ quan nhà nước và hệ thống thông tin",
    ),
    (
        "Kế hoạch",
        "05-KH/TU",
        "2025-07-20",
        "Ban Thường vụ Tỉnh ủy",
        "triển khai thực hiện Kế hoạch số 02-KH/BCĐTW",
    ),
    (
        "Công văn",
        "3728/UBND-TTHC",
        "2025-10-21",
        "Ủy ban nhân dân tỉnh",
        "khắc phục điểm nghẽn trong cung cấp dịch vụ công trực tuyến",
    ),
];

/// Topics of letters (the "về việc").
const TOPICS: &[&str] = &[
    "tăng cường chuyển đổi số trong cơ quan nhà nước",
    "sử dụng chữ ký số trong gửi, nhận văn bản điện tử",
    "phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão",
    "xây dựng dự toán ngân sách nhà nước năm 2026",
    "tiêm phòng vắc xin cho đàn gia súc, gia cầm",
    "bảo đảm trật tự an toàn giao thông dịp lễ, Tết",
    "nâng cao chất lượng dịch vụ công trực tuyến toàn trình",
    "phòng cháy, chữa cháy rừng mùa khô",
    "xây dựng nông thôn mới và đô thị văn minh",
    "cải cách hành chính và kiểm soát thủ tục hành chính",
    "rà soát, sắp xếp đơn vị sự nghiệp công lập",
    "bảo vệ môi trường, thu gom và xử lý rác thải sinh hoạt",
    "phòng, chống dịch sốt xuất huyết",
    "tổ chức kỳ thi tốt nghiệp trung học phổ thông",
    "quản lý đất đai, xử lý lấn chiếm đất công",
    "bảo đảm an ninh mạng, an toàn thông tin",
    "thực hiện chính sách bảo hiểm xã hội, bảo hiểm y tế",
    "phòng, chống rét cho cây trồng, hoa màu vụ Đông Xuân",
];

const ACTIONS: &[&str] = &[
    "rà soát, tổng hợp tình hình thực hiện",
    "xây dựng kế hoạch cụ thể để triển khai",
    "tổ chức kiểm tra, đôn đốc việc thực hiện",
    "báo cáo kết quả thực hiện",
    "tuyên truyền, phổ biến đến cán bộ và nhân dân về",
    "bố trí kinh phí bảo đảm cho",
    "chủ động phối hợp với các cơ quan liên quan thực hiện",
    "cập nhật số liệu lên Hệ thống thông tin báo cáo về",
];

const FILLER: &[&str] = &[
    "Đây là nhiệm vụ trọng tâm, cần được triển khai quyết liệt, đồng bộ, hiệu quả.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo để được hướng dẫn.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh về kết quả thực hiện.",
    "Kết quả thực hiện là căn cứ để đánh giá, xếp loại thi đua cuối năm.",
    "Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện.",
    "Giao Văn phòng theo dõi, tổng hợp, báo cáo lãnh đạo theo quy định.",
];

const KINDS: &[&str] = &["Công văn", "Kế hoạch", "Thông báo", "Quyết định", "Báo cáo"];

const SIGNERS: &[&str] = &[
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Minh Châu",
    "Phạm Quốc Dũng",
    "Võ Thị Hạnh",
    "Đặng Văn Khoa",
    "Huỳnh Thị Lan",
    "Bùi Đức Mạnh",
    "Đinh Văn Nam",
    "Hồ Thị Oanh",
];

/// A cited document: a well-known one (40% of citations), or an invented one.
fn directive(rng: &mut Rng) -> Reference {
    if rng.chance(40) {
        let (kind, number, date, issuer, _) = *rng.pick(DIRECTIVES);
        return Reference {
            kind: Some(kind.into()),
            number: number.into(),
            date: Some(date.into()),
            issuer: Some(issuer.into()),
        };
    }
    let (agency, abbr, depts) = *rng.pick(AGENCIES);
    let kind = *rng.pick(KINDS);
    let n = 1 + rng.below(4999);
    let year = 2023 + rng.below(4);
    let kabbr = match kind {
        "Kế hoạch" => "KH",
        "Thông báo" => "TB",
        "Quyết định" => "QĐ",
        "Báo cáo" => "BC",
        _ => "",
    };
    let number = if kabbr.is_empty() {
        format!("{n}/{abbr}-{}", rng.pick(depts))
    } else {
        format!("{n}/{kabbr}-{abbr}")
    };
    Reference {
        kind: Some(kind.into()),
        number,
        date: Some(format!(
            "{year}-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        issuer: Some(agency.into()),
    }
}

/// "2025-06-19" → "19/6/2025", as letters write dates.
fn vn_date(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    match p.as_slice() {
        [y, m, d] => format!(
            "{}/{}/{y}",
            d.trim_start_matches('0'),
            m.trim_start_matches('0')
        ),
        _ => iso.to_string(),
    }
}

/// ISO date `days` after an ISO date (30-day months are fine for synthetic data).
fn add_days(y: i32, m: u32, d: u32, days: u32) -> String {
    let total = (m - 1) * 28 + (d - 1) + days;
    let (y, rest) = (y + (total / 336) as i32, total % 336);
    format!("{y:04}-{:02}-{:02}", rest / 28 + 1, rest % 28 + 1)
}

/// Generate letter number `i` of a synthetic corpus.
pub fn letter(seed: u64, i: usize) -> LetterRecord {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let heading = draw_heading(&mut rng);
    let topic = *rng.pick(TOPICS);
    let refs: Vec<Reference> = (0..1 + rng.below(3)).map(|_| directive(&mut rng)).collect();
    let recipients = draw_recipients(&mut rng);
    let tasks = draw_tasks(&mut rng, i, heading.date, topic, &recipients);
    let signer = rng.pick(SIGNERS).to_string();
    let drawn = DrawnLetter {
        heading,
        topic,
        subject: format!("V/v {topic}"),
        refs,
        recipients,
        tasks,
        signer,
    };
    let text = synth_letter_text(&mut rng, &drawn);
    synth_record(seed, i, drawn, text)
}

/// Who issues a synthetic letter, what it is, its number and its date.
struct SynthHeading {
    issuer: String,
    kind: &'static str,
    number: String,
    /// Issue date (year, month, day).
    date: (i32, u32, u32),
}

/// Everything of a synthetic letter drawn before its text is written.
struct DrawnLetter {
    heading: SynthHeading,
    topic: &'static str,
    /// "V/v …" (về việc, on the subject of).
    subject: String,
    refs: Vec<Reference>,
    recipients: Vec<String>,
    tasks: Vec<Task>,
    signer: String,
}

/// Draws the issuing agency (a commune's people's committee in about a
/// third of letters), the kind, the number and the issue date.
fn draw_heading(rng: &mut Rng) -> SynthHeading {
    let (agency, abbr, depts) = *rng.pick(AGENCIES);
    let commune_letter = rng.chance(35);
    let commune = *rng.pick(COMMUNES);
    let issuer = if commune_letter {
        format!("Ủy ban nhân dân {commune}")
    } else {
        agency.to_string()
    };
    let kind = *rng.pick(KINDS);
    let n = 1 + rng.below(9999);
    let number = match kind {
        "Kế hoạch" => format!("{n}/KH-{abbr}"),
        "Thông báo" => format!("{n}/TB-{abbr}"),
        "Quyết định" => format!("{n}/QĐ-{abbr}"),
        "Báo cáo" => format!("{n}/BC-{abbr}"),
        _ => format!("{n}/{abbr}-{}", rng.pick(depts)),
    };
    let date = (
        2024 + rng.below(3) as i32,
        1 + rng.below(12) as u32,
        1 + rng.below(28) as u32,
    );
    SynthHeading {
        issuer,
        kind,
        number,
        date,
    }
}

/// Draws one to three distinct recipients: communes' people's committees
/// and agencies.
fn draw_recipients(rng: &mut Rng) -> Vec<String> {
    let mut recipients = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let r = if rng.chance(50) {
            format!("Ủy ban nhân dân {}", rng.pick(COMMUNES))
        } else {
            rng.pick(AGENCIES).0.to_string()
        };
        if !recipients.contains(&r) {
            recipients.push(r);
        }
    }
    recipients
}

/// One task per recipient on the topic, due 7 to 96 days after the issue date.
fn draw_tasks(
    rng: &mut Rng,
    i: usize,
    (y, m, d): (i32, u32, u32),
    topic: &str,
    recipients: &[String],
) -> Vec<Task> {
    let mut tasks = Vec::new();
    for (k, r) in recipients.iter().enumerate() {
        let due = add_days(y, m, d, 7 + rng.below(90) as u32);
        let action = format!("{} {topic}", rng.pick(ACTIONS));
        tasks.push(Task {
            id: format!("synth-{i}-{k}"),
            item: (k + 1).to_string(),
            assignees: vec![r.clone()],
            coordinators: Vec::new(),
            action,
            deadline: Deadline {
                kind: DeadlineKind::Date,
                text: Some(format!("trước ngày {}", vn_date(&due))),
                due: Some(due),
                r#ref: None,
                rule: None,
            },
        });
    }
    tasks
}

/// The text of a drawn letter, as a letter lays it out (with one to three
/// filler sentences drawn after its items).
fn synth_letter_text(rng: &mut Rng, l: &DrawnLetter) -> String {
    let h = &l.heading;
    let (y, m, d) = h.date;
    let (issuer, topic) = (&h.issuer, l.topic);
    let mut t = String::new();
    t.push_str(&format!(
        "{}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
        issuer.to_uppercase()
    ));
    t.push_str(&format!(
        "Số: {}\nQuảng Ngãi, ngày {d:02} tháng {m:02} năm {y}\n",
        h.number
    ));
    if h.kind != "Công văn" {
        t.push_str(&format!("{}\n", h.kind.to_uppercase()));
    }
    t.push_str(&format!("{}\n\nKính gửi:\n", l.subject));
    for r in &l.recipients {
        t.push_str(&format!("- {r};\n"));
    }
    t.push('\n');
    let cites: Vec<String> = l
        .refs
        .iter()
        .map(|r| {
            format!(
                "{} số {} ngày {} của {}",
                r.kind.as_deref().unwrap_or("Văn bản"),
                r.number,
                vn_date(r.date.as_deref().unwrap_or("")),
                r.issuer.as_deref().unwrap_or("")
            )
        })
        .collect();
    t.push_str(&format!(
        "Thực hiện {}, {issuer} yêu cầu các cơ quan, đơn vị thực hiện tốt nội dung về {topic} như sau:\n",
        cites.join("; ")
    ));
    for (k, task) in l.tasks.iter().enumerate() {
        t.push_str(&format!(
            "{}. {}: {}, hoàn thành {}.\n",
            k + 1,
            task.assignees[0],
            task.action,
            task.deadline.text.as_deref().unwrap_or("")
        ));
    }
    for _ in 0..1 + rng.below(3) {
        let filler: &str = rng.pick::<&str>(FILLER);
        t.push_str(filler);
        t.push('\n');
    }
    t.push_str(&format!(
        "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\n{}\n",
        l.signer
    ));
    t
}

/// The record of a drawn letter with its text, as extraction would give it.
fn synth_record(seed: u64, i: usize, l: DrawnLetter, text: String) -> LetterRecord {
    let (y, m, d) = l.heading.date;
    LetterRecord {
        file: format!("synth/{i:06}.txt"),
        document: Document {
            kind: Some(l.heading.kind.into()),
            number: Some(l.heading.number),
            issued: Some(format!("{y:04}-{m:02}-{d:02}")),
            place: Some("Quảng Ngãi".into()),
            issuer: Some(l.heading.issuer),
            subject: Some(l.subject),
            recipients: l.recipients,
            signer: Some(Signer {
                name: Some(l.signer),
                title: Some("Chủ tịch".into()),
            }),
            draft: false,
            noi_nhan: vec!["Như trên".into(), "Lưu: VT".into()],
        },
        references: l.refs,
        tasks: l.tasks,
        content_hash: format!("synth-{seed}-{i}"),
        text,
        notes: Vec::new(),
        source: Source::Text {
            encoding: Encoding::Utf8,
        },
        repair: RepairInfo::default(),
        duplicate_of: None,
        copies: Vec::new(),
    }
}

/// `n` synthetic letters.
pub fn letters(seed: u64, n: usize) -> impl Iterator<Item = LetterRecord> {
    (0..n).map(move |i| letter(seed, i))
}

// ---------------------------------------------------------------------------
// Letter FILES for the ingest benchmark: full plain-text letters as a clerk's
// corpus folder holds them, with the near-identical letters real offices send
// (monthly templates, one text to several recipients) and scan-like copies.
// ---------------------------------------------------------------------------

/// What a synthetic letter file is, relative to the others of its corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthKind {
    /// A letter of its own.
    Distinct,
    /// One month of a monthly report request: the same body every month, with
    /// its own number, date and period words. A different letter each month.
    MonthlyTemplate { family: usize },
    /// One text sent to several recipients: the same body, its own number and
    /// Kính gửi. A different letter for each recipient.
    SameTextOtherRecipient { family: usize },
    /// A scan-like second copy of the letter at index `of` (diacritics partly
    /// lost, a few OCR confusions, other line breaks): the SAME letter.
    Copy { of: usize },
}

/// One synthetic letter file: its path under the corpus folder and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthFile {
    /// Relative path, e.g. "2025/06/0421-ubnd-kt.txt"; unique in a corpus.
    pub name: String,
    pub text: String,
    pub kind: SynthKind,
}

/// Who issues a letter: the two header lines, the name the body uses for it,
/// the number's code, its departments, and who signs.
#[derive(Clone)]
struct Issuer {
    line1: String,
    line2: String,
    /// "Sở Tài chính", "Ủy ban nhân dân xã Ba Tơ".
    name: String,
    /// Who speaks in the body: "Chủ tịch Ủy ban nhân dân tỉnh", "Sở Tài chính".
    speaker: String,
    code: String,
    depts: Vec<&'static str>,
    place: String,
    /// (title line(s), e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    sign: &'static [&'static str],
    slug: String,
}

const PROVINCE: &str = "Quảng Ngãi";

/// Provincial departments (Sở and the like) as headers write them.
const DEPARTMENTS: &[(&str, &str, &[&str])] = &[
    ("Sở Tài chính", "STC", &["NS", "QLG", "TCDN", "ĐT"]),
    (
        "Sở Khoa học và Công nghệ",
        "SKHCN",
        &["BCVT&CĐS", "QLKH", "VP"],
    ),
    ("Sở Nội vụ", "SNV", &["TCBM", "CCVC", "CCHC", "LĐVL"]),
    ("Sở Y tế", "SYT", &["NVY", "KHTC", "NVD"]),
    (
        "Sở Giáo dục và Đào tạo",
        "SGDĐT",
        &["GDTrH", "KHTC", "GDPT"],
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        &["TTBVTV", "CNTY", "QLĐĐ", "TL"],
    ),
    ("Sở Xây dựng", "SXD", &["QLHĐXD", "GT", "QHKT"]),
    ("Sở Công Thương", "SCT", &["QLTM", "KTAT", "QLNL"]),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
        &["QLVH", "QLDL", "TDTT"],
    ),
    ("Sở Tư pháp", "STP", &["XDKTVB", "HCTP", "PBGDPL"]),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", &["CSDT", "TG"]),
    ("Thanh tra tỉnh", "TTr", &["NV1", "NV2", "PCTN"]),
];

const PROVINCE_DEPTS: &[&str] = &["KT", "KGVX", "TTHC", "NC", "VX", "NNMT", "XD", "HCTC"];

const SIGN_UBND: &[&str] = &[
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
];
const SIGN_SO: &[&str] = &["KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "GIÁM ĐỐC"];
const SIGN_TTR: &[&str] = &[
    "KT. CHÁNH THANH TRA\nPHÓ CHÁNH THANH TRA",
    "CHÁNH THANH TRA",
];

/// Bodies that receive letters and tasks, besides the departments and communes.
const OTHER_BODIES: &[&str] = &[
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Quản lý Khu kinh tế Dung Quất",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Báo Quảng Ngãi",
    "Bảo hiểm xã hội tỉnh",
    "Thuế tỉnh Quảng Ngãi",
    "Kho bạc Nhà nước khu vực XIII",
    "Công ty Điện lực Quảng Ngãi",
    "Viễn thông Quảng Ngãi",
    "Viettel Quảng Ngãi",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Trường Cao đẳng Kỹ thuật Công nghiệp Quảng Ngãi",
    "Liên đoàn Lao động tỉnh",
    "Tỉnh đoàn Quảng Ngãi",
];

const GROUPS: &[&str] = &[
    "Các sở, ban, ngành thuộc tỉnh",
    "Ủy ban nhân dân các xã, phường, đặc khu",
    "Các cơ quan, đơn vị trực thuộc",
    "Các doanh nghiệp nhà nước thuộc tỉnh",
    "Các hội, đoàn thể tỉnh",
];

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Trương", "Đinh", "Đoàn",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Minh", "Quốc", "Đức", "Thanh", "Ngọc", "Hữu", "Công", "Xuân",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hiền", "Hùng", "Khoa", "Lan", "Long", "Mai",
    "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Vinh", "Yến", "Hạnh", "Lực",
];

/// A field of work: the subject, what the letter reports on, what items ask
/// for, and the indicators its figures use.
struct Field {
    subject: &'static str,
    /// What this field's report covers ("tình hình …").
    report: &'static str,
    objects: &'static [&'static str],
    indicators: &'static [&'static str],
    problems: &'static [&'static str],
}

const FIELDS: &[Field] = &[
    Field {
        subject: "tăng cường chuyển đổi số trong cơ quan nhà nước",
        report: "kết quả chuyển đổi số",
        objects: &[
            "hồ sơ công việc trên Hệ thống quản lý văn bản và điều hành",
            "việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "hạ tầng mạng, thiết bị đầu cuối tại bộ phận một cửa",
            "tài khoản định danh điện tử mức độ 2 của cán bộ, công chức",
            "cơ sở dữ liệu chuyên ngành dùng chung của tỉnh",
            "phần mềm quản lý cán bộ, công chức, viên chức",
        ],
        indicators: &[
            "hồ sơ công việc được xử lý trên môi trường mạng",
            "văn bản đi được ký số",
            "hồ sơ được số hóa",
        ],
        problems: &[
            "đường truyền tại một số xã vùng sâu còn chập chờn",
            "thiết bị đầu cuối đã cũ, thiếu máy quét",
            "một số công chức chưa thành thạo kỹ năng số",
        ],
    },
    Field {
        subject: "phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão",
        report: "công tác phòng, chống thiên tai",
        objects: &[
            "phương án sơ tán dân ở khu vực ven biển, vùng trũng thấp",
            "hệ thống đê điều, hồ chứa nước xung yếu",
            "lực lượng, phương tiện, vật tư theo phương châm bốn tại chỗ",
            "kế hoạch bảo đảm an toàn cho tàu thuyền hoạt động trên biển",
            "khu vực có nguy cơ sạt lở đất, lũ quét",
            "dự trữ lương thực, thuốc men, nước uống cho các khu dân cư",
        ],
        indicators: &[
            "hộ dân được di dời khỏi vùng nguy hiểm",
            "hồ chứa được kiểm tra an toàn",
            "tàu thuyền vào nơi tránh trú",
        ],
        problems: &[
            "nhiều tuyến đường bị sạt lở, chia cắt",
            "kinh phí tu bổ công trình còn hạn chế",
            "ý thức chấp hành của một bộ phận người dân chưa cao",
        ],
    },
    Field {
        subject: "xây dựng dự toán ngân sách nhà nước năm 2026",
        report: "tình hình thực hiện dự toán ngân sách",
        objects: &[
            "dự toán thu, chi ngân sách và kế hoạch tài chính ba năm",
            "nhu cầu kinh phí thực hiện các chính sách an sinh xã hội",
            "nguồn cải cách tiền lương còn dư của các đơn vị",
            "các khoản chi thường xuyên chưa thật sự cần thiết",
            "tiến độ giải ngân vốn đầu tư công",
            "số liệu quyết toán ngân sách năm trước",
        ],
        indicators: &[
            "dự toán thu ngân sách được giao",
            "vốn đầu tư công được giải ngân",
            "dự toán chi thường xuyên",
        ],
        problems: &[
            "tiến độ giải ngân một số dự án còn chậm",
            "số liệu báo cáo chưa khớp đúng",
            "một số đơn vị chưa chủ động rà soát nhu cầu",
        ],
    },
    Field {
        subject: "tiêm phòng vắc xin cho đàn gia súc, gia cầm",
        report: "tình hình dịch bệnh trên đàn vật nuôi",
        objects: &[
            "đợt tiêm phòng vắc xin lở mồm long móng, tụ huyết trùng",
            "công tác tiêu độc, khử trùng chuồng trại",
            "việc vận chuyển, giết mổ gia súc, gia cầm trên địa bàn",
            "ổ dịch dịch tả lợn châu Phi mới phát sinh",
            "lượng vắc xin, hóa chất dự trữ",
            "danh sách hộ chăn nuôi chưa tiêm phòng",
        ],
        indicators: &[
            "tổng đàn được tiêm phòng",
            "hộ chăn nuôi được hướng dẫn",
            "ổ dịch được khống chế",
        ],
        problems: &[
            "người chăn nuôi còn chủ quan",
            "thú y cơ sở còn mỏng",
            "việc kiểm soát vận chuyển còn lỏng lẻo",
        ],
    },
    Field {
        subject: "bảo đảm trật tự an toàn giao thông dịp lễ, Tết",
        report: "tình hình trật tự an toàn giao thông",
        objects: &[
            "công tác tuần tra, kiểm soát, xử lý vi phạm nồng độ cồn",
            "các điểm đen, điểm tiềm ẩn tai nạn giao thông",
            "hoạt động vận tải hành khách bằng xe ô tô",
            "hệ thống biển báo, đèn tín hiệu trên các tuyến quốc lộ",
            "việc tuyên truyền luật giao thông trong trường học",
            "phương án phân luồng, chống ùn tắc tại các nút giao",
        ],
        indicators: &[
            "vụ tai nạn giao thông",
            "trường hợp vi phạm bị xử lý",
            "điểm đen được khắc phục",
        ],
        problems: &[
            "số vụ tai nạn liên quan đến rượu bia còn cao",
            "hạ tầng một số tuyến xuống cấp",
            "lực lượng tuần tra còn mỏng",
        ],
    },
    Field {
        subject: "nâng cao chất lượng dịch vụ công trực tuyến toàn trình",
        report: "kết quả cung cấp dịch vụ công trực tuyến",
        objects: &[
            "danh mục thủ tục hành chính đủ điều kiện cung cấp trực tuyến toàn trình",
            "việc tái sử dụng dữ liệu đã số hóa",
            "tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn",
            "việc thanh toán trực tuyến phí, lệ phí",
            "công tác hỗ trợ người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia",
            "mức độ hài lòng của người dân, doanh nghiệp",
        ],
        indicators: &[
            "hồ sơ được tiếp nhận trực tuyến",
            "hồ sơ giải quyết đúng hạn",
            "hồ sơ thanh toán trực tuyến",
        ],
        problems: &[
            "một số thủ tục còn yêu cầu bản giấy",
            "dữ liệu chưa được liên thông",
            "người dân còn ngại sử dụng dịch vụ trực tuyến",
        ],
    },
    Field {
        subject: "phòng cháy, chữa cháy rừng mùa khô",
        report: "công tác quản lý, bảo vệ rừng",
        objects: &[
            "phương án phòng cháy, chữa cháy rừng cấp xã",
            "các vùng rừng trọng điểm có nguy cơ cháy cao",
            "lực lượng xung kích bảo vệ rừng",
            "việc đốt thực bì, xử lý vật liệu cháy",
            "trang thiết bị, dụng cụ chữa cháy rừng",
            "công tác trực cháy trong những ngày nắng nóng cao điểm",
        ],
        indicators: &[
            "diện tích rừng được tuần tra",
            "vụ vi phạm lâm luật",
            "tổ đội bảo vệ rừng",
        ],
        problems: &[
            "thời tiết nắng nóng kéo dài",
            "kinh phí khoán bảo vệ rừng chậm",
            "địa hình chia cắt, khó tiếp cận",
        ],
    },
    Field {
        subject: "xây dựng nông thôn mới và đô thị văn minh",
        report: "kết quả xây dựng nông thôn mới",
        objects: &[
            "bộ tiêu chí xã nông thôn mới nâng cao, kiểu mẫu",
            "hồ sơ đề nghị xét công nhận xã đạt chuẩn",
            "các tiêu chí về thu nhập, hộ nghèo, môi trường",
            "nguồn vốn lồng ghép thực hiện chương trình mục tiêu quốc gia",
            "sản phẩm OCOP của địa phương",
            "công trình hạ tầng giao thông nông thôn",
        ],
        indicators: &[
            "tiêu chí đạt chuẩn",
            "sản phẩm OCOP được công nhận",
            "km đường giao thông nông thôn được cứng hóa",
        ],
        problems: &[
            "nguồn lực đầu tư còn hạn chế",
            "một số tiêu chí chưa bền vững",
            "sự tham gia của người dân chưa đồng đều",
        ],
    },
    Field {
        subject: "cải cách hành chính và kiểm soát thủ tục hành chính",
        report: "công tác cải cách hành chính",
        objects: &[
            "kế hoạch cải cách hành chính và chỉ số PAR INDEX",
            "thủ tục hành chính nội bộ cần đơn giản hóa",
            "việc niêm yết, công khai thủ tục hành chính",
            "hồ sơ trễ hạn và thư xin lỗi gửi người dân",
            "chỉ số hài lòng về sự phục vụ hành chính SIPAS",
            "kỷ luật, kỷ cương hành chính trong cơ quan",
        ],
        indicators: &[
            "thủ tục được đơn giản hóa",
            "hồ sơ trễ hạn",
            "cuộc kiểm tra công vụ",
        ],
        problems: &[
            "một số đơn vị còn để hồ sơ trễ hạn",
            "việc công khai chưa kịp thời",
            "nhân lực làm công tác cải cách còn kiêm nhiệm",
        ],
    },
    Field {
        subject: "rà soát, sắp xếp đơn vị sự nghiệp công lập",
        report: "tình hình sắp xếp tổ chức bộ máy",
        objects: &[
            "phương án sắp xếp, tổ chức lại các đơn vị sự nghiệp",
            "đề án vị trí việc làm và cơ cấu ngạch công chức",
            "danh sách cán bộ nghỉ hưu trước tuổi theo chính sách",
            "trụ sở làm việc, tài sản công dôi dư sau sắp xếp",
            "biên chế được giao và số người làm việc thực tế",
            "chế độ, chính sách cho người lao động dôi dư",
        ],
        indicators: &[
            "đơn vị được sắp xếp",
            "người hưởng chính sách",
            "trụ sở dôi dư được xử lý",
        ],
        problems: &[
            "việc bố trí trụ sở còn khó khăn",
            "hồ sơ chính sách chậm hoàn thiện",
            "tâm lý của một bộ phận cán bộ chưa ổn định",
        ],
    },
    Field {
        subject: "bảo vệ môi trường, thu gom và xử lý rác thải sinh hoạt",
        report: "công tác bảo vệ môi trường",
        objects: &[
            "hệ thống thu gom, vận chuyển rác thải sinh hoạt",
            "các bãi rác tạm gây ô nhiễm",
            "việc phân loại chất thải rắn tại nguồn",
            "cơ sở sản xuất có nguy cơ gây ô nhiễm",
            "hồ sơ cấp giấy phép môi trường",
            "phong trào chống rác thải nhựa",
        ],
        indicators: &[
            "tấn rác được thu gom mỗi ngày",
            "cơ sở được kiểm tra",
            "giấy phép môi trường được cấp",
        ],
        problems: &[
            "phương tiện thu gom còn thiếu",
            "một số bãi rác quá tải",
            "việc xử phạt chưa đủ sức răn đe",
        ],
    },
    Field {
        subject: "phòng, chống dịch sốt xuất huyết",
        report: "tình hình dịch sốt xuất huyết",
        objects: &[
            "chiến dịch diệt lăng quăng, bọ gậy",
            "việc giám sát ca bệnh tại cộng đồng",
            "cơ số thuốc, hóa chất, vật tư phòng dịch",
            "khu vực có ổ dịch cũ và nguy cơ bùng phát",
            "công tác phun hóa chất diệt muỗi",
            "việc thu dung, điều trị bệnh nhân",
        ],
        indicators: &[
            "ca mắc sốt xuất huyết",
            "ổ dịch được xử lý",
            "hộ gia đình được kiểm tra",
        ],
        problems: &[
            "thời tiết mưa nhiều thuận lợi cho muỗi phát triển",
            "người dân chưa chủ động vệ sinh môi trường",
            "nhân lực y tế cơ sở còn thiếu",
        ],
    },
    Field {
        subject: "tổ chức kỳ thi tốt nghiệp trung học phổ thông",
        report: "công tác chuẩn bị kỳ thi",
        objects: &[
            "cơ sở vật chất tại các điểm thi",
            "lực lượng làm nhiệm vụ coi thi, chấm thi",
            "phương án bảo mật đề thi, bài thi",
            "việc hỗ trợ thí sinh có hoàn cảnh khó khăn",
            "công tác bảo đảm an ninh, trật tự tại điểm thi",
            "nguồn điện, nước và y tế phục vụ kỳ thi",
        ],
        indicators: &[
            "thí sinh đăng ký dự thi",
            "điểm thi được kiểm tra",
            "cán bộ được tập huấn",
        ],
        problems: &[
            "một số điểm thi xa trung tâm",
            "thời tiết nắng nóng",
            "thiếu cán bộ coi thi ở một số địa phương",
        ],
    },
    Field {
        subject: "quản lý đất đai, xử lý lấn chiếm đất công",
        report: "công tác quản lý đất đai",
        objects: &[
            "các trường hợp lấn chiếm, sử dụng đất sai mục đích",
            "hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu",
            "bảng giá đất và hệ số điều chỉnh giá đất",
            "quỹ đất công do các xã quản lý",
            "cơ sở dữ liệu đất đai",
            "công tác bồi thường, giải phóng mặt bằng các dự án",
        ],
        indicators: &[
            "giấy chứng nhận được cấp",
            "trường hợp vi phạm được xử lý",
            "ha đất được giải phóng mặt bằng",
        ],
        problems: &[
            "hồ sơ địa chính chưa đầy đủ",
            "người dân chưa đồng thuận với phương án bồi thường",
            "việc xử lý vi phạm còn kéo dài",
        ],
    },
    Field {
        subject: "bảo đảm an ninh mạng, an toàn thông tin",
        report: "tình hình an toàn thông tin",
        objects: &[
            "hệ thống thông tin theo cấp độ",
            "các lỗ hổng bảo mật trên cổng thông tin điện tử",
            "phương án ứng cứu sự cố an toàn thông tin mạng",
            "phần mềm phòng, chống mã độc tại các máy trạm",
            "việc sao lưu dữ liệu định kỳ",
            "tài khoản thư điện tử công vụ",
        ],
        indicators: &[
            "hệ thống được phê duyệt cấp độ",
            "sự cố được xử lý",
            "máy trạm được cài phần mềm bảo vệ",
        ],
        problems: &[
            "thiếu nhân lực chuyên trách an toàn thông tin",
            "nhiều máy tính dùng hệ điều hành cũ",
            "người dùng còn mở tệp đính kèm lạ",
        ],
    },
    Field {
        subject: "thực hiện chính sách bảo hiểm xã hội, bảo hiểm y tế",
        report: "tình hình phát triển người tham gia bảo hiểm",
        objects: &[
            "chỉ tiêu phát triển người tham gia bảo hiểm xã hội tự nguyện",
            "tình trạng nợ đóng bảo hiểm xã hội của doanh nghiệp",
            "việc cấp thẻ bảo hiểm y tế cho học sinh, sinh viên",
            "danh sách hộ cận nghèo được hỗ trợ mua thẻ",
            "chi trả chế độ ốm đau, thai sản",
            "việc khám chữa bệnh bằng căn cước công dân gắn chíp",
        ],
        indicators: &[
            "người tham gia bảo hiểm y tế",
            "doanh nghiệp nợ đóng",
            "thẻ bảo hiểm được cấp",
        ],
        problems: &[
            "thu nhập của người dân còn thấp",
            "một số doanh nghiệp khó khăn",
            "công tác tuyên truyền chưa sâu rộng",
        ],
    },
    Field {
        subject: "phòng, chống rét cho cây trồng vụ Đông Xuân",
        report: "tình hình sản xuất vụ Đông Xuân",
        objects: &[
            "cơ cấu giống, lịch thời vụ gieo sạ",
            "nguồn nước tưới cho diện tích lúa",
            "sâu bệnh hại trên lúa và hoa màu",
            "mạ, cây giống dự phòng",
            "việc chuyển đổi đất lúa kém hiệu quả sang cây trồng khác",
            "vật tư nông nghiệp cung ứng cho nông dân",
        ],
        indicators: &[
            "ha lúa được gieo sạ",
            "ha bị sâu bệnh",
            "ha được chuyển đổi cây trồng",
        ],
        problems: &[
            "rét đậm kéo dài",
            "một số hồ chứa thiếu nước",
            "giá vật tư nông nghiệp tăng",
        ],
    },
    Field {
        subject: "kiểm soát giá cả, bình ổn thị trường hàng hóa thiết yếu",
        report: "tình hình thị trường, giá cả",
        objects: &[
            "nguồn cung hàng hóa thiết yếu dịp cuối năm",
            "hoạt động kinh doanh xăng dầu trên địa bàn",
            "việc niêm yết giá, bán đúng giá niêm yết",
            "hàng giả, hàng kém chất lượng, hàng nhập lậu",
            "chương trình đưa hàng Việt về nông thôn",
            "các chợ truyền thống xuống cấp",
        ],
        indicators: &[
            "cơ sở kinh doanh được kiểm tra",
            "vụ vi phạm bị xử lý",
            "tỷ đồng hàng bình ổn",
        ],
        problems: &[
            "giá một số mặt hàng biến động",
            "kinh doanh trên mạng khó kiểm soát",
            "lực lượng quản lý thị trường còn mỏng",
        ],
    },
    Field {
        subject: "phát triển du lịch và bảo tồn di tích",
        report: "kết quả hoạt động du lịch",
        objects: &[
            "các sản phẩm du lịch cộng đồng, du lịch biển đảo",
            "công tác bảo tồn, tu bổ di tích xếp hạng",
            "hoạt động lưu trú, lữ hành trên địa bàn",
            "việc quảng bá hình ảnh du lịch trên nền tảng số",
            "vệ sinh môi trường tại các điểm du lịch",
            "lễ hội truyền thống trong năm",
        ],
        indicators: &[
            "lượt khách du lịch",
            "di tích được tu bổ",
            "cơ sở lưu trú đạt chuẩn",
        ],
        problems: &[
            "hạ tầng du lịch chưa đồng bộ",
            "sản phẩm du lịch còn đơn điệu",
            "tình trạng chèo kéo khách vẫn còn",
        ],
    },
    Field {
        subject: "giải quyết việc làm, đào tạo nghề cho người lao động",
        report: "tình hình lao động, việc làm",
        objects: &[
            "nhu cầu tuyển dụng của doanh nghiệp trong khu công nghiệp",
            "các lớp đào tạo nghề cho lao động nông thôn",
            "người lao động đi làm việc ở nước ngoài theo hợp đồng",
            "hồ sơ hưởng trợ cấp thất nghiệp",
            "phiên giao dịch việc làm lưu động",
            "lao động mất việc do doanh nghiệp cắt giảm",
        ],
        indicators: &[
            "lao động được giải quyết việc làm",
            "lao động qua đào tạo",
            "phiên giao dịch việc làm",
        ],
        problems: &[
            "chất lượng lao động chưa đáp ứng yêu cầu",
            "doanh nghiệp thiếu đơn hàng",
            "thông tin thị trường lao động còn hạn chế",
        ],
    },
];

/// Verbs that open a task, with how the object follows.
const TASK_VERBS: &[&str] = &[
    "chủ trì, phối hợp với các cơ quan liên quan rà soát",
    "khẩn trương rà soát, tổng hợp",
    "xây dựng kế hoạch cụ thể triển khai",
    "tổ chức kiểm tra, đôn đốc việc thực hiện",
    "tham mưu Ủy ban nhân dân tỉnh ban hành văn bản chỉ đạo về",
    "chỉ đạo các đơn vị trực thuộc kiểm tra",
    "cập nhật đầy đủ số liệu về",
    "bố trí kinh phí, nhân lực bảo đảm",
    "tuyên truyền, phổ biến rộng rãi đến người dân về",
    "đánh giá kết quả, đề xuất giải pháp đối với",
    "hướng dẫn, hỗ trợ các địa phương thực hiện",
    "thống kê, lập danh sách",
    "phối hợp chặt chẽ với chính quyền cơ sở quản lý",
    "chủ động theo dõi, nắm chắc",
    "thẩm định, trình cấp có thẩm quyền phê duyệt",
    "tiếp tục chỉ đạo quyết liệt việc thực hiện",
    "nghiên cứu, đề xuất cơ chế, chính sách về",
    "rà soát, sửa đổi, bổ sung quy chế liên quan đến",
    "tập trung tháo gỡ khó khăn, vướng mắc về",
    "kiện toàn tổ công tác, phân công cán bộ theo dõi",
    "tổ chức hội nghị sơ kết, đánh giá",
    "lồng ghép các nguồn vốn để thực hiện",
    "kiểm tra đột xuất, chấn chỉnh",
    "công khai trên cổng thông tin điện tử",
    "đề xuất khen thưởng tập thể, cá nhân có thành tích trong",
];

const PURPOSES: &[&str] = &[
    "bảo đảm đúng quy định, hiệu quả, tránh hình thức",
    "kịp thời phát hiện, xử lý các tồn tại, hạn chế",
    "không để xảy ra tình trạng chậm trễ, đùn đẩy trách nhiệm",
    "phục vụ công tác chỉ đạo, điều hành của Ủy ban nhân dân tỉnh",
    "bảo đảm quyền lợi hợp pháp của người dân, doanh nghiệp",
    "gắn với trách nhiệm của người đứng đầu",
    "phù hợp với điều kiện thực tế của từng địa phương",
    "tạo chuyển biến rõ nét trong năm",
    "làm cơ sở đánh giá, xếp loại thi đua cuối năm",
    "tránh lãng phí, thất thoát",
    "hoàn thành chỉ tiêu Nghị quyết Hội đồng nhân dân tỉnh giao",
    "nâng cao chất lượng phục vụ người dân",
    "bảo đảm an toàn, tiết kiệm",
    "không để phát sinh điểm nóng",
    "đáp ứng yêu cầu quản lý nhà nước trong tình hình mới",
    "rút ngắn thời gian xử lý",
    "bảo đảm thống nhất từ tỉnh đến cơ sở",
    "huy động sức mạnh tổng hợp của cả hệ thống chính trị",
];

const SUB_ITEMS: &[&str] = &[
    "Phân công cụ thể cán bộ phụ trách, theo dõi từng nội dung",
    "Lập danh mục các việc cần làm, xác định rõ thời hạn và sản phẩm",
    "Tổng hợp khó khăn, vướng mắc vượt thẩm quyền, đề xuất hướng xử lý",
    "Công khai kết quả thực hiện trên trang thông tin điện tử của đơn vị",
    "Định kỳ rà soát tiến độ, kịp thời điều chỉnh phương án cho phù hợp",
    "Tăng cường ứng dụng công nghệ thông tin trong theo dõi, báo cáo",
    "Phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp vận động nhân dân tham gia",
    "Xử lý nghiêm các tập thể, cá nhân vi phạm theo quy định",
    "Bố trí đủ trang thiết bị, vật tư cần thiết",
    "Tổ chức sơ kết, rút kinh nghiệm sau từng đợt triển khai",
    "Gửi số liệu bằng văn bản và qua thư điện tử công vụ",
    "Chủ động xây dựng kịch bản xử lý các tình huống phát sinh",
    "Lập sổ theo dõi riêng, cập nhật hằng tuần",
    "Kiểm tra việc chấp hành tại cơ sở ít nhất một lần mỗi quý",
    "Đưa kết quả thực hiện vào tiêu chí đánh giá cán bộ cuối năm",
    "Báo cáo ngay khi có vụ việc phức tạp phát sinh",
    "Ưu tiên nguồn lực cho các xã miền núi, hải đảo",
    "Hướng dẫn người dân thực hiện qua ứng dụng VNeID",
    "Rà soát văn bản hướng dẫn đã ban hành, bãi bỏ nội dung không còn phù hợp",
    "Chuẩn bị đầy đủ hồ sơ, tài liệu phục vụ đoàn kiểm tra",
];

const CLOSINGS: &[&str] = &[
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu nghiêm túc triển khai thực hiện./.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời phản ánh để được hướng dẫn, giải quyết./.",
    "Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm về kết quả thực hiện nhiệm vụ được giao./.",
    "Đây là nhiệm vụ trọng tâm, đề nghị các đơn vị triển khai quyết liệt, đồng bộ, hiệu quả./.",
];

const CONTEXT_OPENINGS: &[&str] = &[
    "Thời gian qua, các cơ quan, đơn vị đã tích cực triển khai nhiệm vụ về",
    "Qua theo dõi, tổng hợp cho thấy công tác",
    "Theo báo cáo của các địa phương, việc triển khai",
    "Kết quả kiểm tra thực tế cho thấy nhiệm vụ về",
];

/// ISO calendar helpers (real month lengths).
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn plus_days(mut y: i32, mut m: u32, mut d: u32, days: u32) -> (i32, u32, u32) {
    d += days;
    while d > days_in_month(y, m) {
        d -= days_in_month(y, m);
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    (y, m, d)
}

/// ASCII, lowercase, words joined by '-': "Ba Tơ" → "ba-to".
fn slug(s: &str) -> String {
    let folded = crate::index::fold::fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn person(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(SURNAMES),
        rng.pick(MIDDLE),
        rng.pick(GIVEN)
    )
}

fn issuer(rng: &mut Rng) -> Issuer {
    let roll = rng.below(100);
    if roll < 30 {
        Issuer {
            line1: "ỦY BAN NHÂN DÂN".into(),
            line2: format!("TỈNH {}", PROVINCE.to_uppercase()),
            name: "Ủy ban nhân dân tỉnh".into(),
            speaker: "Chủ tịch Ủy ban nhân dân tỉnh".into(),
            code: "UBND".into(),
            depts: PROVINCE_DEPTS.to_vec(),
            place: PROVINCE.into(),
            sign: SIGN_UBND,
            slug: "ubnd".into(),
        }
    } else if roll < 70 {
        let (name, code, depts) = *rng.pick(DEPARTMENTS);
        Issuer {
            line1: format!("UBND TỈNH {}", PROVINCE.to_uppercase()),
            line2: name.to_uppercase(),
            name: name.into(),
            speaker: name.into(),
            code: code.into(),
            depts: depts.to_vec(),
            place: PROVINCE.into(),
            sign: if code == "TTr" { SIGN_TTR } else { SIGN_SO },
            slug: slug(code),
        }
    } else {
        let commune = *rng.pick(COMMUNES);
        let (unit, place) = commune.split_once(' ').unwrap_or(("xã", commune));
        Issuer {
            line1: "ỦY BAN NHÂN DÂN".into(),
            line2: commune.to_uppercase(),
            name: format!("Ủy ban nhân dân {commune}"),
            speaker: format!("Ủy ban nhân dân {unit}"),
            code: "UBND".into(),
            depts: vec!["VP", "KT", "VHXH"],
            place: place.into(),
            sign: SIGN_UBND,
            slug: format!("ubnd-{}", slug(commune)),
        }
    }
}

/// A body a letter goes to or gives a task to.
fn body(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => rng.pick(DEPARTMENTS).0.to_string(),
        4..=6 => format!("Ủy ban nhân dân {}", rng.pick(COMMUNES)),
        _ => rng.pick(OTHER_BODIES).to_string(),
    }
}

/// A cited document as the body cites it ("Kế hoạch số 02-KH/BCĐTW ngày
/// 19/6/2025 của Ban Chỉ đạo Trung ương về …"), dated before `before`.
fn citation(rng: &mut Rng, before: (i32, u32, u32)) -> String {
    if rng.chance(35) {
        let (kind, number, date, who, about) = *rng.pick(DIRECTIVES);
        return format!(
            "{kind} số {number} ngày {} của {who} về {about}",
            vn_date(date)
        );
    }
    let (y, m, _) = before;
    let (cy, cm) = if m > 1 {
        (y, m - 1 - rng.below(m as usize - 1) as u32)
    } else {
        (y - 1, 12)
    };
    let cd = 1 + rng.below(28) as u32;
    let n = 1 + rng.below(9000);
    let f = rng.pick(FIELDS);
    let (kind, number, who) = match rng.below(6) {
        0 => {
            let (name, code, depts) = *rng.pick(DEPARTMENTS);
            (
                "Công văn",
                format!("{n}/{code}-{}", rng.pick(depts)),
                name.to_string(),
            )
        }
        1 => (
            "Kế hoạch",
            format!("{n}/KH-UBND"),
            "Ủy ban nhân dân tỉnh".to_string(),
        ),
        2 => (
            "Quyết định",
            format!("{n}/QĐ-UBND"),
            "Ủy ban nhân dân tỉnh".to_string(),
        ),
        3 => (
            "Chỉ thị",
            format!("{}/CT-UBND", 1 + n % 40),
            "Chủ tịch Ủy ban nhân dân tỉnh".to_string(),
        ),
        4 => (
            "Thông báo",
            format!("{n}-TB/TU"),
            "Ban Thường vụ Tỉnh ủy".to_string(),
        ),
        _ => (
            "Công văn",
            format!("{n}/UBND-{}", rng.pick(PROVINCE_DEPTS)),
            "Ủy ban nhân dân tỉnh".to_string(),
        ),
    };
    format!(
        "{kind} số {number} ngày {cd}/{cm}/{cy} của {who} về {}",
        f.subject
    )
}

/// A deadline phrase `days` after the letter's date.
fn deadline(rng: &mut Rng, date: (i32, u32, u32)) -> String {
    let (y, m, d) = plus_days(date.0, date.1, date.2, 7 + rng.below(60) as u32);
    match rng.below(5) {
        0 => format!("hoàn thành trước ngày {d:02}/{m:02}/{y}"),
        1 => format!("báo cáo kết quả về Sở Nội vụ trước ngày {d}/{m}/{y} để tổng hợp"),
        2 => format!("thời gian hoàn thành trước ngày {d}/{m}/{y}"),
        3 => format!("gửi kết quả về cơ quan chủ trì chậm nhất ngày {d}/{m}/{y}"),
        _ => format!("hoàn thành trong tháng {m} năm {y}"),
    }
}

/// Figures for a context paragraph: "đến ngày …, toàn tỉnh có 1.234 hồ sơ …, đạt 87,5%".
fn figures(rng: &mut Rng, f: &Field, date: (i32, u32, u32)) -> String {
    let (y, m, _) = date;
    let mut s = String::new();
    let skip = rng.below(f.indicators.len() + 1);
    let shown = f.indicators.iter().enumerate().filter(|(k, _)| *k != skip);
    for (k, (_, ind)) in shown.enumerate() {
        let total = 20 + rng.below(5000);
        let done = total * (40 + rng.below(60)) / 100;
        let pct = done as f64 * 100.0 / total as f64;
        let pct = format!("{pct:.1}").replace('.', ",");
        if k == 0 {
            s.push_str(&format!(
                "{} {}/{y}, {} {done}/{total} {ind}, {} {pct}%",
                rng.pick(&[
                    "Tính đến cuối tháng",
                    "Lũy kế đến tháng",
                    "Trong tháng",
                    "Số liệu tháng"
                ]),
                if m > 1 { m - 1 } else { 12 },
                rng.pick(&["toàn tỉnh có", "đã có", "ghi nhận", "các đơn vị báo cáo"]),
                rng.pick(&["đạt", "bằng", "tương ứng", "chiếm"])
            ));
        } else {
            s.push_str(&format!("; {done} {ind} (đạt {pct}% kế hoạch)"));
        }
    }
    s.push_str(&format!(
        ". {}: {}.",
        rng.pick(&[
            "Tuy nhiên, còn tồn tại",
            "Hạn chế chủ yếu",
            "Khó khăn hiện nay",
            "Bên cạnh đó",
            "Nguyên nhân"
        ]),
        rng.pick(f.problems)
    ));
    s
}

/// Syllables of village, hamlet and project names ("thôn Phước Lộc").
const NAME_SYLLABLES: &[&str] = &[
    "Phước",
    "Lộc",
    "An",
    "Hòa",
    "Tân",
    "Thạnh",
    "Mỹ",
    "Long",
    "Bình",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Thượng",
    "Hạ",
    "Trung",
    "Phú",
    "Quý",
    "Xuân",
    "Thủy",
    "Sơn",
    "Hiệp",
    "Thành",
    "Lợi",
    "Hưng",
    "Khánh",
    "Vĩnh",
    "Thọ",
    "Nghĩa",
    "Đức",
    "Tịnh",
    "Hà",
    "Kỳ",
    "Châu",
    "Minh",
    "Linh",
    "Ngọc",
    "Kim",
    "Diên",
    "Hội",
    "Lạc",
    "Điền",
    "Phong",
    "Gò",
    "Vạn",
    "Thái",
    "Cửu",
    "Lương",
];

const PROJECT_KINDS: &[&str] = &[
    "nâng cấp, mở rộng tuyến đường",
    "xây dựng cầu",
    "kiên cố hóa kênh mương",
    "xây dựng trường mầm non",
    "sửa chữa hồ chứa nước",
    "xây dựng nhà văn hóa",
    "chỉnh trang khu dân cư",
    "kè chống sạt lở bờ sông",
    "cấp nước sinh hoạt tập trung",
    "xây dựng trạm y tế",
];

const OFFICER_TITLES: &[&str] = &[
    "Phó Giám đốc Sở",
    "Trưởng phòng",
    "Phó Chánh Văn phòng",
    "Phó Chủ tịch Ủy ban nhân dân",
    "Chuyên viên",
    "Phó Trưởng phòng",
];

fn village(rng: &mut Rng) -> String {
    let a = rng.pick(NAME_SYLLABLES);
    let b = rng.pick(NAME_SYLLABLES);
    match rng.below(4) {
        0 => format!("tổ dân phố {a} {b}"),
        1 => format!("thôn {}", 1 + rng.below(12)),
        _ => format!("thôn {a} {b}"),
    }
}

fn pct(done: usize, total: usize) -> String {
    format!("{:.1}", done as f64 * 100.0 / total.max(1) as f64).replace('.', ",")
}

/// The particulars that make a letter its own: figures by commune, villages,
/// projects with their money, the officers in charge.
fn particulars(rng: &mut Rng, f: &Field, date: (i32, u32, u32)) -> String {
    let mut s = String::new();
    let mut kinds = [0usize, 1, 2, 3];
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.below(i + 1));
    }
    for &kind in &kinds[..2 + rng.below(2)] {
        match kind {
            0 => {
                let ind = rng.pick(f.indicators);
                s.push_str(&format!("Kết quả về {ind} tại một số địa phương: "));
                let k = 5 + rng.below(6);
                for j in 0..k {
                    let total = 10 + rng.below(900);
                    let done = total * (20 + rng.below(80)) / 100;
                    s.push_str(&format!(
                        "{} {done}/{total} ({}%){}",
                        rng.pick(COMMUNES),
                        pct(done, total),
                        if j + 1 == k { ".\n" } else { "; " }
                    ));
                }
            }
            1 => {
                s.push_str(&format!(
                    "Qua kiểm tra, {} còn nhiều hạn chế tại ",
                    f.report
                ));
                let k = 3 + rng.below(5);
                for j in 0..k {
                    s.push_str(&format!(
                        "{} ({}){}",
                        village(rng),
                        rng.pick(COMMUNES),
                        if j + 1 == k { "" } else { ", " }
                    ));
                }
                s.push_str(&format!(
                    "; nguyên nhân chủ yếu do {}.\n",
                    rng.pick(f.problems)
                ));
            }
            2 => {
                let k = 2 + rng.below(3);
                s.push_str("Tiến độ một số dự án liên quan: ");
                for j in 0..k {
                    let total = 3 + rng.below(120);
                    let paid = total * rng.below(100) / 100;
                    s.push_str(&format!(
                        "dự án {} {} {}, {} (tổng mức đầu tư {total} tỷ đồng, đã giải ngân {paid},{} tỷ đồng){}",
                        rng.pick(PROJECT_KINDS),
                        rng.pick(NAME_SYLLABLES),
                        rng.pick(NAME_SYLLABLES),
                        rng.pick(COMMUNES),
                        rng.below(10),
                        if j + 1 == k { ".\n" } else { "; " }
                    ));
                }
            }
            _ => {
                let (y, m, d) = plus_days(date.0, date.1, date.2, 3 + rng.below(10) as u32);
                s.push_str(&format!(
                    "Giao đồng chí {}, {} trực tiếp theo dõi, đôn đốc; tổ chức họp rà soát vào {} giờ ngày {d}/{m}/{y} tại {}. Đầu mối liên hệ: {} {}, {}, điện thoại 0{}{:08}, thư điện tử {}{}@quangngai.gov.vn.\n",
                    person(rng),
                    rng.pick(OFFICER_TITLES),
                    7 + rng.below(9),
                    rng.pick(&["hội trường Ủy ban nhân dân tỉnh", "phòng họp số 2", "trụ sở cơ quan chủ trì", "điểm cầu trực tuyến các xã"]),
                    rng.pick(&["ông", "bà"]),
                    person(rng),
                    rng.pick(OFFICER_TITLES).to_lowercase(),
                    rng.pick(&[9, 3, 8, 7]),
                    rng.below(100_000_000),
                    slug(GIVEN[rng.below(GIVEN.len())]),
                    rng.below(1000)
                ));
            }
        }
    }
    s
}

/// The body of a letter: from the preamble to the closing line, and its subject.
struct Body {
    subject: String,
    text: String,
}

fn write_items(
    rng: &mut Rng,
    out: &mut String,
    f: &Field,
    assignees: &[String],
    date: (i32, u32, u32),
    deadlines: bool,
) {
    // Each object of the field at most once a letter, then others' objects;
    // often placed in a commune or a period.
    let mut objects: Vec<&str> = f.objects.to_vec();
    let mut next_object = |rng: &mut Rng| -> String {
        let o = if objects.is_empty() {
            let other = FIELDS[rng.below(FIELDS.len())].objects;
            *rng.pick(other)
        } else {
            objects.swap_remove(rng.below(objects.len()))
        };
        match rng.below(6) {
            0 => format!("{o} trên địa bàn {}", rng.pick(COMMUNES)),
            1 => format!("{o} của {}", rng.pick(AGENCIES).0),
            2 => format!(
                "{o} giai đoạn {}-{}",
                date.0,
                date.0 + 1 + rng.below(4) as i32
            ),
            3 => format!("{o} tại {}", village(rng)),
            _ => o.to_string(),
        }
    };
    for (k, who) in assignees.iter().enumerate() {
        let object = next_object(rng);
        let verb = rng.pick(TASK_VERBS);
        let purpose = rng.pick(PURPOSES);
        if rng.chance(40) {
            out.push_str(&format!("{}. {who}:\n", k + 1));
            for _ in 0..2 + rng.below(3) {
                let verb = rng.pick(TASK_VERBS);
                let object = next_object(rng);
                let mut v = verb.to_string();
                if let Some(c) = v.get(..1) {
                    v = c.to_uppercase() + &v[1..];
                }
                out.push_str(&format!("- {v} {object}, {}.\n", rng.pick(PURPOSES)));
            }
            if deadlines {
                let mut dl = deadline(rng, date);
                dl = dl[..1].to_uppercase() + &dl[1..];
                out.push_str(&format!("- Thời hạn: {dl}.\n"));
            }
        } else {
            let due = if deadlines {
                format!("; {}", deadline(rng, date))
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{}. {who} {verb} {object}, {purpose}{due}.\n",
                k + 1
            ));
            for _ in 0..rng.below(3) {
                out.push_str(&format!("- {}.\n", rng.pick(SUB_ITEMS)));
            }
        }
    }
}

/// A letter body of a distinct letter.
fn distinct_body(
    rng: &mut Rng,
    who: &Issuer,
    recipients: &[String],
    date: (i32, u32, u32),
) -> Body {
    let f = rng.pick(FIELDS);
    let subject = match rng.below(4) {
        0 => format!("V/v {}", f.subject),
        1 => format!("V/v tăng cường {}", f.objects[rng.below(f.objects.len())]),
        2 => format!("V/v triển khai các nhiệm vụ về {}", f.subject),
        _ => format!("V/v đôn đốc thực hiện {} năm {}", f.subject, date.0),
    };
    let mut t = String::new();
    let cites: Vec<String> = (0..1 + rng.below(3)).map(|_| citation(rng, date)).collect();
    t.push_str(&format!("Thực hiện {}. ", cites.join("; ")));
    if rng.chance(70) {
        t.push_str(&format!(
            "{} {} {}. ",
            rng.pick(CONTEXT_OPENINGS),
            f.report,
            rng.pick(&[
                "đã đạt được một số kết quả nhất định",
                "có chuyển biến tích cực",
                "còn chậm so với yêu cầu",
                "chưa đồng đều giữa các địa phương",
            ])
        ));
        t.push_str(&figures(rng, f, date));
        t.push('\n');
    }
    t.push_str(&particulars(rng, f, date));
    let ask = rng.pick(&[
        "yêu cầu các cơ quan, đơn vị, địa phương thực hiện một số nội dung sau",
        "chỉ đạo như sau",
        "đề nghị các đơn vị triển khai các nhiệm vụ sau",
        "giao nhiệm vụ cụ thể",
        "yêu cầu",
    ]);
    t.push_str(&match rng.below(3) {
        0 => format!("Để {}, {} {ask}:\n", rng.pick(PURPOSES), who.speaker),
        1 => format!("{} {ask}:\n", who.speaker),
        _ => format!(
            "Nhằm {} trong thời gian tới, {} {ask}:\n",
            rng.pick(PURPOSES),
            who.speaker
        ),
    });
    let mut assignees: Vec<String> = recipients.to_vec();
    for _ in 0..rng.below(3) {
        let b = body(rng);
        if !assignees.contains(&b) {
            assignees.push(b);
        }
    }
    write_items(rng, &mut t, f, &assignees, date, true);
    t.push_str(CLOSINGS[rng.below(CLOSINGS.len())]);
    t.push('\n');
    Body { subject, text: t }
}

/// The letter around a body: header, Kính gửi, body, Nơi nhận, signature.
#[allow(clippy::too_many_arguments)]
fn letter_text(
    who: &Issuer,
    number: &str,
    date: (i32, u32, u32),
    urgent: Option<&str>,
    subject: &str,
    recipients: &[String],
    body: &str,
    cc: &[String],
    signer: &str,
    sign: &str,
) -> String {
    let (y, m, d) = date;
    let mut t = String::new();
    t.push_str(&format!(
        "{} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
        who.line1
    ));
    t.push_str(&format!("{} Độc lập - Tự do - Hạnh phúc\n", who.line2));
    t.push_str(&format!(
        "Số: {number} {}, ngày {d:02} tháng {m:02} năm {y}\n",
        who.place
    ));
    t.push_str(subject);
    t.push('\n');
    if let Some(u) = urgent {
        t.push_str(u);
        t.push('\n');
    }
    t.push('\n');
    if recipients.len() == 1 {
        t.push_str(&format!("Kính gửi: {}.\n\n", recipients[0]));
    } else {
        t.push_str("Kính gửi:\n");
        for (k, r) in recipients.iter().enumerate() {
            let end = if k + 1 == recipients.len() { "." } else { ";" };
            t.push_str(&format!("- {r}{end}\n"));
        }
        t.push('\n');
    }
    t.push_str(body);
    t.push_str("\nNơi nhận:\n- Như trên;\n");
    for c in cc {
        t.push_str(&format!("- {c};\n"));
    }
    t.push_str(&format!(
        "- Lưu: VT, {}.\n",
        number.rsplit('-').next().unwrap_or("VP")
    ));
    t.push_str(sign);
    t.push('\n');
    t.push_str(signer);
    t.push('\n');
    t
}

/// Numbers in order per issuer and year, so no two letters of one issuer share
/// a number in a year.
#[derive(Default)]
struct Numbers(std::collections::HashMap<(String, i32), usize>);

impl Numbers {
    fn next(&mut self, rng: &mut Rng, who: &Issuer, year: i32) -> usize {
        let start = 1 + rng.below(300);
        let c = self.0.entry((who.slug.clone(), year)).or_insert(start);
        *c += 1 + rng.below(6);
        *c
    }
}

/// The generator's state: numbering, names taken.
pub struct FileGen {
    rng: Rng,
    numbers: Numbers,
    names: std::collections::HashSet<String>,
}

fn random_date(rng: &mut Rng) -> (i32, u32, u32) {
    let y = 2024 + rng.below(2) as i32;
    let m = 1 + rng.below(12) as u32;
    (y, m, 1 + rng.below(days_in_month(y, m) as usize) as u32)
}

fn cc_list(rng: &mut Rng) -> Vec<String> {
    let pool = [
        "Thường trực Tỉnh ủy (b/c)",
        "Thường trực HĐND tỉnh (b/c)",
        "Chủ tịch, các PCT UBND tỉnh",
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ (theo dõi)",
        "Cổng Thông tin điện tử tỉnh",
        "Ủy ban MTTQ Việt Nam tỉnh",
    ];
    let mut out = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let c = rng.pick(&pool).to_string();
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

impl FileGen {
    pub fn new(seed: u64) -> Self {
        FileGen {
            rng: Rng::new(seed ^ 0x6C65_7474_6572_7321),
            numbers: Numbers::default(),
            names: Default::default(),
        }
    }

    fn number(&mut self, who: &Issuer, year: i32) -> (usize, String) {
        let n = self.numbers.next(&mut self.rng, who, year);
        let dept = *self.rng.pick(&who.depts);
        (n, format!("{n}/{}-{dept}", who.code))
    }

    fn name(
        &mut self,
        who: &Issuer,
        number: &str,
        n: usize,
        date: (i32, u32, u32),
        suffix: &str,
    ) -> String {
        let dept = slug(number.rsplit('-').next().unwrap_or(""));
        let base = format!(
            "{}/{:02}/{n:04}-{}-{dept}{suffix}",
            date.0, date.1, who.slug
        );
        let mut name = format!("{base}.txt");
        let mut k = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}-{k}.txt");
            k += 1;
        }
        name
    }

    fn recipients(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        if self.rng.chance(25) {
            out.push(self.rng.pick(GROUPS).to_string());
        }
        for _ in 0..1 + self.rng.below(3) {
            let b = body(&mut self.rng);
            if !out.contains(&b) {
                out.push(b);
            }
        }
        out
    }

    /// A letter of its own.
    pub fn distinct(&mut self) -> SynthFile {
        let rng = &mut self.rng;
        let who = issuer(rng);
        let date = random_date(rng);
        let (n, number) = self.number(&who, date.0);
        let recipients = self.recipients();
        let rng = &mut self.rng;
        let body = distinct_body(rng, &who, &recipients, date);
        let urgent = match rng.below(20) {
            0 => Some("KHẨN"),
            1 => Some("HỎA TỐC"),
            _ => None,
        };
        let cc = cc_list(rng);
        let signer = person(rng);
        let sign = *rng.pick(who.sign);
        let text = letter_text(
            &who,
            &number,
            date,
            urgent,
            &body.subject,
            &recipients,
            &body.text,
            &cc,
            &signer,
            sign,
        );
        SynthFile {
            name: self.name(&who, &number, n, date, ""),
            text,
            kind: SynthKind::Distinct,
        }
    }

    /// `months` letters of one monthly template, consecutive months.
    pub fn monthly(&mut self, family: usize, months: usize) -> Vec<SynthFile> {
        let rng = &mut self.rng;
        let who = issuer(rng);
        let f = rng.pick(FIELDS);
        let recipients = {
            let mut r = vec![rng.pick(GROUPS).to_string()];
            if rng.chance(50) {
                r.push(body(rng));
            }
            r
        };
        let day = 1 + rng.below(10) as u32;
        let due_day = 18 + rng.below(8);
        let start = (2024, 1 + rng.below(12) as u32);
        let cite = citation(rng, (start.0, start.1, 1));
        let cc = cc_list(rng);
        let signer = person(rng);
        let sign = *rng.pick(who.sign);
        // The template: ⟨M⟩/⟨Y⟩ the month reported on, ⟨N⟩ the next month.
        let mut items = String::new();
        let mut assignees = recipients.clone();
        assignees.push(rng.pick(DEPARTMENTS).0.to_string());
        for (k, a) in assignees.iter().enumerate() {
            let object = rng.pick(f.objects);
            items.push_str(&format!(
                "{}. {a} {} {object} trong tháng ⟨M⟩/⟨Y⟩, {}; gửi báo cáo về {} trước ngày {due_day}/⟨M⟩/⟨Y⟩.\n",
                k + 1,
                rng.pick(TASK_VERBS),
                rng.pick(PURPOSES),
                who.name
            ));
            for _ in 0..1 + rng.below(2) {
                items.push_str(&format!("- {}.\n", rng.pick(SUB_ITEMS)));
            }
        }
        let template = format!(
            "Thực hiện {cite}; để kịp thời tổng hợp, báo cáo {} tháng ⟨M⟩ năm ⟨Y⟩ và xây dựng kế hoạch tháng ⟨N⟩, {} đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:\n{items}\
             Nội dung báo cáo tháng ⟨M⟩/⟨Y⟩ cần nêu rõ kết quả đạt được, tồn tại, hạn chế, nguyên nhân và đề xuất nhiệm vụ trọng tâm tháng ⟨N⟩; số liệu tính từ ngày 01/⟨M⟩/⟨Y⟩ đến hết tháng ⟨M⟩; lưu ý làm rõ nguyên nhân {}.\n{}\n",
            f.report,
            who.speaker,
            rng.pick(f.problems),
            CLOSINGS[rng.below(CLOSINGS.len())]
        );
        let mut out = Vec::new();
        for k in 0..months {
            let mi = start.1 as usize - 1 + k;
            let (y, m) = (start.0 + (mi / 12) as i32, (mi % 12) as u32 + 1);
            let next = if m == 12 { 1 } else { m + 1 };
            let fill = |s: &str| {
                s.replace("⟨M⟩", &m.to_string())
                    .replace("⟨Y⟩", &y.to_string())
                    .replace("⟨N⟩", &next.to_string())
            };
            let date = (y, m, day.min(days_in_month(y, m)));
            let (n, number) = self.number(&who, y);
            let subject = format!("V/v báo cáo {} tháng {m}/{y}", f.report);
            let text = letter_text(
                &who,
                &number,
                date,
                None,
                &subject,
                &recipients,
                &fill(&template),
                &cc,
                &signer,
                sign,
            );
            out.push(SynthFile {
                name: self.name(&who, &number, n, date, ""),
                text,
                kind: SynthKind::MonthlyTemplate { family },
            });
        }
        out
    }

    /// `count` letters with one body, each to its own recipient.
    pub fn same_text(&mut self, family: usize, count: usize) -> Vec<SynthFile> {
        let rng = &mut self.rng;
        let who = issuer(rng);
        let date = random_date(rng);
        let f = rng.pick(FIELDS);
        let cc = cc_list(rng);
        let signer = person(rng);
        let sign = *rng.pick(who.sign);
        let cites: Vec<String> = (0..1 + rng.below(2)).map(|_| citation(rng, date)).collect();
        let mut t = format!(
            "Thực hiện {}. {} {} đã đạt được một số kết quả nhất định. {}\n\
             Để {}, {} đề nghị Quý cơ quan quan tâm, chỉ đạo thực hiện một số nội dung sau:\n",
            cites.join("; "),
            rng.pick(CONTEXT_OPENINGS),
            f.report,
            figures(rng, f, date) + "\n" + &particulars(rng, f, date),
            rng.pick(PURPOSES),
            who.speaker
        );
        let generic = [
            "Văn phòng Ủy ban nhân dân xã".to_string(),
            "Phòng Kinh tế".to_string(),
            "Phòng Văn hóa - Xã hội".to_string(),
        ];
        let k = 2 + rng.below(2);
        write_items(rng, &mut t, f, &generic[..k], date, true);
        t.push_str(CLOSINGS[rng.below(CLOSINGS.len())]);
        t.push('\n');
        let subject = format!("V/v phối hợp về {}", f.subject);
        let mut taken: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        while out.len() < count {
            let commune = *self.rng.pick(COMMUNES);
            if taken.contains(&commune) {
                continue;
            }
            taken.push(commune);
            let recipient = vec![format!("Ủy ban nhân dân {commune}")];
            let (n, number) = self.number(&who, date.0);
            let text = letter_text(
                &who, &number, date, None, &subject, &recipient, &t, &cc, &signer, sign,
            );
            out.push(SynthFile {
                name: self.name(&who, &number, n, date, ""),
                text,
                kind: SynthKind::SameTextOtherRecipient { family },
            });
        }
        out
    }

    /// A scan-like copy of `orig` (at index `of`).
    pub fn copy(&mut self, orig: &SynthFile, of: usize) -> SynthFile {
        let stem = orig.name.trim_end_matches(".txt");
        let base = format!("{stem}-ban-scan");
        let mut name = format!("{base}.txt");
        let mut k = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}-{k}.txt");
            k += 1;
        }
        SynthFile {
            name,
            text: scan_like(&mut self.rng, &orig.text),
            kind: SynthKind::Copy { of },
        }
    }
}

/// Drop every diacritic of a word, keeping case ("Tơ" → "To", "Đức" → "Duc").
fn strip_marks(w: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    w.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

/// One OCR confusion in a word, as scans of letters show them.
fn ocr_confuse(rng: &mut Rng, w: &str) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("m", "rn"),
        ("ô", "6"),
        ("ơ", "o"),
        ("ư", "u"),
        ("ế", "é"),
        ("ệ", "é"),
        ("ạ", "a"),
        ("i", "l"),
        ("h", "b"),
        ("c", "e"),
        ("ố", "ó"),
        ("ủ", "u"),
        ("đ", "d"),
        ("n", "ri"),
    ];
    let start = rng.below(SWAPS.len());
    for k in 0..SWAPS.len() {
        let (from, to) = SWAPS[(start + k) % SWAPS.len()];
        if let Some(p) = w.find(from) {
            return format!("{}{to}{}", &w[..p], &w[p + from.len()..]);
        }
    }
    w.to_string()
}

/// A scan-like copy of a letter: lines re-wrapped at another width, a share of
/// the words without diacritics, a few OCR confusions, a page-edge speck. The
/// letter's number and date keep their digits (the identity a scan still shows).
pub fn scan_like(rng: &mut Rng, text: &str) -> String {
    let strip_pct = 10 + rng.below(30) as u64;
    let width = 60 + rng.below(25);
    let mut out = String::new();
    for (li, line) in text.lines().enumerate() {
        let header = li < 3 || line.starts_with("Số:");
        let mut col = 0;
        for (wi, w) in line.split(' ').enumerate() {
            let mut word = w.to_string();
            let has_digit = w.chars().any(|c| c.is_ascii_digit());
            if !has_digit && !header {
                if rng.chance(strip_pct) {
                    word = strip_marks(&word);
                }
                if rng.chance(3) {
                    word = ocr_confuse(rng, &word);
                }
            }
            let len = word.chars().count();
            if wi > 0 {
                if col + 1 + len > width && !header {
                    out.push('\n');
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(&word);
            col += len;
        }
        out.push('\n');
    }
    out
}

/// The benchmark corpus of `n` letter files: about 85% distinct letters, 8%
/// monthly template letters, 4% one text to several recipients, 3% copies.
/// Deterministic by seed; names unique.
pub fn letter_files(n: usize, seed: u64) -> Vec<SynthFile> {
    letter_files_and_extra(n, 0, seed).0
}

/// `n` letter files as [`letter_files`] gives them, and `extra` more distinct
/// letters numbered after them (new letters arriving later).
pub fn letter_files_and_extra(
    n: usize,
    extra: usize,
    seed: u64,
) -> (Vec<SynthFile>, Vec<SynthFile>) {
    let mut g = FileGen::new(seed);
    let copies = n * 3 / 100;
    let monthly = n * 8 / 100;
    let same = n * 4 / 100;
    let distinct = n - copies - monthly - same;
    // Units in a shuffled order: 0 distinct, 1 a monthly family, 2 a same-text family.
    let mut units: Vec<(u8, usize)> = Vec::new();
    units.extend(std::iter::repeat_n((0u8, 1usize), distinct));
    let mut left = monthly;
    while left > 0 {
        let k = (6 + g.rng.below(7)).min(left);
        units.push((1, k));
        left -= k;
    }
    let mut left = same;
    while left > 0 {
        let k = (2 + g.rng.below(4)).min(left);
        units.push((2, k));
        left -= k;
    }
    for i in (1..units.len()).rev() {
        let j = g.rng.below(i + 1);
        units.swap(i, j);
    }
    let mut files: Vec<SynthFile> = Vec::with_capacity(n);
    let mut family = 0;
    for (what, k) in units {
        match what {
            0 => files.push(g.distinct()),
            1 => {
                files.extend(g.monthly(family, k));
                family += 1;
            }
            _ => {
                files.extend(g.same_text(family, k));
                family += 1;
            }
        }
    }
    // Copies of distinct letters, each original copied once.
    let originals: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].kind == SynthKind::Distinct)
        .collect();
    let mut chosen = std::collections::BTreeSet::new();
    while chosen.len() < copies.min(originals.len()) {
        chosen.insert(originals[g.rng.below(originals.len())]);
    }
    for of in chosen {
        let orig = files[of].clone();
        files.push(g.copy(&orig, of));
    }
    let extra = (0..extra).map(|_| g.distinct()).collect();
    (files, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_varied() {
        assert_eq!(letter(7, 3), letter(7, 3));
        let a: Vec<_> = letters(7, 200).collect();
        let numbers: std::collections::HashSet<_> =
            a.iter().map(|l| l.document.number.clone()).collect();
        assert!(numbers.len() > 150);
        let cites_02 = a
            .iter()
            .filter(|l| l.references.iter().any(|r| r.number == "02-KH/BCĐTW"))
            .count();
        assert!(cites_02 > 3 && cites_02 < 60, "{cites_02}");
        for l in &a {
            assert!(l.text.contains(l.document.number.as_deref().unwrap_or("?")));
            assert!(!l.tasks.is_empty() && l.tasks[0].deadline.due.is_some());
        }
    }

    fn words(t: &str) -> std::collections::HashSet<String> {
        let f = crate::index::fold::fold(t);
        crate::index::fold::words(&f)
            .map(|(_, w)| w.to_string())
            .collect()
    }

    #[test]
    fn letter_files_deterministic_with_unique_names_and_the_mix() {
        let a = letter_files(1000, 5);
        assert_eq!(a, letter_files(1000, 5));
        assert_ne!(a[0].text, letter_files(1000, 6)[0].text);
        assert_eq!(a.len(), 1000);
        let names: std::collections::HashSet<_> = a.iter().map(|f| &f.name).collect();
        assert_eq!(names.len(), a.len());
        let count = |p: fn(&SynthKind) -> bool| a.iter().filter(|f| p(&f.kind)).count();
        assert_eq!(count(|k| matches!(k, SynthKind::Copy { .. })), 30);
        assert_eq!(
            count(|k| matches!(k, SynthKind::MonthlyTemplate { .. })),
            80
        );
        assert_eq!(
            count(|k| matches!(k, SynthKind::SameTextOtherRecipient { .. })),
            40
        );
        let bytes: usize = a.iter().map(|f| f.text.len()).sum();
        assert!(
            (3000..5500).contains(&(bytes / a.len())),
            "{} bytes a letter",
            bytes / a.len()
        );
        let (main, extra) = letter_files_and_extra(1000, 10, 5);
        assert_eq!(main, a);
        assert_eq!(extra.len(), 10);
        assert!(extra
            .iter()
            .all(|f| !names.contains(&f.name) && f.kind == SynthKind::Distinct));
    }

    /// "Số: N/…" and "ngày D tháng M năm Y" of a letter text.
    fn identity(t: &str) -> (String, String) {
        let line = t.lines().find(|l| l.starts_with("Số:")).unwrap();
        let number = line.split_whitespace().nth(1).unwrap().to_string();
        let date = line.split_once(", ngày ").unwrap().1.to_string();
        (number, date)
    }

    #[test]
    fn template_and_same_text_members_differ_in_number() {
        let a = letter_files(2000, 9);
        let mut monthly: std::collections::HashMap<usize, Vec<&SynthFile>> = Default::default();
        let mut same: std::collections::HashMap<usize, Vec<&SynthFile>> = Default::default();
        for f in &a {
            match f.kind {
                SynthKind::MonthlyTemplate { family } => monthly.entry(family).or_default().push(f),
                SynthKind::SameTextOtherRecipient { family } => {
                    same.entry(family).or_default().push(f)
                }
                _ => {}
            }
        }
        assert!(monthly.len() >= 10 && same.len() >= 10);
        for fam in monthly.values() {
            let ids: std::collections::HashSet<(String, String)> =
                fam.iter().map(|f| identity(&f.text)).collect();
            let numbers: std::collections::HashSet<_> = ids.iter().map(|i| &i.0).collect();
            let dates: std::collections::HashSet<_> = ids.iter().map(|i| &i.1).collect();
            assert_eq!(numbers.len(), fam.len());
            assert_eq!(dates.len(), fam.len());
            // The same body: every member shares nearly all its words.
            let w0 = words(&fam[0].text);
            let w1 = words(&fam[1].text);
            assert!(w0.intersection(&w1).count() * 10 >= w0.len() * 9);
        }
        for fam in same.values() {
            let numbers: std::collections::HashSet<_> =
                fam.iter().map(|f| identity(&f.text).0).collect();
            assert_eq!(numbers.len(), fam.len());
            let to: std::collections::HashSet<_> = fam
                .iter()
                .map(|f| f.text.lines().find(|l| l.starts_with("Kính gửi")).unwrap())
                .collect();
            assert_eq!(to.len(), fam.len());
        }
    }

    #[test]
    fn copies_share_most_words_and_the_identity() {
        let a = letter_files(1000, 3);
        let mut n = 0;
        for f in &a {
            let SynthKind::Copy { of } = f.kind else {
                continue;
            };
            n += 1;
            let orig = &a[of];
            assert_eq!(orig.kind, SynthKind::Distinct);
            assert_ne!(f.text, orig.text);
            assert_eq!(identity(&f.text), identity(&orig.text));
            let (wc, wo) = (words(&f.text), words(&orig.text));
            let shared = wc.intersection(&wo).count();
            assert!(shared * 100 >= wo.len() * 85, "{shared} of {}", wo.len());
        }
        assert_eq!(n, 30);
    }
}
