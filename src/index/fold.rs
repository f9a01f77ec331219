//! Folding and words for search: "Kế hoạch" → "ke hoach", "BCĐTW" → "bcdtw".
//!
//! The fold is the rules' own ([`crate::rules::fold::fold`], re-exported here):
//! one fold for extraction and search, so a phrase a rule matches and a query
//! that finds it agree. This module adds the exact (accent-sensitive) form and
//! splits text into words with their byte offsets (snippets).

use unicode_normalization::UnicodeNormalization;

pub use crate::rules::fold::fold;

/// Lowercase and NFC: the exact (accent-sensitive) form.
pub fn exact(text: &str) -> String {
    let lower: String = text.nfc().flat_map(char::to_lowercase).collect();
    // One tone placement for matching: "hoà" finds "hòa", "thuỷ" finds "thủy".
    crate::normalize::tone::apply(&lower, crate::normalize::tone::Policy::Old)
}

/// The words of `text` (runs of letters and digits) with their byte ranges.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || ('\u{0300}'..='\u{036f}').contains(&c);
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_marks_and_d_bar() {
        assert_eq!(fold("Kế hoạch số 02-KH/BCĐTW"), "ke hoach so 02-kh/bcdtw");
        assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
        // NFD input folds the same.
        assert_eq!(fold("Ke\u{0302}\u{0301}"), "ke");
    }

    #[test]
    fn exact_keeps_marks() {
        assert_eq!(exact("HÒA"), "hòa");
    }

    #[test]
    fn exact_is_blind_to_tone_placement_only() {
        assert_eq!(exact("Hoà bình"), exact("hòa bình"));
        assert_eq!(exact("thuỷ lợi"), "thủy lợi");
        assert_ne!(exact("hóa"), exact("hòa"));
    }

    #[test]
    fn words_with_offsets() {
        let w: Vec<_> = words("Số: 246/UBND").collect();
        assert_eq!(w, vec![(0, "Số"), (6, "246"), (10, "UBND")]);
    }
}
