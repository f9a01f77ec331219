//! `deploy/` is documentation that must stay true: every YAML file parses,
//! every `congvan` command line in the Kubernetes jobs and Slurm scripts uses
//! a subcommand and flags the real CLI has (read from its clap `Command`),
//! flag values parse, and the shard count N agrees between the ingest jobs
//! (`completions`, `--array`, `--shard auto/N`) and the merge's folder list.

#[allow(dead_code, unused_imports, unused_macros)]
#[path = "../src/main.rs"]
mod cli;

use clap::CommandFactory;
use congvan::shard::Shard;
use std::path::{Path, PathBuf};
use yaml_rust2::{Yaml, YamlLoader};

fn deploy() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("deploy")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The flags of a command line, each with its value.
type Flags = Vec<(String, Option<String>)>;

/// Check one `congvan …` command line against the CLI; returns its
/// subcommand and the value of each flag given.
fn check(argv: &[String], origin: &str) -> (String, Flags, Vec<String>) {
    assert_eq!(
        argv.first().map(String::as_str),
        Some("congvan"),
        "{origin}"
    );
    let root = cli::Cli::command();
    let name = argv
        .get(1)
        .unwrap_or_else(|| panic!("{origin}: no subcommand"));
    let sub = root
        .find_subcommand(name)
        .unwrap_or_else(|| panic!("{origin}: congvan has no subcommand {name:?}"));
    let mut flags = Vec::new();
    let mut positional = Vec::new();
    let mut i = 2;
    while i < argv.len() {
        let a = &argv[i];
        if let Some(long) = a.strip_prefix("--") {
            let (long, inline) = match long.split_once('=') {
                Some((l, v)) => (l, Some(v.to_string())),
                None => (long, None),
            };
            let arg = sub
                .get_arguments()
                .find(|x| x.get_long() == Some(long))
                .unwrap_or_else(|| panic!("{origin}: congvan {name} has no flag --{long}"));
            let takes_value = matches!(
                arg.get_action(),
                clap::ArgAction::Set | clap::ArgAction::Append
            );
            let value = if takes_value && inline.is_none() {
                i += 1;
                Some(
                    argv.get(i)
                        .unwrap_or_else(|| panic!("{origin}: --{long} needs a value"))
                        .clone(),
                )
            } else {
                inline
            };
            flags.push((long.to_string(), value));
        } else {
            assert!(
                sub.get_positionals().next().is_some(),
                "{origin}: congvan {name} takes no positional argument, got {a:?}"
            );
            positional.push(a.clone());
        }
        i += 1;
    }
    // The real parser agrees (values with shell or Kubernetes variables are
    // placeholders: checked for shape above, parsed here as given).
    root.clone()
        .try_get_matches_from(argv)
        .unwrap_or_else(|e| panic!("{origin}: {e}"));
    (name.clone(), flags, positional)
}

fn value<'a>(flags: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    flags
        .iter()
        .find(|(f, _)| f == name)
        .and_then(|(_, v)| v.as_deref())
}

/// The N of a `--shard auto/N` or `K/N` value, checked to parse as the CLI does.
fn shard_n(spec: &str, origin: &str) -> u32 {
    let s = Shard::parse_with(spec, |v| (v == "JOB_COMPLETION_INDEX").then(|| "0".into()))
        .unwrap_or_else(|e| panic!("{origin}: {e}"));
    s.n
}

/// The command lines of the containers of a Kubernetes object.
fn containers(doc: &Yaml) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for c in doc["spec"]["template"]["spec"]["containers"]
        .as_vec()
        .cloned()
        .unwrap_or_default()
    {
        let mut argv: Vec<String> = Vec::new();
        for part in [&c["command"], &c["args"]] {
            for v in part.as_vec().cloned().unwrap_or_default() {
                argv.push(v.as_str().expect("command words are strings").to_string());
            }
        }
        out.push(argv);
    }
    out
}

#[test]
fn kubernetes_jobs_match_the_cli() {
    let dir = deploy().join("kubernetes");
    let mut ingest_n = None;
    let mut merge_dirs = None;
    let mut jobs = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("deploy/kubernetes")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let origin = path.display().to_string();
        let docs = YamlLoader::load_from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{origin}: not YAML: {e}"));
        assert!(!docs.is_empty(), "{origin}: empty");
        for doc in &docs {
            assert!(
                doc["apiVersion"].as_str().is_some(),
                "{origin}: no apiVersion"
            );
            if doc["kind"].as_str() != Some("Job") {
                continue;
            }
            jobs += 1;
            for argv in containers(doc) {
                let (sub, flags, positional) = check(&argv, &origin);
                match sub.as_str() {
                    "ingest" => {
                        let spec = value(&flags, "shard").expect("ingest job without --shard");
                        let n = shard_n(spec, &origin);
                        assert_eq!(
                            doc["spec"]["completionMode"].as_str(),
                            Some("Indexed"),
                            "{origin}: --shard auto needs an Indexed Job"
                        );
                        assert_eq!(
                            doc["spec"]["completions"].as_i64(),
                            Some(n as i64),
                            "{origin}: completions must equal the N of --shard {spec}"
                        );
                        let data = value(&flags, "data").expect("--data");
                        assert!(
                            data.contains("$(JOB_COMPLETION_INDEX)"),
                            "{origin}: each shard needs its own --data folder"
                        );
                        ingest_n = Some(n);
                    }
                    "merge" => merge_dirs = Some(positional),
                    other => panic!("{origin}: unexpected subcommand {other}"),
                }
            }
        }
    }
    assert_eq!(jobs, 2, "an ingest job and a merge job");
    let n = ingest_n.expect("an ingest job");
    let dirs = merge_dirs.expect("a merge job");
    let want: Vec<String> = (0..n).map(|k| format!("/shards/data-{k}")).collect();
    assert_eq!(dirs, want, "the merge job must list every shard folder");
}

/// Words of a shell line, with double quotes removed (no expansion).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}

#[test]
fn slurm_scripts_match_the_cli() {
    let dir = deploy().join("slurm");
    let ingest = read(&dir.join("ingest-array.sbatch"));
    let merge = read(&dir.join("merge.sbatch"));
    let lines = |text: &str, origin: &str| -> Vec<Vec<String>> {
        let v: Vec<Vec<String>> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("congvan "))
            .map(shell_words)
            .collect();
        assert!(!v.is_empty(), "{origin}: no congvan command");
        v
    };
    let array = ingest
        .lines()
        .find_map(|l| l.strip_prefix("#SBATCH --array="))
        .expect("an --array line");
    let (lo, hi) = array.trim().split_once('-').expect("--array=0-(N-1)");
    assert_eq!(lo, "0", "shards are numbered from 0");
    let n_array: u32 = hi.parse::<u32>().expect("array end") + 1;
    for argv in lines(&ingest, "ingest-array.sbatch") {
        let (sub, flags, _) = check(&argv, "ingest-array.sbatch");
        assert_eq!(sub, "ingest");
        let spec = value(&flags, "shard").expect("--shard");
        assert_eq!(
            shard_n(spec, "ingest-array.sbatch"),
            n_array,
            "--array and --shard disagree"
        );
        assert!(value(&flags, "data").is_some_and(|d| d.contains("$SLURM_ARRAY_TASK_ID")));
    }
    for argv in lines(&merge, "merge.sbatch") {
        let (sub, _, positional) = check(&argv, "merge.sbatch");
        assert_eq!(sub, "merge");
        let want: Vec<String> = (0..n_array).map(|k| format!("$SHARDS/data-{k}")).collect();
        assert_eq!(positional, want, "the merge must list every shard folder");
    }
    let submit = read(&dir.join("submit.sh"));
    assert!(submit.contains("ingest-array.sbatch") && submit.contains("--dependency=afterok"));
}

#[test]
fn the_checker_catches_a_wrong_flag() {
    let bad: Vec<String> = ["congvan", "ingest", "--shards", "auto/4"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let caught = std::panic::catch_unwind(|| check(&bad, "test"));
    assert!(caught.is_err(), "--shards is no flag of ingest");
    let bad: Vec<String> = ["congvan", "merge", "a", "--into", "x"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(std::panic::catch_unwind(|| check(&bad, "test")).is_err());
}
