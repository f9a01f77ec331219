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
//! The kinds and their names come from the rules' parsed [`RuleSet`] (its
//! `kinds.toml`, bundled or from `--rules`): [`KindTable::of`] takes them, and
//! the index keeps the table it was built with next to it, so a search finds
//! citations with the very kinds the letters were indexed with.

use super::fold;
use crate::rules::RuleSet;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;

/// The kinds citations are found with, taken from a [`RuleSet`]; every string
/// folded. Stored next to the index (see [`super::LetterIndex::open_or_create_with`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindTable {
    /// Words between a kind and its number ("so").
    pub number_words: Vec<String>,
    pub kinds: Vec<KindNames>,
}

/// One kind: its abbreviation ("kh") and names ("ke hoach"; the first is the
/// canonical one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindNames {
    pub abbrev: String,
    pub names: Vec<String>,
}

impl KindTable {
    /// The kinds of a rule set.
    pub fn of(rules: &RuleSet) -> KindTable {
        KindTable {
            number_words: rules.number_words.clone(),
            kinds: rules
                .kinds
                .iter()
                .map(|k| KindNames {
                    abbrev: fold::fold(&k.abbrev),
                    names: k.names.clone(),
                })
                .collect(),
        }
    }
}

/// One citation found in a text: its keys and where it is (byte range in the
/// folded text it was found in).
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub keys: Vec<String>,
    pub span: Range<usize>,
}

/// The citation finder: kinds table and compiled patterns.
#[derive(Debug, Clone)]
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
    /// The finder of the bundled rules.
    pub fn bundled() -> &'static Citations {
        static C: std::sync::OnceLock<Citations> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            // Compiled in and covered by tests: an error here is a build bug.
            Citations::from_table(&KindTable::of(&RuleSet::bundled()))
                .unwrap_or_else(|e| panic!("bundled rules/kinds.toml: {e}"))
        })
    }

    /// The finder of a rule set's kinds.
    pub fn from_rules(rules: &RuleSet) -> Result<Citations, String> {
        Citations::from_table(&KindTable::of(rules))
    }

    /// Build from a kinds table.
    pub fn from_table(table: &KindTable) -> Result<Citations, String> {
        let mut name_to_abbrev = HashMap::new();
        let mut abbrev_to_name = HashMap::new();
        for k in &table.kinds {
            for n in &k.names {
                name_to_abbrev.insert(n.clone(), k.abbrev.clone());
            }
            if let Some(first) = k.names.first() {
                abbrev_to_name.insert(k.abbrev.clone(), first.clone());
            }
        }
        let names = alternation(
            table
                .kinds
                .iter()
                .flat_map(|k| k.names.iter().chain(std::iter::once(&k.abbrev)))
                .filter(|s| !s.is_empty())
                .cloned(),
        );
        let so = alternation(table.number_words.iter().filter(|s| !s.is_empty()).cloned());
        if names.is_empty() || so.is_empty() {
            return Err("no kinds or no number words".into());
        }
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
    fn kinds_come_from_the_rule_set() {
        let mut files: Vec<(&str, String)> = RuleSet::bundled_files()
            .iter()
            .map(|(n, t)| (*n, t.to_string()))
            .collect();
        files[0].1.push_str(
            "\n[[kind]]\nname = \"Phiếu trình\"\nabbrev = \"PTr\"\nnames = [\"Phiếu trình\"]\n",
        );
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let rules = RuleSet::from_toml_strs(&refs).expect("rules");
        let c = Citations::from_rules(&rules).expect("citations");
        assert!(c.keys("PTr 15").contains(&"ptr:15".to_string()));
        assert!(c.keys("phiếu trình số 15").contains(&"ptr:15".to_string()));
        assert!(Citations::bundled().keys("PTr 15").is_empty());
    }

    #[test]
    fn document_keys_use_the_kind() {
        let k = Citations::bundled().document_keys(Some("Công văn"), "3728/UBND-TTHC");
        assert!(k.contains(&"cv:3728".to_string()), "{k:?}");
        assert!(k.contains(&"n:3728-ubnd-tthc".to_string()), "{k:?}");
    }
}
