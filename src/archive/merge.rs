//! `congvan merge`: the archives and indexes of N shard data folders
//! (`ingest --shard K/N`) into one data folder.
//!
//! The SQLite part is copied by SQLite itself: each shard database is
//! attached and its rows go over with `INSERT … SELECT`, letter ids shifted by
//! an offset, in one transaction per shard; nothing is replayed through the
//! ingest write path and no record is held in memory. The LSH bands are copied
//! too, not recomputed; they are then read once in key order to find the
//! pairs of letters from different shards that share enough bands: only
//! those (cross-shard candidates) go through copy linking, with the same rules
//! as ingest (a scan in one shard and the digital letter in another become
//! one letter with one task list).
//!
//! The search index is merged as tantivy segments: each shard's segment files
//! are linked (or copied) into the merged index folder and the merged
//! `meta.json` lists them; a letter's document depends only on its record, so
//! no letter is indexed again. BM25 statistics are summed over segments, so
//! scores equal those of one unsharded index.
//!
//! Every shard archive carries its K/N and a stamp of its contents; the merged
//! archive remembers the stamp of each shard part it holds (`merged_shards`),
//! which shard each letter came from (`letter_shard`) and which segments each
//! shard gave (`merged_segments`). Merging again redoes only the parts whose
//! stamp changed: their letters, tasks and segments leave, the new ones come
//! in, and the copy groups they shared with other shards are linked again.
//! Task status is kept by task id; where a shard and the merged archive both
//! hold one, the later change wins.

use super::{Archive, ArchiveError, Batch, Identity, DB_FILE};
use crate::dedupe;
use crate::index::LetterIndex;
use crate::shard::Shard;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Why a merge could not run.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("{path}: {reason}")]
    Shard { path: PathBuf, reason: String },
    #[error("{0}")]
    Shards(String),
    #[error("index {path}: {reason}")]
    Index { path: PathBuf, reason: String },
}

/// What one merge did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeSummary {
    /// Shards given.
    pub shards: usize,
    /// Shards whose part was (re)done this run.
    pub merged: Vec<u32>,
    /// Shards unchanged since the last merge (not copied again).
    pub unchanged: Vec<u32>,
    /// Letters whose copy links were looked for across shards.
    pub cross_shard_candidates: usize,
    /// Copy groups joined across shards this run.
    pub cross_shard_links: usize,
    pub letters: usize,
    pub copies: usize,
    pub tasks: usize,
    /// Segments in the merged index.
    pub segments: usize,
    pub seconds: f64,
    pub timings: MergeTimings,
}

/// Wall seconds of the parts of a merge.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeTimings {
    /// Copying rows (and removing a changed shard's old part).
    pub copy: f64,
    /// Copy linking across shards.
    pub link: f64,
    /// Index segments.
    pub index: f64,
}

/// A shard data folder as found.
struct ShardDir {
    path: PathBuf,
    shard: Shard,
    stamp: String,
}

fn shard_err(path: &Path, reason: impl Into<String>) -> MergeError {
    MergeError::Shard {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Read a shard folder's identity, refusing an unfinished or foreign one.
fn read_shard(path: &Path) -> Result<ShardDir, MergeError> {
    if !path.join(DB_FILE).is_file() {
        return Err(shard_err(
            path,
            format!(
                "no {DB_FILE} here; run `congvan ingest --shard K/N --data {}` first",
                path.display()
            ),
        ));
    }
    let archive = Archive::open_existing(path)?;
    let ident: Option<(u32, u32, String)> = archive
        .conn
        .query_row("SELECT k, n, stamp FROM shard_identity", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()
        .map_err(ArchiveError::from)?;
    let Some((k, n, stamp)) = ident else {
        return Err(shard_err(
            path,
            "not a shard archive (it was not made by `congvan ingest --shard K/N`, or its ingest has not finished)",
        ));
    };
    let unfinished: i64 = archive
        .conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM letters WHERE indexed = 0) \
             + (SELECT COUNT(*) FROM pending_index_deletes)",
            [],
            |r| r.get(0),
        )
        .map_err(ArchiveError::from)?;
    if unfinished > 0 {
        return Err(shard_err(
            path,
            "its last ingest did not finish (letters not yet in its index); run that shard's ingest again",
        ));
    }
    Ok(ShardDir {
        path: path.to_path_buf(),
        shard: Shard { k, n },
        stamp,
    })
}

/// A rusqlite error with the shard folder it happened on.
fn at(path: &Path) -> impl Fn(rusqlite::Error) -> MergeError + '_ {
    move |e| shard_err(path, format!("{DB_FILE}: {e}"))
}

/// Merge shard data folders into the data folder `data`.
pub fn merge(shard_dirs: &[PathBuf], data: &Path) -> Result<MergeSummary, MergeError> {
    let started = Instant::now();
    let mut summary = MergeSummary {
        shards: shard_dirs.len(),
        ..Default::default()
    };
    let shards = read_all_shards(shard_dirs, data)?;
    let mut archive = open_merged_archive(data)?;
    let redo = parts_to_redo(&archive, &shards, &mut summary)?;

    let t0 = Instant::now();
    copy_parts(&mut archive, &shards, &redo, &summary.merged)?;
    summary.timings.copy = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let (candidates, links) = link_across(&mut archive)?;
    summary.cross_shard_candidates = candidates;
    summary.cross_shard_links = links;
    summary.timings.link = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let segments = merge_index(&mut archive, &shards, &redo)?;
    summary.segments = segments;
    summary.timings.index = t2.elapsed().as_secs_f64();

    let counts = archive.counts()?;
    summary.letters = counts.letters;
    summary.copies = counts.copies;
    summary.tasks = counts.tasks;
    summary.merged.sort_unstable();
    summary.unchanged.sort_unstable();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Reads every shard folder given, in shard order: all shards of one
/// `--shard K/N` split, each once, none of them the folder `data` merged into.
fn read_all_shards(shard_dirs: &[PathBuf], data: &Path) -> Result<Vec<ShardDir>, MergeError> {
    if shard_dirs.is_empty() {
        return Err(MergeError::Shards(
            "no shard folders given: congvan merge data-0 data-1 … --data data".into(),
        ));
    }
    let mut shards: Vec<ShardDir> = Vec::new();
    for p in shard_dirs {
        let s = read_shard(p)?;
        if let Some(same) = shards.iter().find(|o| o.shard.k == s.shard.k) {
            return Err(MergeError::Shards(format!(
                "{} and {} are both shard {}",
                same.path.display(),
                s.path.display(),
                s.shard
            )));
        }
        if let Some(other) = shards.iter().find(|o| o.shard.n != s.shard.n) {
            return Err(MergeError::Shards(format!(
                "{} is shard {} but {} is shard {}: all shards must come from one --shard K/N split",
                other.path.display(),
                other.shard,
                s.path.display(),
                s.shard
            )));
        }
        shards.push(s);
    }
    let n = shards[0].shard.n;
    let missing: Vec<String> = (0..n)
        .filter(|k| !shards.iter().any(|s| s.shard.k == *k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Shards(format!(
            "shard {} missing: give the data folders of all {n} shards",
            missing.join(", ")
        )));
    }
    shards.sort_by_key(|s| s.shard.k);
    for s in &shards {
        if s.path.canonicalize().ok() == data.canonicalize().ok() {
            return Err(shard_err(
                &s.path,
                "is also the --data folder to merge into; merge into another folder",
            ));
        }
    }
    Ok(shards)
}

/// Opens (or creates) the merged archive in `data`, refusing a shard's own
/// data folder, with disk syncs off for the bulk copy.
fn open_merged_archive(data: &Path) -> Result<Archive, MergeError> {
    let archive = Archive::open(data)?;
    // The merge writes the archive's whole size at once; waiting for the disk
    // at every commit and checkpoint made it I/O-bound (20 s wall for 4 s of
    // CPU at 10,000 letters). WAL without sync is still consistent after a
    // killed process; only an OS crash or power loss mid-merge can damage the
    // merged archive, which merging again into a new folder rebuilds.
    archive
        .conn
        .pragma_update(None, "synchronous", "OFF")
        .map_err(ArchiveError::from)?;
    let is_shard: bool = archive
        .conn
        .query_row("SELECT EXISTS (SELECT 1 FROM shard_identity)", [], |r| {
            r.get(0)
        })
        .map_err(ArchiveError::from)?;
    if is_shard {
        return Err(shard_err(
            data,
            "is a shard's data folder; merge into a folder of its own",
        ));
    }
    Ok(archive)
}

/// Which shard parts to redo, sorted: a changed stamp, a shard not merged
/// yet, or parts of another split (N changed). Notes in `summary` which of
/// the given shards are merged this run and which are unchanged.
fn parts_to_redo(
    archive: &Archive,
    shards: &[ShardDir],
    summary: &mut MergeSummary,
) -> Result<Vec<u32>, MergeError> {
    let n = shards.first().map_or(0, |s| s.shard.n);
    let held = held_parts(archive)?;
    let mut redo: Vec<u32> = Vec::new();
    for (k, (hn, _)) in &held {
        if *hn != n || *k >= n {
            redo.push(*k);
        }
    }
    for s in shards {
        match held.get(&s.shard.k) {
            Some((hn, stamp)) if *hn == n && *stamp == s.stamp => summary.unchanged.push(s.shard.k),
            _ => {
                if !redo.contains(&s.shard.k) {
                    redo.push(s.shard.k);
                }
                summary.merged.push(s.shard.k);
            }
        }
    }
    redo.sort_unstable();
    Ok(redo)
}

/// The shard parts the merged archive holds: shard k → (its N, its stamp).
fn held_parts(archive: &Archive) -> Result<HashMap<u32, (u32, String)>, MergeError> {
    let mut held: HashMap<u32, (u32, String)> = HashMap::new();
    let mut st = archive
        .conn
        .prepare("SELECT k, n, stamp FROM merged_shards")
        .map_err(ArchiveError::from)?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, u32>(0)?, (r.get(1)?, r.get(2)?))))
        .map_err(ArchiveError::from)?;
    for row in rows {
        let (k, v) = row.map_err(ArchiveError::from)?;
        held.insert(k, v);
    }
    Ok(held)
}

/// Removes the parts `redo` and copies in the parts of the shards `merged`;
/// letters of unchanged shards in copy groups with a redone shard go back to
/// what their shard says (they are linked across shards again after).
fn copy_parts(
    archive: &mut Archive,
    shards: &[ShardDir],
    redo: &[u32],
    merged: &[u32],
) -> Result<(), MergeError> {
    archive
        .conn
        .execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS fresh (letter INTEGER PRIMARY KEY); DELETE FROM fresh;",
        )
        .map_err(ArchiveError::from)?;
    let restore = remove_parts(archive, redo)?;
    for s in shards.iter().filter(|s| merged.contains(&s.shard.k)) {
        copy_part(archive, s, None)?;
    }
    let mut by_shard: HashMap<u32, Vec<String>> = HashMap::new();
    for (k, file) in restore {
        by_shard.entry(k).or_default().push(file);
    }
    for (k, files) in by_shard {
        if let Some(s) = shards.iter().find(|s| s.shard.k == k) {
            copy_part(archive, s, Some(&files))?;
        }
    }
    Ok(())
}

/// Remove the parts of shards `ks` from the merged archive. Returns the
/// letters (shard, file) of other shards that shared a copy group with them:
/// their rows are removed too and must be copied again from their shard.
fn remove_parts(archive: &mut Archive, ks: &[u32]) -> Result<Vec<(u32, String)>, MergeError> {
    if ks.is_empty() {
        return Ok(Vec::new());
    }
    let tx = archive.conn.transaction().map_err(ArchiveError::from)?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS gone (letter INTEGER PRIMARY KEY); DELETE FROM gone;",
    )
    .map_err(ArchiveError::from)?;
    let mut restore = Vec::new();
    {
        let mut add = tx
            .prepare("INSERT OR IGNORE INTO gone SELECT letter FROM letter_shard WHERE shard = ?1")
            .map_err(ArchiveError::from)?;
        for k in ks {
            add.execute([k]).map_err(ArchiveError::from)?;
        }
        // Whole copy groups go: the other shards' members come back as their
        // shard made them.
        let mut st = tx
            .prepare(
                "WITH groups(g) AS (SELECT COALESCE(copy_of, id) FROM letters \
                   WHERE id IN (SELECT letter FROM gone)), \
                 members(id) AS (SELECT id FROM letters WHERE id IN (SELECT g FROM groups) \
                   UNION SELECT id FROM letters WHERE copy_of IN (SELECT g FROM groups)) \
                 SELECT l.id, ls.shard, l.file FROM members m JOIN letters l ON l.id = m.id \
                 JOIN letter_shard ls ON ls.letter = l.id \
                 WHERE l.id NOT IN (SELECT letter FROM gone)",
            )
            .map_err(ArchiveError::from)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(ArchiveError::from)?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, k, file) = row.map_err(ArchiveError::from)?;
            ids.push(id);
            restore.push((k, file));
        }
        drop(st);
        let mut ins = tx
            .prepare("INSERT OR IGNORE INTO gone (letter) VALUES (?1)")
            .map_err(ArchiveError::from)?;
        for id in ids {
            ins.execute([id]).map_err(ArchiveError::from)?;
        }
    }
    tx.execute_batch(
        "DELETE FROM tasks WHERE letter IN (SELECT letter FROM gone); \
         DELETE FROM bands WHERE letter IN (SELECT letter FROM gone); \
         DELETE FROM relations WHERE letter IN (SELECT letter FROM gone); \
         DELETE FROM letters WHERE id IN (SELECT letter FROM gone); \
         DELETE FROM letter_shard WHERE letter IN (SELECT letter FROM gone);",
    )
    .map_err(ArchiveError::from)?;
    for k in ks {
        tx.execute(
            "DELETE FROM tasks WHERE letter IS NULL AND id IN (SELECT id FROM task_shard WHERE shard = ?1)",
            [k],
        )
        .map_err(ArchiveError::from)?;
        tx.execute("DELETE FROM task_shard WHERE shard = ?1", [k])
            .map_err(ArchiveError::from)?;
        tx.execute(
            "DELETE FROM failures WHERE file IN (SELECT file FROM failure_shard WHERE shard = ?1)",
            [k],
        )
        .map_err(ArchiveError::from)?;
        tx.execute("DELETE FROM failure_shard WHERE shard = ?1", [k])
            .map_err(ArchiveError::from)?;
        tx.execute("DELETE FROM merged_shards WHERE k = ?1", [k])
            .map_err(ArchiveError::from)?;
    }
    tx.commit().map_err(ArchiveError::from)?;
    Ok(restore)
}

/// Copy a shard's part (all of it, or only the letters `only`) into the
/// merged archive, in one transaction, noting cross-shard copy candidates.
fn copy_part(
    archive: &mut Archive,
    s: &ShardDir,
    only: Option<&[String]>,
) -> Result<(), MergeError> {
    let e = at(&s.path);
    archive
        .conn
        .execute(
            "ATTACH DATABASE ?1 AS s",
            [s.path.join(DB_FILE).to_string_lossy().to_string()],
        )
        .map_err(&e)?;
    let result = copy_attached(&mut archive.conn, s, only);
    let detach = archive.conn.execute("DETACH DATABASE s", []).map_err(&e);
    result?;
    detach?;
    Ok(())
}

/// [`copy_part`]'s work once the shard database is attached as `s`: its
/// letters, bands, tasks (and, for a whole part, withdrawn tasks and
/// failures) go over in one transaction, letter ids shifted past the
/// merged archive's.
fn copy_attached(
    conn: &mut Connection,
    s: &ShardDir,
    only: Option<&[String]>,
) -> Result<(), MergeError> {
    let e = at(&s.path);
    let k = s.shard.k;
    let tx = conn.transaction().map_err(&e)?;
    choose_part(&tx, only).map_err(&e)?;
    if let Some(file) = file_in_both(&tx).map_err(&e)? {
        return Err(shard_err(
            &s.path,
            format!(
                "{file} is also in another shard's archive: were all shards made from one corpus folder with the same --shard N?"
            ),
        ));
    }
    let off: i64 = tx
        .query_row("SELECT COALESCE(MAX(id), 0) FROM main.letters", [], |r| {
            r.get(0)
        })
        .map_err(&e)?;
    copy_part_letters(&tx, off, k).map_err(&e)?;
    copy_part_tasks(&tx, off).map_err(&e)?;
    if only.is_none() {
        copy_withdrawn_and_failures(&tx, k).map_err(&e)?;
    }
    merge_task_status(&tx).map_err(&e)?;
    tx.commit().map_err(&e)?;
    Ok(())
}

/// Fills the temp table `part` with the shard letters to copy: all, or the
/// listed files.
fn choose_part(tx: &rusqlite::Transaction<'_>, only: Option<&[String]>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS part (id INTEGER PRIMARY KEY); DELETE FROM part;",
    )?;
    match only {
        None => {
            tx.execute("INSERT INTO part SELECT id FROM s.letters", [])?;
        }
        Some(files) => {
            let mut st =
                tx.prepare("INSERT OR IGNORE INTO part SELECT id FROM s.letters WHERE file = ?1")?;
            for f in files {
                st.execute([f])?;
            }
        }
    }
    Ok(())
}

/// A file of the part that the merged archive already holds (from another
/// shard), if any.
fn file_in_both(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<Option<String>> {
    tx.query_row(
        "SELECT sl.file FROM s.letters sl JOIN part p ON p.id = sl.id \
         JOIN main.letters m ON m.file = sl.file LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()
}

/// Copies the part's letters (ids shifted by `off`) with their shard `k`,
/// cited documents and LSH bands, and notes them as fresh for copy linking.
fn copy_part_letters(tx: &rusqlite::Transaction<'_>, off: i64, k: u32) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO main.letters (id, file, size, mtime_ns, content_hash, pipeline, kind, number, \
         number_key, issued, recipients_key, repaired_syllables, signature, copy_of, indexed, record, \
         ingested_at) \
         SELECT id + ?1, file, size, mtime_ns, content_hash, pipeline, kind, number, number_key, \
         issued, recipients_key, repaired_syllables, signature, copy_of + ?1, 1, record, ingested_at \
         FROM s.letters WHERE id IN (SELECT id FROM part) ORDER BY id",
        [off],
    )?;
    tx.execute(
        "INSERT INTO main.letter_shard (letter, shard) SELECT id + ?1, ?2 FROM part",
        params![off, k],
    )?;
    tx.execute(
        "INSERT INTO main.relations (letter, relation, number, number_key) \
         SELECT letter + ?1, relation, number, number_key FROM s.relations \
         WHERE letter IN (SELECT id FROM part)",
        [off],
    )?;
    // Letters copied this run: copy links across shards are looked for
    // between them and the rest.
    tx.execute(
        "INSERT OR IGNORE INTO fresh (letter) SELECT id + ?1 FROM part",
        [off],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO main.bands (key, letter) SELECT key, letter + ?1 FROM s.bands \
         WHERE letter IN (SELECT id FROM part) ORDER BY key, letter",
        [off],
    )?;
    Ok(())
}

/// A task id of the part that a merged letter of another shard already lists.
struct TaskClash {
    id: String,
    /// The part's letter file and (shifted) letter id.
    file: String,
    letter: i64,
    /// The merged letter file and id holding the id.
    other_file: String,
    other_letter: i64,
}

/// Copies the part's tasks. An id another shard's letter already lists (two
/// letters sharing number and date that are not copies) is set apart as
/// ingest does: the letter whose file sorts first keeps it.
fn copy_part_tasks(tx: &rusqlite::Transaction<'_>, off: i64) -> rusqlite::Result<()> {
    let clashes = task_clashes(tx, off)?;
    tx.execute(
        "INSERT INTO main.tasks (id, letter, withdrawn_at, position, due, file, number_key, \
         assignees_key, action_key, listed) \
         SELECT id, letter + ?1, NULL, position, due, file, number_key, assignees_key, action_key, listed \
         FROM s.tasks WHERE letter IN (SELECT id FROM part) \
         ON CONFLICT (id) DO UPDATE SET letter = excluded.letter, withdrawn_at = NULL, \
           position = excluded.position, due = excluded.due, file = excluded.file, \
           number_key = excluded.number_key, assignees_key = excluded.assignees_key, \
           action_key = excluded.action_key, listed = excluded.listed \
         WHERE tasks.letter IS NULL",
        [off],
    )?;
    for clash in clashes {
        if clash.letter != clash.other_letter {
            set_apart_clash(tx, clash, off)?;
        }
    }
    Ok(())
}

/// The part's task ids that merged letters already list, before the copy.
fn task_clashes(tx: &rusqlite::Transaction<'_>, off: i64) -> rusqlite::Result<Vec<TaskClash>> {
    let mut st = tx.prepare(
        "SELECT st.id, st.file, st.letter + ?1, mt.file, mt.letter FROM s.tasks st \
         JOIN main.tasks mt ON mt.id = st.id \
         WHERE st.letter IN (SELECT id FROM part) AND mt.letter IS NOT NULL",
    )?;
    let rows = st.query_map([off], |r| {
        Ok(TaskClash {
            id: r.get(0)?,
            file: r.get(1)?,
            letter: r.get(2)?,
            other_file: r.get(3)?,
            other_letter: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// Settles one task id clash: the row whose file sorts first keeps the id,
/// the other gets its set-apart id.
fn set_apart_clash(tx: &rusqlite::Transaction<'_>, c: TaskClash, off: i64) -> rusqlite::Result<()> {
    if c.file < c.other_file {
        // Ours keeps the id: the merged row moves aside, ours goes in.
        rename_task(tx, &c.id, &c.other_file)?;
        tx.execute(
            "INSERT INTO main.tasks (id, letter, withdrawn_at, position, due, file, number_key, \
             assignees_key, action_key, listed) \
             SELECT id, letter + ?2, NULL, position, due, file, number_key, assignees_key, \
             action_key, listed FROM s.tasks WHERE id = ?1",
            params![c.id, off],
        )?;
        return Ok(());
    }
    let new_id = super::set_apart_id(&c.id, &c.file);
    tx.execute(
        "INSERT OR REPLACE INTO main.tasks (id, letter, withdrawn_at, position, due, file, \
         number_key, assignees_key, action_key, listed) \
         SELECT ?3, ?2, NULL, position, due, file, number_key, assignees_key, action_key, \
         json_set(listed, '$.id', ?3) FROM s.tasks WHERE id = ?1",
        params![c.id, c.letter, new_id],
    )?;
    Ok(())
}

/// Copies shard `k`'s withdrawn tasks (their letter left its corpus) and
/// failures, noting which shard gave them.
fn copy_withdrawn_and_failures(tx: &rusqlite::Transaction<'_>, k: u32) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO main.tasks SELECT * FROM s.tasks WHERE letter IS NULL \
         ON CONFLICT (id) DO NOTHING",
        [],
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO main.task_shard (id, shard) \
         SELECT id, ?1 FROM s.tasks WHERE letter IS NULL",
        [k],
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO main.failures SELECT * FROM s.failures",
        [],
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO main.failure_shard (file, shard) SELECT file, ?1 FROM s.failures",
        [k],
    )?;
    Ok(())
}

/// Task status: by task id, the later change wins; the log gains what it lacks.
fn merge_task_status(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO main.task_status (id, status, note, by, at) \
         SELECT id, status, note, by, at FROM s.task_status WHERE true \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, note = excluded.note, \
           by = excluded.by, at = excluded.at WHERE excluded.at > task_status.at",
        [],
    )?;
    tx.execute(
        "INSERT INTO main.task_log (id, status, note, by, at) \
         SELECT l.id, l.status, l.note, l.by, l.at FROM s.task_log l WHERE NOT EXISTS ( \
           SELECT 1 FROM main.task_log m WHERE m.id = l.id AND m.at = l.at \
           AND m.status = l.status AND m.note IS l.note AND m.by IS l.by)",
        [],
    )?;
    Ok(())
}

/// Give the merged task row `id` (of the letter file `file`) its set-apart id.
fn rename_task(tx: &rusqlite::Transaction<'_>, id: &str, file: &str) -> rusqlite::Result<()> {
    let new_id = super::set_apart_id(id, file);
    tx.execute(
        "UPDATE main.tasks SET id = ?2, listed = json_set(listed, '$.id', ?2) WHERE id = ?1",
        params![id, new_id],
    )?;
    Ok(())
}

/// Link copies across shards. Candidate pairs come from the LSH bands, read
/// once in key order: two letters of different shards (one of them copied this
/// run) sharing at least [`dedupe::MIN_SHARED_BANDS`] bands, boilerplate bands
/// (more than `BAND_POSTINGS` letters) left out as ingest leaves them out. Each
/// candidate, in file order (the order one ingest meets them), joins the copy
/// group of a partner when ingest's rules say they are one letter. Returns
/// (letters with a candidate, groups joined).
fn link_across(archive: &mut Archive) -> Result<(usize, usize), MergeError> {
    let db = |e: rusqlite::Error| MergeError::Archive(ArchiveError::from(e));
    let mut shard_of: HashMap<i64, u32> = HashMap::new();
    let mut fresh: HashSet<i64> = HashSet::new();
    let mut pairs: HashMap<(i64, i64), u32> = HashMap::new();
    {
        let conn = &archive.conn;
        let mut st = conn
            .prepare("SELECT letter, shard FROM letter_shard")
            .map_err(db)?;
        let mut rows = st.query([]).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            shard_of.insert(r.get(0).map_err(db)?, r.get(1).map_err(db)?);
        }
        let mut st = conn.prepare("SELECT letter FROM fresh").map_err(db)?;
        let mut rows = st.query([]).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            fresh.insert(r.get(0).map_err(db)?);
        }
        if fresh.is_empty() {
            return Ok((0, 0));
        }
        let mut st = conn
            .prepare("SELECT key, letter FROM bands ORDER BY key, letter")
            .map_err(db)?;
        let mut rows = st.query([]).map_err(db)?;
        let mut key: Option<i64> = None;
        let mut posting: Vec<i64> = Vec::new();
        let mut flush = |posting: &mut Vec<i64>| {
            if (2..=super::BAND_POSTINGS).contains(&posting.len()) {
                for (i, &a) in posting.iter().enumerate() {
                    for &b in &posting[i + 1..] {
                        if shard_of.get(&a) != shard_of.get(&b)
                            && (fresh.contains(&a) || fresh.contains(&b))
                        {
                            *pairs.entry((a, b)).or_default() += 1;
                        }
                    }
                }
            }
            posting.clear();
        };
        while let Some(r) = rows.next().map_err(db)? {
            let k: i64 = r.get(0).map_err(db)?;
            if key != Some(k) {
                flush(&mut posting);
                key = Some(k);
            }
            if posting.len() <= super::BAND_POSTINGS {
                posting.push(r.get(1).map_err(db)?);
            }
        }
        flush(&mut posting);
    }
    drop(shard_of);
    drop(fresh);
    let mut partners: HashMap<i64, Vec<(u32, i64)>> = HashMap::new();
    for ((a, b), n) in pairs {
        if n as usize >= dedupe::MIN_SHARED_BANDS {
            partners.entry(a).or_default().push((n, b));
            partners.entry(b).or_default().push((n, a));
        }
    }
    let mut order: Vec<(String, i64)> = Vec::with_capacity(partners.len());
    {
        let mut st = archive
            .conn
            .prepare_cached("SELECT file FROM letters WHERE id = ?1")
            .map_err(db)?;
        for id in partners.keys() {
            let file: String = st.query_row([id], |r| r.get(0)).map_err(db)?;
            order.push((file, *id));
        }
    }
    order.sort();
    let mut batch = archive.batch()?;
    let mut links = 0;
    for (_, id) in &order {
        let mut with = partners.remove(id).unwrap_or_default();
        with.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        with.truncate(super::MAX_CANDIDATES);
        if batch.link_across(*id, &with)? {
            links += 1;
        }
    }
    batch.commit()?;
    archive.conn.execute("DELETE FROM fresh", []).map_err(db)?;
    Ok((order.len(), links))
}

impl Batch<'_> {
    /// Join the copy group of letter `id` with that of one of its candidate
    /// partners `with` (shared bands, letter) from other shards, if ingest's
    /// rules say they are one letter. True when groups were joined.
    fn link_across(&mut self, id: i64, with: &[(u32, i64)]) -> Result<bool, ArchiveError> {
        let (sig, copy_of, file): (Option<Vec<u8>>, Option<i64>, String) = self.one(
            "SELECT signature, copy_of, file FROM letters WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let Some(sig) = sig else {
            return Ok(false);
        };
        let sig = dedupe::signature_from_bytes(&sig);
        let mine = copy_of.unwrap_or(id);
        let mut members: Option<Vec<Identity>> = None;
        let mut bigrams: Option<HashSet<u64>> = None;
        let mut tried: HashSet<i64> = HashSet::new();
        let mut best: Option<(f64, i64)> = None;
        for &(_, other) in with {
            let (other_sig, other_copy_of): (Option<Vec<u8>>, Option<i64>) = self.one(
                "SELECT signature, copy_of FROM letters WHERE id = ?1",
                [other],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let Some(other_sig) = other_sig else { continue };
            if dedupe::estimate(&sig, &dedupe::signature_from_bytes(&other_sig))
                < super::CANDIDATE_ESTIMATE
            {
                continue;
            }
            let group = other_copy_of.unwrap_or(other);
            if group == mine || !tried.insert(group) {
                continue;
            }
            if members.is_none() {
                members = Some(self.group_identities(mine)?);
            }
            let mut agree = true;
            for ident in members.iter().flatten() {
                if !self.group_agrees(group, ident)? {
                    agree = false;
                    break;
                }
            }
            if !agree {
                continue;
            }
            if bigrams.is_none() {
                let json: String =
                    self.one("SELECT record FROM letters WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
                bigrams = Some(dedupe::bigrams(&super::parse_record(&file, &json)?.text));
            }
            let (other_file, other_json): (String, String) = self.one(
                "SELECT file, record FROM letters WHERE id = ?1",
                [other],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let text = super::parse_record(&other_file, &other_json)?.text;
            let exact = dedupe::jaccard(
                bigrams.as_ref().unwrap_or(&HashSet::new()),
                &dedupe::bigrams(&text),
            );
            if exact >= dedupe::SAME_LETTER_JACCARD && best.is_none_or(|(b, _)| exact > b) {
                best = Some((exact, group));
            }
        }
        let Some((_, theirs)) = best else {
            return Ok(false);
        };
        // One group: the copy that reads best (fewest repairs, then file) is listed.
        let listed: i64 = self.one(
            "SELECT id FROM letters WHERE id IN (?1, ?2) OR copy_of IN (?1, ?2) \
             ORDER BY repaired_syllables, file LIMIT 1",
            params![mine, theirs],
            |r| r.get(0),
        )?;
        self.exec(
            "UPDATE letters SET copy_of = ?3 WHERE (id IN (?1, ?2) OR copy_of IN (?1, ?2)) AND id != ?3",
            params![mine, theirs, listed],
        )?;
        self.exec("UPDATE letters SET copy_of = NULL WHERE id = ?1", [listed])?;
        self.exec(
            "UPDATE tasks SET letter = ?3 WHERE letter IN (?1, ?2)",
            params![mine, theirs, listed],
        )?;
        self.relist(listed)?;
        Ok(true)
    }
}

/// A file of the index folder that belongs to a segment: `<32 hex>.<ext>`.
fn segment_of(name: &str) -> Option<&str> {
    let (stem, _) = name.split_once('.')?;
    (stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())).then_some(stem)
}

/// Merge the shards' index segments into the merged index: the segments of
/// unchanged shards stay, the redone shards' current segments come in (linked
/// or copied), `meta.json` is written atomically, then files of segments no
/// longer listed are deleted. The merged archive records which segments
/// each shard gave, with the shard stamps, after `meta.json` is in place.
fn merge_index(
    archive: &mut Archive,
    shards: &[ShardDir],
    redone: &[u32],
) -> Result<usize, MergeError> {
    let dir = archive.index_dir();
    let merged = LetterIndex::open_or_create(&dir).map_err(|e| index_err(&dir, e))?;
    let mut meta = merged.index.load_metas().map_err(|e| index_err(&dir, e))?;
    drop(merged);
    // Segments the merged archive knows the unchanged shards gave.
    let keep = kept_segments(archive, redone)?;
    meta.segments
        .retain(|s| keep.contains_key(&s.id().uuid_string()));
    let mut given: Vec<(u32, String)> = keep.iter().map(|(s, k)| (*k, s.clone())).collect();
    let mut kinds: Option<(PathBuf, String)> = None;
    for s in shards {
        let sdir = Archive::index_dir_of(&s.path);
        check_same_kinds(&mut kinds, &sdir)?;
        if !redone.contains(&s.shard.k) {
            continue;
        }
        let idx = LetterIndex::open(&sdir).map_err(|e| shard_err(&s.path, e.to_string()))?;
        let smeta = idx
            .index
            .load_metas()
            .map_err(|e| shard_err(&sdir, e.to_string()))?;
        if smeta.schema != meta.schema {
            return Err(shard_err(
                &sdir,
                "its index schema differs from the merged index: ingest every shard with this congvan",
            ));
        }
        bring_segment_files(&sdir, &smeta, &dir)?;
        meta.opstamp = meta.opstamp.max(smeta.opstamp);
        for seg in smeta.segments {
            given.push((s.shard.k, seg.id().uuid_string()));
            meta.segments.push(seg);
        }
    }
    write_meta(&dir, &mut meta)?;
    if let Some((sdir, text)) = kinds {
        if !text.is_empty() {
            std::fs::write(dir.join(crate::index::KINDS_FILE), text).map_err(|e| {
                index_err(
                    &dir,
                    format!(
                        "copying {} from {}: {e}",
                        crate::index::KINDS_FILE,
                        sdir.display()
                    ),
                )
            })?;
        }
    }
    // Now the archive may say these parts are merged.
    record_merged_parts(archive, shards, redone, &given)?;
    remove_unlisted_segments(&dir, &meta);
    Ok(meta.segments.len())
}

/// An error of the merged index folder `dir`.
fn index_err(dir: &Path, reason: impl std::fmt::Display) -> MergeError {
    MergeError::Index {
        path: dir.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// The segments the merged archive knows shards not redone gave: segment → shard.
fn kept_segments(archive: &Archive, redone: &[u32]) -> Result<HashMap<String, u32>, MergeError> {
    let mut keep: HashMap<String, u32> = HashMap::new();
    let mut st = archive
        .conn
        .prepare("SELECT segment, k FROM merged_segments")
        .map_err(ArchiveError::from)?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
        .map_err(ArchiveError::from)?;
    for row in rows {
        let (seg, k) = row.map_err(ArchiveError::from)?;
        if !redone.contains(&k) {
            keep.insert(seg, k);
        }
    }
    Ok(keep)
}

/// Refuses shard index `sdir` when its document kinds (`--rules`) differ
/// from those of the first shard, which `kinds` holds (folder, text).
fn check_same_kinds(kinds: &mut Option<(PathBuf, String)>, sdir: &Path) -> Result<(), MergeError> {
    let kinds_text =
        std::fs::read_to_string(sdir.join(crate::index::KINDS_FILE)).unwrap_or_default();
    match kinds {
        None => *kinds = Some((sdir.to_path_buf(), kinds_text)),
        Some((first, text)) if *text != kinds_text => {
            return Err(MergeError::Shards(format!(
                "{} and {} were indexed with different document kinds (--rules): ingest every shard with the same rules",
                first.display(),
                sdir.display()
            )))
        }
        Some(_) => {}
    }
    Ok(())
}

/// Links (or copies) into the merged index folder `dir` the files of the
/// segments the shard index `sdir` lists in `smeta`, skipping those present.
fn bring_segment_files(
    sdir: &Path,
    smeta: &tantivy::IndexMeta,
    dir: &Path,
) -> Result<(), MergeError> {
    let ids: HashSet<String> = smeta
        .segments
        .iter()
        .map(|m| m.id().uuid_string())
        .collect();
    let entries = std::fs::read_dir(sdir).map_err(|e| shard_err(sdir, e.to_string()))?;
    for entry in entries {
        let entry = entry.map_err(|e| shard_err(sdir, e.to_string()))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = segment_of(&name) else {
            continue;
        };
        if !ids.contains(stem) || name.ends_with(".store.temp") {
            continue;
        }
        let to = dir.join(&name);
        if to.exists() {
            continue;
        }
        // Segment files never change once written: a hard link is a copy.
        if std::fs::hard_link(entry.path(), &to).is_err() {
            std::fs::copy(entry.path(), &to)
                .map_err(|e| index_err(dir, format!("copying {}: {e}", entry.path().display())))?;
        }
    }
    Ok(())
}

/// Writes the merged index's `meta.json` atomically (a synced temp file
/// renamed into place).
fn write_meta(dir: &Path, meta: &mut tantivy::IndexMeta) -> Result<(), MergeError> {
    meta.payload = Some("congvan merge".into());
    let mut json = serde_json::to_vec_pretty(&meta).map_err(|e| index_err(dir, e))?;
    json.push(b'\n');
    let tmp = dir.join("meta.json.merging");
    std::fs::write(&tmp, json)
        .and_then(|()| std::fs::File::open(&tmp)?.sync_all())
        .and_then(|()| std::fs::rename(&tmp, dir.join("meta.json")))
        .map_err(|e| index_err(dir, format!("writing meta.json: {e}")))
}

/// Records in the merged archive which segments each shard gave and the
/// stamps of the redone shards' parts.
fn record_merged_parts(
    archive: &mut Archive,
    shards: &[ShardDir],
    redone: &[u32],
    given: &[(u32, String)],
) -> Result<(), MergeError> {
    let now = super::now_utc();
    let tx = archive.conn.transaction().map_err(ArchiveError::from)?;
    tx.execute("DELETE FROM merged_segments", [])
        .map_err(ArchiveError::from)?;
    for (k, seg) in given {
        tx.execute(
            "INSERT OR REPLACE INTO merged_segments (segment, k) VALUES (?1, ?2)",
            params![seg, k],
        )
        .map_err(ArchiveError::from)?;
    }
    for s in shards.iter().filter(|s| redone.contains(&s.shard.k)) {
        tx.execute(
            "INSERT OR REPLACE INTO merged_shards (k, n, stamp, source, merged_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                s.shard.k,
                s.shard.n,
                s.stamp,
                s.path.to_string_lossy().to_string(),
                now
            ],
        )
        .map_err(ArchiveError::from)?;
    }
    tx.commit().map_err(ArchiveError::from)?;
    Ok(())
}

/// Deletes files of segments `meta` no longer lists (an older part, a
/// crashed merge); best effort.
fn remove_unlisted_segments(dir: &Path, meta: &tantivy::IndexMeta) {
    let listed: HashSet<String> = meta.segments.iter().map(|m| m.id().uuid_string()).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if segment_of(&name).is_some_and(|stem| !listed.contains(stem)) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
