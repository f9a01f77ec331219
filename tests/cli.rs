//! The command line as a user and the scorers see it: JSON shapes of
//! docs/OUTPUT.md, exit statuses, and bad files reported by name and reason.

use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;
use common::congvan;

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

fn is_str_or_null(v: &Value) -> bool {
    v.is_string() || v.is_null()
}

#[test]
fn extract_json_keeps_the_contract() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for name in [
        "000_46668d4303b40ff9.txt",
        "001_8002db8913c7d19c.txt",
        "002_a7cde4d1a97a1e58.txt",
    ] {
        let out = congvan(
            &["extract", &seed(name).to_string_lossy(), "--json"],
            tmp.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
        assert!(v["file"].as_str().expect("file").ends_with(name));
        assert!(v["text"].as_str().expect("text").len() > 100);
        let d = &v["document"];
        for k in ["kind", "number", "issued", "place", "issuer", "subject"] {
            assert!(is_str_or_null(&d[k]), "document.{k} = {}", d[k]);
        }
        assert!(d["recipients"].is_array() && d["draft"].is_boolean());
        assert!(d["signer"].is_null() || d["signer"].is_object());
        for r in v["references"].as_array().expect("references") {
            assert!(r["number"].is_string());
            for k in ["kind", "date", "issuer"] {
                assert!(is_str_or_null(&r[k]), "reference.{k}");
            }
        }
        for t in v["tasks"].as_array().expect("tasks") {
            for k in ["id", "item", "action"] {
                assert!(t[k].is_string(), "task.{k}");
            }
            assert!(t["assignees"].is_array() && t["coordinators"].is_array());
            let kind = t["deadline"]["kind"].as_str().expect("deadline.kind");
            assert!([
                "none",
                "date",
                "month",
                "quarter",
                "year",
                "recurring",
                "reference"
            ]
            .contains(&kind));
            assert!(
                is_str_or_null(&t["deadline"]["due"]) && is_str_or_null(&t["deadline"]["text"])
            );
        }
    }
}

#[test]
fn ingest_search_tasks_through_the_cli() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let out = congvan(
        &[
            "ingest",
            "--corpus",
            &corpus.to_string_lossy(),
            "--data",
            "d",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("5 letters") && stdout.contains("congvan search"),
        "{stdout}"
    );

    let out = congvan(
        &["search", "ke hoach 02", "--json", "--data", "d"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["query"], "ke hoach 02");
    assert_eq!(v["total"], 5);
    for h in v["hits"].as_array().expect("hits") {
        assert!(h["file"].is_string() && h["score"].is_number() && h["snippet"].is_string());
        for k in ["kind", "number", "subject"] {
            assert!(is_str_or_null(&h[k]));
        }
    }

    let out = congvan(&["tasks", "--json", "--data", "d"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    for t in v["tasks"].as_array().expect("tasks") {
        assert!(
            t["source"]["file"].is_string()
                && t["deadline"].is_object()
                && t["assignees"].is_array()
        );
    }
}

#[test]
fn search_before_ingest_says_what_to_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = congvan(&["search", "Kế hoạch 02", "--data", "nowhere"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("congvan ingest"));
    let out = congvan(&["tasks", "--data", "nowhere"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("congvan ingest"));
}

#[test]
fn bad_usage_exits_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(congvan(&["frobnicate"], tmp.path()).status.code(), Some(2));
    assert_eq!(
        congvan(&["ingest", "--corpus", "missing-folder"], tmp.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn corrupt_files_are_reported_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    for name in ["000_46668d4303b40ff9.txt", "002_a7cde4d1a97a1e58.txt"] {
        std::fs::copy(seed(name), corpus.join(name)).expect("copy");
    }
    // A PDF cut off in the middle of its first object.
    std::fs::write(
        corpus.join("truncated.pdf"),
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
    )
    .expect("w");
    // Random bytes (a deterministic xorshift stream) named like a letter.
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(corpus.join("noise.txt"), &noise).expect("w");
    std::fs::write(corpus.join("photo.heic"), &noise[..100]).expect("w");

    let out = congvan(&["ingest", "--corpus", "corpus", "--data", "d"], tmp.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for bad in ["truncated.pdf", "noise.txt", "photo.heic"] {
        let line = stdout
            .lines()
            .find(|l| l.contains(bad))
            .unwrap_or_else(|| panic!("{bad} not reported: {stdout}"));
        assert!(
            line.contains(": ") && line.len() > bad.len() + 20,
            "no reason given: {line}"
        );
    }
    assert!(stdout.contains("2 letters in the index"), "{stdout}");
    let out = congvan(
        &["search", "Kế hoạch 02", "--json", "--data", "d"],
        tmp.path(),
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["total"], 2);
}

/// A clerk pointing `--rules` at the wrong folder is told which folder and why,
/// before anything is read.
#[test]
fn a_missing_rules_folder_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join("no-such-rules");
    let out = congvan(
        &[
            "extract",
            &seed("002_a7cde4d1a97a1e58.txt").to_string_lossy(),
            "--rules",
            &missing.to_string_lossy(),
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-rules"), "stderr: {err}");
}

/// A clerk teaches repair a confusion of their own scanner in the rules folder's
/// `ocr_confusions.toml`; `--rules` uses it without a rebuild, and a broken one
/// is named.
#[test]
fn a_rules_folder_brings_its_own_ocr_confusions() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules = tmp.path().join("rules");
    std::fs::create_dir_all(&rules).expect("mkdir");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for e in std::fs::read_dir(&bundled).expect("rules/") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), rules.join(e.file_name())).expect("copy");
    }
    let letter = tmp.path().join("scan.txt");
    std::fs::write(
        &letter,
        "Kinh gui: So Noi vu\n1. So Noi vu chu tri, qhqi hop voi Cong an tinh ra soat ho so.\n",
    )
    .expect("write");
    let action = |extra: &[&str]| {
        let mut args = vec!["extract", letter.to_str().expect("utf-8 path"), "--json"];
        args.extend_from_slice(extra);
        let out = congvan(&args, tmp.path());
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["tasks"][0]["action"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        action(&[]).contains("qhqi"),
        "bundled rules do not know this engine"
    );

    let mut toml = std::fs::read_to_string(rules.join("ocr_confusions.toml")).expect("read");
    toml.push_str("\n[[word]]\nclean = \"phối\"\nocr = \"qhqi\"\nweight = 50\n");
    std::fs::write(rules.join("ocr_confusions.toml"), toml).expect("write");
    let rules_arg = rules.to_str().expect("utf-8 path");
    let fixed = action(&["--rules", rules_arg]);
    assert!(fixed.contains("phối hợp với Công an tỉnh"), "{fixed}");

    std::fs::write(rules.join("ocr_confusions.toml"), "[[word]]\nclean = 5\n").expect("write");
    let out = congvan(
        &[
            "extract",
            letter.to_str().expect("utf-8 path"),
            "--rules",
            rules_arg,
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ocr_confusions.toml"),
        "{out:?}"
    );
}
