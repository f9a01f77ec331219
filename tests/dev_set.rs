//! The development set's figures, held: every labelled letter in
//! `tests/fixtures/letters` (written for the tests) and `tests/fixtures/real`
//! (real letters, a dev set too) goes through the library, clean and in its
//! OCR forms (`NAME.ocr-vie.txt`, `NAME.ocr-eng.txt`), and is scored with the
//! rules of `score_extract.py` (tests/common/score.rs). Each set's figures must
//! stay at or above the floor below, which is the level the README reports;
//! written and real letters, clean and scanned, are never mixed.
//!
//! `cargo test --release --test dev_set -- --nocapture` prints every figure.

#[path = "common/score.rs"]
mod score;

use congvan::normalize::encoding::Encoding;
use congvan::pipeline::Pipeline;
use congvan::read::Source;
use score::{score, Counts, Figures};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One form of a set's letters: "" (clean), ".ocr-vie" or ".ocr-eng".
fn run_set(dir: &str, form: &str) -> (Counts, usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut golds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    golds.sort();
    let pipeline = Pipeline::bundled();
    let mut total = Counts::default();
    let mut letters = 0;
    for g in golds {
        let stem = g.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let text_path = dir.join(format!("{stem}{form}.txt"));
        let Ok(text) = std::fs::read_to_string(&text_path) else {
            continue;
        };
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&g).expect("gold"))
            .unwrap_or_else(|e| panic!("{}: {e}", g.display()));
        let rec = pipeline.process_text(
            &format!("{stem}{form}.txt"),
            &text,
            Source::Text {
                encoding: Encoding::Utf8,
            },
            String::new(),
        );
        let pred = serde_json::to_value(&rec).expect("record as JSON");
        total.add(&score(&gold, &pred));
        letters += 1;
    }
    (total, letters)
}

fn check(name: &str, dir: &str, form: &str, min_letters: usize, floor: Figures) {
    let (counts, letters) = run_set(dir, form);
    let f = counts.figures();
    eprintln!(
        "{name:<22} {letters:>3} letters: tasks_f1={:.3} assignees={:.3} deadlines={:.3} refs_f1={:.3} fields={:.3}",
        f.tasks_f1, f.assignees, f.deadlines, f.refs_f1, f.fields
    );
    assert!(
        letters >= min_letters,
        "{name}: {letters} letters, expected at least {min_letters}"
    );
    let pairs = [
        ("tasks_f1", f.tasks_f1, floor.tasks_f1),
        ("assignees", f.assignees, floor.assignees),
        ("deadlines", f.deadlines, floor.deadlines),
        ("refs_f1", f.refs_f1, floor.refs_f1),
        ("fields", f.fields, floor.fields),
    ];
    for (what, got, min) in pairs {
        // Compared as printed, to three decimals.
        assert!(
            (got * 1000.0).round() >= (min * 1000.0).round(),
            "{name}: {what} {got:.3} fell below the reported {min:.3}"
        );
    }
}

const fn floor(
    tasks_f1: f64,
    assignees: f64,
    deadlines: f64,
    refs_f1: f64,
    fields: f64,
) -> Figures {
    Figures {
        tasks_f1,
        assignees,
        deadlines,
        refs_f1,
        fields,
    }
}

#[test]
fn written_letters_clean() {
    check(
        "written, clean",
        "tests/fixtures/letters",
        "",
        47,
        floor(0.998, 0.972, 0.982, 1.000, 0.996),
    );
}

#[test]
fn written_letters_ocr_vie() {
    check(
        "written, ocr-vie",
        "tests/fixtures/letters",
        ".ocr-vie",
        15,
        floor(0.928, 0.874, 0.885, 0.962, 0.930),
    );
}

#[test]
fn written_letters_ocr_eng() {
    check(
        "written, ocr-eng",
        "tests/fixtures/letters",
        ".ocr-eng",
        15,
        floor(0.707, 0.800, 0.867, 0.941, 0.880),
    );
}

#[test]
fn real_letters_clean() {
    check(
        "real, clean",
        "tests/fixtures/real",
        "",
        24,
        floor(0.946, 0.956, 0.956, 0.989, 1.000),
    );
}

#[test]
fn real_letters_ocr_vie() {
    check(
        "real, ocr-vie",
        "tests/fixtures/real",
        ".ocr-vie",
        24,
        floor(0.774, 0.888, 0.922, 0.954, 0.975),
    );
}

#[test]
fn real_letters_ocr_eng() {
    check(
        "real, ocr-eng",
        "tests/fixtures/real",
        ".ocr-eng",
        24,
        floor(0.603, 0.708, 0.921, 0.948, 0.933),
    );
}
