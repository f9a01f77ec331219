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
    /// ISO 8601.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
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
    }
}
