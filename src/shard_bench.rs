//! The sharding benchmark (`congvan bench-shard`): a corpus of synthetic
//! letter files ([`crate::synth::letter_files`]) ingested by one `congvan
//! ingest` process, then by N `ingest --shard K/N` processes run concurrently
//! on this machine, then `congvan merge` of the N shard folders; each child
//! timed on the wall clock with its peak resident memory (VmHWM, polled).
//!
//! On one machine the shards share its cores, so the sharded wall time shows
//! the overhead of splitting (each shard loads the models, each writes its own
//! index), not a speed-up; the speed-up comes from running shards on separate
//! machines, which the per-shard figures let an office estimate.

use crate::ingest_bench::{self, BenchError, ChildRun};
use serde::Serialize;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What to run.
#[derive(Debug, Clone)]
pub struct ShardBenchOptions {
    pub letters: usize,
    pub shards: u32,
    /// Folder for corpus/, whole/, data-K/ and merged/ (must not hold them
    /// yet); `None`: a new temporary folder, removed after.
    pub dir: Option<PathBuf>,
    pub seed: u64,
    /// Skip the one-process ingest (for big corpora where only the shards and
    /// the merge are of interest).
    pub no_whole: bool,
    /// The `congvan` executable to run as the children (default: this one).
    pub exe: Option<PathBuf>,
}

/// The benchmark's result.
#[derive(Debug, Clone, Serialize)]
pub struct ShardBench {
    pub letters: usize,
    pub shards: u32,
    pub seed: u64,
    pub cores: usize,
    pub load_average: Option<f64>,
    pub corpus_bytes: u64,
    pub write_seconds: f64,
    /// One `congvan ingest` of the whole corpus.
    pub whole: Option<ChildRun>,
    /// The N shard ingests, run concurrently.
    pub sharded: Vec<ChildRun>,
    /// Wall time until the last shard ended.
    pub sharded_wall_seconds: f64,
    pub merge: ChildRun,
}

/// Run the benchmark.
pub fn run(opts: &ShardBenchOptions) -> Result<ShardBench, BenchError> {
    ingest_bench::in_scratch(
        opts.exe.as_deref(),
        opts.dir.as_deref(),
        "congvan-bench-shard",
        &["corpus", "whole", "merged", "data-0"],
        |exe, dir| run_in(exe, dir, opts),
    )
}

fn run_in(exe: &Path, dir: &Path, opts: &ShardBenchOptions) -> Result<ShardBench, BenchError> {
    let load = ingest_bench::load_average();
    let corpus = dir.join("corpus");
    let started = Instant::now();
    let files = crate::synth::letter_files(opts.letters, opts.seed);
    let corpus_bytes = ingest_bench::write_files(&corpus, &files)?;
    let letters = files.len();
    drop(files);
    let write_seconds = started.elapsed().as_secs_f64();
    let ingest = |data: &Path| -> Vec<OsString> {
        vec![
            "ingest".into(),
            "--corpus".into(),
            corpus.clone().into(),
            "--data".into(),
            data.into(),
            "--json".into(),
        ]
    };
    let whole = if opts.no_whole {
        None
    } else {
        let runs = ingest_bench::run_children(
            exe,
            dir,
            &[("one process".to_string(), ingest(&dir.join("whole")))],
        )?;
        runs.into_iter().next()
    };
    let n = opts.shards.max(1);
    let shard_runs: Vec<(String, Vec<OsString>)> = (0..n)
        .map(|k| {
            let mut args = ingest(&dir.join(format!("data-{k}")));
            args.push("--shard".into());
            args.push(format!("{k}/{n}").into());
            (format!("shard {k}/{n}"), args)
        })
        .collect();
    let sharded = ingest_bench::run_children(exe, dir, &shard_runs)?;
    let sharded_wall_seconds = sharded.iter().map(|r| r.wall_seconds).fold(0.0, f64::max);
    let mut merge_args: Vec<OsString> = vec!["merge".into()];
    for k in 0..n {
        merge_args.push(dir.join(format!("data-{k}")).into());
    }
    merge_args.push("--data".into());
    merge_args.push(dir.join("merged").into());
    merge_args.push("--json".into());
    let merge = ingest_bench::run_children(exe, dir, &[("merge".to_string(), merge_args)])?
        .into_iter()
        .next()
        .ok_or_else(|| BenchError::Summary {
            step: "merge".into(),
            error: "no run".into(),
        })?;
    Ok(ShardBench {
        letters,
        shards: n,
        seed: opts.seed,
        cores: std::thread::available_parallelism().map_or(1, |c| c.get()),
        load_average: load,
        corpus_bytes,
        write_seconds,
        whole,
        sharded,
        sharded_wall_seconds,
        merge,
    })
}

fn mb(kib: Option<u64>) -> String {
    kib.map_or("?".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// The result as a readable table.
pub fn render(r: &ShardBench) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "bench-shard: {} synthetic letter files ({:.1} MB, seed {}) on {} cores{}; corpus written in {:.1} s",
        r.letters,
        r.corpus_bytes as f64 / 1e6,
        r.seed,
        r.cores,
        r.load_average
            .map_or(String::new(), |l| format!(" (load average {l:.1} at start)")),
        r.write_seconds,
    );
    let _ = writeln!(
        s,
        "\n{:<22} {:>9} {:>11} {:>10} {:>9}",
        "step", "wall s", "letters/s", "peak RSS", "CPU s"
    );
    let mut row = |name: &str, run: &ChildRun, letters: u64| {
        let _ = writeln!(
            s,
            "{:<22} {:>9.1} {:>11.0} {:>10} {:>9}",
            name,
            run.wall_seconds,
            letters as f64 / run.wall_seconds.max(1e-9),
            mb(run.peak_rss_kib),
            run.cpu_seconds.map_or("?".into(), |c| format!("{c:.1}")),
        );
    };
    if let Some(w) = &r.whole {
        row("1 process", w, r.letters as u64);
    }
    for run in &r.sharded {
        let n = run
            .summary
            .get("letters")
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        row(&run.name, run, n);
    }
    let merged = r
        .merge
        .summary
        .get("letters")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    row("merge", &r.merge, merged);
    let _ = writeln!(
        s,
        "\n{} shards concurrently: {:.1} s wall until the last ended; + merge {:.1} s = {:.1} s{}",
        r.shards,
        r.sharded_wall_seconds,
        r.merge.wall_seconds,
        r.sharded_wall_seconds + r.merge.wall_seconds,
        r.whole.as_ref().map_or(String::new(), |w| format!(
            " (one process: {:.1} s)",
            w.wall_seconds
        )),
    );
    let t = &r.merge.summary["timings"];
    let _ = writeln!(
        s,
        "merge: {} letters, {} copies ({} joined across shards from {} candidates), {} tasks, {} index segments; copy {:.1} s, link {:.1} s, index {:.1} s",
        merged,
        r.merge.summary["copies"],
        r.merge.summary["cross_shard_links"],
        r.merge.summary["cross_shard_candidates"],
        r.merge.summary["tasks"],
        r.merge.summary["segments"],
        t["copy"].as_f64().unwrap_or(0.0),
        t["link"].as_f64().unwrap_or(0.0),
        t["index"].as_f64().unwrap_or(0.0),
    );
    s
}
