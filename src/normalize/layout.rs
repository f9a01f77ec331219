//! Layout normalization: the text of a letter as a clean run of lines.
//!
//! Text from a word processor or a PDF text layer carries layout noise that has
//! nothing to do with the letter: tabs and runs of spaces, blank lines after
//! every line, sentences broken at the page width, footnotes printed in the
//! middle of a sentence at a page break, `[bookmark: …]` and `[footnoteRef:1]`
//! markers. Each function here removes one kind of noise and can be used and
//! tested alone; [`layout`] chains them in the order they must run.

use super::Note;
use crate::rules::fold::fold;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Text with its footnotes lifted out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Laid {
    pub text: String,
    pub notes: Vec<Note>,
}

/// The whole chain: word-processor markers, whitespace, page footnotes, broken
/// lines, blank-line runs.
pub fn layout(text: &str) -> Laid {
    let (text, mut notes) = lift_word_markers(text);
    let text = mark_table_cells(&text);
    let text = clean_whitespace(&text);
    let text = drop_specks_after_commas(&text);
    let text = drop_leading_specks(&text);
    let text = drop_glued_ticks(&text);
    let text = drop_colon_specks(&text);
    let text = drop_dots_inside_sentences(&text);
    let text = rejoin_header(&text);
    let (text, page_notes) = lift_page_footnotes(&text);
    notes.extend(page_notes);
    let text = lower_lookalike_capitals(&text);
    let text = rejoin_lines(&text);
    let text = split_run_on_items(&text);
    let text = mend_marker_sequence(&text);
    let text = restore_list_dashes(&text);
    let text = mend_inline_roman_markers(&text);
    let text = squeeze_blank_lines(&text);
    Laid { text, notes }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    // Patterns are literals in this file, covered by the tests below.
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("layout regex: {e}")))
}

/// Does this line open an appendix? "PHỤ LỤC", "Phụ lục II", "DANH MỤC NHIỆM
/// VỤ …" written in capitals.
pub fn opens_appendix(line: &str) -> bool {
    use crate::rules::fold::starts_with_folded;
    // Every line of a text is asked: the cheap prefix test goes first.
    let t = line.trim();
    let words = || t.split_whitespace().count();
    (starts_with_folded(t, "phu luc") && (words() <= 3 || mostly_caps(t)))
        || (starts_with_folded(t, "danh muc") && words() >= 3 && mostly_caps(t))
}

/// The rows of an appendix's task table as Word and PDF layers give them,
/// one row a line with its cells apart by tabs or wide gaps, put on one line
/// each with their cells apart by " | " (the mark the appendix reader splits
/// cells at) before whitespace is cleaned away, so a row's task, lead,
/// coordinators and deadline stay apart:
/// - tabs: each tab ends a cell, so an empty cell ("\t\t") stays in its place;
/// - a laid-out text layer (cells apart by three or more spaces): a row's
///   lines indented under it ("    vườn giống …      Kiểm lâm") continue its
///   cells, each piece in the column it stands under; a row whose pieces all
///   stand under the header's columns keeps its empty cells.
///
/// Only below an appendix heading, and only rows of at least three cells.
pub fn mark_table_cells(text: &str) -> String {
    if !text.contains('\t') && !text.contains("   ") {
        return text.to_string();
    }
    let mut table = TableMarks::default();
    for line in text.split('\n') {
        table.add(line);
    }
    table.flush();
    table.out.join("\n")
}

/// A table row as [`mark_table_cells`] writes it: three cells or more apart
/// by " | " (a lone "|" is often a scan's speck).
pub fn is_marked_row(line: &str) -> bool {
    line.matches(" | ").count() >= 2
}

/// The state of [`mark_table_cells`] as it goes down the text.
#[derive(Default)]
struct TableMarks {
    out: Vec<String>,
    in_appendix: bool,
    /// Where the header row's columns start (characters), when laid out with spaces.
    header: Option<Vec<usize>>,
    /// Where the current row's columns start, for its continuation lines.
    columns: Vec<usize>,
    /// The current laid-out row's cells, still open to continuation lines.
    row: Option<Vec<String>>,
}

impl TableMarks {
    fn add(&mut self, line: &str) {
        if opens_appendix(line) {
            self.flush();
            self.in_appendix = true;
            self.header = None;
            self.out.push(line.to_string());
            return;
        }
        if !self.in_appendix {
            self.out.push(line.to_string());
            return;
        }
        if line.contains('\t') {
            self.flush();
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            self.emit(cells.iter().map(|c| c.to_string()).collect(), line);
            return;
        }
        let pieces = laid_out_pieces(line);
        let indented = line.starts_with([' ', '\u{00A0}']);
        if indented && self.row.is_some() && !pieces.is_empty() {
            let columns = self.columns.clone();
            if let Some(row) = self.row.as_mut() {
                for (at, text) in pieces {
                    let col = column_of(&columns, at);
                    if let Some(cell) = row.get_mut(col) {
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(text);
                    }
                }
            }
            return;
        }
        self.flush();
        if pieces.len() < 3 {
            self.out.push(line.to_string());
            return;
        }
        let starts: Vec<usize> = pieces.iter().map(|&(at, _)| at).collect();
        let Some(header) = self.header.clone() else {
            // The first row of at least three cells is the header.
            self.header = Some(starts.clone());
            self.emit(pieces.iter().map(|&(_, t)| t.to_string()).collect(), line);
            return;
        };
        // Pieces that each stand under a header column of their own keep
        // the empty columns between them.
        let cols: Vec<usize> = starts.iter().map(|&at| column_of(&header, at)).collect();
        let aligned = cols.windows(2).all(|w| w[0] < w[1])
            && starts
                .iter()
                .zip(&cols)
                .all(|(&at, &c)| header.get(c).is_some_and(|&h| at.abs_diff(h) <= 2));
        let (columns, mut cells) = if aligned {
            (header.clone(), vec![String::new(); header.len()])
        } else {
            (starts.clone(), vec![String::new(); starts.len()])
        };
        for (k, (_, text)) in pieces.into_iter().enumerate() {
            let col = if aligned { cols[k] } else { k };
            if let Some(cell) = cells.get_mut(col) {
                cell.push_str(text);
            }
        }
        self.columns = columns;
        self.row = Some(cells);
    }

    /// Writes the open laid-out row, if any.
    fn flush(&mut self) {
        if let Some(cells) = self.row.take() {
            self.emit(cells, "");
        }
    }

    /// One row on one line, its cells apart by " | "; empty cells at the ends
    /// go. A line of fewer than three cells is written as it was (`raw`).
    fn emit(&mut self, cells: Vec<String>, raw: &str) {
        let first = cells.iter().position(|c| !c.trim().is_empty());
        let last = cells.iter().rposition(|c| !c.trim().is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            self.out.push(raw.to_string());
            return;
        };
        let kept = &cells[first..=last];
        if kept.iter().filter(|c| !c.trim().is_empty()).count() < 3 {
            self.out.push(raw.to_string());
            return;
        }
        let cells: Vec<&str> = kept.iter().map(|c| c.trim()).collect();
        self.out.push(cells.join(" | "));
    }
}

/// The pieces of a line laid out in columns: (character offset, text) of each
/// run of text between gaps of three or more spaces.
fn laid_out_pieces(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char offset, byte offset)
    let mut spaces = 0;
    let mut end_byte = 0;
    for (ci, (bi, c)) in line.char_indices().enumerate() {
        if c == ' ' || c == '\u{00A0}' {
            spaces += 1;
            if spaces >= 3 {
                if let Some((at, from)) = start.take() {
                    out.push((at, line[from..end_byte].trim_end()));
                }
            }
            continue;
        }
        spaces = 0;
        if start.is_none() {
            start = Some((ci, bi));
        }
        end_byte = bi + c.len_utf8();
    }
    if let Some((at, from)) = start {
        out.push((at, line[from..end_byte].trim_end()));
    }
    out
}

/// The column a piece starting at `at` stands under: the last column that
/// starts at or before it (two characters of slack).
fn column_of(columns: &[usize], at: usize) -> usize {
    columns.iter().rposition(|&c| c <= at + 2).unwrap_or(0)
}

/// Line ends as `\n`, every kind of space as a plain space, zero-width
/// characters removed, runs of spaces collapsed, lines trimmed.
pub fn clean_whitespace(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut last_space = true;
        let mut piece = String::with_capacity(line.len());
        for c in line.chars() {
            let c = match c {
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => continue,
                '\t'
                | '\u{00A0}'
                | '\u{2000}'..='\u{200A}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{000B}'
                | '\u{000C}' => ' ',
                c => c,
            };
            if c == ' ' {
                if !last_space {
                    piece.push(' ');
                }
                last_space = true;
            } else {
                piece.push(c);
                last_space = false;
            }
        }
        // Scan specks before a line's first word ("__4. Phòng …", "~- Rà soát")
        // and after its closing punctuation ("khi có yêu cầu1. |").
        let piece = piece.trim_end();
        let cleaned = piece.trim_start_matches(['_', '~', '|']).trim_start();
        let cleaned = strip_trailing_speck(cleaned);
        out.push_str(if cleaned.is_empty() { piece } else { cleaned });
    }
    out
}

/// A speck a scanner left after a line's final punctuation: "yêu cầu1. |" → "yêu cầu1.".
/// Only a lone `|`, `_` or `~` set off by a space after `.`, `;`, `:` goes.
fn strip_trailing_speck(line: &str) -> &str {
    let trimmed = line.trim_end_matches(['_', '~', '|']);
    if trimmed.len() == line.len() || !trimmed.ends_with(' ') {
        return line;
    }
    let before = trimmed.trim_end();
    if before.ends_with(['.', ';', ':']) {
        before
    } else {
        line
    }
}

/// Marks a scan left after a comma: "kiểm tra, . đôn đốc", "Bộ trưởng, :",
/// "pháp luật,.. bảo đảm" keep the comma alone. A comma is never followed by
/// a full stop, colon or tick in a letter, so nothing real goes; an ellipsis
/// after a comma ("công,...") stays.
pub fn drop_specks_after_commas(text: &str) -> String {
    static P: OnceLock<Regex> = OnceLock::new();
    let p = re(&P, r"(\p{L}|\)),(?:\s*[.:;'`_~|]+)+(\s|$)");
    text.split('\n')
        .map(|l| {
            p.replace_all(l, |c: &regex::Captures| {
                // "công,..." is an ellipsis, not a speck.
                if c[0].contains("...") {
                    c[0].to_string()
                } else {
                    format!("{},{}", &c[1], &c[2])
                }
            })
            .into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Letters whose capital and small forms look alike on a scan (c o s u v w x
/// z, with or without their marks, and ơ ư).
fn lookalike_case(c: char) -> bool {
    use unicode_normalization::UnicodeNormalization;
    c.to_string()
        .nfd()
        .next()
        .is_some_and(|b| "COSUVWXZ".contains(b))
}

/// A small word OCR read in capitals at the start of a line that continues a
/// broken-off sentence: "theo chức năng, nhiệm" / "VỤ, thẩm quyền" → "vụ,",
/// "Nghị quyết" / "SỐ : 140/NQ-CP" → "số". Only a word made of look-alike
/// letters is lowered, and only when the line before breaks off mid-sentence and
/// neither line is a capitals heading, so "UBND", "CÔNG" in a title stay.
pub fn lower_lookalike_capitals(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut prev: Option<&str> = None;
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            out.push(line.to_string());
            continue;
        }
        let word_end = t.find(char::is_whitespace).unwrap_or(t.len());
        let word = t[..word_end].trim_end_matches(|c: char| !c.is_alphanumeric());
        let rest = &t[word_end..];
        let letters = word.chars().count();
        let lower = prev.is_some_and(|p| !ends_sentence(p) && !mostly_caps(p))
            && letters >= 2
            && word.chars().all(|c| c.is_uppercase() && lookalike_case(c))
            && !mostly_caps(rest)
            && !starts_with_marker(t);
        if lower {
            out.push(format!("{}{}", word.to_lowercase(), &t[word.len()..]));
        } else {
            out.push(line.to_string());
        }
        prev = Some(t);
    }
    out.join("\n")
}

/// A speck OCR read as a full stop between two words of one sentence: "Ủy.
/// ban nhân dân", "cơ quan ngang.bộ", "khu.vực" → a space. A sentence never
/// opens in lowercase, so a dot before a small word is no sentence end; an
/// all-ASCII pair ("drive.google", "v.v") is a web address or an
/// abbreviation and stays.
pub fn drop_dots_inside_sentences(text: &str) -> String {
    static DOT: OnceLock<Regex> = OnceLock::new();
    let dot = re(&DOT, r"(^|[\s(,;])(\p{L}{2,})\. ?(\p{Ll}\p{L}*)");
    text.split('\n')
        .map(|l| {
            dot.replace_all(l, |c: &regex::Captures| {
                if c[2].is_ascii() && c[3].is_ascii() {
                    c[0].to_string()
                } else {
                    format!("{}{} {}", &c[1], &c[2], &c[3])
                }
            })
            .into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// How far down a letter its header may reach (lines, blank ones included).
const HEADER_REACH: usize = 60;

/// A header line split by a narrow two-column layout, as PDF text layers, Word
/// and OCR give it, put back together so the parse stage sees the standard
/// shapes. In the header zone only (the lines above the first "Căn cứ",
/// "Kính gửi", "Thực hiện" or numbered item):
/// - rule and ornament lines ("-------", "___", "*") become blank lines;
/// - a lone scan speck at either end of a line goes (" :", "~", "'", "*", ".");
/// - the national motto wrapped mid-phrase ("CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA
///   VIỆT NAM") and an agency line's last word wrapped alone ("ỦY BAN NHÂN" /
///   "DÂN") are joined;
/// - the place-and-date line wrapped after "ngày 18" ("… tháng 11 năm 2025" on
///   the next line) is joined, and digits OCR split ("ngày 1 8") are closed up;
/// - a lone "VỀ" over the rest of the subject ("VỀ" / "VIỆC …") is joined.
pub fn rejoin_header(text: &str) -> String {
    let all: Vec<&str> = text.split('\n').collect();
    let start = header_start(&all);
    let reach = header_reach(&all, start);
    let in_header = |i: usize| i >= start && i < reach;
    let pieces = split_flattened_columns(&all, in_header);
    let mut header = HeaderJoin {
        out: Vec::with_capacity(all.len()),
        last: None,
        seen_number: false,
    };
    for (i, raw) in &pieces {
        if !in_header(*i) {
            header.out.push(raw.to_string());
            continue;
        }
        let line = clean_header_line(raw);
        if line.is_empty() {
            header.out.push(line);
            continue;
        }
        header.add(line);
    }
    header.out.join("\n")
}

/// "ngày 1 8", "tháng 1 1": a day or month number OCR split in two.
fn split_digits_re() -> &'static Regex {
    static SPLIT_DIGITS: OnceLock<Regex> = OnceLock::new();
    re(&SPLIT_DIGITS, r"(?i)\b(ng[àa]y|th[áa]ng)\s+(\d)\s(\d)\b")
}

/// Where the header zone [`rejoin_header`] works in ends: the first line
/// from `start` opening the body ("Căn cứ", "Kính gửi", a numbered item), at
/// most [`HEADER_REACH`] lines on.
fn header_reach(all: &[&str], start: usize) -> usize {
    static OPENS_BODY: OnceLock<Regex> = OnceLock::new();
    let opens_body = re(
        &OPENS_BODY,
        r"^(?:Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Trên cơ sở)\b",
    );
    start
        + all
            .iter()
            .skip(start)
            .take(HEADER_REACH)
            .position(|l| {
                let l = l.trim();
                opens_body.is_match(l) || (starts_with_marker(l) && !mostly_caps(l))
            })
            .unwrap_or_else(|| (all.len() - start).min(HEADER_REACH))
}

/// The lines with their line numbers; in the header, two columns flattened
/// onto one line ("Số: 296/BHXH-CSYT V/v hướng dẫn …", "Hà Nội, ngày 02
/// tháng 02 năm 2021 Kính gửi: …") cut into one piece per part.
fn split_flattened_columns(
    all: &[&str],
    in_header: impl Fn(usize) -> bool,
) -> Vec<(usize, String)> {
    // Where a flattened second column starts, after a number or a date.
    static FLATTENED: OnceLock<Regex> = OnceLock::new();
    let flattened = re(&FLATTENED, r"[0-9A-ZĐ]\s+(V/v\s|Kính gửi\s*:)");
    all.iter()
        .enumerate()
        .flat_map(|(i, raw)| {
            if !in_header(i) {
                return vec![(i, (*raw).to_string())];
            }
            let mut parts = Vec::new();
            let mut last_cut = 0;
            for m in flattened.captures_iter(raw).filter_map(|c| c.get(1)) {
                parts.push((i, raw[last_cut..m.start()].to_string()));
                last_cut = m.start();
            }
            parts.push((i, raw[last_cut..].to_string()));
            parts
        })
        .collect()
}

/// A header line trimmed and cleaned of scan noise: a rule or ornament line
/// becomes empty; specks at the ends, a quote glued to a final number, "$6:"
/// for "Số:" and split date digits are mended.
fn clean_header_line(raw: &str) -> String {
    static SPECK: OnceLock<Regex> = OnceLock::new();
    static GLUED: OnceLock<Regex> = OnceLock::new();
    static DOLLAR_SO: OnceLock<Regex> = OnceLock::new();
    let speck = re(&SPECK, r"^(?:[~'*:.|_`]\s+)+|(?:\s+[~'*:.|_`])+$");
    // A quote mark or tick OCR glued to a number at a line's end ("ngày 18”").
    let glued_speck = re(&GLUED, r"(\d)[”“\x22'’`]+$");
    let dollar_so = re(&DOLLAR_SO, r"^\$[6ốoô5]\s*:");
    let line = raw.trim();
    if !line.is_empty() && !line.chars().any(char::is_alphanumeric) {
        return String::new();
    }
    let line = speck.replace_all(line, "");
    let line = glued_speck.replace_all(&line, "$1");
    // "$6: 11299/VPCP-KGVX": Tesseract without Vietnamese reads "Số" as "$6".
    let line = dollar_so.replace(&line, "Số:");
    split_digits_re().replace_all(&line, "$1 $2$3").into_owned()
}

/// The header lines [`rejoin_header`] has put out so far.
struct HeaderJoin {
    out: Vec<String>,
    /// Index in `out` of the last non-blank header line, to join onto.
    last: Option<usize>,
    /// Whether the number line ("Số: …") has been seen.
    seen_number: bool,
}

impl HeaderJoin {
    /// Adds a cleaned, non-blank header line: joined onto the last one when
    /// it goes on from it, else a line of its own.
    fn add(&mut self, line: String) {
        let join_to = self
            .last
            .filter(|&p| goes_on_from(&self.out[p], &line, self.seen_number));
        if number_line(&line) || number_open(&line) {
            self.seen_number = true;
        }
        match join_to {
            Some(p) => {
                let prev = &mut self.out[p];
                // "Số: 3783/QĐ-" + "UBND" closes up; anything else takes a space.
                if !(number_line(prev) && prev.ends_with(['-', '/'])) {
                    prev.push(' ');
                }
                prev.push_str(&line);
                let closed = split_digits_re().replace_all(prev, "$1 $2$3").into_owned();
                *prev = closed;
            }
            None => {
                self.out.push(line);
                self.last = Some(self.out.len() - 1);
            }
        }
    }
}

/// Does header line `line` go on from `prev`, wrapped by a narrow column:
/// the motto, an agency's last word, "VỀ", a number, a place or a date?
fn goes_on_from(prev: &str, line: &str, seen_number: bool) -> bool {
    static DATE_OPEN: OnceLock<Regex> = OnceLock::new();
    static DATE_REST: OnceLock<Regex> = OnceLock::new();
    static DAY_OPEN: OnceLock<Regex> = OnceLock::new();
    // "Phú Thọ, ngày 18", "Hà Nội, ngày", "…, ngày 18 tháng": the date goes on.
    let date_open = re(
        &DATE_OPEN,
        r"(?i)ng[àa]y(?:\s*\d{1,2})?(?:\s*th[áa]ng(?:\s*\d{1,2})?)?(?:\s*n[ăa]m)?\s*$",
    );
    let date_rest = re(
        &DATE_REST,
        r"(?i)^(?:(?:\d(?:\s?\d)?\s*)?(?:th[áa]ng|n[ăa]m)|\d{4}\b)",
    );
    let day_open = re(&DAY_OPEN, r"(?i)^ng[àa]y\s*\d");
    let caps_pair = mostly_caps(prev) && mostly_caps(line);
    let motto = caps_pair && {
        let joined = fold(&format!("{prev} {line}"));
        joined.contains("cong hoa xa hoi chu nghia viet nam")
            && !fold(prev).contains("cong hoa xa hoi chu nghia viet nam")
            && !fold(line).starts_with("cong hoa")
    };
    // (Not the motto's first word: "CHÍNH PHỦ" / "CỘNG" / "HÒA XÃ HỘI …".)
    let wrapped_word =
        caps_pair && !seen_number && line.split_whitespace().count() == 1 && fold(line) != "cong";
    let dangling_ve = fold(prev) == "ve";
    let number_goes_on = number_open(prev) || (number_line(prev) && prev.ends_with(['-', '/']));
    motto
        || wrapped_word
        || dangling_ve
        || number_goes_on
        || place_goes_on(prev, line)
        || (date_open.is_match(prev) && date_rest.is_match(line))
        // "Hà Nội," / "ngày 25 tháng 11 năm 2025"
        || (prev.ends_with(',')
            && prev.split_whitespace().count() <= 5
            && day_open.is_match(line))
}

/// "Quảng" / "Trị, ngày 27 tháng 11 năm 2025": a place name wrapped before
/// the place-and-date line. (Capitalised words but for one at most: "Thành
/// phố Hồ Chí".)
fn place_goes_on(prev: &str, line: &str) -> bool {
    static PLACE_DATE: OnceLock<Regex> = OnceLock::new();
    let place_date = re(&PLACE_DATE, r"^\p{L}[\p{L} ]{0,30},\s*ng[àa]y\b");
    prev.split_whitespace().count() <= 4
        && prev
            .split_whitespace()
            .filter(|w| !w.chars().next().is_some_and(char::is_uppercase))
            .count()
            <= 1
        && prev.chars().next().is_some_and(char::is_uppercase)
        && !prev.contains(['/', ':'])
        && !mostly_caps(prev)
        && !prev.ends_with([',', '.', ';', ':'])
        && place_date.is_match(line)
}

/// Where the header starts: the top, or, when a publisher's summary or a
/// cover note comes first, the agency lines above the national motto that
/// appears within the first lines (a motto wrapped over two lines counts).
pub fn header_start(lines: &[&str]) -> usize {
    const MOTTO: &str = "cong hoa xa hoi chu nghia viet nam";
    let window = lines.len().min(2 * HEADER_REACH);
    let Some(motto) = (0..window).find(|&i| {
        let here = fold(lines[i]);
        here.contains(MOTTO)
            || lines.get(i + 1).is_some_and(|n| {
                !fold(n).contains(MOTTO) && fold(&format!("{} {n}", lines[i])).contains(MOTTO)
            })
    }) else {
        return 0;
    };
    // Walk up over the agency block: caps lines, rules, blank lines.
    let mut s = motto;
    while s > 0 {
        let l = lines[s - 1].trim();
        let agency_like = l.is_empty() || mostly_caps(l) || !l.chars().any(char::is_alphanumeric);
        if !agency_like {
            break;
        }
        s -= 1;
    }
    while s < motto && lines[s].trim().is_empty() {
        s += 1;
    }
    // Only sentences above (a summary, a cover note) make a preface; a stamp
    // or a logo's words over the agency do not.
    let prose_above = lines[..s].iter().any(|l| {
        let l = l.trim();
        l.split_whitespace().count() > 6 && !mostly_caps(l)
    });
    if prose_above {
        s
    } else {
        0
    }
}

/// "Số:" (or "Số và ký hiệu:") alone, its number on the next line.
fn number_open(line: &str) -> bool {
    static N: OnceLock<Regex> = OnceLock::new();
    re(&N, r"(?i)^S[ốoô6]\s*(?:và ký hiệu\s*)?:?\s*$").is_match(line)
}

/// "Số: 12/QĐ-UBND", "Số 221-KL/TW": the letter's number line.
fn number_line(line: &str) -> bool {
    static N: OnceLock<Regex> = OnceLock::new();
    re(&N, r"(?i)^S[ốoô6]\s*:?\s*\d").is_match(line)
}

/// Word-processor markers: `[bookmark: …]` removed, `[footnoteRef:N]` becomes
/// the mark `[N]`, and the footnote body `[N: text]` is lifted out as a [`Note`].
pub fn lift_word_markers(text: &str) -> (String, Vec<Note>) {
    static BOOKMARK: OnceLock<Regex> = OnceLock::new();
    static REF: OnceLock<Regex> = OnceLock::new();
    static BODY: OnceLock<Regex> = OnceLock::new();
    let text = re(&BOOKMARK, r"\[bookmark:[^\]]*\]").replace_all(text, "");
    let text = re(&REF, r"\[footnoteRef:\s*(\d{1,3})\]").replace_all(&text, "[$1]");
    let mut notes = Vec::new();
    let body = re(&BODY, r"\[(\d{1,3}):\s*([^\]]*)\]");
    let text = body
        .replace_all(&text, |c: &regex::Captures| {
            notes.push(Note {
                label: c[1].to_string(),
                text: clean_whitespace(&c[2])
                    .replace('\n', " ")
                    .trim()
                    .to_string(),
            });
            String::new()
        })
        .into_owned();
    (text, notes)
}

/// Sentence-final punctuation: a line ending with it closes a sentence.
fn ends_sentence(line: &str) -> bool {
    let l = line.trim_end();
    l.ends_with(['.', ';', ':', '!', '?', '…'])
}

fn starts_lowercase(line: &str) -> bool {
    line.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// A list or section marker at the start of a line: `1.`, `1.2.`, `a)`, `đ)`,
/// `-`, `+`, `·`, `•`, `(1)`, `I.`, `Điều 3`.
pub fn starts_with_marker(line: &str) -> bool {
    static M: OnceLock<Regex> = OnceLock::new();
    re(
        &M,
        r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]\s|\d{1,2}(?:\.\d{1,2})+\s|[a-zđ]\)\s|[-+·•*–]\s|\(\d{1,2}\)|\([a-zđ]\)|[IVX]{1,5}\.\s|Điều\s+\d)",
    )
    .is_match(line.trim_start())
}

/// Structural labels of a letter that always begin a line of their own.
pub fn starts_with_label(line: &str) -> bool {
    static L: OnceLock<Regex> = OnceLock::new();
    re(
        &L,
        r"(?i)^(?:Kính gửi|Nơi nhận|Số\s*:|V/v|KT\.|TM\.|TL\.|TUQ\.|Q\.\s|Căn cứ|Điều\s+\d|Dự thảo)",
    )
    .is_match(line.trim_start())
}

/// Mostly capital letters: header lines ("ỦY BAN NHÂN DÂN"), titles, signer block.
pub fn mostly_caps(line: &str) -> bool {
    Shape::of(line).mostly_caps()
}

/// What line joining needs to know of a paragraph it keeps growing, counted
/// as lines are added (recounting the whole paragraph at every line was
/// quadratic on long tables).
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    letters: usize,
    upper: usize,
    chars: usize,
}

impl Shape {
    fn of(text: &str) -> Shape {
        let mut s = Shape::default();
        for c in text.chars() {
            s.chars += 1;
            if c.is_uppercase() {
                s.letters += 1;
                s.upper += 1;
            } else if c.is_alphabetic() {
                s.letters += 1;
            }
        }
        s
    }

    fn add(&mut self, other: Shape) {
        self.letters += other.letters;
        self.upper += other.upper;
        self.chars += other.chars;
    }

    fn mostly_caps(&self) -> bool {
        self.letters >= 2 && self.upper * 10 >= self.letters * 7
    }
}

/// The last words of `text`, at least `min` bytes of them when it has them,
/// starting at a word (so `\b` and `$` anchored patterns read it as they
/// would the whole).
fn ending(text: &str, min: usize) -> &str {
    if text.len() <= min {
        return text;
    }
    let mut at = text.len() - min;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    match text[..at].rfind(char::is_whitespace) {
        Some(ws) => &text[ws..],
        None => text,
    }
}

/// How footnotes in letters open: "1 Theo hướng dẫn tại …", "2 Về phát triển …".
const FOOTNOTE_OPENERS: [&str; 8] = [
    "Theo ",
    "Về ",
    "Tại ",
    "Căn cứ ",
    "Gồm ",
    "Trong đó",
    "Xem ",
    "Bao gồm",
];

/// A pattern from `cache`, compiled on first use (`None` if it does not compile).
fn compiled(cache: &mut HashMap<String, Option<Regex>>, pattern: String) -> Option<Regex> {
    cache
        .entry(pattern)
        .or_insert_with_key(|p| Regex::new(p).ok())
        .clone()
}

/// The digit runs glued to a lower-case letter and ended by a space, a
/// punctuation mark or the line's end: "yêu cầu1." gives "1", "ương12 " "12".
fn glued_numbers(line: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut prev_lower = false;
    while let Some((i, c)) = chars.next() {
        if prev_lower && c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                chars.next();
            }
            let ends = match chars.peek() {
                None => true,
                Some(&(_, n)) => n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | ')'),
            };
            if ends {
                out.push(&line[i..end]);
            }
            prev_lower = false;
            continue;
        }
        prev_lower = c.is_lowercase();
    }
    out.into_iter()
}

/// A footnote printed at a page break: the line "1 Về phát triển …" stands
/// between two halves of one sentence. It is lifted out as a [`Note`] and the
/// footnote digit glued to a word before it ("Trung ương1") becomes `[1]`.
pub fn lift_page_footnotes(text: &str) -> (String, Vec<Note>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut lift = FootnoteLift {
        drop: vec![false; lines.len()],
        notes: Vec::new(),
        marks: Vec::new(),
    };
    lift_footnote_lines(&lines, &mut lift);
    let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    // Patterns for one footnote number, compiled once per number (at most a
    // hundred), not once per footnote.
    let mut patterns: HashMap<String, Option<Regex>> = HashMap::new();
    lift_inline_footnotes(&mut lines, &mut lift, &mut patterns);
    bracket_footnote_marks(&mut lines, &lift, &mut patterns);
    let text = lines
        .into_iter()
        .zip(lift.drop)
        .filter(|(_, d)| !d)
        .map(|(l, _)| l)
        .collect::<Vec<_>>()
        .join("\n");
    (text, lift.notes)
}

/// What [`lift_page_footnotes`] has lifted so far.
struct FootnoteLift {
    /// Lines taken by a lifted footnote, left out of the text.
    drop: Vec<bool>,
    notes: Vec<Note>,
    /// For each note: the line above which its mark is looked for, and its label.
    marks: Vec<(usize, String)>,
}

/// Lifts the footnote lines at page breaks (with the lines a long footnote
/// wraps onto) into `lift`.
fn lift_footnote_lines(lines: &[&str], lift: &mut FootnoteLift) {
    static FOOT: OnceLock<Regex> = OnceLock::new();
    let mut scan = FootnoteScan {
        lines,
        foot: re(&FOOT, r"^(\d{1,2})['’`]?\s?(\p{Lu}.*)$"),
        first_glued: first_glued_numbers(lines),
        expected: 1,
    };
    let mut i = 0;
    while i < lines.len() {
        let Some(c) = scan.foot.captures(lines[i]) else {
            i += 1;
            continue;
        };
        let label = c[1].to_string();
        let body = c[2].trim().to_string();
        let Some(sandwiched) = scan.is_footnote(i, &label, &body, &lift.drop) else {
            i += 1;
            continue;
        };
        lift.drop[i] = true;
        let mut text = body;
        let j = if sandwiched {
            i + 1
        } else {
            scan.take_wrapped_lines(i, &mut text, &mut lift.drop)
        };
        if let Ok(n) = label.parse::<u32>() {
            scan.expected = n + 1;
        }
        lift.notes.push(Note {
            label: label.clone(),
            text,
        });
        lift.marks.push((i, label));
        i = j.max(i + 1);
    }
}

/// Where each footnote number first appears glued to a word, found in one
/// pass (a regex per candidate line over all lines above was quadratic on
/// long OCR'd tables).
fn first_glued_numbers<'a>(lines: &[&'a str]) -> HashMap<&'a str, usize> {
    let mut first_glued: HashMap<&str, usize> = HashMap::new();
    for (at, line) in lines.iter().enumerate() {
        for label in glued_numbers(line) {
            first_glued.entry(label).or_insert(at);
        }
    }
    first_glued
}

/// The lines as [`lift_footnote_lines`] walks them, and what it has learnt.
struct FootnoteScan<'a> {
    lines: &'a [&'a str],
    /// A line opening with a footnote number: group 1 the number, 2 the text.
    foot: &'static Regex,
    /// See [`first_glued_numbers`].
    first_glued: HashMap<&'a str, usize>,
    /// The number the next footnote should carry.
    expected: u32,
}

impl FootnoteScan<'_> {
    /// Is the footnote-shaped line `i` a footnote? `Some(true)` when it
    /// splits a sentence, `Some(false)` when it is next in the numbering.
    fn is_footnote(&self, i: usize, label: &str, body: &str, drop: &[bool]) -> Option<bool> {
        let lines = self.lines;
        let p = (0..i)
            .rev()
            .find(|&j| !lines[j].trim().is_empty() && !drop[j])?;
        let n = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())?;
        // "1 Xây dựng Thông tư …" under a table's header row ("TT Nhiệm vụ
        // Cơ quan chủ trì …") is the table's first row.
        if lines[i.saturating_sub(6)..i]
            .iter()
            .any(|l| opens_header_row(l.trim()))
        {
            return None;
        }
        // In the middle of a sentence broken by the page end…
        let sandwiched =
            !ends_sentence(lines[p]) && starts_lowercase(lines[n]) && !starts_with_marker(lines[n]);
        // …or the next footnote number, marked by a digit glued to a word
        // above ("yêu cầu1.") or opening as footnotes do ("1 Theo hướng dẫn …").
        let glued = self.first_glued.get(label).is_some_and(|&at| at < i);
        let opener = FOOTNOTE_OPENERS.iter().any(|o| body.starts_with(o));
        let in_sequence = label.parse::<u32>().ok() == Some(self.expected) && (glued || opener);
        (sandwiched || in_sequence).then_some(sandwiched)
    }

    /// Appends to `text` the lines a long footnote (line `i`) goes on over,
    /// up to its full stop, marking them dropped; the line after them.
    fn take_wrapped_lines(&self, i: usize, text: &mut String, drop: &mut [bool]) -> usize {
        let lines = self.lines;
        // Its wrapped lines may start in lower case ("của Sở …"); after a blank
        // line, a lower-case line is the body resuming instead.
        let mut j = i + 1;
        let mut after_blank = false;
        while !text.ends_with('.') && j < lines.len() && j <= i + 6 {
            let l = lines[j].trim();
            if l.is_empty() {
                after_blank = true;
                j += 1;
                continue;
            }
            if starts_with_marker(l)
                || starts_with_label(l)
                || self.foot.is_match(l)
                || (after_blank && starts_lowercase(l))
            {
                break;
            }
            text.push(' ');
            text.push_str(l);
            drop[j] = true;
            j += 1;
        }
        j
    }
}

/// A footnote a text layer ran into the sentence it interrupts: "… mức độ
/// hoàn 1 Về phát triển khoa học. thành công việc …", numbered like a mark
/// glued to a word above ("Trung ương1"). Cut out of its line into `lift`.
fn lift_inline_footnotes(
    lines: &mut [String],
    lift: &mut FootnoteLift,
    patterns: &mut HashMap<String, Option<Regex>>,
) {
    for k in 0..lines.len() {
        if lift.drop[k] {
            continue;
        }
        if let Some((s, e, label, body)) = inline_footnote(lines, k, &lift.notes, patterns) {
            let l = &lines[k];
            lines[k] = format!("{} {}", &l[..s], &l[e..]);
            lift.notes.push(Note {
                label: label.clone(),
                text: body,
            });
            lift.marks.push((k + 1, label));
        }
    }
}

/// The first footnote run into line `k` whose number is glued to a word on
/// or above it and not lifted yet: (start, end of the cut, label, text).
fn inline_footnote(
    lines: &[String],
    k: usize,
    notes: &[Note],
    patterns: &mut HashMap<String, Option<Regex>>,
) -> Option<(usize, usize, String, String)> {
    static INLINE: OnceLock<Regex> = OnceLock::new();
    let inline = re(
        &INLINE,
        r"\s(\d{1,2})\s((?:Theo|Về|Tại|Căn cứ|Gồm|Xem)\s[^.]{3,300}\.)\s+(\p{Ll})",
    );
    for c in inline.captures_iter(&lines[k]) {
        let (Some(all), Some(n), Some(body)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let mark = compiled(patterns, format!(r"\p{{Ll}}{}(?:\s|[,.;:)])", n.as_str()));
        let marked = mark.is_some_and(|g| lines[..=k].iter().any(|l| g.is_match(l)));
        if marked && !notes.iter().any(|x: &Note| x.label == n.as_str()) {
            let rest_at = c.get(3).map_or(all.end(), |m| m.start());
            return Some((
                all.start(),
                rest_at,
                n.as_str().to_string(),
                body.as_str().to_string(),
            ));
        }
    }
    None
}

/// Writes each lifted footnote's mark as `[n]`: the digit glued to the last
/// word before it ("Trung ương1" → "Trung ương[1]").
fn bracket_footnote_marks(
    lines: &mut [String],
    lift: &FootnoteLift,
    patterns: &mut HashMap<String, Option<Regex>>,
) {
    for (at, label) in &lift.marks {
        // The last word before the footnote that ends with its digit.
        let Some(glued) = compiled(
            patterns,
            format!(r"(\p{{L}}){}(\s|[,.;:)]|$)", regex::escape(label)),
        ) else {
            continue;
        };
        if let Some(j) = (0..*at)
            .rev()
            .find(|&j| !lift.drop[j] && glued.is_match(&lines[j]))
        {
            let last = glued.find_iter(&lines[j]).last().map(|m| m.start());
            if let Some(start) = last {
                let ch = lines[j][start..].chars().next().map_or(0, char::len_utf8);
                let digit_at = start + ch;
                let mut s = lines[j].clone();
                s.replace_range(digit_at..digit_at + label.len(), &format!("[{label}]"));
                lines[j] = s;
            }
        }
    }
}

/// The width of a full line in this text: the 80th percentile of line lengths
/// (characters). PDF text wraps at about 80; word-processor text has one
/// paragraph per line and a much larger width.
fn full_width(lines: &[&str]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| l.chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lens.is_empty() {
        return 0;
    }
    lens.sort_unstable();
    lens[(lens.len() * 4 / 5).min(lens.len() - 1)]
}

/// Should `next` continue the sentence that `prev` breaks off?
fn continues(prev: &str, shape: Shape, next: &str, full: usize) -> bool {
    if next.is_empty() || starts_with_marker(next) || starts_with_label(next) {
        return false;
    }
    if shape.mostly_caps() || mostly_caps(next) {
        return false;
    }
    if splits_a_number(prev, next) {
        return true;
    }
    if names_its_units(ending(prev, 300), next) {
        return true;
    }
    if addresses_then_opens_body(prev, next) {
        return false;
    }
    // Table rows (cells marked by `mark_table_cells`) stay one a line, and
    // so does a table's header row run onto one line ("STT Nhiệm vụ Cơ quan
    // chủ trì …"): the first row is not its continuation (a column name it
    // wrapped, "Sản" / "phẩm", is).
    if is_marked_row(next)
        || is_marked_row(ending(prev, 200))
        || (opens_header_row(prev) && !starts_lowercase(next))
        || opens_header_row(next)
    {
        return false;
    }
    if starts_lowercase(next) {
        return true;
    }
    // Words that open a sentence, not continue one.
    static OPENERS: OnceLock<Regex> = OnceLock::new();
    static PLACE_DATE: OnceLock<Regex> = OnceLock::new();
    if re(&PLACE_DATE, r"^\p{Lu}[\p{L}. ]{1,40},\s*ng[àa]y\s*\d").is_match(next) {
        return false;
    }
    // Compared without marks, so a scan read without the Vietnamese model
    // ("Can cif Quyét dinh …", "Thuc hién …") still opens its sentence.
    if re(
        &OPENERS,
        r"^(?:ngay\s+\d|can c|thuc hien|tren co so|de\s|nham\s|theo\s|sau khi|qua\s|hien nay|tiep theo)",
    )
    .is_match(&fold(next))
    {
        return false;
    }
    if ends_sentence(prev) || shape.chars < 30 {
        return false;
    }
    shape.chars * 4 >= full * 3 || dangles(prev)
}

/// The row-number column's name in a table's header: "STT", "TT", "Số TT".
pub fn is_row_number_header(cell: &str) -> bool {
    matches!(
        fold(cell.trim()).as_str(),
        "stt" | "tt" | "so tt" | "so thu tu"
    )
}

/// A table's header row on one line: it opens with the row-number column
/// ("STT", "TT") and names the task's column and another after it ("TT Nhiệm
/// vụ Cơ quan chủ trì …"), so "TT HĐND tỉnh chỉ đạo …" is none.
fn opens_header_row(paragraph: &str) -> bool {
    let mut words = paragraph.split_whitespace();
    if !words.next().is_some_and(is_row_number_header) {
        return false;
    }
    let head: String = words.take(12).collect::<Vec<_>>().join(" ");
    let f = fold(&head);
    ["nhiem vu", "noi dung", "cong viec"]
        .iter()
        .any(|c| f.starts_with(c))
        && [
            "chu tri",
            "thuc hien",
            "thoi gian",
            "thoi han",
            "phoi hop",
            "co quan",
            "don vi",
        ]
        .iter()
        .any(|c| f.contains(c))
}

/// A document number wrapped after its hyphen or slash: "… Quyết định số
/// 1025/QĐ-" over "UBND ngày 18/12/2025 …" (however short the line).
fn splits_a_number(prev: &str, next: &str) -> bool {
    let last = prev.trim_end().rsplit(' ').next().unwrap_or("");
    last.ends_with(['-', '/'])
        && last.contains('/')
        && last.chars().any(|c| c.is_ascii_digit())
        && next.chars().next().is_some_and(char::is_alphanumeric)
}

/// "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
/// over "Triển khai việc phân bổ …": the addressed bodies end where a line
/// opens a sentence (a capital, then a lower-case word) and the Kính gửi line
/// does not hang on a comma or a linking word; names go on in capitals
/// ("… Sở Tài chính" / "Sở Y tế") or after a dangling word ("… thuộc" / "Bộ").
fn addresses_then_opens_body(prev: &str, next: &str) -> bool {
    if !crate::rules::fold::starts_with_folded(prev, "kinh gui") {
        return false;
    }
    let mut words = next.split_whitespace();
    let opens_sentence = words
        .next()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase)
        && words
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_lowercase);
    opens_sentence && !dangles(prev)
}

/// "… trọng tâm là các tỉnh:" over "Đắk Lắk, Khánh Hòa, Gia Lai và Lâm
/// Đồng:": a line that ends on plural units and a colon, and a line of proper
/// names that are those units.
fn names_its_units(prev: &str, next: &str) -> bool {
    static UNITS: OnceLock<Regex> = OnceLock::new();
    let units = re(
        &UNITS,
        r"\bcac (?:tinh|thanh pho|xa|phuong|huyen|quan|thi xa|thi tran|dac khu|so|bo|thon|ban|to dan pho)(?:, (?:tinh|thanh pho|xa|phuong|huyen|quan|thi xa|thi tran|dac khu))*:$",
    );
    // The pattern ends on a colon: a line that does not (most of them, and
    // `prev` is a whole growing paragraph) is not folded at all.
    let prev = prev.trim_end();
    let last = prev
        .chars()
        .rev()
        .find(|&c| !crate::rules::fold::is_mark(c));
    if last.map(crate::rules::fold::fold_char) != Some(':') || !units.is_match(&fold(prev)) {
        return false;
    }
    let items: Vec<&str> = next
        .trim_end_matches([':', '.', ';', ','])
        .split([',', ';'])
        .flat_map(|p| p.split(" và "))
        .map(str::trim)
        .collect();
    items.len() >= 2
        && items.iter().all(|it| {
            let words: Vec<&str> = it.split_whitespace().collect();
            (1..=4).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
}

/// A line that cannot end a heading or a paragraph: it stops on a comma or on
/// a word that needs what follows ("… cơ quan thuộc", "… báo cáo của",
/// "… các tỉnh: Đắk Lắk,").
fn dangles(line: &str) -> bool {
    let l = line.trim_end();
    if l.ends_with([',', '-', '–', '(']) {
        return true;
    }
    let last = fold(l.rsplit(' ').next().unwrap_or(""));
    [
        "cua", "va", "voi", "cac", "cho", "tai", "theo", "ve", "de", "thuoc", "trong", "tu", "den",
        "do", "la", "nhung", "duoc", "hoac", "cung", "giua", "bang", "nhu", "ma", "nham", "tren",
    ]
    .contains(&last.as_str())
}

/// Text laid out with the first line of every paragraph indented (so shorter
/// than the others): the usual length of a first line that the next line
/// certainly continues (it opens in lowercase), when at least three agree and
/// they are shorter than a full line. A first line that long breaks off too.
fn first_line_width(lines: &[&str], full: usize) -> Option<usize> {
    let mut lens: Vec<usize> = lines
        .windows(2)
        .filter(|w| starts_with_marker(w[0]) && !ends_sentence(w[0]) && starts_lowercase(w[1]))
        .map(|w| w[0].chars().count())
        .collect();
    if lens.len() < 3 {
        return None;
    }
    lens.sort_unstable();
    let median = lens[lens.len() / 2];
    let near = lens
        .iter()
        .filter(|&&n| n + 6 >= median && n <= median + 6)
        .count();
    (near * 4 >= lens.len() * 3 && median * 4 < full * 3 && median >= 35).then_some(median)
}

/// A colon a scan left at the end of a line inside a sentence: "… tiếp tục" /
/// "thực hiện :" / "Công điện số 94 …", "Tập đoàn Bưu" / "chính :" / "Viễn
/// thông Việt Nam …". Typed text puts no space before a colon; the few labels
/// that do ("Ghi chú :", "Trong đó :", "1. Thông tin dự án :") open in
/// capitals, are short or numbered, and keep theirs. Only " :" after a small
/// letter goes, on a line that opens in lowercase (it goes on a sentence) or
/// runs eight words or more, when the next line opens no item, dash or label.
pub fn drop_colon_specks(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, &line) in lines.iter().enumerate() {
        let kept = line.strip_suffix(" :").filter(|rest| {
            let next = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty());
            rest.chars().last().is_some_and(char::is_lowercase)
                && !starts_with_marker(rest)
                // "… theo công thức sau :", "… như sau :" introduce.
                && !rest.ends_with(" sau")
                && (starts_lowercase(rest) || rest.split_whitespace().count() >= 8)
                && next.is_some_and(|n| !starts_with_marker(n) && !starts_with_label(n))
        });
        out.push(kept.unwrap_or(line));
    }
    out.join("\n")
}

/// Re-join lines that PDF extraction broke mid-sentence, also across the blank
/// line PDF text puts after every line ("line, blank line, line"). Real
/// paragraphs, list items, headings, header and signer lines stay apart.
pub fn rejoin_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    let full = full_width(&lines);
    let nonblank: Vec<&str> = lines.iter().copied().filter(|l| !l.is_empty()).collect();
    let first = first_line_width(&nonblank, full);
    let mut out: Vec<String> = Vec::new();
    // The shape of `out`'s last paragraph.
    let mut shape = Shape::default();
    // Blank lines seen since the last text line.
    let mut blanks = 0usize;
    for line in lines {
        if line.is_empty() {
            blanks += 1;
            continue;
        }
        // A lowercase start continues a sentence even across the blank lines a
        // lifted footnote leaves behind.
        let join = (blanks <= 1 || starts_lowercase(line))
            && out.last().is_some_and(|prev| {
                !prev.is_empty()
                    && (continues(prev, shape, line, full)
                        || first.is_some_and(|w| {
                            starts_with_marker(prev)
                                && shape.chars + 6 >= w
                                && continues(prev, shape, line, 0)
                        }))
            });
        if join {
            if let Some(prev) = out.last_mut() {
                // A number split after its separator: "02-KH/" + "BCĐTW".
                let glue = prev.ends_with(['-', '/'])
                    && prev.chars().rev().nth(1).is_some_and(char::is_alphanumeric)
                    && line.chars().next().is_some_and(char::is_alphanumeric);
                if !glue {
                    prev.push(' ');
                    shape.chars += 1;
                }
                prev.push_str(line);
                shape.add(Shape::of(line));
            }
        } else {
            if blanks > 0 && !out.is_empty() {
                out.push(String::new());
            }
            out.push(line.to_string());
            shape = Shape::of(line);
        }
        blanks = 0;
    }
    out.join("\n")
}

/// Lines this long are paragraphs a text layer ran together, not one item.
const RUN_ON: usize = 80;

/// Items run together on one line, as some PDF text layers give them ("…cấp
/// xã. - Thời gian hoàn thành: … b) Sở Công Thương …"): a new line before each
/// item marker that follows the end of a sentence and opens a capitalised item.
/// Stray marks a scan left between them (' : . ~, a dash glued to a number:
/// "mới. -3. Nguồn lực") are dropped, and a letter misread as a symbol ("€) Sở
/// Nội vụ") still opens an item (the parse stage gives it its letter); a new line also
/// goes before "Nơi nhận:", "Kính gửi:", "KT." and a new "Căn cứ/Thực hiện/
/// Trên cơ sở" paragraph run onto the end of a sentence. Inline "(1) …
/// (2) …" stays: the parse stage reads those as one item's parts.
pub fn split_run_on_items(text: &str) -> String {
    static M: OnceLock<Regex> = OnceLock::new();
    let m = re(
        &M,
        r#"(?:([.;:!?…][’'"”)]*)\s+(?:[’'".,:~_|]\s*)*(?:[-–]\s?)?|(\p{L})\s+[~_|]+\s*)((?:\d{1,2}\.|[a-zđ€£©®¢§]\)|[-–+·•]|[IVX]{1,4}\.|Điều\s+\d{1,3}\.)\s*\p{Lu}|(?:Nơi nhận|Kính gửi)\s*:|(?:KT|TM|TL)\.\s*\p{Lu})|(?:(\./\.?)\s+(\S))|(?:([.;])\s+((?:Căn cứ|Thực hiện|Trên cơ sở)\s))"#,
    );
    static LETTER: OnceLock<Regex> = OnceLock::new();
    static LABEL: OnceLock<Regex> = OnceLock::new();
    // "1. Về hạ tầng kỹ thuật a) Sở Khoa học …": a lettered item opening a
    // capitalised clause needs no full stop before it.
    let letter = re(&LETTER, r"(\p{L}|\d)\s+([a-zđ]\)\s+\p{Lu})");
    // "- Thời gian hoàn thành: Trước ngày 20/12/2025. Tiếp tục …": a short
    // labelled item, then the next paragraph.
    let label = re(&LABEL, r"^([-–+]\s*[^.:]{2,40}:[^.]{1,60}\.)\s+(\p{Lu})");
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if line.chars().count() < RUN_ON {
            out.push(line.to_string());
            continue;
        }
        let mut segments: Vec<String> = Vec::new();
        let mut last = 0;
        for c in m.captures_iter(line) {
            // End of the sentence (or the word before a stray "~"), and the item;
            // or the letter's closing "./." and what follows it; or a new
            // paragraph run onto a short line ("- UBND các xã. Trên cơ sở …").
            let (end, item) = if let (Some(e), Some(i)) = (c.get(1).or(c.get(2)), c.get(3)) {
                (e, i)
            } else if let (Some(e), Some(i)) = (c.get(4), c.get(5)) {
                (e, i)
            } else if let (Some(e), Some(i)) = (c.get(6), c.get(7)) {
                if e.end() - last > RUN_ON {
                    continue;
                }
                (e, i)
            } else {
                continue;
            };
            if end.end() < last {
                continue;
            }
            segments.push(line[last..end.end()].trim().to_string());
            last = item.start();
        }
        segments.push(line[last..].trim().to_string());
        for seg in segments {
            let seg = letter.replace_all(&seg, "$1\n$2");
            let seg = label.replace(&seg, "$1\n$2");
            out.push(seg.into_owned());
        }
    }
    out.join("\n")
}

/// Specks a scan left before a line's first word or list dash: ".- Như trên;",
/// "-_- Văn phòng …", ",_~ Như trên;", ".. CÔNG ĐIỆN", "' công tác …". A run
/// of three dots (an ellipsis) stays.
pub fn drop_leading_specks(text: &str) -> String {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    static DOUBLE_DASH: OnceLock<Regex> = OnceLock::new();
    let lead = re(&LEAD, r"^[.,'`’_~|:]{1,3}(?:\s+(\p{L})|\s*([-–+]\s+\S))");
    let double_dash = re(&DOUBLE_DASH, r"^[-–][_~.]+[-–](\s+\S)");
    text.split('\n')
        .map(|l| {
            if l.starts_with("...") {
                return l.to_string();
            }
            let l = double_dash.replace(l, "-$1");
            let cut = lead
                .captures(&l)
                .and_then(|c| c.get(1).or(c.get(2)))
                .map(|m| m.start())
                // A mark glued to a word ("'Chiến dịch'") is a quote: it stays.
                .unwrap_or(0);
            l[cut..].to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A tick a scan glued to the end of a word inside a sentence: "hoàn thành
/// trước' ngày 30/9/2026" → "trước ngày". Only when the tick is the line's
/// only one and small letters stand on both sides (a quote's closing mark
/// has its opening one on the line: "'Chiến dịch' của …").
pub fn drop_glued_ticks(text: &str) -> String {
    static TICK: OnceLock<Regex> = OnceLock::new();
    let tick = re(&TICK, r"(\p{Ll})['`‘’](\s+\p{Ll})");
    text.split('\n')
        .map(|l| {
            if l.chars()
                .filter(|c| matches!(c, '\'' | '`' | '‘' | '’'))
                .count()
                != 1
            {
                return l.to_string();
            }
            tick.replace(l, "$1$2").into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A list dash a scan lost: a line between two "- " items of a list, ending
/// as they do (";" or ","), gets its dash back: "- Báo Nhân dân," / "Thông
/// tấn xã Việt Nam," / "- Đài Tiếng nói Việt Nam," → "- Thông tấn xã Việt Nam,".
pub fn restore_list_dashes(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let dashed = |l: &str| l.starts_with("- ") || l.starts_with("– ");
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let prev = lines[..i]
            .iter()
            .rev()
            .map(|l| l.trim())
            .find(|l| !l.is_empty());
        let next = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty());
        let end = t.chars().last();
        let restore = !t.is_empty()
            && t.chars().count() <= 120
            && t.chars().next().is_some_and(char::is_uppercase)
            && !starts_with_marker(t)
            && !starts_with_label(t)
            && matches!(end, Some(';' | ','))
            && prev.is_some_and(|p| dashed(p) && p.chars().last() == end)
            && next.is_some_and(dashed);
        if restore {
            out.push(format!("- {t}"));
        } else {
            out.push((*line).to_string());
        }
    }
    out.join("\n")
}

/// Inline Roman item marks OCR misread, put back in sequence along a line:
/// "(ï) … (ii) … (1i) …" → "(i) … (ii) … (iii) …", "(¡)" → "(i)", "(¡iv)" →
/// "(iv)". A mark counts when it is made of i/v/x and their look-alikes
/// (ï ì í ¡ l 1 ! |) with at least one i, v or x or a non-ASCII look-alike, so
/// "(1)", "(2)" stay; a mark that is already right stays, and so does a list
/// that starts again at "(i)".
pub fn mend_inline_roman_markers(text: &str) -> String {
    static MARK: OnceLock<Regex> = OnceLock::new();
    let mark = re(&MARK, r"\(([iïìí¡l1!|vx]{1,5})\)");
    let roman_lc = |n: usize| to_roman(n).to_lowercase();
    let value = |s: &str| (1..=20).find(|&n| roman_lc(n) == s);
    text.split('\n')
        .map(|line| {
            if !line.contains('(') {
                return line.to_string();
            }
            let mut prev = 0usize;
            mark.replace_all(line, |c: &regex::Captures| {
                let token = &c[1];
                let roman_like = token.chars().any(|ch| "ivxïìí¡".contains(ch));
                if !roman_like {
                    return c[0].to_string();
                }
                let mapped: String = token
                    .chars()
                    .map(|ch| if "ïìí¡l1!|".contains(ch) { 'i' } else { ch })
                    .collect();
                let odd = mapped != token;
                let v = match value(&mapped) {
                    // A right mark, or a misread one that restarts a list.
                    Some(v) if !odd || v == 1 || v == prev + 1 => v,
                    _ => prev + 1,
                };
                prev = v;
                format!("({})", roman_lc(v))
            })
            .into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Item numbers OCR misread, put back in sequence: a Roman section number that
/// does not go up ("I", "II", "II" for "III"; "VI", "VI", "VII" for "VI", "VII",
/// "VIII") becomes the next one; an Arabic "9." between "4." and "6." becomes
/// "5."; a speck glued to the number ("5o. Giao …") goes; a full stop read as a
/// brace ("2} Ủy ban …" between "1." and "3.") is put back. A number that
/// restarts a list (1, I) is always kept.
pub fn mend_marker_sequence(text: &str) -> String {
    static ARABIC: OnceLock<Regex> = OnceLock::new();
    static ROMAN: OnceLock<Regex> = OnceLock::new();
    let arabic = re(&ARABIC, r"^(\d{1,2})[oO°º]?(\.\s+\p{Lu})");
    let roman = re(&ROMAN, r"^([IVX]{1,5})(\.\s+\p{Lu}|\.?$|\s+\p{Lu}{2})");
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    // (line, value) of each marker, Arabic and Roman apart.
    let mut arabics: Vec<(usize, usize)> = Vec::new();
    let mut romans: Vec<(usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = arabic.captures(l) {
            if let Ok(v) = c[1].parse() {
                arabics.push((i, v));
            }
        } else if let Some(c) = roman.captures(l) {
            if let Some(v) = roman_value(&c[1]) {
                romans.push((i, v));
            }
        }
    }
    for k in 1..arabics.len() {
        let (prev, cur) = (arabics[k - 1].1, arabics[k].1);
        let next = arabics.get(k + 1).map(|m| m.1);
        if cur > prev + 1 && next == Some(prev + 2) {
            arabics[k].1 = prev + 1;
        }
    }
    for k in 1..romans.len() {
        let (prev, cur) = (romans[k - 1].1, romans[k].1);
        let next = romans.get(k + 1).map(|m| m.1);
        let fix = cur != 1
            && cur != prev + 1
            && ((cur <= prev && cur + 1 >= prev) || next == Some(prev + 2))
            && prev < 20;
        if fix {
            romans[k].1 = prev + 1;
        }
    }
    // "2} Ủy ban Kiểm tra …" between "1." and "3.": the full stop read as a
    // brace or bracket, put back when the number is the one the list wants.
    static MISREAD: OnceLock<Regex> = OnceLock::new();
    let misread = re(&MISREAD, r"^(\d{1,2})[}\]|](\s+\p{Lu})");
    for (i, l) in lines.iter_mut().enumerate() {
        let Some(v) = misread.captures(l).and_then(|c| c[1].parse::<usize>().ok()) else {
            continue;
        };
        let before = arabics.iter().rev().find(|m| m.0 < i).map(|m| m.1);
        let after = arabics.iter().find(|m| m.0 > i).map(|m| m.1);
        if v > 1 && before == Some(v - 1) && after.is_none_or(|a| a == v + 1) {
            *l = misread.replace(l, format!("{v}.$2").as_str()).into_owned();
        }
    }
    for &(i, v) in &arabics {
        lines[i] = arabic
            .replace(&lines[i], format!("{v}$2").as_str())
            .into_owned();
    }
    for &(i, v) in &romans {
        let numeral = to_roman(v);
        lines[i] = roman
            .replace(&lines[i], format!("{numeral}$2").as_str())
            .into_owned();
    }
    lines.join("\n")
}

fn roman_value(s: &str) -> Option<usize> {
    (1..=20).find(|&n| to_roman(n) == s)
}

fn to_roman(n: usize) -> String {
    let mut n = n;
    let mut out = String::new();
    for (v, s) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// At most one blank line in a row, none at the start or end.
pub fn squeeze_blank_lines(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() && out.last().is_none_or(|l: &&str| l.trim().is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_header_wrapped_by_a_narrow_column_is_put_back() {
        let t = "ỦY BAN NHÂN\nDÂN\nTỈNH HÒA BÌNH\n--------\n\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n\
                 Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố:\n57/QĐ-\nUBND\n\nHòa Bình, ngày\n\
                 0 9 tháng 3 năm 2026\n\nQUYẾT ĐỊNH\nVỀ\nVIỆC GIAO CHỈ TIÊU\nCăn cứ Luật Tổ chức chính quyền ngày\n16 tháng 6 năm 2025;";
        let out = rejoin_header(t);
        let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            vec![
                "ỦY BAN NHÂN DÂN",
                "TỈNH HÒA BÌNH",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Số: 57/QĐ-UBND",
                "Hòa Bình, ngày 09 tháng 3 năm 2026",
                "QUYẾT ĐỊNH",
                "VỀ VIỆC GIAO CHỈ TIÊU",
                // The body is left alone.
                "Căn cứ Luật Tổ chức chính quyền ngày",
                "16 tháng 6 năm 2025;",
            ]
        );
    }

    #[test]
    fn a_place_wrapped_before_its_date_and_a_summary_above_the_letter() {
        let t = "## Tóm tắt của trang tin\nNgày 2/3/2026, UBND tỉnh ban hành Quyết định 57/QĐ-UBND.\n\
                 \nỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n-----\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                 Số: 12/KH-UBND\nThành phố Hồ Chí\nMinh, ngày 2 tháng 3 năm 2026\nKẾ HOẠCH";
        let out = rejoin_header(t);
        assert!(
            out.contains("\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"),
            "{out}"
        );
        assert!(
            out.contains("\nThành phố Hồ Chí Minh, ngày 2 tháng 3 năm 2026\n"),
            "{out}"
        );
        assert!(out.starts_with("## Tóm tắt của trang tin\nNgày 2/3/2026"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(header_start(&lines), 3);
    }

    use super::*;

    #[test]
    fn whitespace_is_collapsed_and_lines_trimmed() {
        assert_eq!(
            clean_whitespace(
                "\tKính gửi:\u{00A0}\u{00A0} Sở Y tế  \r\n  Nơi\u{200B} nhận:  \n__4. Phòng"
            ),
            "Kính gửi: Sở Y tế\nNơi nhận:\n4. Phòng"
        );
    }

    #[test]
    fn word_markers_become_marks_and_notes() {
        let (t, notes) = lift_word_markers(
            "[bookmark: _GoBack]a) Rà soát hệ thống[footnoteRef:3]. [3:  Theo Công văn số 943/CAT-ANM.] \n- Tiếp",
        );
        assert_eq!(t, "a) Rà soát hệ thống[3].  \n- Tiếp");
        assert_eq!(
            notes,
            vec![Note {
                label: "3".into(),
                text: "Theo Công văn số 943/CAT-ANM.".into()
            }]
        );
    }

    /// A short line ending in a number cut after its hyphen joins the rest of
    /// the number on the next line, whatever the line's length.
    #[test]
    fn a_number_cut_after_its_hyphen_is_joined_on_a_short_line() {
        let text = "Căn cứ Quyết định số 1025/QĐ-\nUBND ngày 18/12/2025 của Ủy ban nhân dân tỉnh;\nThực hiện Công văn số 12/SYT-NV;";
        let out = rejoin_lines(text);
        assert_eq!(
            out.lines().next(),
            Some("Căn cứ Quyết định số 1025/QĐ-UBND ngày 18/12/2025 của Ủy ban nhân dân tỉnh;")
        );
    }

    /// A table's first row under its header row is no page footnote, though
    /// it opens with "1" and a capital between two halves of a wrapped cell.
    #[test]
    fn a_tables_first_row_is_no_footnote() {
        let text =
            "TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối\nhợp Thời gian hoàn thành Sản phẩm\n\n\
                    1 Xây dựng Thông tư hướng dẫn tiêu chuẩn Cục Lâm nghiệp và Vụ Pháp\n\
                    chế; Viện Khoa Tháng 10/2026 Thông tư";
        let (out, notes) = lift_page_footnotes(text);
        assert!(notes.is_empty(), "{notes:?}");
        assert!(out.contains("1 Xây dựng Thông tư"));
    }

    #[test]
    fn a_full_stop_read_as_a_brace_is_put_back_in_sequence() {
        let text = "1. Các chi bộ nâng cao chất lượng.\n2} Ủy ban Kiểm tra xây dựng kế hoạch.\n3. Văn phòng hướng dẫn.\n5} Không theo thứ tự.";
        let out = mend_marker_sequence(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "2. Ủy ban Kiểm tra xây dựng kế hoạch.");
        assert_eq!(lines[3], "5} Không theo thứ tự.");
    }

    #[test]
    fn a_colon_a_scan_left_inside_a_sentence_goes() {
        let text = "Công điện số 225/CĐ-TTg ngày 20/11/2025; tiếp tục\nthực hiện :\n\n\
                    Công điện số 94/CĐ-BXD ngày 20/11/2025 của Bộ Xây dựng.\n\
                    Ghi chú :\n\
                    Các đơn vị gửi báo cáo theo mẫu.\n\
                    1. Thông tin đơn vị thẩm định kết quả giảm nhẹ của dự án :\n\
                    Tên đơn vị.\n\
                    Các đơn vị gửi báo cáo theo mẫu, bảo đảm đúng thời hạn như sau :\n\
                    - Báo cáo tháng.";
        let out = drop_colon_specks(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "thực hiện");
        assert_eq!(lines[4], "Ghi chú :");
        assert!(lines[6].ends_with("dự án :"));
        assert!(lines[8].ends_with("như sau :"));
    }

    #[test]
    fn broken_lines_are_rejoined_across_blank_lines() {
        let text = "Trên cơ sở Báo cáo số 80-BCHN/CQTTBCĐ ngày 30/12/2025 của Cơ quan Thường\n\n\
                    trực Ban Chỉ đạo về tình hình triển khai Kế hoạch số 02-KH/\n\n\
                    BCĐTW ngày 19/6/2025; Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n\n\
                    1. Các sở, ban, ngành: Theo chức năng, nhiệm vụ tập trung rà soát, khắc phục\n\n\
                    các điểm nghẽn trong cung cấp dịch vụ công trực tuyến.\n\n\
                    2. Sở Khoa học và Công nghệ\n\n\
                    - Rà soát tiến độ, trách nhiệm hoàn thành các mục tiêu, nhiệm vụ của các\n\n\
                    cơ quan.";
        let out = squeeze_blank_lines(&rejoin_lines(text));
        let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[0].contains("Cơ quan Thường trực Ban"));
        assert!(lines[0].contains("02-KH/BCĐTW ngày"));
        assert!(lines[1].ends_with("dịch vụ công trực tuyến."));
        assert_eq!(lines[2], "2. Sở Khoa học và Công nghệ");
        assert!(lines[3].starts_with("- Rà soát") && lines[3].ends_with("của các cơ quan."));
    }

    #[test]
    fn a_short_first_line_that_breaks_off_is_continued() {
        // Ends on a comma or a word that needs what follows.
        let text = "Phó Thủ tướng Chính phủ kết luận như sau, mời các cơ quan xem xét các nội dung dưới đây để thực hiện ngay.\n\
                    1. Các đồng chí Bộ trưởng, Thủ trưởng cơ quan thuộc\n\
                    Chính phủ theo chức năng, nhiệm vụ chỉ đạo thực hiện đồng bộ các giải pháp.\n\
                    2. Công tác tuyên truyền phổ biến pháp luật\n\
                    Các sở, ngành tăng cường tuyên truyền.";
        let out = rejoin_lines(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[1].ends_with(
            "thuộc Chính phủ theo chức năng, nhiệm vụ chỉ đạo thực hiện đồng bộ các giải pháp."
        ));
        assert_eq!(lines[2], "2. Công tác tuyên truyền phổ biến pháp luật");
        // Every paragraph's first line indented, so shorter than the rest: a
        // first line that long continues even on a capitalised name.
        let full = "x ".repeat(39);
        let text = format!(
            "(1) Bộ Y tế chỉ đạo Ban Quản lý dự án, các đơn vị\nliên quan {full}.\n\
             (2) Bộ Tài chính chỉ đạo các cơ quan liên quan tiếp\ntục {full}.\n\
             (3) Bộ Xây dựng chỉ đạo các cơ quan liên quan tiếp\ntục {full}.\n\
             (4) Bộ Công an tiếp tục chủ động phối hợp, hướng dẫn\nBộ Y tế {full}.\n\
             (5) Ngắn\nBộ Y tế {full}."
        );
        let out = rejoin_lines(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6, "{out}");
        assert!(lines[3].contains("hướng dẫn Bộ Y tế"));
    }

    #[test]
    fn a_list_of_units_broken_after_its_colon_is_joined() {
        let text = "1. Chủ tịch Ủy ban nhân dân các tỉnh từ Hà Tĩnh đến Lâm Đồng, trọng tâm là các tỉnh:\n\
                    Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng:\n\
                    a) Tổ chức xây dựng kế hoạch.\n\
                    Giao các sở sau:\n\
                    Rà soát, báo cáo.";
        let out = rejoin_lines(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[0].ends_with("các tỉnh: Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng:"));
    }

    #[test]
    fn appendix_table_rows_keep_their_cells_apart() {
        // Tabs: an empty cell keeps its place.
        let text = "Nơi nhận:\n- Lưu: VT.\n\nPhụ lục\nSTT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn\n\
                    3\tThống kê rác thải\tUBND các xã\t\tHằng tháng";
        let out = mark_table_cells(text);
        assert!(
            out.ends_with("\n3 | Thống kê rác thải | UBND các xã |  | Hằng tháng"),
            "{out}"
        );
        // A laid-out text layer: wrapped cells go back to their row and column.
        let row = |a: &str, b: &str, c: &str, d: &str, e: &str| {
            format!("{a:<6}{b:<28}{c:<22}{d:<20}{e}")
                .trim_end()
                .to_string()
        };
        let text = [
            "PHỤ LỤC".to_string(),
            row(
                "TT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "Cơ quan phối hợp",
                "Thời hạn",
            ),
            row(
                "1",
                "Xây dựng Thông tư",
                "Cục Lâm nghiệp và",
                "Vụ Pháp chế",
                "Tháng 10/2026",
            ),
            row("", "hướng dẫn tiêu chuẩn", "Kiểm lâm", "", ""),
            row(
                "2",
                "Tập huấn nghiệp vụ",
                "Viện Khoa học",
                "",
                "Quý IV/2026",
            ),
            "Ghi chú: các đơn vị báo cáo hằng quý.".to_string(),
        ]
        .join("\n");
        let text = text.as_str();
        let out = mark_table_cells(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[2],
            "1 | Xây dựng Thông tư hướng dẫn tiêu chuẩn | Cục Lâm nghiệp và Kiểm lâm | Vụ Pháp chế | Tháng 10/2026",
            "{out}"
        );
        assert_eq!(
            lines[3], "2 | Tập huấn nghiệp vụ | Viện Khoa học |  | Quý IV/2026",
            "{out}"
        );
        assert_eq!(lines[4], "Ghi chú: các đơn vị báo cáo hằng quý.");
        // Outside an appendix nothing changes.
        let body = "1\tRà soát\tSở Y tế\tQuý I";
        assert_eq!(mark_table_cells(body), body);
    }

    #[test]
    fn the_kinh_gui_line_ends_where_the_body_opens() {
        let text = "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung\n\
                    ương\n\
                    Triển khai việc phân bổ tỷ lệ chi phí quản lý để thực hiện các hoạt động nghiệp vụ về\n\
                    quản lý đối tượng, Bộ Nội vụ có ý kiến như sau:";
        let out = rejoin_lines(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0], "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
            "{out}"
        );
        assert!(lines[1].starts_with("Triển khai việc"), "{out}");
        // Names that go on in capitals or after a dangling word stay joined.
        let names = "Kính gửi: Thủ trưởng các cơ quan tham mưu, quản lý nhà nước thuộc\nBộ\n\
                     Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương, Sở Tài chính\nSở Y tế";
        assert_eq!(
            rejoin_lines(names).lines().count(),
            2,
            "{}",
            rejoin_lines(names)
        );
    }

    #[test]
    fn paragraphs_headings_and_caps_stay_apart() {
        let text = "a) Các sở, ngành; UBND xã, phường, đặc khu\nTriển khai rà soát cấu trúc lại các thủ tục hành chính để đảm bảo lộ trình chuyển đổi.\n\
                    ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNơi nhận:\n- Như trên;";
        assert_eq!(rejoin_lines(text), text);
    }

    #[test]
    fn page_footnote_is_lifted_and_marked() {
        let text = "Báo cáo của Ban Chỉ đạo Trung ương1 về tình hình triển khai.\n\
                    ban hành quy chế đánh giá mức độ hoàn\n\n\
                    1 Về phát triển khoa học, công nghệ.\n thành công việc theo tiêu chí.";
        let (t, notes) = lift_page_footnotes(&clean_whitespace(text));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].label, "1");
        assert_eq!(notes[0].text, "Về phát triển khoa học, công nghệ.");
        assert!(t.contains("Trung ương[1] về"), "{t}");
        assert!(!t.contains("1 Về"));
        let joined = rejoin_lines(&t);
        assert!(joined.contains("mức độ hoàn thành công việc"), "{joined}");
    }

    #[test]
    fn footnotes_at_a_page_foot_after_a_full_stop() {
        let text = "bảo đảm phủ khắp địa bàn2.\n\
                    2 Theo hướng dẫn tại Công văn số 335/SKHCN-BCVT&CĐS của Sở Khoa học và Công nghệ; Xã Ba Động;\n\
                    Xã Ba Xa; Xã Ba Vì.\n\
                    - Thời gian hoàn thành: Trong tháng 8 năm 2025.";
        let (t, notes) = lift_page_footnotes(text);
        assert!(notes.is_empty(), "2 is not the first footnote: {notes:?}");
        let text = text
            .replace("bàn2.", "bàn1.")
            .replace("\n2 Theo", "\n1 Theo");
        let (t2, notes) = lift_page_footnotes(&text);
        assert_eq!(notes.len(), 1, "{t}");
        assert!(
            notes[0].text.ends_with("Xã Ba Xa; Xã Ba Vì."),
            "{:?}",
            notes[0]
        );
        assert_eq!(
            t2,
            "bảo đảm phủ khắp địa bàn[1].\n- Thời gian hoàn thành: Trong tháng 8 năm 2025."
        );
    }

    #[test]
    fn a_text_layer_dash_before_a_section_number_and_a_misread_letter_split() {
        let line =
            "Rà soát, cấu hình quy trình điện tử cho phù hợp với quy định mới. -3. Nguồn lực, \
                    quy trình và quản trị a) Các sở phối hợp tổ chức. - Thời gian hoàn thành: \
                    Nhiệm vụ thường xuyên. €) Sở Nội vụ: Chủ trì rà soát.";
        let out = split_run_on_items(line);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines.contains(&"3. Nguồn lực, quy trình và quản trị"),
            "{out}"
        );
        assert!(
            lines.contains(&"- Thời gian hoàn thành: Nhiệm vụ thường xuyên."),
            "{out}"
        );
        assert!(lines.contains(&"€) Sở Nội vụ: Chủ trì rà soát."), "{out}");
    }

    #[test]
    fn a_speck_after_closing_punctuation_is_dropped() {
        assert_eq!(
            strip_trailing_speck("khi có yêu cầu1. |"),
            "khi có yêu cầu1."
        );
        assert_eq!(strip_trailing_speck("như sau: _"), "như sau:");
        assert_eq!(strip_trailing_speck("a | b |"), "a | b |");
        assert_eq!(strip_trailing_speck("điểm a|"), "điểm a|");
    }

    #[test]
    fn a_footnote_after_a_specked_sentence_end_is_lifted_whole() {
        let text = clean_whitespace(
            "khi có yêu cầu1. |\n\n\
             1 Theo hướng dẫn tại Công văn số 472/SKHCN ngày 27/7/2025\n\
             của Sở Khoa học và Công nghệ; hiện còn 3 địa phương:\n\
             Xã Ba Động; Xã Ba Vì.\n\n\
             - Thời gian hoàn thành: trong tháng 8 năm 2025.",
        );
        let (t, notes) = lift_page_footnotes(&text);
        assert_eq!(notes.len(), 1, "{t}");
        assert!(notes[0].text.ends_with("Xã Ba Vì."), "{:?}", notes[0]);
        assert!(!t.contains("Xã Ba"), "{t}");
    }

    #[test]
    fn a_footnote_wrapped_over_lower_case_lines_is_lifted_whole() {
        let text = "khi có yêu cầu1.\n\n\
                    1 Theo hướng dẫn tại Công văn số 472/SKHCN-BCVT&CĐS ngày 27/7/2025\n\
                    của Sở Khoa học và Công nghệ; hiện còn 3 địa phương chưa đáp\n\
                    ứng yêu cầu: Xã Ba Động; Xã Ba Xa;\n\
                    Xã Ba Vì.\n\n\
                    - Thời gian hoàn thành: trong tháng 8 năm 2025.";
        let (t, notes) = lift_page_footnotes(text);
        assert_eq!(notes.len(), 1, "{t}");
        assert!(notes[0].text.contains("của Sở Khoa học"), "{:?}", notes[0]);
        assert!(notes[0].text.ends_with("Xã Ba Vì."), "{:?}", notes[0]);
        assert!(!t.contains("Xã Ba"), "{t}");
        assert!(t.contains("- Thời gian hoàn thành"), "{t}");
    }

    #[test]
    fn the_body_resuming_after_a_footnote_stays_in_the_body() {
        let text = "nhiệm vụ theo Kế hoạch1\n\n\
                    1 Theo hướng dẫn tại Công văn số 472/SKHCN-BCVT&CĐS\n\n\
                    của Ủy ban nhân dân tỉnh và báo cáo kết quả.";
        let (t, notes) = lift_page_footnotes(text);
        assert_eq!(notes.len(), 1, "{t}");
        assert!(t.contains("của Ủy ban nhân dân tỉnh"), "{t}");
    }

    #[test]
    fn a_numbered_item_is_not_a_footnote() {
        let text = "các nội dung sau\n2 Sở Y tế\n3. Sở Nội vụ";
        let (t, notes) = lift_page_footnotes(text);
        assert!(notes.is_empty());
        assert_eq!(t, text);
    }

    #[test]
    fn items_run_together_are_split() {
        let long = format!(
            "{} cấp xã. ' - Thời gian hoàn thành: Nhiệm vụ thường xuyên. : b) Sở Công Thương chủ trì, tại điểm a) khoản 1. 2. Về phần mềm",
            "Sở Khoa học và Công nghệ chủ trì triển khai các giải pháp nâng cấp băng thông tốc độ cao".repeat(2)
        );
        let out = split_run_on_items(&long);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(lines[0].ends_with("cấp xã."));
        assert_eq!(lines[1], "- Thời gian hoàn thành: Nhiệm vụ thường xuyên.");
        assert_eq!(lines[2], "b) Sở Công Thương chủ trì, tại điểm a) khoản 1.");
        assert_eq!(lines[3], "2. Về phần mềm");
        assert_eq!(split_run_on_items("ngắn. b) Sở Y tế"), "ngắn. b) Sở Y tế");
    }

    #[test]
    fn blank_runs_are_squeezed() {
        assert_eq!(squeeze_blank_lines("\n\na\n\n\n\nb\n\n"), "a\n\nb");
    }

    #[test]
    fn markers_and_caps_are_recognised() {
        for m in [
            "1. Sở",
            "1.2. Về",
            "a) Sở",
            "đ) Về",
            "- Rà",
            "+ Tổ",
            "· Công an",
            "(1) Rà",
            "II. NHIỆM VỤ",
            "Điều 2. Giao",
        ] {
            assert!(starts_with_marker(m), "{m}");
        }
        for m in [
            "3728/UBND-TTHC ngày",
            "30/12/2025 của",
            "Sở Y tế",
            "2025 là năm",
        ] {
            assert!(!starts_with_marker(m), "{m}");
        }
        assert!(mostly_caps("KT. CHỦ TỊCH"));
        assert!(!mostly_caps("Trần Phước Hiền"));
    }

    #[test]
    fn specks_after_a_comma_go_but_an_ellipsis_stays() {
        let t = "kiểm tra, . đôn đốc\nCác đồng chí Giám đốc, :\npháp luật,.. bảo đảm\nvăn hóa, thể thao,...";
        assert_eq!(
            drop_specks_after_commas(t),
            "kiểm tra, đôn đốc\nCác đồng chí Giám đốc,\npháp luật, bảo đảm\nvăn hóa, thể thao,..."
        );
    }

    #[test]
    fn a_small_word_read_in_capitals_after_a_broken_line_is_lowered() {
        let t = "theo chức năng, nhiệm\nVỤ, quyền hạn được giao\nthực hiện Quyết định\nSỐ :\n12/QĐ-UBND\nKẾ HOẠCH\nCÔNG TÁC NĂM";
        assert_eq!(
            lower_lookalike_capitals(t),
            "theo chức năng, nhiệm\nvụ, quyền hạn được giao\nthực hiện Quyết định\nsố :\n12/QĐ-UBND\nKẾ HOẠCH\nCÔNG TÁC NĂM"
        );
        // A name or an abbreviation after a broken line stays.
        let t = "phối hợp với\nUBND các xã\ngiao cho\nSở Tài chính";
        assert_eq!(lower_lookalike_capitals(t), t);
    }

    #[test]
    fn misread_item_numbers_are_put_back_in_sequence() {
        let t = "I. CHUNG\n1. Sở A làm.\n2. Sở B làm.\n9. Sở C làm.\n4. Sở D làm.\n5o. Sở E làm.\nII. RIÊNG\nII. KINH PHÍ\nIV. TỔ CHỨC";
        assert_eq!(
            mend_marker_sequence(t),
            "I. CHUNG\n1. Sở A làm.\n2. Sở B làm.\n3. Sở C làm.\n4. Sở D làm.\n5. Sở E làm.\nII. RIÊNG\nIII. KINH PHÍ\nIV. TỔ CHỨC"
        );
        // Lists that restart, and a section list with lone numerals, stay.
        let t = "1. Một.\n2. Hai.\nII. HAI\n1. Một.\nI\nII\nIII";
        assert_eq!(mend_marker_sequence(t), t);
        assert_eq!(mend_marker_sequence("VI\nVI\nVII"), "VI\nVII\nVIII");
    }

    #[test]
    fn specks_before_a_line_or_its_dash_go() {
        let t = ".- Như trên;\n-_- Văn phòng Tỉnh ủy;\n,_~ Lưu: VT.\n.. QUYẾT ĐỊNH\n' công tác rà soát\n'Chiến dịch' mới\n...và các nội dung khác";
        assert_eq!(
            drop_leading_specks(t),
            "- Như trên;\n- Văn phòng Tỉnh ủy;\nLưu: VT.\nQUYẾT ĐỊNH\ncông tác rà soát\n'Chiến dịch' mới\n...và các nội dung khác"
        );
    }

    #[test]
    fn a_tick_glued_inside_a_sentence_goes() {
        let t = "hoàn thành trước' ngày 30/9/2026\ntriển khai 'Chiến dịch' của tỉnh\nđợt cao điểm' Tháng an toàn";
        assert_eq!(
            drop_glued_ticks(t),
            "hoàn thành trước ngày 30/9/2026\ntriển khai 'Chiến dịch' của tỉnh\nđợt cao điểm' Tháng an toàn"
        );
    }

    #[test]
    fn a_lost_list_dash_is_restored_between_dashed_items() {
        let t = "- Sở Y tế,\nBệnh viện Đa khoa tỉnh,\n- Sở Tài chính.\nCác đơn vị thực hiện,\n1. Sở Y tế làm.";
        assert_eq!(
            restore_list_dashes(t),
            "- Sở Y tế,\n- Bệnh viện Đa khoa tỉnh,\n- Sở Tài chính.\nCác đơn vị thực hiện,\n1. Sở Y tế làm."
        );
    }

    #[test]
    fn inline_roman_marks_are_read_back_in_sequence() {
        let t = "các báo cáo: (ï) Báo cáo A; (ii) Báo cáo B; (1i) Báo cáo C; (¡iv) Báo cáo D.\nGồm (1) điểm một, (2) điểm hai.";
        assert_eq!(
            mend_inline_roman_markers(t),
            "các báo cáo: (i) Báo cáo A; (ii) Báo cáo B; (iii) Báo cáo C; (iv) Báo cáo D.\nGồm (1) điểm một, (2) điểm hai."
        );
        assert_eq!(
            mend_inline_roman_markers("Thông qua: (¡) Nội dung"),
            "Thông qua: (i) Nội dung"
        );
    }

    #[test]
    fn a_dot_inside_a_sentence_goes_but_addresses_stay() {
        let t =
            "Chủ tịch Ủy. ban nhân dân, cơ quan ngang.bộ và khu.vực; xem drive.google.com, v.v.";
        assert_eq!(
            drop_dots_inside_sentences(t),
            "Chủ tịch Ủy ban nhân dân, cơ quan ngang bộ và khu vực; xem drive.google.com, v.v."
        );
        let t = "Hoàn thành năm 2025. Tiếp tục theo dõi.";
        assert_eq!(drop_dots_inside_sentences(t), t);
    }
}
