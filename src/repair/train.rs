//! Training the repair models (`congvan model train`): the syllable language model from
//! a corpus of clean text (JSON lines `{"id","title","text"}`), the OCR channel counts
//! from parallel clean/OCR folders (`*/clean.txt`, `*/ocr-eng.txt`, `*/ocr-vie.txt`,
//! `*/source.txt`).
//!
//! A deterministic slice of the corpus is held out: documents whose id hashes (FNV-1a)
//! into bucket 0 of [`HELDOUT_BUCKETS`]. They are never trained on, and parallel chunks
//! cut from them are skipped too; [`heldout_text`] gives them back for evaluation.
//! Lines equal to a line of the `exclude` texts (the dev letters) are dropped.

use super::channel::{learn_from_parallel, ChannelCounts};
use super::lm::Lm;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One document in every this many is held out.
pub const HELDOUT_BUCKETS: u64 = 50;

/// Words seen fewer times than this become `<unk>`.
pub const MIN_COUNT: u32 = 2;

/// FNV-1a, stable across platforms and releases (unlike std's hasher).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Whether a corpus document is in the held-out slice.
pub fn is_heldout(id: &str) -> bool {
    fnv1a(id).is_multiple_of(HELDOUT_BUCKETS)
}

#[derive(Debug, Deserialize)]
struct Doc {
    id: String,
    text: String,
}

/// What to train from and where to write.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub corpus: PathBuf,
    /// Folders of parallel chunks (each chunk a folder with clean.txt and OCR).
    pub parallel: Vec<PathBuf>,
    pub out: PathBuf,
    /// Files or folders of `.txt` letters that must not be learned from.
    pub exclude: Vec<PathBuf>,
}

/// What training did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TrainReport {
    pub documents: usize,
    pub heldout_documents: usize,
    pub lines: usize,
    pub excluded_lines: usize,
    pub vocabulary: usize,
    pub bigrams: usize,
    pub trigrams: usize,
    pub lm_bytes: usize,
    pub parallel_chunks: usize,
    pub parallel_chunks_skipped_heldout: usize,
    pub channel_pairs: usize,
    pub seconds: f64,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Read every `*.jsonl` file of a corpus folder (sorted by name): (id, text) pairs.
pub fn read_corpus(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no .jsonl files", dir.display()));
    }
    let mut docs = Vec::new();
    for f in files {
        let text = read(&f)?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let d: Doc = serde_json::from_str(line)
                .map_err(|e| format!("{} line {}: {e}", f.display(), i + 1))?;
            docs.push((d.id, d.text));
        }
    }
    Ok(docs)
}

fn norm_line(l: &str) -> String {
    l.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Long lines (30 characters or more) of the excluded texts, whitespace-normalised.
fn excluded_lines(paths: &[PathBuf]) -> Result<HashSet<String>, String> {
    let mut set = HashSet::new();
    for p in paths {
        let files: Vec<PathBuf> = if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            v.sort();
            v
        } else {
            vec![p.clone()]
        };
        for f in files {
            for l in read(&f)?.lines() {
                let n = norm_line(l);
                if n.chars().count() >= 30 {
                    set.insert(n);
                }
            }
        }
    }
    Ok(set)
}

/// The held-out documents' text, one document after another (blank line between).
pub fn heldout_text(corpus: &Path) -> Result<String, String> {
    let mut out = String::new();
    for (id, text) in read_corpus(corpus)? {
        if is_heldout(&id) {
            out.push_str(&text);
            out.push_str("\n\n");
        }
    }
    Ok(out)
}

/// Train both models and write `lm.bin` and `channel.tsv` into `opts.out`.
pub fn train(opts: &TrainOptions) -> Result<TrainReport, String> {
    let t0 = std::time::Instant::now();
    let mut rep = TrainReport::default();
    let docs = read_corpus(&opts.corpus)?;
    let excluded = excluded_lines(&opts.exclude)?;
    let mut lines: Vec<&str> = Vec::new();
    for (id, text) in &docs {
        if is_heldout(id) {
            rep.heldout_documents += 1;
            continue;
        }
        rep.documents += 1;
        for l in text.lines() {
            if l.trim().is_empty() {
                continue;
            }
            if !excluded.is_empty() && excluded.contains(&norm_line(l)) {
                rep.excluded_lines += 1;
                continue;
            }
            lines.push(l);
        }
    }
    rep.lines = lines.len();
    let lm = Lm::train(lines.iter().copied(), MIN_COUNT);
    rep.vocabulary = lm.vocab_len();
    (rep.bigrams, rep.trigrams) = lm.sizes();
    let bytes = lm.to_bytes();
    rep.lm_bytes = bytes.len();
    std::fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let lm_path = opts.out.join("lm.bin");
    std::fs::write(&lm_path, &bytes).map_err(|e| format!("{}: {e}", lm_path.display()))?;

    let mut counts = ChannelCounts::default();
    for par in &opts.parallel {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(par)
            .map_err(|e| format!("{}: {e}", par.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("clean.txt").is_file())
            .collect();
        dirs.sort();
        for d in dirs {
            let source = read(&d.join("source.txt")).unwrap_or_default();
            if is_heldout(source.trim()) {
                rep.parallel_chunks_skipped_heldout += 1;
                continue;
            }
            let clean = read(&d.join("clean.txt"))?;
            rep.parallel_chunks += 1;
            for engine in ["ocr-eng.txt", "ocr-vie.txt"] {
                let p = d.join(engine);
                if p.is_file() {
                    rep.channel_pairs += learn_from_parallel(&clean, &read(&p)?, &mut counts);
                }
            }
        }
    }
    let ch_path = opts.out.join("channel.tsv");
    std::fs::write(&ch_path, counts.to_tsv()).map_err(|e| format!("{}: {e}", ch_path.display()))?;
    rep.seconds = t0.elapsed().as_secs_f64();
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heldout_slice_is_deterministic_and_small() {
        let ids: Vec<String> = (0..5000).map(|i| format!("congbao/x/doc-{i}")).collect();
        let held = ids.iter().filter(|i| is_heldout(i)).count();
        assert!((50..=150).contains(&held), "{held}");
        assert_eq!(
            is_heldout("vlc/bo-luat-dan-su"),
            is_heldout("vlc/bo-luat-dan-su")
        );
    }

    #[test]
    fn trains_from_a_tiny_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        let mut jsonl = String::new();
        for i in 0..20 {
            jsonl.push_str(&format!(
                "{{\"id\":\"d{i}\",\"title\":\"t\",\"text\":\"Kính gửi các sở ban ngành.\\nỦy ban nhân dân tỉnh yêu cầu các sở thực hiện.\"}}\n"
            ));
        }
        std::fs::write(corpus.join("c.jsonl"), jsonl).unwrap();
        let par = dir.path().join("par/p0");
        std::fs::create_dir_all(&par).unwrap();
        std::fs::write(par.join("clean.txt"), "Kính gửi các sở của tỉnh").unwrap();
        std::fs::write(par.join("ocr-eng.txt"), "Kinh giti cac s& ctia tinh").unwrap();
        std::fs::write(par.join("source.txt"), "d1").unwrap();
        let excl = dir.path().join("seed.txt");
        std::fs::write(&excl, "Ủy ban nhân dân tỉnh yêu cầu các sở thực hiện.\n").unwrap();
        let out = dir.path().join("models");
        let rep = train(&TrainOptions {
            corpus,
            parallel: vec![dir.path().join("par")],
            out: out.clone(),
            exclude: vec![excl],
        })
        .unwrap();
        assert!(rep.excluded_lines > 0);
        assert!(rep.channel_pairs >= 5);
        let lm = Lm::from_bytes(&std::fs::read(out.join("lm.bin")).unwrap()).unwrap();
        assert!(lm.id("kính").is_some());
        // The excluded line's words were never counted.
        assert!(lm.id("yêu").is_none());
        let tsv = std::fs::read_to_string(out.join("channel.tsv")).unwrap();
        assert!(tsv.contains("W\tctia\tcủa"));
    }

    #[test]
    fn corpus_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.jsonl"), "not json\n").unwrap();
        let e = read_corpus(dir.path()).unwrap_err();
        assert!(e.contains("bad.jsonl line 1"), "{e}");
    }
}
