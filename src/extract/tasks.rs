//! Tasks: who must do what, by when, read from the body's item tree.
//!
//! Each item or paragraph is read as a clause ([`read_clause`]): an optional
//! assigning cue ("Giao", "Đề nghị"), the lead bodies (before "chủ trì", before
//! the first action verb, or before a colon), the coordinators (after "phối hợp
//! với"), and the action. A clause that only names bodies is a heading: its
//! bodies lead the items under it. Labelled lines under an item ("Cơ quan chủ
//! trì:", "Thời gian hoàn thành:") set lead, coordinators and deadline.
//! Context (the preamble, "Về …" topics, opinions, facts, the closing
//! boilerplate, sections such as "MỤC ĐÍCH, YÊU CẦU") gives no task.

use super::assignees::{split_bodies, starts_with_body};
use super::deadlines::{read_deadline, Context, Source};
use crate::letter::{Deadline, DeadlineKind, Task};
use crate::normalize::layout::{is_row_number_header, mostly_caps};
use crate::parse::{Marker, Node};
use crate::rules::fold::{fold, Folded};
use crate::rules::RuleSet;
use regex::Regex;
use std::sync::OnceLock;

/// What a clause is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// Somebody must do something.
    Task,
    /// Only names bodies (and maybe coordinators): they lead what follows.
    Heading,
    /// A topic heading: "Về hạ tầng kỹ thuật".
    Topic,
    /// Background, opinion or facts.
    Context,
    /// Closing boilerplate: "Yêu cầu các đơn vị … thực hiện./."
    Closing,
}

/// One clause read.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    pub lead: Vec<String>,
    pub coordinators: Vec<String>,
    /// The clause's text, a leading "Bodies:" removed.
    pub action: String,
    /// Opened with an assigning cue (Giao, Đề nghị, Yêu cầu…).
    pub assigned: bool,
}

/// The text starts with a proper name: its first item (up to a comma, ";" or
/// " và ") is one to four words, each capitalised or a number.
fn names_follow(text: &str) -> bool {
    let first = text
        .split([',', ';'])
        .next()
        .unwrap_or("")
        .split(" và ")
        .next()
        .unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// Where the name of a body that starts at folded offset `from` ends: at a
/// lead/coordinate/responsible cue, an action verb written in lowercase, an
/// inline deadline phrase, a colon or "(1)". Verbs inside listed agency names or capitalised (part of a
/// name: "Sở Giáo dục") do not end it. Returns (offset, what ended it).
fn body_end(f: &Folded, from: usize, rules: &RuleSet) -> Option<(usize, End)> {
    let text = &f.folded;
    let mut best: Option<(usize, End)> = None;
    let mut consider = |at: usize, end: End| {
        if at > from && best.is_none_or(|(b, _)| at < b) {
            best = Some((at, end));
        }
    };
    if let Some(i) = text[from..].find(':') {
        consider(from + i, End::Colon);
    }
    if let Some(i) = text[from..].find("(1)") {
        consider(from + i, End::Colon);
    }
    // A deadline phrase before the verb ("Công an tỉnh | chậm nhất ngày 30/6 báo
    // cáo …"): the phrases of deadlines.toml that may stand inline.
    for p in rules
        .deadlines
        .iter()
        .filter(|p| p.scope == crate::rules::Scope::Any)
    {
        if let Some(m) = p.re.find_at(text, from) {
            consider(m.start(), End::Verb);
        }
    }
    let c = &rules.cues;
    // "Thủ trưởng các đơn vị được giao nhiệm vụ phổ biến thông tin thống kê |
    // chịu trách nhiệm …": a relative clause after "được giao" names the body
    // up to a responsibility or lead cue a few words on.
    let relative = text[from..].find(" duoc giao ").and_then(|p| {
        let p = from + p;
        let cue = (c.responsible.find_in(f, p).into_iter())
            .chain(c.lead.find_in(f, p))
            .map(|(s, _)| s)
            .min()?;
        (text[p..cue].split_whitespace().count() <= 10).then_some((p, cue))
    });
    for (phrases, end) in [
        (&c.lead, End::Lead),
        (&c.coordinate, End::Coordinate),
        (&c.responsible, End::Responsible),
        (&c.action_verbs, End::Verb),
        (&c.predicate, End::Verb),
        (&c.context_verbs, End::Verb),
    ] {
        for (at, mend) in phrases.find_in(f, from) {
            if at <= from || relative.is_some_and(|(p, q)| at > p && at < q) {
                continue;
            }
            // Capitalised in the original: part of a name ("Sở Giáo dục") — unless
            // it follows a category word, where a glued sentence starts
            // ("UBND xã, phường, đặc khu Triển khai rà soát …").
            let orig_first = f.slice(at, at + 1).chars().next();
            if orig_first.is_some_and(char::is_uppercase) {
                let before = text[..at].trim_end();
                let after_category = rules
                    .shapes
                    .categories
                    .items
                    .iter()
                    .filter(|c| !rules.shapes.heads.items.contains(c))
                    .any(|c| before.ends_with(&format!(" {c}")));
                if !after_category {
                    continue;
                }
            }
            // A category noun in a list: "các cơ quan, tổ chức".
            let before = text[..at].trim_end();
            // Passive: "các đơn vị được kiểm tra", "Giám đốc các sở được giao
            // chủ trì" name bodies.
            let passive_cue = before.rsplit_once(' ').is_some_and(|(b, last)| {
                b.ends_with(" duoc") && rules.cues.assign.starts(last).is_some()
            });
            if before.ends_with(" duoc") || before.ends_with(" bi") || passive_cue {
                continue;
            }
            if rules.shapes.categories.starts(&text[at..]).is_some()
                && (before.ends_with(',')
                    || before.ends_with(" va")
                    || (rules.shapes.plural.items.iter())
                        .any(|p| before.ends_with(&format!(" {p}"))))
            {
                continue;
            }
            // A verb that is a noun before a level of government: "UBND cấp
            // tỉnh", "các cấp ủy" ("cấp" issues, but "cấp tỉnh" is a level).
            if end == End::Verb && level_follows(f.slice(mend, text.len()), rules) {
                continue;
            }
            // A function word after "cơ quan"/"đơn vị" right before the real
            // action names the body: "Cơ quan thanh tra | khẩn trương …".
            if end == End::Verb && names_a_function(f, at, mend, rules) {
                continue;
            }
            // A verb that closes an unpunctuated line ends a name, not starts
            // an action: "3. Cục Kinh tế - Quản lý đầu tư xây dựng" is a heading.
            if end == End::Verb && text[mend..].trim().is_empty() {
                continue;
            }
            consider(at, end);
            break;
        }
    }
    // "Ban Quản lý dự án đầu tư xây dựng tỉnh | đẩy nhanh …": a verb inside a
    // name that ends with its place ("tỉnh", "xã") just before the real action.
    if let Some((at, End::Verb)) = best {
        if let Some(m) = rules.shapes.through_place.find(&text[at..]) {
            let after = at + m.end();
            let inside_verbs = rules.cues.action_verbs.find_in(f, at + 1);
            let verb_between = inside_verbs.iter().any(|&(s, _)| s > at && s < after);
            let verb_next = inside_verbs.iter().any(|&(s, _)| s == after);
            if !verb_between && verb_next {
                return Some((after, End::Verb));
            }
        }
    }
    best
}

/// Is the verb at `at..mend` the function a body is named by ("cơ quan thanh
/// tra", "đơn vị tham mưu"): one of `[shapes] functions`, right after "cơ
/// quan" or "đơn vị", and followed at once (no comma) by another action or
/// cue? "các cơ quan kiểm tra, rà soát hồ sơ" keeps "kiểm tra" as the action.
fn names_a_function(f: &Folded, at: usize, mend: usize, rules: &RuleSet) -> bool {
    let text = &f.folded;
    let before = text[..at].trim_end();
    let after_unit = ["co quan", "don vi"]
        .iter()
        .any(|u| before == *u || before.ends_with(&format!(" {u}")));
    if !after_unit || rules.shapes.functions.starts(&text[at..]) != Some(mend - at) {
        return false;
    }
    let rest = &text[mend..];
    if !rest.starts_with(' ') {
        return false;
    }
    let next = mend + 1;
    let c = &rules.cues;
    [
        &c.action_verbs,
        &c.lead,
        &c.coordinate,
        &c.responsible,
        &c.predicate,
    ]
    .iter()
    .any(|p| p.find_in(f, next).first().is_some_and(|&(s, _)| s == next))
}

/// Does the text (just after a word) open with a level of government ("tỉnh",
/// "xã", "huyện", "trung ương", "cơ sở") that no proper name follows ("cấp
/// tỉnh", not "hướng dẫn tỉnh Gia Lai")?
fn level_follows(rest: &str, rules: &RuleSet) -> bool {
    let orig = rest.trim_start();
    let lower = orig.to_lowercase();
    let folded = fold(orig);
    rules
        .shapes
        .places_written
        .iter()
        .map(String::as_str)
        .chain(["trung ương", "cơ sở"])
        .any(|w| {
            let n = w.split(' ').count();
            // With its diacritics ("tình hình" is not "tỉnh"), or on the folded
            // form where the text has none (typed or OCR'd without marks).
            let span: String = lower
                .split_whitespace()
                .take(n)
                .collect::<Vec<_>>()
                .join(" ");
            let same = span == w || (span.is_ascii() && span == fold(w));
            let r = folded.get(fold(w).len()..).unwrap_or("x");
            let named = orig
                .split_whitespace()
                .nth(n)
                .and_then(|n| n.chars().next())
                .is_some_and(char::is_uppercase);
            same && (r.is_empty() || r.starts_with([' ', ',', ';', ':', '.', ')'])) && !named
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Colon,
    Lead,
    Coordinate,
    Responsible,
    Verb,
}

fn trim_sep(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == ';')
}

/// Read one clause. A directive inside it wins over its opening: "Bộ Nội vụ
/// đề nghị UBND các tỉnh triển khai …" (the writer asks the body after the
/// cue), "Về nội dung trên, Thủ tướng giao Bộ X nghiên cứu …", "Trên cơ sở …,
/// Sở A đề nghị UBND các xã rà soát …".
pub fn read_clause(text: &str, rules: &RuleSet) -> Clause {
    let c = read_plain(text, rules);
    if c.assigned || c.kind == ClauseKind::Closing || c.kind == ClauseKind::Heading {
        return c;
    }
    embedded_directive(text, &c, rules)
        .or_else(|| framed_subject(text, &c, rules))
        .unwrap_or(c)
}

/// The subject after a framing phrase: "Trên cơ sở đề nghị của các Bộ, cơ
/// quan liên quan, Bộ Tài chính khẩn trương rà soát …", "Để bảo đảm tiến độ,
/// Sở Xây dựng chủ trì …". Only for a task clause that names no lead: after
/// one of its commas (in the first sentence), a capitalised body then its
/// action.
fn framed_subject(text: &str, plain: &Clause, rules: &RuleSet) -> Option<Clause> {
    if plain.kind != ClauseKind::Task || !plain.lead.is_empty() {
        return None;
    }
    let t = text.trim();
    rules.cues.framing.starts_at(&Folded::new(t))?;
    // "Thực hiện …, UBND tỉnh ban hành Kế hoạch … như sau:" is the writer
    // issuing this very text, leading into it: not a task.
    let lead_in = t.trim_end_matches([' ', ';', '.']).ends_with(':');
    let sentence_end = t.find(['.', ';', ':']).unwrap_or(t.len());
    for rest in subjects_after_commas(t, sentence_end, rules) {
        // A capitalised body, or a plural one ("các sở, ban, ngành …").
        let plural = rules.shapes.plural.starts_at(&Folded::new(rest)).is_some();
        let capital = rest.chars().next().is_some_and(char::is_uppercase);
        if !(capital || plural) {
            continue;
        }
        let c = read_plain(rest, rules);
        if c.kind == ClauseKind::Task && !c.lead.is_empty() {
            let opening: Vec<String> = rest.split_whitespace().take(8).map(fold).collect();
            let issues_this = opening.windows(2).any(|w| w[0] == "ban" && w[1] == "hanh");
            return (!(lead_in && issues_this)).then_some(c);
        }
    }
    None
}

/// The directive after an assigning cue inside `text` (not at its start): the
/// cue in lowercase, followed by a body. When the clause names a lead, the cue
/// must be its predicate (at most three words after the lead's name: "Bộ Nội
/// vụ trân trọng đề nghị …"); a leadless opening may be any length.
fn embedded_directive(text: &str, plain: &Clause, rules: &RuleSet) -> Option<Clause> {
    let t = text.trim();
    let f = Folded::new(t);
    let lead_words: usize = plain
        .lead
        .iter()
        .map(|b| b.split_whitespace().count())
        .sum();
    for (ms, _) in rules.cues.assign.find_in(&f, 0) {
        if ms == 0
            || f.slice(ms, ms + 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            continue;
        }
        if !plain.lead.is_empty() && f.folded[..ms].split_whitespace().count() > lead_words + 3 {
            break;
        }
        let c = read_plain(f.slice(ms, f.folded.len()), rules);
        if c.kind == ClauseKind::Task && c.assigned && !c.lead.is_empty() {
            return Some(c);
        }
    }
    None
}

/// Does the text open a predicate: an action verb ("rà soát"), a predicate
/// opener ("căn cứ", "sớm") or a responsibility ("chịu trách nhiệm")?
fn opens_action(f: &Folded, rules: &RuleSet) -> bool {
    rules.cues.action_verbs.starts_at(f).is_some()
        || rules.cues.predicate.starts_at(f).is_some()
        || rules.cues.responsible.starts_at(f).is_some()
}

/// Does the clause state what was or is being done ("Trong thời gian qua,
/// nước ta đã tiến hành …", "các địa phương đang triển khai …")? A past or
/// progressive marker as a word in the original text.
/// Only the sentence's opening counts (its first twelve words, or up to its
/// first action verb), or the main clause after an opening phrase
/// ([`fact_after_opener`]): a task may mention past events further on.
fn states_fact(text: &str, rules: &RuleSet) -> bool {
    opens_with_fact(text, rules) || fact_after_opener(text, rules)
}

/// [`states_fact`]'s test of the sentence's opening alone.
fn opens_with_fact(text: &str, rules: &RuleSet) -> bool {
    let f = Folded::new(text);
    let verb_at = rules
        .cues
        .action_verbs
        .find_in(&f, 0)
        .first()
        .map_or(f.folded.len(), |&(s, _)| s);
    let head = f.slice(0, verb_at).to_lowercase();
    let words: Vec<&str> = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let opening = |n: usize| {
        let ws = &words[..words.len().min(n)];
        ws.iter().any(|w| *w == "đã" || *w == "đang")
            || ws
                .windows(2)
                .any(|p| p[1] == "qua" && (p[0] == "vừa" || p[0] == "gian"))
    };
    opening(if verb_at < f.folded.len() {
        words.len()
    } else {
        12
    }) || text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .any(|w| w == "đã" || w == "đang")
}

/// "Trên cơ sở ý kiến của Bộ Tài chính tại Công văn số …, Bộ Nội vụ đã hướng
/// dẫn …", "Tại thời điểm tổng hợp dự toán …, các địa phương đang triển khai
/// …": after an opening phrase, the main clause is a body that did or is
/// doing something (not "đã được", a relative clause of a body that is then
/// asked to act).
fn fact_after_opener(text: &str, rules: &RuleSet) -> bool {
    subjects_after_commas(text, SENTENCE_OPENING, rules).any(|rest| {
        let words: Vec<String> = rest
            .split_whitespace()
            .take(9)
            .map(|w| w.to_lowercase())
            .collect();
        words
            .windows(2)
            .skip(1)
            .any(|p| (p[0] == "đã" || p[0] == "đang") && p[1] != "được")
    })
}

/// What follows each ", " that starts before byte `within` of `text`, when it
/// opens with a body's name: the subject of a main clause after an opening
/// phrase ("Trên cơ sở …, Bộ Tài chính …"). Only the opening of each rest is
/// folded to look for the name, not the rest of the paragraph.
fn subjects_after_commas<'a>(
    text: &'a str,
    within: usize,
    rules: &'a RuleSet,
) -> impl Iterator<Item = &'a str> + 'a {
    text.match_indices(", ")
        .take_while(move |(i, _)| *i < within)
        .map(move |(i, _)| &text[i + 2..])
        .filter(move |rest| starts_with_body(opening(rest, SENTENCE_OPENING), rules))
}

fn read_plain(text: &str, rules: &RuleSet) -> Clause {
    let t = text.trim();
    let f = Folded::new(t);
    let mut clause = Clause {
        kind: ClauseKind::Task,
        lead: Vec::new(),
        coordinators: Vec::new(),
        action: t.to_string(),
        assigned: false,
    };
    if t.is_empty() {
        clause.kind = ClauseKind::Context;
        return clause;
    }
    if rules.is_closing(&f.folded) {
        clause.kind = ClauseKind::Closing;
        return clause;
    }
    // "(Quét mã QR để xem …)", "(Kèm theo Báo cáo số …)": a note in brackets.
    if t.starts_with('(') {
        clause.kind = ClauseKind::Context;
        return clause;
    }
    // "Nhiệm vụ của Tổ công tác", "Đối với UBND các xã": the body leads what follows.
    if let Some(n) = rules.cues.heading_of.starts_at(&f) {
        let rest = f.slice(n, f.folded.len()).trim();
        if starts_with_body(rest, rules) {
            let (bodies, action) = rest.split_once(':').unwrap_or((rest, ""));
            clause.lead = split_bodies(bodies, rules);
            let action = trim_sep(action);
            // "Đối với Sở Y tế: khẩn trương …": the task follows the colon.
            if action.is_empty() {
                clause.kind = ClauseKind::Heading;
            } else {
                clause.action = action.to_string();
            }
            return clause;
        }
    }
    if rules.cues.topic_starts.starts_at(&f).is_some() {
        // "Về giải phóng mặt bằng: Giao UBND các xã …": a directive after the
        // topic's colon is a task; a description there is not.
        if let Some((_, rest)) = t.split_once(':') {
            let inner = read_clause(rest, rules);
            // Under a body's heading ("1. UBND tỉnh A:" over "- Về thi công:
            // chỉ đạo …"), an action after the colon is that body's task.
            let action = opens_action(&Folded::new(trim_sep(rest)), rules);
            if inner.kind == ClauseKind::Task
                && (inner.assigned || !inner.lead.is_empty() || action)
            {
                return inner;
            }
        }
        clause.kind = ClauseKind::Topic;
        return clause;
    }
    if rules.cues.status_starts.starts_at(&f).is_some() {
        clause.kind = ClauseKind::Context;
        return clause;
    }
    let mut pos = 0;
    if let Some(n) = rules.cues.assign.starts_at(&f) {
        let rest = f.slice(n, f.folded.len()).trim_start();
        if starts_with_body(rest, rules) {
            clause.assigned = true;
            pos = n + (f.folded[n..].len() - f.folded[n..].trim_start().len());
        }
    }
    let orig_rest = f.slice(pos, f.folded.len());
    let mut coord_from: Option<usize> = None;
    let mut action_from = pos;
    if clause.assigned || starts_with_body(orig_rest, rules) {
        // "Các Sở: A, B …": the colon belongs to the list.
        // "các xã, phường: A, B", "các xã ven biển: A, B" too; not "các đơn
        // vị sau:", whose colon introduces the tasks.
        let search_from = rules
            .shapes
            .plural_list(orig_rest)
            .filter(|pl| {
                let h = pl.head;
                // One or two unit words: the colon always belongs to the
                // list ("Các Sở: Giáo dục và Đào tạo, Y tế"). Several units or
                // a qualifier: only when proper names follow ("các xã, phường:
                // Tân An, Hòa Lợi"), not the action ("các sở, ngành: Theo
                // chức năng, …").
                let simple = !h.contains(',') && h.split_whitespace().count() <= 2;
                super::assignees::plural_unit(h, rules).is_some()
                    && (simple || names_follow(&orig_rest[pl.names_from..]))
            })
            .map(|pl| {
                let chars = orig_rest[..pl.names_from].chars().count();
                pos + f.folded[pos..]
                    .char_indices()
                    .nth(chars)
                    .map_or(f.folded.len() - pos, |(b, _)| b)
            })
            .unwrap_or(pos + 1);
        match body_end(&f, search_from.max(pos + 1), rules) {
            None => {
                clause.lead = split_bodies(f.slice(pos, f.folded.len()), rules);
                clause.kind = ClauseKind::Heading;
                return clause;
            }
            Some((at, end)) => {
                clause.lead = split_bodies(f.slice(pos, at), rules);
                match end {
                    End::Colon => {
                        let after = at + 1;
                        clause.action = trim_sep(f.slice(after, f.folded.len())).to_string();
                        action_from = after;
                    }
                    End::Lead => {
                        let n = rules.cues.lead.starts(&f.folded[at..]).unwrap_or(0);
                        coord_from = Some(at + n);
                        action_from = at + n;
                    }
                    End::Coordinate => {
                        coord_from = Some(at);
                        action_from = at;
                    }
                    End::Responsible | End::Verb => action_from = at,
                }
            }
        }
    } else if rules.cues.lead.starts(&f.folded).is_some()
        || rules.cues.coordinate.starts(&f.folded).is_some()
    {
        let n = rules.cues.lead.starts(&f.folded).unwrap_or(0);
        coord_from = Some(n);
    }
    // Coordinators: "phối hợp với X, Y <action>".
    if let Some(cf) = coord_from {
        let rest = &f.folded[cf..];
        let skip = rest.len() - rest.trim_start_matches([',', ' ']).len();
        let at = cf + skip;
        if let Some(n) = rules.cues.coordinate.starts(&f.folded[at..]) {
            let body_at = at + n;
            let after = f.folded[body_at..].trim_start();
            // "Phối hợp, đôn đốc …", "phối hợp tuyên truyền": no body named.
            let start = body_at + (f.folded[body_at..].len() - after.len());
            let with = f.folded[at..body_at].split_whitespace().count() > 2;
            let names_body = starts_with_body(f.slice(start, f.folded.len()), rules);
            if !after.starts_with(',') && !after.is_empty() && (names_body || with) {
                let end = body_end(&f, start, rules).map_or(f.folded.len(), |(e, _)| e);
                clause.coordinators = split_bodies(f.slice(start, end), rules);
                action_from = end;
            } else {
                action_from = body_at;
            }
        } else {
            action_from = at;
        }
    }
    let rest = trim_sep(f.slice(action_from, f.folded.len()));
    if rest.is_empty() || rest == "(1)" {
        clause.kind = if clause.lead.is_empty() && clause.coordinators.is_empty() {
            ClauseKind::Context
        } else {
            ClauseKind::Heading
        };
        return clause;
    }
    let rf = Folded::new(rest);
    if rules.cues.context_verbs.starts_at(&rf).is_some() {
        clause.kind = ClauseKind::Context;
    }
    // Nobody named, no cue, no verb first, and a past or progressive marker:
    // a statement of facts ("Ngày 16/6, Quốc hội đã thông qua Luật …").
    // After an opening phrase, even one read as a predicate ("Trên cơ sở …,
    // Bộ Nội vụ đã hướng dẫn …"), a body that did something.
    if clause.lead.is_empty()
        && !clause.assigned
        && (fact_after_opener(rest, rules)
            || (!opens_action(&rf, rules) && opens_with_fact(rest, rules)))
    {
        clause.kind = ClauseKind::Context;
    }
    if clause.lead.is_empty() && clause.kind == ClauseKind::Task {
        if let Some((lead, coordinators)) = trailing_lead(t, rules) {
            clause.lead = lead;
            if clause.coordinators.is_empty() {
                clause.coordinators = coordinators;
            }
        }
    }
    clause
}

/// "Rà soát định mức chi (Sở Tài chính chủ trì, phối hợp với Sở Nội vụ;
/// hoàn thành …)": the lead named in a closing bracket, and its coordinators
/// ("…; các doanh nghiệp phối hợp)" too).
fn trailing_lead(text: &str, rules: &RuleSet) -> Option<(Vec<String>, Vec<String>)> {
    let open = text.rfind('(')?;
    let inner = &text[open + 1..];
    let inner = inner.split(')').next().unwrap_or(inner);
    let mut parts = inner.split(';').map(str::trim);
    let first = parts.next()?;
    if !starts_with_body(first, rules) {
        return None;
    }
    let f = Folded::new(first);
    let (at, _) = rules
        .cues
        .lead
        .find_in(&f, 0)
        .into_iter()
        .find(|&(s, _)| s > 0)?;
    let lead = split_bodies(f.slice(0, at), rules);
    if lead.is_empty() {
        return None;
    }
    let mut coordinators = read_clause(first, rules).coordinators;
    // "…; Trường Cao đẳng A phối hợp": a body, then the cue closing the part.
    for part in parts.chain(first.split(',').skip(1).map(str::trim)) {
        let fp = Folded::new(part);
        let Some(&(s, e)) = rules.cues.coordinate.find_in(&fp, 0).last() else {
            continue;
        };
        if s > 0 && e == fp.folded.len() && starts_with_body(part, rules) {
            coordinators.extend(split_bodies(fp.slice(0, s), rules));
        }
    }
    Some((lead, coordinators))
}

/// Split a paragraph into clauses at sentences that open with an assigning
/// cue: "Giao Sở A …. Đề nghị Sở B …" are two tasks.
pub fn split_sentences(text: &str, rules: &RuleSet) -> Vec<String> {
    // Every test below is about how the next sentence opens, so it reads a
    // bounded head of the rest: folding the whole rest at every full stop made
    // a long paragraph (an OCR'd table) quadratic.
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        if c != '.' || i + 1 >= text.len() {
            continue;
        }
        let rest = text[i + 1..].trim_start();
        let upper = rest.chars().next().is_some_and(char::is_uppercase);
        // "… bên trong. Các tỉnh ủy, thành ủy phối hợp Bộ Y tế khẩn trương
        // sắp xếp …": a sentence whose subject is a body and whose predicate
        // is an action is that body's task.
        let head = opening(rest, SENTENCE_OPENING);
        if upper && k + 1 < bytes.len() && starts_with_body(head, rules) {
            // Whether that sentence is a task shows in its first words: a
            // window, not the whole rest of the paragraph.
            let window = opening(rest, SENTENCE_WINDOW);
            let c = read_plain(window, rules);
            if c.kind == ClauseKind::Task && !c.lead.is_empty() && !states_fact(window, rules) {
                out.push(text[start..=i].trim().to_string());
                start = text.len() - rest.len();
                continue;
            }
        }
        let cue = if upper && k + 1 < bytes.len() {
            let folded = fold(head);
            rules
                .cues
                .assign
                .starts(&folded)
                .map(|n| folded[..n].chars().count())
        } else {
            None
        };
        if let Some(chars) = cue {
            let rest_after_cue = head
                .char_indices()
                .nth(chars)
                .map_or("", |(b, _)| &head[b..]);
            if starts_with_body(rest_after_cue.trim_start(), rules) {
                out.push(text[start..=i].trim().to_string());
                start = text.len() - rest.len();
            }
        }
    }
    out.push(text[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// Bytes of a sentence's opening that [`split_sentences`] looks at: longer
/// than any body name or cue phrase in rules/.
const SENTENCE_OPENING: usize = 320;
/// Bytes of a body-led sentence read to tell a task from a statement of fact:
/// a few sentences' worth.
const SENTENCE_WINDOW: usize = 2000;

/// The opening of `text`: at least `min` bytes when it has them, cut at the
/// next whitespace so no word is split (a cut word would look like a shorter
/// one to the phrase matchers' word boundaries).
fn opening(text: &str, min: usize) -> &str {
    if text.len() <= min {
        return text;
    }
    let mut at = min;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    match text[at..].find(char::is_whitespace) {
        Some(ws) => &text[..at + ws],
        None => text,
    }
}

/// One task of a clause that holds several (see [`clause_tasks`]).
struct ClauseTask<'a> {
    action: &'a str,
    deadline: Option<Deadline>,
    /// Coordinators named by this part itself ("…; phối hợp với Đài Truyền
    /// hình Việt Nam xây dựng …"); None: the clause's.
    coordinators: Option<Vec<String>>,
}

/// The tasks of one clause. A clause is one task unless it holds two actions
/// a clerk tracks apart:
/// - two different due dates: "Huy động lực lượng … hoàn thành trước ngày
///   31/12/2025; xây dựng lại nhà … chậm nhất trước ngày 31/01/2026" (a
///   recurring report is not a due date of its own, and an action without a
///   date stays with the dated one before it: "…; báo cáo kết quả trước ngày
///   10" keeps the item whole when only one date is set);
/// - a second action with its own coordinators: "…; chủ trì, phối hợp với
///   Văn phòng Chính phủ nghiên cứu, đề xuất …", "…; đồng thời phối hợp với
///   Mặt trận Tổ quốc Việt Nam kêu gọi …" (it takes the clause's deadline
///   when it states none).
fn clause_tasks<'a>(action: &'a str, rules: &RuleSet, dates: &Context) -> Vec<ClauseTask<'a>> {
    let whole = read_deadline(action, Source::Inline, rules, dates);
    let parts = action_parts(action, rules);
    // Each part's own deadline, read once.
    let part_deadlines: Vec<Option<Deadline>> = parts
        .iter()
        .map(|p| read_deadline(p, Source::Inline, rules, dates))
        .collect();
    let recurring: Vec<bool> = (part_deadlines.iter())
        .map(|d| {
            d.as_ref()
                .is_some_and(|d| d.kind == DeadlineKind::Recurring)
        })
        .collect();
    // A reporting rhythm ("báo cáo … trước ngày 10 hằng tháng") belongs to
    // the task it follows: only due dates make a part a task of its own.
    let dated: Vec<Option<Deadline>> = (part_deadlines.iter().zip(&recurring))
        .map(|(d, &r)| d.clone().filter(|d| d.due.is_some() && !r))
        .collect();
    let mut due: Vec<&Deadline> = dated.iter().flatten().collect();
    due.dedup_by(|a, b| a.due == b.due && a.kind == b.kind);
    let by_date = due.len() >= 2;
    let first_dated = dated.iter().position(Option::is_some);
    // "…; [đồng thời] [chủ trì,] phối hợp với X <action>": the part names
    // its own coordinators.
    let own_coordinators = |p: &str| {
        let f = Folded::new(p);
        let skip = |t: &str, n: usize| t[n..].trim_start_matches([',', ' ']).len();
        let mut rest = f.folded.as_str();
        if let Some(n) = rules.cues.predicate.starts(rest) {
            rest = &rest[rest.len() - skip(rest, n)..];
        }
        if let Some(n) = rules.cues.lead.starts(rest) {
            rest = &rest[rest.len() - skip(rest, n)..];
        }
        rules.cues.coordinate.starts(rest)?;
        let from = f.folded.len() - rest.len();
        let c = read_plain(f.slice(from, f.folded.len()), rules);
        (!c.coordinators.is_empty()).then_some(c.coordinators)
    };
    // Where each task starts: the first part, then every part that opens a
    // task of its own.
    let own_coords: Vec<Option<Vec<String>>> = parts.iter().map(|p| own_coordinators(p)).collect();
    // One due date, set by a later part only ("hoàn thiện hồ sơ …; tập trung
    // thi công …, hoàn thành trước ngày 30/11"): the undated actions before
    // it are a task without that date.
    // A report in a sentence of its own ("… . Báo cáo kế hoạch … trước ngày
    // 03/12") is a task of its own all the same.
    let new_sentence = |k: usize| {
        action[..offset_in(action, parts[k])]
            .trim_end()
            .ends_with(['.', '!'])
    };
    let single_split = !by_date
        && first_dated.is_some_and(|f| {
            f > 0 && (new_sentence(f) || !reports_back(parts[f], dated[f].as_ref(), rules))
        });
    // A recurring report in a sentence of its own after undated work
    // ("… . Hằng năm báo cáo kết quả …"): its own task with its rhythm.
    let recurring_split = first_dated.is_none()
        && !recurring[0]
        && (1..parts.len()).any(|k| recurring[k] && new_sentence(k));
    let starts: Vec<usize> = (0..parts.len())
        .filter(|&k| {
            k == 0
                || (by_date && dated[k].is_some() && first_dated.is_some_and(|f| f < k))
                || (single_split && first_dated == Some(k))
                || (recurring_split && recurring[k] && new_sentence(k))
                || own_coords[k].is_some()
        })
        .collect();
    if starts.len() < 2 {
        // "… hoàn thành trước ngày 30/6/2026; báo cáo kết quả … trước ngày 10
        // của tháng đầu quý sau": the work's own due date is the task's; the
        // reporting rhythm after it does not replace it.
        let deadline = match (whole, due.first()) {
            (Some(w), Some(d)) if w.kind == DeadlineKind::Recurring => Some((*d).clone()),
            (w, _) => w,
        };
        return vec![ClauseTask {
            action,
            deadline,
            coordinators: None,
        }];
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, &k)| {
            let begin = if n == 0 {
                0
            } else {
                offset_in(action, parts[k])
            };
            let end = starts
                .get(n + 1)
                .map_or(action.len(), |&next| offset_in(action, parts[next]));
            let text = action[begin..end].trim();
            let own = read_deadline(text, Source::Inline, rules, dates);
            ClauseTask {
                action: text,
                deadline: if by_date || single_split || recurring_split {
                    own
                } else {
                    own.or_else(|| whole.clone())
                },
                coordinators: if n == 0 { None } else { own_coords[k].clone() },
            }
        })
        .collect()
}

/// Does this part of a clause report the work back by its date: it opens
/// with a report cue ("tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 10/12"),
/// or its date closes a report phrase ("…, báo cáo Thủ tướng Chính phủ trước
/// ngày 13/12")? Then the date is the whole clause's.
fn reports_back(part: &str, deadline: Option<&Deadline>, rules: &RuleSet) -> bool {
    let opens = |t: &str| {
        let t = t.trim_start_matches([';', ',', '.', ' ']);
        rules.cues.report_back.starts(&fold(t)).is_some()
    };
    if opens(part) {
        return true;
    }
    let Some(at) = deadline
        .and_then(|d| d.text.as_deref())
        .and_then(|t| part.find(t))
    else {
        return false;
    };
    let before = &part[..at];
    let segment = before
        .rfind([',', ';'])
        .map_or(before, |i| &before[i + 1..]);
    opens(segment)
}

/// Byte offset of `part` (a subslice) inside `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Where a second action starts inside an action: after "; " or after a full
/// stop, a part that opens with an action verb (or a predicate opener such as
/// "đồng thời"). Nothing is split inside brackets or quotes, after a colon
/// (what follows a colon lists the contents of one task), or where a part
/// would be only a deadline ("…; hoàn thành trước ngày 30/6").
fn action_parts<'a>(action: &'a str, rules: &RuleSet) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in action.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
            ':' => break,
            ';' | '.' if depth <= 0 && !quoted => {
                let rest = &action[i + 1..];
                if !rest.starts_with(' ') {
                    continue;
                }
                let rest = rest.trim_start();
                if c == '.' && !rest.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                if second_action(rest, rules) && long_enough(&action[start..i], rules) {
                    parts.push(action[start..=i].trim());
                    start = action.len() - rest.len();
                }
            }
            _ => {}
        }
    }
    parts.push(action[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

/// Does `rest` open a second action worth a task: an action verb or a
/// predicate opener, followed by more than a deadline?
fn second_action(rest: &str, rules: &RuleSet) -> bool {
    let head = opening(rest, SENTENCE_OPENING);
    let end = head.find([';', '.']).map_or(head.len(), |e| e);
    let head = without_frequency(&head[..end], rules);
    let f = Folded::new(head);
    if !opens_action(&f, rules) || starts_with_body(head, rules) {
        return false;
    }
    long_enough(head, rules)
}

/// The text after a frequency that opens it ("Hằng năm, báo cáo …" →
/// "báo cáo …"): a recurring action still opens with its verb.
fn without_frequency<'a>(text: &'a str, rules: &RuleSet) -> &'a str {
    let f = Folded::new(text);
    let lower = f.folded.as_str();
    for (w, _) in &rules.frequencies {
        if lower.starts_with(w.as_str()) && lower[w.len()..].starts_with([' ', ',']) {
            let at = w.len();
            return f.slice(at, f.folded.len()).trim_start_matches([' ', ',']);
        }
    }
    text
}

/// Five words or more once its deadline phrase is left out.
fn long_enough(part: &str, rules: &RuleSet) -> bool {
    let f = fold(part);
    let cut = rules
        .deadlines
        .iter()
        .filter_map(|p| p.re.find(&f).map(|m| m.start()))
        .min()
        .unwrap_or(f.len());
    f[..cut].split_whitespace().count() >= 5
}

/// A labelled line "Thời gian hoàn thành: …": which label and the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Deadline,
    Lead,
    Coordinators,
    Other,
}

/// Is this a labelled line? Returns the label and its value.
pub fn label_of(text: &str, rules: &RuleSet) -> Option<(Label, String)> {
    labels_of(text, rules).into_iter().next()
}

/// Every label of a labelled line: "Đơn vị chủ trì: X; đơn vị phối hợp: Y"
/// holds two.
pub fn labels_of(text: &str, rules: &RuleSet) -> Vec<(Label, String)> {
    let mut out: Vec<(Label, String)> = Vec::new();
    for (i, part) in text.split(';').enumerate() {
        match one_label(part, rules) {
            Some(l) => out.push(l),
            None if i == 0 => return Vec::new(),
            None => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str("; ");
                    last.1.push_str(part.trim());
                }
            }
        }
    }
    out
}

fn one_label(text: &str, rules: &RuleSet) -> Option<(Label, String)> {
    let f = Folded::new(text.trim());
    let (label, n) = [
        (Label::Deadline, &rules.labels.deadline),
        (Label::Lead, &rules.labels.lead),
        (Label::Coordinators, &rules.labels.coordinators),
        (Label::Other, &rules.labels.other),
    ]
    .into_iter()
    .find_map(|(l, p)| p.starts(&f.folded).map(|n| (l, n)))?;
    let rest = f.folded[n..].trim_start();
    let rest = match rest.strip_prefix(':') {
        Some(r) => r,
        // "Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025." closing an
        // item without a colon: a deadline label when all that follows it is
        // a deadline phrase.
        None if label == Label::Deadline && is_deadline_phrase(rest, rules) => rest,
        None => return None,
    };
    let start = f.folded.len() - rest.len();
    Some((label, f.slice(start, f.folded.len()).trim().to_string()))
}

/// The deadline of an item's closing sentence when that sentence is a
/// deadline line of its own ("… trên Hệ thống 751. Thời hạn hoàn thành: trước
/// ngày 30/11/2025."): it dates the whole item, not only the sentence before.
fn closing_deadline(text: &str, letter: &Letter) -> Option<Deadline> {
    let text = text.trim_end();
    let at = text.rfind(". ")?;
    let (label, value) = label_of(&text[at + 2..], letter.rules)?;
    if label != Label::Deadline {
        return None;
    }
    read_deadline(&value, Source::Label, letter.rules, &letter.deadlines)
}

/// "… cụ thể: (i) Đánh giá …; (ii) Rà soát …; (iv) Đề xuất …; báo cáo Thủ
/// tướng Chính phủ trong tháng 11 năm 2025": a deadline stated once, in the
/// last of a list of "(i)", "(1)", "(a)" items, is the deadline of each of
/// the list's tasks when none states one of its own.
fn share_closing_deadline(nodes: &[Node], tasks: &mut [Task]) {
    if tasks.len() < 2 || nodes.iter().filter(|n| n.marker == Marker::Paren).count() < 2 {
        return;
    }
    let Some((last, rest)) = tasks.split_last_mut() else {
        return;
    };
    if last.deadline.kind == DeadlineKind::None
        || rest.iter().any(|t| t.deadline.kind != DeadlineKind::None)
    {
        return;
    }
    for t in rest {
        t.deadline = last.deadline.clone();
    }
}

/// Is the folded text one deadline phrase of `rules/deadlines.toml` from its
/// first word, followed by at most two words ("… năm 2025.")?
fn is_deadline_phrase(folded: &str, rules: &RuleSet) -> bool {
    let t = folded.trim();
    rules.deadlines.iter().any(|p| {
        p.re.find(t).is_some_and(|m| {
            m.start() == 0
                && t[m.end()..]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .count()
                    <= 2
        })
    })
}

/// The lead (and coordinators) a paragraph ending with ":" gives what
/// follows it, when it only introduces:
/// - a passive introduction: "Các nhiệm vụ tại mục này do Sở Y tế chủ trì
///   thực hiện:" → Sở Y tế (the body between an agent word and a lead cue);
/// - an assignment over items: "Giao Cục X chủ trì thực hiện các nhiệm vụ tại
///   mục này, phối hợp với Cục Y:" followed by an item ("a) …");
/// - a body's name alone: "Trung tâm Truyền thông khoa học và công nghệ:".
fn section_lead(
    node: &Node,
    next: Option<&Node>,
    rules: &RuleSet,
) -> Option<(Vec<String>, Vec<String>)> {
    let t = node.text.trim();
    if !t.ends_with(':') || !node.children.is_empty() {
        return None;
    }
    let f = Folded::new(t);
    for (_, agent_end) in rules.cues.agent.find_in(&f, 0) {
        let Some(&(lead_at, _)) = rules.cues.lead.find_in(&f, agent_end).first() else {
            continue;
        };
        let body = f.slice(agent_end, lead_at).trim();
        if !body.is_empty() && starts_with_body(body, rules) {
            let bodies = split_bodies(body, rules);
            if !bodies.is_empty() {
                return Some((bodies, Vec::new()));
            }
        }
    }
    let next = next?;
    let c = read_clause(t, rules);
    let introduces = match c.kind {
        ClauseKind::Heading => true,
        ClauseKind::Task => c.assigned && next.marker != Marker::Para,
        _ => false,
    };
    if !introduces || c.lead.is_empty() {
        return None;
    }
    // "…, phối hợp với Cục An toàn thông tin:" closing the introduction.
    let mut coordinators = c.coordinators;
    if coordinators.is_empty() {
        if let Some(&(_, cue_end)) = rules.cues.coordinate.find_in(&f, 0).last() {
            let named = f.slice(cue_end, f.folded.len()).trim();
            if starts_with_body(named, rules) {
                coordinators = split_bodies(named, rules);
            }
        }
    }
    Some((c.lead, coordinators))
}

/// Is this the heading of a report's section that looks ahead ("III.
/// PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM", "Nhiệm vụ thời gian tới")? A
/// heading, not a sentence: in capitals or short.
fn looks_ahead(text: &str, rules: &RuleSet) -> bool {
    let t = text.trim();
    rules.report_task_sections.starts(&fold(t)).is_some() && reads_as_heading(t)
}

/// A section heading, not a sentence: in capitals, or short.
fn reads_as_heading(t: &str) -> bool {
    mostly_caps(t) || t.split_whitespace().count() <= 8
}

/// Is this the heading of a section that holds no tasks ("I. MỤC ĐÍCH, YÊU CẦU")?
pub fn is_non_directive(text: &str, rules: &RuleSet) -> bool {
    let t = text.trim();
    let f = fold(t);
    rules.non_directive.starts(&f).is_some()
        && reads_as_heading(t)
        && !starts_with_body(t, rules)
        && rules.cues.assign.starts(&f).is_none_or(|_| {
            // "Yêu cầu" as a heading word, not "Yêu cầu Sở X …".
            let rest = t.split_once(' ').map_or("", |(_, r)| r);
            !starts_with_body(rest, rules)
        })
}

/// What the walk knows at a node.
#[derive(Debug, Clone, Default)]
struct Scope {
    lead: Vec<String>,
    coords: Vec<String>,
    deadline: Option<Deadline>,
    path: Vec<String>,
    /// Under a topic heading ("5. Về các khó khăn…"): a plain paragraph there
    /// describes; only one with a cue or a named lead is a task.
    topic: bool,
    /// Under a task that lists what it covers ("báo cáo các nội dung sau:"
    /// over "(1) Số hộ dân …"): items that are noun phrases are its contents.
    contents: bool,
    /// Under "… hoàn thiện các báo cáo:" (folded "bao cao"): items that open
    /// with that noun ("(i) Báo cáo tình hình …") are instances of it.
    instances: Option<String>,
    /// In a report, under a section that looks ahead ("III. PHƯƠNG HƯỚNG,
    /// NHIỆM VỤ …"): an item naming its body is a task there.
    looks_ahead: bool,
}

/// "… hoàn thiện các báo cáo:" over items that each open with "Báo cáo …":
/// the folded noun the items are instances of.
fn instances_of(node: &Node, rules: &RuleSet) -> Option<String> {
    let f = fold(node.text.trim_end());
    let head = f.strip_suffix(':')?;
    let i = head.rfind(" cac ")?;
    let noun = head[i + 5..].trim();
    if noun.is_empty() || noun.split(' ').count() > 3 {
        return None;
    }
    let items: Vec<&Node> = node
        .children
        .iter()
        .filter(|c| label_of(&c.text, rules).is_none())
        .collect();
    (!items.is_empty() && items.iter().all(|c| fold(c.text.trim()).starts_with(noun)))
        .then(|| noun.to_string())
}

/// Is this item the content of a list rather than work: it opens with no
/// action verb, no body, no cue and no deadline ("Số hộ dân có nhà bị sập",
/// "Infographic Cẩm nang;", "(Quét mã QR …)"). A topic whose colon opens
/// the work ("Về thi công: chỉ đạo các nhà thầu …") is work, not content.
fn is_content(text: &str, rules: &RuleSet) -> bool {
    let t = text.trim();
    if t.starts_with('(') {
        return true;
    }
    let t = t.trim_start_matches(['"', '“', '\'']);
    let f = Folded::new(t);
    let deadline_first = rules
        .deadlines
        .iter()
        .filter(|p| p.scope == crate::rules::Scope::Any)
        .any(|p| p.re.find(&f.folded).is_some_and(|m| m.start() == 0));
    !opens_action(&f, rules)
        && rules.cues.assign.starts_at(&f).is_none()
        && rules.cues.lead.starts(&f.folded).is_none()
        && rules.cues.coordinate.starts(&f.folded).is_none()
        && !starts_with_body(t, rules)
        && !deadline_first
        && !topic_with_work(t, rules)
}

/// "Về nguồn vật liệu: tiếp tục hỗ trợ các nhà thầu …": a topic, then after
/// its colon an action, a cue or a named body.
fn topic_with_work(t: &str, rules: &RuleSet) -> bool {
    rules.cues.topic_starts.starts_at(&Folded::new(t)).is_some()
        && t.split_once(':').is_some_and(|(_, rest)| {
            let rest = trim_sep(rest);
            let f = Folded::new(rest);
            opens_action(&f, rules)
                || rules.cues.assign.starts_at(&f).is_some()
                || starts_with_body(rest, rules)
        })
}

/// Letter-wide facts for the walk.
pub struct Letter<'a> {
    pub rules: &'a RuleSet,
    pub deadlines: Context<'a>,
    /// Bodies the preamble addresses ("yêu cầu Trưởng các phòng … triển khai"),
    /// else the Kính gửi list: who acts when an item names nobody.
    pub default_lead: Vec<String>,
    /// Only explicit cues make tasks (a Báo cáo).
    pub report: bool,
    /// The letter's number, for stable ids.
    pub number: Option<String>,
    /// The letter has a table of tasks in an appendix: a section that points
    /// to it ("Chi tiết tại Phụ lục kèm theo") only lists its headings.
    pub appendix: bool,
}

/// Does the item or one under it point to the appendix for its details?
fn points_to_appendix(node: &Node) -> bool {
    let f = fold(node.text.trim());
    (f.contains("phu luc")
        && (node.text.trim_start().starts_with('(') || f.starts_with("chi tiet")))
        || node.children.iter().any(points_to_appendix)
}

fn task_id(number: Option<&str>, item: &str, action: &str) -> String {
    let key = format!("{}|{}|{}", number.unwrap_or(""), item, fold(action));
    blake3::hash(key.as_bytes()).to_hex()[..16].to_string()
}

/// The bodies a preamble sentence addresses: "… yêu cầu Trưởng các phòng,
/// ban trực thuộc triển khai một số nội dung sau:".
pub fn addressed(text: &str, rules: &RuleSet) -> Vec<String> {
    // The main clause ends the preamble ("Thực hiện … của Bộ đề nghị …; UBND
    // tỉnh yêu cầu …:"): the last cue that is followed by a body or nothing.
    let f = Folded::new(text);
    let mut last = Vec::new();
    for (ms, mend) in rules.cues.assign.find_in(&f, 0) {
        let after = f.folded[mend..].trim_start();
        if after.is_empty() || after.starts_with(':') {
            last = Vec::new();
            continue;
        }
        let c = read_clause(f.slice(ms, f.folded.len()), rules);
        if c.assigned && !c.lead.is_empty() {
            last = c.lead;
        }
    }
    last
}

/// Tasks of the whole body.
pub fn tasks(body: &[Node], letter: &Letter) -> Vec<Task> {
    let mut out = Vec::new();
    walk(body, &Scope::default(), letter, &mut out);
    // The same action listed twice (a heading repeated) is one task.
    let mut seen = std::collections::HashSet::new();
    out.retain(|t: &Task| seen.insert(t.id.clone()));
    out
}

/// The directive inside a paragraph that does not open with it: from an
/// assigning cue followed by a body ("… yêu cầu Trưởng các thôn phối hợp …")
/// to the end. A paragraph ending with ":" introduces items and gives none.
/// With `facts_follow` (the numbered items after it only state facts: "đề
/// nghị Ban A chỉ đạo … định hướng thông tin đúng, cụ thể như sau: 1. Trong
/// thời gian qua, nước ta đã …"), a paragraph ending with ":" gives its
/// directive too: the items are what to convey, not work.
fn directive_inside(
    sentence: &str,
    item: &str,
    scope: &Scope,
    letter: &Letter,
    facts_follow: bool,
) -> Option<Task> {
    let rules = letter.rules;
    if sentence.trim_end().ends_with(':') && !facts_follow {
        return None;
    }
    let f = Folded::new(sentence);
    for (ms, _) in rules.cues.assign.find_in(&f, 0) {
        if ms == 0 {
            continue;
        }
        // Lowercase in the original: a verb in the sentence, not a heading word.
        if f.slice(ms, ms + 1)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        {
            continue;
        }
        let part = f.slice(ms, f.folded.len());
        let c = read_clause(part, rules);
        if c.kind != ClauseKind::Task || !c.assigned || c.lead.is_empty() {
            continue;
        }
        let deadline = read_deadline(&c.action, Source::Inline, rules, &letter.deadlines)
            .or_else(|| scope.deadline.clone())
            .unwrap_or_default();
        return Some(Task {
            id: task_id(letter.number.as_deref(), item, &c.action),
            item: item.to_string(),
            assignees: c.lead,
            coordinators: c.coordinators,
            action: c.action,
            deadline,
        });
    }
    None
}

/// The numbered items that open `nodes` (at least one) each state a fact
/// ("1. Trong thời gian qua, nước ta đã tiến hành …", "2. Ngày 16/6/2025,
/// Quốc hội đã thông qua …").
fn facts_follow(nodes: &[Node], rules: &RuleSet) -> bool {
    let items: Vec<&Node> = nodes.iter().take_while(|n| n.marker.numbered()).collect();
    !items.is_empty()
        && items.iter().all(|n| {
            let first = split_sentences(&n.text, rules)
                .into_iter()
                .next()
                .unwrap_or_default();
            states_fact(&first, rules) && read_clause(&first, rules).lead.is_empty()
        })
}

/// The tasks of one level of items and of everything under it.
fn walk(nodes: &[Node], scope: &Scope, letter: &Letter, out: &mut Vec<Task>) {
    let start = out.len();
    walk_nodes(nodes, scope, letter, out);
    share_closing_deadline(nodes, &mut out[start..]);
}

/// Each item's own tasks, then its children's.
fn walk_nodes(nodes: &[Node], scope: &Scope, letter: &Letter, out: &mut Vec<Task>) {
    let rules = letter.rules;
    let all_labels: Vec<Vec<(Label, String)>> =
        nodes.iter().map(|n| labels_of(&n.text, rules)).collect();
    let labels: Vec<Option<(Label, String)>> = all_labels
        .iter()
        .map(|v| {
            v.iter()
                .find(|(l, _)| *l == Label::Deadline)
                .or(v.first())
                .cloned()
        })
        .collect();
    // Scope-wide labels (lead, coordinators) apply to every sibling.
    // "Cơ quan thực hiện: Sở Xây dựng." under a titled item (or an
    // introduction naming the lead, below): the paragraph beside it is that
    // body's task even under a topic heading.
    let mut named_lead = all_labels.iter().flatten().any(|(l, _)| *l == Label::Lead);
    let mut sib_scope = scope.clone();
    for (l, v) in all_labels.iter().flatten() {
        match l {
            Label::Lead => sib_scope.lead = split_bodies(v, rules),
            Label::Coordinators => sib_scope.coords = split_bodies(v, rules),
            _ => {}
        }
    }
    for (i, node) in nodes.iter().enumerate() {
        if labels[i].is_some() {
            continue;
        }
        // "Các nhiệm vụ tại mục này do Sở Y tế chủ trì thực hiện:", "Giao Cục
        // X chủ trì thực hiện các nhiệm vụ tại mục này, phối hợp với Cục Y:"
        // or a body's name alone ("Trung tâm Truyền thông:") leads what
        // follows it inside an item or section; it introduces and is no task
        // of its own. (At the top, the preamble's addressees lead: `addressed`.)
        if node.marker == Marker::Para && !scope.path.is_empty() {
            if let Some((lead, coords)) = section_lead(node, nodes.get(i + 1), rules) {
                sib_scope.lead = lead;
                sib_scope.coords = coords;
                named_lead = true;
                continue;
            }
        }
        let top_level = scope.path.is_empty() && !node.marker.numbered();
        let mut my = sib_scope.clone();
        // A deadline line among the siblings: the first after this item,
        // else the last before it.
        let after = labels[i + 1..]
            .iter()
            .flatten()
            .find(|(l, _)| *l == Label::Deadline);
        let before = labels[..i]
            .iter()
            .rev()
            .flatten()
            .find(|(l, _)| *l == Label::Deadline);
        if let Some((_, v)) = after.or(before) {
            if let Some(d) = read_deadline(v, Source::Label, rules, &letter.deadlines) {
                my.deadline = Some(d);
            }
        }
        if node.marker.numbered() {
            // "1.2" under "1" is "1.2", not "1.1.2".
            if node.marker == Marker::SubNumber {
                while my
                    .path
                    .last()
                    .is_some_and(|p| node.label.starts_with(&format!("{p}.")))
                {
                    my.path.pop();
                }
            }
            my.path.push(node.label.clone());
        }
        if node.marker.numbered()
            && node.marker.depth() <= Marker::SubNumber.depth()
            && is_non_directive(&node.text, rules)
        {
            continue;
        }
        // A section whose tasks are detailed in the appendix's table: its
        // items are the table's headings, the rows are the tasks.
        if letter.appendix
            && matches!(node.marker, Marker::Roman | Marker::Article)
            && points_to_appendix(node)
        {
            continue;
        }
        // Labels among the children apply to this node's own task too.
        let mut own = my.clone();
        // "… Sở A rà soát …. Sở B kiểm tra …. Thời hạn hoàn thành: trước ngày
        // 30/11/2025." closing the item: the deadline of each of its tasks.
        if let Some(d) = closing_deadline(&node.text, letter) {
            own.deadline = Some(d);
        }
        // "- Cơ quan phối hợp: …" under this item: its coordinators even when
        // the item's sentence names its lead itself.
        let mut labelled_coords: Option<Vec<String>> = None;
        for c in &node.children {
            for (l, v) in labels_of(&c.text, rules) {
                match l {
                    Label::Deadline => {
                        if let Some(d) = read_deadline(&v, Source::Label, rules, &letter.deadlines)
                        {
                            own.deadline = Some(d);
                        }
                    }
                    Label::Lead => own.lead = split_bodies(&v, rules),
                    Label::Coordinators => {
                        own.coords = split_bodies(&v, rules);
                        labelled_coords = Some(own.coords.clone());
                    }
                    Label::Other => {}
                }
            }
        }
        let has_action_children = node
            .children
            .iter()
            .any(|c| label_of(&c.text, rules).is_none());
        // The item is one of a list's contents: not a task; what is under it
        // is read as usual.
        let instance = scope
            .instances
            .as_deref()
            .is_some_and(|n| fold(node.text.trim()).starts_with(n));
        if (scope.contents && is_content(&node.text, rules)) || instance {
            let mut child_scope = my.clone();
            child_scope.contents = false;
            child_scope.instances = None;
            walk(&node.children, &child_scope, letter, out);
            continue;
        }
        // Every item under this one is a noun phrase: they are what this
        // item's work covers, and this item is the task.
        let instances = instances_of(node, rules);
        let lists_contents = has_action_children
            && (instances.is_some()
                || node
                    .children
                    .iter()
                    .filter(|c| label_of(&c.text, rules).is_none())
                    .all(|c| is_content(&c.text, rules)));
        let item = own.path.join(".");
        let mut child_scope = my.clone();
        if letter.report && node.marker.numbered() && looks_ahead(&node.text, rules) {
            child_scope.looks_ahead = true;
        }
        if own.lead != my.lead {
            child_scope.lead = own.lead.clone();
        }
        if own.coords != my.coords {
            child_scope.coords = own.coords.clone();
        }
        let mut in_topic = false;
        let mut intro_deadline: Option<Deadline> = None;
        for sentence in split_sentences(&node.text, rules) {
            let c = read_clause(&sentence, rules);
            match c.kind {
                ClauseKind::Topic => in_topic = true,
                ClauseKind::Closing | ClauseKind::Context => {}
                ClauseKind::Heading => {
                    if !c.lead.is_empty() {
                        child_scope.lead = c.lead.clone();
                        child_scope.coords = c.coordinators.clone();
                    } else if !c.coordinators.is_empty() {
                        child_scope.coords = c.coordinators.clone();
                    }
                }
                ClauseKind::Task => {
                    let explicit = !c.lead.is_empty();
                    let intro = sentence.trim_end().ends_with(':')
                        && has_action_children
                        && !lists_contents;
                    // "3. Nguồn lực, quy trình và quản trị" over items of its own:
                    // a short unpunctuated heading naming nobody is a topic.
                    let topic = has_action_children
                        && !lists_contents
                        && node.marker.numbered()
                        && !explicit
                        && !c.assigned
                        && !sentence.trim_end().ends_with(['.', ';', '!'])
                        && sentence.split_whitespace().count() <= 15;
                    if topic {
                        in_topic = true;
                        continue;
                    }
                    if intro || mostly_caps(&sentence) {
                        if explicit {
                            child_scope.lead = c.lead.clone();
                            child_scope.coords = c.coordinators.clone();
                        }
                        // "… hoàn thành trong tháng 11/2025: (i) …; (ii) …":
                        // the items share the introduction's deadline.
                        intro_deadline =
                            read_deadline(&c.action, Source::Inline, rules, &letter.deadlines);
                        continue;
                    }
                    let allowed = if letter.report {
                        c.assigned || (scope.looks_ahead && explicit)
                    } else if top_level {
                        (c.assigned || explicit)
                            && (!sentence.trim_end().ends_with(':') || lists_contents)
                    } else if node.marker == Marker::Article {
                        c.assigned || explicit
                    } else if scope.topic && node.marker == Marker::Para {
                        c.assigned || explicit || named_lead
                    } else {
                        true
                    };
                    if !allowed {
                        // "…, Ủy ban nhân dân xã yêu cầu Trưởng các thôn tổ chức …":
                        // a paragraph without items, the directive after its cue.
                        if top_level && !letter.report {
                            let facts_follow = facts_follow(&nodes[i + 1..], rules);
                            if let Some(t) =
                                directive_inside(&sentence, &item, &own, letter, facts_follow)
                            {
                                out.push(t);
                            }
                        }
                        continue;
                    }
                    let lead = if explicit {
                        c.lead.clone()
                    } else if !own.lead.is_empty() {
                        own.lead.clone()
                    } else {
                        letter.default_lead.clone()
                    };
                    // Nobody named anywhere: only an action is a task, not a
                    // noun phrase ("Công tác chỉ đạo, điều hành…" in a list of contents).
                    if lead.is_empty() && !opens_action(&Folded::new(&c.action), rules) {
                        continue;
                    }
                    let coordinators = if !c.coordinators.is_empty() {
                        c.coordinators.clone()
                    } else if let Some(lc) = &labelled_coords {
                        lc.clone()
                    } else if explicit {
                        Vec::new()
                    } else {
                        own.coords.clone()
                    };
                    for part in clause_tasks(&c.action, rules, &letter.deadlines) {
                        let deadline = part
                            .deadline
                            .or_else(|| own.deadline.clone())
                            .unwrap_or_default();
                        out.push(Task {
                            id: task_id(letter.number.as_deref(), &item, part.action),
                            item: item.clone(),
                            assignees: lead.clone(),
                            coordinators: part.coordinators.unwrap_or_else(|| coordinators.clone()),
                            action: part.action.to_string(),
                            deadline,
                        });
                    }
                    if explicit {
                        // Items under a task share its lead, not its coordinators.
                        child_scope.lead = lead;
                        child_scope.coords = Vec::new();
                    }
                }
            }
        }
        child_scope.deadline = intro_deadline.or_else(|| my.deadline.clone());
        child_scope.topic = in_topic;
        child_scope.contents = lists_contents;
        child_scope.instances = instances;
        walk(&node.children, &child_scope, letter, out);
    }
}

/// A column of an appendix table of tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Task,
    Lead,
    Coord,
    Deadline,
    Other,
}

/// The columns a header cell names, in order ("Nội dung thực hiện | Cơ quan
/// chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm").
fn columns_named(text: &str, rules: &RuleSet) -> Vec<Col> {
    let f = Folded::new(text);
    let l = &rules.labels;
    let mut found: Vec<(usize, usize, Col)> = Vec::new();
    for (p, col) in [
        (&l.task, Col::Task),
        (&l.lead, Col::Lead),
        (&l.coordinators, Col::Coord),
        (&l.deadline, Col::Deadline),
        (&l.other, Col::Other),
    ] {
        for (s, e) in p.find_in(&f, 0) {
            if !found.iter().any(|&(fs, fe, _)| s < fe && fs < e) {
                found.push((s, e, col));
            }
        }
    }
    found.sort_by_key(|x| x.0);
    found.into_iter().map(|x| x.2).collect()
}

/// Where, in a row's text (cells joined by " | "), the bodies' cells start:
/// at each later cell, and inside a cell that runs several together at a
/// capitalised name that follows neither a separator, a preposition, an action
/// verb (its object: "báo cáo Ban Chỉ huy …") nor a bare head it completes
/// ("Văn phòng | Ban Chỉ huy").
fn body_starts(joined: &str, rules: &RuleSet) -> Vec<usize> {
    let f = Folded::new(joined);
    let verbs = rules.cues.action_verbs.find_in(&f, 0);
    let mut out = Vec::new();
    let mut cell_start = 0;
    let mut prev_word_end = 0;
    let bytes: Vec<(usize, char)> = joined.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        if c == '|' {
            cell_start = i + 1;
            if i > 0 {
                // Later cells start a field when they name a body.
                let rest = joined[i + 1..].trim_start();
                if starts_with_body(rest, rules) {
                    out.push(joined.len() - rest.len());
                }
            }
            continue;
        }
        let word_start = k > 0 && bytes[k - 1].1 == ' ' && c != ' ';
        if !word_start || !c.is_uppercase() {
            if c != ' ' {
                prev_word_end = i + c.len_utf8();
            }
            continue;
        }
        let before = joined[cell_start..i].trim_end();
        let fb = fold(before);
        let prev_word = fb.rsplit([' ', '(']).next().unwrap_or("");
        let words_before = before.split_whitespace().count();
        let sep = before.ends_with([',', ';', '-', '–', '(', '/', '&']) || before.is_empty();
        let dangling = [
            "cua", "va", "voi", "cho", "tai", "theo", "ve", "de", "den", "tu", "trong", "tren",
            "cac", "thuoc", "giua", "hoac", "cung", "so",
        ]
        .contains(&prev_word);
        // A verb in lowercase: a capitalised one is part of a name ("Sở Xây dựng").
        let after_verb = verbs.iter().any(|&(vs, e)| {
            f.at(e) == prev_word_end
                && f.slice(vs, vs + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        });
        if sep || dangling || after_verb || words_before < 2 {
            prev_word_end = i + c.len_utf8();
            continue;
        }
        let rest = &joined[i..];
        if starts_with_body(rest, rules) {
            // "Văn phòng Ban Chỉ huy", "Ban Chỉ huy Phòng thủ": the bare head
            // just before completes this name.
            let inside = ends_with_head(before, rules);
            if !inside {
                out.push(i);
            }
        }
        prev_word_end = i + c.len_utf8();
    }
    out
}

/// Where the deadline starts in a row's text: a later cell that reads as a
/// deadline, or an inline deadline phrase or a bare year at a word start.
fn deadline_start(joined: &str, from: usize, rules: &RuleSet) -> Option<usize> {
    let f = Folded::new(joined);
    let mut best: Option<usize> = None;
    // Any deadline phrase (a label's too: "Tháng 12 hằng năm") at a word start.
    let word_starts = f
        .folded
        .char_indices()
        .filter(|&(i, c)| c != ' ' && c != '|' && (i == 0 || f.folded[..i].ends_with([' ', '|'])))
        .map(|(i, _)| i);
    'words: for fs in word_starts {
        let s = f.at(fs);
        if s <= from {
            continue;
        }
        for p in &rules.deadlines {
            if p.re.find(&f.folded[fs..]).is_some_and(|m| m.start() == 0) {
                best = Some(s);
                break 'words;
            }
        }
    }
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = YEAR.get_or_init(|| {
        Regex::new(r"(?:^|[\s|])((?:19|20)\d\d)(?:\s|\||$)")
            .unwrap_or_else(|e| panic!("year regex: {e}"))
    });
    for c in year.captures_iter(joined) {
        if let Some(m) = c.get(1) {
            if m.start() > from {
                best = Some(best.map_or(m.start(), |b: usize| b.min(m.start())));
            }
        }
    }
    // A later cell that is a deadline on its own ("Thường xuyên").
    let mut at = 0;
    for cell in joined.split('|') {
        let start = at + (cell.len() - cell.trim_start().len());
        at += cell.len() + 1;
        if start <= from || cell.split_whitespace().count() > 12 {
            continue;
        }
        if read_deadline(
            cell,
            Source::Label,
            rules,
            &Context {
                year: None,
                issued: None,
                references: &[],
            },
        )
        .is_some_and(|d| d.kind != crate::letter::DeadlineKind::None)
        {
            best = Some(best.map_or(start, |b: usize| b.min(start)));
            break;
        }
    }
    best
}

/// Does the text end with a bare head ("… Sở", "… Văn phòng"): the
/// capitalised word after it is the rest of a name ("Sở Giao thông").
fn ends_with_head(text: &str, rules: &RuleSet) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=3.min(words.len())).any(|k| {
        let tail = words[words.len() - k..].join(" ");
        let ft = fold(&tail);
        rules.shapes.head_exact.is_match(&tail) && rules.shapes.heads.starts(&ft) == Some(ft.len())
    })
}

/// Does a row's text hold a whole row: a body after the task, then a deadline?
fn row_complete(cells: &[String], rules: &RuleSet) -> bool {
    let joined = cells.join(" | ");
    body_starts(&joined, rules)
        .first()
        .is_some_and(|&b| deadline_start(&joined, b, rules).is_some())
}

/// Rows a scan ran together without their numbers: a new row starts at a
/// capitalised action verb once the row so far holds a task, a body and a
/// deadline ("… liên quan 2025 Hướng dẫn phương pháp …"). A part that names no
/// body (a product "Báo cáo của …") stays with the row before.
fn split_restarts(cells: Vec<String>, rules: &RuleSet) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = vec![Vec::new()];
    for cell in cells {
        // An empty column keeps its place.
        if cell.trim().is_empty() {
            if let Some(r) = rows.last_mut() {
                r.push(String::new());
            }
            continue;
        }
        let f = Folded::new(&cell);
        let mut cuts: Vec<usize> = rules
            .cues
            .action_verbs
            .find_in(&f, 0)
            .into_iter()
            .map(|(s, _)| f.at(s))
            .filter(|&s| {
                (s == 0 || cell[..s].ends_with(' '))
                    && cell[s..].chars().next().is_some_and(char::is_uppercase)
                    && !ends_with_head(&cell[..s], rules)
            })
            .collect();
        cuts.dedup();
        let mut from = 0;
        for at in cuts.into_iter().chain(std::iter::once(cell.len())) {
            let piece = cell[from..at].trim();
            if at > from && !piece.is_empty() {
                let restart = from > 0 || cell[..at].trim().is_empty() || {
                    // The piece starts the cell: a restart when it opens with a verb.
                    let pf = Folded::new(piece);
                    rules.cues.action_verbs.starts_at(&pf).is_some()
                        && piece.chars().next().is_some_and(char::is_uppercase)
                };
                let cur = rows.last().map_or(&[][..], Vec::as_slice);
                let new_row = restart && row_complete(cur, rules);
                if new_row {
                    rows.push(Vec::new());
                }
                if let Some(r) = rows.last_mut() {
                    match r.last_mut() {
                        // Still the same cell: keep it whole.
                        Some(last) if from > 0 && !new_row => {
                            last.push(' ');
                            last.push_str(piece);
                        }
                        _ => r.push(piece.to_string()),
                    }
                }
            }
            from = at;
        }
    }
    // Parts without a body go back to the row before.
    let mut out: Vec<Vec<String>> = Vec::new();
    for r in rows {
        let names_body = !body_starts(&r.join(" | "), rules).is_empty();
        match out.last_mut() {
            Some(prev) if !names_body => prev.extend(r),
            _ => out.push(r),
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// "PL.II.3": the appendix, the row's group and its number.
fn appendix_item(prefix: &str, group: &str, number: &str) -> String {
    if group.is_empty() {
        format!("{prefix}.{number}")
    } else {
        format!("{prefix}.{group}.{number}")
    }
}

fn clean_cell(s: &str) -> String {
    s.split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .to_string()
}

/// Tasks in the appendices' tables: each numbered row with its lead,
/// coordinators and deadline. A table is one whose header names at least the
/// task and its lead; its columns are read in the header's order.
pub fn appendix_tasks(apps: &[crate::parse::appendix::Appendix], letter: &Letter) -> Vec<Task> {
    let rules = letter.rules;
    let mut out = Vec::new();
    for (ai, app) in apps.iter().enumerate() {
        // The header: from "STT" or the first cell naming a column, while cells
        // are short and name columns.
        let Some(mut h) = app
            .cells
            .iter()
            .position(|c| is_row_number_header(c) || columns_named(c, rules).contains(&Col::Lead))
        else {
            continue;
        };
        // Column names before the lead's ("Nội dung thực hiện" after a
        // misread "STT").
        while h > 0
            && app.cells[h - 1].split_whitespace().count() <= 12
            && !columns_named(&app.cells[h - 1], rules).is_empty()
        {
            h -= 1;
        }
        let mut cols = Vec::new();
        let mut end = h;
        for c in &app.cells[h..] {
            let named = columns_named(c, rules);
            // A whole header row run onto one line ("STT Nhiệm vụ Cơ quan chủ
            // trì Cơ quan phối hợp Thời gian hoàn thành Sản phẩm") is long
            // but names three columns or more, and holds no row's number
            // unless the row-number column opens it.
            let mut words = c.split_whitespace();
            let whole_row = named.len() >= 3
                && (words.next().is_some_and(is_row_number_header)
                    || !words.any(|w| w.chars().all(|ch| ch.is_ascii_digit())));
            let short = c.split_whitespace().count() <= 12 || whole_row;
            if !(short && (is_row_number_header(c) || !named.is_empty())) {
                break;
            }
            // A long header run together may name several columns in one cell.
            cols.extend(named);
            end += 1;
        }
        if !cols.contains(&Col::Task) || !cols.contains(&Col::Lead) {
            continue;
        }
        let has_coord = cols.contains(&Col::Coord);
        let prefix = if apps.len() > 1 {
            format!("PL{}", ai + 1)
        } else {
            "PL".to_string()
        };
        let mut group = String::new();
        let mut rows = Vec::new();
        for row in crate::parse::appendix::rows(&app.cells[end..]) {
            if row.group {
                rows.push(row);
                continue;
            }
            // Group titles in capitals that lost their numeral are not cells.
            let cells: Vec<String> = row.cells.into_iter().filter(|c| !mostly_caps(c)).collect();
            let parts = split_restarts(cells, rules);
            let n = parts.len();
            for (k, cells) in parts.into_iter().enumerate() {
                let number = match (row.number.is_empty(), n) {
                    (false, 1) => row.number.clone(),
                    (false, _) => format!("{}.{}", row.number, k + 1),
                    (true, _) => format!("r{}", k + 1),
                };
                rows.push(crate::parse::appendix::Row {
                    number,
                    group: false,
                    cells,
                });
            }
        }
        for row in rows {
            if row.group {
                group = row.number.clone();
                continue;
            }
            if row.cells.is_empty() {
                continue;
            }
            // A later cell may still run two bodies' cells together ("Ban
            // Chỉ huy tỉnh Cơ quan liên quan"): cut it at the second name.
            let mut cells: Vec<String> = Vec::new();
            for (k, c) in row.cells.iter().enumerate() {
                let cuts: Vec<usize> = if k == 0 || !starts_with_body(c, rules) {
                    Vec::new()
                } else {
                    body_starts(c, rules)
                        .into_iter()
                        .filter(|&x| x > 0)
                        .collect()
                };
                let mut from = 0;
                for x in cuts {
                    cells.push(c[from..x].trim().to_string());
                    from = x;
                }
                cells.push(c[from..].trim().to_string());
            }
            let row = crate::parse::appendix::Row { cells, ..row };
            let m = row.cells.len();
            // Cells kept apart, one per column (the last ones may be empty):
            // read them in the header's order.
            if m + 1 >= cols.len() && m <= cols.len() && m > 1 {
                let cell = |c: Col| {
                    cols.iter()
                        .position(|&x| x == c)
                        .and_then(|i| row.cells.get(i))
                        .map_or("", String::as_str)
                };
                let lead = split_bodies(cell(Col::Lead), rules);
                let action = clean_cell(cell(Col::Task));
                if action.is_empty() {
                    continue;
                }
                let deadline =
                    read_deadline(cell(Col::Deadline), Source::Label, rules, &letter.deadlines)
                        .unwrap_or_default();
                let item = appendix_item(&prefix, &group, &row.number);
                let coordinators = split_bodies(cell(Col::Coord), rules);
                out.push(row_task(letter, item, action, lead, coordinators, deadline));
                continue;
            }
            // Trailing cells that name no body are the last columns
            // (deadline, product): "… | Sau khi có Quy chế | Quyết định …".
            let mut tail_cells = 0;
            for (k, c) in row.cells.iter().enumerate().rev() {
                let col = cols.len().checked_sub(m - k).map(|i| cols[i]);
                if k == 0
                    || starts_with_body(c, rules)
                    || !matches!(col, Some(Col::Deadline | Col::Other))
                {
                    break;
                }
                tail_cells += 1;
            }
            let joined = row.cells.join(" | ");
            let tail_at = if tail_cells > 0 {
                row.cells[..m - tail_cells]
                    .iter()
                    .map(|c| c.len() + 3)
                    .sum::<usize>()
                    .min(joined.len())
            } else {
                joined.len()
            };
            let starts = body_starts(&joined[..tail_at], rules);
            let first = starts.first().copied().unwrap_or(tail_at);
            let d = deadline_start(&joined, first, rules)
                .unwrap_or(tail_at)
                .min(tail_at);
            let before: Vec<usize> = starts.into_iter().filter(|&s| s < d).collect();
            let (lead_at, coord_at) = match (before.len(), has_coord) {
                (0, _) => (d, d),
                (1, _) | (_, false) => (before[before.len() - 1], d),
                (n, true) => (before[n - 2], before[n - 1]),
            };
            let action = clean_cell(&joined[..lead_at]);
            if action.is_empty() {
                continue;
            }
            let lead = split_bodies(&clean_cell(&joined[lead_at..coord_at]), rules);
            let coordinators = split_bodies(&clean_cell(&joined[coord_at..d]), rules);
            let deadline_text = joined[d..].split('|').next().unwrap_or("");
            let deadline = read_deadline(deadline_text, Source::Label, rules, &letter.deadlines)
                .or_else(|| read_deadline(&action, Source::Inline, rules, &letter.deadlines))
                .unwrap_or_default();
            let item = appendix_item(&prefix, &group, &row.number);
            out.push(row_task(letter, item, action, lead, coordinators, deadline));
        }
    }
    out
}

/// One appendix row as a task; a row that names no lead falls to the letter's
/// default lead.
fn row_task(
    letter: &Letter,
    item: String,
    action: String,
    lead: Vec<String>,
    coordinators: Vec<String>,
    deadline: crate::letter::Deadline,
) -> Task {
    Task {
        id: task_id(letter.number.as_deref(), &item, &action),
        item,
        assignees: if lead.is_empty() {
            letter.default_lead.clone()
        } else {
            lead
        },
        coordinators,
        action,
        deadline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The extraction of a letter's text, normalized and parsed as ingest does.
    fn extracted(text: &str) -> crate::letter::Extraction {
        let parsed = crate::parse::parse(&crate::normalize::normalize(text));
        crate::extract::extract(&parsed, &RuleSet::bundled())
    }

    /// Each task's item, lead bodies and coordinators.
    fn leads(x: &crate::letter::Extraction) -> Vec<(&str, Vec<&str>, Vec<&str>)> {
        x.tasks
            .iter()
            .map(|t| {
                (
                    t.item.as_str(),
                    t.assignees.iter().map(String::as_str).collect(),
                    t.coordinators.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    /// A name that ends on a place word of `[shapes] places` runs through
    /// it, whichever place: "… tỉnh", "… thị trấn", "… thôn" (a list in
    /// tasks.rs once knew only six of them).
    #[test]
    fn a_name_runs_through_any_place_word_of_the_rules() {
        let r = RuleSet::bundled();
        for place in ["tỉnh", "thị trấn", "thôn"] {
            let body = format!("Ban Quản lý dự án đầu tư xây dựng {place}");
            let c = read_clause(&format!("{body} đẩy nhanh tiến độ thi công."), &r);
            assert_eq!(c.lead, vec![body], "{place}");
        }
    }

    #[test]
    fn clauses() {
        let r = RuleSet::bundled();
        let c = read_clause("Sở Tài chính căn cứ nhu cầu, đề xuất của các địa phương, đơn vị Rà soát, bố trí ngân sách.", &r);
        assert_eq!(
            (c.kind, c.lead.clone()),
            (ClauseKind::Task, vec!["Sở Tài chính".to_string()])
        );
        let c = read_clause(
            "Chủ trì, phối hợp với các đơn vị có liên quan tổ chức kiểm tra thực tế.",
            &r,
        );
        assert_eq!(c.coordinators, vec!["các đơn vị có liên quan"]);
        assert!(c.lead.is_empty() && c.kind == ClauseKind::Task);
        let c = read_clause(
            "Công an tỉnh chủ trì phối hợp với Sở Khoa học và Công nghệ",
            &r,
        );
        assert_eq!(c.kind, ClauseKind::Heading);
        assert_eq!(c.coordinators, vec!["Sở Khoa học và Công nghệ"]);
        let c = read_clause("Phòng Quản lý đầu tư xây dựng", &r);
        assert_eq!(c.kind, ClauseKind::Heading);
        assert_eq!(c.lead, vec!["Phòng Quản lý đầu tư xây dựng"]);
        let c = read_clause("Về hạ tầng kỹ thuật", &r);
        assert_eq!(c.kind, ClauseKind::Topic);
        let c = read_clause(
            "Về giải phóng mặt bằng: Giao UBND các xã, phường hoàn thành trước ngày 30/6/2026.",
            &r,
        );
        assert_eq!(
            (c.kind, c.lead),
            (ClauseKind::Task, vec!["UBND các xã, phường".to_string()])
        );
        let c = read_clause(
            "Về phần mềm: Các hệ thống quản lý do Bộ Tài chính quản lý lỗi.",
            &r,
        );
        assert_eq!(c.kind, ClauseKind::Topic);
        let c = read_clause("Đối với Sở Y tế: khẩn trương rà soát cơ số thuốc.", &r);
        assert_eq!(
            (c.kind, c.lead),
            (ClauseKind::Task, vec!["Sở Y tế".to_string()])
        );
        let c = read_clause("Phòng Hành chính – Quản trị phối hợp với Trung tâm Tin học và Công bảo đảm bảo cơ sở vật chất.", &r);
        assert_eq!(c.lead, vec!["Phòng Hành chính – Quản trị"]);
        assert_eq!(c.coordinators, vec!["Trung tâm Tin học và Công"]);
    }

    #[test]
    fn a_distributive_list_after_units_and_a_colon_names_the_bodies() {
        let r = RuleSet::bundled();
        let c = read_clause(
            "Ủy ban nhân dân các xã, thị trấn: Hòa Lạc, Phú Mỹ và Tân Phong khẩn trương gia cố bờ kè.",
            &r,
        );
        assert_eq!(c.kind, ClauseKind::Task);
        assert_eq!(c.lead.len(), 3, "{:?}", c.lead);
        let c = read_clause(
            "Chủ tịch UBND các xã miền núi: Sơn Tây, Trà Bồng rà soát các điểm sạt lở.",
            &r,
        );
        assert_eq!(
            c.lead,
            vec!["Chủ tịch UBND xã Sơn Tây", "Chủ tịch UBND xã Trà Bồng"]
        );
        // The colon that introduces the action stays the end of a collective.
        let c = read_clause(
            "Các sở, ban, ngành: Căn cứ nhiệm vụ được giao, chủ động rà soát.",
            &r,
        );
        assert_eq!(c.lead, vec!["Các sở, ban, ngành"]);
    }

    #[test]
    fn a_lead_in_a_closing_bracket_is_the_task_lead() {
        let r = RuleSet::bundled();
        let c = read_clause(
            "Lắp đặt camera giám sát tại các nút giao trọng điểm (Công an tỉnh chủ trì, phối hợp với Sở Xây dựng; hoàn thành trong Quý III/2026).",
            &r,
        );
        assert_eq!(c.kind, ClauseKind::Task);
        assert_eq!(c.lead, vec!["Công an tỉnh"]);
        assert_eq!(c.coordinators, vec!["Sở Xây dựng"]);
        let c = read_clause(
            "Mở lớp tập huấn cho cán bộ thú y cơ sở (Sở Nông nghiệp và Môi trường chủ trì; Trường Trung cấp Kỹ thuật phối hợp).",
            &r,
        );
        assert_eq!(c.lead, vec!["Sở Nông nghiệp và Môi trường"]);
        assert_eq!(c.coordinators, vec!["Trường Trung cấp Kỹ thuật"]);
        // A bracket that names no lead gives none.
        let c = read_clause("Rà soát hồ sơ tồn đọng (theo Phụ lục kèm theo).", &r);
        assert!(c.lead.is_empty());
    }

    #[test]
    fn a_directive_inside_a_clause_wins_over_its_opening() {
        let r = RuleSet::bundled();
        // The writer asks the body after the cue.
        let c = read_clause(
            "Sở Văn hóa trân trọng đề nghị UBND các phường phối hợp tổ chức hội thi.",
            &r,
        );
        assert_eq!((c.kind, c.assigned), (ClauseKind::Task, true));
        assert_eq!(c.lead, vec!["UBND các phường"]);
        // A topic opening, then the directive after a comma.
        let c = read_clause(
            "Về việc cấp phép nêu trên, Chủ tịch UBND tỉnh giao Sở Công Thương kiểm tra, báo cáo.",
            &r,
        );
        assert_eq!(c.kind, ClauseKind::Task);
        assert_eq!(c.lead, vec!["Sở Công Thương"]);
        // A framing phrase, then the subject after a comma.
        let c = read_clause(
            "Trên cơ sở đề nghị của các Sở, cơ quan liên quan, Sở Tài chính khẩn trương rà soát, bố trí kinh phí.",
            &r,
        );
        assert_eq!(c.kind, ClauseKind::Task);
        assert_eq!(c.lead, vec!["Sở Tài chính"]);
        assert!(c.action.contains("rà soát, bố trí kinh phí"));
        let c = read_clause(
            "Để bảo đảm tiến độ, Ban Quản lý dự án tỉnh tập trung nhân lực thi công.",
            &r,
        );
        assert_eq!(c.lead, vec!["Ban Quản lý dự án tỉnh"]);
        let c = read_clause(
            "Căn cứ nội dung Kế hoạch và tình hình thực tiễn, các sở, ban, ngành, Ủy ban nhân dân các xã, phường xây dựng kế hoạch triển khai.",
            &r,
        );
        assert_eq!(c.lead.len(), 2, "{:?}", c.lead);
        let c = read_clause(
            "Thực hiện Quyết định số 12/QĐ-TTg, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau: ;",
            &r,
        );
        assert!(c.lead.is_empty());
        // A statement of what was done names no one and gives no task.
        let c = read_clause("Năm qua, toàn tỉnh đã tổ chức nhiều hội nghị tập huấn.", &r);
        assert_eq!(c.kind, ClauseKind::Context);
        let c = read_clause("(Xem danh sách kèm theo ở cuối văn bản)", &r);
        assert_eq!(c.kind, ClauseKind::Context);
    }

    #[test]
    fn noun_phrase_items_are_the_contents_of_the_task_above() {
        let text = "Chủ tịch UBND tỉnh yêu cầu:\n\
                    1. Sở Giáo dục và Đào tạo khẩn trương thống kê các nội dung sau:\n\
                    (1) Số trường học bị hư hỏng mái.\n\
                    (2) Tổng kinh phí cần để sửa chữa.\n\
                    2. Sở Tài chính bố trí kinh phí.\n";
        let x = extracted(text);
        let actions: Vec<&str> = x.tasks.iter().map(|t| t.action.as_str()).collect();
        assert_eq!(x.tasks.len(), 2, "{actions:?}");
        assert!(actions[0].contains("thống kê các nội dung sau"));
        assert_eq!(x.tasks[0].assignees, vec!["Sở Giáo dục và Đào tạo"]);
        // Items that each name an instance of the noun listed.
        let text = "Chủ tịch UBND tỉnh yêu cầu:\n\
                    1. Sở Nội vụ khẩn trương hoàn thiện các báo cáo: (i) Báo cáo tình hình biên chế; (ii) Báo cáo kết quả thi đua.\n\
                    2. Sở Tài chính bố trí kinh phí.\n";
        let x = extracted(text);
        assert_eq!(x.tasks.len(), 2, "{:?}", x.tasks);
    }

    #[test]
    fn a_body_that_did_something_after_an_opening_phrase_is_a_fact() {
        let text = "Số: 12/BNV-KHTC\nHà Nội, ngày 10 tháng 11 năm 2025\n\
                    Kính gửi: Ủy ban nhân dân các tỉnh.\n\
                    1. Trên cơ sở ý kiến của Bộ Tài chính tại Công văn số 15564/BTC-KTN ngày 08/10/2025, Bộ Nội vụ đã hướng dẫn Sở Nội vụ các tỉnh xác định mức chi.\n\
                    2. Tại thời điểm tổng hợp dự toán năm 2026, các địa phương đang triển khai sắp xếp bộ máy.\n\
                    3. Trên cơ sở kết quả rà soát, các địa phương đã được phân bổ kinh phí khẩn trương triển khai chi trả.\n";
        let x = extracted(text);
        let items: Vec<&str> = x.tasks.iter().map(|t| t.item.as_str()).collect();
        assert_eq!(items, vec!["3"], "{:?}", x.tasks);
    }

    #[test]
    fn a_closing_deadline_sentence_dates_every_task_of_its_item() {
        let text = "Số: 12/UBND-KT\nAn Giang, ngày 10 tháng 11 năm 2025\n\
                    Ủy ban nhân dân tỉnh yêu cầu:\n\
                    1. Sở Tài chính khẩn trương rà soát các dự án đầu tư công. Sở Xây dựng kiểm tra, đánh giá chất lượng công trình. Thời hạn hoàn thành: trước ngày 30/11/2025.\n\
                    2. Sở Y tế theo dõi tình hình dịch bệnh, báo cáo trước ngày 15/12/2025. Sở Nội vụ tổng hợp danh sách cán bộ.\n";
        let x = extracted(text);
        let due: Vec<(&str, Option<&str>)> = x
            .tasks
            .iter()
            .map(|t| (t.assignees[0].as_str(), t.deadline.due.as_deref()))
            .collect();
        assert_eq!(
            due,
            vec![
                ("Sở Tài chính", Some("2025-11-30")),
                ("Sở Xây dựng", Some("2025-11-30")),
                // A date inside a sentence stays that sentence's own.
                ("Sở Y tế", Some("2025-12-15")),
                ("Sở Nội vụ", None),
            ]
        );
    }

    #[test]
    fn appendix_table_rows_are_tasks() {
        // One cell per paragraph, cells run together on one line, a row wrapped.
        let text = "Số: 7/KH-UBND\nKẾ HOẠCH\nI. NHIỆM VỤ\n1. Tổ chức hội thi (chi tiết tại Phụ lục).\n\
                    Nơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nLê Văn Ba\n\n\
                    PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n(Kèm theo Kế hoạch số 7/KH-UBND)\n\n\
                    STT\n\nNhiệm vụ\n\nCơ quan chủ trì\n\nCơ quan phối hợp\n\nThời gian hoàn thành\n\nSản phẩm\n\n\
                    I\n\nTUYÊN TRUYỀN\n\n1\n\nIn tờ rơi về an toàn\ngiao thông\n\nSở Văn hóa\n\nCác xã, phường\n\nQuý I/2026\n\nTờ rơi\n\n\
                    2\n\nMở lớp bồi dưỡng kỹ năng (Điều 5 Nghị định) Trường Chính trị tỉnh Sở Nội vụ và các đơn vị liên quan Trước ngày 30/6/2026 Báo cáo 3 Kiểm tra hồ sơ tồn đọng Thanh tra tỉnh Các sở, ngành 2026\n";
        let parsed = crate::parse::parse(&crate::normalize::normalize(text));
        assert_eq!(parsed.appendices.len(), 1, "{:?}", parsed.body);
        let x = crate::extract::extract(&parsed, &RuleSet::bundled());
        let pl: Vec<&Task> = x
            .tasks
            .iter()
            .filter(|t| t.item.starts_with("PL"))
            .collect();
        assert_eq!(pl.len(), 3, "{pl:?}");
        assert_eq!(pl[0].action, "In tờ rơi về an toàn giao thông");
        assert_eq!(pl[0].assignees, vec!["Sở Văn hóa"]);
        assert_eq!(pl[0].coordinators, vec!["Các xã, phường"]);
        assert_eq!(pl[0].deadline.kind, crate::letter::DeadlineKind::Quarter);
        assert!(pl[1].action.starts_with("Mở lớp bồi dưỡng kỹ năng"));
        assert_eq!(pl[1].assignees, vec!["Trường Chính trị tỉnh"]);
        assert_eq!(
            pl[1].coordinators,
            vec!["Sở Nội vụ", "các đơn vị liên quan"]
        );
        assert_eq!(pl[1].deadline.due.as_deref(), Some("2026-06-30"));
        assert_eq!(pl[2].action, "Kiểm tra hồ sơ tồn đọng");
        assert_eq!(pl[2].assignees, vec!["Thanh tra tỉnh"]);
        assert_eq!(pl[2].coordinators, vec!["Các sở, ngành"]);
    }

    #[test]
    fn appendix_rows_without_numbers_split_at_the_next_task() {
        // A scan lost the row numbers and ran two rows together.
        let text = "Nơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nLê Văn Ba\n\nPHỤ LỤC\n\n\
                    Nội dung\n\nĐơn vị chủ trì\n\nĐơn vị phối hợp\n\nThời hạn\n\nKết quả\n\n\
                    Sửa chữa đê bao Công an tỉnh Các xã ven sông 2026 Kế hoạch Kiểm tra biển báo Sở Giao thông Các đơn vị liên quan Quý II/2026 Biển báo\n";
        let x = extracted(text);
        let pl: Vec<&Task> = x
            .tasks
            .iter()
            .filter(|t| t.item.starts_with("PL"))
            .collect();
        assert_eq!(pl.len(), 2, "{pl:?}");
        assert_eq!(pl[0].action, "Sửa chữa đê bao");
        assert_eq!(pl[0].assignees, vec!["Công an tỉnh"]);
        assert_eq!(pl[1].action, "Kiểm tra biển báo");
        assert_eq!(pl[1].coordinators, vec!["Các đơn vị liên quan"]);
    }

    #[test]
    fn a_name_ends_where_its_predicate_starts() {
        let r = RuleSet::bundled();
        let c = read_clause(
            "Sở Tư pháp là cơ quan thường trực, theo dõi việc thực hiện.",
            &r,
        );
        assert_eq!(c.lead, vec!["Sở Tư pháp"]);
        let c = read_clause(
            "Thủ trưởng các phòng được giao chủ trì chịu trách nhiệm về tiến độ.",
            &r,
        );
        assert_eq!(c.lead, vec!["Thủ trưởng các phòng được giao chủ trì"]);
        let c = read_clause("Ban Thường vụ Huyện ủy lãnh đạo, chỉ đạo việc sơ kết.", &r);
        assert_eq!(c.lead, vec!["Ban Thường vụ Huyện ủy"]);
        let c = read_clause("UBND các xã, thị trấn quan tâm bố trí kinh phí.", &r);
        assert_eq!(c.lead, vec!["UBND các xã, thị trấn"]);
    }

    #[test]
    fn a_section_detailed_in_the_appendix_gives_its_tasks_there() {
        let text =
            "Số: 9/KH-UBND\nKẾ HOẠCH\nII. NỘI DUNG\n1. Tổ chức hội thi tìm hiểu pháp luật.\n\
                    2. Kiểm tra việc niêm yết thủ tục.\n(Chi tiết tại Phụ lục kèm theo)\n\
                    III. TỔ CHỨC THỰC HIỆN\nSở Tư pháp theo dõi, tổng hợp kết quả.\n\
                    Nơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nLê Văn Ba\n\nPHỤ LỤC\n\n\
                    TT\n\nNội dung\n\nCơ quan chủ trì\n\nThời gian\n\n\
                    1\n\nTổ chức hội thi tìm hiểu pháp luật\n\nSở Tư pháp\n\nQuý III/2026\n\n\
                    2\n\nKiểm tra việc niêm yết thủ tục\n\nVăn phòng UBND tỉnh\n\nNăm 2026\n";
        let x = extracted(text);
        let items: Vec<&str> = x.tasks.iter().map(|t| t.item.as_str()).collect();
        assert_eq!(items, vec!["III", "PL.1", "PL.2"], "{:?}", x.tasks);
        // Under a body's heading, "Về X: <action>" is that body's task.
        let c = read_clause(
            "Về thi công: chỉ đạo nhà thầu tăng ca.",
            &RuleSet::bundled(),
        );
        assert_eq!(c.kind, ClauseKind::Task);
    }

    #[test]
    fn labelled_coordinators_join_an_item_that_names_its_lead() {
        let text = "II. NHIỆM VỤ\n\
                    1. UBND các xã tổ chức tập huấn cho cán bộ.\n\
                    - Cơ quan phối hợp: Sở Khoa học và Công nghệ.\n\
                    - Thời gian hoàn thành: Quý II/2026.\n\
                    2. Đề nghị Công an tỉnh chậm nhất ngày 30/6/2026 báo cáo kết quả.\n";
        let x = extracted(text);
        assert_eq!(x.tasks.len(), 2, "{:?}", x.tasks);
        assert_eq!(x.tasks[0].assignees, vec!["UBND các xã"]);
        assert_eq!(x.tasks[0].coordinators, vec!["Sở Khoa học và Công nghệ"]);
        assert_eq!(x.tasks[1].assignees, vec!["Công an tỉnh"]);
        assert_eq!(x.tasks[1].coordinators, Vec::<String>::new());
    }

    #[test]
    fn topics_whose_colon_opens_the_work_are_tasks_of_the_heading_body() {
        let text = "Kính gửi: Bộ Xây dựng.\n\
                    Phó Thủ tướng Chính phủ có ý kiến như sau:\n\
                    1. Ủy ban nhân dân tỉnh Đồng Nai:\n\
                    - Về giải phóng mặt bằng: chỉ đạo các đơn vị liên quan đẩy nhanh tiến độ bàn giao mặt bằng.\n\
                    - Về nguồn vật liệu đá: tiếp tục hỗ trợ các nhà thầu.\n\
                    2. Bộ Xây dựng: chỉ đạo các nhà thầu tăng cường nhân lực.\n";
        let x = extracted(text);
        assert_eq!(x.tasks.len(), 3, "{:?}", x.tasks);
        assert_eq!(x.tasks[0].assignees, vec!["Ủy ban nhân dân tỉnh Đồng Nai"]);
        assert!(x.tasks[1].action.starts_with("tiếp tục hỗ trợ"));
        // Topics that only describe stay the contents of the task above.
        let r = RuleSet::bundled();
        assert!(is_content("Về phần mềm: các hệ thống đã cài đặt", &r));
        assert!(!is_content("Về thi công: chỉ đạo các nhà thầu", &r));
    }

    #[test]
    fn a_level_of_government_and_party_collectives_stay_in_the_name() {
        let r = RuleSet::bundled();
        let c = read_clause(
            "Chủ tịch Ủy ban nhân dân cấp tỉnh chỉ đạo rà soát nhà ở bị thiệt hại.",
            &r,
        );
        assert_eq!(c.lead, vec!["Chủ tịch Ủy ban nhân dân cấp tỉnh"]);
        let c = read_clause(
            "Cơ quan thanh tra khẩn trương hoàn thành việc cập nhật kết luận thanh tra.",
            &r,
        );
        assert_eq!(c.lead, vec!["Cơ quan thanh tra"]);
        let c = read_clause("Đề nghị các cơ quan kiểm tra, rà soát hồ sơ.", &r);
        assert_eq!(c.lead, vec!["các cơ quan"]);
        let c = read_clause(
            "Thủ trưởng các đơn vị được giao nhiệm vụ phổ biến thông tin thống kê chịu trách nhiệm xây dựng kế hoạch.",
            &r,
        );
        assert_eq!(
            c.lead,
            vec!["Thủ trưởng các đơn vị được giao nhiệm vụ phổ biến thông tin thống kê"]
        );
        // "tình hình" is not "tỉnh": the predicate "căn cứ tình hình" ends the name.
        let c = read_clause(
            "Ủy ban nhân dân các tỉnh, thành phố nêu tại Điều 1 căn cứ tình hình thực tế để quyết định mức hỗ trợ.",
            &r,
        );
        assert_eq!(
            c.lead,
            vec!["Ủy ban nhân dân các tỉnh, thành phố nêu tại Điều 1"]
        );
        let c = read_clause(
            "Yêu cầu các cấp ủy, tổ chức đảng, các cơ quan, đơn vị nghiêm túc triển khai.",
            &r,
        );
        assert_eq!(
            c.lead,
            vec!["các cấp ủy, tổ chức đảng", "các cơ quan, đơn vị"]
        );
        // A place with its name after the verb is its object.
        let c = read_clause("Bộ Tài chính hướng dẫn tỉnh Gia Lai lập hồ sơ.", &r);
        assert_eq!(c.lead, vec!["Bộ Tài chính"]);
    }

    #[test]
    fn a_request_over_items_that_state_facts_is_the_task() {
        let text = "Kính gửi: Báo Nhân dân.\n\
                    Thời gian gần đây xuất hiện thông tin sai lệch. Bộ Nội vụ đề nghị Báo Nhân dân chỉ đạo định hướng thông tin đúng, cụ thể như sau:\n\
                    1. Trong thời gian qua, nước ta đã tiến hành sắp xếp đơn vị hành chính.\n\
                    2. Ngày 16/6/2025, Quốc hội đã thông qua Luật Tổ chức chính quyền địa phương.\n";
        let x = extracted(text);
        assert_eq!(x.tasks.len(), 1, "{:?}", x.tasks);
        assert_eq!(x.tasks[0].assignees, vec!["Báo Nhân dân"]);
        assert!(x.tasks[0].action.contains("định hướng thông tin đúng"));
        // Items that are work: the request only introduces them.
        let text = "Kính gửi: Sở Y tế.\n\
                    UBND tỉnh đề nghị Sở Y tế thực hiện các nội dung sau:\n\
                    1. Rà soát cơ số thuốc.\n\
                    2. Báo cáo kết quả trước ngày 30/6/2026.\n";
        let x = extracted(text);
        assert_eq!(x.tasks.len(), 2, "{:?}", x.tasks);
    }

    /// A report lists results, but its section that looks ahead ("III.
    /// PHƯƠNG HƯỚNG, NHIỆM VỤ …") gives work to the bodies it names; an item
    /// there naming nobody, and the results above, stay no tasks.
    #[test]
    fn a_reports_section_that_looks_ahead_holds_tasks() {
        let text = "SỞ XÂY DỰNG\nSố: 88/BC-SXD\nBÁO CÁO\nKết quả công tác quý III năm 2026\n\
                    I. KẾT QUẢ THỰC HIỆN\n\
                    1. Phòng Quản lý nhà đã kiểm tra 12 công trình.\n\
                    II. NHIỆM VỤ QUÝ IV NĂM 2026\n\
                    1. Phòng Quản lý nhà xây dựng kế hoạch kiểm tra nhà chung cư cũ, hoàn thành trước ngày 30/11/2026.\n\
                    2. Tiếp tục đẩy mạnh tuyên truyền pháp luật về xây dựng.\n\
                    3. Văn phòng Sở tổng hợp kết quả kiểm tra mỗi quý.\n";
        let x = extracted(text);
        let leads: Vec<&str> = x.tasks.iter().map(|t| t.assignees[0].as_str()).collect();
        assert_eq!(
            leads,
            vec!["Phòng Quản lý nhà", "Văn phòng Sở"],
            "{:?}",
            x.tasks
        );
        assert!(x.tasks[0].action.contains("kế hoạch kiểm tra nhà chung cư"));
        assert_eq!(
            x.tasks[1].deadline.rule.as_ref().map(|r| r.frequency),
            Some(crate::letter::Frequency::Quarterly)
        );
    }

    /// A titled item whose work is a paragraph with "Cơ quan thực hiện: …"
    /// under it, and a section led once by a passive introduction ("… do Sở
    /// Y tế chủ trì thực hiện:"): each item is a task of that body.
    #[test]
    fn leads_named_by_a_closing_label_or_once_for_a_section() {
        let text = "Kính gửi: Các sở, ngành.\n\
                    II. NHIỆM VỤ VÀ GIẢI PHÁP\n\
                    1. Khắc phục điểm đen tai nạn giao thông\n\
                    Rà soát, xử lý dứt điểm các điểm đen trên các tuyến đường tỉnh; hoàn thành trước ngày 30/11/2026.\n\
                    Cơ quan thực hiện: Sở Xây dựng; phối hợp: Công an tỉnh, Tỉnh Đoàn.\n\
                    III. CỨU HỘ, CẤP CỨU\n\
                    Các nhiệm vụ tại mục này do Sở Y tế chủ trì thực hiện:\n\
                    1. Kiện toàn mạng lưới cấp cứu ngoại viện.\n\
                    2. Tập huấn sơ cứu cho lực lượng xung kích.\n";
        let x = extracted(text);
        let got = leads(&x);
        assert_eq!(
            got,
            vec![
                (
                    "II.1",
                    vec!["Sở Xây dựng"],
                    vec!["Công an tỉnh", "Tỉnh Đoàn"]
                ),
                ("III.1", vec!["Sở Y tế"], vec![]),
                ("III.2", vec!["Sở Y tế"], vec![]),
            ]
        );
    }

    /// A Quyết định with its Kế hoạch attached after the signature: the
    /// plan's table (header row run onto one line) gives one task a row, and
    /// the plan's next section is not read into the last row.
    #[test]
    fn a_plan_attached_after_the_signature_gives_its_tables_rows() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 2290/QĐ-UBND\nQuảng Trị, ngày 25 tháng 8 năm 2026\n\
                    QUYẾT ĐỊNH\nBan hành Kế hoạch bảo tồn di sản văn hóa năm 2027\n\
                    Điều 1. Ban hành kèm theo Quyết định này Kế hoạch bảo tồn di sản văn hóa năm 2027.\n\
                    Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n\
                    Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\
                    TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Thị Thu Hiền\n\n\
                    KẾ HOẠCH\nBảo tồn di sản văn hóa năm 2027\n\
                    (Ban hành kèm theo Quyết định số 2290/QĐ-UBND ngày 25/8/2026 của Ủy ban nhân dân tỉnh)\n\
                    I. NHIỆM VỤ CỤ THỂ\n\
                    STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành Sản phẩm\n\
                    1 Lập hồ sơ xếp hạng di tích quốc gia Sở Văn hóa, Thể thao và Du lịch UBND xã Vĩnh Hòa Quý II/2027 Hồ sơ di tích\n\
                    2 Kiểm kê di sản văn hóa phi vật thể UBND các xã miền núi Sở Văn hóa, Thể thao và Du lịch Trước ngày 30/9/2027 Báo cáo kiểm kê\n\
                    II. TỔ CHỨC THỰC HIỆN\n\
                    Sở Văn hóa, Thể thao và Du lịch là cơ quan đầu mối theo dõi, tổng hợp tình hình thực hiện Kế hoạch.\n";
        let x = extracted(text);
        let got: Vec<(&str, &str, Option<&str>)> = x
            .tasks
            .iter()
            .map(|t| {
                (
                    t.action.as_str(),
                    t.assignees[0].as_str(),
                    t.deadline.due.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Lập hồ sơ xếp hạng di tích quốc gia",
                    "Sở Văn hóa, Thể thao và Du lịch",
                    Some("2027-06-30")
                ),
                (
                    "Kiểm kê di sản văn hóa phi vật thể",
                    "UBND các xã miền núi",
                    Some("2027-09-30")
                ),
            ]
        );
    }

    /// Inside an item, a paragraph ending with ":" that assigns the items
    /// after it, or names a body alone, leads them and is no task itself.
    #[test]
    fn an_introduction_inside_an_item_leads_what_follows() {
        let text = "Kính gửi: Các đơn vị thuộc Bộ.\n\
                    II. NHIỆM VỤ VÀ GIẢI PHÁP\n\
                    1. Phát triển và vận hành nền tảng\n\
                    Giao Cục Chuyển đổi số quốc gia chủ trì thực hiện các nhiệm vụ tại mục này, phối hợp với Cục An toàn thông tin:\n\
                    a) Nâng cấp nền tảng định danh doanh nghiệp, hoàn thành trước ngày 31/3/2027.\n\
                    b) Kết nối, chia sẻ dữ liệu với Hệ thống thông tin quốc gia về đăng ký doanh nghiệp.\n\
                    2. Truyền thông, hỗ trợ doanh nghiệp\n\
                    Trung tâm Truyền thông khoa học và công nghệ:\n\
                    Xây dựng bộ tài liệu hướng dẫn doanh nghiệp trong tháng 9/2026.\n";
        let x = extracted(text);
        let got = leads(&x);
        let lead = vec!["Cục Chuyển đổi số quốc gia"];
        let coord = vec!["Cục An toàn thông tin"];
        assert_eq!(
            got,
            vec![
                ("II.1.a", lead.clone(), coord.clone()),
                ("II.1.b", lead, coord),
                (
                    "II.2",
                    vec!["Trung tâm Truyền thông khoa học và công nghệ"],
                    vec![]
                ),
            ]
        );
    }

    #[test]
    fn labels_and_sections() {
        let r = RuleSet::bundled();
        assert_eq!(
            label_of("Thời gian hoàn thành: Quý II/2026.", &r),
            Some((Label::Deadline, "Quý II/2026.".to_string()))
        );
        assert_eq!(
            label_of("Cơ quan chủ trì: Sở Nội vụ", &r),
            Some((Label::Lead, "Sở Nội vụ".to_string()))
        );
        assert_eq!(label_of("Chủ trì, phối hợp với Sở Y tế", &r), None);
        assert!(is_non_directive("MỤC ĐÍCH, YÊU CẦU", &r));
        assert!(!is_non_directive("Yêu cầu Sở Y tế khẩn trương rà soát", &r));
    }

    fn due_of(t: &ClauseTask) -> Option<String> {
        t.deadline.as_ref().and_then(|d| d.due.clone())
    }

    #[test]
    fn a_clause_is_split_only_at_a_second_due_date_or_new_coordinators() {
        let r = RuleSet::bundled();
        let dates = Context::default();
        // Two due dates: two tasks, each with its own.
        let t = clause_tasks(
            "Huy động lực lượng hỗ trợ sửa chữa nhà cho các gia đình có nhà bị hư hỏng nặng, hoàn thành chậm nhất trước ngày 31/12/2025; xây dựng lại nhà, tái định cư cho tất cả các gia đình có nhà bị đổ, sập chậm nhất trước ngày 31/01/2026.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 2);
        assert!(t[1].action.starts_with("xây dựng lại nhà"));
        let due = |k: usize| t[k].deadline.as_ref().and_then(|d| d.due.clone());
        assert_eq!(due(0).as_deref(), Some("2025-12-31"));
        assert_eq!(due(1).as_deref(), Some("2026-01-31"));
        // One due date, set by a report back: one task with that date (the
        // report opens the part, or closes it).
        let t = clause_tasks(
            "Rà soát, đánh giá việc thực hiện các chỉ tiêu của năm 2026 trên địa bàn; báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 10/12/2026.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 1);
        let t = clause_tasks(
            "Hướng dẫn các xã lập hồ sơ; xây dựng báo cáo tổng kết, báo cáo Ủy ban nhân dân tỉnh trước ngày 10/12/2026.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 1);
        assert!(t[0].deadline.as_ref().is_some_and(|d| d.due.is_some()));
        // Advising the issuer by a date ("tham mưu") reports the work back too.
        let t = clause_tasks(
            "Theo dõi, đôn đốc việc thực hiện Kết luận này; tham mưu Ban Thường vụ Tỉnh ủy sơ kết vào tháng 12/2027.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0].deadline.as_ref().and_then(|d| d.due.as_deref()),
            Some("2027-12-31")
        );
        // The work's due date, then a reporting rhythm: one task, due on the
        // work's date.
        let dates_2026 = Context {
            year: Some(2026),
            ..Context::default()
        };
        let t = clause_tasks(
            "Tổng kiểm tra nhà ở kết hợp kinh doanh trên địa bàn, hoàn thành trước ngày 30/6/2026; báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 10 của tháng đầu quý sau.",
            &r,
            &dates_2026,
        );
        assert_eq!(t.len(), 1);
        assert_eq!(due_of(&t[0]).as_deref(), Some("2026-06-30"));
        // One due date, set by an action of its own: the undated action
        // before it is a task without the date.
        let t = clause_tasks(
            "Khẩn trương hoàn thiện hồ sơ thiết kế phòng cháy, chữa cháy; tập trung thi công các hạng mục còn lại, hoàn thành việc xây dựng trước ngày 30/11/2026.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 2);
        assert!(t[0].deadline.as_ref().is_none_or(|d| d.due.is_none()));
        assert_eq!(
            t[1].deadline.as_ref().and_then(|d| d.due.as_deref()),
            Some("2026-11-30")
        );
        // A yearly report in a sentence of its own: its own task, recurring.
        let t = clause_tasks(
            "Các sở, ngành xây dựng kế hoạch triển khai thi hành Nghị định trong phạm vi quản lý. Hằng năm báo cáo kết quả thực hiện về Sở Nội vụ để tổng hợp.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 2);
        assert!(t[0].deadline.is_none());
        assert_eq!(
            t[1].deadline.as_ref().map(|d| d.kind),
            Some(DeadlineKind::Recurring)
        );
        // A report in a sentence of its own is a task of its own.
        let t = clause_tasks(
            "Vận động nhân dân giúp đỡ các gia đình bị thiệt hại. Báo cáo kế hoạch thực hiện và nhu cầu hỗ trợ, gửi Bộ Tài chính trước ngày 03/12/2026.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 2);
        // A second action with its own coordinators: its own task; the date
        // it sets is its own.
        let t = clause_tasks(
            "Kiểm tra, đôn đốc các bộ, cơ quan trong việc thực hiện các nhiệm vụ nêu trên; chủ trì, phối hợp với Văn phòng Chính phủ nghiên cứu, đề xuất tiêu chí đánh giá việc thực hiện trước ngày 15/12/2025.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 2);
        assert_eq!(
            t[1].coordinators.as_deref(),
            Some(&["Văn phòng Chính phủ".to_string()][..])
        );
        assert!(t[0].deadline.is_none() && t[1].deadline.is_some());
        // Nothing is split inside brackets.
        let t = clause_tasks(
            "Đẩy nhanh tiến độ bàn giao mặt bằng (phạm vi cầu vượt trước ngày 30/11/2025; phối hợp với Sở Xây dựng thi công nút giao trước ngày 15/12/2025) của dự án.",
            &r,
            &dates,
        );
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn sentences_split_at_cues() {
        let r = RuleSet::bundled();
        let s = split_sentences(
            "Giao Sở Y tế rà soát. Đề nghị Công an tỉnh phối hợp. Đảm bảo an toàn.",
            &r,
        );
        assert_eq!(
            s,
            vec![
                "Giao Sở Y tế rà soát.",
                "Đề nghị Công an tỉnh phối hợp. Đảm bảo an toàn."
            ]
        );
        // A sentence whose subject is a body and whose predicate is work.
        let s = split_sentences(
            "Yêu cầu các sở đẩy mạnh rà soát. Các tỉnh ủy, thành ủy phối hợp Bộ Y tế khẩn trương sắp xếp trạm y tế. Bộ Chính trị đã ghi nhận. Sở Nội vụ đã tổ chức 3 hội nghị.",
            &r,
        );
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[1].starts_with("Các tỉnh ủy") && s[1].ends_with("3 hội nghị."));
    }
}
