//! The task list: every task of every letter, with the letter it comes from.
//!
//! Copies of one letter (see [`crate::dedupe`]) contribute their tasks once.
//! Ordered by due date (undated last), then by letter and item.

use crate::letter::{LetterRecord, ListedTask, TaskSource};
use serde::{Deserialize, Serialize};

/// The `tasks --json` shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskList {
    pub tasks: Vec<ListedTask>,
}

/// Build the task list from letter records.
pub fn task_list(records: &[LetterRecord]) -> TaskList {
    let mut tasks: Vec<ListedTask> = records
        .iter()
        .filter(|r| r.duplicate_of.is_none())
        .flat_map(|r| {
            let source = TaskSource {
                file: r.file.clone(),
                number: r.document.number.clone(),
                issued: r.document.issued.clone(),
                subject: r.document.subject.clone(),
                kind: r.document.kind.clone(),
                issuer: r.document.issuer.clone(),
            };
            r.tasks.iter().map(move |t| ListedTask {
                task: t.clone(),
                source: source.clone(),
            })
        })
        .collect();
    tasks.sort_by(|a, b| {
        let due = |t: &ListedTask| t.task.deadline.due.clone().unwrap_or_else(|| "9999".into());
        (due(a), &a.source.file).cmp(&(due(b), &b.source.file))
    });
    TaskList { tasks }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A readable table for a terminal: due, assignees, action, source letter.
pub fn render_table(list: &TaskList) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<12} {:<34} {:<60} {}\n",
        "DUE", "ASSIGNEES", "ACTION", "LETTER (ITEM)"
    ));
    for t in &list.tasks {
        let d = &t.task.deadline;
        let due = match (&d.due, &d.text) {
            (Some(due), _) => due.clone(),
            (None, Some(text)) => clip(text, 12),
            _ => "-".into(),
        };
        let letter = t.source.number.clone().unwrap_or_else(|| {
            std::path::Path::new(&t.source.file)
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default()
        });
        out.push_str(&format!(
            "{:<12} {:<34} {:<60} {} ({})\n",
            due,
            clip(&t.task.assignees.join("; "), 34),
            clip(&t.task.action, 60),
            letter,
            t.task.item
        ));
    }
    out.push_str(&format!("{} tasks\n", list.tasks.len()));
    out
}
