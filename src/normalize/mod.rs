//! Normalize stage: turns decoded text into clean, predictable Vietnamese text.
//!
//! A chain of small normalizers: byte decoding ([`encoding`]), Unicode NFC, tone
//! placement ([`tone`]), whitespace, re-joining lines that PDF extraction broke
//! mid-sentence, and word-processor markers (bookmarks, footnotes) turned into
//! clean text with footnotes kept as [`Note`]s.

pub mod encoding;
pub mod layout;
pub mod syllable;
pub mod tone;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

pub use crate::letter::Note;

/// Normalized text of one letter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Normalized {
    pub text: String,
    pub notes: Vec<Note>,
}

/// Unicode NFC only: the minimal normalization, safe for any text.
pub fn nfc(text: &str) -> String {
    if is_nfc(text) {
        return text.to_string();
    }
    text.nfc().collect()
}

/// [`nfc`] of a string already owned: kept as it is when it is NFC already
/// (most letters are), so it is not rebuilt character by character.
pub fn nfc_owned(text: String) -> String {
    if is_nfc(&text) {
        return text;
    }
    text.nfc().collect()
}

/// Whether `text` is NFC for sure, by Unicode's quick check (no allocation).
/// "Maybe" answers count as no: those texts go through full normalization.
fn is_nfc(text: &str) -> bool {
    matches!(
        unicode_normalization::is_nfc_quick(text.chars()),
        unicode_normalization::IsNormalized::Yes
    )
}

/// Letters that look like Đ/đ but are not (Icelandic eth Ð/ð, which OCR and
/// some fonts give for Đ) written as the Vietnamese letter: "QÐ-UBND" is
/// "QĐ-UBND". Vietnamese has no eth, so nothing is lost.
pub fn vietnamese_d(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{00D0}', '\u{00F0}']) {
        std::borrow::Cow::Owned(text.replace('\u{00D0}', "Đ").replace('\u{00F0}', "đ"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Full normalization of a letter's text: NFC, Đ look-alikes, then the
/// [`layout`] chain (markers, whitespace, page footnotes, broken lines).
pub fn normalize(text: &str) -> Normalized {
    let composed;
    let text = if is_nfc(text) {
        text
    } else {
        composed = nfc(text);
        &composed
    };
    let laid = layout::layout(&vietnamese_d(text));
    Normalized {
        text: laid.text,
        notes: laid.notes,
    }
}
