//! Deadlines: the phrases of `rules/deadlines.toml` read from a task's text
//! or from its "Thời gian hoàn thành: …" line, with the due day worked out.

use super::dates::{date_years_in, Ymd};
use super::numbers::find_numbers;
use super::references::resolve_short;
use crate::letter::{Deadline, DeadlineKind, Frequency, Recurrence, Reference};
use crate::rules::fold::Folded;
use crate::rules::{Phrase, RuleSet, Scope};

/// Where the words come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Inside a task's sentence: only phrases of scope "any".
    Inline,
    /// The value of a deadline line: every phrase, and the whole value is the text.
    Label,
}

/// What is known around a deadline: the year to assume for "15/3" (the
/// letter's issue year; None when the letter has no date), the
/// letter's issue date (a recurring deadline's next occurrence is counted from
/// it), the documents the letter cites (for "theo Kế hoạch số 02").
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    pub year: Option<i32>,
    pub issued: Option<Ymd>,
    pub references: &'a [Reference],
}

/// The rule a recurring phrase states: its fixed parts, then what its named
/// groups captured. None when a captured value is not a real one (day 32,
/// an unknown weekday word) or no frequency is known.
fn recurrence(p: &Phrase, c: &regex::Captures, rules: &RuleSet) -> Option<Recurrence> {
    let words = |name: &str| {
        c.name(name).map(|m| {
            m.as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
    };
    let num = |name: &str, lo: u32, hi: u32| -> Result<Option<u32>, ()> {
        match c.name(name) {
            None => Ok(None),
            Some(m) => match m.as_str().parse::<u32>() {
                Ok(v) if (lo..=hi).contains(&v) => Ok(Some(v)),
                _ => Err(()),
            },
        }
    };
    let f = &p.rule;
    let frequency = match words("frequency") {
        // The longest listed word the group's text ends with: a pattern may
        // write its own group, "(?P<frequency>định kỳ (?:hằng )?tháng)".
        Some(w) => rules
            .frequencies
            .iter()
            .filter(|(x, _)| w == *x || w.ends_with(&format!(" {x}")))
            .max_by_key(|(x, _)| x.len())
            .map(|(_, q)| *q)?,
        None => f.frequency?,
    };
    let weekday = match words("weekday") {
        Some(w) => Some(
            rules
                .weekdays
                .iter()
                .find(|(x, _)| *x == w)
                .map(|(_, d)| *d)?,
        ),
        None => f.weekday,
    };
    let r = Recurrence {
        frequency,
        every: num("every", 1, 120).ok()?.or(f.every).filter(|&n| n > 1),
        month: num("month", 1, 12).ok()?.or(f.month),
        month_of_quarter: num("month_of_quarter", 1, 3).ok()?.or(f.month_of_quarter),
        day: num("day", 1, 31).ok()?.or(f.day),
        weekday,
        hour: num("hour", 0, 23).ok()?.or(f.hour),
    };
    if let (Some(m), Some(d)) = (r.month, r.day) {
        // 2000 is a leap year: "29/2 hằng năm" is a real day.
        Ymd::new(2000, m, d)?;
    }
    Some(r)
}

/// The next day on or after `from` on which a recurring deadline falls; None
/// when the rule does not fix a day (a bare "hằng tháng", "định kỳ 6 tháng",
/// "thường xuyên"). A day past the end of a short month is its last day.
pub fn next_due(r: &Recurrence, from: Ymd) -> Option<Ymd> {
    if r.every.is_some_and(|n| n > 1) {
        // Every n periods counted from a start the letter does not give.
        return None;
    }
    // The first of `months` (in order from `from`'s month) whose day is not
    // before `from`.
    let first_from = |day: u32, ok: &dyn Fn(u32) -> bool| -> Option<Ymd> {
        (0..=12).find_map(|n| {
            let (y, m) = from.months_later(n)?;
            let x = Ymd::clamped(y, m, day)?;
            (ok(m) && x >= from).then_some(x)
        })
    };
    match r.frequency {
        Frequency::Continuous => None,
        Frequency::Daily => Some(from),
        Frequency::Weekly => {
            let w = r.weekday?;
            from.add_days((w + 7 - from.weekday()) % 7)
        }
        Frequency::Monthly => first_from(r.day?, &|_| true),
        Frequency::Quarterly => {
            let k = r.month_of_quarter?;
            first_from(r.day?, &|m| (m - 1) % 3 + 1 == k)
        }
        Frequency::Yearly => {
            let month = r.month?;
            let day = r.day.unwrap_or(31);
            first_from(day, &|m| m == month)
        }
    }
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
            // A date without its year: the letter's year, else the year of
            // the nearest date written before it in the same text; else the
            // year stays unknown and `due` is left empty (the words are kept).
            let year = c
                .name("year")
                .and_then(|m| m.as_str().parse::<i32>().ok())
                .or(ctx.year)
                .or_else(|| date_years_in(f.slice(0, all.start())).last().copied());
            let mut rule = None;
            let due = match p.kind {
                // "trong vòng 10 ngày kể từ ngày ký": counted from the letter's date.
                DeadlineKind::Date if c.name("days").is_some() => {
                    let Some(n) = num("days").filter(|&n| (1..=366).contains(&n)) else {
                        continue;
                    };
                    let working = c.name("working").is_some();
                    ctx.issued.and_then(|from| {
                        if working {
                            from.add_working_days(n)
                        } else {
                            from.add_days(n)
                        }
                    })
                }
                DeadlineKind::Date => match (num("day"), num("month"), year) {
                    (Some(d), Some(m), Some(y)) => match Ymd::new(y, m, d) {
                        Some(x) if p.from_issue && ctx.issued.is_none_or(|i| x < i) => continue,
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
                DeadlineKind::Recurring => {
                    let Some(r) = recurrence(p, &c, rules) else {
                        continue;
                    };
                    let due = ctx.issued.and_then(|from| next_due(&r, from));
                    rule = Some(r);
                    due
                }
                DeadlineKind::None | DeadlineKind::Reference => None,
            };
            // A pattern may end on the punctuation that closes the clause.
            let written = f
                .slice(all.start(), all.end())
                .trim()
                .trim_end_matches([',', ';', '.'])
                .trim_end()
                .to_string();
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
                rule,
            });
        }
    }
    None
}

fn kind_name(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::None => "none",
        DeadlineKind::Date => "date",
        DeadlineKind::Month => "month",
        DeadlineKind::Quarter => "quarter",
        DeadlineKind::Year => "year",
        DeadlineKind::Recurring => "recurring",
        DeadlineKind::Reference => "reference",
    }
}

/// Run the examples of deadlines.toml; each failure described. An example
/// is read as its phrase's scope says, in a letter of 2026 (issued on the
/// example's `issued` day when it gives one).
pub fn check_examples(rules: &RuleSet) -> Vec<String> {
    let mut fails = Vec::new();
    for p in &rules.deadlines {
        let source = match p.scope {
            Scope::Any => Source::Inline,
            Scope::Label => Source::Label,
        };
        for e in &p.examples {
            let issued = match e.issued.as_deref() {
                None => None,
                Some(s) => match Ymd::parse_iso(s) {
                    Some(d) => Some(d),
                    None => {
                        fails.push(format!(
                            "deadlines.toml: example {:?}: issued {s:?} is not a YYYY-MM-DD day",
                            e.text
                        ));
                        continue;
                    }
                },
            };
            let ctx = Context {
                year: Some(issued.map_or(2026, |d| d.y)),
                issued,
                references: &[],
            };
            let got = read_deadline(&e.text, source, rules, &ctx);
            // Kind "none": the words give no deadline at all.
            let none =
                e.kind == "none" && got.as_ref().is_none_or(|d| d.kind == DeadlineKind::None);
            let ok = none
                || got.as_ref().is_some_and(|d| {
                    kind_name(d.kind) == e.kind
                        && d.due.clone().unwrap_or_default() == e.due
                        && (!e.check_rule || d.rule == e.rule)
                });
            if !ok {
                let rule = if e.check_rule {
                    format!(" rule {:?}", e.rule)
                } else {
                    String::new()
                };
                fails.push(format!(
                    "deadlines.toml: {:?} should be {} {:?}{rule}, got {got:?}",
                    e.text, e.kind, e.due
                ));
            }
        }
    }
    fails
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(t: &str, s: Source) -> Option<(DeadlineKind, Option<String>)> {
        let ctx = Context {
            year: Some(2026),
            issued: None,
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

    /// The rule and due of a phrase in a letter issued on `issued`.
    fn recurring(t: &str, issued: &str) -> (Option<Recurrence>, Option<String>) {
        let from = Ymd::parse_iso(issued);
        let ctx = Context {
            year: from.map(|d| d.y),
            issued: from,
            references: &[],
        };
        let d = read_deadline(t, Source::Inline, &RuleSet::bundled(), &ctx)
            .unwrap_or_else(|| panic!("no deadline in {t:?}"));
        assert_eq!(d.kind, DeadlineKind::Recurring, "{t:?}");
        (d.rule, d.due)
    }

    fn rule(frequency: Frequency) -> Recurrence {
        Recurrence {
            frequency,
            ..Recurrence::default()
        }
    }

    #[test]
    fn monthly_rules_and_their_next_day() {
        let monthly_20 = Recurrence {
            day: Some(20),
            ..rule(Frequency::Monthly)
        };
        // Across a year's end, on the day itself, and before it.
        for (issued, due) in [
            ("2026-12-25", "2027-01-20"),
            ("2026-12-20", "2026-12-20"),
            ("2026-03-02", "2026-03-20"),
        ] {
            assert_eq!(
                recurring("nộp bảng tổng hợp trước ngày 20 hằng tháng.", issued),
                (Some(monthly_20.clone()), Some(due.into()))
            );
        }
        // Day 30 in February is its last day, also in a leap year.
        assert_eq!(
            recurring("chậm nhất ngày 30 hàng tháng", "2028-02-03").1,
            Some("2028-02-29".into())
        );
        // No issue date: the rule without a due day.
        assert_eq!(
            recurring("vào ngày 5 mỗi tháng", "").0,
            Some(Recurrence {
                day: Some(5),
                ..rule(Frequency::Monthly)
            })
        );
        assert_eq!(recurring("vào ngày 5 mỗi tháng", "").1, None);
        // The frequency first, then the day.
        assert_eq!(
            recurring(
                "Hằng tháng, trước ngày 20, Phòng Kinh tế tổng hợp",
                "2026-12-25"
            ),
            (Some(monthly_20.clone()), Some("2027-01-20".into()))
        );
        // …but a day with its month after a frequency is one date.
        let ctx = Context {
            year: Some(2026),
            issued: Ymd::new(2026, 3, 2),
            references: &[],
        };
        let d = read_deadline(
            "báo cáo hằng tháng, trước ngày 20/3/2026 gửi bản đầu tiên",
            Source::Inline,
            &RuleSet::bundled(),
            &ctx,
        )
        .expect("date");
        assert_eq!(
            (d.kind, d.due.as_deref()),
            (DeadlineKind::Date, Some("2026-03-20"))
        );
        // A frequency alone: no day, no due.
        assert_eq!(
            recurring("cập nhật định kỳ hàng tháng lên hệ thống", "2026-03-02"),
            (Some(rule(Frequency::Monthly)), None)
        );
    }

    #[test]
    fn weekly_rules_count_iso_weekdays() {
        // 2026-12-25 is a Friday (thứ Sáu, 5).
        let w = |d| Recurrence {
            weekday: Some(d),
            ..rule(Frequency::Weekly)
        };
        assert_eq!(
            recurring("báo cáo hằng tuần vào thứ Sáu", "2026-12-25"),
            (Some(w(5)), Some("2026-12-25".into()))
        );
        assert_eq!(
            recurring("giao ban vào thứ 2 hàng tuần", "2026-12-25"),
            (Some(w(1)), Some("2026-12-28".into()))
        );
        assert_eq!(
            recurring("gửi lịch công tác vào Chủ nhật hằng tuần", "2026-12-25"),
            (Some(w(7)), Some("2026-12-27".into()))
        );
        assert_eq!(
            recurring("mỗi tuần, vào thứ Năm", "2026-12-25"),
            (Some(w(4)), Some("2026-12-31".into()))
        );
    }

    #[test]
    fn quarterly_yearly_daily_and_continuous_rules() {
        let q = |k, d| Recurrence {
            month_of_quarter: Some(k),
            day: Some(d),
            ..rule(Frequency::Quarterly)
        };
        assert_eq!(
            recurring("gửi Sở trước ngày 15 tháng cuối quý", "2026-12-25"),
            (Some(q(3, 15)), Some("2027-03-15".into()))
        );
        assert_eq!(
            recurring("báo cáo vào ngày 10 của tháng đầu quý sau", "2026-11-30"),
            (Some(q(1, 10)), Some("2027-01-10".into()))
        );
        assert_eq!(
            recurring("định kỳ hằng quý tổng hợp", "2026-11-30"),
            (Some(rule(Frequency::Quarterly)), None)
        );
        let y = Recurrence {
            month: Some(12),
            day: Some(15),
            ..rule(Frequency::Yearly)
        };
        assert_eq!(
            recurring("gửi kết quả trước ngày 15/12 hằng năm", "2026-12-16"),
            (Some(y.clone()), Some("2027-12-15".into()))
        );
        assert_eq!(
            recurring("hạn chót ngày 15 tháng 12 hàng năm", "2026-01-05"),
            (Some(y), Some("2026-12-15".into()))
        );
        // 29/2 every year: the next one is in the next leap year's February,
        // read as the last day of February in between.
        assert_eq!(
            recurring("trước ngày 29/2 hằng năm", "2026-03-01").1,
            Some("2027-02-28".into())
        );
        assert_eq!(
            recurring("báo cáo trước 8 giờ hằng ngày", "2026-12-31"),
            (
                Some(Recurrence {
                    hour: Some(8),
                    ..rule(Frequency::Daily)
                }),
                Some("2026-12-31".into())
            )
        );
        assert_eq!(
            recurring("báo cáo kết quả định kỳ 6 tháng", "2026-12-31"),
            (
                Some(Recurrence {
                    every: Some(6),
                    ..rule(Frequency::Monthly)
                }),
                None
            )
        );
        assert_eq!(
            recurring("Nhiệm vụ thường xuyên", "2026-12-31"),
            (Some(rule(Frequency::Continuous)), None)
        );
        let d = read_deadline(
            "Thường xuyên, liên tục",
            Source::Label,
            &RuleSet::bundled(),
            &Context::default(),
        )
        .expect("label");
        assert_eq!(d.rule, Some(rule(Frequency::Continuous)));
        assert_eq!(d.due, None);
    }

    #[test]
    fn impossible_days_are_not_rules() {
        let ctx = Context::default();
        let r = RuleSet::bundled();
        // Day 32, 31/2 every year: no rule with that day is read.
        for t in ["trước ngày 32 hằng tháng", "trước ngày 31/2 hằng năm"] {
            let rule = read_deadline(t, Source::Inline, &r, &ctx).and_then(|d| d.rule);
            assert!(
                rule.as_ref().is_none_or(|x| x.day.is_none()),
                "{t:?} → {rule:?}"
            );
        }
    }

    #[test]
    fn the_rule_is_left_out_of_other_kinds_json() {
        let ctx = Context {
            year: Some(2026),
            issued: Ymd::new(2026, 3, 2),
            references: &[],
        };
        let r = RuleSet::bundled();
        let d = read_deadline("trước ngày 15/3", Source::Inline, &r, &ctx).expect("date");
        let j = serde_json::to_value(&d).expect("json");
        assert!(j.get("rule").is_none(), "{j}");
        let d = read_deadline("trước ngày 20 hằng tháng", Source::Inline, &r, &ctx).expect("r");
        let j = serde_json::to_value(&d).expect("json");
        assert_eq!(
            j,
            serde_json::json!({"kind": "recurring", "due": "2026-03-20",
                "text": "trước ngày 20 hằng tháng",
                "rule": {"frequency": "monthly", "day": 20}})
        );
    }

    #[test]
    fn days_from_the_letter_need_its_date() {
        let r = RuleSet::bundled();
        let at = |issued: Option<Ymd>| {
            let ctx = Context {
                year: Some(2026),
                issued,
                references: &[],
            };
            read_deadline(
                "gửi hồ sơ trong vòng 7 ngày kể từ ngày ký văn bản này.",
                Source::Inline,
                &r,
                &ctx,
            )
            .map(|d| (d.kind, d.due))
        };
        assert_eq!(
            at(Ymd::new(2026, 2, 25)),
            Some((DeadlineKind::Date, Some("2026-03-04".into())))
        );
        assert_eq!(at(None), Some((DeadlineKind::Date, None)));
        // From receipt: the day is unknown, no deadline is read.
        let ctx = Context {
            year: Some(2026),
            issued: Ymd::new(2026, 2, 25),
            references: &[],
        };
        assert_eq!(
            read_deadline(
                "trong vòng 7 ngày kể từ ngày nhận được văn bản",
                Source::Inline,
                &r,
                &ctx
            ),
            None
        );
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
            issued: None,
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
