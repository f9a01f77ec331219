//! Appendices after the body: "PHỤ LỤC" / "DANH MỤC NHIỆM VỤ (Kèm theo …)"
//! with a table of tasks, flattened by PDF or scan extraction.
//!
//! A flattened table reaches us in one of three shapes, often mixed in one
//! letter: one cell per paragraph (cells separated by blank lines), one cell
//! per line (no blank lines at all), or several cells run together on one line
//! (separated only by spaces, or by tabs or " | " when the extractor kept
//! them). This module only cuts the appendix into cells and the cells into
//! rows at the row numbers ("1", "2" … in sequence, "I", "II" for groups);
//! which column a cell belongs to is the extract stage's job.

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One appendix: its title lines and its cells in reading order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    /// The heading line ("PHỤ LỤC", "DANH MỤC NHIỆM VỤ …").
    pub title: String,
    /// Cells in reading order; a cell may hold several run-together cells.
    pub cells: Vec<String>,
}

/// A row of a table: its number ("1", "I") and its cells after the number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub number: String,
    /// A group row ("I", "II", "A") whose cells are the group's title.
    pub group: bool,
    pub cells: Vec<String>,
}

fn re(cell: &'static OnceLock<Regex>, p: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(p).unwrap_or_else(|e| panic!("appendix regex: {e}")))
}

pub use crate::normalize::layout::opens_appendix;

/// The appendices of a letter's text, from the `skip`-th non-empty line on.
pub fn read(text: &str, skip: usize) -> Vec<Appendix> {
    let mut out: Vec<Appendix> = Vec::new();
    // (line, blank before it)
    let mut lines: Vec<(&str, bool)> = Vec::new();
    let mut seen = 0;
    let mut blank = false;
    for l in text.lines() {
        let t = l.trim();
        if t.is_empty() {
            blank = true;
            continue;
        }
        seen += 1;
        if seen > skip {
            lines.push((t, blank));
        }
        blank = false;
    }
    // The parse stage starts us at the appendix's (or an attached
    // document's) title line: lines[0].
    if lines.is_empty() {
        return out;
    }
    // Blank lines separate cells where the extractor kept them; without any,
    // every line is a cell.
    // (The blank line above the heading itself says nothing of the cells.)
    let blanks = lines[1..].iter().any(|&(_, b)| b);
    let mut cur: Option<Appendix> = None;
    let mut cell = String::new();
    let flush = |cur: &mut Option<Appendix>, cell: &mut String| {
        if let Some(a) = cur.as_mut() {
            let c = cell.trim();
            if !c.is_empty() {
                a.cells.extend(split_marked(c));
            }
        }
        cell.clear();
    };
    for &(l, blank_before) in &lines {
        // A new "PHỤ LỤC" heading after the first starts the next appendix; a
        // "DANH MỤC …" right under "PHỤ LỤC" is its title's second line.
        let new_app = crate::rules::fold::fold(l).starts_with("phu luc") && opens_appendix(l);
        if new_app || cur.is_none() {
            flush(&mut cur, &mut cell);
            if let Some(a) = cur.take() {
                out.push(a);
            }
            cur = Some(Appendix {
                title: l.to_string(),
                cells: Vec::new(),
            });
            continue;
        }
        // A table row whose cells the layout stage marked (" | ") is cells of
        // its own, whatever the blank lines around it.
        let marked_row = crate::normalize::layout::is_marked_row(l);
        if blank_before || !blanks || marked_row {
            flush(&mut cur, &mut cell);
        }
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(l);
        if marked_row {
            flush(&mut cur, &mut cell);
        }
    }
    flush(&mut cur, &mut cell);
    out.extend(cur);
    out
}

/// Cells an extractor kept apart on one line with tabs or " | ".
/// An empty cell between two others keeps its place (its column is empty).
fn split_marked(cell: &str) -> Vec<String> {
    let parts: Vec<&str> = cell.split(['\t', '|']).map(str::trim).collect();
    let first = parts.iter().position(|c| !c.is_empty());
    let last = parts.iter().rposition(|c| !c.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => parts[a..=b].iter().map(|c| c.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Cut the cells after a table's header row into rows at the row numbers. A
/// cell that is only a number or a Roman numeral opens a row; inside a cell
/// that runs several together, the next number in sequence followed by a
/// capital ("… liên quan 2025 4 Hướng dẫn …") opens the next one. Cells before
/// the first number form a row without number; rows of dots are dropped.
pub fn rows(cells: &[String]) -> Vec<Row> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    static INLINE: OnceLock<Regex> = OnceLock::new();
    // A scan may read the cell's border after the number: "2_", "3|".
    let num = re(&NUM, r"^(\d{1,3}(?:\.\d{1,2})*)[._|]?$");
    let inline = re(&INLINE, r"(?:^|\s)(\d{1,3})[._|]?\s+\p{Lu}");
    let mut out: Vec<Row> = Vec::new();
    let mut next: u32 = 1;
    for cell in cells {
        let c = cell.trim();
        // An empty column keeps its place in the row.
        if c.is_empty() {
            if let Some(r) = out.last_mut().filter(|r| !r.group) {
                r.cells.push(String::new());
            }
            continue;
        }
        if c.chars().all(|ch| !ch.is_alphanumeric()) {
            continue;
        }
        if let Some(m) = num.captures(c).and_then(|m| m.get(1)) {
            let n = m.as_str();
            next = n
                .split('.')
                .next_back()
                .and_then(|x| x.parse::<u32>().ok())
                .map_or(next, |x| x + 1);
            out.push(Row {
                number: n.to_string(),
                group: false,
                cells: Vec::new(),
            });
            continue;
        }
        // A group: its numeral alone ("II"), or with its title in capitals
        // ("II. TỔ CHỨC THỰC HIỆN", a section of an attached plan after its
        // table: what follows belongs to it, not to the last row).
        let group = if is_roman(c) {
            Some((c, None))
        } else {
            c.split_once(". ")
                .filter(|(n, t)| is_roman(n) && crate::normalize::layout::mostly_caps(t))
                .map(|(n, t)| (n, Some(t)))
        };
        if let Some((numeral, title)) = group {
            next = 1;
            out.push(Row {
                number: numeral.to_string(),
                group: true,
                cells: title.into_iter().map(str::to_string).collect(),
            });
            continue;
        }
        // Row starts inside the cell: numbers in sequence.
        let mut cuts: Vec<(usize, usize, u32)> = Vec::new(); // (cut, text start, number)
        let mut want = next;
        for m in inline.captures_iter(c) {
            let (Some(all), Some(n)) = (m.get(0), m.get(1)) else {
                continue;
            };
            let Ok(v) = n.as_str().parse::<u32>() else {
                continue;
            };
            // At the cell's start any number opens a row; inside, only the next.
            if v == want || (all.start() == 0 && out.last().is_none_or(|r| r.group)) {
                cuts.push((all.start(), n.end(), v));
                want = v + 1;
            }
        }
        let head_end = cuts.first().map_or(c.len(), |x| x.0);
        let head = c[..head_end].trim();
        if !head.is_empty() {
            match out.last_mut() {
                Some(r) => r.cells.push(head.to_string()),
                // A scan that lost the row numbers: cells before any number
                // form a row without one; the extract stage splits it.
                None => out.push(Row {
                    number: String::new(),
                    group: false,
                    cells: vec![head.to_string()],
                }),
            }
        }
        for (i, &(_, start, v)) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).map_or(c.len(), |x| x.0);
            let text = c[start..end].trim().trim_start_matches('.').trim();
            out.push(Row {
                number: v.to_string(),
                group: false,
                cells: if text.is_empty() {
                    Vec::new()
                } else {
                    vec![text.to_string()]
                },
            });
            next = v + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blank_line_above_the_heading_does_not_merge_the_cells() {
        let text = "Nơi nhận:\n- Lưu: VT.\n\nPhụ lục\nSTT\nNhiệm vụ\nCơ quan chủ trì\n1\nLập danh sách\nUBND các xã\n";
        let apps = read(text, 2);
        assert_eq!(
            apps[0].cells,
            vec![
                "STT",
                "Nhiệm vụ",
                "Cơ quan chủ trì",
                "1",
                "Lập danh sách",
                "UBND các xã"
            ]
        );
    }

    #[test]
    fn appendix_cells_and_rows() {
        let text = "Nơi nhận:\n- Lưu: VT.\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n(Kèm theo Kế hoạch số 12/KH-UBND)\n\n\
                    STT\n\nNhiệm vụ\n\nCơ quan chủ trì\n\nThời hạn\n\nI\n\nCÔNG TÁC CHUNG\n\n1\n\nLập danh sách hộ\nnghèo\n\nUBND các xã\n\nQuý I/2026\n\n\
                    2 In tài liệu Sở Văn hóa Tháng 3/2026 3 Phát tài liệu Đoàn Thanh niên Tháng 4/2026\n";
        let apps = read(text, 2);
        assert_eq!(apps.len(), 1);
        let a = &apps[0];
        assert_eq!(a.title, "PHỤ LỤC");
        assert_eq!(
            a.cells[0],
            "DANH MỤC NHIỆM VỤ (Kèm theo Kế hoạch số 12/KH-UBND)"
        );
        let rows = rows(&a.cells[5..]);
        let numbers: Vec<&str> = rows.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(numbers, vec!["I", "1", "2", "3"]);
        assert_eq!(
            rows[1].cells,
            vec!["Lập danh sách hộ nghèo", "UBND các xã", "Quý I/2026"]
        );
        assert_eq!(rows[2].cells, vec!["In tài liệu Sở Văn hóa Tháng 3/2026"]);
        assert!(opens_appendix("Phụ lục II"));
        assert!(!opens_appendix("(Chi tiết tại Phụ lục kèm theo)"));
    }
}
