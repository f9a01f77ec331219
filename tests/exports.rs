//! The exports a clerk opens in Excel or a calendar: `congvan tasks --csv`,
//! `--xlsx FILE` and `--ics FILE` over the bundled corpus (plus one letter
//! with a monthly deadline). The CSV is read back with Python's csv module
//! and must give exactly the rows of `tasks --json`; the workbook is unzipped
//! and its Vietnamese text and date cells checked; the calendar is read by an
//! independent parser (the `ical` crate) and by a strict checker of RFC 5545's
//! line rules.

use congvan::letter::{
    Deadline, DeadlineKind, Frequency, ListedTask, Recurrence, Task, TaskSource, TaskStatus,
};
use congvan::tasks::TaskList;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

mod common;
use common::{congvan, congvan_ok};

/// The date the tests count "overdue" from: after every due date in the corpus.
const TODAY: &str = "2026-06-01";

/// A letter with a monthly report deadline ("trước ngày 25 hằng tháng").
const MONTHLY: &str = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n\
Số: 452/UBND-KT Quảng Ngãi, ngày 3 tháng 4 năm 2025\n\
V/v báo cáo tình hình thực hiện nhiệm vụ hằng tháng\n\n\
Kính gửi: Sở Tài chính.\n\n\
Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n\
1. Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan tổng hợp tình hình thu, chi ngân sách \
nhà nước trong tháng, báo cáo Ủy ban nhân dân tỉnh trước ngày 25 hằng tháng.\n\n\
Nơi nhận:\n- Như trên;\n- Lưu: VT, KT.\n\
KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Phước Hiền\n";

/// A temporary folder with the bundled corpus and the monthly letter ingested into data/.
fn ingested() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    ingest_into(tmp.path());
    tmp
}

/// One ingested folder shared by the tests that only read it (an ingest of a
/// debug build takes seconds): target/tmp/exports-corpus, made anew by each run.
fn shared() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("exports-corpus");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        ingest_into(&dir);
        dir
    })
}

fn ingest_into(root: &Path) {
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for e in std::fs::read_dir(seed).expect("corpus/ exists") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), corpus.join(e.file_name())).expect("copy");
    }
    std::fs::write(corpus.join("monthly.txt"), MONTHLY).expect("write");
    congvan_ok(
        &["ingest", "--corpus", "corpus", "--data", "data", "--json"],
        root,
    );
}

fn tasks_json(root: &Path, filters: &[&str]) -> Vec<Value> {
    let mut args = vec!["tasks", "--json", "--data", "data", "--today", TODAY];
    args.extend_from_slice(filters);
    let out = congvan_ok(&args, root);
    let v: Value = serde_json::from_slice(&out.stdout).expect("tasks json");
    v["tasks"].as_array().cloned().expect("a task array")
}

fn csv_of(root: &Path, filters: &[&str]) -> Vec<u8> {
    let mut args = vec!["tasks", "--csv", "--data", "data", "--today", TODAY];
    args.extend_from_slice(filters);
    congvan_ok(&args, root).stdout
}

/// The records of a CSV file as Python's csv module reads it (after the
/// BOM, with `utf-8-sig`); None when there is no python3 to ask.
fn python_csv(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    let script = "import csv, io, json, sys\n\
                  text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
                  rows = list(csv.reader(io.StringIO(text, newline=''), strict=True))\n\
                  sys.stdout.write(json.dumps(rows))";
    let mut child = match Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            println!("SKIPPED the Python csv check: python3 could not be run ({e})");
            return None;
        }
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("feed python");
    let out = child.wait_with_output().expect("python3 runs");
    assert!(
        out.status.success(),
        "Python's csv module refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("rows as json"))
}

/// What a cell shows once the formula guard's apostrophe is taken off.
fn undefused(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn joined(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

#[test]
fn csv_reads_back_as_the_rows_of_tasks_json() {
    let root = shared();
    let json = tasks_json(root, &["--status", "all"]);
    assert!(json.len() > 20, "the corpus gives tasks: {}", json.len());
    let bytes = csv_of(root, &["--status", "all"]);
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "the CSV starts with the BOM"
    );
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    assert!(
        text.contains("Mã việc,Văn bản (số ký hiệu),Ngày văn bản"),
        "the header is Vietnamese, in UTF-8"
    );

    let Some(rows) = python_csv(&bytes) else {
        return;
    };
    assert_eq!(rows.len(), json.len() + 1, "a header and a row per task");
    let header = &rows[0];
    assert_eq!(header.len(), congvan::export::COLUMNS.len());
    assert_eq!(
        header,
        &congvan::export::COLUMNS.map(str::to_string).to_vec()
    );
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (id, action, due, lead, help, status, number, file) = (
        col("Mã việc"),
        col("Nội dung"),
        col("Hạn"),
        col("Cơ quan chủ trì"),
        col("Cơ quan phối hợp"),
        col("Trạng thái"),
        col("Văn bản (số ký hiệu)"),
        col("Tệp"),
    );
    for (row, t) in rows[1..].iter().zip(&json) {
        assert_eq!(row.len(), header.len(), "{row:?}");
        assert_eq!(row[id], s(t, "id"));
        assert_eq!(undefused(&row[action]), s(t, "action"));
        assert_eq!(row[due], s(&t["deadline"], "due"));
        assert_eq!(undefused(&row[lead]), joined(&t["assignees"]));
        assert_eq!(undefused(&row[help]), joined(&t["coordinators"]));
        assert_eq!(row[number], s(&t["source"], "number"));
        assert_eq!(row[file], s(&t["source"], "file"));
        let expected = match s(t, "status") {
            "open" => "Chưa xong",
            "done" => "Đã xong",
            _ => "Đã rút",
        };
        assert_eq!(row[status], expected);
    }
    // Vietnamese text intact: a known action of the monthly letter, with its comma.
    assert!(rows.iter().any(|r| r[action]
        .contains("tổng hợp tình hình thu, chi ngân sách nhà nước trong tháng")
        && r[number] == "452/UBND-KT"));
}

#[test]
fn exports_take_the_same_filters_as_tasks() {
    let tmp = ingested();
    let root = tmp.path();
    let filters = ["--assignee", "so tai chinh"];
    let ids: Vec<String> = tasks_json(root, &filters)
        .iter()
        .map(|t| s(t, "id").to_string())
        .collect();
    assert!(!ids.is_empty());
    let csv = String::from_utf8(csv_of(root, &filters)).expect("utf-8");
    let csv_ids: Vec<&str> = csv
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap_or(""))
        // Continuation lines of a quoted multi-line cell do not start with an id.
        .filter(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    assert_eq!(csv_ids, ids);

    // A done task leaves the default (open) export and the calendar.
    let first = ids[0].clone();
    congvan_ok(&["tasks", "--data", "data", "done", &first], root);
    let csv = String::from_utf8(csv_of(root, &filters)).expect("utf-8");
    assert!(!csv.contains(&first));
    congvan_ok(
        &[
            "tasks", "--data", "data", "--status", "all", "--ics", "all.ics",
        ],
        root,
    );
    let ics = std::fs::read_to_string(root.join("all.ics")).expect("ics");
    assert!(!ics.contains(&format!("UID:{first}@congvan")));
}

#[test]
fn two_formats_at_once_are_refused_with_a_clear_message() {
    let root = shared();
    for args in [
        &["tasks", "--data", "data", "--csv", "--xlsx", "t.xlsx"][..],
        &[
            "tasks", "--data", "data", "--xlsx", "t.xlsx", "--ics", "t.ics",
        ][..],
        &["tasks", "--data", "data", "--json", "--ics", "t.ics"][..],
    ] {
        let out = congvan(args, root);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot be used with"), "{err}");
        assert!(!root.join("t.xlsx").exists() && !root.join("t.ics").exists());
    }
    let out = congvan(
        &["tasks", "--data", "data", "--xlsx", "no/such/folder/t.xlsx"],
        root,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/folder/t.xlsx"), "{err}");
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut out = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name} in the workbook: {e}"))
        .read_to_string(&mut out)
        .expect("a UTF-8 entry");
    out
}

fn xml_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Excel's serial number of an ISO date (days since 1899-12-30).
fn excel_serial(iso: &str) -> i64 {
    let p: Vec<i64> = iso.split('-').map(|x| x.parse().expect("digits")).collect();
    let (y, m, d) = (p[0], p[1], p[2]);
    // Days from civil (Howard Hinnant), relative to 1970-01-01.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468 + 25569
}

#[test]
fn xlsx_holds_vietnamese_shared_strings_and_real_dates() {
    let root = shared();
    let json = tasks_json(root, &[]);
    let out = congvan_ok(
        &[
            "tasks",
            "--data",
            "data",
            "--today",
            TODAY,
            "--xlsx",
            "tasks.xlsx",
        ],
        root,
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("Wrote {} tasks to tasks.xlsx", json.len())),
        "{said}"
    );
    let bytes = std::fs::read(root.join("tasks.xlsx")).expect("the workbook was written");
    let book = zip_entry(&bytes, "xl/workbook.xml");
    assert!(book.contains("name=\"Việc cần làm\""), "{book}");
    let strings = zip_entry(&bytes, "xl/sharedStrings.xml");
    for t in &json {
        assert!(
            strings.contains(&xml_escaped(s(t, "action"))),
            "the action of {} is in the shared strings as UTF-8",
            s(t, "id")
        );
    }
    assert!(strings.contains("Cơ quan chủ trì"));

    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    let (row, dated) = json
        .iter()
        .enumerate()
        .find(|(_, t)| t["deadline"]["due"].is_string())
        .expect("a task with a due date");
    let due = s(&dated["deadline"], "due");
    // Column K is "Hạn": a number cell (no t="s") holding the date's serial.
    let cell_start = format!("<c r=\"K{}\"", row + 2);
    let at = sheet.find(&cell_start).expect("the due date cell");
    let cell = &sheet[at..at + sheet[at..].find("</c>").expect("cell end")];
    assert!(
        !cell.contains("t=\""),
        "a due date is a number, not text: {cell}"
    );
    assert!(
        cell.contains(&format!("<v>{}</v>", excel_serial(due))),
        "{due}: {cell}"
    );
    // Every due date of the corpus is before TODAY: overdue rows are shaded,
    // so a dated row's cells take another style than an undated row's.
    let style = |r: usize| {
        let c = format!("<c r=\"A{}\" s=\"", r + 2);
        let at = sheet.find(&c).expect("cell") + c.len();
        sheet[at..at + sheet[at..].find('"').expect("end")].to_string()
    };
    let undated = json
        .iter()
        .position(|t| !t["deadline"]["due"].is_string())
        .expect("an undated task");
    assert_ne!(style(row), style(undated));
    let styles = zip_entry(&bytes, "xl/styles.xml");
    assert!(styles.contains("FFFFC7CE"), "the overdue shade is defined");
}

/// RFC 5545's rules on the raw bytes: CRLF line ends, no line over 75
/// octets, folded lines start with a space, BEGIN/END balanced, every
/// content line "NAME[;PARAM=…]:VALUE", the required properties present.
fn strict_check(ics: &str) -> Vec<Vec<(String, String)>> {
    assert!(ics.ends_with("\r\n"), "the file ends with CRLF");
    for line in ics.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "a bare LF or CR: {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "");
    let mut stack: Vec<String> = Vec::new();
    let mut todos = Vec::new();
    let mut calendar: Vec<(String, String)> = Vec::new();
    let mut current: Vec<(String, String)> = Vec::new();
    for line in unfolded.split_terminator("\r\n") {
        let (head, value) = line.split_once(':').expect("NAME:VALUE");
        let name = head.split(';').next().unwrap_or("");
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
            "a property name: {line:?}"
        );
        match name {
            "BEGIN" => {
                assert!(stack.len() < 2, "nesting: {stack:?} {value}");
                stack.push(value.to_string());
                current.clear();
            }
            "END" => {
                assert_eq!(stack.pop().as_deref(), Some(value), "END:{value} closes");
                if value == "VTODO" {
                    todos.push(std::mem::take(&mut current));
                }
            }
            _ if stack.len() == 1 => calendar.push((head.to_string(), value.to_string())),
            _ => current.push((head.to_string(), value.to_string())),
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    let has = |props: &[(String, String)], name: &str| {
        props
            .iter()
            .filter(|(h, _)| h.split(';').next() == Some(name))
            .count()
    };
    assert_eq!(has(&calendar, "VERSION"), 1);
    assert_eq!(has(&calendar, "PRODID"), 1);
    assert!(calendar.contains(&("VERSION".into(), "2.0".into())));
    for t in &todos {
        for required in ["UID", "DTSTAMP", "DUE", "SUMMARY", "DESCRIPTION", "STATUS"] {
            assert_eq!(has(t, required), 1, "{required} once in {t:?}");
        }
        // TEXT values escape , ; and line breaks: no bare ones left.
        for (h, v) in t {
            if h == "SUMMARY" || h == "DESCRIPTION" {
                let bare = v.replace("\\\\", "").replace("\\,", "").replace("\\;", "");
                assert!(!bare.contains([',', ';']), "unescaped TEXT: {v}");
            }
        }
    }
    todos
}

fn ical_todos(ics: &str) -> Vec<ical::parser::ical::component::IcalTodo> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = parser
        .next()
        .expect("a calendar")
        .expect("the ical crate reads the file");
    assert!(parser.next().is_none(), "one calendar");
    cal.todos
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[test]
fn ics_has_a_todo_per_open_dated_task_and_parses() {
    let root = shared();
    let json = tasks_json(root, &["--status", "all"]);
    let out = congvan_ok(
        &[
            "tasks",
            "--data",
            "data",
            "--status",
            "all",
            "--ics",
            "tasks.ics",
        ],
        root,
    );
    let ics = std::fs::read_to_string(root.join("tasks.ics")).expect("written, UTF-8");
    let expected: Vec<&Value> = json
        .iter()
        .filter(|t| s(t, "status") == "open" && s(&t["deadline"], "due").len() == 10)
        .collect();
    assert!(expected.len() >= 5, "{}", expected.len());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("Wrote {} to-dos to tasks.ics", expected.len())),
        "{said}"
    );

    let strict = strict_check(&ics);
    assert_eq!(strict.len(), expected.len());
    let todos = ical_todos(&ics);
    assert_eq!(todos.len(), expected.len());
    for (todo, t) in todos.iter().zip(&expected) {
        let p = &todo.properties;
        assert_eq!(
            prop(p, "UID"),
            Some(format!("{}@congvan", s(t, "id")).as_str())
        );
        assert_eq!(prop(p, "STATUS"), Some("NEEDS-ACTION"));
        let due = s(&t["deadline"], "due").replace('-', "");
        let due_prop = p.iter().find(|x| x.name == "DUE").expect("DUE");
        assert!(
            due_prop
                .value
                .as_deref()
                .is_some_and(|v| v.starts_with(&due)),
            "{due_prop:?}"
        );
        let desc = prop(p, "DESCRIPTION").expect("DESCRIPTION");
        let file = s(&t["source"], "file");
        assert!(desc.contains(file), "the letter's file in {desc}");
        if let Some(n) = t["source"]["number"].as_str() {
            assert!(desc.contains(n), "the letter's number in {desc}");
        }
        let first_lead = t["assignees"][0].as_str().unwrap_or("");
        // The parser leaves TEXT escapes in place: compare escaped.
        assert!(desc.contains(&first_lead.replace(',', "\\,")), "{desc}");
    }

    // The monthly letter's deadline repeats: RRULE on the 25th.
    let monthly = todos
        .iter()
        .find(|t| prop(&t.properties, "DESCRIPTION").is_some_and(|d| d.contains("452/UBND-KT")))
        .expect("the monthly letter's to-do");
    assert_eq!(
        prop(&monthly.properties, "RRULE"),
        Some("FREQ=MONTHLY;BYMONTHDAY=25")
    );
    assert_eq!(
        prop(&monthly.properties, "DTSTART"),
        Some("20250425T000000")
    );
}

fn listed(id: &str, action: &str, deadline: Deadline) -> ListedTask {
    ListedTask {
        task: Task {
            id: id.into(),
            item: "2.a".into(),
            assignees: vec!["UBND các xã, phường, đặc khu".into()],
            coordinators: vec!["Sở Nội vụ".into()],
            action: action.into(),
            deadline,
        },
        source: TaskSource {
            file: "corpus/kh 02; bản quét.pdf".into(),
            number: Some("02-KH/BCĐTW".into()),
            issued: Some("2025-06-19".into()),
            subject: Some("V/v \"chuyển đổi số\", năm 2025".into()),
            kind: Some("Kế hoạch".into()),
            issuer: Some("Ban Chỉ đạo Trung ương".into()),
            copies: vec![],
        },
        status: TaskStatus::Open,
        status_changed: None,
    }
}

fn recurring(rule: Recurrence, due: &str, text: &str) -> Deadline {
    Deadline {
        kind: DeadlineKind::Recurring,
        due: Some(due.into()),
        text: Some(text.into()),
        r#ref: None,
        rule: Some(rule),
    }
}

#[test]
fn recurring_deadlines_become_rrules_a_calendar_reads() {
    let monthly = Recurrence {
        frequency: Frequency::Monthly,
        day: Some(20),
        ..Default::default()
    };
    let weekly = Recurrence {
        frequency: Frequency::Weekly,
        weekday: Some(5),
        ..Default::default()
    };
    let daily = Recurrence {
        frequency: Frequency::Daily,
        hour: Some(8),
        ..Default::default()
    };
    let long_action = "Tổng hợp, báo cáo kết quả thực hiện; gửi về Sở Nội vụ \\ Văn phòng UBND tỉnh\n\
                       trước ngày 20 hằng tháng, kèm theo danh sách các xã, phường, đặc khu chưa hoàn thành";
    let list = TaskList {
        tasks: vec![
            listed(
                "aaaa000000000001",
                long_action,
                recurring(monthly, "2025-07-20", "trước ngày 20 hằng tháng"),
            ),
            listed(
                "aaaa000000000002",
                "Báo cáo tuần",
                recurring(weekly, "2025-06-20", "hằng tuần vào thứ Sáu"),
            ),
            listed(
                "aaaa000000000003",
                "Cập nhật số liệu",
                recurring(daily, "2025-06-19", "trước 8 giờ hằng ngày"),
            ),
        ],
    };
    let ics = congvan::export::ics(&list, "2025-06-19T01:02:03Z");
    assert_eq!(strict_check(&ics).len(), 3);
    let todos = ical_todos(&ics);
    let rules: Vec<Option<&str>> = todos.iter().map(|t| prop(&t.properties, "RRULE")).collect();
    assert_eq!(
        rules,
        [
            Some("FREQ=MONTHLY;BYMONTHDAY=20"),
            Some("FREQ=WEEKLY;BYDAY=FR"),
            Some("FREQ=DAILY"),
        ]
    );
    let due: Vec<Option<&str>> = todos.iter().map(|t| prop(&t.properties, "DUE")).collect();
    assert_eq!(
        due,
        [
            Some("20250720T235959"),
            Some("20250620T235959"),
            Some("20250619T080000"),
        ]
    );
    assert_eq!(
        prop(&todos[0].properties, "DTSTAMP"),
        Some("20250619T010203Z")
    );
    // Escapes survive folding: unescaped, the summary is the action's start.
    let summary = prop(&todos[0].properties, "SUMMARY").expect("SUMMARY");
    let plain = summary
        .replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\");
    let flat = long_action.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.starts_with(plain.trim_end_matches('…')), "{plain}");
    let desc = prop(&todos[0].properties, "DESCRIPTION").expect("DESCRIPTION");
    assert!(
        desc.contains("Kế hoạch số 02-KH/BCĐTW ngày 19/06/2025"),
        "{desc}"
    );
    assert!(desc.contains("corpus/kh 02\\; bản quét.pdf"), "{desc}");
}

#[test]
fn tricky_csv_cells_round_trip_through_pythons_csv_module() {
    let tricky = [
        "Báo cáo, tổng hợp",
        "V/v \"Kế hoạch 02\"",
        "dòng một\ndòng hai",
        "dòng một\r\ndòng hai",
        "=HYPERLINK(\"http://example.invalid\",\"bấm\")",
        "+84 255 3822 111",
        "- gạch đầu dòng",
        "@SUM(A1:A2)",
        "",
    ];
    let list = TaskList {
        tasks: tricky
            .iter()
            .enumerate()
            .map(|(i, a)| listed(&format!("t{i}"), a, Deadline::default()))
            .collect(),
    };
    let bytes = congvan::export::csv(&list, "2025-07-01");
    let Some(rows) = python_csv(&bytes) else {
        return;
    };
    assert_eq!(rows.len(), tricky.len() + 1);
    let action = rows[0]
        .iter()
        .position(|h| h == "Nội dung")
        .expect("column");
    let subject = rows[0]
        .iter()
        .position(|h| h == "Trích yếu")
        .expect("column");
    for (row, want) in rows[1..].iter().zip(tricky) {
        assert_eq!(row[subject], "V/v \"chuyển đổi số\", năm 2025");
        if want.starts_with(['=', '+', '-', '@']) {
            // Defused: shown as text, never run as a formula.
            assert_eq!(row[action], format!("'{want}"));
        } else {
            assert_eq!(row[action], want);
        }
    }
}
