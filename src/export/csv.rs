//! The CSV export: UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF, and
//! a guard against formula injection (see [`super::csv`]).

use super::{row, COLUMNS};
use crate::tasks::TaskList;

/// The UTF-8 byte-order mark: tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub fn write(list: &TaskList, today: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 * (list.tasks.len() + 1));
    out.extend_from_slice(BOM);
    push_record(&mut out, COLUMNS.iter().copied());
    for t in &list.tasks {
        let cells = row(t, today);
        push_record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn push_record<'a>(out: &mut Vec<u8>, cells: impl Iterator<Item = &'a str>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(field(c).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
}

/// One cell as a CSV field: defused (a leading `=`, `+`, `-`, `@`, tab or CR
/// gets an apostrophe before it, so a spreadsheet shows the text instead of
/// evaluating it), then quoted when it holds a comma, a quote, CR or LF, with
/// quotes doubled.
pub fn field(cell: &str) -> String {
    let defused = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    };
    if defused.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::task;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("Sở Tài chính"), "Sở Tài chính");
        assert_eq!(field(""), "");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("V/v \"Kế hoạch 02\""), "\"V/v \"\"Kế hoạch 02\"\"\"");
        assert_eq!(field("dòng 1\ndòng 2"), "\"dòng 1\ndòng 2\"");
        assert_eq!(field("dòng 1\r\ndòng 2"), "\"dòng 1\r\ndòng 2\"");
    }

    #[test]
    fn a_cell_that_looks_like_a_formula_is_defused() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+84 255"), "'+84 255");
        assert_eq!(field("- Sở Y tế"), "'- Sở Y tế");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        // Only the first character counts.
        assert_eq!(field("a=b"), "a=b");
    }

    #[test]
    fn the_file_is_bom_utf8_crlf_with_a_header_and_a_row_per_task() {
        let list = TaskList {
            tasks: vec![
                task(
                    "t1",
                    "Báo cáo kết quả, gửi Sở Tài chính",
                    Some("2025-06-20"),
                ),
                task("t2", "Rà soát hồ sơ", None),
            ],
        };
        let bytes = write(&list, "2025-07-01");
        assert!(bytes.starts_with(BOM));
        let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("Mã việc,Văn bản (số ký hiệu),Ngày văn bản"));
        assert!(lines[1].starts_with("t1,246/UBND-KGVX,2025-06-03,"));
        assert!(lines[1].contains(",\"Báo cáo kết quả, gửi Sở Tài chính\",2025-06-20,"));
        // Overdue on 2025-07-01: "Có" in the Quá hạn column.
        assert!(lines[1].contains(",Chưa xong,Có,"), "{}", lines[1]);
        assert!(lines[2].contains(",Chưa xong,,"), "{}", lines[2]);
        assert!(!text.replace("\r\n", "").contains('\r'));
    }
}
