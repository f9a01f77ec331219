//! Cited documents: "<kind> số <number> ngày <date> của <issuer>".
//!
//! Numbers are found by the grammars of `rules/numbers.toml` (so a citation is
//! found even where OCR mangled "số"); the kind is read from the words just
//! before the number, else from the kind code inside the number; the date and
//! the issuer from the words after it. Short back-references ("Kế hoạch số 02"
//! after "Kế hoạch số 02-KH/BCĐTW … (Kế hoạch số 02)") resolve to the full
//! number and add no new reference. The letter's own number is not a citation.

use super::dates::date_at_start;
use super::numbers::{find_numbers, NumberHit};
use crate::letter::Reference;
use crate::rules::fold::{fold, Folded};
use crate::rules::RuleSet;
use regex::Regex;
use std::sync::OnceLock;

/// The kind name written just before a number ("Kế hoạch số ").
fn kind_before(text: &str, at: usize, rules: &RuleSet) -> Option<String> {
    let mut from = at.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = fold(&text[from..at]);
    let c = rules.kind_before.captures(&before)?;
    rules
        .kind_by_name(c.get(1)?.as_str())
        .map(|k| k.name.clone())
}

/// The kind code inside a number: "KH" in 02-KH/BCĐTW, "NĐ" in
/// 118/2025/NĐ-CP, "NQ" in 71/NQ-CP.
pub fn kind_from_number(number: &str, rules: &RuleSet) -> Option<String> {
    let rest = number.trim_start_matches(|c: char| c.is_ascii_digit());
    let code = if let Some(r) = rest.strip_prefix('-') {
        // Party style: 02-KH/BCĐTW
        r.split('/').next()
    } else if let Some(r) = rest.strip_prefix('/') {
        // State style: 118/2025/NĐ-CP or 71/NQ-CP
        let r = r
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches('/');
        r.split('-').next()
    } else {
        None
    }?;
    rules.kind_by_abbrev(code).map(|k| k.name.clone())
}

fn issuer_stop() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"(?:\s(?:ve|v/v|tai|theo|trong|nham|huong dan|trien khai|thuc hien|ban hanh|quy dinh|gui|kem theo|dong thoi|ngay)\b|[;,.()\[\]:“”\x22\n])",
        )
        .unwrap_or_else(|e| panic!("issuer regex: {e}"))
    })
}

/// The issuer after "của": a listed agency, else the words up to a stop word.
fn issuer_at(text: &str, rules: &RuleSet) -> Option<String> {
    let f = Folded::new(text);
    let lead = ["cua ", "do "].iter().find_map(|w| {
        let t = f.folded.trim_start();
        t.starts_with(w).then(|| f.folded.len() - t.len() + w.len())
    })?;
    let rest = &f.folded[lead..];
    // A listed agency (longest name or alias) wins.
    let mut best: Option<(usize, &str)> = None;
    for a in &rules.agencies {
        for k in &a.keys {
            if rest.starts_with(k.as_str())
                && rest[k.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
                && best.is_none_or(|(l, _)| k.len() > l)
            {
                best = Some((k.len(), a.name.as_str()));
            }
        }
    }
    let mut end = issuer_stop().find(rest).map_or(rest.len(), |m| m.start());
    // An action in lowercase ends the name: "Thủ tướng Chính phủ phê duyệt …".
    let orig_rest = f.slice(lead, f.folded.len());
    let fr = Folded::new(orig_rest);
    for (ms, _) in rules.cues.action_verbs.find_in(&fr, 0) {
        if ms == 0 || ms >= end {
            continue;
        }
        if fr
            .slice(ms, ms + 1)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
        {
            end = ms;
            break;
        }
    }
    // " và " ends the issuer when another document or body follows.
    if let Some(v) = rest[..end].find(" va ") {
        let after = &rest[v + 4..];
        let next_is_doc = rules
            .kinds
            .iter()
            .any(|k| k.names.iter().any(|n| after.starts_with(n.as_str())))
            || after.starts_with("cac ");
        if next_is_doc {
            end = v;
        }
    }
    if let Some((len, name)) = best {
        if len >= end {
            return Some(name.to_string());
        }
    }
    let words: Vec<&str> = f.slice(lead, lead + end).split_whitespace().collect();
    if words.is_empty() || words.len() > 14 {
        return None;
    }
    Some(words.join(" "))
}

/// One citation in a text, before merging.
#[derive(Debug, Clone)]
struct Mention {
    reference: Reference,
}

fn mentions(text: &str, rules: &RuleSet, own: Option<&str>) -> Vec<Mention> {
    let mut out = Vec::new();
    for NumberHit { start, end, number } in find_numbers(text, rules) {
        // The letter's own number, also as OCR misread it once elsewhere.
        if own.is_some_and(|o| fold(o) == fold(&number) || same_document(o, &number)) {
            continue;
        }
        let kind = kind_before(text, start, rules).or_else(|| kind_from_number(&number, rules));
        let mut after = &text[end..];
        let mut date = None;
        if let Some((d, used)) = date_at_start(after) {
            date = Some(d.iso());
            after = &after[used..];
        }
        // An issuer is a few words: look at a short window, not the rest of the text.
        let mut w = after.len().min(240);
        while !after.is_char_boundary(w) {
            w -= 1;
        }
        let issuer = issuer_at(&after[..w], rules);
        out.push(Mention {
            reference: Reference {
                kind,
                number,
                date,
                issuer,
            },
        });
    }
    out
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The same document cited twice with one character misread ("02-KH/BCHTW"
/// beside "02-KH/BCĐTW"): same digits, same length, one edit apart.
fn same_document(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    let digits = |s: &str| {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    fa.chars().count().abs_diff(fb.chars().count()) <= 1
        && digits(&fa) == digits(&fb)
        && !digits(&fa).is_empty()
        && fa.chars().count() >= 6
        && edit_distance(&fa, &fb) <= 1
}

/// All documents cited by a letter: its text and its footnotes. `own` is the
/// letter's own number (not a citation).
pub fn references(texts: &[&str], rules: &RuleSet, own: Option<&str>) -> Vec<Reference> {
    let all: Vec<Mention> = texts.iter().flat_map(|t| mentions(t, rules, own)).collect();
    // Group by folded number; count mentions to pick the spelling of misreads.
    let mut groups: Vec<(Reference, usize)> = Vec::new();
    for m in all {
        let r = m.reference;
        let at = groups
            .iter()
            .position(|(g, _)| fold(&g.number) == fold(&r.number))
            .or_else(|| {
                groups
                    .iter()
                    .position(|(g, _)| same_document(&g.number, &r.number))
            });
        match at {
            Some(i) => {
                let (g, n) = &mut groups[i];
                *n += 1;
                // Prefer the spelling with Đ restored, else the shorter of two
                // misreadings (OCR inserts more letters than it drops).
                let restored = !g.number.contains('Đ')
                    && r.number.contains('Đ')
                    && fold(&g.number) == fold(&r.number);
                if restored || r.number.chars().count() < g.number.chars().count() {
                    g.number = r.number.clone();
                }
                if g.kind.is_none() {
                    g.kind = r.kind;
                }
                if g.date.is_none() {
                    g.date = r.date;
                }
                if g.issuer.is_none() {
                    g.issuer = r.issuer;
                }
            }
            None => groups.push((r, 1)),
        }
    }
    groups.into_iter().map(|(r, _)| r).collect()
}

/// A short citation "Kế hoạch số 02" resolved to a full number among `refs`.
pub fn resolve_short(text: &str, rules: &RuleSet, refs: &[Reference]) -> Option<String> {
    let f = fold(text);
    let c = rules.kind_short.captures(&f)?;
    let kind = rules.kind_by_name(c.get(1)?.as_str())?;
    let n: u64 = c.get(2)?.as_str().parse().ok()?;
    refs.iter()
        .find(|r| {
            r.kind.as_deref() == Some(kind.name.as_str())
                && r.number
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse::<u64>()
                    .ok()
                    == Some(n)
        })
        .map(|r| r.number.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(t: &str) -> Vec<Reference> {
        references(&[t], &RuleSet::bundled(), None)
    }

    #[test]
    fn a_full_citation() {
        let r = refs("Triển khai Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương về phát triển khoa học.");
        assert_eq!(
            r,
            vec![Reference {
                kind: Some("Kế hoạch".into()),
                number: "02-KH/BCĐTW".into(),
                date: Some("2025-06-19".into()),
                issuer: Some("Ban Chỉ đạo Trung ương".into()),
            }]
        );
    }

    #[test]
    fn issuers_stop_at_the_next_document() {
        let r = refs("Thông báo số 02-TB/BCĐ ngày 30/12/2025 của Ban Chỉ đạo 57 Tỉnh ủy và Công văn số 559-CV/ĐU ngày 31/12/2025 của Đảng ủy UBND tỉnh; Công văn số 472/SKHCN-BCVT&CĐS ngày 27/7/2025 của Sở Khoa học và Công nghệ hướng dẫn");
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].issuer.as_deref(), Some("Ban Chỉ đạo 57 Tỉnh ủy"));
        assert_eq!(r[1].issuer.as_deref(), Some("Đảng ủy UBND tỉnh"));
        assert_eq!(r[2].issuer.as_deref(), Some("Sở Khoa học và Công nghệ"));
        assert_eq!(r[2].kind.as_deref(), Some("Công văn"));
    }

    #[test]
    fn kind_from_the_number_and_misreads_merged() {
        let r = refs("Nghị quyết số 57- NQ/TW, ngày 22/12/2024 của Bộ Chính trị; theo 118/2025/NĐ-CP; Kế hoạch 02-KH/BCDTW và 02-KH/BCHTW và lại 02-KH/BCDTW");
        let n: Vec<&str> = r.iter().map(|x| x.number.as_str()).collect();
        assert_eq!(n, vec!["57-NQ/TW", "118/2025/NĐ-CP", "02-KH/BCĐTW"]);
        assert_eq!(r[0].date.as_deref(), Some("2024-12-22"));
        assert_eq!(r[1].kind.as_deref(), Some("Nghị định"));
    }

    #[test]
    fn own_number_and_short_forms() {
        let rules = RuleSet::bundled();
        let t = "Số: 15/KH-UBND. Triển khai Kế hoạch số 02-KH/BCĐTW (Kế hoạch số 02); theo Kế hoạch số 02.";
        let r = references(&[t], &rules, Some("15/KH-UBND"));
        assert_eq!(r.len(), 1);
        assert_eq!(
            resolve_short("theo Kế hoạch số 02", &rules, &r).as_deref(),
            Some("02-KH/BCĐTW")
        );
    }
}
