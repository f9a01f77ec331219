//! End to end through the library: the bundled seed corpus is ingested into a
//! temporary data folder, then searched and listed; re-ingest is incremental.

use congvan::archive::{Archive, TaskFilter};
use congvan::index::{search, snippet, LetterIndex};
use congvan::ingest::{ingest, IngestOptions, Quiet};
use congvan::pipeline::Pipeline;
use congvan::tasks::TaskList;
use std::path::{Path, PathBuf};

fn seed_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Copy the bundled corpus so a test can change it.
fn copy_corpus(to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(seed_corpus()).expect("corpus/ exists") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
    }
}

fn files_in_top(idx: &LetterIndex, query: &str, n: usize) -> Vec<String> {
    let res = search::search(idx, query, n, snippet::HTML).expect("search");
    res.hits
        .iter()
        .map(|h| {
            Path::new(&h.file)
                .file_name()
                .expect("name")
                .to_string_lossy()
                .to_string()
        })
        .collect()
}

#[test]
fn seed_corpus_is_searchable_and_listed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let pipeline = Pipeline::bundled();
    let opts = IngestOptions {
        corpus: seed_corpus(),
        data: data.clone(),
    };
    let s = ingest(&pipeline, &opts, &Quiet).expect("ingest");
    assert_eq!((s.files, s.read, s.letters), (5, 5, 5), "{s:?}");
    assert!(s.failed.is_empty() && s.skipped.is_empty(), "{s:?}");
    assert_eq!(s.exit_code(), 0);
    // Seeds 000 and 001 are one letter (clean text and an OCR): linked once.
    assert_eq!(s.duplicates, 1, "{s:?}");

    let idx = LetterIndex::open(&Archive::index_dir_of(&data)).expect("index");
    for q in [
        "Kế hoạch 02",
        "ke hoach 02",
        "kế hoạch số 02",
        "02-KH/BCĐTW",
    ] {
        let mut top = files_in_top(&idx, q, 10);
        top.sort();
        assert_eq!(top.len(), 5, "query {q:?} found {top:?}");
    }
    // Snippets highlight the matched words, accent-insensitively.
    let res = search::search(&idx, "ke hoach", 3, snippet::HTML).expect("search");
    assert!(res.hits[0].snippet.contains("<b>"), "{:?}", res.hits[0]);
    // A word that is in no letter finds nothing.
    assert_eq!(
        search::search(&idx, "xylophone", 10, snippet::HTML)
            .expect("search")
            .total,
        0
    );

    let list: TaskList = Archive::open_existing(&data)
        .expect("archive")
        .tasks(&TaskFilter::default())
        .expect("tasks");
    assert_eq!(list.tasks.len(), s.tasks);
    for t in &list.tasks {
        assert!(!t.source.file.is_empty());
        // The copy (seed 001 or 000, whichever is not listed) adds no tasks,
        // and is named with each task of the listed one.
        assert!(!t.task.id.is_empty() && !t.task.action.is_empty(), "{t:?}");
        if t.source.file.contains("000_") || t.source.file.contains("001_") {
            assert_eq!(t.source.copies.len(), 1, "{t:?}");
        }
    }
    let listed_files: std::collections::BTreeSet<_> =
        list.tasks.iter().map(|t| t.source.file.clone()).collect();
    assert!(
        !(listed_files.iter().any(|f| f.contains("000_"))
            && listed_files.iter().any(|f| f.contains("001_"))),
        "both copies of one letter contribute tasks: {listed_files:?}"
    );
}

#[test]
fn reingest_is_incremental_and_follows_removals() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    copy_corpus(&corpus);
    let data = tmp.path().join("data");
    let pipeline = Pipeline::bundled();
    let opts = IngestOptions {
        corpus: corpus.clone(),
        data: data.clone(),
    };
    ingest(&pipeline, &opts, &Quiet).expect("first");
    let second = ingest(&pipeline, &opts, &Quiet).expect("second");
    assert_eq!(
        (second.read, second.unchanged, second.letters),
        (0, 5, 5),
        "{second:?}"
    );

    let idx_dir = Archive::index_dir_of(&data);
    let count = || {
        let idx = LetterIndex::open(&idx_dir).expect("index");
        let reader = idx.reader().expect("reader");
        reader.searcher().num_docs()
    };
    assert_eq!(count(), 5, "re-ingest must not duplicate letters");

    // A changed file is read again; a removed file leaves the index.
    let changed = corpus.join("003_31d0b9ec39906225.txt");
    let mut text = std::fs::read_to_string(&changed).expect("read");
    text.push_str("\nGhi chú: bổ sung.\n");
    std::fs::write(&changed, text).expect("write");
    std::fs::remove_file(corpus.join("004_a119ee2f3366033d.txt")).expect("rm");
    let third = ingest(&pipeline, &opts, &Quiet).expect("third");
    assert_eq!(
        (third.read, third.unchanged, third.removed, third.letters),
        (1, 3, 1, 4),
        "{third:?}"
    );
    assert_eq!(count(), 4);
    let idx = LetterIndex::open(&idx_dir).expect("index");
    let top = files_in_top(&idx, "Tuyên Quang Viettel", 10);
    assert!(
        !top.iter().any(|f| f.starts_with("004_")),
        "removed letter still found: {top:?}"
    );
}

#[test]
fn deleted_index_is_rebuilt_from_records() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let pipeline = Pipeline::bundled();
    let opts = IngestOptions {
        corpus: seed_corpus(),
        data: data.clone(),
    };
    ingest(&pipeline, &opts, &Quiet).expect("first");
    std::fs::remove_dir_all(data.join("index")).expect("rm index");
    let s = ingest(&pipeline, &opts, &Quiet).expect("second");
    assert_eq!(s.unchanged, 5);
    let idx = LetterIndex::open(&data.join("index")).expect("index");
    assert_eq!(files_in_top(&idx, "ke hoach 02", 10).len(), 5);
}

/// New rules or models must reach letters that were ingested before: a data
/// folder made by another pipeline is reprocessed, not reused.
#[test]
fn a_changed_pipeline_reprocesses_every_letter() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    copy_corpus(&corpus);
    let data = tmp.path().join("data");
    let opts = IngestOptions {
        corpus: corpus.clone(),
        data: data.clone(),
    };
    let mut pipeline = Pipeline::bundled();
    let first = ingest(&pipeline, &opts, &Quiet).expect("first ingest");
    assert_eq!(first.read, 5);
    let again = ingest(&pipeline, &opts, &Quiet).expect("same pipeline");
    assert_eq!((again.read, again.unchanged), (0, 5));
    assert!(!again.pipeline_changed);
    pipeline.fingerprint.push_str("+other-rules");
    let changed = ingest(&pipeline, &opts, &Quiet).expect("changed pipeline");
    assert!(changed.pipeline_changed);
    assert_eq!((changed.read, changed.unchanged), (5, 0));
    assert_eq!(
        changed.letters, 5,
        "reprocessing must not duplicate letters"
    );
}
