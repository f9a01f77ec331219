//! The archive's SQL schema and its migrations.
//!
//! The schema version is SQLite's `user_version`. Each entry of [`MIGRATIONS`]
//! takes the database from version `i` to `i + 1` and runs in one transaction
//! with the version bump, so a crash mid-migration leaves the old version. A
//! new column or table is a new entry at the end; entries already released are
//! never edited.

use rusqlite::Connection;

/// Migrations, oldest first: `MIGRATIONS[i]` upgrades version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: letters, their copy links and LSH bands, relations, tasks and their
    // status, pending index deletions, failures.
    r#"
    CREATE TABLE letters (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL UNIQUE,          -- path as found under the corpus folder
        size INTEGER NOT NULL,              -- bytes, with mtime_ns: unchanged files are not read
        mtime_ns INTEGER NOT NULL,
        content_hash TEXT NOT NULL,         -- blake3 of the bytes
        pipeline TEXT NOT NULL,             -- fingerprint of the code, rules and models that made the record
        kind TEXT,
        number TEXT,
        number_key TEXT,                    -- number folded for comparison (tasks::number_key)
        issued TEXT,
        recipients_key TEXT NOT NULL,       -- folded words of the Kính gửi list
        repaired_syllables INTEGER NOT NULL,
        signature BLOB,                     -- MinHash of the text's word bigrams (dedupe)
        copy_of INTEGER,                    -- the listed copy of the same letter, when this is another copy
        indexed INTEGER NOT NULL DEFAULT 0, -- 1 once the tantivy index holds this version
        record TEXT NOT NULL,               -- the letter record (extract --json shape)
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX letters_copy_of ON letters(copy_of) WHERE copy_of IS NOT NULL;
    CREATE INDEX letters_number_key ON letters(number_key);
    CREATE INDEX letters_unindexed ON letters(id) WHERE indexed = 0;

    -- LSH bands of the signatures: candidates for "same letter" by lookup.
    CREATE TABLE bands (
        key INTEGER NOT NULL,
        letter INTEGER NOT NULL,
        PRIMARY KEY (key, letter)
    ) WITHOUT ROWID;
    CREATE INDEX bands_letter ON bands(letter);

    -- "Công văn này thay thế Công văn số …": a relation, not a copy.
    CREATE TABLE relations (
        letter INTEGER NOT NULL,
        relation TEXT NOT NULL,             -- 'replaces'
        number TEXT NOT NULL,
        number_key TEXT NOT NULL
    );
    CREATE INDEX relations_letter ON relations(letter);
    CREATE INDEX relations_number ON relations(number_key);

    -- The task list: one row per task of a listed letter, kept (withdrawn)
    -- when its letter leaves the corpus.
    CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        letter INTEGER,                     -- NULL once withdrawn
        withdrawn_at TEXT,
        position INTEGER NOT NULL,          -- order within the letter
        due TEXT,
        file TEXT NOT NULL,
        number_key TEXT,
        assignees_key TEXT NOT NULL,        -- folded assignees and coordinators, one per line
        action_key TEXT NOT NULL,           -- folded action: carries a status over when an id changes
        listed TEXT NOT NULL                -- the task and its source (ListedTask without status)
    );
    CREATE INDEX tasks_letter ON tasks(letter);
    CREATE INDEX tasks_order ON tasks(due, file, position);

    -- What the office decided about a task; survives re-ingest and rule changes.
    CREATE TABLE task_status (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('open', 'done')),
        note TEXT,
        by TEXT,
        at TEXT NOT NULL
    );
    CREATE TABLE task_log (
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        note TEXT,
        by TEXT,
        at TEXT NOT NULL
    );

    -- Files deleted from the archive whose index documents may still exist.
    CREATE TABLE pending_index_deletes (file TEXT PRIMARY KEY);

    -- Files the last ingest could not read, with the reason.
    CREATE TABLE failures (file TEXT PRIMARY KEY, reason TEXT NOT NULL, at TEXT NOT NULL);
    "#,
    // 2: shards and merging (`ingest --shard K/N`, `congvan merge`).
    r#"
    -- A shard's own archive: which shard it is and a stamp of its contents
    -- (one row; none in an archive made without --shard).
    CREATE TABLE shard_identity (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        k INTEGER NOT NULL,
        n INTEGER NOT NULL,
        stamp TEXT NOT NULL,
        at TEXT NOT NULL
    );
    -- A merged archive: the stamp of each shard it holds the part of.
    CREATE TABLE merged_shards (
        k INTEGER PRIMARY KEY,
        n INTEGER NOT NULL,
        stamp TEXT NOT NULL,
        source TEXT NOT NULL,               -- the shard's data folder, as given
        merged_at TEXT NOT NULL
    );
    -- A merged archive: the shard each letter, withdrawn task and failure came from.
    CREATE TABLE letter_shard (letter INTEGER PRIMARY KEY, shard INTEGER NOT NULL);
    CREATE INDEX letter_shard_shard ON letter_shard(shard);
    CREATE TABLE task_shard (id TEXT PRIMARY KEY, shard INTEGER NOT NULL);
    CREATE TABLE failure_shard (file TEXT PRIMARY KEY, shard INTEGER NOT NULL);
    -- A merged archive: the index segments (tantivy segment ids) each shard gave.
    CREATE TABLE merged_segments (segment TEXT PRIMARY KEY, k INTEGER NOT NULL);
    -- Merging carries a shard's status log over without doubling rows.
    CREATE INDEX task_log_id ON task_log(id, at);
    "#,
];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// What [`migrate`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migration {
    UpToDate,
    Migrated {
        from: i64,
        to: i64,
    },
    /// Made by a newer congvan: not touched.
    TooNew {
        found: i64,
    },
}

/// Bring the database to [`current_version`].
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<Migration> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let target = current_version();
    if found > target {
        return Ok(Migration::TooNew { found });
    }
    if found == target {
        return Ok(Migration::UpToDate);
    }
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v as i64 + 1)?;
        tx.commit()?;
    }
    Ok(Migration::Migrated {
        from: found,
        to: target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_a_new_database_once() {
        let mut c = Connection::open_in_memory().expect("db");
        assert_eq!(
            migrate(&mut c).expect("migrate"),
            Migration::Migrated {
                from: 0,
                to: current_version()
            }
        );
        assert_eq!(migrate(&mut c).expect("again"), Migration::UpToDate);
        c.pragma_update(None, "user_version", current_version() + 1)
            .expect("bump");
        assert!(matches!(
            migrate(&mut c).expect("newer"),
            Migration::TooNew { .. }
        ));
    }
}
