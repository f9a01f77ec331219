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
    let (y, m, d) = (
        2024 + rng.below(3) as i32,
        1 + rng.below(12) as u32,
        1 + rng.below(28) as u32,
    );
    let issued = format!("{y:04}-{m:02}-{d:02}");
    let topic = *rng.pick(TOPICS);
    let subject = format!("V/v {topic}");
    let refs: Vec<Reference> = (0..1 + rng.below(3)).map(|_| directive(&mut rng)).collect();

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
    let signer = rng.pick(SIGNERS).to_string();

    // The text, as a letter lays it out.
    let mut t = String::new();
    t.push_str(&format!(
        "{}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
        issuer.to_uppercase()
    ));
    t.push_str(&format!(
        "Số: {number}\nQuảng Ngãi, ngày {d:02} tháng {m:02} năm {y}\n"
    ));
    if kind != "Công văn" {
        t.push_str(&format!("{}\n", kind.to_uppercase()));
    }
    t.push_str(&format!("{subject}\n\nKính gửi:\n"));
    for r in &recipients {
        t.push_str(&format!("- {r};\n"));
    }
    t.push('\n');
    let cites: Vec<String> = refs
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
    for (k, task) in tasks.iter().enumerate() {
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
        "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\n{signer}\n"
    ));

    LetterRecord {
        file: format!("synth/{i:06}.txt"),
        document: Document {
            kind: Some(kind.into()),
            number: Some(number),
            issued: Some(issued),
            place: Some("Quảng Ngãi".into()),
            issuer: Some(issuer),
            subject: Some(subject),
            recipients,
            signer: Some(Signer {
                name: Some(signer),
                title: Some("Chủ tịch".into()),
            }),
            draft: false,
            noi_nhan: vec!["Như trên".into(), "Lưu: VT".into()],
        },
        references: refs,
        tasks,
        content_hash: format!("synth-{seed}-{i}"),
        text: t,
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
}
