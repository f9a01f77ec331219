//! `congvan search` flags and `congvan bench` through the command line.

use serde_json::Value;
use std::path::Path;
use std::process::Output;

mod common;
use common::congvan;

fn json(out: &Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn search_flags_through_the_cli() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let c = corpus.to_string_lossy();
    let out = congvan(&["ingest", "--corpus", &c, "--data", "d"], tmp.path());
    assert_eq!(out.status.code(), Some(0));

    let v = json(&congvan(
        &[
            "search",
            "",
            "--cites",
            "02-KH/BCĐTW",
            "--json",
            "--data",
            "d",
        ],
        tmp.path(),
    ));
    assert_eq!(v["total"], 5, "{v}");

    let v = json(&congvan(
        &["search", "Nghị định 118", "--json", "--data", "d"],
        tmp.path(),
    ));
    let top = &v["hits"][0];
    assert!(top["file"].as_str().expect("file").contains("004_"));
    assert!(top["snippet"]
        .as_str()
        .expect("snippet")
        .contains("<b>118</b>"));
    assert!(top["why"][0].as_str().expect("why").starts_with("cites"));

    let v = json(&congvan(
        &[
            "search",
            "chữ ký số",
            "--sort",
            "date",
            "--json",
            "--data",
            "d",
        ],
        tmp.path(),
    ));
    assert!(v["total"].as_u64().expect("total") >= 2);

    let out = congvan(
        &["search", "x", "--from", "not-a-date", "--data", "d"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"));

    // Plain output shows the snippet and why the letter matched.
    let out = congvan(&["search", "NQ 57", "--data", "d"], tmp.path());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("2 letters match") && s.contains("matched: cites nq:57"),
        "{s}"
    );
}

#[test]
fn an_old_index_is_refused_by_search_and_rebuilt_by_ingest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let c = corpus.to_string_lossy();
    assert_eq!(
        congvan(&["ingest", "--corpus", &c, "--data", "d"], tmp.path())
            .status
            .code(),
        Some(0)
    );
    // As if an older congvan had built the index.
    std::fs::write(tmp.path().join("d/index/congvan-schema"), "congvan-index-1").expect("write");
    let out = congvan(&["search", "KH 02", "--data", "d"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("congvan ingest"));
    // Nothing changed in the corpus, yet ingest rebuilds the index.
    assert_eq!(
        congvan(&["ingest", "--corpus", &c, "--data", "d"], tmp.path())
            .status
            .code(),
        Some(0)
    );
    let v = json(&congvan(
        &["search", "KH 02", "--json", "--data", "d"],
        tmp.path(),
    ));
    assert_eq!(v["total"], 5, "{v}");
}

#[test]
fn bench_runs_small() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let v = json(&congvan(
        &[
            "bench",
            "--letters",
            "200",
            "--rounds",
            "1",
            "--json",
            "--dir",
            "ix",
        ],
        tmp.path(),
    ));
    assert_eq!(v["letters"], 200);
    assert!(v["index_bytes"].as_u64().expect("bytes") > 0);
    assert!(v["p95_ms"].as_f64().expect("p95") > 0.0);
}
