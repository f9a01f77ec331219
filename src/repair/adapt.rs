//! Adapting the repairer to a user's own clean letters (switched on explicitly).
//!
//! The bundled model learned from laws and decrees; a province's letters use their own
//! place names (Đăk, Ba Tơ) and abbreviations (CĐS, CQTTBCĐ) that it never saw. The
//! user lexicon collects the words of the user's letters that are already clean (most
//! words marked), indexed by skeleton: forms the model does not know become candidates,
//! and a form the user writes almost always for its skeleton gets a bonus.

use super::syllable::{has_marks, skeleton};
use super::token::{self, Kind};
use std::collections::HashMap;

/// A text counts as clean when at least this share of its words carry marks.
const CLEAN_SHARE: f32 = 0.5;
/// A form is the user's usual one when it has this share of its skeleton's uses…
const DOMINANT_SHARE: f32 = 0.9;
/// …and at least this many uses.
const DOMINANT_MIN: u32 = 2;
/// Bonus (log scale) for the user's usual form.
const DOMINANT_BONUS: f32 = 2.0;

/// Words of the user's clean letters, by skeleton.
#[derive(Debug, Clone, Default)]
pub struct UserLexicon {
    /// skeleton → (form, bonus).
    by_skeleton: HashMap<String, Vec<(String, f32)>>,
    /// How many texts were clean enough to learn from.
    pub texts_used: usize,
}

impl UserLexicon {
    /// Learn from texts; texts that are not clean (OCR, typed without marks) are skipped.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> UserLexicon {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut used = 0;
        for text in texts {
            let words: Vec<String> = token::tokenize(text)
                .into_iter()
                .filter(|t| t.kind == Kind::Word)
                .map(|t| t.text(text).to_lowercase())
                .filter(|w| w.chars().all(|c| c.is_alphabetic()))
                .collect();
            let marked = words.iter().filter(|w| has_marks(w)).count();
            if words.is_empty() || (marked as f32) < CLEAN_SHARE * words.len() as f32 {
                continue;
            }
            used += 1;
            for w in words {
                *counts.entry(w).or_insert(0) += 1;
            }
        }
        let mut by_skel: HashMap<String, Vec<(String, u32)>> = HashMap::new();
        for (w, n) in counts {
            by_skel.entry(skeleton(&w)).or_default().push((w, n));
        }
        let by_skeleton = by_skel
            .into_iter()
            .map(|(sk, forms)| {
                let total: u32 = forms.iter().map(|f| f.1).sum();
                let mut v: Vec<(String, f32)> = forms
                    .into_iter()
                    .map(|(w, n)| {
                        let dominant =
                            n >= DOMINANT_MIN && n as f32 >= DOMINANT_SHARE * total as f32;
                        (w, if dominant { DOMINANT_BONUS } else { 0.0 })
                    })
                    .collect();
                v.sort_by(|a, b| a.0.cmp(&b.0));
                (sk, v)
            })
            .collect();
        UserLexicon {
            by_skeleton,
            texts_used: used,
        }
    }

    /// The user's forms for a skeleton, with their bonus.
    pub fn forms(&self, skel: &str) -> &[(String, f32)] {
        self.by_skeleton.get(skel).map_or(&[], |v| v.as_slice())
    }

    /// The bonus of one form (0 when it is not the user's usual one).
    pub fn bonus(&self, form: &str) -> f32 {
        self.forms(&skeleton(form))
            .iter()
            .find(|(f, _)| f == form)
            .map_or(0.0, |f| f.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_only_from_clean_text() {
        let lex = UserLexicon::from_texts([
            "Kính gửi UBND xã Đăk Rve, Sở KH&CN, Tổ CĐS; Xã Đăk Kôi",
            "Kinh gui UBND xa Dak Rve", // typed without marks: not learned
        ]);
        assert_eq!(lex.texts_used, 1);
        assert!(lex.forms("cds").iter().any(|f| f.0 == "cđs"));
        assert!(lex.bonus("đăk") > 0.0);
        assert_eq!(lex.bonus("cđs"), 0.0); // seen once only
        assert!(lex.forms("kinh").iter().all(|f| f.0 == "kính"));
    }
}
