//! The clerk's desk (`congvan serve`) in a real browser: headless Chromium
//! driven through the DevTools protocol (headless_chrome).
//!
//! One test walks the flows a clerk relies on, on the bundled corpus plus one
//! hostile letter: search "Kế hoạch 02", open a letter, mark a task done and
//! see it survive a reload and a re-ingest started from the desk's own button,
//! a `<script>` inside a letter that must stay text, and the CSV/ICS downloads.
//!
//! Without Chromium the test prints why and passes, unless
//! `CONGVAN_REQUIRE_BROWSER=1` (set by `.ci/run`), where a missing browser fails.
//! `CONGVAN_SCREENSHOTS=DIR` also writes the README's screenshots into DIR
//! (`scripts/screenshots.sh` does this).

mod common;

use common::congvan_ok;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const HOSTILE_LETTER: &str = "ỦY BAN NHÂN DÂN\nXÃ THỬ NGHIỆM\n\nSố: 77/UBND-VP\n\n\
Thử Nghiệm, ngày 3 tháng 3 năm 2026\n\nV/v kiểm tra mã độc <script>window.__pwned = 1;</script>\n\n\
Kính gửi: Văn phòng HĐND và UBND xã.\n\n\
Đề nghị Văn phòng HĐND và UBND xã rà soát <img src=x onerror=\"window.__pwned = 2\"> \
tài liệu phiếu chuyển hồ sơ, báo cáo trước ngày 10/3/2026.\n\n\
CHỦ TỊCH\n\nNguyễn Văn Thử\n";

/// Chromium on this machine, if any: `CONGVAN_CHROMIUM`, then the usual names.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CONGVAN_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// `congvan serve` on a free loopback port; killed when dropped.
struct Desk {
    child: Child,
    base: String,
}

impl Desk {
    fn start(data: &Path, corpus: &Path) -> Desk {
        let mut child = Command::new(env!("CARGO_BIN_EXE_congvan"))
            .args(["serve", "--port", "0", "--data"])
            .arg(data)
            .arg("--corpus")
            .arg(corpus)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start congvan serve");
        let stdout = child.stdout.take().expect("serve's stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read serve's first line");
        let base = line
            .trim()
            .strip_prefix("congvan desk: ")
            .unwrap_or_else(|| panic!("serve printed {line:?}, not \"congvan desk: URL\""))
            .trim_end_matches('/')
            .to_string();
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "serve must listen on loopback by default, printed {base}"
        );
        Desk { child, base }
    }

    fn url(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base, path_and_query)
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET on loopback: (status, headers, body bytes).
fn http_get(base: &str, path: &str) -> (u16, String, Vec<u8>) {
    let hostport = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(hostport).expect("connect to the desk");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {hostport}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = b.windows(2).position(|w| w == b"\r\n").expect("chunk size");
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&b[..end])
                .split(';')
                .next()
                .unwrap_or("0")
                .trim(),
            16,
        )
        .expect("hex chunk size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + size]);
        b = &b[end + 2 + size + 2..];
    }
}

fn wait_until(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn text_of(tab: &Tab, selector: &str) -> String {
    tab.wait_for_element(selector)
        .unwrap_or_else(|e| panic!("no {selector} on {}: {e}", tab.get_url()))
        .get_inner_text()
        .unwrap_or_default()
}

fn eval_string(tab: &Tab, js: &str) -> String {
    let r = tab.evaluate(js, false).expect("evaluate");
    match r.value {
        Some(serde_json::Value::String(s)) => s,
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

fn screenshot(tab: &Tab, dir: &Option<PathBuf>, name: &str) {
    if let Some(dir) = dir {
        let png = tab
            .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
            .expect("screenshot");
        std::fs::create_dir_all(dir).expect("screenshot folder");
        std::fs::write(dir.join(name), png).expect("write screenshot");
    }
}

fn launch(path: PathBuf, profile: &Path) -> Browser {
    // The flags keep Chromium off the network it cannot reach from CI and
    // let it run as root in a container.
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let opts = LaunchOptions::default_builder()
        .path(Some(path))
        .sandbox(false)
        .headless(true)
        .window_size(Some((1280, 900)))
        .user_data_dir(Some(profile.to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .expect("launch options");
    Browser::new(opts).expect("launch Chromium")
}

fn query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[test]
fn the_desk_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        let required = std::env::var("CONGVAN_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "CONGVAN_REQUIRE_BROWSER=1 but no Chromium found: install Debian's `chromium` or set CONGVAN_CHROMIUM"
        );
        eprintln!("SKIPPED the_desk_in_a_real_browser: no Chromium (install Debian's `chromium`, or set CONGVAN_CHROMIUM=/path)");
        return;
    };
    let shots = std::env::var_os("CONGVAN_SCREENSHOTS").map(PathBuf::from);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus = tmp.path().join("corpus");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    for e in std::fs::read_dir(repo.join("corpus")).expect("bundled corpus") {
        let p = e.expect("corpus entry").path();
        if p.is_file() {
            std::fs::copy(&p, corpus.join(p.file_name().expect("name"))).expect("copy letter");
        }
    }
    std::fs::write(corpus.join("hostile.txt"), HOSTILE_LETTER).expect("hostile letter");
    let (c, d) = (
        corpus.to_str().expect("utf-8 path"),
        data.to_str().expect("utf-8 path"),
    );
    congvan_ok(&["ingest", "--corpus", c, "--data", d], tmp.path());

    let desk = Desk::start(&data, &corpus);
    let browser = launch(chrome, &tmp.path().join("profile"));
    let tab: Arc<Tab> = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(20));

    // 1. Search: "Kế hoạch 02" lists the five letters that cite it.
    tab.navigate_to(&desk.url(&format!("/search?q={}", query("Kế hoạch 02"))))
        .expect("navigate search")
        .wait_until_navigated()
        .expect("search loads");
    let hits = tab
        .wait_for_elements("ol#results > li.hit")
        .expect("search results");
    assert_eq!(hits.len(), 5, "five bundled letters cite Kế hoạch 02");
    let why = text_of(&tab, "ol#results > li.hit .why");
    assert!(!why.trim().is_empty(), "each hit says why it matched");
    screenshot(&tab, &shots, "search.png");

    // 2. A letter page: its number, signer and tasks.
    let href = eval_string(
        &tab,
        "Array.from(document.querySelectorAll('ol#results > li.hit')).find(h => h.querySelector('.number') && h.querySelector('.number').innerText.includes('246/UBND-KGVX')).querySelector('a.letter-link').getAttribute('href')",
    );
    assert!(href.starts_with("/letters/"), "letter link {href:?}");
    tab.navigate_to(&desk.url(&href))
        .expect("navigate letter")
        .wait_until_navigated()
        .expect("letter loads");
    assert!(text_of(&tab, "#number").contains("246/UBND-KGVX"));
    assert!(!text_of(&tab, "#signer").trim().is_empty(), "signer shown");
    let letter_tasks = tab
        .wait_for_elements("table#tasks tr.task")
        .expect("the letter's tasks");
    assert!(!letter_tasks.is_empty(), "letter 246/UBND-KGVX has tasks");

    // 3. Task board: mark the first open task done, with a note.
    tab.navigate_to(&desk.url("/tasks"))
        .expect("navigate board")
        .wait_until_navigated()
        .expect("board loads");
    let open_before = tab
        .wait_for_elements("table#task-board tbody tr.task")
        .expect("open tasks")
        .len();
    let task_id = eval_string(
        &tab,
        "document.querySelector('table#task-board tbody tr.task').getAttribute('data-task-id')",
    );
    assert!(!task_id.is_empty(), "tasks carry their id");
    screenshot(&tab, &shots, "tasks.png");
    let row = format!("table#task-board tbody tr.task[data-task-id='{task_id}']");
    tab.wait_for_element(&format!("{row} form.set-status input[name=note]"))
        .expect("note field")
        .click()
        .expect("focus note");
    tab.type_str("đã xong, trình lãnh đạo").expect("type note");
    tab.wait_for_element(&format!("{row} form.set-status button[type=submit]"))
        .expect("done button")
        .click()
        .expect("click done");
    wait_until(
        "the board to drop the done task",
        Duration::from_secs(20),
        || {
            eval_string(
                &tab,
                &format!("String(document.querySelectorAll(\"{row}\").length)"),
            ) == "0"
        },
    );
    // Survives a reload.
    tab.navigate_to(&desk.url("/tasks?status=done"))
        .expect("navigate done")
        .wait_until_navigated()
        .expect("done board loads");
    tab.reload(true, None).expect("reload");
    let status = eval_string(
        &tab,
        &format!("document.querySelector(\"{row} .status\").getAttribute('data-status')"),
    );
    assert_eq!(status, "done", "task {task_id} done after reload");
    let open_now = eval_string(
        &tab,
        "fetch('/tasks').then(r => r.text()).then(t => String(new DOMParser().parseFromString(t, 'text/html').querySelectorAll('table#task-board tbody tr.task').length))",
    );
    let _ = open_now; // paging may cap the count; the row check above is what matters

    // Survives a re-ingest started from the desk's own button.
    tab.navigate_to(&desk.url("/ingest"))
        .expect("navigate ingest")
        .wait_until_navigated()
        .expect("ingest page loads");
    assert!(text_of(&tab, "#letter-count").contains('6'), "six letters");
    tab.wait_for_element("form#ingest-form button")
        .or_else(|_| tab.wait_for_element("form#ingest-form [type=submit]"))
        .expect("ingest button")
        .click()
        .expect("click ingest");
    wait_until("the ingest to finish", Duration::from_secs(120), || {
        let (code, _, body) = http_get(&desk.base, "/ingest/status");
        code == 200
            && String::from_utf8_lossy(&body)
                .replace(' ', "")
                .contains("\"running\":false")
    });
    tab.navigate_to(&desk.url("/tasks?status=done"))
        .expect("navigate done")
        .wait_until_navigated()
        .expect("done board loads");
    let status = eval_string(
        &tab,
        &format!("document.querySelector(\"{row} .status\").getAttribute('data-status')"),
    );
    assert_eq!(status, "done", "task {task_id} still done after re-ingest");
    let cli = congvan_ok(
        &["tasks", "--json", "--status", "done", "--data", d],
        tmp.path(),
    );
    let cli = String::from_utf8_lossy(&cli.stdout);
    assert!(cli.contains(&task_id), "the CLI sees the desk's change");
    assert!(cli.contains("đã xong, trình lãnh đạo"), "the note is kept");
    assert!(
        open_before > 0,
        "there were open tasks on the board before marking one done"
    );

    // 4. A letter carrying <script> and an onerror attribute shows them as text.
    tab.navigate_to(&desk.url(&format!("/search?q={}", query("77/UBND-VP"))))
        .expect("navigate search")
        .wait_until_navigated()
        .expect("search loads");
    let href = eval_string(
        &tab,
        "document.querySelector('ol#results > li.hit a.letter-link').getAttribute('href')",
    );
    tab.navigate_to(&desk.url(&href))
        .expect("navigate hostile letter")
        .wait_until_navigated()
        .expect("hostile letter loads");
    assert!(text_of(&tab, "#text").contains("<script>"), "shown as text");
    assert_eq!(
        eval_string(&tab, "typeof window.__pwned"),
        "undefined",
        "no script from a letter ran"
    );

    // 5. Downloads: the board's CSV is the CLI's CSV; the ICS is a calendar.
    let (code, head, csv) = http_get(&desk.base, "/tasks.csv?status=all");
    assert_eq!(code, 200, "{head}");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "CSV starts with a BOM");
    let cli_csv = congvan_ok(
        &["tasks", "--csv", "--status", "all", "--data", d],
        tmp.path(),
    );
    assert_eq!(csv, cli_csv.stdout, "desk and CLI give the same CSV");
    let (code, head, ics) = http_get(&desk.base, "/tasks.ics");
    assert_eq!(code, 200, "{head}");
    let ics = String::from_utf8(ics).expect("ICS is UTF-8");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "ICS: {ics:.80}");
    assert!(ics.trim_end().ends_with("END:VCALENDAR"));
    assert_eq!(
        ics.matches("BEGIN:VTODO").count(),
        ics.matches("END:VTODO").count()
    );
    assert!(
        ics.split("\r\n").all(|l| l.len() <= 75),
        "ICS lines are folded at 75 octets"
    );
    let (code, _, xlsx) = http_get(&desk.base, "/tasks.xlsx");
    assert_eq!(code, 200);
    assert!(xlsx.starts_with(b"PK"), "XLSX is a zip");

    // 6. Nothing outside the routes: traversal is refused.
    for p in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/letters/..%2F..%2Fetc%2Fpasswd",
    ] {
        let (code, _, body) = http_get(&desk.base, p);
        assert!((400..500).contains(&code), "{p} answered {code}");
        assert!(
            !String::from_utf8_lossy(&body).contains("root:"),
            "{p} leaked a file"
        );
    }
}
