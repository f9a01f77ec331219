//! Task exports for the tools a clerk (văn thư) already uses: a CSV file and
//! an Excel workbook that open with Vietnamese intact, and an iCalendar file
//! of to-dos for a calendar program.
//!
//! Every export takes a [`TaskList`] (the `tasks --json` shape, already
//! filtered) and keeps its order. The functions are pure: the caller passes
//! today's date (for "overdue") and the current time (for the calendar's
//! DTSTAMP), so the output of one list is always the same bytes. The command
//! line (`congvan tasks --csv | --xlsx FILE | --ics FILE`) and the web desk
//! both call these. The columns, encodings and the calendar mapping are
//! documented in docs/OUTPUT.md, section "Exports".

mod csv;
mod ics;
mod xlsx;

use crate::letter::{DeadlineKind, ListedTask, TaskStatus};
use crate::tasks::TaskList;

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The Excel writer refused the workbook (a cell or a sheet out of Excel's limits).
    #[error("could not write the Excel workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The tasks as CSV for Excel and LibreOffice: UTF-8 with a byte-order mark
/// (without it Excel reads the bytes as the local code page and Vietnamese
/// turns to mojibake), RFC 4180 (CRLF line ends, fields with a comma, quote,
/// CR or LF quoted, quotes doubled), one header row then one row per task in
/// the list's order. A cell that would start with `=`, `+`, `-`, `@`, a tab or
/// a CR gets a leading apostrophe so a spreadsheet never runs it as a formula.
/// `today` (YYYY-MM-DD) decides the "Quá hạn" (overdue) column.
pub fn csv(list: &TaskList, today: &str) -> Vec<u8> {
    csv::write(list, today)
}

/// The tasks as an Excel workbook (.xlsx) with one sheet "Việc cần làm" (the
/// task list): a bold, frozen header row with a filter, one row per task,
/// dates as Excel dates (dd/mm/yyyy), open tasks past their due date (before
/// `today`, YYYY-MM-DD) shaded.
pub fn xlsx(list: &TaskList, today: &str) -> Result<Vec<u8>, ExportError> {
    xlsx::write(list, today)
}

/// The open tasks that have a due date as an iCalendar file (RFC 5545): one
/// VTODO each, recurring deadlines with an RRULE. `now_utc`
/// ("YYYY-MM-DDTHH:MM:SSZ", see [`crate::archive::now_utc`]) is the DTSTAMP.
/// Lines end in CRLF and are folded at 75 octets.
pub fn ics(list: &TaskList, now_utc: &str) -> String {
    ics::write(list, now_utc)
}

/// The columns of the CSV and the workbook, in order: the header a clerk reads.
pub const COLUMNS: [&str; 20] = [
    "Mã việc",
    "Văn bản (số ký hiệu)",
    "Ngày văn bản",
    "Loại văn bản",
    "Cơ quan ban hành",
    "Trích yếu",
    "Mục",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Nội dung",
    "Hạn",
    "Hạn (nguyên văn)",
    "Loại hạn",
    "Trạng thái",
    "Quá hạn",
    "Cập nhật lúc",
    "Người cập nhật",
    "Ghi chú",
    "Tệp",
    "Bản sao",
];

/// Index of the "Hạn" (due date) column in [`COLUMNS`].
const DUE_COLUMN: usize = 10;
/// Index of the "Ngày văn bản" (letter date) column in [`COLUMNS`].
const ISSUED_COLUMN: usize = 2;

/// One task as the cells of a row, in the order of [`COLUMNS`]; dates as ISO text.
fn row(t: &ListedTask, today: &str) -> [String; 20] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let changed = t.status_changed.as_ref();
    [
        t.task.id.clone(),
        opt(&t.source.number),
        opt(&t.source.issued),
        opt(&t.source.kind),
        opt(&t.source.issuer),
        opt(&t.source.subject),
        t.task.item.clone(),
        t.task.assignees.join("; "),
        t.task.coordinators.join("; "),
        t.task.action.clone(),
        opt(&t.task.deadline.due),
        opt(&t.task.deadline.text),
        deadline_kind_vi(t.task.deadline.kind).to_string(),
        status_vi(t.status).to_string(),
        if overdue(t, today) { "Có" } else { "" }.to_string(),
        changed.map(|c| c.at.clone()).unwrap_or_default(),
        changed.and_then(|c| c.by.clone()).unwrap_or_default(),
        changed.and_then(|c| c.note.clone()).unwrap_or_default(),
        t.source.file.clone(),
        t.source.copies.join("; "),
    ]
}

/// The status as a clerk says it.
pub fn status_vi(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Open => "Chưa xong",
        TaskStatus::Done => "Đã xong",
        // The letter the task came from has left the corpus.
        TaskStatus::Withdrawn => "Đã rút",
    }
}

/// The kind of deadline as a clerk says it ("" for none).
pub fn deadline_kind_vi(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::None => "",
        DeadlineKind::Date => "ngày",
        DeadlineKind::Month => "tháng",
        DeadlineKind::Quarter => "quý",
        DeadlineKind::Year => "năm",
        DeadlineKind::Recurring => "định kỳ",
        DeadlineKind::Reference => "theo văn bản khác",
    }
}

/// Open, with a real due date, and that date before `today` (YYYY-MM-DD).
pub fn overdue(t: &ListedTask, today: &str) -> bool {
    t.status == TaskStatus::Open
        && t.task
            .deadline
            .due
            .as_deref()
            .and_then(ymd)
            .zip(ymd(today))
            .is_some_and(|(due, today)| due < today)
}

/// A full ISO date "YYYY-MM-DD" as (year, month, day), checked against the
/// calendar; None for anything else ("2025-06", "2025-02-30", "hôm nay").
fn ymd(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: u16 = s.get(0..4)?.parse().ok()?;
    let m: u8 = s.get(5..7)?.parse().ok()?;
    let d: u8 = s.get(8..10)?.parse().ok()?;
    (y >= 1 && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letter::{Deadline, Task, TaskSource};

    pub(crate) fn task(id: &str, action: &str, due: Option<&str>) -> ListedTask {
        ListedTask {
            task: Task {
                id: id.into(),
                item: "1".into(),
                assignees: vec!["Sở Tài chính".into()],
                coordinators: vec![],
                action: action.into(),
                deadline: Deadline {
                    kind: if due.is_some() {
                        DeadlineKind::Date
                    } else {
                        DeadlineKind::None
                    },
                    due: due.map(str::to_string),
                    text: due.map(|_| "trước ngày 20/6/2025".to_string()),
                    r#ref: None,
                    rule: None,
                },
            },
            source: TaskSource {
                file: "corpus/a.txt".into(),
                number: Some("246/UBND-KGVX".into()),
                issued: Some("2025-06-03".into()),
                subject: Some("V/v báo cáo".into()),
                kind: Some("Công văn".into()),
                issuer: Some("Ủy ban nhân dân tỉnh Quảng Ngãi".into()),
                copies: vec![],
            },
            status: TaskStatus::Open,
            status_changed: None,
        }
    }

    #[test]
    fn overdue_is_open_and_due_before_today() {
        let mut t = task("a", "Báo cáo", Some("2025-06-20"));
        assert!(overdue(&t, "2025-06-21"));
        assert!(!overdue(&t, "2025-06-20"), "due today is not overdue");
        t.status = TaskStatus::Done;
        assert!(!overdue(&t, "2025-06-21"), "a done task is never overdue");
        let undated = task("b", "Báo cáo", None);
        assert!(!overdue(&undated, "2099-01-01"));
    }

    #[test]
    fn ymd_accepts_only_real_full_dates() {
        assert_eq!(ymd("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(ymd("2025-02-29"), None);
        assert_eq!(ymd("2025-06"), None);
        assert_eq!(ymd("20250601"), None);
        assert_eq!(ymd("2025-13-01"), None);
    }
}
