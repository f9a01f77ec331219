//! Deadlines: the phrases of `rules/deadlines.toml` read from a task's text
//! or from its "Thời gian hoàn thành: …" line, with the due day worked out.

use super::dates::Ymd;
use super::numbers::find_numbers;
use super::references::resolve_short;
use crate::letter::{Deadline, DeadlineKind, Reference};
use crate::rules::fold::Folded;
use crate::rules::{RuleSet, Scope};

/// Where the words come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Inside a task's sentence: only phrases of scope "any".
    Inline,
    /// The value of a deadline line: every phrase, and the whole value is the text.
    Label,
}

/// What is known around a deadline: the year to assume for "15/3", the
/// documents the letter cites (for "theo Kế hoạch số 02").
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    pub year: Option<i32>,
    pub references: &'a [Reference],
}

fn quarter(q: &str) -> Option<u32> {
    match q.to_ascii_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

/// Read a deadline from text; None when no phrase matches.
pub fn read_deadline(
    text: &str,
    source: Source,
    rules: &RuleSet,
    ctx: &Context,
) -> Option<Deadline> {
    let f = Folded::new(text.trim());
    let label_text = text
        .trim()
        .trim_end_matches(['.', ';', ','])
        .trim()
        .to_string();
    for p in &rules.deadlines {
        if p.scope == Scope::Label && source == Source::Inline {
            continue;
        }
        for c in p.re.captures_iter(&f.folded) {
            let Some(all) = c.get(0) else { continue };
            let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
            let year = c
                .name("year")
                .and_then(|m| m.as_str().parse::<i32>().ok())
                .or(ctx.year);
            let due = match p.kind {
                DeadlineKind::Date => match (num("day"), num("month"), year) {
                    (Some(d), Some(m), Some(y)) => match Ymd::new(y, m, d) {
                        Some(x) => Some(x),
                        None => continue,
                    },
                    (Some(d), Some(m), None) if Ymd::new(2000, m, d).is_some() => None,
                    _ => continue,
                },
                DeadlineKind::Month => match (num("month"), year) {
                    (Some(m), Some(y)) => match Ymd::end_of_month(y, m) {
                        Some(x) => Some(x),
                        None => continue,
                    },
                    (Some(m), None) if (1..=12).contains(&m) => None,
                    _ => continue,
                },
                DeadlineKind::Quarter => {
                    let month = if p.end_of_year {
                        Some(12)
                    } else if let Some(q) = c.name("quarter") {
                        quarter(q.as_str()).map(|q| q * 3)
                    } else {
                        num("first_months")
                    };
                    match (month, year) {
                        (Some(m), Some(y)) => Ymd::end_of_month(y, m),
                        (Some(_), None) => None,
                        _ => continue,
                    }
                }
                DeadlineKind::Year => match year {
                    Some(y) => Ymd::new(y, 12, 31),
                    None => continue,
                },
                DeadlineKind::Recurring | DeadlineKind::None | DeadlineKind::Reference => None,
            };
            let written = f.slice(all.start(), all.end()).trim().to_string();
            let mut r#ref = None;
            if p.kind == DeadlineKind::Reference {
                let span = c
                    .name("ref")
                    .map_or(written.clone(), |m| f.slice(m.start(), m.end()).to_string());
                r#ref = find_numbers(&span, rules)
                    .into_iter()
                    .next()
                    .map(|h| h.number)
                    .or_else(|| resolve_short(&span, rules, ctx.references));
                if r#ref.is_none() {
                    continue;
                }
            }
            return Some(Deadline {
                kind: p.kind,
                due: due.map(|d| d.iso()),
                text: Some(if source == Source::Label {
                    label_text
                } else {
                    written
                }),
                r#ref,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(t: &str, s: Source) -> Option<(DeadlineKind, Option<String>)> {
        let ctx = Context {
            year: Some(2026),
            references: &[],
        };
        read_deadline(t, s, &RuleSet::bundled(), &ctx).map(|d| (d.kind, d.due))
    }

    #[test]
    fn inline_and_label_phrases() {
        use DeadlineKind as K;
        assert_eq!(
            read("báo cáo UBND tỉnh trước ngày 15/3.", Source::Inline),
            Some((K::Date, Some("2026-03-15".into())))
        );
        assert_eq!(
            read("doanh nghiệp thường xuyên rà soát", Source::Inline),
            None
        );
        assert_eq!(
            read("Thường xuyên.", Source::Label),
            Some((K::Recurring, None))
        );
        assert_eq!(
            read("chuyển đổi số quốc gia năm 2026", Source::Inline),
            None
        );
        assert_eq!(
            read("Năm 2026", Source::Label),
            Some((K::Year, Some("2026-12-31".into())))
        );
        assert_eq!(
            read("trước ngày 25 hằng tháng", Source::Inline),
            Some((K::Recurring, None))
        );
        assert_eq!(read("trong 24/124 xã", Source::Inline), None);
    }

    #[test]
    fn a_reference_deadline_resolves_short_numbers() {
        let refs = vec![Reference {
            kind: Some("Kế hoạch".into()),
            number: "02-KH/BCĐTW".into(),
            date: None,
            issuer: None,
        }];
        let ctx = Context {
            year: None,
            references: &refs,
        };
        let d = read_deadline(
            "Theo tiến độ tại Kế hoạch số 02",
            Source::Label,
            &RuleSet::bundled(),
            &ctx,
        )
        .expect("deadline");
        assert_eq!(d.kind, DeadlineKind::Reference);
        assert_eq!(d.r#ref.as_deref(), Some("02-KH/BCĐTW"));
    }
}
