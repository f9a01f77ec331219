//! The calendar export: RFC 5545 iCalendar with one VTODO per open task that
//! has a due date (see [`super::ics`]).
//!
//! A one-off deadline is `DUE;VALUE=DATE`. A recurring one carries an RRULE,
//! and since RFC 5545 anchors a recurrence on DTSTART and wants DUE strictly
//! after it, it is written with floating local times instead: DTSTART at
//! 00:00 and DUE at the rule's hour ("trước 8 giờ hằng ngày") or 23:59:59 of
//! the due day. How a [`Recurrence`] becomes an RRULE is in [`rrule`].

use super::{days_in_month, ymd};
use crate::letter::{Frequency, ListedTask, Recurrence, TaskStatus};
use crate::tasks::TaskList;

/// The product that made the file (RFC 5545 PRODID).
pub const PRODID: &str = "-//congvan//Viec can lam//VI";

/// The longest a line may be, in octets, before it is folded (CRLF not counted).
pub const MAX_LINE: usize = 75;

/// How many characters of the action the SUMMARY keeps (the full text is in DESCRIPTION).
const SUMMARY_CHARS: usize = 80;

pub fn write(list: &TaskList, now_utc: &str) -> String {
    let stamp = stamp(now_utc);
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        &format!("X-WR-CALNAME:{}", text("Việc cần làm (congvan)")),
    ] {
        push(&mut out, line);
    }
    for t in &list.tasks {
        if t.status != TaskStatus::Open {
            continue;
        }
        let Some((y, m, d)) = t.task.deadline.due.as_deref().and_then(ymd) else {
            continue;
        };
        let day = format!("{y:04}{m:02}{d:02}");
        push(&mut out, "BEGIN:VTODO");
        push(&mut out, &format!("UID:{}@congvan", text(&t.task.id)));
        push(&mut out, &format!("DTSTAMP:{stamp}"));
        let rule = t
            .task
            .deadline
            .rule
            .as_ref()
            .and_then(|r| rrule(r, (y, m, d)).map(|line| (r, line)));
        match rule {
            Some((r, line)) => {
                let due_time = match r.hour {
                    Some(h) if h < 24 => format!("{h:02}0000"),
                    _ => "235959".to_string(),
                };
                push(&mut out, &format!("DTSTART:{day}T000000"));
                push(&mut out, &format!("DUE:{day}T{due_time}"));
                push(&mut out, &format!("RRULE:{line}"));
            }
            None => push(&mut out, &format!("DUE;VALUE=DATE:{day}")),
        }
        push(&mut out, &format!("SUMMARY:{}", text(&summary(t))));
        push(&mut out, &format!("DESCRIPTION:{}", text(&description(t))));
        push(&mut out, "STATUS:NEEDS-ACTION");
        push(&mut out, "END:VTODO");
    }
    push(&mut out, "END:VCALENDAR");
    out
}

/// "YYYY-MM-DDTHH:MM:SSZ" as the iCalendar UTC form "YYYYMMDDTHHMMSSZ"; the
/// Unix epoch for anything else (DTSTAMP is required, and only says when the
/// file was made).
fn stamp(now_utc: &str) -> String {
    let digits: String = now_utc.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 14 && now_utc.ends_with('Z') {
        format!("{}T{}Z", &digits[..8], &digits[8..])
    } else {
        "19700101T000000Z".to_string()
    }
}

/// The action, shortened to [`SUMMARY_CHARS`] characters.
fn summary(t: &ListedTask) -> String {
    let a = t
        .task
        .action
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if a.chars().count() <= SUMMARY_CHARS {
        a
    } else {
        let mut s: String = a.chars().take(SUMMARY_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// The letter (kind, số ký hiệu, date, file), who leads and who helps, the
/// deadline as written and the whole action.
fn description(t: &ListedTask) -> String {
    let s = &t.source;
    let mut letter = s.kind.clone().unwrap_or_else(|| "Văn bản".into());
    if let Some(n) = &s.number {
        letter.push_str(&format!(" số {n}"));
    }
    if let Some(d) = &s.issued {
        letter.push_str(&format!(" ngày {}", vn_date(d)));
    }
    if let Some(i) = &s.issuer {
        letter.push_str(&format!(" của {i}"));
    }
    let mut lines = vec![format!("Văn bản: {letter} (tệp {})", s.file)];
    if let Some(subj) = &s.subject {
        lines.push(format!("Trích yếu: {subj}"));
    }
    if !t.task.item.is_empty() {
        lines.push(format!("Mục: {}", t.task.item));
    }
    if !t.task.assignees.is_empty() {
        lines.push(format!("Chủ trì: {}", t.task.assignees.join("; ")));
    }
    if !t.task.coordinators.is_empty() {
        lines.push(format!("Phối hợp: {}", t.task.coordinators.join("; ")));
    }
    if let Some(h) = &t.task.deadline.text {
        lines.push(format!("Hạn: {h}"));
    }
    lines.push(format!("Nội dung: {}", t.task.action));
    lines.push(format!("Mã việc: {}", t.task.id));
    lines.join("\n")
}

/// "2025-06-03" as a Vietnamese reader writes it, "03/06/2025"; "2025-06" as "06/2025".
fn vn_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        [y, m] => format!("{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// The RRULE value for a recurring deadline whose first occurrence (the
/// task's due date, and the VTODO's DTSTART) is `first`; None for what an
/// RRULE cannot say ("thường xuyên": ongoing, never due).
///
/// - daily → `FREQ=DAILY`
/// - weekly → `FREQ=WEEKLY;BYDAY=MO…SU` (the rule's weekday)
/// - monthly → `FREQ=MONTHLY;BYMONTHDAY=d`
/// - quarterly → `FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=d` (the month within the
///   quarter comes from DTSTART, which is already in it)
/// - yearly → `FREQ=YEARLY;BYMONTH=m;BYMONTHDAY=d`
/// - `every` n → `INTERVAL=n` (quarterly: 3n)
///
/// A day past a short month's end means that month's last day: day 31 (or
/// the last day of a yearly rule's month) is `BYMONTHDAY=-1`, day 29 or 30 is
/// `BYMONTHDAY=28,29,30;BYSETPOS=-1` (the latest of those the month has). A
/// rule without a day repeats on DTSTART's day, or on the last day when
/// DTSTART is its month's last.
pub fn rrule(r: &Recurrence, first: (u16, u8, u8)) -> Option<String> {
    let (y, m, d) = first;
    let every = r.every.filter(|&n| n > 1).unwrap_or(1);
    let (freq, interval) = match r.frequency {
        Frequency::Continuous => return None,
        Frequency::Daily => ("DAILY", every),
        Frequency::Weekly => ("WEEKLY", every),
        Frequency::Monthly => ("MONTHLY", every),
        Frequency::Quarterly => ("MONTHLY", every.saturating_mul(3)),
        Frequency::Yearly => ("YEARLY", every),
    };
    let mut parts = vec![format!("FREQ={freq}")];
    if interval > 1 {
        parts.push(format!("INTERVAL={interval}"));
    }
    let day = match r.day {
        Some(day) => day.clamp(1, 31),
        None if d == days_in_month(y, m) => 31,
        None => u32::from(d),
    };
    match r.frequency {
        Frequency::Daily | Frequency::Continuous => {}
        Frequency::Weekly => {
            const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
            let w = r
                .weekday
                .filter(|w| (1..=7).contains(w))
                .unwrap_or_else(|| weekday(y, m, d));
            parts.push(format!("BYDAY={}", DAYS[(w - 1) as usize]));
        }
        Frequency::Monthly | Frequency::Quarterly => parts.push(month_day(day)),
        Frequency::Yearly => {
            let month = r.month.filter(|m| (1..=12).contains(m)).unwrap_or(m.into());
            parts.push(format!("BYMONTH={month}"));
            // The longest this month ever is (February: 29).
            let longest = u32::from(days_in_month(2000, month as u8));
            if day >= longest {
                parts.push("BYMONTHDAY=-1".into());
            } else {
                parts.push(format!("BYMONTHDAY={day}"));
            }
        }
    }
    Some(parts.join(";"))
}

/// BYMONTHDAY for a day of every month, a day past the month's end being its last.
fn month_day(day: u32) -> String {
    match day {
        31.. => "BYMONTHDAY=-1".into(),
        29 | 30 => {
            let days: Vec<String> = (28..=day).map(|d| d.to_string()).collect();
            format!("BYMONTHDAY={};BYSETPOS=-1", days.join(","))
        }
        _ => format!("BYMONTHDAY={day}"),
    }
}

/// ISO weekday (Monday = 1) of a date (Sakamoto's method).
fn weekday(y: u16, m: u8, d: u8) -> u32 {
    const T: [u32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = u32::from(y) - u32::from(m < 3);
    let sunday0 = (y + y / 4 - y / 100 + y / 400 + T[usize::from(m - 1)] + u32::from(d)) % 7;
    (sunday0 + 6) % 7 + 1
}

/// A TEXT value escaped as RFC 5545 says: backslash, semicolon and comma
/// behind a backslash, a line break as `\n`; other control characters
/// (which TEXT may not hold) dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append a content line, folded so no line is longer than [`MAX_LINE`]
/// octets (a continuation line starts with a space, which counts), never
/// inside a UTF-8 character; each line ends in CRLF.
fn push(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > MAX_LINE {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::task;

    fn rule(frequency: Frequency) -> Recurrence {
        Recurrence {
            frequency,
            ..Default::default()
        }
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(text("a\\b; c, d\ne\r\nf\u{7}"), "a\\\\b\\; c\\, d\\ne\\nf");
        assert_eq!(text("Sở Tài chính"), "Sở Tài chính");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "Ủy ban nhân dân tỉnh ".repeat(12));
        push(&mut out, &line);
        for l in out.split_terminator("\r\n") {
            assert!(l.len() <= MAX_LINE, "{} octets: {l}", l.len());
        }
        // Unfolded, the line is whole again.
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), line);
        assert!(out.ends_with("\r\n"));
    }

    #[test]
    fn recurrences_map_to_rrules() {
        let mut monthly = rule(Frequency::Monthly);
        monthly.day = Some(20);
        assert_eq!(
            rrule(&monthly, (2027, 1, 20)).as_deref(),
            Some("FREQ=MONTHLY;BYMONTHDAY=20")
        );
        monthly.day = Some(31);
        assert_eq!(
            rrule(&monthly, (2027, 1, 31)).as_deref(),
            Some("FREQ=MONTHLY;BYMONTHDAY=-1")
        );
        monthly.day = Some(30);
        assert_eq!(
            rrule(&monthly, (2027, 1, 30)).as_deref(),
            Some("FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1")
        );
        let mut weekly = rule(Frequency::Weekly);
        weekly.weekday = Some(5);
        assert_eq!(
            rrule(&weekly, (2026, 12, 25)).as_deref(),
            Some("FREQ=WEEKLY;BYDAY=FR")
        );
        let mut quarterly = rule(Frequency::Quarterly);
        quarterly.month_of_quarter = Some(3);
        quarterly.day = Some(15);
        assert_eq!(
            rrule(&quarterly, (2027, 3, 15)).as_deref(),
            Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15")
        );
        let mut yearly = rule(Frequency::Yearly);
        yearly.month = Some(12);
        yearly.day = Some(15);
        assert_eq!(
            rrule(&yearly, (2027, 12, 15)).as_deref(),
            Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15")
        );
        yearly.month = Some(2);
        yearly.day = Some(29);
        assert_eq!(
            rrule(&yearly, (2028, 2, 29)).as_deref(),
            Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1")
        );
        let mut daily = rule(Frequency::Daily);
        daily.hour = Some(8);
        assert_eq!(rrule(&daily, (2026, 12, 25)).as_deref(), Some("FREQ=DAILY"));
        let mut six_monthly = rule(Frequency::Monthly);
        six_monthly.every = Some(6);
        assert_eq!(
            rrule(&six_monthly, (2026, 12, 25)).as_deref(),
            Some("FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=25")
        );
        assert_eq!(rrule(&rule(Frequency::Continuous), (2026, 12, 25)), None);
    }

    #[test]
    fn weekday_is_iso() {
        assert_eq!(weekday(2026, 12, 25), 5); // a Friday
        assert_eq!(weekday(2025, 6, 1), 7); // a Sunday
        assert_eq!(weekday(2024, 2, 29), 4); // a Thursday
    }

    #[test]
    fn only_open_dated_tasks_become_todos() {
        let mut done = task("done1", "Đã làm", Some("2025-06-20"));
        done.status = TaskStatus::Done;
        let list = TaskList {
            tasks: vec![
                task("open1", "Báo cáo; tổng hợp, gửi", Some("2025-06-20")),
                task("undated", "Theo dõi", None),
                done,
            ],
        };
        let ics = write(&list, "2025-06-03T08:09:10Z");
        assert_eq!(ics.matches("BEGIN:VTODO").count(), 1);
        assert!(ics.contains("UID:open1@congvan\r\n"));
        assert!(ics.contains("DTSTAMP:20250603T080910Z\r\n"));
        assert!(ics.contains("DUE;VALUE=DATE:20250620\r\n"));
        assert!(ics.contains("SUMMARY:Báo cáo\\; tổng hợp\\, gửi\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(
            "DESCRIPTION:Văn bản: Công văn số 246/UBND-KGVX ngày 03/06/2025 của Ủy ban nhân dân tỉnh Quảng Ngãi (tệp corpus/a.txt)\\n"
        ), "{unfolded}");
        assert_eq!(stamp("not a time"), "19700101T000000Z");
    }

    #[test]
    fn a_recurring_task_gets_dtstart_due_and_rrule() {
        let mut t = task("r1", "Báo cáo tiến độ", Some("2027-01-20"));
        t.task.deadline.kind = crate::letter::DeadlineKind::Recurring;
        t.task.deadline.rule = Some(Recurrence {
            frequency: Frequency::Monthly,
            day: Some(20),
            ..Default::default()
        });
        let ics = write(&TaskList { tasks: vec![t] }, "2026-12-25T00:00:00Z");
        assert!(ics.contains("DTSTART:20270120T000000\r\nDUE:20270120T235959\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=20\r\n"), "{ics}");
    }
}
