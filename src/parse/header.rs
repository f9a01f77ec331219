//! The header zone of a letter: agency lines, Số (number), place and date,
//! the kind's title line, the subject (V/v … or the line under the title),
//! and the Dự thảo (draft) mark. Two-column headers that text extraction
//! merged onto one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI…") are split apart.

use super::starts_folded;
use crate::normalize::layout::mostly_caps;
use crate::rules::fold::{fold, Folded};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What the header zone says, as written (values are read by extract).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The header zone's lines.
    pub lines: Vec<String>,
    /// Issuing agency lines (left column), national motto removed.
    pub agency: Vec<String>,
    /// The number after "Số:", spaces removed ("246/UBND-KGVX").
    pub number_text: Option<String>,
    /// Place of issue ("Quảng Ngãi").
    pub place: Option<String>,
    /// Date of issue as written: day (if filled in), month, year.
    pub date: Option<(Option<u32>, u32, i32)>,
    /// A title line in capitals under the number ("KẾ HOẠCH", "QUYẾT ĐỊNH").
    pub title: Option<String>,
    /// V/v … or the subject line(s) under the title.
    pub subject: Option<String>,
    /// "V/v" form of subject (the mark of a công văn).
    pub vv: bool,
    /// "Dự thảo" mark.
    pub draft: bool,
}

fn re(cell: &'static OnceLock<Regex>, p: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(p).unwrap_or_else(|e| panic!("header regex: {e}")))
}

/// The national motto on folded text, tolerant of a misread letter or two
/// ("CÔNG HỎA XÃ HQI CHỦ NGHĨA", "Doc 1ap - Tu do") and of a dash read as
/// another mark or lost ("Tự do ` Hạnh phúc"); in a Party header the right
/// column's "ĐẢNG CỘNG SẢN VIỆT NAM" stands where the motto does.
fn motto_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"c[o0]ng\s+\S{2,4}\s+x[a@]\s+\S{2,4}\s+ch[u]\s+ngh[i1l]a\s+vi[e]t\s+nam|d[o0]c\s+\S{2,4}\s*[-–—`'~_.,:;=]?\s*t[u]\s+d[o0]\s*[-–—`'~_.,:;=]?\s*h[a@]nh\s+ph[u]c|^d[a@]ng\s+c[o0]ng\s+s[a@]n\s+vi[e]t\s+nam$",
    )
}

/// The line with the motto removed (folded comparison, original kept).
fn without_motto(line: &str) -> String {
    let f = Folded::new(line);
    let mut out = String::new();
    let mut last = 0;
    for m in motto_re().find_iter(&f.folded) {
        let (s, e) = (f.at(m.start()), f.at(m.end()));
        out.push_str(&line[last..s]);
        last = e;
    }
    out.push_str(&line[last..]);
    out.trim().trim_matches(['-', '_', ' ']).trim().to_string()
}

/// A Party header's right column ("ĐẢNG CỘNG SẢN VIỆT NAM", where the
/// national motto stands in a State letter) wrapped under the issuer by the
/// layout ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG" / "CỘNG SẢN VIỆT NAM"): its words
/// taken off the end of the agency lines. On a line of its own it is already
/// gone ([`without_motto`]).
fn without_party_motto(agency: &mut Vec<String>) {
    const PARTY: &str = "dang cong san viet nam";
    // Rules and stars ("*") below it do not count.
    let words_end = agency
        .iter()
        .rposition(|l| l.chars().any(char::is_alphanumeric))
        .map_or(0, |k| k + 1);
    if !fold(&agency[..words_end].join(" ")).ends_with(&format!(" {PARTY}")) {
        return;
    }
    agency.truncate(words_end);
    let mut drop = PARTY.split(' ').count();
    while drop > 0 {
        let Some(last) = agency.last_mut() else { break };
        let mut words: Vec<&str> = last.split_whitespace().collect();
        let n = drop.min(words.len());
        words.truncate(words.len() - n);
        drop -= n;
        if words.is_empty() {
            agency.pop();
        } else {
            *last = words.join(" ");
        }
    }
}

/// "V/v", and what OCR makes of it ("VIV", "V/V", "V.v").
pub fn is_vv(folded: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^v\s?[/il1|.]\s?v\b").is_match(folded)
}

fn number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)(?:\bS[ốoô6]\s*(?:và ký hiệu\s*)?:|^S[ốoô6])\s*(\d{1,6}(?:\s?[/-]\s?[\p{L}0-9&]+)+)",
    )
}

fn date_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?:((?:TP\.\s?)?(?:\p{Lu}\p{Ll}+\s){0,3}\p{Lu}\p{Ll}+)\s*,\s*)?ng[àa]y\s*(\d{1,2})?[\s.…_/]*th[áa]ng\s*(\d{1,2})\s*n[ăa]m\s*(\d{4})",
    )
}

/// How many leading lines are header when there is no Kính gửi line: caps
/// lines, Số, place-date, V/v and its continuation, Dự thảo, a title and the
/// subject under it.
pub fn header_len(lines: &[String]) -> usize {
    let mut scan = HeaderScan::default();
    let mut i = 0;
    while i < lines.len() && scan.takes(lines, i) {
        i += 1;
    }
    // No number, date, V/v or draft mark seen: this is not a header at all.
    let any = lines[..i].iter().any(|l| {
        let f = fold(l);
        number_re().is_match(l)
            || date_re().is_match(l)
            || f.starts_with("v/v")
            || f.starts_with("du thao")
    });
    if any {
        i
    } else {
        0
    }
}

/// What [`header_len`] has seen of the leading lines so far.
#[derive(Default)]
struct HeaderScan {
    seen_title: bool,
    /// Subject lines still allowed: one under a title, up to three short
    /// continuation lines after V/v.
    subject_left: usize,
    vv: bool,
    /// A line above had a date.
    date_before: bool,
    /// A line above had a number or a date.
    dated_before: bool,
}

impl HeaderScan {
    /// Is line `i` still header (all lines above being header)?
    fn takes(&mut self, lines: &[String], i: usize) -> bool {
        let l = lines[i].as_str();
        let f = fold(l);
        // A preamble ("Căn cứ … ngày 16 tháng 6 năm 2025;") is body even with
        // a date in it.
        if f.starts_with("can cu") || f.starts_with("kinh gui") {
            return false;
        }
        let (numbered, has_date) = (number_re().is_match(l), date_re().is_match(l));
        let dated = numbered || has_date;
        // A second date line once the header's own date is read opens the
        // body ("Ngày 18 tháng 11 năm 2025, Phó Thủ tướng … đã đi kiểm tra").
        if l.starts_with("Ngày ") && has_date && !numbered && self.date_before {
            return false;
        }
        let after_date = self.dated_before;
        self.date_before |= has_date;
        self.dated_before |= dated;
        // "Về hướng dẫn …" right under the number: a công văn's subject
        // written without "V/v".
        let ve_subject = f.starts_with("ve ")
            && !mostly_caps(l)
            && !self.seen_title
            && i > 0
            && number_re().is_match(&lines[i - 1]);
        if is_vv(&f) || f.starts_with("ve viec") || ve_subject {
            self.subject_left = 3;
            self.vv = true;
            return true;
        }
        let caps_heading = mostly_caps(l) && crate::normalize::layout::starts_with_marker(l);
        if !caps_heading
            && (mostly_caps(l) || dated || f.starts_with("du thao") || motto_re().is_match(&f))
        {
            // The motto under the number (a header laid out in one column)
            // is no title: the title after the date still takes its subject.
            if mostly_caps(l) && !dated && after_date && !motto_re().is_match(&f) {
                self.title_seen();
            }
            return true;
        }
        self.takes_subject_line(l, &f)
    }

    /// A line in capitals after the date: the title, or the subject in
    /// capitals under it.
    fn title_seen(&mut self) {
        if !self.seen_title {
            self.seen_title = true;
            self.subject_left = 1;
            self.vv = false;
        } else {
            // The subject is in capitals under the title: no
            // sentence-case line joins it.
            self.subject_left = 0;
        }
    }

    /// Is `l` (folded `f`) a subject line still allowed: under a title, or a
    /// short continuation of V/v that does not open the body?
    fn takes_subject_line(&mut self, l: &str, f: &str) -> bool {
        let body_start = [
            "can cu",
            "thuc hien",
            "tren co so",
            "kinh gui",
            "theo ",
            "de ",
            "nham ",
        ]
        .iter()
        .any(|s| f.starts_with(s))
            || crate::normalize::layout::starts_with_marker(l);
        let short_enough = if self.vv {
            l.chars().count() <= 70
        } else {
            l.chars().count() <= 200
        };
        // The line right under a title is its subject, whatever its first word
        // ("KẾ HOẠCH / Thực hiện chuyển đổi số năm 2026").
        let opens_body = f.starts_with("can cu")
            || f.starts_with("kinh gui")
            || crate::normalize::layout::starts_with_marker(l);
        let under_title = !self.vv && self.subject_left == 1 && !opens_body;
        if self.subject_left > 0 && (under_title || !body_start) && short_enough {
            self.subject_left -= 1;
            return true;
        }
        false
    }
}

/// Read the header zone.
pub fn parse_header(lines: &[String]) -> Header {
    let mut r = HeaderReader {
        h: Header {
            lines: lines.to_vec(),
            ..Header::default()
        },
        ..HeaderReader::default()
    };
    for line in lines {
        r.read_line(line);
    }
    r.finish()
}

/// [`parse_header`]'s state over the header lines.
#[derive(Default)]
struct HeaderReader {
    h: Header,
    subject: Vec<String>,
    in_subject: bool,
    /// The subject's last line so far was in capitals.
    caps_tail: bool,
    /// The previous line was the number line.
    just_numbered: bool,
    after_number: bool,
}

impl HeaderReader {
    /// Reads one header line: the draft mark, number, date, subject, title
    /// or agency line.
    fn read_line(&mut self, line: &str) {
        let l = without_motto(line);
        if l.is_empty() {
            return;
        }
        let f = fold(&l);
        if f.contains("du thao") {
            self.h.draft = true;
            let rest = l.replace("Dự thảo", "").replace("DỰ THẢO", "");
            if rest.trim().is_empty() {
                return;
            }
        }
        // A subject wrapped over lines may cite a dated document ("V/v triển khai
        // Kế hoạch số 02-KH/BCĐTW / ngày 19 tháng 6 năm 2025 của …"): once the
        // letter's own number and date are read, such lines go on the subject.
        if self.in_subject
            && self.h.number_text.is_some()
            && self.h.date.is_some()
            && !mostly_caps(&l)
        {
            self.subject.push(l.clone());
            return;
        }
        let numbered_before = self.just_numbered;
        self.just_numbered = false;
        if self.read_number_and_date(&l) {
            self.in_subject = false;
            return;
        }
        if self.read_subject_opening(&l, &f, numbered_before) {
            return;
        }
        if mostly_caps(&l) {
            self.read_caps_line(l);
            return;
        }
        self.caps_tail = false;
        if self.in_subject {
            self.subject.push(l.clone());
        }
    }

    /// Reads the number ("Số: …") and the place and date on the line, the
    /// first of each counting; true when the line had either.
    fn read_number_and_date(&mut self, l: &str) -> bool {
        let mut consumed = false;
        if let Some(c) = number_re().captures(l) {
            self.just_numbered = true;
            if self.h.number_text.is_none() {
                self.h.number_text = c.get(1).map(|m| m.as_str().split_whitespace().collect());
            }
            self.after_number = true;
            consumed = true;
        }
        if let Some(c) = date_re().captures(l) {
            if self.h.date.is_none() {
                let day = c.get(2).and_then(|m| m.as_str().parse().ok());
                let month = c.get(3).and_then(|m| m.as_str().parse().ok());
                let year = c.get(4).and_then(|m| m.as_str().parse().ok());
                if let (Some(month), Some(year)) = (month, year) {
                    self.h.date = Some((day, month, year));
                }
                self.h.place = c.get(1).map(|m| m.as_str().trim().to_string());
            }
            self.after_number = true;
            consumed = true;
        }
        consumed
    }

    /// A subject's first line: "V/v …" (however OCR wrote it), "Về việc …",
    /// or "Về …" right under the number. True when `l` was one.
    fn read_subject_opening(&mut self, l: &str, f: &str, numbered_before: bool) -> bool {
        let ve_subject = f.starts_with("ve ")
            && !mostly_caps(l)
            && self.h.title.is_none()
            && self.subject.is_empty()
            && numbered_before;
        if !(is_vv(f) || starts_folded(l, "ve viec") || ve_subject) {
            return false;
        }
        self.in_subject = true;
        self.h.vv = is_vv(f) || ve_subject;
        // Written out as "V/v" whatever OCR made of it.
        let l = if is_vv(f) {
            format!("V/v{}", l.chars().skip(3).collect::<String>())
        } else {
            l.to_string()
        };
        self.subject.push(l);
        true
    }

    /// A line in capitals: an agency line above the number, the title
    /// under it, or a line of a subject in capitals.
    fn read_caps_line(&mut self, l: String) {
        if self.after_number && self.h.title.is_none() {
            self.h.title = Some(l);
            self.in_subject = true;
        } else if !self.after_number {
            self.h.agency.push(l);
        } else if self.in_subject {
            // A subject in capitals over several lines.
            self.subject.push(l);
            self.caps_tail = true;
            return;
        }
        self.caps_tail = false;
    }

    /// The header read, its subject joined.
    fn finish(mut self) -> Header {
        without_party_motto(&mut self.h.agency);
        // The issuing authority stands in capitals between the subject and the
        // preamble ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "CHỦ TỊCH ỦY BAN NHÂN DÂN
        // TỈNH PHÚ THỌ", "CHÍNH PHỦ"): not part of the subject.
        if self.caps_tail && self.subject.len() >= 2 {
            if let Some(last) = self.subject.last() {
                if is_authority_line(last, &self.h.agency) {
                    self.subject.pop();
                }
            }
        }
        if !self.subject.is_empty() {
            self.h.subject = Some(self.subject.join(" "));
        }
        self.h
    }
}

/// Officials who issue in their own name above a preamble.
const ISSUING_TITLES: [&str; 10] = [
    "chu tich",
    "bo truong",
    "thu tuong",
    "thong doc",
    "giam doc",
    "tong giam doc",
    "truong ban",
    "tong kiem toan",
    "chanh an",
    "vien truong",
];

/// The authority line over a preamble: the issuing agency itself, or an
/// official of it ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X", "BỘ TRƯỞNG BỘ Y TẾ").
fn is_authority_line(line: &str, agency: &[String]) -> bool {
    let f = fold(line);
    if line.split_whitespace().count() > 12 {
        return false;
    }
    let agency_all = fold(&agency.join(" "));
    let agency_first = agency.first().map(|a| fold(a)).unwrap_or_default();
    let agency_last = agency.last().map(|a| fold(a)).unwrap_or_default();
    (!agency_all.is_empty() && f == agency_all)
        || (!agency_first.is_empty() && f.starts_with(&agency_first))
        || (ISSUING_TITLES.iter().any(|t| f.starts_with(t))
            && (agency_last.is_empty() || f.ends_with(&agency_last)))
        || (!agency_last.is_empty() && f == agency_last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_merged_two_column_header() {
        let h = parse_header(&lines(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n\
             Số: 246 /UBND-KGVX Quảng Ngãi, ngày tháng 01 năm 2026\nV/v tăng cường triển khai\nKế hoạch số 02-KH/BCĐTW",
        ));
        assert_eq!(h.agency, vec!["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]);
        assert_eq!(h.number_text.as_deref(), Some("246/UBND-KGVX"));
        assert_eq!(h.date, Some((None, 1, 2026)));
        assert_eq!(h.place.as_deref(), Some("Quảng Ngãi"));
        assert!(h.vv && !h.draft);
        assert_eq!(
            h.subject.as_deref(),
            Some("V/v tăng cường triển khai Kế hoạch số 02-KH/BCĐTW")
        );
    }

    #[test]
    fn a_plan_with_a_title() {
        let ls = lines(
            "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: 15/KH-UBND\nBình Định, ngày 05 tháng 3 năm 2026\nKẾ HOẠCH\n\
             Tổ chức tập huấn chuyển đổi số cho cán bộ cấp xã năm 2026\nCăn cứ Quyết định số 12/QĐ-UBND;\nI. MỤC ĐÍCH",
        );
        let n = header_len(&ls);
        assert_eq!(n, 6);
        let h = parse_header(&ls[..n]);
        assert_eq!(h.title.as_deref(), Some("KẾ HOẠCH"));
        assert_eq!(
            h.subject.as_deref(),
            Some("Tổ chức tập huấn chuyển đổi số cho cán bộ cấp xã năm 2026")
        );
        assert_eq!(h.date, Some((Some(5), 3, 2026)));
        assert_eq!(h.place.as_deref(), Some("Bình Định"));
    }

    #[test]
    fn a_subject_in_capitals_over_lines_and_the_authority_under_it() {
        let ls = lines(
            "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 57/QĐ-UBND\nHòa Bình, ngày 09 tháng 3 năm 2026\nQUYẾT ĐỊNH\n\
             VỀ VIỆC GIAO CHỈ TIÊU TUYỂN SINH\nNĂM HỌC 2026 - 2027\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH\n\
             Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;",
        );
        let n = header_len(&ls);
        assert_eq!(n, 8);
        let h = parse_header(&ls[..n]);
        assert_eq!(h.title.as_deref(), Some("QUYẾT ĐỊNH"));
        assert_eq!(
            h.subject.as_deref(),
            Some("VỀ VIỆC GIAO CHỈ TIÊU TUYỂN SINH NĂM HỌC 2026 - 2027")
        );
    }

    #[test]
    fn a_party_header_and_a_body_opening_with_a_date() {
        let ls = lines(
            "TỈNH ỦY LÂM ĐỒNG\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 88-KL/TU\nĐà Lạt, ngày 04 tháng 3 năm 2026\n\
             KẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nVỀ CÔNG TÁC CÁN BỘ\n\
             Ngày 02 tháng 3 năm 2026, Ban Thường vụ Tỉnh ủy đã họp.",
        );
        let n = header_len(&ls);
        assert_eq!(n, 7);
        let h = parse_header(&ls[..n]);
        assert_eq!(h.number_text.as_deref(), Some("88-KL/TU"));
        assert_eq!(
            h.subject.as_deref(),
            Some("CỦA BAN THƯỜNG VỤ TỈNH ỦY VỀ CÔNG TÁC CÁN BỘ")
        );
    }

    /// A header laid out in one column: issuer, number, then the motto, the
    /// date, the title and its subject. The motto is no title.
    #[test]
    fn the_motto_under_the_number_is_no_title() {
        let ls = lines(
            "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 88/KH-UBND\n\
             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
             Cà Mau, ngày 17 tháng 3 năm 2026\nKẾ HOẠCH\n\
             Bảo đảm trật tự, an toàn giao thông trên địa bàn tỉnh năm 2026\n\
             Thực hiện Chỉ thị số 23-CT/TU, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        );
        let n = header_len(&ls);
        assert_eq!(n, 8);
        assert_eq!(
            parse_header(&ls[..n]).subject.as_deref(),
            Some("Bảo đảm trật tự, an toàn giao thông trên địa bàn tỉnh năm 2026")
        );
    }

    #[test]
    fn no_header_is_no_header() {
        let ls = lines("Trên cơ sở Báo cáo số 80-BCHN/CQTTBCĐ;\n1. Các sở, ban, ngành.");
        assert_eq!(header_len(&ls), 0);
    }

    #[test]
    fn a_subject_citing_a_dated_plan_goes_on_over_its_lines() {
        let ls = lines(
            "UỶ BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n\
             Số: 246/UBND-KGVX Quảng Ngãi, ngày 10 tháng 01 năm 2026\n\
             V/v tăng cường triển khai thực hiện\nKế hoạch số 02-KH/BCĐTW\n\
             ngày 19 tháng 6 năm 2025 của\nBan Chỉ đạo Trung ương",
        );
        let h = parse_header(&ls[..header_len(&ls)]);
        assert_eq!(h.date, Some((Some(10), 1, 2026)));
        assert_eq!(
            h.subject.as_deref(),
            Some("V/v tăng cường triển khai thực hiện Kế hoạch số 02-KH/BCĐTW ngày 19 tháng 6 năm 2025 của Ban Chỉ đạo Trung ương")
        );
    }

    #[test]
    fn a_draft_subject_only_header() {
        let ls = lines("V/v tiếp tục tăng cường chuyển đổi số\nDự thảo");
        let h = parse_header(&ls);
        assert!(h.draft && h.vv);
        assert_eq!(
            h.subject.as_deref(),
            Some("V/v tiếp tục tăng cường chuyển đổi số")
        );
    }
}
