//! The explicit tantivy schema of the letter index: one document per letter file.

use tantivy::schema::{Field, Schema, STORED, STRING, TEXT};

/// Field handles of the letter index.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The file path: the unique key (exact keyword, stored).
    pub file: Field,
    /// blake3 of the file's bytes (stored).
    pub content_hash: Field,
    /// Header fields, stored for display.
    pub kind: Field,
    pub number: Field,
    pub issued: Field,
    pub subject: Field,
    pub issuer: Field,
    /// Full text, lowercased NFC: accent-sensitive matches (stored for snippets).
    pub text: Field,
    /// Full text folded (marks removed, đ→d): accent-insensitive matches.
    pub text_folded: Field,
    /// Cited documents' numbers, folded, as exact keywords ("02-kh/bcdtw").
    pub cites: Field,
    /// Cited documents as folded searchable words ("ke hoach 02 kh bcdtw").
    pub cites_text: Field,
    /// Task assignees, folded words.
    pub assignees: Field,
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        file: b.add_text_field("file", STRING | STORED),
        content_hash: b.add_text_field("content_hash", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        number: b.add_text_field("number", STRING | STORED),
        issued: b.add_text_field("issued", STRING | STORED),
        subject: b.add_text_field("subject", TEXT | STORED),
        issuer: b.add_text_field("issuer", TEXT | STORED),
        text: b.add_text_field("text", TEXT | STORED),
        text_folded: b.add_text_field("text_folded", TEXT),
        cites: b.add_text_field("cites", STRING),
        cites_text: b.add_text_field("cites_text", TEXT),
        assignees: b.add_text_field("assignees", TEXT),
    };
    (b.build(), fields)
}
