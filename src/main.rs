//! The `congvan` command line: a thin layer over the library.
//!
//! Exit status (docs/OUTPUT.md): 0 all good, 1 some files failed, 2 bad usage or
//! nothing could be done.

use clap::{Parser, Subcommand};
use congvan::archive::{self, Archive, StatusFilter, TaskFilter};
use congvan::index::{search, snippet, LetterIndex};
use congvan::ingest::{self, IngestOptions, Progress};
use congvan::normalize::tone::Policy;
use congvan::pipeline::Pipeline;
use congvan::shard::Shard;
use congvan::tasks;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DEFAULT_DATA: &str = "data";

/// `println!` that stops quietly when stdout is closed (`congvan search … | head`)
/// instead of panicking on the broken pipe.
macro_rules! say {
    ($($arg:tt)*) => {{
        let mut out = std::io::stdout().lock();
        if writeln!(out, $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// `print!` with the same behaviour as [`say!`].
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        let mut out = std::io::stdout().lock();
        if write!(out, $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

#[derive(Parser)]
#[command(
    name = "congvan",
    version,
    about = "Reads Vietnamese official letters, repairs OCR'd text, extracts tasks, and searches them"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How letters go through the pipeline: rules and tone style.
#[derive(clap::Args)]
struct PipelineArgs {
    /// Use the rule files in this folder instead of the bundled ones (copy
    /// `rules/`, edit, point here). Letters are processed again when they change.
    #[arg(long)]
    rules: Option<PathBuf>,
    #[command(flatten)]
    tone: ToneArg,
}

#[derive(clap::Args)]
struct ToneArg {
    /// Write the letters' text in one tone-placement style: "old" (hòa, thủy,
    /// Ủy ban) or "new" (hoà, thuỷ, Uỷ ban). Default: as written. Search finds
    /// either spelling whatever this is.
    #[arg(long, value_parser = parse_tone)]
    tone: Option<Policy>,
}

#[derive(clap::Args)]
struct OriginArg {
    /// The text was read from a scan by Tesseract with its Vietnamese model
    /// (-l vie) outside congvan: undo that engine's mark swaps ("tố chức" →
    /// "tổ chức") even on lines that look clean. Scans congvan reads itself
    /// get this without the flag.
    #[arg(long)]
    ocr_vie: bool,
}

impl OriginArg {
    fn origin(&self) -> Option<congvan::repair::Origin> {
        self.ocr_vie
            .then_some(congvan::repair::Origin::TesseractVie)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Read every letter in a corpus folder into the archive (data/congvan.sqlite)
    /// and the search index (data/index); only new or changed files are read.
    Ingest {
        /// Folder of letters (.txt, .pdf, scans), searched recursively.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        /// Data folder for the archive and the index.
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Print a line for every file read, not only for files that failed.
        #[arg(long, short)]
        verbose: bool,
        /// Process only shard K of N of the corpus ("2/4"; shards are 0 to N-1), for
        /// several machines each ingesting a part into its own --data folder, later
        /// joined by `congvan merge`. "auto/N" takes K from JOB_COMPLETION_INDEX
        /// (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm job array).
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// List the files this run would process (of its shard) and stop.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        setup: PipelineArgs,
    },
    /// Merge the data folders of shards (ingest --shard K/N) into one data folder:
    /// archives, copy links across shards, task status, and the search index.
    /// Merging again redoes only the shards that changed.
    Merge {
        /// The shards' data folders, all N of them.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Data folder to merge into.
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the ingested letters: words (accents optional), "quoted phrases",
    /// citations ("Kế hoạch 02", "KH 02", "118/2025/NĐ-CP", "NQ 57").
    Search {
        /// What to look for, e.g. "Kế hoạch 02" or "ke hoach 02" ("" with filters only).
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Only letters of this kind: "Kế hoạch", "ke hoach" or "KH".
        #[arg(long)]
        kind: Option<String>,
        /// Only letters from this issuer (its words, in order): "Sở Tài chính".
        #[arg(long)]
        issuer: Option<String>,
        /// Only letters giving a task to this body: "xã Ba Tơ".
        #[arg(long)]
        assignee: Option<String>,
        /// Issued on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Issued on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Only letters citing this document: "02-KH/BCĐTW", "KH 02".
        #[arg(long)]
        cites: Option<String>,
        /// Order: relevance (default) or date (newest first).
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
    },
    /// Measure search at scale on synthetic letters: index build rate, index size,
    /// query latency (p50/p95). Use a release build: cargo run --release -- bench.
    Bench {
        /// How many synthetic letters to index.
        #[arg(long, default_value_t = 100_000)]
        letters: usize,
        /// Times each query of the mix is run.
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        /// Folder for the index (default: a new temporary folder, removed after).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The task list of the archive (a table; --json for the contract's shape;
    /// --csv, --xlsx FILE or --ics FILE for Excel and calendars), with filters;
    /// `tasks done ID` and `tasks reopen ID` set a task's status.
    Tasks {
        #[command(subcommand)]
        action: Option<TaskAction>,
        /// Print the list as JSON (the shape of docs/OUTPUT.md).
        #[arg(long, conflicts_with_all = ["csv", "xlsx", "ics"])]
        json: bool,
        /// Write the tasks as CSV to standard output (UTF-8 with BOM, for Excel).
        #[arg(long, conflicts_with_all = ["xlsx", "ics"])]
        csv: bool,
        /// Write the tasks to this Excel workbook (.xlsx); overdue rows shaded.
        #[arg(long, value_name = "FILE", conflicts_with = "ics")]
        xlsx: Option<PathBuf>,
        /// Write the open tasks with a due date to this calendar file (.ics),
        /// one to-do each; recurring deadlines repeat.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        #[arg(long, default_value = DEFAULT_DATA, global = true)]
        data: PathBuf,
        /// open (default), done, withdrawn (its letter left the corpus) or all.
        #[arg(long, default_value = "open")]
        status: StatusFilter,
        /// Only tasks of this body (its words, accents optional): "xã Ba Tơ".
        #[arg(long)]
        assignee: Option<String>,
        /// Only tasks due on or before this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date_arg)]
        due_before: Option<String>,
        /// Only open tasks whose due date has passed.
        #[arg(long)]
        overdue: bool,
        /// Only tasks of this letter: its số ký hiệu ("246/UBND-KGVX") or file.
        #[arg(long)]
        letter: Option<String>,
        /// The date to count overdue from (YYYY-MM-DD; default: today); also
        /// the "Quá hạn" column of --csv and the shaded rows of --xlsx.
        #[arg(long, value_parser = parse_date_arg)]
        today: Option<String>,
    },
    /// Extract one letter (header, cited documents, tasks) without touching the index.
    Extract {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        setup: PipelineArgs,
        #[command(flatten)]
        origin: OriginArg,
    },
    /// Print a letter's text decoded, in NFC and repaired (diacritics restored,
    /// OCR confusions undone); the line layout is kept. FILE or - for standard input.
    Repair {
        file: String,
        #[command(flatten)]
        tone: ToneArg,
        #[command(flatten)]
        origin: OriginArg,
    },
    /// Train the repair models (language model, OCR channel) into models/.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Measure ingest at scale on synthetic letter files: first ingest, no-op
    /// ingest, 10 letters added; wall seconds and peak RSS of a child `ingest`.
    /// Release build: cargo run --release -- bench-ingest --letters 10000.
    BenchIngest {
        /// How many synthetic letter files in the corpus.
        #[arg(long, default_value_t = 10_000)]
        letters: usize,
        /// Folder for corpus/ and data/ (default: a new temporary folder, removed after).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long)]
        json: bool,
    },
    /// Time sharded ingest: one `ingest` process vs N `ingest --shard K/N`
    /// processes run concurrently on this machine, then `merge` of the shards.
    BenchShard {
        /// How many synthetic letter files in the corpus.
        #[arg(long, default_value_t = 10_000)]
        letters: usize,
        /// How many shards.
        #[arg(long, default_value_t = 4)]
        shards: u32,
        /// Folder for corpus/, whole/, data-K/ and merged/ (default: a new
        /// temporary folder, removed after).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Skip the one-process ingest (time only the shards and the merge).
        #[arg(long)]
        no_whole: bool,
        #[arg(long)]
        json: bool,
    },
    /// Time the desk's pages (search, task board) over HTTP on loopback against
    /// an existing data folder; make a big one with `bench-ingest --dir D`.
    BenchDesk {
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Requests per address.
        #[arg(long, default_value_t = 30)]
        rounds: usize,
        #[arg(long)]
        json: bool,
    },
    /// The clerk's desk: a local web page for search, letters, the task board
    /// and ingest. Prints its address, then serves until Ctrl-C or SIGTERM.
    Serve {
        /// Data folder of the archive and the index (may not exist yet: the
        /// desk's Nhập văn bản page ingests the corpus folder).
        #[arg(long, default_value = DEFAULT_DATA)]
        data: PathBuf,
        /// Folder of letters the Nhập văn bản page ingests (as for `ingest`).
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        /// Port (0: any free port; the address printed says which).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on. Anything but loopback lets other machines
        /// read the archive: a warning is printed.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
    },
    /// Measure repair throughput on one core (MB/s of input text). Release build:
    /// cargo run --release -- bench-repair FILE...
    BenchRepair {
        /// Text files to repair (e.g. letters stripped of their diacritics).
        files: Vec<PathBuf>,
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TaskAction {
    /// Mark a task done (ID from `congvan tasks`; its first characters suffice).
    Done {
        id: String,
        /// Why, or what was done ("đã báo cáo bằng Công văn số 12/UBND").
        #[arg(long)]
        note: Option<String>,
        /// Who closed it (default: the login name).
        #[arg(long)]
        by: Option<String>,
    },
    /// Open a task again.
    Reopen {
        id: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Train from a corpus of clean text (JSON lines) and parallel clean/OCR folders;
    /// a slice of the corpus is held out (see `model heldout`).
    Train {
        #[arg(long)]
        corpus: PathBuf,
        /// Folder of parallel clean/OCR chunks; repeat for several.
        #[arg(long)]
        parallel: Vec<PathBuf>,
        #[arg(long, default_value = "models")]
        out: PathBuf,
        /// Letters (files or folders of .txt) whose lines must never be trained on.
        #[arg(long)]
        exclude: Vec<PathBuf>,
    },
    /// Print the held-out slice of the corpus (never trained on), for evaluation.
    Heldout {
        #[arg(long)]
        corpus: PathBuf,
    },
    /// Repair a text file with the model adapted to a user's own clean letters
    /// (.txt files or folders of them; letters that are not clean are ignored).
    Adapted {
        file: PathBuf,
        #[arg(long, required = true)]
        adapt: Vec<PathBuf>,
    },
}

fn run_model(command: ModelCommand) -> Result<u8, String> {
    use congvan::repair::train;
    match command {
        ModelCommand::Train {
            corpus,
            parallel,
            out,
            exclude,
        } => {
            let opts = train::TrainOptions {
                corpus,
                parallel,
                out,
                exclude,
            };
            print_json(&train::train(&opts)?)?;
        }
        ModelCommand::Adapted { file, adapt } => {
            let read =
                |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
            let mut letters = Vec::new();
            for a in &adapt {
                let mut files = vec![a.clone()];
                if a.is_dir() {
                    files = std::fs::read_dir(a)
                        .map_err(|e| format!("{}: {e}", a.display()))?
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                        .collect();
                    files.sort();
                }
                for f in files {
                    letters.push(read(&f)?);
                }
            }
            let r =
                congvan::repair::Repairer::bundled().adapted(letters.iter().map(|s| s.as_str()));
            let text = congvan::normalize::nfc(&read(&file)?);
            let _ = std::io::stdout()
                .lock()
                .write_all(r.repair(&text).text.as_bytes());
        }
        ModelCommand::Heldout { corpus } => {
            let _ = std::io::stdout()
                .lock()
                .write_all(train::heldout_text(&corpus)?.as_bytes());
        }
    }
    Ok(0)
}

fn run_bench_repair(files: &[PathBuf], rounds: usize, json: bool) -> Result<u8, String> {
    let mut text = String::new();
    for f in files {
        let t = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        text.push_str(&t);
        text.push('\n');
    }
    if text.trim().is_empty() {
        return Err("bench-repair: give one or more text files".into());
    }
    let r = congvan::repair::bench(&text, rounds);
    if json {
        print_json(&r)?;
    } else {
        let _ = writeln!(
            std::io::stdout().lock(),
            "repair: {:.2} MB/s on one core, {:.2} MB/s with words cached from earlier letters ({} bytes x {} rounds in {:.2} s cold; model load {:.2} s; {} cores on this machine)",
            r.mb_per_s,
            r.warm_mb_per_s,
            r.bytes,
            r.rounds,
            r.seconds,
            r.load_seconds,
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
    }
    Ok(0)
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Relevance,
    Date,
}

/// Progress for ingest: a bar on a terminal; a line per failed file (per file
/// with --verbose).
enum IngestProgress {
    Bar(indicatif::ProgressBar, bool),
    Lines(bool),
}

impl Progress for IngestProgress {
    fn start(&self, total: usize) {
        if let IngestProgress::Bar(b, _) = self {
            b.set_length(total as u64);
        }
    }
    fn file_done(&self, file: &str, problem: Option<&str>) {
        match (self, problem) {
            (IngestProgress::Bar(b, _), Some(p)) => {
                b.println(format!("skipped {file}: {p}"));
                b.inc(1);
            }
            (IngestProgress::Bar(b, verbose), None) => {
                if *verbose {
                    b.println(format!("read {file}"));
                }
                b.inc(1)
            }
            (IngestProgress::Lines(_), Some(p)) => eprintln!("skipped {file}: {p}"),
            (IngestProgress::Lines(true), None) => eprintln!("read {file}"),
            (IngestProgress::Lines(false), None) => {}
        }
    }
    fn finish(&self) {
        if let IngestProgress::Bar(b, _) = self {
            b.finish_and_clear();
        }
    }
}

fn progress(verbose: bool) -> IngestProgress {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} letters  {per_sec}  ETA {eta}",
        ) {
            bar.set_style(style);
        }
        IngestProgress::Bar(bar, verbose)
    } else {
        IngestProgress::Lines(verbose)
    }
}

fn parse_date_arg(s: &str) -> Result<String, String> {
    let ok = s.len() == 10
        && congvan::index::schema::parse_date(s).is_some()
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-';
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("\"{s}\" is not a date as YYYY-MM-DD"))
    }
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<(), String> {
    let s = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    let _ = writeln!(out, "{s}");
    Ok(())
}

/// The bundled pipeline, or one with the rules of `--rules DIR`.
fn pipeline_with(rules: Option<&Path>, tone: Option<Policy>) -> Result<Pipeline, String> {
    let pipeline = match rules {
        None => Pipeline::bundled(),
        Some(dir) => Pipeline::with_rules_dir(dir).map_err(|e| e.to_string())?,
    };
    Ok(pipeline.with_tone(tone))
}

fn parse_tone(s: &str) -> Result<Policy, String> {
    s.parse()
}

struct IngestRun {
    corpus: PathBuf,
    data: PathBuf,
    json: bool,
    verbose: bool,
    shard: Option<String>,
    dry_run: bool,
}

fn run_ingest(run: IngestRun, rules: Option<&Path>, tone: Option<Policy>) -> Result<u8, String> {
    let IngestRun {
        corpus,
        data,
        json,
        verbose,
        shard,
        dry_run,
    } = run;
    let shard = shard.as_deref().map(Shard::parse).transpose()?;
    if dry_run {
        if !corpus.is_dir() {
            return Err(format!(
                "corpus folder {} does not exist or is not a folder",
                corpus.display()
            ));
        }
        let (files, skipped) = ingest::shard_files(&corpus, shard);
        if json {
            print_json(&serde_json::json!({
                "shard": shard.map(|s| s.to_string()),
                "files": files.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(),
                "skipped": skipped,
            }))?;
        } else {
            for f in &files {
                say!("{}", f.display());
            }
            for p in &skipped {
                say!("  skipped {}: {}", p.file, p.reason);
            }
        }
        return Ok(0);
    }
    let pipeline = pipeline_with(rules, tone)?;
    let opts = IngestOptions {
        corpus,
        data: data.clone(),
    };
    let s = ingest::ingest_shard(&pipeline, &opts, shard, &progress(verbose))
        .map_err(|e| e.to_string())?;
    if json {
        print_json(&s)?;
    } else {
        if s.pipeline_changed {
            say!("The rules, models or program changed since the last ingest: every letter was processed again.");
        }
        say!(
            "Ingested {} files in {:.1} s: {} read, {} unchanged, {} skipped, {} failed, {} removed.",
            s.files,
            s.seconds,
            s.read,
            s.unchanged,
            s.skipped.len(),
            s.failed.len(),
            s.removed
        );
        say!(
            "{} letters in the index ({} repaired, {} copies of another letter linked), {} tasks.",
            s.letters,
            s.repaired,
            s.duplicates,
            s.tasks
        );
        for p in s.skipped.iter().chain(&s.failed) {
            say!("  skipped {}: {}", p.file, p.reason);
        }
        let data_arg = if data == Path::new(DEFAULT_DATA) {
            String::new()
        } else {
            format!(" --data {}", data.display())
        };
        say!("\nNext:\n  congvan search \"Kế hoạch 02\"{data_arg}\n  congvan tasks{data_arg}");
        say!("  (or through cargo: cargo run --release -- search \"Kế hoạch 02\")");
    }
    Ok(s.exit_code() as u8)
}

fn run_merge(shards: &[PathBuf], data: &Path, json: bool) -> Result<u8, String> {
    let s = archive::merge::merge(shards, data).map_err(|e| e.to_string())?;
    if json {
        print_json(&s)?;
        return Ok(0);
    }
    let list = |v: &[u32]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    say!(
        "Merged {} shards into {} in {:.1} s: shards {} merged, {} unchanged.",
        s.shards,
        data.display(),
        s.seconds,
        list(&s.merged),
        list(&s.unchanged)
    );
    say!(
        "{} letters ({} copies of another letter linked, {} groups joined across shards), {} tasks; index of {} segments.",
        s.letters,
        s.copies,
        s.cross_shard_links,
        s.tasks,
        s.segments
    );
    Ok(0)
}

fn run_search(
    query: &str,
    opts: &search::SearchOptions,
    json: bool,
    data: &Path,
) -> Result<u8, String> {
    let idx = LetterIndex::open(&Archive::index_dir_of(data)).map_err(|e| e.to_string())?;
    let hl = if json {
        snippet::HTML
    } else if std::io::stdout().is_terminal() {
        snippet::ANSI_BOLD
    } else {
        snippet::PLAIN
    };
    let reader = idx.reader().map_err(|e| e.to_string())?;
    let res = search::search_with(&idx, &reader, query, opts, hl).map_err(|e| e.to_string())?;
    if json {
        print_json(&res)?;
        return Ok(0);
    }
    say!("{} letters match \"{}\"", res.total, res.query);
    for (i, h) in res.hits.iter().enumerate() {
        let head: Vec<String> = [&h.kind, &h.number, &h.issued]
            .iter()
            .filter_map(|v| v.as_ref().cloned())
            .collect();
        say!("\n{}. {}  (score {:.2})", i + 1, h.file, h.score);
        if !head.is_empty() {
            say!("   {}", head.join(" · "));
        }
        if let Some(s) = &h.subject {
            say!("   {s}");
        }
        say!("   {}", h.snippet);
        if !h.why.is_empty() {
            say!("   matched: {}", h.why.join("; "));
        }
    }
    Ok(0)
}

fn run_bench(
    letters: usize,
    rounds: usize,
    dir: Option<PathBuf>,
    json: bool,
) -> Result<u8, String> {
    let (dir, remove_after) = match dir {
        Some(d) => (d, false),
        None => (
            std::env::temp_dir().join(format!("congvan-bench-{}", std::process::id())),
            true,
        ),
    };
    if dir.join("meta.json").exists() {
        return Err(format!(
            "{} already holds an index: give an empty folder",
            dir.display()
        ));
    }
    let result = congvan::index::bench::run(&dir, letters, rounds);
    if remove_after {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let r = result.map_err(|e| e.to_string())?;
    if json {
        print_json(&r)?;
        return Ok(0);
    }
    say!(
        "{} synthetic letters indexed in {:.1} s: {:.0} letters/s on {} threads; index {:.1} MB",
        r.letters,
        r.build_seconds,
        r.letters_per_second,
        r.threads,
        r.index_bytes as f64 / 1e6
    );
    say!(
        "{} queries: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        r.queries,
        r.p50_ms,
        r.p95_ms,
        r.p99_ms,
        r.max_ms
    );
    for (q, ms, total) in &r.per_query {
        say!("  {ms:>7.2} ms  {total:>6} hits  {q:?}");
    }
    Ok(0)
}

fn run_bench_ingest(
    letters: usize,
    dir: Option<PathBuf>,
    seed: u64,
    json: bool,
) -> Result<u8, String> {
    use congvan::ingest_bench;
    let opts = ingest_bench::BenchOptions {
        letters,
        dir,
        seed,
        exe: None,
    };
    let r = ingest_bench::run(&opts).map_err(|e| e.to_string())?;
    if json {
        print_json(&r)?;
    } else {
        say_raw!("{}", ingest_bench::render(&r));
    }
    Ok(0)
}

/// How `tasks` prints the list: an export format (`--csv`, `--xlsx`, `--ics`).
enum TaskExport {
    Csv,
    Xlsx(PathBuf),
    Ics(PathBuf),
}

fn run_tasks(
    action: Option<TaskAction>,
    json: bool,
    export: Option<TaskExport>,
    data: &Path,
    filter: TaskFilter,
) -> Result<u8, String> {
    if action.is_some() && export.is_some() {
        return Err(
            "--csv, --xlsx and --ics export the task list; they do not go with `tasks done` or `tasks reopen`".into(),
        );
    }
    let mut archive = Archive::open_existing(data).map_err(|e| e.to_string())?;
    if let Some(action) = action {
        let (id, done, note, by) = match action {
            TaskAction::Done { id, note, by } => (id, true, note, by),
            TaskAction::Reopen { id, note, by } => (id, false, note, by),
        };
        let by = by.or_else(|| std::env::var("USER").or(std::env::var("USERNAME")).ok());
        let t = archive
            .set_status(&id, done, note.as_deref(), by.as_deref())
            .map_err(|e| e.to_string())?;
        if json {
            print_json(&t)?;
        } else {
            say!("{} {}: {}", t.task.id, t.status.name(), t.task.action);
        }
        return Ok(0);
    }
    let list = archive.tasks(&filter).map_err(|e| e.to_string())?;
    let write = |file: &Path, bytes: &[u8]| {
        std::fs::write(file, bytes).map_err(|e| {
            format!(
                "{}: cannot write the export: {e} (check that the folder exists and is writable)",
                file.display()
            )
        })
    };
    match export {
        Some(TaskExport::Csv) => {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = std::io::stdout()
                .lock()
                .write_all(&congvan::export::csv(&list, &filter.today));
        }
        Some(TaskExport::Xlsx(file)) => {
            let bytes = congvan::export::xlsx(&list, &filter.today)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            write(&file, &bytes)?;
            eprintln!(
                "Wrote {} tasks to {} (Excel workbook).",
                list.tasks.len(),
                file.display()
            );
        }
        Some(TaskExport::Ics(file)) => {
            let ics = congvan::export::ics(&list, &archive::now_utc());
            write(&file, ics.as_bytes())?;
            eprintln!(
                "Wrote {} to-dos to {} (calendar; the open tasks with a due date, of {} listed).",
                ics.matches("\r\nBEGIN:VTODO\r\n").count(),
                file.display(),
                list.tasks.len()
            );
        }
        None if json => print_json(&list)?,
        None => say_raw!("{}", tasks::render_table(&list)),
    }
    Ok(0)
}

/// Run the work of a one-file command (extract, repair): a panic anywhere in it
/// becomes a line naming the file and status 1, as for a file that failed,
/// never a crash (ingest guards each file the same way).
fn guarded(file: &str, work: impl FnOnce() -> Result<u8, String>) -> Result<u8, String> {
    let work = || {
        // Debug builds only: lets the tests prove the guard holds.
        #[cfg(debug_assertions)]
        if std::env::var_os("CONGVAN_TEST_PANIC").is_some() {
            panic!("injected by CONGVAN_TEST_PANIC");
        }
        work()
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(r) => r,
        Err(_) => {
            eprintln!("congvan: {file}: internal error while processing this file; nothing was written (please report it with the file)");
            Ok(1)
        }
    }
}

/// A panic prints one line saying what and where, not Rust's "thread 'main'
/// panicked" with a backtrace hint; [`guarded`] and ingest then name the file.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("congvan: internal error: {what}{at}");
    }));
}

fn run_extract(
    file: &Path,
    json: bool,
    rules: Option<&Path>,
    tone: Option<Policy>,
    origin: Option<congvan::repair::Origin>,
) -> Result<u8, String> {
    let pipeline = pipeline_with(rules, tone)?.with_origin(origin);
    guarded(&file.display().to_string(), || {
        show_extract(&pipeline, file, json)
    })
}

fn show_extract(pipeline: &Pipeline, file: &Path, json: bool) -> Result<u8, String> {
    let rec = match pipeline.process_file(file) {
        Ok(r) => r,
        Err(e) => {
            // The one file failed: status 1, as for a batch with a failed file.
            eprintln!("congvan: {e}");
            return Ok(1);
        }
    };
    if json {
        print_json(&rec)?;
        return Ok(0);
    }
    let d = &rec.document;
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    say!("{}", rec.file);
    say!(
        "  kind: {}   number: {}   issued: {}",
        show(&d.kind),
        show(&d.number),
        show(&d.issued)
    );
    say!("  issuer: {}", show(&d.issuer));
    say!("  subject: {}", show(&d.subject));
    if rec.repair.repaired {
        say!(
            "  repaired: {} syllables changed",
            rec.repair.syllables_changed
        );
    }
    say!("  cites:");
    for r in &rec.references {
        say!("    {} {} {}", show(&r.kind), r.number, show(&r.date));
    }
    let list = tasks::of_letter(&rec);
    say_raw!("{}", tasks::render_table(&list));
    Ok(0)
}

fn run_repair(
    file: &str,
    tone: Option<Policy>,
    origin: Option<congvan::repair::Origin>,
) -> Result<u8, String> {
    let pipeline = Pipeline::bundled().with_tone(tone).with_origin(origin);
    let name = if file == "-" { "standard input" } else { file };
    guarded(name, || repair_one(&pipeline, file))
}

fn repair_one(pipeline: &Pipeline, file: &str) -> Result<u8, String> {
    let read = if file == "-" {
        let stdin = Path::new("standard input");
        let bytes = congvan::read::read_limited(std::io::stdin().lock(), stdin)
            .map_err(|e| e.to_string())?;
        congvan::read::text_from_bytes(stdin, &bytes).map_err(|e| e.to_string())?
    } else {
        let path = Path::new(file);
        let bytes = congvan::read::read_bytes(path).map_err(|e| e.to_string())?;
        congvan::read::read_file(path, &bytes).map_err(|e| e.to_string())?
    };
    let _ = std::io::stdout()
        .lock()
        .write_all(pipeline.repair_text(&read.text, &read.source).as_bytes());
    Ok(0)
}

fn run_bench_desk(data: &Path, rounds: usize, json: bool) -> Result<u8, String> {
    let r = congvan::web::bench::run(data, rounds)?;
    if json {
        print_json(&r)?;
    } else {
        say_raw!("{}", congvan::web::bench::render(&r));
    }
    Ok(0)
}

fn run_serve(data: PathBuf, corpus: PathBuf, port: u16, bind: &str) -> Result<u8, String> {
    let ip: std::net::IpAddr = if bind == "localhost" {
        std::net::Ipv4Addr::LOCALHOST.into()
    } else {
        bind.parse()
            .map_err(|_| format!("--bind \"{bind}\" is not an IP address (e.g. 127.0.0.1)"))?
    };
    if !ip.is_loopback() {
        eprintln!(
            "congvan: warning: listening on {ip}, not loopback: other machines on the network can read the archive and change task status"
        );
    }
    let state = congvan::web::AppState::open(&data, &corpus)
        .map_err(|e| format!("{}: {e}", data.display()))?;
    if !state.has_archive() {
        eprintln!(
            "congvan: {} holds no archive yet; the desk's Nhập văn bản page ingests {}",
            data.display(),
            corpus.display()
        );
    }
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("async runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((ip, port))
            .await
            .map_err(|e| format!("cannot listen on {ip}:{port}: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {ip}:{port}: {e}"))?;
        say!("congvan desk: http://{addr}/");
        let _ = std::io::stdout().flush();
        congvan::web::serve(state, listener)
            .await
            .map_err(|e| format!("serving on {addr}: {e}"))
    })?;
    Ok(0)
}

fn main() -> ExitCode {
    quiet_panics();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest {
            corpus,
            data,
            json,
            verbose,
            shard,
            dry_run,
            setup,
        } => run_ingest(
            IngestRun {
                corpus,
                data,
                json,
                verbose,
                shard,
                dry_run,
            },
            setup.rules.as_deref(),
            setup.tone.tone,
        ),
        Command::Merge { shards, data, json } => run_merge(&shards, &data, json),
        Command::Search {
            query,
            limit,
            json,
            data,
            kind,
            issuer,
            assignee,
            from,
            to,
            cites,
            sort,
        } => {
            if limit > search::MAX_LIMIT {
                eprintln!(
                    "congvan: --limit {limit} is over the maximum of {}: showing at most {} letters (narrow the search with filters to see the rest)",
                    search::MAX_LIMIT,
                    search::MAX_LIMIT
                );
            }
            let opts = search::SearchOptions {
                limit,
                kind,
                issuer,
                assignee,
                from,
                to,
                cites,
                sort: match sort {
                    SortArg::Relevance => search::Sort::Relevance,
                    SortArg::Date => search::Sort::Date,
                },
            };
            run_search(&query, &opts, json, &data)
        }
        Command::Bench {
            letters,
            rounds,
            dir,
            json,
        } => run_bench(letters, rounds, dir, json),
        Command::Tasks {
            action,
            json,
            csv,
            xlsx,
            ics,
            data,
            status,
            assignee,
            due_before,
            overdue,
            letter,
            today,
        } => run_tasks(
            action,
            json,
            match (csv, xlsx, ics) {
                (true, _, _) => Some(TaskExport::Csv),
                (_, Some(f), _) => Some(TaskExport::Xlsx(f)),
                (_, _, Some(f)) => Some(TaskExport::Ics(f)),
                _ => None,
            },
            &data,
            TaskFilter {
                status,
                assignee,
                due_before,
                overdue,
                letter,
                today: today.unwrap_or_else(archive::today_utc),
            },
        ),
        Command::Extract {
            file,
            json,
            setup,
            origin,
        } => run_extract(
            &file,
            json,
            setup.rules.as_deref(),
            setup.tone.tone,
            origin.origin(),
        ),
        Command::Repair { file, tone, origin } => run_repair(&file, tone.tone, origin.origin()),
        Command::Model { command } => run_model(command),
        Command::BenchIngest {
            letters,
            dir,
            seed,
            json,
        } => run_bench_ingest(letters, dir, seed, json),
        Command::Serve {
            data,
            corpus,
            port,
            bind,
        } => run_serve(data, corpus, port, &bind),
        Command::BenchShard {
            letters,
            shards,
            dir,
            seed,
            no_whole,
            json,
        } => {
            use congvan::shard_bench;
            let opts = shard_bench::ShardBenchOptions {
                letters,
                shards,
                dir,
                seed,
                no_whole,
                exe: None,
            };
            match shard_bench::run(&opts) {
                Ok(r) if json => print_json(&r).map(|()| 0),
                Ok(r) => {
                    say_raw!("{}", shard_bench::render(&r));
                    Ok(0)
                }
                Err(e) => Err(e.to_string()),
            }
        }
        Command::BenchDesk { data, rounds, json } => run_bench_desk(&data, rounds, json),
        Command::BenchRepair {
            files,
            rounds,
            json,
        } => run_bench_repair(&files, rounds, json),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("congvan: {e}");
            ExitCode::from(2)
        }
    }
}
