//! The clerk's desk (`congvan serve`) through its router, without a socket
//! (`tower::ServiceExt::oneshot`): search finds the letters citing "Kế hoạch
//! 02", a letter page shows its number and signer, marking a task done needs
//! the CSRF token and reaches the archive, a letter's `<script>` is shown as
//! text, traversal paths are refused, unknown letters are 404, and an ingest
//! started from the page is searchable when it ends.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use congvan::archive::desk::letter_id;
use congvan::archive::{Archive, StatusFilter, TaskFilter};
use congvan::web::{app, AppState};
use http_body_util::BodyExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tower::ServiceExt;

mod common;
use common::congvan_ok;

/// A letter whose text carries markup: the desk must show it, not run it.
const HOSTILE: &str = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n\
Số: 99/UBND-VP Quảng Ngãi, ngày 3 tháng 6 năm 2025\n\
V/v kiểm tra <script>alert(\"xss\")</script> hiển thị\n\n\
Kính gửi: Sở Nội vụ <b>đậm</b>.\n\n\
Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n\
1. Sở Nội vụ chủ trì rà soát hồ sơ <script>alert(1)</script> và báo cáo Ủy ban nhân dân tỉnh trước ngày 30/6/2025.\n\n\
Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\
KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Phước Hiền\n";

/// The bundled corpus and the hostile letter, ingested once by the built
/// binary into target/tmp (fresh at every run).
fn ingested() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-desk");
        let _ = std::fs::remove_dir_all(&root);
        let corpus = root.join("corpus");
        std::fs::create_dir_all(&corpus).expect("mkdir corpus");
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(&bundled).expect("bundled corpus") {
            let e = e.expect("entry");
            std::fs::copy(e.path(), corpus.join(e.file_name())).expect("copy letter");
        }
        std::fs::write(corpus.join("hostile.txt"), HOSTILE).expect("write letter");
        congvan_ok(
            &["ingest", "--corpus", "corpus", "--data", "data", "--json"],
            &root,
        );
        root
    })
}

fn state() -> AppState {
    let root = ingested();
    AppState::open(&root.join("data"), &root.join("corpus")).expect("open the desk")
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, String) {
    let req = Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("request");
    send(state, req).await
}

async fn post(state: &AppState, uri: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let body = serde_urlencoded::to_string(form).expect("form");
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    send(state, req).await
}

/// Status and body; for a redirect, the Location as the body.
async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, String) {
    let res = app(state.clone()).oneshot(req).await.expect("response");
    let status = res.status();
    if status.is_redirection() {
        let loc = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        return (status, loc);
    }
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// The text of the element with `id="…"` (first tag only, no nesting).
fn by_id<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = at + html[at..].find('>')? + 1;
    let end = start + html[start..].find('<')?;
    Some(&html[start..end])
}

#[tokio::test]
async fn ke_hoach_02_lists_the_letters_citing_it() {
    let s = state();
    let (status, html) = get(&s, "/search?q=K%E1%BA%BF+ho%E1%BA%A1ch+02").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let total: usize = by_id(&html, "total")
        .and_then(|t| t.trim().parse().ok())
        .expect("#total");
    assert_eq!(total, 5, "{html}");
    for name in [
        "000_46668d4303b40ff9.txt",
        "001_8002db8913c7d19c.txt",
        "002_a7cde4d1a97a1e58.txt",
        "003_31d0b9ec39906225.txt",
        "004_a119ee2f3366033d.txt",
    ] {
        let href = format!("href=\"/letters/{}\"", letter_id(&format!("corpus/{name}")));
        assert!(html.contains(&href), "{name} not listed");
    }
    assert!(html.contains("<li class=\"hit\">"));
    assert!(html.contains("<mark>Kế hoạch</mark>"), "terms highlighted");
    assert!(html.contains("trích dẫn văn bản kh:2"), "why it matched");
    // The shorthand and the unaccented query find the same letters.
    for q in ["KH+02", "ke+hoach+02"] {
        let (_, other) = get(&s, &format!("/search?q={q}")).await;
        assert_eq!(by_id(&other, "total"), Some("5"), "{q}");
    }
    // A bad filter is the clerk's 400, not a crash.
    let (status, _) = get(&s, "/search?q=x&from=2025-13-45").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_letter_page_shows_its_number_signer_and_tasks() {
    let s = state();
    let id = letter_id("corpus/001_8002db8913c7d19c.txt");
    let (status, html) = get(&s, &format!("/letters/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_id(&html, "number"), Some("246/UBND-KGVX"));
    assert!(
        html.contains("<tr class=\"task\" data-task-id="),
        "tasks listed"
    );
    let id = letter_id("corpus/004_a119ee2f3366033d.txt");
    let (_, html) = get(&s, &format!("/letters/{id}")).await;
    assert!(
        by_id(&html, "signer").is_some_and(|s| s.contains("Vương Ngọc Hà")),
        "{html}"
    );
    // Ids are stable: the same file gives the same address on every ingest.
    assert_eq!(letter_id("corpus/004_a119ee2f3366033d.txt"), id);
}

#[tokio::test]
async fn repaired_words_are_marked_with_what_the_scan_said() {
    let s = state();
    // 001 is an OCR without a Vietnamese model: "Ké hoach s6 02-KH/BCDTW".
    let id = letter_id("corpus/001_8002db8913c7d19c.txt");
    let (_, html) = get(&s, &format!("/letters/{id}")).await;
    let text = html.split("id=\"text\"").nth(1).unwrap_or_default();
    assert!(
        text.contains("<span class=\"repaired\" title=\"hoach\">hoạch</span>"),
        "the repaired syllable carries the OCR's word: {text:.600}"
    );
    // A clean letter has nothing marked.
    let id = letter_id("corpus/004_a119ee2f3366033d.txt");
    let (_, html) = get(&s, &format!("/letters/{id}")).await;
    assert!(
        !html.contains("class=\"repaired\""),
        "clean text is left alone"
    );
}

#[tokio::test]
async fn unknown_letters_are_404_and_malformed_ids_400() {
    let s = state();
    let (status, html) = get(&s, "/letters/0123456789abcdef").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Không tìm thấy"));
    for bad in [
        "/letters/xyz",
        "/letters/0123456789ABCDEF",
        "/letters/%2Fetc%2Fpasswd",
    ] {
        let (status, _) = get(&s, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn script_in_a_letter_is_shown_as_text() {
    let s = state();
    let id = letter_id("corpus/hostile.txt");
    let (status, html) = get(&s, &format!("/letters/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<script>alert"),
        "a letter's script reached the page"
    );
    assert!(!html.contains("<b>đậm"));
    // In search snippets and on the board too.
    let (_, html) = get(&s, "/search?q=alert").await;
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("<script>alert"));
    let (_, html) = get(&s, "/tasks?status=all&letter=99%2FUBND-VP").await;
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("<script>alert"));
}

#[tokio::test]
async fn marking_done_needs_the_csrf_token_and_writes_the_archive() {
    let s = state();
    let (_, board) = get(&s, "/tasks?status=all&letter=99%2FUBND-VP").await;
    let id = board
        .split("data-task-id=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a task of the letter")
        .to_string();
    assert!(board.contains("class=\"set-status\""));
    let uri = format!("/tasks/{id}/done?status=all&letter=99%2FUBND-VP");
    let (status, _) = post(&s, &uri, &[("note", "đã xong")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post(
        &s,
        &uri,
        &[("csrf", "0".repeat(64).as_str()), ("note", "x")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let archive = Archive::open_existing(s.data_dir()).expect("archive");
    let done = |a: &Archive| {
        a.tasks(&TaskFilter {
            status: StatusFilter::Done,
            ..Default::default()
        })
        .expect("tasks")
        .tasks
        .into_iter()
        .find(|t| t.task.id == id)
    };
    assert!(done(&archive).is_none(), "refused posts changed nothing");
    let token = s.csrf_token().to_string();
    let (status, location) = post(&s, &uri, &[("csrf", &token), ("note", "đã báo cáo")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/tasks?status=all&letter=99%2FUBND-VP&page=1");
    let t = done(&archive).expect("the task is done in the archive");
    assert_eq!(
        t.status_changed.and_then(|c| c.note).as_deref(),
        Some("đã báo cáo")
    );
    let (_, board) = get(&s, "/tasks?status=done&letter=99%2FUBND-VP").await;
    assert!(board.contains("data-status=\"done\""), "{board}");
    // And open again.
    let reopen = format!("/tasks/{id}/reopen?status=all&letter=99%2FUBND-VP");
    let (status, _) = post(&s, &reopen, &[("csrf", &token)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(done(&archive).is_none());
    // An unknown task is 404.
    let (status, _) = post(&s, "/tasks/ffffffffffffffff/done", &[("csrf", &token)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_board_pages_and_counts_per_assignee() {
    let s = state();
    let (status, html) = get(&s, "/tasks?status=all").await;
    assert_eq!(status, StatusCode::OK);
    let total: usize = by_id(&html, "task-total")
        .and_then(|t| t.parse().ok())
        .expect("#task-total");
    let archive = Archive::open_existing(s.data_dir()).expect("archive");
    let all = archive
        .tasks(&TaskFilter {
            status: StatusFilter::All,
            ..Default::default()
        })
        .expect("tasks");
    assert_eq!(total, all.tasks.len());
    // The board lists what `congvan tasks --status all` lists, in its order.
    let board_ids: Vec<&str> = html
        .split("data-task-id=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .collect();
    let cli_ids: Vec<&str> = all
        .tasks
        .iter()
        .take(100)
        .map(|t| t.task.id.as_str())
        .collect();
    assert_eq!(board_ids, cli_ids);
    // Filters too: one assignee's tasks.
    let (_, html) = get(&s, "/tasks?status=all&assignee=so+khoa+hoc").await;
    let mine = archive
        .tasks(&TaskFilter {
            status: StatusFilter::All,
            assignee: Some("so khoa hoc".into()),
            ..Default::default()
        })
        .expect("tasks");
    assert_eq!(
        by_id(&html, "task-total"),
        Some(mine.tasks.len().to_string().as_str())
    );
    assert!(html.contains("id=\"assignee-counts\""));
    assert!(html.contains("Sở Khoa học và Công nghệ"));
    for d in ["download-csv", "download-xlsx", "download-ics"] {
        assert!(html.contains(&format!("id=\"{d}\"")), "{d}");
    }
    // Downloads carry the board's filters.
    assert!(
        html.contains("href=\"/tasks.csv?status=all&amp;assignee=so+khoa+hoc\""),
        "{html}"
    );
    let (status, _) = get(&s, "/tasks?status=sometimes").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = get(&s, "/tasks?page=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn traversal_paths_are_refused() {
    let s = state();
    for uri in [
        "/../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets/../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/letters/..%2f..%2fetc%2fpasswd",
        "/tasks?letter=/etc/passwd",
        "/tasks?letter=..%2F..%2Fetc%2Fpasswd",
        "/tasks.csv?letter=%2Fetc%2Fpasswd",
        "/etc/passwd",
        "/corpus/hostile.txt",
        "/data/congvan.sqlite",
    ] {
        let (status, body) = get(&s, uri).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND,
            "{uri}: {status}"
        );
        assert!(!body.contains("root:"), "{uri}");
        assert!(!body.contains("SQLite format"), "{uri}");
    }
}

#[tokio::test]
async fn an_empty_data_folder_serves_and_an_ingest_from_the_page_is_searchable() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("hostile.txt"), HOSTILE).expect("write");
    let s = AppState::open(&tmp.path().join("data"), &corpus).expect("desk");
    assert!(!s.has_archive());
    let (status, html) = get(&s, "/tasks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"no-archive\""), "{html}");
    let (status, _) = get(&s, "/search?q=alert").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(&s, "/ingest", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let token = s.csrf_token().to_string();
    let (status, location) = post(&s, "/ingest", &[("csrf", &token)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/ingest");
    let mut finished = false;
    for _ in 0..600 {
        let (_, json) = get(&s, "/ingest/status").await;
        let v: serde_json::Value = serde_json::from_str(&json).expect("status json");
        if v["running"] == false && !v["last"].is_null() {
            assert!(v["last"]["error"].is_null(), "{json}");
            assert_eq!(v["last"]["summary"]["letters"], 1, "{json}");
            finished = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(finished, "the ingest did not end in 60 s");
    let (_, html) = get(&s, "/search?q=alert").await;
    assert_eq!(by_id(&html, "total"), Some("1"), "{html}");
    let (_, html) = get(&s, "/ingest").await;
    assert_eq!(by_id(&html, "letter-count"), Some("1"));
}

#[tokio::test]
async fn downloads_carry_the_boards_filters() {
    let s = state();
    let archive = Archive::open_existing(s.data_dir()).expect("archive");
    let mine = archive
        .tasks(&TaskFilter {
            status: StatusFilter::All,
            assignee: Some("so khoa hoc".into()),
            ..Default::default()
        })
        .expect("tasks");
    let req = |uri: &str| {
        Request::builder()
            .uri(uri)
            .body(Body::empty())
            .expect("request")
    };
    let res = app(s.clone())
        .oneshot(req("/tasks.csv?status=all&assignee=so+khoa+hoc"))
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .is_ok_and(|t| t.starts_with("text/csv")));
    let csv = res.into_body().collect().await.expect("body").to_bytes();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = String::from_utf8_lossy(&csv);
    // A header row, then one row per task (all pages, the board's filter).
    let rows = text.split("\r\n").filter(|l| !l.is_empty()).count();
    assert!(
        rows > mine.tasks.len(),
        "{rows} rows for {} tasks",
        mine.tasks.len()
    );
    assert!(text.contains("Sở Khoa học và Công nghệ"));
    let res = app(s.clone())
        .oneshot(req("/tasks.xlsx?status=all"))
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let xlsx = res.into_body().collect().await.expect("body").to_bytes();
    assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip");
    let (status, ics) = get(&s, "/tasks.ics?status=open").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    let (status, _) = get(&s, "/tasks.ics?due_before=someday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
