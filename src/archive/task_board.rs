//! The office's task list as the archive keeps it: filters, and the status a
//! clerk sets (done, reopened, with a note and who did it).

use super::{copy_files, Archive, ArchiveError};
use crate::letter::{ListedTask, StatusChange, TaskStatus};
use crate::tasks::{number_key, TaskList};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// Which tasks by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusFilter {
    #[default]
    Open,
    Done,
    Withdrawn,
    All,
}

impl std::str::FromStr for StatusFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "open" => Ok(StatusFilter::Open),
            "done" => Ok(StatusFilter::Done),
            "withdrawn" => Ok(StatusFilter::Withdrawn),
            "all" => Ok(StatusFilter::All),
            other => Err(format!(
                "status \"{other}\" is not one of open, done, withdrawn, all"
            )),
        }
    }
}

/// Filters of `congvan tasks`; all given ones must hold.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub status: StatusFilter,
    /// Words of an assignee or coordinator, accents optional ("xa ba to").
    pub assignee: Option<String>,
    /// Due on or before this date (YYYY-MM-DD).
    pub due_before: Option<String>,
    /// Open and due before `today`.
    pub overdue: bool,
    /// The letter: its file (or part of its path) or its số ký hiệu.
    pub letter: Option<String>,
    /// Today's date (YYYY-MM-DD) for `overdue`.
    pub today: String,
}

impl StatusFilter {
    /// Whether a task with status `s` passes.
    pub fn admits(self, s: TaskStatus) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Open => s == TaskStatus::Open,
            StatusFilter::Done => s == TaskStatus::Done,
            StatusFilter::Withdrawn => s == TaskStatus::Withdrawn,
        }
    }
}

/// An assignee filter as it is compared with `tasks.assignees_key`: folded,
/// single spaces.
pub(super) fn assignee_needle(assignee: &str) -> String {
    crate::index::fold::fold(assignee)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The columns [`read_task_row`] reads, a `WHERE`/`ORDER BY` to follow.
pub(super) const TASK_ROWS_SQL: &str =
    "SELECT t.listed, t.letter, t.withdrawn_at, s.status, s.note, s.by, s.at \
     FROM tasks t LEFT JOIN task_status s ON s.id = t.id";

/// One row of [`TASK_ROWS_SQL`] with its status decided.
pub(super) struct TaskRow {
    json: String,
    letter: Option<i64>,
    pub(super) status: TaskStatus,
    change: Option<StatusChange>,
}

pub(super) fn read_task_row(r: &rusqlite::Row) -> rusqlite::Result<TaskRow> {
    let json: String = r.get(0)?;
    let letter: Option<i64> = r.get(1)?;
    let withdrawn_at: Option<String> = r.get(2)?;
    let set: Option<String> = r.get(3)?;
    let set = match set {
        Some(s) => Some((s, r.get(4)?, r.get(5)?, r.get(6)?)),
        None => None,
    };
    let (status, change) = status_of(letter, withdrawn_at, set);
    Ok(TaskRow {
        json,
        letter,
        status,
        change,
    })
}

fn status_of(
    letter: Option<i64>,
    withdrawn_at: Option<String>,
    set: Option<(String, Option<String>, Option<String>, String)>,
) -> (TaskStatus, Option<StatusChange>) {
    match set {
        Some((s, note, by, at)) if s == "done" => {
            (TaskStatus::Done, Some(StatusChange { at, by, note }))
        }
        set => {
            let change = set.map(|(_, note, by, at)| StatusChange { at, by, note });
            if letter.is_none() {
                let change = change.or(withdrawn_at.map(|at| StatusChange {
                    at,
                    by: None,
                    note: Some("its letter left the corpus".into()),
                }));
                (TaskStatus::Withdrawn, change)
            } else {
                (TaskStatus::Open, change)
            }
        }
    }
}

impl Archive {
    fn parse_listed(&self, json: &str) -> Result<ListedTask, ArchiveError> {
        serde_json::from_str(json).map_err(|e| ArchiveError::Corrupt {
            path: self.root.join(super::DB_FILE),
            reason: format!("a task row is not readable ({e})"),
        })
    }

    /// The task of a row as listed: its status, and the copies of its letter
    /// (looked up once a letter in `copies`).
    pub(super) fn listed(
        &self,
        row: TaskRow,
        copies: &mut HashMap<i64, Vec<String>>,
    ) -> Result<ListedTask, ArchiveError> {
        let mut t = self.parse_listed(&row.json)?;
        t.status = row.status;
        t.status_changed = row.change;
        if let Some(l) = row.letter {
            if let std::collections::hash_map::Entry::Vacant(e) = copies.entry(l) {
                e.insert(copy_files(&self.conn, l)?);
            }
            t.source.copies = copies.get(&l).cloned().unwrap_or_default();
        }
        Ok(t)
    }

    /// The task list under `filter`, by due date (undated last), letter, item order.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<TaskList, ArchiveError> {
        let assignee = filter.assignee.as_deref().map(assignee_needle);
        let letter_key = filter.letter.as_deref().map(number_key);
        let mut st = self.conn.prepare(&format!(
            "{TASK_ROWS_SQL} \
             WHERE (?1 IS NULL OR instr(t.assignees_key, ?1) > 0) \
               AND (?2 IS NULL OR (t.due IS NOT NULL AND t.due <= ?2)) \
               AND (?3 IS NULL OR t.file = ?3 OR instr(t.file, ?3) > 0 OR t.number_key = ?4) \
               AND (?5 = 0 OR (t.due IS NOT NULL AND t.due < ?6)) \
             ORDER BY t.due IS NULL, t.due, t.file, t.position"
        ))?;
        let mut rows = st.query(params![
            assignee,
            filter.due_before,
            filter.letter,
            letter_key,
            filter.overdue as i64,
            filter.today
        ])?;
        let mut copies: HashMap<i64, Vec<String>> = HashMap::new();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let row = read_task_row(r)?;
            if !filter.status.admits(row.status)
                || (filter.overdue && row.status != TaskStatus::Open)
            {
                continue;
            }
            out.push(self.listed(row, &mut copies)?);
        }
        Ok(TaskList { tasks: out })
    }

    /// Mark a task done or open again. `id` may be the start of an id, as long
    /// as one task has it. Returns the task as listed now.
    pub fn set_status(
        &mut self,
        id: &str,
        done: bool,
        note: Option<&str>,
        by: Option<&str>,
    ) -> Result<ListedTask, ArchiveError> {
        let id = id.trim();
        let mut st = self
            .conn
            .prepare("SELECT id FROM tasks WHERE substr(id, 1, length(?1)) = ?1 LIMIT 50")?;
        let ids: Vec<String> = st
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        drop(st);
        let full = match ids.as_slice() {
            [] => return Err(ArchiveError::NoTask(id.to_string())),
            [one] => one.clone(),
            many => {
                if let Some(exact) = many.iter().find(|x| x.as_str() == id) {
                    exact.clone()
                } else {
                    return Err(ArchiveError::AmbiguousTask {
                        prefix: id.to_string(),
                        count: many.len(),
                    });
                }
            }
        };
        let now = super::now_utc();
        let status = if done { "done" } else { "open" };
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO task_status (id, status, note, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![full, status, note, by, now],
        )?;
        tx.execute(
            "INSERT INTO task_log (id, status, note, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![full, status, note, by, now],
        )?;
        tx.commit()?;
        let row: Option<(String, Option<i64>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT listed, letter, withdrawn_at FROM tasks WHERE id = ?1",
                [&full],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((json, letter, withdrawn_at)) = row else {
            return Err(ArchiveError::NoTask(full));
        };
        let mut t = self.parse_listed(&json)?;
        let (s, change) = status_of(
            letter,
            withdrawn_at,
            Some((
                status.to_string(),
                note.map(str::to_string),
                by.map(str::to_string),
                now,
            )),
        );
        t.status = s;
        t.status_changed = change;
        Ok(t)
    }
}
