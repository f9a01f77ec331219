//! The task list: every task of every letter, with the letter it comes from,
//! and the ids that let the office track a task across re-ingests.
//!
//! A task's id is derived from its letter's identity (số ký hiệu and issue
//! date; the file's content hash when the letter has no number) and its folded
//! action text, so it stays the same when the letter is ingested again, when
//! the rules change how items are numbered, and when a scan and a clean copy
//! of one letter are both in the corpus. Status lives in the archive
//! ([`crate::archive`]); this module holds the shapes and the terminal table.

use crate::index::fold::fold;
use crate::letter::{LetterRecord, ListedTask, TaskSource, TaskStatus};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The `tasks --json` shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskList {
    pub tasks: Vec<ListedTask>,
}

/// The part of a letter's identity a task id is built on: its folded number
/// and issue date; for a letter without a number, its date, issuer and
/// subject; failing those, its folded text. Never the file's bytes: the same
/// letter in another encoding or format keeps its ids.
pub fn letter_key(rec: &LetterRecord) -> String {
    let d = &rec.document;
    let f = |v: &Option<String>| v.as_deref().map(action_key).unwrap_or_default();
    match numbered(d) {
        Some(n) => format!("n:{}|{}", number_key(n), f(&d.issued)),
        None if d.issued.is_some() || d.subject.is_some() => {
            format!("d:{}|{}|{}", f(&d.issued), f(&d.issuer), f(&d.subject))
        }
        None => format!(
            "t:{}",
            blake3::hash(action_key(&rec.text).as_bytes()).to_hex()
        ),
    }
}

/// The letter's số ký hiệu when it has one with a number in it (a header
/// read as "Số: /UBND" names no letter).
pub fn numbered(d: &crate::letter::Document) -> Option<&str> {
    d.number
        .as_deref()
        .filter(|n| n.chars().any(|c| c.is_ascii_digit()))
}

/// A số ký hiệu folded for comparison: no diacritics (Đ = D), lower case, no
/// spaces ("246/UBND-KGVX" = "246 / ubnd-kgvx").
pub fn number_key(number: &str) -> String {
    fold(number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A task's action folded for comparison: no diacritics, lower case, single spaces.
pub fn action_key(action: &str) -> String {
    fold(action)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Give every task of a letter its stable id (see the module docs). Two tasks
/// of one letter with the same action text are told apart by their order.
pub fn assign_ids(rec: &mut LetterRecord) {
    let key = letter_key(rec);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in &mut rec.tasks {
        let action = action_key(&t.action);
        let n = seen.entry(action.clone()).or_default();
        let id_text = format!("{key}\u{1f}{action}\u{1f}{n}");
        *n += 1;
        t.id = blake3::hash(id_text.as_bytes()).to_hex()[..16].to_string();
    }
}

/// The source letter of a record's tasks, as the task list shows it.
pub fn source_of(rec: &LetterRecord) -> TaskSource {
    TaskSource {
        file: rec.file.clone(),
        number: rec.document.number.clone(),
        issued: rec.document.issued.clone(),
        subject: rec.document.subject.clone(),
        kind: rec.document.kind.clone(),
        issuer: rec.document.issuer.clone(),
        copies: Vec::new(),
    }
}

/// The tasks of one letter as listed tasks (all open): `extract` shows these.
pub fn of_letter(rec: &LetterRecord) -> TaskList {
    let source = source_of(rec);
    TaskList {
        tasks: rec
            .tasks
            .iter()
            .map(|t| ListedTask {
                task: t.clone(),
                source: source.clone(),
                status: TaskStatus::Open,
                status_changed: None,
            })
            .collect(),
    }
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

/// A readable table for a terminal: id, status, due, assignees, action, source letter.
pub fn render_table(list: &TaskList) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<16} {:<9} {:<12} {:<30} {:<56} {}\n",
        "ID", "STATUS", "DUE", "ASSIGNEES", "ACTION", "LETTER (ITEM)"
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
            "{:<16} {:<9} {:<12} {:<30} {:<56} {} ({})\n",
            t.task.id,
            t.status.name(),
            due,
            clip(&t.task.assignees.join("; "), 30),
            clip(&t.task.action, 56),
            letter,
            t.task.item
        ));
    }
    out.push_str(&format!("{} tasks\n", list.tasks.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letter::{Document, Task};

    fn record(
        number: Option<&str>,
        issued: &str,
        actions: &[&str],
        item_prefix: &str,
    ) -> LetterRecord {
        LetterRecord {
            file: "a.txt".into(),
            document: Document {
                number: number.map(str::to_string),
                issued: Some(issued.into()),
                ..Default::default()
            },
            references: vec![],
            tasks: actions
                .iter()
                .enumerate()
                .map(|(i, a)| Task {
                    item: format!("{item_prefix}{i}"),
                    action: a.to_string(),
                    ..Default::default()
                })
                .collect(),
            text: String::new(),
            notes: vec![],
            source: crate::read::Source::Docx {
                legacy_fonts: vec![],
            },
            repair: Default::default(),
            content_hash: "hash".into(),
            duplicate_of: None,
            copies: vec![],
        }
    }

    fn ids(r: &mut LetterRecord) -> Vec<String> {
        assign_ids(r);
        r.tasks.iter().map(|t| t.id.clone()).collect()
    }

    #[test]
    fn ids_survive_renumbering_and_copies_but_not_another_letter() {
        let acts = ["Báo cáo kết quả", "Báo cáo kết quả", "Rà soát hồ sơ"];
        let a = ids(&mut record(Some("12/UBND-VX"), "2025-06-03", &acts, "1."));
        // Items numbered differently (a rules change), the number as OCR gave it.
        let b = ids(&mut record(
            Some("12/UBND - VX"),
            "2025-06-03",
            &acts,
            "II.",
        ));
        assert_eq!(a, b);
        // Same action twice in one letter: two ids.
        assert_ne!(a[0], a[1]);
        // The same template next month: other ids.
        let c = ids(&mut record(Some("31/UBND-VX"), "2025-07-03", &acts, "1."));
        assert!(a.iter().all(|id| !c.contains(id)));
    }

    #[test]
    fn a_letter_without_number_is_keyed_by_date_and_subject_not_bytes() {
        let mut a = record(None, "2025-06-03", &["Báo cáo"], "1.");
        let mut b = a.clone();
        b.content_hash = "other bytes, same letter".into();
        assert_eq!(ids(&mut a), ids(&mut b));
        let mut c = a.clone();
        c.document.issued = Some("2025-07-03".into());
        assert_ne!(ids(&mut a), ids(&mut c));
        // Nothing in the header: the text decides.
        let mut d = a.clone();
        d.document.issued = None;
        d.text = "Kính gửi: Sở Nội vụ. Báo cáo số liệu.".into();
        let mut e = d.clone();
        e.text = "Kính gửi: Sở Y tế. Báo cáo số liệu.".into();
        assert_ne!(ids(&mut d), ids(&mut e));
    }
}
