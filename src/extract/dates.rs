//! Calendar days in letters: "19/6/2025", "ngày 19 tháng 6 năm 2025", and
//! the last day of a month, quarter or year (for deadlines).

use regex::Regex;
use std::sync::OnceLock;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in a month (0 for a month that does not exist).
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Ymd {
    /// A valid day, or None (31/2, month 13, years outside 1900–2100).
    pub fn new(y: i32, m: u32, d: u32) -> Option<Ymd> {
        ((1900..=2100).contains(&y) && d >= 1 && d <= days_in_month(y, m)).then_some(Ymd {
            y,
            m,
            d,
        })
    }
    /// The last day of a month.
    pub fn end_of_month(y: i32, m: u32) -> Option<Ymd> {
        Ymd::new(y, m, days_in_month(y, m))
    }
    /// Day `d` of a month, or its last day when the month is shorter
    /// ("ngày 31 hằng tháng" in April is 30/4).
    pub fn clamped(y: i32, m: u32, d: u32) -> Option<Ymd> {
        Ymd::new(y, m, d.min(days_in_month(y, m)))
    }
    /// ISO 8601.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
    /// Read "2026-03-02" (a longer text is read by its first ten bytes: no
    /// partial "2026-03").
    pub fn parse_iso(s: &str) -> Option<Ymd> {
        let s = s.get(..10)?;
        let mut it = s.split('-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Ymd::new(y, m, d)
    }
    /// Days since 1970-01-01 (proleptic Gregorian).
    fn days(&self) -> i64 {
        let (y, m) = if self.m <= 2 {
            (i64::from(self.y) - 1, i64::from(self.m) + 9)
        } else {
            (i64::from(self.y), i64::from(self.m) - 3)
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
    /// ISO weekday: Monday (Thứ Hai) = 1 … Sunday (Chủ nhật) = 7.
    pub fn weekday(&self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        (self.days() + 3).rem_euclid(7) as u32 + 1
    }
    /// The day `n` days later, within the years Ymd accepts.
    pub fn add_days(&self, n: u32) -> Option<Ymd> {
        let mut x = *self;
        for _ in 0..n {
            x = if x.d < days_in_month(x.y, x.m) {
                Ymd { d: x.d + 1, ..x }
            } else if x.m < 12 {
                Ymd::new(x.y, x.m + 1, 1)?
            } else {
                Ymd::new(x.y + 1, 1, 1)?
            };
        }
        Some(x)
    }
    /// The day `n` working days later: Saturdays and Sundays are skipped
    /// (public holidays are not known and count as working days).
    pub fn add_working_days(&self, n: u32) -> Option<Ymd> {
        let mut x = *self;
        let mut left = n;
        while left > 0 {
            x = x.add_days(1)?;
            if x.weekday() <= 5 {
                left -= 1;
            }
        }
        Some(x)
    }
    /// The first day of the month `n` months after this day's month.
    pub fn months_later(&self, n: u32) -> Option<(i32, u32)> {
        let idx = i64::from(self.y) * 12 + i64::from(self.m) - 1 + i64::from(n);
        let y = i32::try_from(idx.div_euclid(12)).ok()?;
        let m = u32::try_from(idx.rem_euclid(12)).ok()? + 1;
        Ymd::new(y, m, 1).map(|x| (x.y, x.m))
    }
}

/// A date written right at the start of `text` (after optional ", ngày"):
/// "ngày 19/6/2025", " ngày 19 tháng 6 năm 2025". Returns the day and the
/// bytes consumed.
pub fn date_at_start(text: &str) -> Option<(Ymd, usize)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(
            r"^\s*,?\s*(?:ban hành\s+)?(?:ngày|ngay)\s+(\d{1,2})\s*(?:[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|th[áa]ng\s+(\d{1,2})\s+n[ăa]m\s+(\d{4}))",
        )
        .unwrap_or_else(|e| panic!("date regex: {e}"))
    });
    let c = r.captures(text)?;
    let d: u32 = c.get(1)?.as_str().parse().ok()?;
    let (m, y) = match (c.get(2), c.get(3), c.get(4), c.get(5)) {
        (Some(m), Some(y), _, _) | (_, _, Some(m), Some(y)) => {
            (m.as_str().parse().ok()?, y.as_str().parse().ok()?)
        }
        _ => return None,
    };
    Some((Ymd::new(y, m, d)?, c.get(0)?.end()))
}

/// Every year written in a text as part of a date ("…/2025", "năm 2025").
pub fn years_in(text: &str) -> Vec<i32> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"(?:/|n[ăa]m\s)((?:19|20)\d{2})\b")
            .unwrap_or_else(|e| panic!("year regex: {e}"))
    });
    r.captures_iter(text)
        .filter_map(|c| c.get(1)?.as_str().parse().ok())
        .collect()
}

/// Every year written as part of a full date in a text, in order: "15/3/2025",
/// "3/2025", "tháng 3 năm 2025". A year standing alone ("đến năm 2030", a
/// period, not a day) is not one.
pub fn date_years_in(text: &str) -> Vec<i32> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"(?i)(?:\b\d{1,2}\s*/\s*|th[áa]ng\s+\d{1,2}\s+n[ăa]m\s+)((?:19|20)\d{2})\b")
            .unwrap_or_else(|e| panic!("date year regex: {e}"))
    });
    r.captures_iter(text)
        .filter_map(|c| c.get(1)?.as_str().parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            date_at_start(" ngày 19/6/2025 của").map(|(d, _)| d.iso()),
            Some("2025-06-19".into())
        );
        assert_eq!(
            date_at_start(", ngày 22 tháng 12 năm 2024").map(|(d, _)| d.iso()),
            Some("2024-12-22".into())
        );
        assert_eq!(date_at_start(" ngày 31/2/2025"), None);
        assert_eq!(date_at_start(" của Bộ"), None);
        assert_eq!(
            Ymd::end_of_month(2024, 2).map(|d| d.iso()),
            Some("2024-02-29".into())
        );
        assert_eq!(years_in("ngày 19/6/2025, năm 2026"), vec![2025, 2026]);
        assert_eq!(
            date_years_in("đến năm 2030; ngày 19/6/2025, tháng 7 năm 2026, 8/2027"),
            vec![2025, 2026, 2027]
        );
    }

    #[test]
    fn calendar_arithmetic() {
        let d = |s: &str| Ymd::parse_iso(s).expect("date");
        // 2026-01-01 is a Thursday, 2026-12-25 a Friday, 2000-02-29 a Tuesday.
        assert_eq!(d("2026-01-01").weekday(), 4);
        assert_eq!(d("2026-12-25").weekday(), 5);
        assert_eq!(d("2000-02-29").weekday(), 2);
        assert_eq!(d("2026-03-01").weekday(), 7);
        assert_eq!(
            d("2026-12-30").add_days(3).map(|x| x.iso()),
            Some("2027-01-02".into())
        );
        assert_eq!(
            d("2028-02-28").add_days(1).map(|x| x.iso()),
            Some("2028-02-29".into())
        );
        assert_eq!(d("2026-11-15").months_later(2), Some((2027, 1)));
        // Friday + 1 working day = Monday; + 5 = the next Friday.
        assert_eq!(
            d("2026-12-25").add_working_days(1).map(|x| x.iso()),
            Some("2026-12-28".into())
        );
        assert_eq!(
            d("2026-12-25").add_working_days(5).map(|x| x.iso()),
            Some("2027-01-01".into())
        );
        assert_eq!(
            Ymd::clamped(2026, 2, 31).map(|x| x.iso()),
            Some("2026-02-28".into())
        );
        assert_eq!(Ymd::parse_iso("2026-03"), None);
        assert_eq!(Ymd::parse_iso("2026-02-30"), None);
    }
}
