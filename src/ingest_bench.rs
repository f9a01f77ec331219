//! The ingest scale benchmark (`congvan bench-ingest`): a corpus folder of
//! synthetic letter files ([`crate::synth::letter_files`]) ingested by a child
//! `congvan ingest` three times — the first ingest, a no-op ingest (nothing
//! changed), and one after 10 new letters arrive — each timed on the wall
//! clock with the child's peak resident memory (VmHWM, polled from /proc).
//!
//! The child runs the real command line, so what is measured is what a clerk
//! waits for: process start, loading models, reading, the store, the index.

use crate::synth::{self, SynthFile, SynthKind};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How many letters arrive after the first ingest.
pub const ADDED: usize = 10;

/// What to run.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Letter files in the corpus for the first ingest.
    pub letters: usize,
    /// Folder for corpus/ and data/ (must not hold them yet); `None`: a new
    /// temporary folder, removed after.
    pub dir: Option<PathBuf>,
    pub seed: u64,
    /// The `congvan` executable to run as the child (default: this one).
    pub exe: Option<PathBuf>,
}

/// What the corpus holds, by construction.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Expected {
    pub distinct: usize,
    /// Letters of monthly templates (same body each month, own number and date).
    pub monthly_template: usize,
    pub monthly_families: usize,
    /// Letters sharing one body with another recipient and number.
    pub same_text_other_recipient: usize,
    pub same_text_families: usize,
    /// Scan-like second copies of a letter: the only files that should link.
    pub copies: usize,
    /// Separate letters (every file but the copies).
    pub separate_letters: usize,
}

/// One ingest run of the child.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: String,
    /// Letter files in the corpus folder during this step.
    pub corpus_files: usize,
    pub wall_seconds: f64,
    /// Corpus files over wall seconds (for the no-op and add steps: how fast
    /// the whole corpus is covered).
    pub letters_per_second: f64,
    /// Peak resident set of the child (VmHWM), in KiB; None off Linux.
    pub peak_rss_kib: Option<u64>,
    /// CPU seconds of the child (user + system, last poll before it ended);
    /// None off Linux. On a shared machine wall seconds include waiting for a core.
    pub cpu_seconds: Option<f64>,
    pub exit_code: Option<i32>,
    /// From the child's JSON summary (None when it lacks the field).
    pub read: Option<u64>,
    pub unchanged: Option<u64>,
    pub letters: Option<u64>,
    /// Files linked as copies of another letter.
    pub duplicates: Option<u64>,
    pub tasks: Option<u64>,
    /// The child's own timing of its work.
    pub child_seconds: Option<f64>,
    /// The child's whole JSON summary, as printed.
    pub summary: serde_json::Value,
}

/// The benchmark's result.
#[derive(Debug, Clone, Serialize)]
pub struct IngestBench {
    pub letters: usize,
    pub seed: u64,
    pub cores: usize,
    /// The machine's 1-minute load average when the benchmark started (Linux).
    pub load_average: Option<f64>,
    pub corpus_bytes: u64,
    pub write_seconds: f64,
    pub expected: Expected,
    pub steps: Vec<Step>,
    /// The copy links the first ingest made, checked against the corpus's truth.
    pub links: Option<LinkAudit>,
}

/// The copy links in the archive after the first ingest, each judged by what
/// the corpus was built to hold: right when both files are the same letter (a
/// scan-like copy and its original, or two copies of one original), wrong
/// otherwise (two different letters merged).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LinkAudit {
    pub right: usize,
    pub wrong: usize,
    /// Up to five wrongly linked pairs (file, the file it was linked to).
    pub wrong_examples: Vec<(String, String)>,
}

/// The letter each file holds: its own index for an original, the original's
/// index for a copy. Two files are the same letter when their values agree.
fn letter_of_each(files: &[SynthFile]) -> std::collections::HashMap<String, usize> {
    let original = |mut i: usize| {
        // A copy of a copy is still its first original's letter.
        for _ in 0..files.len() {
            match files.get(i).map(|f| &f.kind) {
                Some(SynthKind::Copy { of }) => i = *of,
                _ => break,
            }
        }
        i
    };
    files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), original(i)))
        .collect()
}

/// Judge every copy link in `data/congvan.sqlite` (files are stored with the
/// corpus folder's path in front).
fn audit_links(
    dir: &Path,
    letter_of: &std::collections::HashMap<String, usize>,
) -> Result<LinkAudit, BenchError> {
    let db = dir.join("data").join("congvan.sqlite");
    let sql = |e: rusqlite::Error| BenchError::Audit(db.display().to_string(), e.to_string());
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(sql)?;
    let mut stmt = conn
        .prepare("SELECT a.file, b.file FROM letters a JOIN letters b ON a.copy_of = b.id")
        .map_err(sql)?;
    let pairs = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(sql)?;
    let mut audit = LinkAudit::default();
    let corpus = dir.join("corpus");
    let same = |f: &str| {
        let rel = Path::new(f).strip_prefix(&corpus).unwrap_or(Path::new(f));
        letter_of
            .get(&rel.to_string_lossy().replace('\\', "/"))
            .copied()
    };
    for pair in pairs {
        let (a, b) = pair.map_err(sql)?;
        match (same(&a), same(&b)) {
            (Some(x), Some(y)) if x == y => audit.right += 1,
            _ => {
                audit.wrong += 1;
                if audit.wrong_examples.len() < 5 {
                    audit.wrong_examples.push((a, b));
                }
            }
        }
    }
    Ok(audit)
}

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0} already holds a corpus or data folder: give an empty folder")]
    NotEmpty(PathBuf),
    #[error("{step}: the ingest child failed (exit {code:?}): {stderr}")]
    Child {
        step: String,
        code: Option<i32>,
        stderr: String,
    },
    #[error("{0}: cannot read the copy links: {1}")]
    Audit(String, String),
    #[error("{step}: the ingest child printed no JSON summary: {error}")]
    Summary { step: String, error: String },
}

pub(crate) fn io<T>(what: &Path, r: std::io::Result<T>) -> Result<T, BenchError> {
    r.map_err(|e| BenchError::Io(what.display().to_string(), e))
}

/// What a list of files holds, by kind.
pub fn expected(files: &[SynthFile]) -> Expected {
    let mut e = Expected::default();
    let mut monthly = std::collections::HashSet::new();
    let mut same = std::collections::HashSet::new();
    for f in files {
        match f.kind {
            SynthKind::Distinct => e.distinct += 1,
            SynthKind::MonthlyTemplate { family } => {
                e.monthly_template += 1;
                monthly.insert(family);
            }
            SynthKind::SameTextOtherRecipient { family } => {
                e.same_text_other_recipient += 1;
                same.insert(family);
            }
            SynthKind::Copy { .. } => e.copies += 1,
        }
    }
    e.monthly_families = monthly.len();
    e.same_text_families = same.len();
    e.separate_letters = files.len() - e.copies;
    e
}

/// Write letter files under `corpus`; returns the bytes written.
pub fn write_files(corpus: &Path, files: &[SynthFile]) -> Result<u64, BenchError> {
    let mut bytes = 0;
    for f in files {
        let path = corpus.join(&f.name);
        if let Some(parent) = path.parent() {
            io(parent, std::fs::create_dir_all(parent))?;
        }
        io(&path, std::fs::write(&path, &f.text))?;
        bytes += f.text.len() as u64;
    }
    Ok(bytes)
}

/// Peak resident set (VmHWM, KiB) of a running process; None when unknown.
pub fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU seconds of a running process (from /proc/PID/stat).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    // Clock ticks: 100 a second on every Linux this runs on (USER_HZ).
    Some((utime + stime) / 100.0)
}

pub fn load_average() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn tail(s: &str, lines: usize) -> String {
    let v: Vec<&str> = s.lines().collect();
    v[v.len().saturating_sub(lines)..].join("\n")
}

/// Run `exe ingest --corpus DIR/corpus --data DIR/data --json` as a child,
/// timing it and polling its peak RSS every 20 ms.
fn run_step(exe: &Path, dir: &Path, name: &str, corpus_files: usize) -> Result<Step, BenchError> {
    let args: Vec<std::ffi::OsString> = vec![
        "ingest".into(),
        "--corpus".into(),
        dir.join("corpus").into(),
        "--data".into(),
        dir.join("data").into(),
        "--json".into(),
    ];
    let mut runs = run_children(exe, dir, &[(name.to_string(), args)])?;
    let r = runs.remove(0);
    let num = |k: &str| r.summary.get(k).and_then(|v| v.as_u64());
    Ok(Step {
        name: name.into(),
        corpus_files,
        wall_seconds: r.wall_seconds,
        letters_per_second: corpus_files as f64 / r.wall_seconds.max(1e-9),
        peak_rss_kib: r.peak_rss_kib,
        cpu_seconds: r.cpu_seconds,
        exit_code: r.exit_code,
        read: num("read"),
        unchanged: num("unchanged"),
        letters: num("letters"),
        duplicates: num("duplicates"),
        tasks: num("tasks"),
        child_seconds: r.summary.get("seconds").and_then(|v| v.as_f64()),
        summary: r.summary,
    })
}

/// One child `congvan` run: wall time (from the start of all children run
/// together to its own end), peak RSS, CPU, exit code and JSON summary.
#[derive(Debug, Clone, Serialize)]
pub struct ChildRun {
    pub name: String,
    pub wall_seconds: f64,
    pub peak_rss_kib: Option<u64>,
    pub cpu_seconds: Option<f64>,
    pub exit_code: Option<i32>,
    pub summary: serde_json::Value,
}

/// Run `exe ARGS…` children concurrently (each with `--json` among its
/// args), polling each one's peak RSS and CPU every 20 ms until all end. A
/// child exiting other than 0 or 1 (1: some files skipped) is an error.
pub fn run_children(
    exe: &Path,
    dir: &Path,
    runs: &[(String, Vec<std::ffi::OsString>)],
) -> Result<Vec<ChildRun>, BenchError> {
    struct Running {
        child: std::process::Child,
        out_path: PathBuf,
        err_path: PathBuf,
        peak: Option<u64>,
        cpu: Option<f64>,
        done: Option<(std::process::ExitStatus, f64)>,
    }
    let started = Instant::now();
    let mut running = Vec::new();
    for (name, args) in runs {
        let slug: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let out_path = dir.join(format!("{slug}.stdout.json"));
        let err_path = dir.join(format!("{slug}.stderr.log"));
        // Output goes to files, so a chatty child never blocks on a full pipe.
        let stdout = io(&out_path, std::fs::File::create(&out_path))?;
        let stderr = io(&err_path, std::fs::File::create(&err_path))?;
        let child = io(
            exe,
            Command::new(exe)
                .args(args)
                .stdin(Stdio::null())
                .stdout(stdout)
                .stderr(stderr)
                .spawn(),
        )?;
        running.push(Running {
            child,
            out_path,
            err_path,
            peak: None,
            cpu: None,
            done: None,
        });
    }
    while running.iter().any(|r| r.done.is_none()) {
        for r in running.iter_mut().filter(|r| r.done.is_none()) {
            let pid = r.child.id();
            if let Some(kib) = vm_hwm_kib(pid) {
                r.peak = Some(r.peak.map_or(kib, |p| p.max(kib)));
            }
            if let Some(c) = cpu_seconds(pid) {
                r.cpu = Some(c);
            }
            if let Some(s) = io(exe, r.child.try_wait())? {
                r.done = Some((s, started.elapsed().as_secs_f64()));
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut out = Vec::new();
    for ((name, _), r) in runs.iter().zip(running) {
        let Some((status, wall)) = r.done else {
            continue;
        };
        let code = status.code();
        // Exit 1 means some files were skipped or failed: still a run to report.
        if !matches!(code, Some(0) | Some(1)) {
            let err = std::fs::read_to_string(&r.err_path).unwrap_or_default();
            return Err(BenchError::Child {
                step: name.clone(),
                code,
                stderr: tail(&err, 20),
            });
        }
        let text = io(&r.out_path, std::fs::read_to_string(&r.out_path))?;
        let summary: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| BenchError::Summary {
                step: name.clone(),
                error: format!(
                    "{e}; output starts {:?}",
                    text.chars().take(200).collect::<String>()
                ),
            })?;
        out.push(ChildRun {
            name: name.clone(),
            wall_seconds: wall,
            peak_rss_kib: r.peak,
            cpu_seconds: r.cpu,
            exit_code: code,
            summary,
        });
    }
    Ok(out)
}

/// Run the benchmark.
pub fn run(opts: &BenchOptions) -> Result<IngestBench, BenchError> {
    in_scratch(
        opts.exe.as_deref(),
        opts.dir.as_deref(),
        "congvan-bench-ingest",
        &["corpus", "data"],
        |exe, dir| run_in(exe, dir, opts),
    )
}

/// Run a benchmark `bench(exe, dir)` in its working folder: `dir` when given
/// (kept after, refused when one of `used` is already in it), else a new
/// temporary `NAME-PID` folder removed after. `exe` defaults to this binary.
pub(crate) fn in_scratch<T>(
    exe: Option<&Path>,
    dir: Option<&Path>,
    name: &str,
    used: &[&str],
    bench: impl FnOnce(&Path, &Path) -> Result<T, BenchError>,
) -> Result<T, BenchError> {
    let exe = match exe {
        Some(e) => e.to_path_buf(),
        None => io(Path::new("current executable"), std::env::current_exe())?,
    };
    let (dir, remove_after) = match dir {
        Some(d) => (d.to_path_buf(), false),
        None => (
            std::env::temp_dir().join(format!("{name}-{}", std::process::id())),
            true,
        ),
    };
    if used.iter().any(|d| dir.join(d).exists()) {
        return Err(BenchError::NotEmpty(dir));
    }
    io(&dir, std::fs::create_dir_all(&dir))?;
    let result = bench(&exe, &dir);
    if remove_after {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn run_in(exe: &Path, dir: &Path, opts: &BenchOptions) -> Result<IngestBench, BenchError> {
    let load = load_average();
    let corpus = dir.join("corpus");
    let started = Instant::now();
    let (files, extra) = synth::letter_files_and_extra(opts.letters, ADDED, opts.seed);
    let corpus_bytes = write_files(&corpus, &files)?;
    let write_seconds = started.elapsed().as_secs_f64();
    let expected = expected(&files);
    let n = files.len();
    let letter_of = letter_of_each(&files);
    drop(files);
    let first = run_step(exe, dir, "first ingest", n)?;
    let links = Some(audit_links(dir, &letter_of)?);
    drop(letter_of);
    let mut steps = vec![first, run_step(exe, dir, "no-op ingest", n)?];
    write_files(&corpus, &extra)?;
    steps.push(run_step(
        exe,
        dir,
        &format!("add {ADDED} letters"),
        n + extra.len(),
    )?);
    Ok(IngestBench {
        letters: n,
        seed: opts.seed,
        cores: std::thread::available_parallelism().map_or(1, |c| c.get()),
        load_average: load,
        corpus_bytes,
        write_seconds,
        expected,
        steps,
        links,
    })
}

/// The result as a readable table.
pub fn render(r: &IngestBench) -> String {
    use std::fmt::Write;
    let e = &r.expected;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "bench-ingest: {} synthetic letter files ({:.1} MB, seed {}) on {} cores{}; corpus written in {:.1} s",
        r.letters,
        r.corpus_bytes as f64 / 1e6,
        r.seed,
        r.cores,
        r.load_average
            .map_or(String::new(), |l| format!(" (load average {l:.1} at start)")),
        r.write_seconds
    );
    let _ = writeln!(
        s,
        "corpus: {} distinct, {} monthly-template letters ({} families), {} same text to other recipients ({} families), {} scan-like copies\n        → {} separate letters; only the {} copies should link",
        e.distinct,
        e.monthly_template,
        e.monthly_families,
        e.same_text_other_recipient,
        e.same_text_families,
        e.copies,
        e.separate_letters,
        e.copies
    );
    let opt = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
    let _ = writeln!(
        s,
        "\n{:<16} {:>9} {:>9} {:>10} {:>10} {:>7} {:>9} {:>8} {:>7} {:>8}",
        "step",
        "seconds",
        "cpu s",
        "letters/s",
        "peak RSS",
        "read",
        "unchanged",
        "letters",
        "linked",
        "tasks"
    );
    for st in &r.steps {
        let rss = st
            .peak_rss_kib
            .map_or("-".to_string(), |k| format!("{:.0} MiB", k as f64 / 1024.0));
        let _ = writeln!(
            s,
            "{:<16} {:>9.2} {:>9} {:>10.0} {:>10} {:>7} {:>9} {:>8} {:>7} {:>8}",
            st.name,
            st.wall_seconds,
            st.cpu_seconds
                .map_or("-".to_string(), |c| format!("{c:.1}")),
            st.letters_per_second,
            rss,
            opt(st.read),
            opt(st.unchanged),
            opt(st.letters),
            opt(st.duplicates),
            opt(st.tasks)
        );
    }
    if let Some(last) = r.steps.first().and_then(|st| st.duplicates) {
        let last = last as usize;
        let _ = write!(
            s,
            "\ncopies linked by the first ingest: {last}, expected {}",
            e.copies
        );
        if last > e.copies {
            let _ = write!(
                s,
                " ({} more than there are copies: different letters merged)",
                last - e.copies
            );
        }
        s.push('\n');
    }
    if let Some(a) = &r.links {
        let _ = writeln!(
            s,
            "copy links checked against the corpus: {} right (the same letter), {} wrong (different letters merged)",
            a.right, a.wrong
        );
        for (x, y) in &a.wrong_examples {
            let _ = writeln!(s, "  wrong: {x} linked to {y}");
        }
    }
    s.push_str("(seconds: wall clock of the child `congvan ingest`, process start included; cpu s: its user + system CPU; letters/s: corpus files over wall seconds)\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_counts_and_files_written() {
        let files = synth::letter_files(200, 1);
        let e = expected(&files);
        assert_eq!(e.copies, 6);
        assert_eq!(e.separate_letters, 194);
        assert_eq!(
            e.distinct + e.monthly_template + e.same_text_other_recipient + e.copies,
            200
        );
        let dir = tempfile::tempdir().unwrap();
        let bytes = write_files(dir.path(), &files[..5]).unwrap();
        assert!(bytes > 5 * 2000);
        assert!(dir.path().join(&files[0].name).is_file());
    }

    #[test]
    fn link_audit_tells_a_copy_from_a_merge_of_two_letters() {
        let files = synth::letter_files(200, 1);
        let letter_of = letter_of_each(&files);
        let (copy, of) = files
            .iter()
            .find_map(|f| match f.kind {
                SynthKind::Copy { of } => Some((f.name.clone(), of)),
                _ => None,
            })
            .unwrap();
        let other = (0..files.len())
            .find(|&i| i != of && letter_of[&files[i].name] == i)
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        let conn = rusqlite::Connection::open(dir.path().join("data/congvan.sqlite")).unwrap();
        conn.execute_batch(
            "CREATE TABLE letters (id INTEGER PRIMARY KEY, file TEXT, copy_of INTEGER);",
        )
        .unwrap();
        let rows = [
            (1, files[of].name.clone(), None),
            (
                2,
                dir.path().join("corpus").join(&copy).display().to_string(),
                Some(1),
            ),
            (3, files[other].name.clone(), Some(1)),
        ];
        for (id, file, copy_of) in rows {
            conn.execute(
                "INSERT INTO letters (id, file, copy_of) VALUES (?1, ?2, ?3)",
                rusqlite::params![id, file, copy_of],
            )
            .unwrap();
        }
        drop(conn);
        let audit = audit_links(dir.path(), &letter_of).unwrap();
        assert_eq!((audit.right, audit.wrong), (1, 1));
        assert_eq!(audit.wrong_examples[0].0, files[other].name);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reads_peak_rss_and_cpu_of_a_process() {
        assert!(vm_hwm_kib(std::process::id()).unwrap_or(0) > 0);
        assert!(cpu_seconds(std::process::id()).is_some());
        assert!(load_average().is_some());
    }
}
