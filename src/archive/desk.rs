//! Read-only queries for the clerk's desk (`congvan serve`): one letter by its
//! desk id, the listed letters of a số ký hiệu (document number), the task
//! board one page at a time with counts per assignee, the archive's state.
//!
//! The board pages through a [`BoardIndex`] (the filter and order fields of
//! every task, read in one scan and kept while the archive is unchanged) and
//! reads only the rows of its page. Task status is written only by
//! [`Archive::set_status`]; nothing here writes.

use super::task_board::{assignee_needle, read_task_row, TASK_ROWS_SQL};
use super::{copy_files, parse_record, Archive, ArchiveError, TaskFilter};
use crate::letter::{LetterRecord, ListedTask, TaskStatus};
use crate::tasks::number_key;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// A letter's id on the desk (`/letters/<id>`): the first 16 hex digits of the
/// blake3 hash of its file as the archive names it ("corpus/001_….txt"). It is
/// the same on every ingest of the same corpus folder (and on a rebuilt data
/// folder), whatever the letter's text, and is no path: it never reaches the
/// file system.
pub fn letter_id(file: &str) -> String {
    blake3::hash(file.as_bytes()).to_hex()[..16].to_string()
}

/// Whether `id` has the shape of a [`letter_id`] (16 lowercase hex digits).
pub fn is_letter_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One letter as the desk shows it.
#[derive(Debug, Clone)]
pub struct DeskLetter {
    pub record: LetterRecord,
    /// The listed copy, when this file is another copy of a letter.
    pub copy_of: Option<String>,
    /// The other files of the same letter (the listed copy's copies, or the
    /// listed copy and its other copies).
    pub copies: Vec<String>,
    /// The letter's tasks (those of its listed copy), with their status.
    pub tasks: Vec<ListedTask>,
}

/// The task board's index: for every task, what the board filters and
/// orders by (a few hundred bytes a task), in board order (due date, undated
/// last, file, item). Read from the archive in one scan and kept by the desk
/// while [`Archive::data_version`] is unchanged, so a board page filters
/// 50,000 tasks in memory in milliseconds and reads only its own task rows
/// (filtering and paging in SQL scans the task table for every page on this
/// schema: about half a second at 50,000 tasks).
#[derive(Debug, Clone, Default)]
pub struct BoardIndex {
    rows: Vec<BoardRow>,
    version: i64,
}

#[derive(Debug, Clone)]
struct BoardRow {
    id: String,
    due: Option<String>,
    file: String,
    assignees_key: String,
    number_key: Option<String>,
    /// Lead bodies as written, for the counts.
    assignees: Vec<String>,
    status: TaskStatus,
}

/// A [`TaskFilter`] ready to test rows with: the tests of [`Archive::tasks`].
struct Matcher<'a> {
    filter: &'a TaskFilter,
    assignee: Option<String>,
    letter_key: Option<String>,
}

impl<'a> Matcher<'a> {
    fn new(filter: &'a TaskFilter) -> Matcher<'a> {
        Matcher {
            filter,
            assignee: filter.assignee.as_deref().map(assignee_needle),
            letter_key: filter.letter.as_deref().map(number_key),
        }
    }

    fn matches(&self, r: &BoardRow) -> bool {
        let f = self.filter;
        let status_ok = f.status.admits(r.status);
        let due = r.due.as_deref();
        status_ok
            && self
                .assignee
                .as_deref()
                .is_none_or(|a| r.assignees_key.contains(a))
            && f.due_before
                .as_deref()
                .is_none_or(|d| due.is_some_and(|due| due <= d))
            && f.letter.as_deref().is_none_or(|l| {
                r.file == l || r.file.contains(l) || r.number_key == self.letter_key
            })
            && (!f.overdue
                || (r.status == TaskStatus::Open && due.is_some_and(|due| due < f.today.as_str())))
    }
}

impl BoardIndex {
    /// The [`Archive::data_version`] it was read at.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The ids of one page under `filter`, and the number of tasks in all.
    pub fn page(&self, filter: &TaskFilter, offset: usize, limit: usize) -> (Vec<String>, usize) {
        let m = Matcher::new(filter);
        let mut ids = Vec::new();
        let mut total = 0;
        for r in self.rows.iter().filter(|r| m.matches(r)) {
            if total >= offset && ids.len() < limit {
                ids.push(r.id.clone());
            }
            total += 1;
        }
        (ids, total)
    }

    /// Tasks per lead body (chủ trì) under `filter`, most first: (assignee as
    /// written, count). A task with two assignees counts for both.
    pub fn assignee_counts(&self, filter: &TaskFilter) -> Vec<(String, usize)> {
        let m = Matcher::new(filter);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for r in self.rows.iter().filter(|r| m.matches(r)) {
            for a in &r.assignees {
                *counts.entry(a.as_str()).or_default() += 1;
            }
        }
        let mut out: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(a, n)| (a.to_string(), n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// A status set through the desk's own connection (which does not move
    /// [`Archive::data_version`]): the index follows without a new scan.
    pub fn set_status(&mut self, id: &str, status: TaskStatus) {
        if let Some(r) = self.rows.iter_mut().find(|r| r.id == id) {
            r.status = status;
        }
    }
}

/// One page of the task board.
#[derive(Debug, Clone, Default)]
pub struct TaskPage {
    pub tasks: Vec<ListedTask>,
    /// Tasks under the filter, all pages.
    pub total: usize,
}

/// The archive's state for the desk's ingest page.
#[derive(Debug, Clone, Default)]
pub struct DeskState {
    pub letters: usize,
    pub tasks: usize,
    /// When a letter was last written by an ingest (UTC), if ever.
    pub last_ingest: Option<String>,
    pub failures: Vec<(String, String)>,
}

/// The status of a task row, in SQL: a status a clerk set to done wins, a task
/// whose letter left the corpus is withdrawn, every other task is open (as
/// [`Archive::tasks`] decides).
const STATUS_SQL: &str = "CASE WHEN s.status = 'done' THEN 'done' \
     WHEN t.letter IS NULL THEN 'withdrawn' ELSE 'open' END";

impl Archive {
    /// The letter whose [`letter_id`] is `id`, if the archive holds it.
    pub fn letter_by_id(&self, id: &str) -> Result<Option<DeskLetter>, ArchiveError> {
        if !is_letter_id(id) {
            return Ok(None);
        }
        // Ids are hashes of file names: look through the names (a few ms at
        // 100,000 letters), then read the one record.
        let mut st = self.conn.prepare_cached("SELECT id, file FROM letters")?;
        let mut rows = st.query([])?;
        let mut found: Option<(i64, String)> = None;
        while let Some(r) = rows.next()? {
            let file: String = r.get(1)?;
            if letter_id(&file) == id {
                found = Some((r.get(0)?, file));
                break;
            }
        }
        drop(rows);
        drop(st);
        let Some((row, file)) = found else {
            return Ok(None);
        };
        let (json, copy_of): (String, Option<i64>) = self.conn.query_row(
            "SELECT record, copy_of FROM letters WHERE id = ?1",
            [row],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let record = parse_record(&file, &json)?;
        let primary = copy_of.unwrap_or(row);
        let copy_of_file: Option<String> = match copy_of {
            Some(p) => self
                .conn
                .query_row("SELECT file FROM letters WHERE id = ?1", [p], |r| r.get(0))
                .optional()?,
            None => None,
        };
        let mut copies: Vec<String> = copy_of_file.iter().cloned().collect();
        copies.extend(
            copy_files(&self.conn, primary)?
                .into_iter()
                .filter(|f| *f != file),
        );
        let tasks = self.task_rows(
            "WHERE t.letter = ?1 ORDER BY t.position",
            params![primary],
            usize::MAX,
        )?;
        Ok(Some(DeskLetter {
            record,
            copy_of: copy_of_file,
            copies,
            tasks,
        }))
    }

    /// The listed letters (not other copies) whose số ký hiệu is `number`
    /// (compared folded: "246/UBND-KGVX" = "246/ubnd-kgvx"), by file.
    pub fn files_of_number(&self, number: &str) -> Result<Vec<String>, ArchiveError> {
        let mut st = self.conn.prepare_cached(
            "SELECT file FROM letters WHERE number_key = ?1 AND copy_of IS NULL ORDER BY file",
        )?;
        let rows = st.query_map([number_key(number)], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Task rows with their status, in the order of `tail` (SQL after FROM …
    /// JOIN), at most `limit` of them.
    fn task_rows<P: rusqlite::Params>(
        &self,
        tail: &str,
        p: P,
        limit: usize,
    ) -> Result<Vec<ListedTask>, ArchiveError> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{TASK_ROWS_SQL} {tail}"))?;
        let mut rows = st.query(p)?;
        let mut out = Vec::new();
        let mut copies: HashMap<i64, Vec<String>> = HashMap::new();
        while let Some(r) = rows.next()? {
            if out.len() >= limit {
                break;
            }
            out.push(self.listed(read_task_row(r)?, &mut copies)?);
        }
        Ok(out)
    }

    /// The board index: every task's filter and order fields, in board
    /// order, read in one scan (see [`BoardIndex`]).
    pub fn board_index(&self) -> Result<BoardIndex, ArchiveError> {
        let version = self.data_version()?;
        let mut st = self.conn.prepare(&format!(
            "SELECT t.id, t.due, t.file, t.assignees_key, t.number_key, \
             json_extract(t.listed, '$.assignees'), {STATUS_SQL} \
             FROM tasks t LEFT JOIN task_status s ON s.id = t.id \
             ORDER BY t.due IS NULL, t.due, t.file, t.position"
        ))?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let assignees: Option<String> = r.get(5)?;
            let status: String = r.get(6)?;
            out.push(BoardRow {
                id: r.get(0)?,
                due: r.get(1)?,
                file: r.get(2)?,
                assignees_key: r.get(3)?,
                number_key: r.get(4)?,
                assignees: assignees
                    .and_then(|a| serde_json::from_str(&a).ok())
                    .unwrap_or_default(),
                status: match status.as_str() {
                    "done" => TaskStatus::Done,
                    "withdrawn" => TaskStatus::Withdrawn,
                    _ => TaskStatus::Open,
                },
            });
        }
        Ok(BoardIndex { rows: out, version })
    }

    /// Changes when another connection (an ingest, `congvan tasks done`)
    /// commits to the archive: a [`BoardIndex`] of another version is stale.
    pub fn data_version(&self) -> Result<i64, ArchiveError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The tasks with these ids, with status and copies, in the given order.
    pub fn tasks_by_id(&self, ids: &[String]) -> Result<Vec<ListedTask>, ArchiveError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.task_rows("WHERE t.id = ?1", [id], 1)?);
        }
        Ok(out)
    }

    /// One page of the task list under `filter` (the order of
    /// [`Archive::tasks`]) and how many tasks the filter gives in all.
    pub fn task_page(
        &self,
        index: &BoardIndex,
        filter: &TaskFilter,
        offset: usize,
        limit: usize,
    ) -> Result<TaskPage, ArchiveError> {
        let (ids, total) = index.page(filter, offset, limit);
        Ok(TaskPage {
            tasks: self.tasks_by_id(&ids)?,
            total,
        })
    }

    /// What the ingest page shows: letters, tasks, last ingest, failures.
    pub fn desk_state(&self) -> Result<DeskState, ArchiveError> {
        let counts = self.counts()?;
        let last_ingest: Option<String> = self.conn.query_row(
            "SELECT MAX(at) FROM (SELECT MAX(ingested_at) AS at FROM letters \
             UNION ALL SELECT MAX(at) FROM failures)",
            [],
            |r| r.get(0),
        )?;
        Ok(DeskState {
            letters: counts.letters,
            tasks: counts.tasks,
            last_ingest,
            failures: self.failures()?,
        })
    }
}
