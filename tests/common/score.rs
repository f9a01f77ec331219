//! The extraction scorer of the development set (`score_extract.py`'s rules),
//! so `cargo test` can hold the figures the README reports without Python or
//! ../shared: tasks matched by their gold `key` phrase inside the predicted
//! action (one-to-one, optional tasks neither required nor counted against),
//! bodies equal after folding or by word overlap (Jaccard ≥ 0.75), deadlines by
//! kind and due day (month for `month`/`quarter`, year for `year`, the cited
//! number for `reference`), references by folded number, header fields as the
//! scorer compares them (number exact, issued or an accepted date, the subject's
//! first 60 folded characters, kind folded, signer name folded).

#![allow(dead_code)] // each test crate that includes this file uses part of it

use serde_json::Value;
use std::collections::BTreeSet;

/// Lowercase, no diacritics, punctuation as spaces, "ủy ban nhân dân" = "ubnd".
pub fn fold(s: &str) -> String {
    let f = congvan::rules::fold::fold(s);
    let spaced: String = f
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("uy ban nhan dan", "ubnd")
}

pub fn body_match(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    if fa.is_empty() || fb.is_empty() {
        return false;
    }
    if fa == fb {
        return true;
    }
    let sa: BTreeSet<&str> = fa.split(' ').collect();
    let sb: BTreeSet<&str> = fb.split(' ').collect();
    let inter = sa.intersection(&sb).count() as f64;
    let union = sa.union(&sb).count() as f64;
    inter / union >= 0.75
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub fn bodies_equal(gold: &[String], pred: &[String]) -> bool {
    let mut pred: Vec<&String> = pred.iter().collect();
    for g in gold {
        match pred.iter().position(|p| body_match(g, p)) {
            Some(i) => {
                pred.remove(i);
            }
            None => return false,
        }
    }
    pred.is_empty()
}

fn day(s: &str) -> Option<i64> {
    let s = s.get(..10)?;
    let mut it = s.split('-');
    let (y, m, d): (i64, i64, i64) = (
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    );
    // Days from a fixed origin (civil calendar), enough for ±1 day checks.
    let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d)
}

fn deadline_ok(g: &Value, p: &Value) -> bool {
    let kind = g["kind"].as_str().unwrap_or("none");
    let pk = p["kind"].as_str().unwrap_or("none");
    if kind != pk {
        return false;
    }
    let gdue = g["due"].as_str().unwrap_or("");
    let pdue = p["due"].as_str().unwrap_or("");
    match kind {
        "date" => match (day(gdue), day(pdue)) {
            (Some(a), Some(b)) => (a - b).abs() <= 1,
            _ => false,
        },
        "month" | "quarter" => pdue.get(..7).is_some() && pdue.get(..7) == gdue.get(..7),
        "year" => pdue.get(..4).is_some() && pdue.get(..4) == gdue.get(..4),
        "reference" => fold(&p.to_string()).contains(&fold(g["ref"].as_str().unwrap_or(""))),
        _ => true,
    }
}

/// Counts over one letter or a set, added up like the scorer's TOTAL line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub task_tp: usize,
    pub task_pred: usize,
    pub task_gold: usize,
    pub matched: usize,
    pub assignee_ok: usize,
    pub deadline_ok: usize,
    pub ref_tp: usize,
    pub ref_pred: usize,
    pub ref_gold: usize,
    pub fields_ok: usize,
    pub fields: usize,
}

fn prf(tp: usize, npred: usize, ngold: usize) -> f64 {
    let p = if npred > 0 {
        tp as f64 / npred as f64
    } else if ngold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if ngold > 0 {
        tp as f64 / ngold as f64
    } else {
        1.0
    };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// The figures of a set: tasks F1, assignees, deadlines, references F1, fields.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    pub tasks_f1: f64,
    pub assignees: f64,
    pub deadlines: f64,
    pub refs_f1: f64,
    pub fields: f64,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.task_tp += o.task_tp;
        self.task_pred += o.task_pred;
        self.task_gold += o.task_gold;
        self.matched += o.matched;
        self.assignee_ok += o.assignee_ok;
        self.deadline_ok += o.deadline_ok;
        self.ref_tp += o.ref_tp;
        self.ref_pred += o.ref_pred;
        self.ref_gold += o.ref_gold;
        self.fields_ok += o.fields_ok;
        self.fields += o.fields;
    }

    pub fn figures(&self) -> Figures {
        let m = self.matched.max(1) as f64;
        Figures {
            tasks_f1: prf(self.task_tp, self.task_pred, self.task_gold),
            assignees: self.assignee_ok as f64 / m,
            deadlines: self.deadline_ok as f64 / m,
            refs_f1: prf(self.ref_tp, self.ref_pred, self.ref_gold),
            fields: self.fields_ok as f64 / self.fields.max(1) as f64,
        }
    }
}

/// Score one prediction (the `extract --json` shape) against its gold.
pub fn score(gold: &Value, pred: &Value) -> Counts {
    let mut c = Counts::default();
    let gtasks = gold["tasks"].as_array().cloned().unwrap_or_default();
    let ptasks = pred["tasks"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; ptasks.len()];
    let mut matched_optional = 0;
    for g in &gtasks {
        let key = fold(g["key"].as_str().unwrap_or(""));
        let optional = g["optional"].as_bool().unwrap_or(false);
        if !optional {
            c.task_gold += 1;
        }
        let hit = ptasks.iter().enumerate().find(|(i, p)| {
            !used[*i] && !key.is_empty() && fold(p["action"].as_str().unwrap_or("")).contains(&key)
        });
        if let Some((i, p)) = hit {
            used[i] = true;
            c.matched += 1;
            if optional {
                matched_optional += 1;
            } else {
                c.task_tp += 1;
            }
            if bodies_equal(&strings(&g["assignees"]), &strings(&p["assignees"])) {
                c.assignee_ok += 1;
            }
            if deadline_ok(&g["deadline"], &p["deadline"]) {
                c.deadline_ok += 1;
            }
        }
    }
    c.task_pred = ptasks.len() - matched_optional;

    let grefs: Vec<String> = gold["references"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["number"].as_str().map(fold))
                .collect()
        })
        .unwrap_or_default();
    let mut prefs: Vec<String> = Vec::new();
    for r in pred["references"].as_array().cloned().unwrap_or_default() {
        if let Some(n) = r["number"].as_str() {
            let f = fold(n);
            if !prefs.contains(&f) {
                prefs.push(f);
            }
        }
    }
    c.ref_tp = grefs.iter().filter(|g| prefs.contains(g)).count();
    c.ref_pred = prefs.len();
    c.ref_gold = grefs.len();

    let (gd, pd) = (&gold["document"], &pred["document"]);
    for k in ["number", "issued", "subject", "kind"] {
        let Some(gv) = gd.get(k) else { continue };
        let pv = pd[k].as_str().filter(|s| !s.is_empty());
        if gv.is_null() && pv.is_none() {
            continue;
        }
        c.fields += 1;
        let ok = match (gv.as_str(), pv) {
            (_, None) | (None, _) => false,
            (Some(g), Some(p)) => match k {
                "number" => g == p,
                "issued" => g == p || strings(&gd["issued_accept"]).iter().any(|a| a == p),
                "subject" => {
                    let fp = fold(p);
                    std::iter::once(g.to_string())
                        .chain(strings(&gd["subject_accept"]))
                        .any(|a| {
                            let fa = fold(&a);
                            let head: String = fa.chars().take(60).collect();
                            fp.starts_with(&head)
                        })
                }
                _ => fold(g) == fold(p),
            },
        };
        if ok {
            c.fields_ok += 1;
        }
    }
    if let Some(name) = gd["signer"]["name"].as_str() {
        c.fields += 1;
        if fold(pd["signer"]["name"].as_str().unwrap_or("")) == fold(name) {
            c.fields_ok += 1;
        }
    }
    c
}
