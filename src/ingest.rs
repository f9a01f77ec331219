//! Ingest: every letter of a corpus folder into the data folder's archive and
//! search index, in parallel, incrementally and crash-safely.
//!
//! Work is proportional to what changed: a file whose size and modification
//! time match the archive is not opened; one whose bytes hash the same is not
//! processed; only new or changed letters go through the pipeline, in batches
//! (parallel processing, then one archive transaction, then their index
//! documents). A file that fails is reported with its reason and the batch goes
//! on; if it had been ingested before, its previous version stays (nothing
//! already indexed is lost). The archive is written before the index; a crash
//! anywhere leaves a state the next run completes to the result of one clean run.

use crate::archive::{Archive, FileMeta, FileState, Incoming};
use crate::index::LetterIndex;
use crate::pipeline::Pipeline;
use crate::read::{self, Found};
use crate::shard::Shard;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Letters processed in parallel, then written in one archive transaction.
const BATCH: usize = 256;

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
    /// Where the time went (seconds, wall): waiting for the pipeline (its batches
    /// run while the previous one is written), archive transactions, index
    /// documents and commit.
    #[serde(default)]
    pub timings: Timings,
}

/// Wall time of the parts of an ingest, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub process: f64,
    pub archive: f64,
    pub index: f64,
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
    Archive(#[from] crate::archive::ArchiveError),
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

enum Outcome {
    /// Same bytes as archived, new modification time.
    Touched(String, FileMeta),
    New(Box<Incoming>),
    Failed(Problem),
}

fn process_one(
    pipeline: &Pipeline,
    path: &Path,
    meta: FileMeta,
    before: Option<&FileState>,
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
    if let Some(b) = before {
        if b.content_hash == hash && b.pipeline == pipeline.fingerprint {
            return Outcome::Touched(file, meta);
        }
    }
    // No panic of any stage on a hostile file may take the batch down.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline
            .process_bytes(path, &bytes)
            .map(|rec| Incoming::new(rec, meta))
    })) {
        Ok(Ok(inc)) => Outcome::New(Box::new(inc)),
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

/// Ingest a corpus folder into a data folder.
pub fn ingest(
    pipeline: &Pipeline,
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestSummary, IngestError> {
    ingest_shard(pipeline, opts, None, progress)
}

/// The files of a corpus folder a shard processes (all of them without a
/// shard), as ingest finds them, and the files it cannot read.
pub fn shard_files(corpus: &Path, shard: Option<Shard>) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut paths = Vec::new();
    let mut skipped = Vec::new();
    for f in read::find_letters(corpus) {
        let (Found::Letter(path) | Found::Skipped { path, .. }) = &f;
        if shard.is_some_and(|s| !s.holds(corpus, path)) {
            continue;
        }
        match f {
            Found::Letter(p) => paths.push(p),
            Found::Skipped { path, reason } => skipped.push(Problem {
                file: path.to_string_lossy().to_string(),
                reason,
            }),
        }
    }
    (paths, skipped)
}

/// Ingest the files of one shard of a corpus folder (all files when `shard`
/// is `None`) into a data folder. A shard's archive is stamped with its K/N
/// and a stamp of its contents for `congvan merge`; files of other shards
/// that it held before (N changed) leave it as files leaving the corpus do.
pub fn ingest_shard(
    pipeline: &Pipeline,
    opts: &IngestOptions,
    shard: Option<Shard>,
    progress: &dyn Progress,
) -> Result<IngestSummary, IngestError> {
    let started = Instant::now();
    if !opts.corpus.is_dir() {
        return Err(IngestError::NoCorpus(opts.corpus.clone()));
    }
    let mut store = Store::open(pipeline, opts)?;
    let mut summary = IngestSummary::default();
    store.finish_crashed_run(opts)?;

    let (paths, skipped) = shard_files(&opts.corpus, shard);
    summary.skipped = skipped;
    summary.files = paths.len() + summary.skipped.len();

    let manifest: HashMap<String, FileState> = store.archive.manifest()?;
    summary.pipeline_changed = manifest
        .values()
        .any(|s| s.pipeline != pipeline.fingerprint);
    summary.removed = store.remove_gone(&manifest, &paths)?;
    let todo = changed_files(paths, manifest, pipeline, progress, &mut summary);

    progress.start(todo.len());
    store.read_changed(pipeline, progress, &todo, &mut summary)?;
    progress.finish();

    store.commit(shard, &mut summary)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// A file to read: its path, size and time, and what the archive held of it.
type Todo = (PathBuf, FileMeta, Option<FileState>);

/// The data folder as ingest writes it: the archive, the search index and
/// the index's writer. (Fields drop in this order: the writer first, the
/// archive last.)
struct Store {
    writer: tantivy::IndexWriter<tantivy::TantivyDocument>,
    index: LetterIndex,
    archive: Archive,
}

impl Store {
    /// Opens (or creates) the data folder's archive and index.
    fn open(pipeline: &Pipeline, opts: &IngestOptions) -> Result<Store, IngestError> {
        let archive = Archive::open(&opts.data)?;
        let index = LetterIndex::open_or_create_with(&archive.index_dir(), &pipeline.rules)?;
        let writer = index.writer()?;
        Ok(Store {
            writer,
            index,
            archive,
        })
    }

    /// Repairs what a crashed run left: index documents of removed files,
    /// letters archived but not yet indexed; a missing or short index is
    /// rebuilt.
    fn finish_crashed_run(&mut self, opts: &IngestOptions) -> Result<(), IngestError> {
        let in_index = self.index.index.reader()?.searcher().num_docs() as usize;
        if in_index < self.archive.indexed_count()? {
            self.archive.reindex_all()?;
        }
        for file in self.archive.pending_index_deletes()? {
            self.index.remove(&self.writer, &file);
        }
        let (index, writer) = (&self.index, &self.writer);
        self.archive.for_each_unindexed(|rec| {
            index
                .upsert(writer, &rec)
                .map_err(|e| crate::archive::ArchiveError::Corrupt {
                    path: opts.data.join("index"),
                    reason: e.to_string(),
                })
        })?;
        Ok(())
    }

    /// Files that left the corpus (in `manifest`, not in `paths`) leave the
    /// archive and the index; their tasks are withdrawn. How many left.
    fn remove_gone(
        &mut self,
        manifest: &HashMap<String, FileState>,
        paths: &[PathBuf],
    ) -> Result<usize, IngestError> {
        let present: HashSet<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        let mut gone: Vec<String> = manifest
            .keys()
            .filter(|f| !present.contains(*f))
            .cloned()
            .collect();
        gone.sort();
        if !gone.is_empty() {
            let mut batch = self.archive.batch()?;
            for file in &gone {
                batch.remove(file)?;
            }
            batch.commit()?;
            for file in &gone {
                self.index.remove(&self.writer, file);
            }
        }
        Ok(gone.len())
    }

    /// Runs the files `todo` through the pipeline in batches and stores
    /// them. The next batch goes through the pipeline while this one is
    /// written: the archive and index writes are serial, the pipeline is
    /// parallel.
    fn read_changed(
        &mut self,
        pipeline: &Pipeline,
        progress: &dyn Progress,
        todo: &[Todo],
        summary: &mut IngestSummary,
    ) -> Result<(), IngestError> {
        let process_chunk = |chunk: &[Todo]| -> Vec<Outcome> {
            chunk
                .par_iter()
                .map(|(p, meta, before)| {
                    let o = process_one(pipeline, p, *meta, before.as_ref());
                    let problem = match &o {
                        Outcome::Failed(pr) => Some(pr.reason.as_str()),
                        _ => None,
                    };
                    progress.file_done(&p.to_string_lossy(), problem);
                    o
                })
                .collect()
        };
        std::thread::scope(|scope| -> Result<(), IngestError> {
            let mut chunks = todo.chunks(BATCH);
            let mut next = chunks.next().map(|c| scope.spawn(move || process_chunk(c)));
            while let Some(handle) = next.take() {
                let t0 = Instant::now();
                let outcomes = match handle.join() {
                    Ok(o) => o,
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                next = chunks.next().map(|c| scope.spawn(move || process_chunk(c)));
                let t1 = Instant::now();
                summary.timings.process += (t1 - t0).as_secs_f64();
                self.store_batch(outcomes, pipeline, t1, summary)?;
            }
            Ok(())
        })
    }

    /// Writes one processed batch: the archive in one transaction, then the
    /// index documents of the new letters. `t1`: when the batch came in, for
    /// the timings.
    fn store_batch(
        &mut self,
        outcomes: Vec<Outcome>,
        pipeline: &Pipeline,
        t1: Instant,
        summary: &mut IngestSummary,
    ) -> Result<(), IngestError> {
        let mut batch = self.archive.batch()?;
        let mut fresh = Vec::new();
        for o in outcomes {
            match o {
                Outcome::Touched(file, meta) => {
                    batch.touch(&file, meta)?;
                    summary.unchanged += 1;
                }
                Outcome::New(inc) => {
                    batch.put(&inc, &pipeline.fingerprint)?;
                    summary.read += 1;
                    fresh.push(inc);
                }
                Outcome::Failed(p) => {
                    batch.failed(&p.file, &p.reason)?;
                    summary.failed.push(p);
                }
            }
        }
        batch.commit()?;
        let t2 = Instant::now();
        summary.timings.archive += (t2 - t1).as_secs_f64();
        for inc in fresh {
            self.index.upsert(&self.writer, &inc.record)?;
        }
        summary.timings.index += t2.elapsed().as_secs_f64();
        Ok(())
    }

    /// Commits the index, then marks the archive indexed and stamps a
    /// shard's archive; the final counts go into `summary`.
    fn commit(self, shard: Option<Shard>, summary: &mut IngestSummary) -> Result<(), IngestError> {
        let Store {
            mut writer,
            index,
            mut archive,
        } = self;
        let t3 = Instant::now();
        writer.commit()?;
        writer.wait_merging_threads()?;
        summary.timings.index += t3.elapsed().as_secs_f64();
        archive.index_committed()?;
        archive.stamp_shard(shard)?;

        let counts = archive.counts()?;
        summary.letters = counts.letters;
        summary.repaired = counts.repaired;
        summary.duplicates = counts.copies;
        summary.tasks = counts.tasks;
        drop(index);
        Ok(())
    }
}

/// The files to read: those whose size, time or pipeline changed since the
/// archive saw them. Unchanged files are not opened, only counted; a file
/// whose size and time cannot be read is a failure.
fn changed_files(
    paths: Vec<PathBuf>,
    mut manifest: HashMap<String, FileState>,
    pipeline: &Pipeline,
    progress: &dyn Progress,
    summary: &mut IngestSummary,
) -> Vec<Todo> {
    let mut todo: Vec<Todo> = Vec::new();
    for p in paths {
        let file = p.to_string_lossy().to_string();
        let meta = match std::fs::metadata(&p) {
            Ok(m) => FileMeta::of(&m),
            Err(e) => {
                let reason = format!("cannot read file: {e}");
                progress.file_done(&file, Some(&reason));
                summary.failed.push(Problem { file, reason });
                continue;
            }
        };
        let before = manifest.remove(&file);
        match before {
            Some(b)
                if b.size == meta.size
                    && b.mtime_ns == meta.mtime_ns
                    && b.pipeline == pipeline.fingerprint =>
            {
                summary.unchanged += 1
            }
            before => todo.push((p, meta, before)),
        }
    }
    todo
}
