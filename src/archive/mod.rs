//! The archive: everything ingest knows about the corpus, in one SQLite file.
//!
//! ```text
//! DATA/congvan.sqlite   letters (fields, record, file size/mtime/hash), copy
//!                       links and their LSH bands, relations, tasks and their
//!                       status, failures (schema in `schema.rs`)
//! DATA/index/           tantivy search index (one document per letter file)
//! ```
//! SQLite in WAL mode; ingest writes one transaction per batch of letters. The
//! search index is written after the archive: a letter's row says whether the
//! index holds its current version (`indexed`) and removed files wait in
//! `pending_index_deletes` until the index commit, so a crash (even `kill -9`)
//! between the two commits is repaired by the next run.
//!
//! Memory stays flat in the archive's size: records are streamed, copy
//! candidates come from an index of LSH bands, not from all pairs.

pub mod copies;
pub mod desk;
mod legacy_json;
pub mod merge;
pub mod schema;
mod task_board;

pub use task_board::{StatusFilter, TaskFilter};

use crate::dedupe;
use crate::letter::{LetterRecord, ListedTask, TaskStatus};
use crate::shard::Shard;
use crate::tasks::{self, number_key};
use copies::Identity;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The database file inside the data folder.
pub const DB_FILE: &str = "congvan.sqlite";

/// Estimated (MinHash) similarity below which a candidate is not looked at.
const CANDIDATE_ESTIMATE: f64 = 0.2;
/// Letters per band looked up; beyond this a band is boilerplate, not evidence.
const BAND_POSTINGS: usize = 64;
/// Candidates (by shared bands) whose signature is compared.
const MAX_CANDIDATES: usize = 32;

/// Why the archive could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the archive database ({DB_FILE}): {0}; if the file is damaged, move the data folder away and run `congvan ingest` to rebuild it")]
    Db(#[from] rusqlite::Error),
    #[error("{path} was written by a newer congvan (schema {found}, this build knows {known}); use that version, or move the data folder away and run `congvan ingest` to rebuild it")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{0} holds no archive yet; run `congvan ingest` first")]
    Missing(PathBuf),
    #[error("{path}: {reason}; move the data folder away and run `congvan ingest` to rebuild it")]
    Corrupt { path: PathBuf, reason: String },
    #[error("no task has an id starting with \"{0}\"; `congvan tasks --status all` lists them")]
    NoTask(String),
    #[error("\"{prefix}\" starts the ids of {count} tasks; give more of the id")]
    AmbiguousTask { prefix: String, count: usize },
}

/// What the archive knows of one file: enough to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    pub mtime_ns: i64,
    pub content_hash: String,
    pub pipeline: String,
}

/// A file's size and modification time as found on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileMeta {
    pub size: u64,
    pub mtime_ns: i64,
}

impl FileMeta {
    pub fn of(m: &std::fs::Metadata) -> FileMeta {
        let mtime_ns = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos().min(i64::MAX as u128) as i64)
            .unwrap_or(0);
        FileMeta {
            size: m.len(),
            mtime_ns,
        }
    }
}

/// A letter ready to be stored: its record and what the archive reads from its
/// text (dedupe evidence, relations), computed in the parallel stage so the
/// serial write transaction does not scan texts.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub record: LetterRecord,
    pub meta: FileMeta,
    pub bigrams: HashSet<u64>,
    pub signature: Option<Vec<u32>>,
    /// Numbers of the letters this one says it replaces.
    pub replaces: Vec<String>,
}

impl Incoming {
    pub fn new(record: LetterRecord, meta: FileMeta) -> Incoming {
        let bigrams = dedupe::bigrams(&record.text);
        let signature = dedupe::signature(&bigrams);
        let replaces = copies::replaced_numbers(&record.text);
        Incoming {
            record,
            meta,
            bigrams,
            signature,
            replaces,
        }
    }
}

/// Totals for the ingest summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub letters: usize,
    pub copies: usize,
    pub repaired: usize,
    pub tasks: usize,
}

/// The open archive of a data folder.
pub struct Archive {
    conn: Connection,
    root: PathBuf,
}

/// Current time, UTC, "YYYY-MM-DDTHH:MM:SSZ".
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let day = crate::index::schema::format_date(tantivy::DateTime::from_timestamp_secs(
        secs.div_euclid(86_400) * 86_400,
    ));
    let s = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// Today's date, UTC, "YYYY-MM-DD".
pub fn today_utc() -> String {
    now_utc()[..10].to_string()
}

impl Archive {
    /// The search index folder of a data folder.
    pub fn index_dir_of(root: &Path) -> PathBuf {
        root.join("index")
    }

    pub fn index_dir(&self) -> PathBuf {
        Self::index_dir_of(&self.root)
    }

    /// Open the archive of a data folder, creating the folder and the database
    /// when needed, migrating an older schema and importing a data folder
    /// written by congvan 0.1's JSON store.
    pub fn open(root: &Path) -> Result<Archive, ArchiveError> {
        std::fs::create_dir_all(root).map_err(|source| ArchiveError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let mut archive = Self::connect(root)?;
        legacy_json::import_if_present(&mut archive)?;
        Ok(archive)
    }

    /// Open the archive of a data folder that must already hold one (for
    /// commands that only read it, or change task status).
    pub fn open_existing(root: &Path) -> Result<Archive, ArchiveError> {
        if !root.join(DB_FILE).is_file() {
            if legacy_json::present(root) {
                // A JSON data folder: import it now rather than refuse.
                return Self::open(root);
            }
            return Err(ArchiveError::Missing(root.to_path_buf()));
        }
        Self::connect(root)
    }

    fn connect(root: &Path) -> Result<Archive, ArchiveError> {
        let path = root.join(DB_FILE);
        let mut conn = Connection::open(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers (search, the web desk) never block ingest; NORMAL
        // sync is durable against a killed process, which is what we promise.
        conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))
            .map_err(|e| ArchiveError::Corrupt {
                path: path.clone(),
                reason: format!("not an SQLite database ({e})"),
            })?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.set_prepared_statement_cache_capacity(64);
        // A 48 MB page cache (SQLite's default is 2 MB): the copy-candidate
        // bands and the task ids are inserted at random places in their
        // B-trees, which at 100,000 letters are far larger than 2 MB.
        conn.pragma_update(None, "cache_size", -48 * 1024)?;
        match schema::migrate(&mut conn)? {
            schema::Migration::TooNew { found } => {
                return Err(ArchiveError::TooNew {
                    path,
                    found,
                    known: schema::current_version(),
                })
            }
            schema::Migration::UpToDate | schema::Migration::Migrated { .. } => {}
        }
        Ok(Archive {
            conn,
            root: root.to_path_buf(),
        })
    }

    /// Every file the archive holds, with what tells whether it changed.
    pub fn manifest(&self) -> Result<HashMap<String, FileState>, ArchiveError> {
        let mut st = self
            .conn
            .prepare("SELECT file, size, mtime_ns, content_hash, pipeline FROM letters")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                FileState {
                    size: r.get::<_, i64>(1)? as u64,
                    mtime_ns: r.get(2)?,
                    content_hash: r.get(3)?,
                    pipeline: r.get(4)?,
                },
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (file, state) = row?;
            out.insert(file, state);
        }
        Ok(out)
    }

    /// Start a write transaction.
    pub fn batch(&mut self) -> Result<Batch<'_>, ArchiveError> {
        Ok(Batch {
            tx: self.conn.transaction()?,
            now: now_utc(),
        })
    }

    /// The numbers a file's letter says it replaces, each with the file of the
    /// replaced letter when that is in the archive.
    pub fn replaces(&self, file: &str) -> Result<Vec<(String, Option<String>)>, ArchiveError> {
        let mut st = self.conn.prepare(
            "SELECT r.number, (SELECT o.file FROM letters o WHERE o.number_key = r.number_key \
             AND o.copy_of IS NULL ORDER BY o.id LIMIT 1) \
             FROM relations r JOIN letters l ON l.id = r.letter \
             WHERE l.file = ?1 AND r.relation = 'replaces' ORDER BY r.rowid",
        )?;
        let rows = st.query_map([file], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Call `f` with every letter whose index document is missing or stale, in
    /// archive order, streaming (one record in memory at a time).
    pub fn for_each_unindexed(
        &self,
        mut f: impl FnMut(LetterRecord) -> Result<(), ArchiveError>,
    ) -> Result<usize, ArchiveError> {
        let mut st = self
            .conn
            .prepare("SELECT file, record FROM letters WHERE indexed = 0 ORDER BY id")?;
        let mut rows = st.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let file: String = row.get(0)?;
            let json: String = row.get(1)?;
            f(parse_record(&file, &json)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// After the index commit: every letter's current version is indexed and
    /// the removed files' documents are gone.
    pub fn index_committed(&mut self) -> Result<(), ArchiveError> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE letters SET indexed = 1 WHERE indexed = 0", [])?;
        tx.execute("DELETE FROM pending_index_deletes", [])?;
        tx.commit()?;
        Ok(())
    }

    /// Files removed from the archive whose index documents may still exist.
    pub fn pending_index_deletes(&self) -> Result<Vec<String>, ArchiveError> {
        let mut st = self
            .conn
            .prepare("SELECT file FROM pending_index_deletes ORDER BY file")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Mark every letter as not indexed (the index is rebuilt from the archive).
    pub fn reindex_all(&mut self) -> Result<(), ArchiveError> {
        self.conn.execute("UPDATE letters SET indexed = 0", [])?;
        Ok(())
    }

    pub fn counts(&self) -> Result<Counts, ArchiveError> {
        let one = |sql: &str| -> Result<usize, ArchiveError> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as usize)
        };
        Ok(Counts {
            letters: one("SELECT COUNT(*) FROM letters")?,
            copies: one("SELECT COUNT(*) FROM letters WHERE copy_of IS NOT NULL")?,
            repaired: one("SELECT COUNT(*) FROM letters WHERE repaired_syllables > 0")?,
            tasks: one("SELECT COUNT(*) FROM tasks WHERE letter IS NOT NULL")?,
        })
    }

    /// Letters whose current version the index holds.
    pub fn indexed_count(&self) -> Result<usize, ArchiveError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM letters WHERE indexed = 1", [], |r| {
                r.get::<_, i64>(0)
            })? as usize)
    }

    /// Stamp a shard's archive with its K/N and a hash of what it holds (each
    /// file with its content hash and pipeline, failures, withdrawn tasks), so
    /// `congvan merge` redoes only shards that changed; without a shard the
    /// archive is no shard's (any stamp goes).
    pub fn stamp_shard(&mut self, shard: Option<Shard>) -> Result<(), ArchiveError> {
        let Some(shard) = shard else {
            self.conn.execute("DELETE FROM shard_identity", [])?;
            return Ok(());
        };
        let mut h = blake3::Hasher::new();
        for sql in [
            "SELECT file, content_hash || ' ' || pipeline FROM letters ORDER BY file",
            "SELECT file, reason FROM failures ORDER BY file",
            "SELECT id, COALESCE(withdrawn_at, '') FROM tasks WHERE letter IS NULL ORDER BY id",
        ] {
            let mut st = self.conn.prepare(sql)?;
            let mut rows = st.query([])?;
            while let Some(row) = rows.next()? {
                for i in 0..2 {
                    let v: String = row.get(i)?;
                    h.update(v.as_bytes());
                    h.update(&[0x1f]);
                }
                h.update(b"\n");
            }
            h.update(&[0x1e]);
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO shard_identity (only, k, n, stamp, at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![shard.k, shard.n, h.finalize().to_hex().to_string(), now_utc()],
        )?;
        Ok(())
    }

    /// Files the last ingests could not read, with the reasons.
    pub fn failures(&self) -> Result<Vec<(String, String)>, ArchiveError> {
        let mut st = self
            .conn
            .prepare("SELECT file, reason FROM failures ORDER BY file")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn parse_record(file: &str, json: &str) -> Result<LetterRecord, ArchiveError> {
    serde_json::from_str(json).map_err(|e| ArchiveError::Corrupt {
        path: PathBuf::from(DB_FILE),
        reason: format!("the record of {file} is not readable ({e})"),
    })
}

/// The id a task gets when another letter (not a copy) already lists its id.
fn set_apart_id(id: &str, file: &str) -> String {
    let text = format!("{id}\u{1f}{file}");
    blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
}

fn copy_files(conn: &Connection, primary: i64) -> Result<Vec<String>, ArchiveError> {
    let mut st =
        conn.prepare_cached("SELECT file FROM letters WHERE copy_of = ?1 ORDER BY file")?;
    let rows = st.query_map([primary], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One write transaction of ingest (or of an import).
pub struct Batch<'a> {
    tx: rusqlite::Transaction<'a>,
    now: String,
}

/// Why a letter leaves its place in a copy group.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detach {
    /// Its file changed and is stored again right after.
    Changed,
    /// Its file left the corpus: its tasks are withdrawn, not deleted.
    Removed,
}

impl Batch<'_> {
    /// Run a statement, prepared once per archive connection (ingest runs the
    /// same few statements for every letter).
    fn exec<P: rusqlite::Params>(&self, sql: &str, p: P) -> rusqlite::Result<usize> {
        self.tx.prepare_cached(sql)?.execute(p)
    }

    /// The one row of a cached statement.
    fn one<T, P, F>(&self, sql: &str, p: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.tx.prepare_cached(sql)?.query_row(p, f)
    }

    pub fn commit(self) -> Result<(), ArchiveError> {
        self.tx.commit()?;
        Ok(())
    }

    /// A file whose bytes did not change got a new modification time.
    pub fn touch(&mut self, file: &str, meta: FileMeta) -> Result<(), ArchiveError> {
        self.exec(
            "UPDATE letters SET size = ?2, mtime_ns = ?3 WHERE file = ?1",
            params![file, meta.size as i64, meta.mtime_ns],
        )?;
        Ok(())
    }

    /// Remember why a file could not be read (its previous version, if any, stays).
    pub fn failed(&mut self, file: &str, reason: &str) -> Result<(), ArchiveError> {
        self.exec(
            "INSERT OR REPLACE INTO failures (file, reason, at) VALUES (?1, ?2, ?3)",
            params![file, reason, self.now],
        )?;
        Ok(())
    }

    /// A file left the corpus: its letter leaves the archive, its index
    /// document is deleted at the next index commit, its tasks are withdrawn
    /// (unless another copy of the letter stays).
    pub fn remove(&mut self, file: &str) -> Result<bool, ArchiveError> {
        self.exec("DELETE FROM failures WHERE file = ?1", [file])?;
        let id: Option<i64> = self
            .one("SELECT id FROM letters WHERE file = ?1", [file], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(id) = id else {
            return Ok(false);
        };
        self.detach(id, Detach::Removed)?;
        self.exec("DELETE FROM relations WHERE letter = ?1", [id])?;
        self.exec("DELETE FROM letters WHERE id = ?1", [id])?;
        self.exec(
            "INSERT OR IGNORE INTO pending_index_deletes (file) VALUES (?1)",
            [file],
        )?;
        Ok(true)
    }

    /// Store a new or changed letter: its row, relations, copy link and tasks.
    pub fn put(&mut self, letter: &Incoming, pipeline: &str) -> Result<(), ArchiveError> {
        let rec = &letter.record;
        let ident = Identity::of(rec);
        self.exec("DELETE FROM failures WHERE file = ?1", [&rec.file])?;
        let existing: Option<i64> = self
            .one("SELECT id FROM letters WHERE file = ?1", [&rec.file], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(id) = existing {
            self.detach(id, Detach::Changed)?;
        }
        let json = serde_json::to_string(rec).map_err(|e| ArchiveError::Corrupt {
            path: PathBuf::from(&rec.file),
            reason: e.to_string(),
        })?;
        let sig = letter.signature.as_deref().map(dedupe::signature_bytes);
        let values = params![
            rec.file,
            letter.meta.size as i64,
            letter.meta.mtime_ns,
            rec.content_hash,
            pipeline,
            ident.kind,
            rec.document.number,
            ident.number_key,
            ident.issued,
            ident.recipients_key,
            rec.repair.syllables_changed as i64,
            sig,
            json,
            self.now,
        ];
        let id = match existing {
            Some(id) => {
                self.exec(
                    "UPDATE letters SET file = ?1, size = ?2, mtime_ns = ?3, content_hash = ?4, \
                     pipeline = ?5, kind = ?6, number = ?7, number_key = ?8, issued = ?9, \
                     recipients_key = ?10, repaired_syllables = ?11, signature = ?12, \
                     copy_of = NULL, indexed = 0, record = ?13, ingested_at = ?14 \
                     WHERE id = ?15",
                    rusqlite::params_from_iter(values.iter().copied().chain([&id as _])),
                )?;
                id
            }
            None => {
                self.exec(
                    "INSERT INTO letters (file, size, mtime_ns, content_hash, pipeline, kind, \
                     number, number_key, issued, recipients_key, repaired_syllables, signature, \
                     record, ingested_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                    values,
                )?;
                self.tx.last_insert_rowid()
            }
        };
        self.exec("DELETE FROM relations WHERE letter = ?1", [id])?;
        for n in &letter.replaces {
            self.exec(
                "INSERT INTO relations (letter, relation, number, number_key) \
                 VALUES (?1, 'replaces', ?2, ?3)",
                params![id, n, number_key(n)],
            )?;
        }
        match self.same_letter(id, &ident, letter)? {
            Some(primary) => {
                let (p_rank, p_file): (i64, String) = self.one(
                    "SELECT repaired_syllables, file FROM letters WHERE id = ?1",
                    [primary],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let mine = (rec.repair.syllables_changed as i64, rec.file.as_str());
                let listed = if mine < (p_rank, p_file.as_str()) {
                    // The new copy reads better: it becomes the listed one.
                    self.exec(
                        "UPDATE letters SET copy_of = ?1 WHERE copy_of = ?2 OR id = ?2",
                        params![id, primary],
                    )?;
                    id
                } else {
                    self.exec(
                        "UPDATE letters SET copy_of = ?1 WHERE id = ?2",
                        params![primary, id],
                    )?;
                    primary
                };
                let other = if listed == id { primary } else { id };
                self.exec(
                    "UPDATE tasks SET letter = ?1 WHERE letter = ?2",
                    params![listed, other],
                )?;
                self.relist(listed)?;
            }
            None => self.relist_alone(id, rec)?,
        }
        if let Some(sig) = &letter.signature {
            let mut st = self
                .tx
                .prepare_cached("INSERT OR IGNORE INTO bands (key, letter) VALUES (?1, ?2)")?;
            for key in dedupe::bands(sig) {
                st.execute(params![key, id])?;
            }
        }
        Ok(())
    }

    /// The listed copy of the letter `letter` is another copy of, if any: a
    /// candidate from the LSH bands whose signature, identity (against every
    /// member of its group) and exact bigram similarity all agree.
    fn same_letter(
        &self,
        id: i64,
        ident: &Identity,
        letter: &Incoming,
    ) -> Result<Option<i64>, ArchiveError> {
        let Some(sig) = &letter.signature else {
            return Ok(None);
        };
        let mut shared: HashMap<i64, usize> = HashMap::new();
        {
            let mut st = self
                .tx
                .prepare_cached("SELECT letter FROM bands WHERE key = ?1 LIMIT ?2")?;
            for key in dedupe::bands(sig) {
                let rows = st.query_map(params![key, BAND_POSTINGS as i64], |r| r.get(0))?;
                for other in rows {
                    let other: i64 = other?;
                    if other != id {
                        *shared.entry(other).or_default() += 1;
                    }
                }
            }
        }
        let mut candidates: Vec<(usize, i64)> = shared
            .into_iter()
            .filter(|(_, n)| *n >= dedupe::MIN_SHARED_BANDS)
            .map(|(other, n)| (n, other))
            .collect();
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.truncate(MAX_CANDIDATES);
        let mut tried: HashSet<i64> = HashSet::new();
        let mut best: Option<(f64, i64)> = None;
        for (_, other) in candidates {
            let (other_sig, copy_of): (Option<Vec<u8>>, Option<i64>) = self.one(
                "SELECT signature, copy_of FROM letters WHERE id = ?1",
                [other],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let Some(other_sig) = other_sig else { continue };
            if dedupe::estimate(sig, &dedupe::signature_from_bytes(&other_sig)) < CANDIDATE_ESTIMATE
            {
                continue;
            }
            let group = copy_of.unwrap_or(other);
            if !tried.insert(group) || !self.group_agrees(group, ident)? {
                continue;
            }
            let (file, json): (String, String) = self.one(
                "SELECT file, record FROM letters WHERE id = ?1",
                [other],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let text = parse_record(&file, &json)?.text;
            let exact = dedupe::jaccard(&letter.bigrams, &dedupe::bigrams(&text));
            if exact >= dedupe::SAME_LETTER_JACCARD && best.is_none_or(|(b, _)| exact > b) {
                best = Some((exact, group));
            }
        }
        Ok(best.map(|(_, g)| g))
    }

    /// Does `ident` agree with every letter of the group listed as `primary`?
    fn group_agrees(&self, primary: i64, ident: &Identity) -> Result<bool, ArchiveError> {
        Ok(self
            .group_identities(primary)?
            .iter()
            .all(|member| member.agrees(ident)))
    }

    /// The identities of the members of the group listed as `primary`.
    fn group_identities(&self, primary: i64) -> Result<Vec<Identity>, ArchiveError> {
        let mut st = self.tx.prepare_cached(
            "SELECT kind, number_key, issued, recipients_key FROM letters \
             WHERE id = ?1 OR copy_of = ?1",
        )?;
        let rows = st.query_map([primary], |r| {
            Ok(Identity {
                kind: r.get(0)?,
                number_key: r.get(1)?,
                issued: r.get(2)?,
                recipients_key: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Take letter `id` out of its copy group before it changes or leaves.
    /// When it was the listed copy, the best remaining copy lists the tasks.
    /// Its task rows stay attached (to it, or to the copy that lists them now)
    /// until [`Batch::relist`] replaces them, so statuses carry over.
    fn detach(&mut self, id: i64, why: Detach) -> Result<(), ArchiveError> {
        self.exec("DELETE FROM bands WHERE letter = ?1", [id])?;
        let copy_of: Option<i64> =
            self.one("SELECT copy_of FROM letters WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        if let Some(primary) = copy_of {
            self.exec("UPDATE letters SET copy_of = NULL WHERE id = ?1", [id])?;
            // The listed copy may have borrowed header fields from this one.
            return self.relist(primary);
        }
        let next: Option<i64> = self
            .one(
                "SELECT id FROM letters WHERE copy_of = ?1 \
                 ORDER BY repaired_syllables, file LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match (next, why) {
            (Some(next), _) => {
                self.exec(
                    "UPDATE letters SET copy_of = ?1 WHERE copy_of = ?2",
                    params![next, id],
                )?;
                self.exec("UPDATE letters SET copy_of = NULL WHERE id = ?1", [next])?;
                self.exec(
                    "UPDATE tasks SET letter = ?1 WHERE letter = ?2",
                    params![next, id],
                )?;
                self.relist(next)?;
            }
            (None, Detach::Removed) => {
                self.exec(
                    "UPDATE tasks SET letter = NULL, withdrawn_at = ?2 WHERE letter = ?1",
                    params![id, self.now],
                )?;
            }
            (None, Detach::Changed) => {}
        }
        Ok(())
    }

    /// [`Batch::relist`] for a letter that is no copy and has none, whose
    /// record is at hand (most letters): no record is read back.
    fn relist_alone(&mut self, id: i64, rec: &LetterRecord) -> Result<(), ArchiveError> {
        let has_rows: bool = self.one(
            "SELECT EXISTS (SELECT 1 FROM tasks WHERE letter = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if has_rows {
            return self.relist(id);
        }
        self.insert_tasks(id, rec)
    }

    /// Replace the task rows of the listed copy `primary` with its tasks now.
    /// Header fields a copy lacks are taken from the group's other copies, so
    /// the task ids (built on number and date) are the same whichever copy is
    /// listed. A status set on a task whose id changes anyway (its letter's
    /// number was only now learnt from a scan) moves to the task with the same
    /// action.
    fn relist(&mut self, primary: i64) -> Result<(), ArchiveError> {
        let mut carried: Vec<(String, String)> = Vec::new();
        {
            let mut st = self.tx.prepare_cached(
                "SELECT t.id, t.action_key FROM tasks t JOIN task_status s ON s.id = t.id \
                 WHERE t.letter = ?1",
            )?;
            for row in st.query_map([primary], |r| Ok((r.get(0)?, r.get(1)?)))? {
                carried.push(row?);
            }
        }
        self.exec("DELETE FROM tasks WHERE letter = ?1", [primary])?;
        let mut members: Vec<LetterRecord> = Vec::new();
        {
            let mut st = self.tx.prepare_cached(
                "SELECT file, record FROM letters WHERE id = ?1 OR copy_of = ?1 \
                 ORDER BY id != ?1, repaired_syllables, file",
            )?;
            let rows = st.query_map([primary], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (file, json) = row?;
                members.push(parse_record(&file, &json)?);
            }
        }
        let mut members = members.into_iter();
        let Some(mut rec) = members.next() else {
            return Ok(());
        };
        for other in members {
            let d = &mut rec.document;
            for (mine, theirs) in [
                (&mut d.kind, other.document.kind),
                (&mut d.number, other.document.number),
                (&mut d.issued, other.document.issued),
                (&mut d.issuer, other.document.issuer),
                (&mut d.subject, other.document.subject),
            ] {
                if mine.is_none() {
                    *mine = theirs;
                }
            }
        }
        tasks::assign_ids(&mut rec);
        self.insert_tasks(primary, &rec)?;
        for (old_id, action_key) in carried {
            self.exec(
                "INSERT OR IGNORE INTO task_status (id, status, note, by, at) \
                 SELECT t.id, s.status, s.note, s.by, s.at FROM tasks t, task_status s \
                 WHERE t.letter = ?1 AND t.action_key = ?2 AND s.id = ?3 AND t.id != ?3",
                params![primary, action_key, old_id],
            )?;
        }
        Ok(())
    }

    /// List the tasks of letter `id` (the listed copy of its letter).
    fn insert_tasks(&mut self, id: i64, rec: &LetterRecord) -> Result<(), ArchiveError> {
        let source = tasks::source_of(rec);
        let nkey = rec.document.number.as_deref().map(number_key);
        for (position, t) in rec.tasks.iter().enumerate() {
            let mut task = t.clone();
            // An id another letter already lists (two letters that share a
            // number and date but are not copies): keep both, apart.
            let owner: Option<Option<i64>> = self
                .one("SELECT letter FROM tasks WHERE id = ?1", [&task.id], |r| {
                    r.get(0)
                })
                .optional()?;
            if matches!(owner, Some(Some(other)) if other != id) {
                task.id = set_apart_id(&task.id, &rec.file);
            }
            let action_key = tasks::action_key(&task.action);
            let mut assignees_key = String::new();
            for a in task.assignees.iter().chain(&task.coordinators) {
                assignees_key.push_str(&crate::index::fold::fold(a));
                assignees_key.push('\n');
            }
            let listed = ListedTask {
                task,
                source: source.clone(),
                status: TaskStatus::Open,
                status_changed: None,
            };
            let json = serde_json::to_string(&listed).map_err(|e| ArchiveError::Corrupt {
                path: PathBuf::from(&rec.file),
                reason: e.to_string(),
            })?;
            self.exec(
                "INSERT OR REPLACE INTO tasks (id, letter, withdrawn_at, position, due, file, \
                 number_key, assignees_key, action_key, listed) \
                 VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    listed.task.id,
                    id,
                    position as i64,
                    listed.task.deadline.due,
                    rec.file,
                    nkey,
                    assignees_key,
                    action_key,
                    json
                ],
            )?;
        }
        Ok(())
    }
}
