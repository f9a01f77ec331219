//! Ingest: every letter of a corpus folder into the data folder — records, index,
//! task list — in parallel, incrementally and crash-safely.
//!
//! Unchanged files (same path, same content hash) are not read again. A file that
//! fails is reported with its reason and the batch goes on; if it had been ingested
//! before, its previous version stays (nothing already indexed is lost). Order of
//! writes: records, then the index commit, then the manifest; a crash at any point
//! leaves a state the next run completes to the same result as one clean run.

use crate::dedupe;
use crate::index::LetterIndex;
use crate::letter::LetterRecord;
use crate::pipeline::Pipeline;
use crate::read::{self, Found};
use crate::store::{Manifest, ManifestEntry, Store, MANIFEST_VERSION};
use crate::tasks;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A file that was not ingested, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub file: String,
    pub reason: String,
}

/// What one ingest run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestSummary {
    /// Files found in the corpus folder.
    pub files: usize,
    /// Letters read and processed this run.
    pub read: usize,
    /// Letters unchanged since the last run (not read again).
    pub unchanged: usize,
    /// The rules, models or program changed since the data folder was made, so
    /// every letter was processed again.
    pub pipeline_changed: bool,
    /// Files not read (unsupported, unreadable), each with its reason.
    pub skipped: Vec<Problem>,
    /// Letters that failed to read or parse, each with its reason.
    pub failed: Vec<Problem>,
    /// Files that left the corpus and were removed from the index.
    pub removed: usize,
    /// Letters in the index after this run.
    pub letters: usize,
    /// Letters whose text the repair stage changed.
    pub repaired: usize,
    /// Letters found to be another copy of a letter (linked, tasks not doubled).
    pub duplicates: usize,
    /// Tasks in the task list.
    pub tasks: usize,
    pub seconds: f64,
}

impl IngestSummary {
    /// Exit status by the contract: 0 all good, 1 some files failed.
    pub fn exit_code(&self) -> i32 {
        if self.failed.is_empty() && self.skipped.is_empty() {
            0
        } else {
            1
        }
    }
}

/// Where to read and where to write.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub corpus: PathBuf,
    pub data: PathBuf,
}

/// Reports progress as files are processed (a progress bar, log lines, nothing).
pub trait Progress: Sync {
    fn start(&self, _total: usize) {}
    fn file_done(&self, _file: &str, _problem: Option<&str>) {}
    fn finish(&self) {}
}

/// No progress output.
pub struct Quiet;
impl Progress for Quiet {}

/// Why ingest could not run at all (as opposed to single files failing).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("corpus folder {0} does not exist or is not a folder")]
    NoCorpus(PathBuf),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

enum Outcome {
    Unchanged(Box<LetterRecord>),
    New(Box<LetterRecord>),
    Failed(Problem),
}

fn process_one(
    pipeline: &Pipeline,
    store: &Store,
    manifest: &Manifest,
    reuse: bool,
    path: &Path,
) -> Outcome {
    let file = path.to_string_lossy().to_string();
    let bytes = match read::read_bytes(path) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed(Problem {
                file,
                reason: e.reason(),
            })
        }
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if let Some(entry) = manifest.files.get(&file).filter(|_| reuse) {
        if entry.content_hash == hash {
            if let Some(rec) = store.record(&entry.record) {
                return Outcome::Unchanged(Box::new(rec));
            }
        }
    }
    // No panic of any stage on a hostile file may take the batch down.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline.process_bytes(path, &bytes)
    })) {
        Ok(Ok(rec)) => Outcome::New(Box::new(rec)),
        Ok(Err(e)) => Outcome::Failed(Problem {
            file,
            reason: e.reason(),
        }),
        Err(_) => Outcome::Failed(Problem {
            file,
            reason: "internal error while processing this file (please report it)".into(),
        }),
    }
}

/// Link copies of one letter: the copy with the least repaired text is listed,
/// its missing header fields filled from the others. Returns how many records
/// are copies.
fn link_copies(records: &mut [LetterRecord]) -> (usize, Vec<bool>) {
    let mut changed = vec![false; records.len()];
    let before: Vec<(Option<String>, Vec<String>, crate::letter::Document)> = records
        .iter()
        .map(|r| (r.duplicate_of.clone(), r.copies.clone(), r.document.clone()))
        .collect();
    for r in records.iter_mut() {
        r.duplicate_of = None;
        r.copies.clear();
    }
    let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
    let groups = dedupe::groups(&texts);
    let mut copies = 0;
    for g in groups {
        let primary = *g
            .iter()
            .min_by_key(|&&i| (records[i].repair.syllables_changed, records[i].file.clone()))
            .unwrap_or(&g[0]);
        for &i in &g {
            if i == primary {
                continue;
            }
            copies += 1;
            let other = records[i].document.clone();
            let file = records[i].file.clone();
            records[i].duplicate_of = Some(records[primary].file.clone());
            let p = &mut records[primary];
            p.copies.push(file);
            let d = &mut p.document;
            for (mine, theirs) in [
                (&mut d.kind, other.kind),
                (&mut d.number, other.number),
                (&mut d.issued, other.issued),
                (&mut d.place, other.place),
                (&mut d.issuer, other.issuer),
                (&mut d.subject, other.subject),
            ] {
                if mine.is_none() {
                    *mine = theirs;
                }
            }
            if d.signer.is_none() {
                d.signer = other.signer;
            }
        }
    }
    for (i, r) in records.iter().enumerate() {
        changed[i] = (r.duplicate_of.clone(), r.copies.clone(), r.document.clone()) != before[i];
    }
    (copies, changed)
}

/// Ingest a corpus folder into a data folder.
pub fn ingest(
    pipeline: &Pipeline,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestSummary, IngestError> {
    let started = Instant::now();
    if !opts.corpus.is_dir() {
        return Err(IngestError::NoCorpus(opts.corpus.clone()));
    }
    let store = Store::open(&opts.data)?;
    let old = store.manifest()?;
    let mut summary = IngestSummary::default();
    // Records made by another build (code, rules or models) are not reused.
    let reuse = old.pipeline == pipeline.fingerprint;
    summary.pipeline_changed = !reuse && !old.files.is_empty();

    let mut paths = Vec::new();
    for f in read::find_letters(&opts.corpus) {
        match f {
            Found::Letter(p) => paths.push(p),
            Found::Skipped { path, reason } => summary.skipped.push(Problem {
                file: path.to_string_lossy().to_string(),
                reason,
            }),
        }
    }
    summary.files = paths.len() + summary.skipped.len();
    progress.start(paths.len());
    let outcomes: Vec<Outcome> = paths
        .par_iter()
        .map(|p| {
            let o = process_one(pipeline, &store, &old, reuse, p);
            let problem = match &o {
                Outcome::Failed(pr) => Some(pr.reason.as_str()),
                _ => None,
            };
            progress.file_done(&p.to_string_lossy(), problem);
            o
        })
        .collect();
    progress.finish();

    // Gather the records that make up the corpus now.
    let mut records: Vec<LetterRecord> = Vec::new();
    let mut fresh: Vec<bool> = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Unchanged(r) => {
                summary.unchanged += 1;
                records.push(*r);
                fresh.push(false);
            }
            Outcome::New(r) => {
                summary.read += 1;
                records.push(*r);
                fresh.push(true);
            }
            Outcome::Failed(p) => {
                // Keep the previous version of a file that was ingested before.
                if let Some(prev) = old.files.get(&p.file).and_then(|e| store.record(&e.record)) {
                    records.push(prev);
                    fresh.push(false);
                }
                summary.failed.push(p);
            }
        }
    }
    let (copies, relinked) = link_copies(&mut records);
    summary.duplicates = copies;

    let index = LetterIndex::open_or_create(&store.index_dir())?;
    let in_index = index.index.reader()?.searcher().num_docs() as usize;
    let rebuild = in_index != old.files.len();
    let mut writer = index.writer()?;
    let mut manifest = Manifest {
        version: MANIFEST_VERSION,
        pipeline: pipeline.fingerprint.clone(),
        files: BTreeMap::new(),
    };
    for (i, rec) in records.iter().enumerate() {
        let name = Store::record_name(&rec.file);
        if fresh[i] || relinked[i] {
            store.save_record(&name, rec)?;
        }
        if fresh[i] || relinked[i] || rebuild {
            index.upsert(&writer, rec)?;
        }
        manifest.files.insert(
            rec.file.clone(),
            ManifestEntry {
                content_hash: rec.content_hash.clone(),
                record: name,
            },
        );
    }
    let mut gone = Vec::new();
    for (file, entry) in &old.files {
        if !manifest.files.contains_key(file) {
            index.remove(&writer, file);
            gone.push(entry.record.clone());
        }
    }
    summary.removed = gone.len();
    writer.commit()?;
    writer.wait_merging_threads()?;
    store.save_manifest(&manifest)?;
    for name in gone {
        store.remove_record(&name);
    }
    let list = tasks::task_list(&records);
    crate::store::write_json_atomic(&store.tasks_path(), &list)?;

    summary.letters = records.len();
    summary.repaired = records.iter().filter(|r| r.repair.repaired).count();
    summary.tasks = list.tasks.len();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
