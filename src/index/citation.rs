//! Citation keys: document numbers found in letter text and in what a clerk
//! types, reduced to keys that meet whatever the spelling.
//!
//! Two kinds of key, both on folded text (see [`super::fold`]):
//! - kind key `kh:2`: a kind abbreviation and the number without leading zeros,
//!   from "Kế hoạch 02", "KH 02", "kế hoạch số 02", "02-KH/BCĐTW";
//! - full key `n:2-kh-bcdtw`: every part of a full number, so "02-KH/BCĐTW",
//!   "02/KH-BCĐTW" and the OCR'd "02-KH/ BCDTW" are one key; likewise
//!   `n:118-2025-nd-cp` for "118/2025/NĐ-CP".
//!
//! The kinds and their names come from `rules/kinds.toml` (data, not code),
//! the same file extraction reads.

use super::fold;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;

const KINDS_TOML: &str = include_str!("../../rules/kinds.toml");

#[derive(Debug, Deserialize)]
struct KindsFile {
    number_words: Vec<String>,
    kind: Vec<KindEntry>,
}

#[derive(Debug, Deserialize)]
struct KindEntry {
    abbrev: String,
    names: Vec<String>,
}

/// One citation found in a text: its keys and where it is (byte range in the
/// folded text it was found in).
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub keys: Vec<String>,
    pub span: Range<usize>,
}

/// The citation finder: kinds table and compiled patterns.
#[derive(Debug)]
pub struct Citations {
    /// folded name ("ke hoach") → abbreviation ("kh").
    name_to_abbrev: HashMap<String, String>,
    /// abbreviation → its first name.
    abbrev_to_name: HashMap<String, String>,
    /// A full number: "02-kh/bcdtw", "118/2025/nd-cp", "3728/ubnd-tthc".
    full: Regex,
    /// A kind (name or abbreviation), optional "số", a number.
    named: Regex,
}

fn alternation(items: impl Iterator<Item = String>) -> String {
    let mut v: Vec<String> = items
        .map(|s| regex::escape(&s).replace(' ', r"\s+"))
        .collect();
    // Longest first, so "qdi" wins over "qd".
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v.join("|")
}

/// Strip leading zeros from a digit run ("02" → "2", "0" → "0").
fn number_part(p: &str) -> String {
    if p.chars().all(|c| c.is_ascii_digit()) {
        let t = p.trim_start_matches('0');
        if t.is_empty() {
            "0".into()
        } else {
            t.into()
        }
    } else {
        p.to_string()
    }
}

impl Citations {
    /// The finder built from the bundled `rules/kinds.toml`.
    pub fn bundled() -> &'static Citations {
        static C: std::sync::OnceLock<Citations> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            // The file is compiled in and covered by tests: a parse error is a build bug.
            Citations::from_toml(KINDS_TOML).unwrap_or_else(|e| panic!("rules/kinds.toml: {e}"))
        })
    }

    /// Build from a kinds table in TOML (see `rules/kinds.toml` for the format).
    pub fn from_toml(src: &str) -> Result<Citations, String> {
        let file: KindsFile = toml::from_str(src).map_err(|e| e.to_string())?;
        let mut name_to_abbrev = HashMap::new();
        let mut abbrev_to_name = HashMap::new();
        for k in &file.kind {
            for n in &k.names {
                name_to_abbrev.insert(fold::fold(n), fold::fold(&k.abbrev));
            }
            if let Some(first) = k.names.first() {
                abbrev_to_name.insert(fold::fold(&k.abbrev), fold::fold(first));
            }
        }
        let names = alternation(
            file.kind
                .iter()
                .flat_map(|k| k.names.iter().chain(std::iter::once(&k.abbrev)))
                .map(|s| fold::fold(s)),
        );
        let so = alternation(file.number_words.iter().map(|s| fold::fold(s)));
        let full = Regex::new(
            r"\b(\d{1,6})(?:[ ]?/[ ]?(\d{4}))?[ ]?[-/]\s{0,3}([a-z][a-z&]{0,9})((?:[ ]?[-/]\s{0,3}[a-z0-9&]{1,12})*)",
        )
        .map_err(|e| e.to_string())?;
        let named = Regex::new(&format!(
            r"\b({names})\s+(?:(?:{so})\s*[:.]?\s*)?(\d{{1,6}})\b"
        ))
        .map_err(|e| e.to_string())?;
        Ok(Citations {
            name_to_abbrev,
            abbrev_to_name,
            full,
            named,
        })
    }

    /// The abbreviation of a folded kind name or abbreviation ("ke hoach" → "kh").
    pub fn abbrev(&self, folded_kind: &str) -> Option<&str> {
        let k = folded_kind.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.abbrev_to_name.contains_key(&k) {
            return self
                .abbrev_to_name
                .get_key_value(&k)
                .map(|(a, _)| a.as_str());
        }
        self.name_to_abbrev.get(&k).map(String::as_str)
    }

    /// The folded name of an abbreviation ("kh" → "ke hoach").
    pub fn name(&self, abbrev: &str) -> Option<&str> {
        self.abbrev_to_name.get(abbrev).map(String::as_str)
    }

    /// Every citation in an already folded text.
    pub fn find_folded(&self, folded: &str) -> Vec<Citation> {
        let mut out = Vec::new();
        for c in self.full.captures_iter(folded) {
            let (Some(m), Some(num), Some(kind)) = (c.get(0), c.get(1), c.get(3)) else {
                continue;
            };
            let tail = c.get(4).map(|t| t.as_str()).unwrap_or("");
            let kind = kind.as_str();
            // "1- cac so" is a list item, not a number: a bare tail needs a known kind.
            if tail.trim().is_empty() && !self.abbrev_to_name.contains_key(kind) {
                continue;
            }
            let mut parts = vec![number_part(num.as_str())];
            if let Some(y) = c.get(2) {
                parts.push(y.as_str().to_string());
            }
            parts.push(kind.to_string());
            parts.extend(
                tail.split(|ch: char| ch == '-' || ch == '/' || ch.is_whitespace())
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            );
            out.push(Citation {
                keys: vec![
                    format!("n:{}", parts.join("-")),
                    format!("{kind}:{}", number_part(num.as_str())),
                ],
                span: m.range(),
            });
        }
        for c in self.named.captures_iter(folded) {
            let (Some(m), Some(kind), Some(num)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let Some(abbrev) = self.abbrev(kind.as_str()) else {
                continue;
            };
            let key = format!("{abbrev}:{}", number_part(num.as_str()));
            // Merge with a full number that starts at this number.
            if let Some(prev) = out.iter_mut().find(|p| p.span.start == num.start()) {
                if !prev.keys.contains(&key) {
                    prev.keys.push(key);
                }
                prev.span.start = m.start();
                continue;
            }
            out.push(Citation {
                keys: vec![key],
                span: m.range(),
            });
        }
        out.sort_by_key(|c| c.span.start);
        out
    }

    /// Every citation key in a text (any form: it is folded here), deduplicated.
    pub fn keys(&self, text: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .find_folded(&fold::fold(text))
            .into_iter()
            .flat_map(|c| c.keys)
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Keys of a document given as kind and number (from extraction).
    pub fn document_keys(&self, kind: Option<&str>, number: &str) -> Vec<String> {
        let mut keys = self.keys(number);
        if let Some(abbrev) = kind.and_then(|k| self.abbrev(&fold::fold(k))) {
            if let Some(n) = fold::fold(number)
                .split(|c: char| !c.is_ascii_digit())
                .find(|p| !p.is_empty())
            {
                keys.push(format!("{abbrev}:{}", number_part(n)));
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        Citations::bundled().keys(s)
    }

    #[test]
    fn shorthands_meet_on_one_kind_key() {
        for q in [
            "Kế hoạch 02",
            "KH 02",
            "kế hoạch số 02",
            "02-KH/BCĐTW",
            "02/KH-BCĐTW",
            "ke hoach 02",
            "Ké hoach s6 02-KH/BCDTW",
            "Kế hoạch số 02-KH/ BCĐTW",
        ] {
            assert!(keys(q).contains(&"kh:2".to_string()), "{q}: {:?}", keys(q));
        }
        for q in [
            "NQ 57",
            "Nghị quyết 57",
            "Nghị quyết số 57- \nNQ/TW",
            "57-NQ/TW",
        ] {
            assert!(keys(q).contains(&"nq:57".to_string()), "{q}: {:?}", keys(q));
        }
        assert!(keys("Nghị định 118").contains(&"nd:118".to_string()));
    }

    #[test]
    fn full_numbers_meet_whatever_the_separators() {
        let k = "n:2-kh-bcdtw".to_string();
        assert!(keys("02-KH/BCĐTW").contains(&k));
        assert!(keys("02/KH-BCĐTW").contains(&k));
        assert!(keys("hoach so 02-KH/ BCDTW ngay").contains(&k));
        let k = keys("Nghị định số 118/2025/NĐ-CP ngày 09/6/2025");
        assert!(k.contains(&"n:118-2025-nd-cp".to_string()), "{k:?}");
        assert!(k.contains(&"nd:118".to_string()), "{k:?}");
    }

    #[test]
    fn dates_and_list_items_are_not_citations() {
        assert!(keys("ngày 30/12/2025, điểm 1- Các sở").is_empty());
        assert!(keys("Ban Chỉ đạo 57 Tỉnh ủy").is_empty());
    }

    #[test]
    fn document_keys_use_the_kind() {
        let k = Citations::bundled().document_keys(Some("Công văn"), "3728/UBND-TTHC");
        assert!(k.contains(&"cv:3728".to_string()), "{k:?}");
        assert!(k.contains(&"n:3728-ubnd-tthc".to_string()), "{k:?}");
    }
}
