//! Sharded ingest and merge give the archive one ingest gives: four
//! `ingest --shard K/4` processes over the bundled corpus plus synthetic
//! letters (with copies split across shards), `congvan merge`, and one
//! unsharded ingest of the same folder must agree on search hits and their
//! order, the task list with statuses, copy links, relations, the records and
//! the index documents. After one shard gains a copy of another shard's
//! letter and another loses a letter, merging again redoes only those two
//! shards and still agrees.

use congvan::index::LetterIndex;
use congvan::shard::{relative_key, shard_of};
use congvan::synth::SynthKind;
use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::congvan_ok;

const N: u32 = 4;
const LETTERS: usize = 240;
/// Search hits compared per query.
const LIMIT: usize = 200;

fn json(args: &[&str], cwd: &Path) -> Value {
    let out = congvan_ok(args, cwd);
    serde_json::from_slice(&out.stdout).expect("json output")
}

/// Run the four shard ingests as concurrent processes; shard 3 finds its
/// number the way a Kubernetes Indexed Job gives it.
fn ingest_shards(root: &Path, only: &[u32]) {
    let mut children = Vec::new();
    for k in only {
        let data = format!("data-{k}");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_congvan"));
        cmd.current_dir(root)
            .args(["ingest", "--corpus", "corpus", "--data", &data, "--json"]);
        if *k == 3 {
            cmd.args(["--shard", "auto/4"])
                .env("JOB_COMPLETION_INDEX", "3")
                .env_remove("SLURM_ARRAY_TASK_ID");
        } else {
            cmd.args(["--shard", &format!("{k}/{N}")]);
        }
        children.push((k, cmd.spawn().expect("spawn shard ingest")));
    }
    for (k, mut c) in children {
        let status = c.wait().expect("wait shard ingest");
        assert!(status.success(), "shard {k} ingest failed: {status}");
    }
}

fn merge(root: &Path) -> Value {
    let mut args = vec!["merge"];
    let dirs: Vec<String> = (0..N).map(|k| format!("data-{k}")).collect();
    args.extend(dirs.iter().map(String::as_str));
    args.extend(["--data", "merged", "--json"]);
    json(&args, root)
}

/// Everything the archive says, in a form two archives can be compared by.
#[derive(Debug, PartialEq)]
struct Snapshot {
    records: BTreeMap<String, String>,
    copies: BTreeMap<String, Option<String>>,
    relations: Vec<(String, String)>,
    tasks: Vec<Value>,
    searches: Vec<Vec<(String, String)>>,
    index: Vec<String>,
}

const QUERIES: &[&str] = &[
    "báo cáo",
    "ke hoach",
    "Sở Tài chính",
    "\"tình hình thực hiện\"",
    "ngân sách",
    "UBND",
    "phòng chống thiên tai",
];

fn snapshot(root: &Path, data: &str) -> Snapshot {
    let db = Connection::open(root.join(data).join("congvan.sqlite")).expect("open db");
    let mut records = BTreeMap::new();
    let mut copies = BTreeMap::new();
    {
        let mut st = db
            .prepare(
                "SELECT l.file, l.record, p.file FROM letters l \
                 LEFT JOIN letters p ON p.id = l.copy_of",
            )
            .expect("prepare");
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .expect("query");
        for row in rows {
            let (file, record, copy_of) = row.expect("row");
            records.insert(file.clone(), record);
            copies.insert(file, copy_of);
        }
    }
    let mut relations: Vec<(String, String)> = {
        let mut st = db
            .prepare("SELECT l.file, r.number FROM relations r JOIN letters l ON l.id = r.letter")
            .expect("prepare");
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query");
        rows.map(|r| r.expect("row")).collect()
    };
    relations.sort();
    let listed = json(
        &["tasks", "--json", "--status", "all", "--data", data],
        root,
    );
    let tasks: Vec<Value> = listed["tasks"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut t| {
            // When a status changed differs between two runs; the status must not.
            if let Some(o) = t.as_object_mut() {
                o.remove("status_changed");
            }
            t
        })
        .collect();
    let mut searches = Vec::new();
    for q in QUERIES {
        let res = json(
            &["search", q, "--limit", "200", "--json", "--data", data],
            root,
        );
        // Hits in order; letters with the same score may come in either order,
        // so each run of equal scores is compared as a sorted set.
        let mut hits: Vec<(String, String)> = res["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|h| {
                (
                    format!("{:.6}", h["score"].as_f64().unwrap_or(f64::NAN)),
                    h["file"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        // A list cut at the limit may end inside a run of equal scores, whose
        // members beyond the cut differ by index order: that run is left out.
        if hits.len() == LIMIT {
            if let Some(last) = hits.last().map(|h| h.0.clone()) {
                hits.retain(|h| h.0 != last);
            }
        }
        let mut i = 0;
        while i < hits.len() {
            let mut j = i;
            while j < hits.len() && hits[j].0 == hits[i].0 {
                j += 1;
            }
            hits[i..j].sort();
            i = j;
        }
        searches.push(hits);
    }
    let index = LetterIndex::open(&root.join(data).join("index"))
        .expect("index")
        .dump()
        .expect("dump");
    Snapshot {
        records,
        copies,
        relations,
        tasks,
        searches,
        index,
    }
}

fn assert_same(root: &Path) {
    let whole = snapshot(root, "whole");
    let merged = snapshot(root, "merged");
    assert_eq!(whole.records.len(), merged.records.len(), "letter counts");
    assert!(whole.records == merged.records, "records differ");
    assert_eq!(whole.copies, merged.copies, "copy links");
    assert_eq!(whole.relations, merged.relations, "relations");
    assert_eq!(whole.tasks.len(), merged.tasks.len(), "task counts");
    for (a, b) in whole.tasks.iter().zip(&merged.tasks) {
        assert_eq!(a, b, "task lists differ");
    }
    for (q, (a, b)) in QUERIES
        .iter()
        .zip(whole.searches.iter().zip(&merged.searches))
    {
        assert!(
            !a.is_empty(),
            "query {q} found nothing: the test would prove nothing"
        );
        assert_eq!(a, b, "search {q}");
    }
    assert!(whole.index == merged.index, "index documents differ");
}

/// The shard of a corpus file, as ingest decides it.
fn shard_of_file(root: &Path, name: &str) -> u32 {
    let corpus = root.join("corpus");
    shard_of(&relative_key(&corpus, &corpus.join(name)), N)
}

fn set_status(root: &Path, data: &str, id: &str, done: bool) {
    let action = if done { "done" } else { "reopen" };
    congvan_ok(&["tasks", action, id, "--by", "test", "--data", data], root);
}

#[test]
fn sharded_and_merged_equals_one_ingest() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let corpus = root.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let bundled = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for e in std::fs::read_dir(&bundled).expect("bundled corpus") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), corpus.join(e.file_name())).expect("copy");
    }
    let files = congvan::synth::letter_files(LETTERS, 17);
    congvan::ingest_bench::write_files(&corpus.join("synth"), &files).expect("write");

    ingest_shards(root, &[0, 1, 2, 3]);
    congvan_ok(
        &["ingest", "--corpus", "corpus", "--data", "whole", "--json"],
        root,
    );
    // Each shard holds a part; together all files, none twice.
    let mut total = 0;
    for k in 0..N {
        let dry = json(
            &[
                "ingest",
                "--corpus",
                "corpus",
                "--shard",
                &format!("{k}/{N}"),
                "--dry-run",
                "--json",
            ],
            root,
        );
        let n = dry["files"].as_array().map(Vec::len).unwrap_or(0);
        assert!(n > 0, "shard {k} is empty");
        total += n;
    }
    assert_eq!(total, files.len() + 5);

    // Statuses set in the shards (where a clerk might) and in the unsharded archive.
    let open = json(&["tasks", "--json", "--data", "whole"], root);
    let ids: Vec<String> = open["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|t| t["id"].as_str().map(str::to_string))
        .step_by(7)
        .take(6)
        .collect();
    assert!(ids.len() >= 3, "too few tasks to mark");
    for id in &ids {
        set_status(root, "whole", id, true);
        let mut marked = false;
        for k in 0..N {
            let data = format!("data-{k}");
            let list = json(
                &["tasks", "--json", "--status", "all", "--data", &data],
                root,
            );
            if list["tasks"]
                .as_array()
                .is_some_and(|ts| ts.iter().any(|t| t["id"] == id.as_str()))
            {
                set_status(root, &data, id, true);
                marked = true;
            }
        }
        assert!(marked, "task {id} is in no shard");
    }

    let first = merge(root);
    assert_eq!(first["merged"], serde_json::json!([0, 1, 2, 3]));
    assert!(
        first["cross_shard_links"].as_u64().unwrap_or(0) > 0,
        "no copy was linked across shards: {first}"
    );
    assert_same(root);

    // Nothing changed: nothing is redone.
    let again = merge(root);
    assert_eq!(again["merged"], serde_json::json!([]));
    assert_eq!(again["unchanged"], serde_json::json!([0, 1, 2, 3]));

    // Shard 1 gains a copy of a letter of another shard (its task status must
    // carry over), shard 2 loses a letter (its tasks are withdrawn).
    let done = json(
        &["tasks", "--json", "--status", "done", "--data", "whole"],
        root,
    );
    let done_file = done["tasks"]
        .as_array()
        .expect("done tasks")
        .iter()
        .filter_map(|t| t["source"]["file"].as_str())
        .find(|f| shard_of_file(root, f.trim_start_matches("corpus/")) != 1)
        .expect("a done task's letter outside shard 1")
        .to_string();
    let text = std::fs::read_to_string(root.join(&done_file)).expect("read letter");
    let name = (0..1000)
        .map(|i| format!("synth/ban-sao-{i}.txt"))
        .find(|n| shard_of_file(root, n) == 1)
        .expect("a name in shard 1");
    std::fs::write(corpus.join(&name), &text).expect("write copy");
    // (A letter with no copy: when a removed letter's copy is in another
    // shard, its tasks stay withdrawn in the merge where one ingest moves them
    // to the copy; see the README's limits.)
    let gone = files
        .iter()
        .find(|f| {
            matches!(f.kind, SynthKind::MonthlyTemplate { .. })
                && shard_of_file(root, &format!("synth/{}", f.name)) == 2
        })
        .expect("a letter of shard 2");
    std::fs::remove_file(corpus.join("synth").join(&gone.name)).expect("remove");
    ingest_shards(root, &[1, 2]);
    congvan_ok(
        &["ingest", "--corpus", "corpus", "--data", "whole", "--json"],
        root,
    );
    let second = merge(root);
    assert_eq!(second["merged"], serde_json::json!([1, 2]));
    assert_eq!(second["unchanged"], serde_json::json!([0, 3]));
    assert_same(root);
}

#[test]
fn merge_refuses_incomplete_or_mixed_shards() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let corpus = root.join("corpus");
    let bundled = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    for e in std::fs::read_dir(&bundled).expect("bundled corpus") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), corpus.join(e.file_name())).expect("copy");
    }
    for (k, n) in [(0, 2), (1, 3)] {
        congvan_ok(
            &[
                "ingest",
                "--corpus",
                "corpus",
                "--data",
                &format!("d{k}"),
                "--shard",
                &format!("{k}/{n}"),
            ],
            root,
        );
    }
    congvan_ok(&["ingest", "--corpus", "corpus", "--data", "plain"], root);
    let run = |args: &[&str]| {
        let out = common::congvan(args, root);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let err = run(&["merge", "d0", "--data", "m"]);
    assert!(err.contains("shard 1/2 missing"), "{err}");
    let err = run(&["merge", "d0", "d1", "--data", "m"]);
    assert!(err.contains("one --shard K/N split"), "{err}");
    let err = run(&["merge", "plain", "--data", "m"]);
    assert!(
        err.contains("plain") && err.contains("not a shard archive"),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_congvan"))
        .current_dir(root)
        .args([
            "ingest",
            "--corpus",
            "corpus",
            "--shard",
            "auto/4",
            "--dry-run",
        ])
        .env_remove("JOB_COMPLETION_INDEX")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("JOB_COMPLETION_INDEX"), "{err}");
}
