//! Parse stage: the structure of one letter.
//!
//! Splits normalized, repaired text into the zones of a Vietnamese administrative
//! letter (Nghị định 30/2020/NĐ-CP layout):
//! - header ([`header`]): agency lines, Số (number), place and date, the kind's
//!   title line (KẾ HOẠCH, QUYẾT ĐỊNH…), V/v or subject lines, Dự thảo;
//! - Kính gửi list (recipients);
//! - body ([`items`]): a tree of items — Điều 1/2, Roman I./II., 1./2., 1.1.,
//!   a)/b), (1)/(2), -, +, · — with unnumbered paragraphs as leaves;
//! - Nơi nhận (noi_nhan = distribution list) and the signer block ([`signer`]).
//!
//! Purely structural: no rule files; what the pieces mean is the extract stage's job.

pub mod appendix;
pub mod header;
pub mod items;
pub mod signer;

use crate::normalize::{Normalized, Note};
use crate::rules::fold::fold;
use serde::{Deserialize, Serialize};

pub use header::Header;
pub use items::{Marker, Node};
pub use signer::SignerBlock;

/// One letter split into its zones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParsedLetter {
    /// The non-empty text lines, in order.
    pub lines: Vec<String>,
    pub header: Header,
    /// Kính gửi: the bodies addressed, markers and final punctuation removed.
    pub recipients: Vec<String>,
    /// The body as a tree of items.
    pub body: Vec<Node>,
    /// Nơi nhận lines, markers removed.
    pub noi_nhan: Vec<String>,
    pub signer: SignerBlock,
    /// Footnotes lifted out by normalize.
    pub notes: Vec<Note>,
    /// Appendices after the body ("PHỤ LỤC", task tables), see [`appendix`].
    #[serde(default)]
    pub appendices: Vec<appendix::Appendix>,
}

/// Does the line start with a label (folded comparison), e.g. "kinh gui"?
pub(crate) fn starts_folded(line: &str, label: &str) -> bool {
    crate::rules::fold::starts_with_folded(line.trim_start(), label)
}

/// The text after the first ':' of a line, trimmed.
pub(crate) fn after_colon(line: &str) -> &str {
    line.split_once(':').map_or("", |(_, r)| r).trim()
}

/// A list entry with its marker and final punctuation removed.
pub(crate) fn strip_entry(line: &str) -> String {
    let l = line.trim();
    let l = l.trim_start_matches(['-', '+', '·', '•', '*', '–', '▪', '●', ' ']);
    l.trim_end_matches([';', '.', ',', ' ']).trim().to_string()
}

fn is_list_line(line: &str) -> bool {
    line.trim_start()
        .starts_with(['-', '+', '·', '•', '*', '–', '▪', '●'])
}

/// Parse one normalized letter.
pub fn parse(n: &Normalized) -> ParsedLetter {
    let lines: Vec<String> = n
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let marks = Landmarks::find(&lines);
    let (header_start, header_end) = header_lines(&lines, marks.kinh_gui);
    let header = header::parse_header(&lines[header_start..header_end]);
    let (recipients, body_start) = match marks.kinh_gui {
        Some(k) => read_recipients(&lines, k),
        None => (Vec::new(), header_end),
    };
    // Where the body may end: Nơi nhận, the signer block, a trailing
    // signature, the "./." closing the body.
    let ends = [
        marks.noi_nhan,
        marks.signer,
        trailing_signer(&lines, &marks),
        closed_at(&lines, body_start),
    ];
    let (body_end, appendix_at) = body_end(&lines, body_start, ends);
    let body_lines: Vec<&str> = lines[body_start.min(body_end)..body_end]
        .iter()
        .map(String::as_str)
        .collect();
    let body = items::build_tree(&body_lines);
    let noi_nhan = match marks.noi_nhan {
        Some(nn) => read_noi_nhan(&lines, nn, appendix_at),
        None => Vec::new(),
    };
    let tail_from = ends
        .into_iter()
        .flatten()
        .filter(|&i| i >= body_start)
        .min()
        .unwrap_or(lines.len());
    let signer = signer::parse_signer(&lines[tail_from..]);

    ParsedLetter {
        lines,
        header,
        recipients,
        body,
        noi_nhan,
        signer,
        notes: n.notes.clone(),
        appendices: appendix_at.map_or_else(Vec::new, |i| appendix::read(&n.text, i)),
    }
}

/// The lines where a letter's zones open.
struct Landmarks {
    /// Kính gửi (or a công điện's addressing line), when before the end.
    kinh_gui: Option<usize>,
    /// Nơi nhận (noi_nhan, the distribution list).
    noi_nhan: Option<usize>,
    /// The signer's authority line (KT./TM. …).
    signer: Option<usize>,
}

impl Landmarks {
    /// Finds Kính gửi, Nơi nhận and the signer's authority line.
    fn find(lines: &[String]) -> Landmarks {
        // Kính gửi, or the addressing line of a công điện ("… điện:").
        let kinh_gui = lines.iter().position(|l| {
            starts_folded(l, "kinh gui") || {
                let f = fold(l.trim_end());
                f.ends_with(" dien:") && l.chars().count() <= 120
            }
        });
        let noi_nhan = lines
            .iter()
            .position(|l| starts_folded(l, "noi nhan") || fold(l).contains("noi nhan:"));
        let signer = signer::authority_line(lines);
        // A Kính gửi after the signature belongs to a form in an appendix.
        let kinh_gui =
            kinh_gui.filter(|&k| [noi_nhan, signer].into_iter().flatten().all(|end| k < end));
        Landmarks {
            kinh_gui,
            noi_nhan,
            signer,
        }
    }
}

/// The header's lines (start, end): everything before Kính gửi; without
/// one, the header-looking lines.
fn header_lines(lines: &[String], kinh_gui: Option<usize>) -> (usize, usize) {
    // A publisher's summary or cover note above the letter is no part of it:
    // the header starts at the agency lines over the national motto.
    let header_start = {
        let strs: Vec<&str> = lines.iter().map(String::as_str).collect();
        crate::normalize::layout::header_start(&strs)
    };
    let header_end = match kinh_gui.filter(|&k| k >= header_start) {
        Some(k) => k,
        None => header_start + header::header_len(&lines[header_start..]),
    };
    (header_start, header_end)
}

/// The recipients of the Kính gửi line `k`: on that line after the colon,
/// then its list lines (or one plain line); and the line the body starts at.
fn read_recipients(lines: &[String], k: usize) -> (Vec<String>, usize) {
    let mut recipients = Vec::new();
    let rest = after_colon(&lines[k]);
    if !rest.is_empty() {
        recipients.extend(rest.split(';').map(strip_entry).filter(|s| !s.is_empty()));
    }
    let mut body_start = k + 1;
    while body_start < lines.len() {
        let l = &lines[body_start];
        let first_plain = recipients.is_empty()
            && !is_list_line(l)
            && l.chars().count() <= 90
            && !l.trim_end().ends_with(':');
        if is_list_line(l) || first_plain {
            let e = strip_entry(l);
            if !e.is_empty() {
                recipients.push(e);
            }
            body_start += 1;
            if first_plain {
                break;
            }
        } else {
            break;
        }
    }
    (recipients, body_start)
}

/// Without Nơi nhận or KT./TM.: a title in capitals and a name at the very
/// end start the signer block.
fn trailing_signer(lines: &[String], marks: &Landmarks) -> Option<usize> {
    (marks.noi_nhan.is_none() && marks.signer.is_none())
        .then(|| {
            let n = lines.len();
            (n >= 2
                && signer::looks_like_name(&lines[n - 1])
                && crate::normalize::layout::mostly_caps(&lines[n - 2])
                && lines[n - 2].split_whitespace().count() <= 6)
                .then(|| n - 2)
        })
        .flatten()
}

/// The line after the first "./." from `body_start`: "./." closes the body
/// of a letter, what follows is Nơi nhận and signature.
fn closed_at(lines: &[String], body_start: usize) -> Option<usize> {
    lines
        .iter()
        .enumerate()
        .skip(body_start)
        .find(|(_, l)| l.trim_end().ends_with("./.") || l.trim_end().ends_with("./"))
        .map(|(i, _)| i + 1)
        .filter(|&i| i < lines.len())
}

/// Where the body ends: at the first of `ends` from `body_start` on, or at
/// an appendix ("PHỤ LỤC …", read apart) before it; and the appendix's line.
fn body_end(
    lines: &[String],
    body_start: usize,
    ends: [Option<usize>; 4],
) -> (usize, Option<usize>) {
    let mut body_end = lines.len();
    for end in ends.into_iter().flatten() {
        if end >= body_start {
            body_end = body_end.min(end);
        }
    }
    let appendix_at = (body_start..lines.len()).find(|&i| {
        (appendix::opens_appendix(&lines[i])
            && (i >= body_end || starts_folded(&lines[i], "phu luc")))
            || (i >= body_end && opens_attachment(lines, i))
    });
    body_end = body_end.min(appendix_at.unwrap_or(lines.len()));
    (body_end, appendix_at)
}

/// Does line `i` open a document attached after the signature: a title in
/// capitals ("KẾ HOẠCH", "QUY CHẾ") with "(Ban hành kèm theo …)" or "(Kèm
/// theo …)" in the two lines under it (the subtitle may come between)? Its
/// tables are read as an appendix's.
fn opens_attachment(lines: &[String], i: usize) -> bool {
    let title = &lines[i];
    let words = title.split_whitespace().count();
    (1..=6).contains(&words)
        && crate::normalize::layout::mostly_caps(title)
        && lines[i + 1..].iter().take(2).any(|l| {
            // The subtitle and the note often share a line once laid out.
            let f = crate::rules::fold::fold(l);
            f.contains("(ban hanh kem theo") || f.contains("(kem theo")
        })
}

/// The Nơi nhận list (noi_nhan, distribution list) opening at line `nn`,
/// markers removed.
fn read_noi_nhan(lines: &[String], nn: usize, appendix_at: Option<usize>) -> Vec<String> {
    let mut noi_nhan = Vec::new();
    let first = lines[nn].split_once(':').map_or("", |(_, r)| r).trim();
    if !first.is_empty() && is_list_line(first) {
        noi_nhan.push(strip_entry(first));
    }
    // The list ends with the signature block: at an appendix, or at the
    // signer's name under the title lines (what follows is an appendix's
    // tables or procedures, never part of the distribution list).
    let list_end = appendix_at.filter(|&a| a > nn).unwrap_or(lines.len());
    let mut under_title = false;
    for l in &lines[nn + 1..list_end] {
        if is_list_line(l) {
            let e = strip_entry(signer::split_title_tail(l).0);
            if !e.is_empty() {
                noi_nhan.push(e);
            }
        } else if crate::normalize::layout::mostly_caps(l) {
            under_title = true;
        } else if under_title && signer::looks_like_name(signer::without_rank(l)) {
            break;
        }
    }
    noi_nhan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> ParsedLetter {
        parse(&crate::normalize::normalize(text))
    }

    #[test]
    fn a_motto_whose_dash_ocr_misread_still_closes_the_header() {
        // Tesseract read the motto's second dash as a backtick.
        let p = parsed(
            "VĂN PHÒNG\nCHÍNH PHỦ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do ` Hạnh phúc\n\n\
             Số: 659/TB-VPCP\nHà Nội, ngày 29 tháng 11 năm 2025\n\nTHÔNG BÁO\n\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG\n\n\
             Ngày 28 tháng 11 năm 2025, tại Trụ sở Chính phủ, Phó Thủ tướng đã chủ trì cuộc họp.",
        );
        assert_eq!(p.header.number_text.as_deref(), Some("659/TB-VPCP"));
        assert_eq!(p.header.date, Some((Some(29), 11, 2025)));
    }

    #[test]
    fn zones_of_a_letter() {
        let p = parsed(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n\
             Số: 246/UBND-KGVX Quảng Ngãi, ngày 10 tháng 01 năm 2026\n\
             V/v tăng cường triển khai thực hiện\nKế hoạch số 02-KH/BCĐTW\n\
             Kính gửi:\n- Các sở, ban, ngành thuộc tỉnh;\n- UBND các xã, phường, đặc khu.\n\
             Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n1. Sở Y tế\n- Rà soát hồ sơ.\n2. Sở Nội vụ: Tổng hợp.\n\
             Nơi nhận:\n- Như trên;\n- Lưu: VT, KGVX.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Phước Hiền",
        );
        assert_eq!(p.header.number_text.as_deref(), Some("246/UBND-KGVX"));
        assert_eq!(
            p.header.subject.as_deref(),
            Some("V/v tăng cường triển khai thực hiện Kế hoạch số 02-KH/BCĐTW")
        );
        assert_eq!(
            p.recipients,
            vec![
                "Các sở, ban, ngành thuộc tỉnh",
                "UBND các xã, phường, đặc khu"
            ]
        );
        assert_eq!(p.body.len(), 3);
        assert_eq!(p.body[1].label, "1");
        assert_eq!(p.body[1].children[0].text, "Rà soát hồ sơ.");
        assert_eq!(p.noi_nhan, vec!["Như trên", "Lưu: VT, KGVX"]);
        assert_eq!(p.signer.authority.as_deref(), Some("KT. CHỦ TỊCH"));
        assert_eq!(p.signer.titles, vec!["PHÓ CHỦ TỊCH"]);
        assert_eq!(p.signer.name.as_deref(), Some("Trần Phước Hiền"));
    }

    #[test]
    fn the_distribution_list_ends_with_the_signature() {
        let p = parsed(
            "Số: 12/QĐ-UBND\nHòa Bình, ngày 02 tháng 3 năm 2026\nQUYẾT ĐỊNH\nVề việc công bố thủ tục\n\
             Điều 1. Công bố thủ tục.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\
             Lê Văn Hà\nDANH MỤC THỦ TỤC HÀNH CHÍNH\n- Trình tự thực hiện: nộp hồ sơ;\n- Cách thức: trực tuyến.",
        );
        assert_eq!(p.noi_nhan, vec!["Như Điều 3", "Lưu: VT"]);
        assert_eq!(p.signer.name.as_deref(), Some("Lê Văn Hà"));
    }

    #[test]
    fn a_letter_without_header_has_an_empty_header() {
        let p = parsed("Kính gửi: Các phòng, ban, trung tâm trực thuộc.\nThực hiện Công văn số 8585/UBND-VX, Văn phòng yêu cầu:\n1. Rà soát.");
        assert!(p.header.lines.is_empty());
        assert_eq!(p.recipients, vec!["Các phòng, ban, trung tâm trực thuộc"]);
        assert_eq!(p.body.len(), 2);
    }
}
