//! When two files are the same letter, and when they only look alike.
//!
//! Content similarity ([`crate::dedupe`]) finds candidates; a letter's identity
//! decides. Offices send the same template every month ("V/v báo cáo tình hình
//! tháng …") and the same text to many recipients, each with its own number:
//! those are different letters with their own tasks. Two files are copies only
//! when their content says so *and* nothing in their identities disagrees:
//! never when both carry a số ký hiệu and they differ, both carry an issue date
//! and they differ, both name a kind and they differ, or both have a Kính gửi
//! list and the lists share too few words. A letter that says it replaces
//! another ("thay thế Công văn số …") is related to it, not a copy of it.

use crate::index::fold::fold;
use crate::letter::LetterRecord;
use crate::tasks::{number_key, numbered};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Share of Kính gửi words two copies of one letter have in common at least
/// (an OCR'd list loses a word or two; a list for another body shares little
/// more than "Ủy ban nhân dân").
const SAME_RECIPIENTS: f64 = 0.5;

/// Words every Kính gửi list is made of ("Ủy ban nhân dân các xã, phường"):
/// they say nothing about *which* body, so recipients are compared without them.
const GENERIC_RECIPIENT_WORDS: &[&str] = &[
    "uy", "ban", "nhan", "dan", "ubnd", "hdnd", "hoi", "dong", "so", "nganh", "cac", "va", "xa",
    "phuong", "thi", "tran", "huyen", "quan", "tinh", "thanh", "pho", "dac", "khu", "dang", "bo",
    "co", "don", "vi", "truc", "thuoc", "ong", "chu", "tich", "giam", "doc", "truong", "lien",
    "cap", "dia", "tren", "nhu",
];

/// What names a letter, as far as it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub kind: Option<String>,
    pub number_key: Option<String>,
    pub issued: Option<String>,
    /// Folded words of the Kính gửi list, space separated ("" when none).
    pub recipients_key: String,
}

impl Identity {
    pub fn of(rec: &LetterRecord) -> Identity {
        let d = &rec.document;
        Identity {
            kind: d.kind.as_deref().map(|k| fold(k).trim().to_string()),
            number_key: numbered(d).map(number_key),
            issued: d.issued.clone(),
            recipients_key: recipients_key(&d.recipients),
        }
    }

    /// Can the two be one letter? Only when no field both carry disagrees.
    pub fn agrees(&self, other: &Identity) -> bool {
        fn differ(a: &Option<String>, b: &Option<String>) -> bool {
            matches!((a, b), (Some(x), Some(y)) if x != y)
        }
        if differ(&self.number_key, &other.number_key)
            || differ(&self.issued, &other.issued)
            || differ(&self.kind, &other.kind)
        {
            return false;
        }
        if self.recipients_key.is_empty() || other.recipients_key.is_empty() {
            return true;
        }
        let a: HashSet<&str> = self.recipients_key.split(' ').collect();
        let b: HashSet<&str> = other.recipients_key.split(' ').collect();
        let inter = a.intersection(&b).count();
        inter as f64 / (a.len() + b.len() - inter).max(1) as f64 >= SAME_RECIPIENTS
    }
}

/// The folded words of a Kính gửi list.
pub fn recipients_key(recipients: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    for r in recipients {
        for w in fold(r).split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty()
                && !GENERIC_RECIPIENT_WORDS.contains(&w)
                && !words.iter().any(|x| x == w)
            {
                words.push(w.to_string());
            }
        }
    }
    words.join(" ")
}

/// The numbers of the letters this one says it replaces: "Văn bản này thay thế
/// Công văn số 12/UBND-VX ngày …", "thay thế Quyết định số 45/QĐ-UBND".
pub fn replaced_numbers(text: &str) -> Vec<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(re) = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)thay\s+th[ếe]\s+(?:\p{L}+\s+){0,4}?s[ốo]\s*:?\s*(\d+[\p{L}\d./\-&]*[\p{L}\d])",
            )
            .ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for c in re.captures_iter(text) {
        let n = c[1].to_string();
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(number: Option<&str>, issued: Option<&str>, recipients: &[&str]) -> Identity {
        Identity {
            kind: Some("cong van".into()),
            number_key: number.map(number_key),
            issued: issued.map(str::to_string),
            recipients_key: recipients_key(
                &recipients.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ),
        }
    }

    #[test]
    fn different_numbers_or_dates_are_different_letters() {
        let a = id(Some("661/UBND-KT"), Some("2025-06-03"), &["Sở Tài chính"]);
        assert!(!a.agrees(&id(
            Some("659/UBND-KT"),
            Some("2025-06-03"),
            &["Sở Tài chính"]
        )));
        assert!(!a.agrees(&id(
            Some("661/UBND-KT"),
            Some("2025-07-03"),
            &["Sở Tài chính"]
        )));
        // A scan that lost its number and date can still be the same letter;
        // the number as OCR spaced it is the same number.
        assert!(a.agrees(&id(None, None, &["Sở Tài chính"])));
        assert!(a.agrees(&id(Some("661 / UBND-KT"), Some("2025-06-03"), &[])));
    }

    #[test]
    fn the_same_text_to_another_body_is_another_letter() {
        let a = id(None, Some("2025-06-03"), &["Ủy ban nhân dân huyện Ba Tơ"]);
        let b = id(
            None,
            Some("2025-06-03"),
            &["Ủy ban nhân dân huyện Sơn Tịnh"],
        );
        assert!(!a.agrees(&b));
        let ocr = id(None, Some("2025-06-03"), &["Uy ban nhan dan huyen Ba To"]);
        assert!(a.agrees(&ocr));
    }

    #[test]
    fn finds_what_a_letter_replaces() {
        let t = "Văn bản này thay thế Công văn số 12/UBND-VX ngày 3/6/2025 của UBND tỉnh.";
        assert_eq!(replaced_numbers(t), vec!["12/UBND-VX"]);
        let t = "Quyết định này thay thế Quyết định số 45/QĐ-UBND.";
        assert_eq!(replaced_numbers(t), vec!["45/QĐ-UBND"]);
        assert!(replaced_numbers("Thay mặt Ủy ban, số liệu 12 tháng").is_empty());
    }
}
