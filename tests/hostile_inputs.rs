//! Whatever the office's folder holds, ingest names every unreadable file with its
//! reason, indexes every good letter, never panics, and survives `kill -9`.
//! The hostile files are generated here, not committed.

use congvan::index::LetterIndex;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

mod common;
use common::{congvan, congvan_ok};

fn seed_text(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(name),
    )
    .expect("seed")
}

fn noise(n: usize, mut x: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// A PDF with `pages` pages, each showing `line` in Courier (a real text layer).
fn pdf_with_text(pages: usize, line: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc
        .add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier"});
    let resources_id = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font_id}});
    let mut kids: Vec<Object> = Vec::new();
    for _ in 0..pages {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![50.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(line)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().expect("encode"),
        ));
        let page_id = doc.add_object(
            dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content_id},
        );
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

/// A zip archive of `entries` (name, bytes), deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

const DOCUMENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Kính gửi: Sở Tài chính. Đề nghị báo cáo Kế hoạch số 07/KH-UBND trước ngày 15/3/2026.</w:t></w:r></w:p></w:body></w:document>"#;

/// A raw deflate stream of `n` zero bytes, written by hand (fixed Huffman
/// codes: one literal 0, then copies of 258 bytes at distance 1, 13 bits
/// each): about 158:1, built in no time even in a debug build.
fn deflate_zeros(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    // `len` bits of `code`, most significant first (Huffman codes), or least
    // significant first when `lsb` (header fields).
    let mut put = |code: u32, len: u32, lsb: bool| {
        for i in 0..len {
            let bit = if lsb {
                (code >> i) & 1
            } else {
                (code >> (len - 1 - i)) & 1
            };
            acc |= bit << bits;
            bits += 1;
            if bits == 8 {
                out.push(acc as u8);
                (acc, bits) = (0, 0);
            }
        }
    };
    put(1, 1, true); // last block
    put(1, 2, true); // fixed Huffman codes
    let mut left = n;
    if left > 0 {
        put(0x30, 8, false); // literal 0
        left -= 1;
    }
    while left >= 258 {
        put(0xC5, 8, false); // length 258 (code 285)
        put(0, 5, false); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        put(0x30, 8, false);
    }
    put(0, 7, false); // end of block
    if bits > 0 {
        out.push(acc as u8);
    }
    out
}

/// A zip archive of already deflated entries: (name, deflate data, the
/// uncompressed size to declare). CRCs are left 0: no bomb is read to its end.
fn zip_raw(entries: &[(&str, &[u8], u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, size) in entries {
        let offset = out.len() as u32;
        let head = |sig: u32, central: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(8u16.to_le_bytes()); // deflate
            h.extend([0u8; 4]); // time, date
            h.extend(0u32.to_le_bytes()); // crc
            h.extend((data.len() as u32).to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 8]); // comment, disk, attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(head(0x0403_4b50, false));
        out.extend(*data);
        central.extend(head(0x0201_4b50, true));
    }
    let (cd_at, cd_len) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(cd_len.to_le_bytes());
    out.extend(cd_at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Real zip bombs dressed as Word files, each refused by its own guard:
/// (file name, bytes).
fn zip_bombs() -> Vec<(&'static str, Vec<u8>)> {
    const MB: u32 = 1024 * 1024;
    let z40 = deflate_zeros(40 * MB as usize);
    assert!(z40.len() < 300_000, "{}", z40.len());
    // High ratio: 40 MB of zeros in ~250 kB, its size declared honestly.
    let ratio = zip_raw(&[("word/document.xml", &z40, 40 * MB)]);
    // The same, its size lying (1,000 bytes declared): the guard must count
    // what inflates, not what the headers say.
    let lying = zip_raw(&[("word/document.xml", &z40, 1000)]);
    // Many entries: 6,000 empty parts around a real document.
    let names: Vec<String> = (0..6000).map(|i| format!("word/media/p{i}.xml")).collect();
    let mut many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    many.push(("word/document.xml", DOCUMENT_XML.as_bytes()));
    let many = zip_of(&many);
    // Nested: the document part is itself a zip of ten 40 MB parts (a 400 MB
    // second layer), and the same zip sits beside it: nothing nested is ever
    // inflated.
    let names: Vec<String> = (0..10).map(|i| format!("{i}.xml")).collect();
    let layer: Vec<(&str, &[u8], u32)> = names
        .iter()
        .map(|n| (n.as_str(), &z40[..], 40 * MB))
        .collect();
    let inner = zip_raw(&layer);
    let nested = zip_of(&[("word/document.xml", &inner), ("word/inner.zip", &inner)]);
    vec![
        ("bomb-ratio.docx", ratio),
        ("bomb-lying.docx", lying),
        ("bomb-entries.docx", many),
        ("bomb-nested.docx", nested),
    ]
}

struct Corpus {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    bad: Vec<&'static str>,
    good: usize,
}

fn hostile_corpus() -> Corpus {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().to_path_buf();
    let c = root.join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    let w = |name: &str, bytes: &[u8]| std::fs::write(c.join(name), bytes).expect("write");
    let mut bad = Vec::new();

    // Good letters: a clean seed, one under 40 levels of folders, one with an NFD,
    // spaced name, and a PDF with a text layer.
    w(
        "letter.txt",
        seed_text("002_a7cde4d1a97a1e58.txt").as_bytes(),
    );
    let mut deep = c.clone();
    for i in 0..40 {
        deep = deep.join(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).expect("deep");
    std::fs::write(deep.join("deep.txt"), seed_text("003_31d0b9ec39906225.txt")).expect("write");
    let nfd_name: String = "Kế hoạch số 5 (bản sao).txt".nfd().collect();
    w(&nfd_name, seed_text("004_a119ee2f3366033d.txt").as_bytes());
    w(
        "text-layer.pdf",
        &pdf_with_text(
            2,
            "Ke hoach so 02-KH/BCDTW ngay 19/6/2025 cua Ban Chi dao Trung uong",
        ),
    );
    let mut good = 4;

    w("empty.txt", b"");
    bad.push("empty.txt");
    w("noise.txt", &noise(8192, 7));
    bad.push("noise.txt");
    let mut fake_pdf = b"%PDF-1.4\n".to_vec();
    fake_pdf.extend(noise(4096, 11));
    w("noise.pdf", &fake_pdf);
    bad.push("noise.pdf");
    let full = pdf_with_text(1, "Kinh gui cac so ban nganh");
    w("truncated.pdf", &full[..full.len() / 2]);
    bad.push("truncated.pdf");
    w("thousand-pages.pdf", &pdf_with_text(1200, "trang"));
    bad.push("thousand-pages.pdf");
    // 200 MB, sparse: refused by size before a byte is read.
    let big = std::fs::File::create(c.join("huge.txt")).expect("create");
    big.set_len(200 * 1024 * 1024).expect("set_len");
    bad.push("huge.txt");
    // A zip bomb disguised as a Word file.
    w(
        "bomb.docx",
        &[b"PK\x03\x04".as_slice(), &noise(512, 3)].concat(),
    );
    bad.push("bomb.docx");
    for (name, bytes) in zip_bombs() {
        w(name, &bytes);
        bad.push(name);
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&c, c.join("loop")).expect("symlink loop");
        bad.push("loop");
        std::os::unix::fs::symlink(c.join("nowhere.txt"), c.join("dangling.txt"))
            .expect("dangling");
        bad.push("dangling.txt");
        // No read permission. root reads it anyway (then it is a good letter);
        // anyone else must get a "permission denied" line, not a crash.
        use std::os::unix::fs::PermissionsExt;
        w(
            "locked.txt",
            seed_text("000_46668d4303b40ff9.txt").as_bytes(),
        );
        std::fs::set_permissions(c.join("locked.txt"), std::fs::Permissions::from_mode(0o000))
            .expect("chmod");
        if std::fs::read(c.join("locked.txt")).is_ok() {
            good += 1;
        } else {
            bad.push("locked.txt");
        }
    }
    Corpus {
        _tmp: tmp,
        root,
        bad,
        good,
    }
}

#[test]
fn hostile_corpus_names_every_bad_file_and_indexes_every_good_letter() {
    let corpus = hostile_corpus();
    let out = congvan(
        &["ingest", "--corpus", "corpus", "--data", "d", "--json"],
        &corpus.root,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("summary json");
    let problems: Vec<(String, String)> = s["skipped"]
        .as_array()
        .into_iter()
        .chain(s["failed"].as_array())
        .flatten()
        .map(|p| {
            (
                p["file"].as_str().unwrap_or("").to_string(),
                p["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for bad in &corpus.bad {
        let hits: Vec<_> = problems.iter().filter(|(f, _)| f.ends_with(bad)).collect();
        assert_eq!(
            hits.len(),
            1,
            "{bad}: expected one report, got {hits:?}\nall: {problems:?}"
        );
        assert!(
            hits[0].1.len() >= 8,
            "{bad}: reason too thin: {:?}",
            hits[0].1
        );
    }
    assert_eq!(
        problems.len(),
        corpus.bad.len(),
        "unexpected reports: {problems:?}"
    );
    assert_eq!(s["letters"], corpus.good, "{s}");
    let reason = |name: &str| {
        problems
            .iter()
            .find(|(f, _)| f.ends_with(name))
            .map(|p| p.1.clone())
            .unwrap_or_default()
    };
    assert!(
        reason("huge.txt").contains("limit"),
        "{}",
        reason("huge.txt")
    );
    assert!(
        reason("thousand-pages.pdf").contains("pages"),
        "{}",
        reason("thousand-pages.pdf")
    );
    assert!(
        reason("empty.txt").contains("empty"),
        "{}",
        reason("empty.txt")
    );
    for (bomb, why) in [
        ("bomb-ratio.docx", "zip bomb guard"),
        // (zip-rs finds no readable entry behind the lying header.)
        ("bomb-lying.docx", "Word"),
        ("bomb-entries.docx", "entries"),
        // (The inner zip of zeros compresses again: the outer entry's ratio.)
        ("bomb-nested.docx", "zip bomb guard"),
    ] {
        assert!(reason(bomb).contains(why), "{bomb}: {}", reason(bomb));
    }

    // The text-layer PDF was read through its text layer and is searchable.
    let out = congvan(
        &["search", "ke hoach 02", "--json", "--data", "d"],
        &corpus.root,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let files: Vec<&str> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["file"].as_str())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("text-layer.pdf")),
        "{files:?}"
    );
}

#[test]
fn a_file_that_turns_bad_keeps_its_indexed_version() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = tmp.path().join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    std::fs::write(c.join("a.txt"), seed_text("002_a7cde4d1a97a1e58.txt")).expect("w");
    assert_eq!(
        congvan(&["ingest", "--corpus", "corpus", "--data", "d"], tmp.path())
            .status
            .code(),
        Some(0)
    );
    std::fs::write(c.join("a.txt"), noise(4096, 5)).expect("corrupt it");
    let out = congvan(&["ingest", "--corpus", "corpus", "--data", "d"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let out = congvan(&["search", "Lý Sơn", "--json", "--data", "d"], tmp.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["total"], 1, "the previously indexed letter was lost: {v}");
}

/// A letter already indexed, then replaced by a zip bomb under the same name:
/// the bomb is reported, the batch goes on, and the indexed letter stays.
#[test]
fn a_letter_replaced_by_a_zip_bomb_keeps_its_indexed_version() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = tmp.path().join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    let good = zip_of(&[("word/document.xml", DOCUMENT_XML.as_bytes())]);
    std::fs::write(c.join("letter.docx"), &good).expect("w");
    std::fs::write(c.join("other.txt"), seed_text("002_a7cde4d1a97a1e58.txt")).expect("w");
    congvan_ok(&["ingest", "--corpus", "corpus", "--data", "d"], tmp.path());
    for (_, bomb) in zip_bombs() {
        std::fs::write(c.join("letter.docx"), &bomb).expect("bomb it");
        std::fs::write(c.join("new.txt"), seed_text("003_31d0b9ec39906225.txt")).expect("w");
        let out = congvan(
            &["ingest", "--corpus", "corpus", "--data", "d", "--json"],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(1));
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let failed = s["failed"].as_array().cloned().unwrap_or_default();
        assert_eq!(failed.len(), 1, "{s}");
        assert!(
            failed[0]["file"]
                .as_str()
                .unwrap_or("")
                .ends_with("letter.docx"),
            "{s}"
        );
        assert_eq!(s["letters"], 3, "the batch did not go on: {s}");
        let out = congvan_ok(
            &["search", "07/KH-UBND", "--json", "--data", "d"],
            tmp.path(),
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let files: Vec<&str> = v["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|h| h["file"].as_str())
            .collect();
        assert!(
            files.iter().any(|f| f.ends_with("letter.docx")),
            "the indexed letter was lost: {v}"
        );
    }
}

/// A corpus big enough that ingest takes a moment: each seed many times, each
/// copy made distinct so none is unchanged.
fn busy_corpus(dir: &Path, copies: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let seeds = [
        "000_46668d4303b40ff9.txt",
        "002_a7cde4d1a97a1e58.txt",
        "003_31d0b9ec39906225.txt",
        "004_a119ee2f3366033d.txt",
    ];
    for i in 0..copies {
        let s = seeds[i % seeds.len()];
        let text = format!("{}\nBản số {i}.\n", seed_text(s));
        std::fs::write(dir.join(format!("{i:04}_{s}")), text).expect("write");
    }
}

fn snapshot(root: &Path, data: &str) -> (Vec<String>, String) {
    let idx = LetterIndex::open(&root.join(data).join("index")).expect("index");
    let dump = idx.dump().expect("dump");
    let out = congvan_ok(
        &["tasks", "--json", "--status", "all", "--data", data],
        root,
    );
    let tasks = String::from_utf8_lossy(&out.stdout).to_string();
    (dump, tasks)
}

#[test]
fn kill_9_during_ingest_then_rerun_equals_one_clean_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    busy_corpus(&root.join("corpus"), 160);
    let started = std::time::Instant::now();
    let out = congvan(&["ingest", "--corpus", "corpus", "--data", "clean"], root);
    let full_ms = started.elapsed().as_millis() as u64;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = snapshot(root, "clean");
    assert_eq!(clean.0.len(), 160);

    // Kill at several moments of a run (reading, linking, index commit, manifest
    // and task list writes), kill the re-run too, then let a third run finish.
    for (round, percent) in [2u64, 30, 75, 90, 97, 99].into_iter().enumerate() {
        let delay_ms = full_ms * percent / 100;
        let data = format!("killed{round}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_congvan"))
            .args(["ingest", "--corpus", "corpus", "--data", &data])
            .current_dir(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on unix
        let _ = child.wait();
        // Kill a second run as well, then finish.
        let mut again = Command::new(env!("CARGO_BIN_EXE_congvan"))
            .args(["ingest", "--corpus", "corpus", "--data", &data])
            .current_dir(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms / 2));
        let _ = again.kill();
        let _ = again.wait();
        let out = congvan(&["ingest", "--corpus", "corpus", "--data", &data], root);
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = snapshot(root, &data);
        assert_eq!(
            got.0, clean.0,
            "round {round}: index differs from a clean run"
        );
        assert_eq!(
            got.1, clean.1,
            "round {round}: the task list differs from a clean run"
        );
    }
}

/// A task marked done stays done when an ingest that rewrites its letter is
/// killed (at several moments) and run again.
#[test]
fn task_status_survives_kill_9() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    busy_corpus(&root.join("corpus"), 60);
    let ingest = || congvan(&["ingest", "--corpus", "corpus", "--data", "data"], root);
    let started = std::time::Instant::now();
    assert_eq!(ingest().status.code(), Some(0));
    let full_ms = started.elapsed().as_millis() as u64;
    let out = congvan(&["tasks", "--json", "--data", "data"], root);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // A task of a letter with a subject line: its id does not depend on the file's bytes.
    let id = v["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["source"]["subject"].is_string())
        .and_then(|t| t["id"].as_str())
        .expect("a task of a letter with a subject")
        .to_string();
    let out = congvan(&["tasks", "done", &id, "--data", "data"], root);
    assert_eq!(out.status.code(), Some(0));
    for (round, percent) in [10u64, 50, 90].into_iter().enumerate() {
        // Every file changes, so every letter is stored again.
        for e in std::fs::read_dir(root.join("corpus")).expect("ls") {
            let p = e.expect("entry").path();
            let mut t = std::fs::read_to_string(&p).expect("read");
            t.push_str(&format!("\nLần {round}.\n"));
            std::fs::write(&p, t).expect("write");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_congvan"))
            .args(["ingest", "--corpus", "corpus", "--data", "data"])
            .current_dir(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(full_ms * percent / 100));
        let _ = child.kill();
        let _ = child.wait();
        let again = ingest();
        assert_eq!(
            again.status.code(),
            Some(0),
            "round {round}: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        let out = congvan(
            &["tasks", "--json", "--status", "done", "--data", "data"],
            root,
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let ids: Vec<&str> = v["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .filter_map(|t| t["id"].as_str())
            .collect();
        assert_eq!(ids, vec![id.as_str()], "round {round}");
    }
}
