//! The explicit tantivy schema of the letter index: one document per letter file.
//!
//! Bump [`SCHEMA_VERSION`] whenever a field changes: an index of another version
//! is rebuilt by `congvan ingest` (see [`super::LetterIndex::open_or_create`]).

use tantivy::schema::{DateOptions, Field, Schema, FAST, INDEXED, STORED, STRING, TEXT};

/// Version of this schema, written next to the index.
pub const SCHEMA_VERSION: &str = "congvan-index-3";

/// Field handles of the letter index.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The file path: the unique key (exact keyword, stored).
    pub file: Field,
    /// blake3 of the file's bytes (stored).
    pub content_hash: Field,
    /// Header fields as extracted, stored for display.
    pub kind: Field,
    pub number: Field,
    pub issued: Field,
    pub subject: Field,
    pub issuer: Field,
    /// Folded kind as one keyword ("ke hoach"): the --kind filter.
    pub kind_key: Field,
    /// Issue date as a date (indexed and fast): --from/--to and sort by date.
    pub issued_date: Field,
    /// Issuer and subject folded, as words: --issuer and accent-free matching.
    pub issuer_folded: Field,
    pub subject_folded: Field,
    /// Full text, lowercased NFC: accent-sensitive matches (stored for snippets).
    pub text: Field,
    /// Full text folded (marks removed, đ→d): accent-insensitive matches.
    pub text_folded: Field,
    /// Citation keys of the documents this letter cites ("kh:2", "n:2-kh-bcdtw"),
    /// from extracted references and from numbers found in the text.
    pub cites: Field,
    /// Citation keys of the letter's own number: the document itself.
    pub own_keys: Field,
    /// Cited documents as folded searchable words ("ke hoach 02 kh bcdtw").
    pub cites_text: Field,
    /// Cited documents' numbers as written (stored, for display).
    pub cited_numbers: Field,
    /// Task assignees, folded words (with positions: phrase filter).
    pub assignees: Field,
    /// Task deadlines (due dates) as dates.
    pub deadlines: Field,
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let date = DateOptions::from(INDEXED | FAST | STORED);
    let fields = Fields {
        file: b.add_text_field("file", STRING | STORED),
        content_hash: b.add_text_field("content_hash", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        number: b.add_text_field("number", STRING | STORED),
        issued: b.add_text_field("issued", STRING | STORED),
        subject: b.add_text_field("subject", TEXT | STORED),
        issuer: b.add_text_field("issuer", TEXT | STORED),
        kind_key: b.add_text_field("kind_key", STRING),
        issued_date: b.add_date_field("issued_date", date.clone()),
        issuer_folded: b.add_text_field("issuer_folded", TEXT),
        subject_folded: b.add_text_field("subject_folded", TEXT),
        text: b.add_text_field("text", TEXT | STORED),
        text_folded: b.add_text_field("text_folded", TEXT),
        cites: b.add_text_field("cites", STRING | STORED),
        own_keys: b.add_text_field("own_keys", STRING | STORED),
        cites_text: b.add_text_field("cites_text", TEXT),
        cited_numbers: b.add_text_field("cited_numbers", STORED),
        assignees: b.add_text_field("assignees", TEXT),
        deadlines: b.add_date_field("deadlines", date),
    };
    (b.build(), fields)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// An ISO date "YYYY-MM-DD" (or "YYYY-MM", "YYYY": the first day) as a tantivy date.
pub fn parse_date(s: &str) -> Option<tantivy::DateTime> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().map(str::parse).transpose().ok()?.unwrap_or(1);
    let d: i64 = it.next().map(str::parse).transpose().ok()?.unwrap_or(1);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=9999).contains(&y) {
        return None;
    }
    Some(tantivy::DateTime::from_timestamp_secs(
        days_from_civil(y, m, d) * 86_400,
    ))
}

/// A tantivy date back to "YYYY-MM-DD".
pub fn format_date(dt: tantivy::DateTime) -> String {
    let z = dt.into_timestamp_secs().div_euclid(86_400) + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for s in ["2025-06-19", "2024-02-29", "1970-01-01", "2026-12-31"] {
            assert_eq!(format_date(parse_date(s).expect(s)), s);
        }
        assert_eq!(
            format_date(parse_date("2025-06").expect("month")),
            "2025-06-01"
        );
        assert!(parse_date("2025-13-01").is_none());
        assert!(parse_date("hôm qua").is_none());
    }
}
