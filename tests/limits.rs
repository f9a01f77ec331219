//! Limits and failures every command keeps, whatever it is given: no panic
//! reaches the user, sizes are bounded before the work they bound, files not
//! changed since the last ingest are not opened again.

use lopdf::{dictionary, Document, Object, Stream};
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{congvan, congvan_ok};

fn congvan_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_congvan"));
    cmd.args(args).current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run congvan")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What a user must never see: Rust's panic report.
fn assert_no_panic(what: &str, o: &Output) {
    let err = stderr(o);
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{what}: exit {:?}\n{err}",
        o.status.code()
    );
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: {err}"
    );
}

/// A one-page PDF without text (a scan's shape) whose page is `w`×`h` points.
fn blank_pdf(w: i64, h: i64) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, Vec::new()));
    let page =
        doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content});
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), w.into(), h.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

const LETTER: &str = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/UBND-KT\nV/v báo cáo\n\nKính gửi: Sở Tài chính.\n\nĐề nghị Sở Tài chính báo cáo trước ngày 15/01/2026.\n";

/// Item 3: a scan page too large to render is refused from its MediaBox,
/// before pdftoppm runs (here pdftoppm is not even there: the refusal must
/// come first).
#[test]
fn a_huge_scan_page_is_refused_before_rendering() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("poster.pdf"), blank_pdf(14400, 14400)).expect("write");
    let o = congvan_env(
        &["extract", "poster.pdf", "--json"],
        dir.path(),
        &[("CONGVAN_PDFTOPPM", "/nonexistent/pdftoppm")],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("poster.pdf") && err.contains("page 1") && err.contains("Mpx limit"),
        "{err}"
    );
}

/// Item 5: a panic inside extract or repair becomes a line naming the file and
/// exit status 1, never Rust's panic report (debug builds can inject one).
#[test]
fn a_panic_in_extract_or_repair_names_the_file_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("letter.txt"), LETTER).expect("write");
    for args in [
        &["extract", "letter.txt"][..],
        &["extract", "letter.txt", "--json"],
        &["repair", "letter.txt"],
    ] {
        let o = congvan_env(args, dir.path(), &[("CONGVAN_TEST_PANIC", "1")]);
        if cfg!(debug_assertions) {
            assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
            let err = stderr(&o);
            assert!(
                err.contains("letter.txt") && err.contains("internal error"),
                "{args:?}: {err}"
            );
            assert!(o.stdout.is_empty(), "{args:?}: half an answer on stdout");
        }
        assert_no_panic(&format!("{args:?}"), &o);
    }
}

/// Item 5: every command given hostile input answers with a reason and a
/// status of the contract (0, 1, 2), never a panic.
#[test]
fn every_command_survives_hostile_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("nul.txt", vec![0u8; 4096]),
        (
            "fake.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R".to_vec(),
        ),
        ("fake.docx", b"PK\x03\x04\x14\0\0\0\x08\0garbage".to_vec()),
        (
            "fake.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\xff\xff\xff\xff\xff\xff\xff\xff".to_vec(),
        ),
        (
            "one-line.txt",
            "Số: /-/ ngày tháng năm \u{301}\u{303}"
                .repeat(300)
                .into_bytes(),
        ),
        ("letter.txt", LETTER.as_bytes().to_vec()),
    ];
    for (name, bytes) in &files {
        std::fs::write(d.join(name), bytes).expect("write");
    }
    for (name, _) in &files {
        for args in [vec!["extract", name, "--json"], vec!["repair", name]] {
            assert_no_panic(&format!("{args:?}"), &congvan(&args, d));
        }
    }
    for args in [
        vec!["extract", "missing.txt"],
        vec!["repair", "missing.txt"],
        vec!["search", "ke hoach", "--data", "nodata"],
        vec!["tasks", "--data", "nodata"],
        vec!["extract", "letter.txt", "--rules", "nowhere"],
    ] {
        let o = congvan(&args, d);
        assert_no_panic(&format!("{args:?}"), &o);
        assert_ne!(o.status.code(), Some(0), "{args:?}");
    }
    // A device gives bytes without end: refused at the size limit, not read
    // until memory runs out.
    #[cfg(target_os = "linux")]
    {
        let o = congvan(&["repair", "/dev/zero"], d);
        assert_no_panic("repair /dev/zero", &o);
        assert!(stderr(&o).contains("limit"), "{}", stderr(&o));
    }
}

/// Item 6: a huge --limit is clamped (and said so), not handed to tantivy,
/// which sized its heap by it and aborted.
#[test]
fn a_huge_search_limit_is_clamped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = dir.path().join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    std::fs::write(c.join("letter.txt"), LETTER).expect("write");
    congvan_ok(&["ingest", "--corpus", "corpus", "--data", "d"], dir.path());
    let o = congvan(
        &[
            "search",
            "Sở Tài chính",
            "--limit",
            "18446744073709551615",
            "--json",
            "--data",
            "d",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("maximum of 1000"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["total"], 1, "{v}");
}

/// Item 9: a file whose size and modification time have not changed is not
/// opened again: even made unreadable, it stays as indexed, counted unchanged.
#[test]
fn unchanged_files_are_not_read_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = dir.path().join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    let f = c.join("letter.txt");
    std::fs::write(&f, LETTER).expect("write");
    congvan_ok(&["ingest", "--corpus", "corpus", "--data", "d"], dir.path());
    // Same size, same time, other bytes: only a read would notice.
    let mtime = std::fs::metadata(&f)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::fs::write(&f, LETTER.replace("Tài chính", "Tài chánh")).expect("rewrite");
    assert_eq!(
        std::fs::metadata(&f).expect("meta").len() as usize,
        LETTER.len()
    );
    std::fs::File::options()
        .write(true)
        .open(&f)
        .and_then(|h| h.set_modified(mtime))
        .expect("set mtime");
    let o = congvan_ok(
        &["ingest", "--corpus", "corpus", "--data", "d", "--json"],
        dir.path(),
    );
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        (s["unchanged"].as_u64(), s["read"].as_u64()),
        (Some(1), Some(0)),
        "{s}"
    );
    let o = congvan_ok(
        &["search", "\"Tài chánh\"", "--json", "--data", "d"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["total"], 0, "the file was read again: {v}");
}
