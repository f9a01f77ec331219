//! Tone placement (hòa / hoà, thủy / thuỷ): search finds a letter whichever way
//! the clerk types it, and `--tone` rewrites a letter's text in one chosen style.

use congvan::index::{search, snippet, LetterIndex};
use congvan::ingest::{ingest, IngestOptions, Quiet};
use congvan::normalize::encoding::Encoding;
use congvan::normalize::tone::Policy;
use congvan::pipeline::Pipeline;
use congvan::read::Source;

fn text_source() -> Source {
    Source::Text {
        encoding: Encoding::Utf8,
    }
}
use congvan::archive::Archive;

const OLD_STYLE: &str = "ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH\nSố: 15/UBND\n\
V/v kiểm tra công trình thủy lợi\n\
Kính gửi: Ban Quản lý dự án xã\n\
1. Ban Quản lý dự án xã chủ trì kiểm tra công trình thủy lợi Hòa Bình trước ngày 20/12/2025.\n";

const NEW_STYLE: &str = "ỦY BAN NHÂN DÂN\nXÃ TÂN HOÀ\nSố: 16/UBND\n\
V/v sức khoẻ cộng đồng\n\
Kính gửi: Trạm Y tế xã\n\
1. Trạm Y tế xã chủ trì bảo vệ sức khoẻ người dân xã Tân Hoà.\n";

fn hits(idx: &LetterIndex, q: &str) -> Vec<String> {
    let res = search::search(idx, q, 10, snippet::HTML).expect("search");
    let mut files: Vec<String> = res
        .hits
        .iter()
        .map(|h| {
            std::path::Path::new(&h.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    files.sort();
    files
}

fn top_score(idx: &LetterIndex, q: &str) -> f32 {
    let res = search::search(idx, q, 1, snippet::HTML).expect("search");
    res.hits.first().map(|h| h.score).unwrap_or(0.0)
}

#[test]
fn search_finds_either_tone_placement() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("old.txt"), OLD_STYLE).expect("write");
    std::fs::write(corpus.join("new.txt"), NEW_STYLE).expect("write");
    let data = tmp.path().join("data");
    let opts = IngestOptions {
        corpus,
        data: data.clone(),
    };
    let s = ingest(&Pipeline::bundled(), &opts, &Quiet).expect("ingest");
    assert_eq!(s.letters, 2, "{s:?}");
    let idx = LetterIndex::open(&Archive::index_dir_of(&data)).expect("index");
    // Typed in the other style than the letter's.
    assert_eq!(hits(&idx, "thuỷ lợi"), ["old.txt"]);
    assert_eq!(hits(&idx, "\"xã Hoà Bình\""), ["old.txt"]);
    assert_eq!(hits(&idx, "sức khỏe"), ["new.txt"]);
    assert_eq!(hits(&idx, "Tân Hòa"), ["new.txt"]);
    // Not only through the accent-free field: either spelling ranks the letter
    // as its own spelling does.
    assert_eq!(top_score(&idx, "thuỷ lợi"), top_score(&idx, "thủy lợi"));
    assert_eq!(top_score(&idx, "sức khỏe"), top_score(&idx, "sức khoẻ"));
    assert!(top_score(&idx, "thủy lợi") > top_score(&idx, "thuy loi"));
}

#[test]
fn a_chosen_style_rewrites_the_letter_and_none_keeps_it() {
    let keep = Pipeline::bundled().process_text("new.txt", NEW_STYLE, text_source(), String::new());
    assert!(keep.text.contains("sức khoẻ") && keep.text.contains("Tân Hoà"));

    let old = Pipeline::bundled()
        .with_tone(Some(Policy::Old))
        .process_text("new.txt", NEW_STYLE, text_source(), String::new());
    assert!(
        old.text.contains("sức khỏe") && old.text.contains("Tân Hòa"),
        "{}",
        old.text
    );
    assert!(!old.text.contains("khoẻ"));

    let new = Pipeline::bundled()
        .with_tone(Some(Policy::New))
        .process_text("old.txt", OLD_STYLE, text_source(), String::new());
    assert!(
        new.text.contains("thuỷ lợi") && new.text.contains("Hoà Bình"),
        "{}",
        new.text
    );
    // The fingerprint changes, so ingest reprocesses letters when the style changes.
    assert_ne!(
        Pipeline::bundled().fingerprint,
        Pipeline::bundled().with_tone(Some(Policy::New)).fingerprint
    );
}
