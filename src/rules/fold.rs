//! Diacritic-insensitive matching that keeps positions: the one fold of
//! congvan, used by the rules, the extractor and the search index alike.
//!
//! Rules are written in proper Vietnamese but must also match text typed or
//! OCR'd without diacritics, and a clerk's query "ke hoach" must find "Kế
//! hoạch". [`fold`] maps every character to one character (lowercase, marks
//! removed, đ → d), except a combining mark (U+0300–U+036F), which is dropped,
//! so NFD input folds as its NFC form does. A match in the folded text maps
//! back to the characters of the original: [`Folded`] keeps that map in bytes.
//! [`fold_pattern`] folds a regular expression the same way, leaving its ASCII
//! syntax alone.

use unicode_normalization::UnicodeNormalization;

/// Characters below this code point are folded through a table built once
/// (Latin, Latin Extended Additional with every Vietnamese letter, Greek,
/// Cyrillic, general punctuation): folding is on the path of every character
/// of every letter, and decomposing each one again cost a tenth of an ingest.
const TABLE_END: u32 = 0x2000;

/// One character folded: lowercase, no diacritics, đ → d.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    if (c as u32) < TABLE_END {
        let table = TABLE.get_or_init(|| {
            (0..TABLE_END)
                .map(|u| char::from_u32(u).map_or('\u{fffd}', fold_char_slow))
                .collect()
        });
        if let Some(&f) = table.get(c as usize) {
            return f;
        }
    }
    fold_char_slow(c)
}

/// [`fold_char`] worked out: the first character of the decomposition, lowercased.
fn fold_char_slow(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let base = match c {
        'đ' | 'Đ' => 'd',
        _ => c.nfd().next().unwrap_or(c),
    };
    let mut low = base.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        _ => base,
    }
}

/// A combining diacritic (U+0300–U+036F): what NFD splits off a Vietnamese
/// letter; folding drops it.
pub fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// Fold a whole text: lowercase, no diacritics, đ → d; one character per
/// character of the input, combining marks dropped. Input may be NFC or NFD.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_mark(c))
        .map(fold_char)
        .collect()
}

/// `fold(text).starts_with(prefix)`, folding only as much of `text` as the
/// prefix needs (lines are asked this for a few labels each).
pub fn starts_with_folded(text: &str, prefix: &str) -> bool {
    let mut folded = text.chars().filter(|&c| !is_mark(c)).map(fold_char);
    prefix.chars().all(|p| folded.next() == Some(p))
}

/// Fold a regular expression: non-ASCII letters folded, ASCII (the regex
/// syntax, `\d`, `\S`, …) kept; matched case-insensitively.
pub fn fold_pattern(pattern: &str) -> String {
    let body: String = pattern
        .chars()
        .filter(|&c| !is_mark(c))
        .map(|c| if c.is_ascii() { c } else { fold_char(c) })
        .collect();
    format!("(?i){body}")
}

/// A text and its folded form, with byte positions mapped between them.
#[derive(Debug, Clone)]
pub struct Folded<'a> {
    pub orig: &'a str,
    pub folded: String,
    /// For each byte offset of `folded` (and its end), the byte offset in `orig`.
    map: Vec<usize>,
}

impl<'a> Folded<'a> {
    pub fn new(orig: &'a str) -> Self {
        let mut folded = String::with_capacity(orig.len());
        let mut map = Vec::with_capacity(orig.len() + 1);
        for (i, c) in orig.char_indices().filter(|&(_, c)| !is_mark(c)) {
            let f = fold_char(c);
            for _ in 0..f.len_utf8() {
                map.push(i);
            }
            folded.push(f);
        }
        map.push(orig.len());
        Folded { orig, folded, map }
    }

    /// The original byte offset of a folded byte offset.
    pub fn at(&self, folded_offset: usize) -> usize {
        self.map
            .get(folded_offset)
            .copied()
            .unwrap_or(self.orig.len())
    }

    /// The original text of a folded byte range.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        let (s, e) = (self.at(start), self.at(end));
        self.orig.get(s..e.max(s)).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_char_per_char() {
        assert_eq!(fold("Đề nghị Sở Y tế"), "de nghi so y te");
        assert_eq!(fold("Kế hoạch 02-KH/BCĐTW"), "ke hoach 02-kh/bcdtw");
        let s = "Ủy ban nhân dân tỉnh Quảng Ngãi";
        assert_eq!(fold(s).chars().count(), s.chars().count());
    }

    #[test]
    fn nfd_input_folds_as_nfc_does() {
        let nfd: String = "Kế hoạch Đề nghị".nfd().collect();
        assert_eq!(fold(&nfd), fold("Kế hoạch Đề nghị"));
        assert_eq!(fold(&nfd), "ke hoach de nghi");
        let f = Folded::new(&nfd);
        let at = f.folded.find("hoach").unwrap_or(0);
        assert_eq!(f.slice(at, at + "hoach".len()), "hoa\u{323}ch");
    }

    #[test]
    fn positions_map_back() {
        let f = Folded::new("Giao Sở Tài chính chủ trì");
        let at = f.folded.find("tai chinh").unwrap_or(0);
        assert_eq!(f.slice(at, at + "tai chinh".len()), "Tài chính");
    }

    #[test]
    fn the_table_folds_as_decomposition_does() {
        for u in 0..0x3000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(fold_char(c), fold_char_slow(c), "U+{u:04X}");
            }
        }
        assert_eq!(fold_char('Ệ'), 'e');
        assert_eq!(fold_char('Đ'), 'd');
        assert_eq!(fold_char('ư'), 'u');
    }

    #[test]
    fn prefix_checks_fold_only_what_they_need() {
        for (text, prefix) in [
            ("Phụ lục I", "phu luc"),
            ("PHỤ LỤC", "phu luc"),
            ("Phụ", "phu luc"),
            ("Kính gửi:", "kinh gui"),
            ("Ke\u{0302}\u{0301} hoạch", "ke hoach"),
            ("", ""),
            ("x", ""),
            ("Nơi nhận", "noi nhan:"),
        ] {
            assert_eq!(
                starts_with_folded(text, prefix),
                fold(text).starts_with(prefix),
                "{text:?} {prefix:?}"
            );
        }
        assert!(starts_with_folded("PHỤ LỤC", "phu luc"));
        assert!(!starts_with_folded("Phụ", "phu luc"));
    }

    #[test]
    fn patterns_fold_but_keep_syntax() {
        assert_eq!(fold_pattern(r"trước ngày \d+\S"), r"(?i)truoc ngay \d+\S");
    }
}
