//! Extract stage: header fields, cited documents and tasks, driven by
//! `rules/*.toml`. One concept per file: [`header`], [`references`] (with
//! [`numbers`] and [`dates`]), [`tasks`] (with [`assignees`] and [`deadlines`]).

pub mod assignees;
pub mod dates;
pub mod deadlines;
pub mod header;
pub mod numbers;
pub mod references;
pub mod tasks;

use crate::letter::Extraction;
use crate::parse::{Marker, ParsedLetter};
use crate::rules::fold::fold;
use crate::rules::RuleSet;

/// Extract what a clerk needs from one parsed letter.
pub fn extract(parsed: &ParsedLetter, rules: &RuleSet) -> Extraction {
    let document = header::document(parsed, rules);
    let full = parsed.lines.join("\n");
    let mut texts: Vec<&str> = vec![&full];
    texts.extend(parsed.notes.iter().map(|n| n.text.as_str()));
    let references = references::references(&texts, rules, document.number.as_deref());

    // The year of a date written without one ("trước ngày 15/3"): the
    // letter's own. Never a year found elsewhere in the text ("đến năm 2030"
    // is a period, not the letter's year); without an issue date the
    // deadline reader looks only before the date, in the same item.
    let year = document
        .issued
        .as_deref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok());
    // Who acts when an item names nobody: the bodies the preamble addresses,
    // else the letter's recipients.
    let preamble = parsed
        .body
        .iter()
        .take_while(|n| !n.marker.numbered())
        .filter(|n| n.marker == Marker::Para)
        .last();
    let mut default_lead = preamble
        .map(|p| tasks::addressed(&p.text, rules))
        .unwrap_or_default();
    if default_lead.is_empty() {
        default_lead = document.recipients.clone();
    }
    let report = document
        .kind
        .as_deref()
        .is_some_and(|k| rules.report_kinds.contains(&fold(k)));
    let mut letter = tasks::Letter {
        rules,
        deadlines: deadlines::Context {
            year,
            issued: document.issued.as_deref().and_then(dates::Ymd::parse_iso),
            references: &references,
        },
        default_lead,
        report,
        number: document.number.clone(),
        appendix: false,
    };
    let in_appendix = tasks::appendix_tasks(&parsed.appendices, &letter);
    letter.appendix = !in_appendix.is_empty();
    let mut tasks = tasks::tasks(&parsed.body, &letter);
    tasks.extend(in_appendix);
    Extraction {
        document,
        references,
        tasks,
    }
}

/// Run the examples written in the rule files; each failure described.
pub fn check_examples(rules: &RuleSet) -> Vec<String> {
    let mut fails = Vec::new();
    // kinds.toml
    for k in &rules.kinds {
        for e in &k.examples {
            let r = references::references(&[e], rules, None);
            if r.first().and_then(|r| r.kind.as_deref()) != Some(k.name.as_str()) {
                fails.push(format!(
                    "kinds.toml: {e:?} should cite a {}, got {r:?}",
                    k.name
                ));
            }
        }
    }
    // numbers.toml
    for g in &rules.grammars {
        for e in &g.examples {
            if g.re.find(e).is_none_or(|m| m.as_str() != e) {
                fails.push(format!(
                    "numbers.toml: grammar {} should match all of {e:?}",
                    g.name
                ));
            }
        }
        for e in &g.not_numbers {
            if g.re.is_match(e) {
                fails.push(format!(
                    "numbers.toml: grammar {} should not match {e:?}",
                    g.name
                ));
            }
        }
    }
    // abbreviations.toml
    for e in &rules.code_examples {
        let got = numbers::restore_d(&e.input, rules);
        if got != e.output {
            fails.push(format!(
                "abbreviations.toml: {:?} → {got:?}, expected {:?}",
                e.input, e.output
            ));
        }
    }
    // agencies.toml
    for a in &rules.agencies {
        for e in &a.examples {
            let got = assignees::canonical(e, rules);
            let ok = got == a.name || (fold(e).len() <= 4 && got == *e);
            if !ok {
                fails.push(format!(
                    "agencies.toml: {e:?} → {got:?}, expected {:?}",
                    a.name
                ));
            }
        }
    }
    for e in &rules.shapes.examples {
        if !assignees::starts_with_body(e, rules) {
            fails.push(format!("agencies.toml: {e:?} is not recognised as a body"));
        }
    }
    for (caps, want) in &rules.title_examples {
        let got = assignees::recase_title(caps, rules);
        if got != *want {
            fails.push(format!(
                "agencies.toml: title {caps:?} → {got:?}, expected {want:?}"
            ));
        }
    }
    // deadlines.toml
    fails.extend(deadlines::check_examples(rules));
    // tasks.toml
    for e in &rules.closing_examples.0 {
        if !rules.is_closing(&fold(e)) {
            fails.push(format!("tasks.toml: {e:?} should be closing boilerplate"));
        }
    }
    for e in &rules.closing_examples.1 {
        if rules.is_closing(&fold(e)) {
            fails.push(format!(
                "tasks.toml: {e:?} should not be closing boilerplate"
            ));
        }
    }
    for e in &rules.section_examples {
        let text = crate::parse::items::classify(e).2;
        if !tasks::is_non_directive(&text, rules) {
            fails.push(format!(
                "tasks.toml: {e:?} should head a section without tasks"
            ));
        }
    }
    for e in &rules.task_examples {
        let c = tasks::read_clause(&e.text, rules);
        let is_task = c.kind == tasks::ClauseKind::Task;
        if is_task != e.task || (e.task && (c.lead != e.lead || c.coordinators != e.coordinators)) {
            fails.push(format!(
                "tasks.toml: {:?}: expected task={} lead={:?} coordinators={:?}, got {:?} lead={:?} coordinators={:?}",
                e.text, e.task, e.lead, e.coordinators, c.kind, c.lead, c.coordinators
            ));
        }
    }
    fails
}
