//! Search over synthetic letters built directly as LetterRecords (header,
//! references and tasks filled): filters, date order, citation ranking, and the
//! index lifecycle (search during a write, schema version rebuild).

use congvan::index::search::{search_with, SearchOptions, Sort};
use congvan::index::{fold, snippet, LetterIndex};
use congvan::letter::LetterRecord;
use congvan::synth;

const N: usize = 300;

fn build(dir: &std::path::Path) -> (LetterIndex, Vec<LetterRecord>) {
    let idx = LetterIndex::open_or_create(dir).expect("index");
    let letters: Vec<LetterRecord> = synth::letters(11, N).collect();
    let mut w = idx.writer().expect("writer");
    for l in &letters {
        idx.upsert(&w, l).expect("add");
    }
    w.commit().expect("commit");
    (idx, letters)
}

fn run(idx: &LetterIndex, q: &str, o: SearchOptions) -> Vec<String> {
    let reader = idx.reader().expect("reader");
    let o = SearchOptions { limit: N, ..o };
    search_with(idx, &reader, q, &o, snippet::HTML)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.file)
        .collect()
}

fn by_file<'a>(letters: &'a [LetterRecord], f: &str) -> &'a LetterRecord {
    letters.iter().find(|l| l.file == f).expect("known file")
}

fn cites(l: &LetterRecord, number: &str) -> bool {
    l.references.iter().any(|r| r.number == number)
}

#[test]
fn citing_letters_come_first_for_every_shorthand() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (idx, letters) = build(tmp.path());
    for (q, number) in [
        ("Kế hoạch 02", "02-KH/BCĐTW"),
        ("KH 02", "02-KH/BCĐTW"),
        ("02/KH-BCĐTW", "02-KH/BCĐTW"),
        ("Nghị định 118", "118/2025/NĐ-CP"),
        ("NQ 57", "57-NQ/TW"),
        ("nghi quyet so 57", "57-NQ/TW"),
    ] {
        let expected = letters.iter().filter(|l| cites(l, number)).count();
        assert!(expected > 0, "{q}");
        let got = run(&idx, q, SearchOptions::default());
        let head = &got[..expected.min(got.len())];
        for f in head {
            assert!(
                cites(by_file(&letters, f), number),
                "{q}: {f} ranked among citing letters"
            );
        }
        assert_eq!(head.len(), expected, "{q}: every citing letter found");
    }
}

#[test]
fn filters_hold_for_every_hit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (idx, letters) = build(tmp.path());

    let got = run(
        &idx,
        "",
        SearchOptions {
            kind: Some("KH".into()),
            ..Default::default()
        },
    );
    let want = letters
        .iter()
        .filter(|l| l.document.kind.as_deref() == Some("Kế hoạch"))
        .count();
    assert_eq!(got.len(), want);

    let got = run(
        &idx,
        "",
        SearchOptions {
            issuer: Some("so tai chinh".into()),
            ..Default::default()
        },
    );
    assert!(!got.is_empty());
    for f in &got {
        assert_eq!(
            by_file(&letters, f).document.issuer.as_deref(),
            Some("Sở Tài chính")
        );
    }

    let got = run(
        &idx,
        "",
        SearchOptions {
            assignee: Some("Sở Y tế".into()),
            ..Default::default()
        },
    );
    assert!(!got.is_empty());
    for f in &got {
        let l = by_file(&letters, f);
        assert!(
            l.tasks
                .iter()
                .any(|t| t.assignees.iter().any(|a| a == "Sở Y tế")),
            "{f}"
        );
    }

    let o = SearchOptions {
        from: Some("2025-03-01".into()),
        to: Some("2025-06-30".into()),
        ..Default::default()
    };
    let got = run(&idx, "", o);
    let want = letters
        .iter()
        .filter(|l| {
            let d = l.document.issued.as_deref().unwrap_or("");
            ("2025-03-01"..="2025-06-30").contains(&d)
        })
        .count();
    assert!(want > 0);
    assert_eq!(got.len(), want);

    let got = run(
        &idx,
        "",
        SearchOptions {
            cites: Some("57-NQ/TW".into()),
            ..Default::default()
        },
    );
    let want = letters.iter().filter(|l| cites(l, "57-NQ/TW")).count();
    assert_eq!(got.len(), want);

    // Filters combine with words.
    let got = run(
        &idx,
        "\"chữ ký số\"",
        SearchOptions {
            kind: Some("Công văn".into()),
            ..Default::default()
        },
    );
    for f in &got {
        let l = by_file(&letters, f);
        assert_eq!(l.document.kind.as_deref(), Some("Công văn"));
        assert!(fold::fold(&l.text).contains("chu ky so"), "{f}");
    }
    assert!(!got.is_empty());
}

#[test]
fn sort_by_date_is_newest_first() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (idx, letters) = build(tmp.path());
    let got = run(
        &idx,
        "Kế hoạch 02",
        SearchOptions {
            sort: Sort::Date,
            ..Default::default()
        },
    );
    let dates: Vec<&str> = got
        .iter()
        .map(|f| {
            by_file(&letters, f)
                .document
                .issued
                .as_deref()
                .unwrap_or("")
        })
        .collect();
    assert!(dates.len() > 5);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn bad_filter_values_are_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (idx, _) = build(tmp.path());
    let reader = idx.reader().expect("reader");
    let o = SearchOptions {
        from: Some("hôm qua".into()),
        ..Default::default()
    };
    let e = search_with(&idx, &reader, "x", &o, snippet::HTML).expect_err("bad date");
    assert!(e.to_string().contains("--from"), "{e}");
}

#[test]
fn search_works_while_a_writer_holds_the_index_and_sees_commits() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (idx, _) = build(tmp.path());
    let mut w = idx.writer().expect("writer held, as by a running ingest");
    let searcher_side = LetterIndex::open(tmp.path()).expect("open while writing");
    let reader = searcher_side.reader().expect("reader");
    let o = SearchOptions {
        limit: 5,
        ..Default::default()
    };
    let before =
        search_with(&searcher_side, &reader, "xylophone", &o, snippet::HTML).expect("search");
    assert_eq!(before.total, 0);
    let mut extra = synth::letter(99, 0);
    extra.file = "new/letter.txt".into();
    extra.text.push_str("\nxylophone");
    idx.upsert(&w, &extra).expect("add");
    w.commit().expect("commit");
    reader.reload().expect("reload");
    let after =
        search_with(&searcher_side, &reader, "xylophone", &o, snippet::HTML).expect("search");
    assert_eq!(after.total, 1);
}

#[test]
fn an_index_of_another_schema_version_is_rebuilt_by_ingest_and_refused_by_search() {
    let tmp = tempfile::tempdir().expect("tmp");
    let _ = build(tmp.path());
    std::fs::write(tmp.path().join("congvan-schema"), "congvan-index-0").expect("write");
    let err = LetterIndex::open(tmp.path()).err().expect("refused");
    assert!(err.to_string().contains("congvan ingest"), "{err}");
    let idx = LetterIndex::open_or_create(tmp.path()).expect("recreated");
    assert_eq!(idx.reader().expect("reader").searcher().num_docs(), 0);
    assert!(LetterIndex::open(tmp.path()).is_ok());
}
