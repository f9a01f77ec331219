//! Read-only queries for the clerk's desk (`congvan serve`): one letter by its
//! desk id, the listed letters of a số ký hiệu (document number), the task
//! board one page at a time with counts per assignee, the archive's state.
//!
//! The board filters and pages in SQL (LIMIT/OFFSET, COUNT, GROUP BY) so a
//! page costs the same with 100 tasks or 50,000. Task status is written only
//! by [`Archive::set_status`]; nothing here writes.

use super::{copy_files, parse_record, Archive, ArchiveError, StatusFilter, TaskFilter};
use crate::letter::{LetterRecord, ListedTask, StatusChange, TaskStatus};
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

/// The board's WHERE clause; parameters ?1 assignee, ?2 due before, ?3 letter,
/// ?4 its number key, ?5 overdue, ?6 today, ?7 status (or 'all').
fn where_sql() -> String {
    format!(
        "(?1 IS NULL OR instr(t.assignees_key, ?1) > 0) \
         AND (?2 IS NULL OR (t.due IS NOT NULL AND t.due <= ?2)) \
         AND (?3 IS NULL OR t.file = ?3 OR instr(t.file, ?3) > 0 OR t.number_key = ?4) \
         AND (?5 = 0 OR (t.due IS NOT NULL AND t.due < ?6 AND {STATUS_SQL} = 'open')) \
         AND (?7 = 'all' OR {STATUS_SQL} = ?7)"
    )
}

struct FilterParams {
    assignee: Option<String>,
    due_before: Option<String>,
    letter: Option<String>,
    letter_key: Option<String>,
    overdue: i64,
    today: String,
    status: &'static str,
}

impl FilterParams {
    fn of(filter: &TaskFilter) -> FilterParams {
        FilterParams {
            assignee: filter.assignee.as_deref().map(|a| {
                crate::index::fold::fold(a)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            due_before: filter.due_before.clone(),
            letter: filter.letter.clone(),
            letter_key: filter.letter.as_deref().map(number_key),
            overdue: filter.overdue as i64,
            today: filter.today.clone(),
            status: match filter.status {
                StatusFilter::Open => "open",
                StatusFilter::Done => "done",
                StatusFilter::Withdrawn => "withdrawn",
                StatusFilter::All => "all",
            },
        }
    }
}

fn status_from(
    status: &str,
    letter: Option<i64>,
    withdrawn_at: Option<String>,
    set: Option<(Option<String>, Option<String>, String)>,
) -> (TaskStatus, Option<StatusChange>) {
    let change = set.map(|(note, by, at)| StatusChange { at, by, note });
    match status {
        "done" => (TaskStatus::Done, change),
        _ if letter.is_none() => {
            let change = change.or(withdrawn_at.map(|at| StatusChange {
                at,
                by: None,
                note: Some("its letter left the corpus".into()),
            }));
            (TaskStatus::Withdrawn, change)
        }
        _ => (TaskStatus::Open, change),
    }
}

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
        let sql = format!(
            "SELECT t.listed, t.letter, t.withdrawn_at, {STATUS_SQL}, s.status IS NOT NULL, \
             s.note, s.by, s.at FROM tasks t LEFT JOIN task_status s ON s.id = t.id {tail}"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let mut rows = st.query(p)?;
        let mut out = Vec::new();
        let mut copies: HashMap<i64, Vec<String>> = HashMap::new();
        while let Some(r) = rows.next()? {
            if out.len() >= limit {
                break;
            }
            let json: String = r.get(0)?;
            let letter: Option<i64> = r.get(1)?;
            let withdrawn_at: Option<String> = r.get(2)?;
            let status: String = r.get(3)?;
            let set = if r.get::<_, bool>(4)? {
                Some((r.get(5)?, r.get(6)?, r.get(7)?))
            } else {
                None
            };
            let mut t: ListedTask =
                serde_json::from_str(&json).map_err(|e| ArchiveError::Corrupt {
                    path: self.root.join(super::DB_FILE),
                    reason: format!("a task row is not readable ({e})"),
                })?;
            (t.status, t.status_changed) = status_from(&status, letter, withdrawn_at, set);
            if let Some(l) = letter {
                if let std::collections::hash_map::Entry::Vacant(e) = copies.entry(l) {
                    e.insert(copy_files(&self.conn, l)?);
                }
                t.source.copies = copies.get(&l).cloned().unwrap_or_default();
            }
            out.push(t);
        }
        Ok(out)
    }

    /// One page of the task list under `filter` (the order of
    /// [`Archive::tasks`]: due date, undated last, file, item), and how many
    /// tasks the filter gives in all.
    pub fn task_page(
        &self,
        filter: &TaskFilter,
        offset: usize,
        limit: usize,
    ) -> Result<TaskPage, ArchiveError> {
        let f = FilterParams::of(filter);
        let wh = where_sql();
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM tasks t LEFT JOIN task_status s ON s.id = t.id WHERE {wh}"
            ))?
            .query_row(
                params![
                    f.assignee,
                    f.due_before,
                    f.letter,
                    f.letter_key,
                    f.overdue,
                    f.today,
                    f.status
                ],
                |r| r.get(0),
            )?;
        // Ids of the page first (the sort carries no JSON), then their rows.
        let tail = format!(
            "WHERE t.id IN (SELECT t.id FROM tasks t LEFT JOIN task_status s ON s.id = t.id \
             WHERE {wh} ORDER BY t.due IS NULL, t.due, t.file, t.position LIMIT ?8 OFFSET ?9) \
             ORDER BY t.due IS NULL, t.due, t.file, t.position"
        );
        let tasks = self.task_rows(
            &tail,
            params![
                f.assignee,
                f.due_before,
                f.letter,
                f.letter_key,
                f.overdue,
                f.today,
                f.status,
                limit.min(i64::MAX as usize) as i64,
                offset.min(i64::MAX as usize) as i64
            ],
            limit,
        )?;
        Ok(TaskPage {
            tasks,
            total: total as usize,
        })
    }

    /// Tasks per lead body (chủ trì) under `filter`, most first: (assignee as
    /// written, count). A task with two assignees counts for both.
    pub fn assignee_counts(
        &self,
        filter: &TaskFilter,
    ) -> Result<Vec<(String, usize)>, ArchiveError> {
        let f = FilterParams::of(filter);
        let wh = where_sql();
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT a.value, COUNT(*) FROM tasks t LEFT JOIN task_status s ON s.id = t.id, \
             json_each(t.listed, '$.assignees') a WHERE {wh} \
             GROUP BY a.value ORDER BY COUNT(*) DESC, a.value"
        ))?;
        let rows = st.query_map(
            params![
                f.assignee,
                f.due_before,
                f.letter,
                f.letter_key,
                f.overdue,
                f.today,
                f.status
            ],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
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
