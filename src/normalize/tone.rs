//! Tone-mark placement policy (hòa/hoà, thủy/thuỷ, khỏe/khoẻ), applied consistently.
//!
//! Vietnamese has two accepted ways to place the tone in the open syllables
//! "oa", "oe", "uy" (no final consonant, not after "qu"):
//! * [`Policy::Old`] — on the first vowel: hòa, khỏe, thủy, Ủy ban. The style of
//!   the State's document templates (Nghị định 30/2020: "CỘNG HÒA XÃ HỘI…") and of
//!   most letters congvan reads.
//! * [`Policy::New`] — on the main (second) vowel: hoà, khoẻ, thuỷ, Uỷ ban. Common
//!   in texts typed in the TCVN3 era and in newer school books.
//!
//! Every other syllable has one correct place ("hoàng", "quý", "ngoài", "thuyền"),
//! and [`apply`] leaves it alone, as it leaves every word that is not a
//! Vietnamese syllable.
//!
//! Where it applies (the decision): a clean letter's text is never rewritten by
//! default — the repair stage must leave clean letters byte-identical, and a
//! clerk quoting a letter must get its spelling. The policy is for *matching*:
//! the accent-sensitive search key and query should both go through
//! `apply(…, Policy::Old)` so "hoà" finds "hòa" (the folded, accent-free key
//! needs nothing). A CLI/config option may additionally rewrite output text in
//! one chosen style (`Option<Policy>`, `None` = keep as written, the default).

use super::syllable;

/// Where the tone of "oa", "oe", "uy" goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// hòa, khỏe, thủy (tone on the first vowel). The default.
    #[default]
    Old,
    /// hoà, khoẻ, thuỷ (tone on the second vowel).
    New,
}

impl std::str::FromStr for Policy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "old" | "cu" | "hòa" | "hoa" => Ok(Policy::Old),
            "new" | "moi" | "hoà" => Ok(Policy::New),
            _ => Err(format!(
                "unknown tone placement {s:?}: use \"old\" (hòa, thủy) or \"new\" (hoà, thuỷ)"
            )),
        }
    }
}

/// Rewrite every "oa"/"oe"/"uy" open syllable of `text` in the given style.
/// Case, punctuation and every other character are kept; the result is NFC.
pub fn apply(text: &str, policy: Policy) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let composed;
    let text = if matches!(is_nfc_quick(text.chars()), IsNormalized::Yes) {
        text
    } else {
        composed = super::nfc(text);
        &composed
    };
    let mut out = String::with_capacity(text.len());
    let mut word_start: Option<usize> = None;
    // A letter repeats its words ("hòa", "Ủy" on every page): each distinct
    // candidate is parsed once.
    let mut placed: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut flush = |out: &mut String, range: std::ops::Range<usize>| {
        let word = &text[range];
        if may_move(word) {
            out.push_str(
                placed
                    .entry(word)
                    .or_insert_with(|| place_in_word(word, policy)),
            );
        } else {
            out.push_str(word);
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            word_start.get_or_insert(i);
        } else {
            if let Some(s) = word_start.take() {
                flush(&mut out, s..i);
            }
            out.push(c);
        }
    }
    if let Some(s) = word_start {
        flush(&mut out, s..text.len());
    }
    out
}

/// Cheap test before parsing a word: only a short word with a toned "oa", "oe"
/// or "uy" can have its tone moved (index and search run every word through here).
fn may_move(word: &str) -> bool {
    if word.len() > 16 || word.is_ascii() {
        return false;
    }
    let mut prev: Option<char> = None;
    for c in word.chars() {
        let base = plain_vowel(c);
        if matches!(
            (prev, base),
            (Some('o'), Some('a' | 'e')) | (Some('u'), Some('y'))
        ) {
            return true;
        }
        prev = base;
    }
    false
}

/// The plain vowel (a, e, o, u, y) a letter is, whatever its tone or case; None
/// for every other letter (â, ơ, ư… make other nuclei).
fn plain_vowel(c: char) -> Option<char> {
    match c {
        'a' | 'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'A' | 'À' | 'Á' | 'Ả' | 'Ã' | 'Ạ' => {
            Some('a')
        }
        'e' | 'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'E' | 'È' | 'É' | 'Ẻ' | 'Ẽ' | 'Ẹ' => {
            Some('e')
        }
        'o' | 'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'O' | 'Ò' | 'Ó' | 'Ỏ' | 'Õ' | 'Ọ' => {
            Some('o')
        }
        'u' | 'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'U' | 'Ù' | 'Ú' | 'Ủ' | 'Ũ' | 'Ụ' => {
            Some('u')
        }
        'y' | 'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' | 'Y' | 'Ỳ' | 'Ý' | 'Ỷ' | 'Ỹ' | 'Ỵ' => {
            Some('y')
        }
        _ => None,
    }
}

/// Whether two spellings differ only by tone placement ("hòa" / "hoà").
pub fn same_up_to_placement(a: &str, b: &str) -> bool {
    apply(a, Policy::Old) == apply(b, Policy::Old)
}

/// One word (NFC letters) with its tone moved per `policy`, or unchanged.
fn place_in_word(word: &str, policy: Policy) -> String {
    let Some(parts) = syllable::parse(word) else {
        return word.to_string();
    };
    let (Some(tone), true, true) = (
        parts.tone,
        parts.final_.is_empty(),
        matches!(parts.nucleus.as_str(), "oa" | "oe" | "uy"),
    ) else {
        return word.to_string();
    };
    if parts.initial == "qu" {
        return word.to_string();
    }
    // Positions of the two nucleus vowels: right after the initial.
    let chars: Vec<char> = word.chars().collect();
    let start = parts.initial.chars().count();
    if start + 2 > chars.len() {
        return word.to_string();
    }
    let target = match policy {
        Policy::Old => start,
        Policy::New => start + 1,
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let (base, _) = syllable::split_tone(c);
            if i == target {
                syllable::with_tone(base, tone)
            } else if i == start || i == start + 1 {
                base
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_the_tone_of_oa_oe_uy_both_ways() {
        let old = "hòa khỏe thủy Ủy HÒA Thủy lợi, tọa đàm, xòe";
        let new = "hoà khoẻ thuỷ Uỷ HOÀ Thuỷ lợi, toạ đàm, xoè";
        assert_eq!(apply(old, Policy::New), new);
        assert_eq!(apply(new, Policy::Old), old);
        assert_eq!(apply(old, Policy::Old), old, "idempotent");
        assert_eq!(apply(new, Policy::New), new, "idempotent");
    }

    #[test]
    fn only_oa_oe_uy_words_are_candidates() {
        // Candidates only; the syllable parse then decides ("hoàng" stays).
        for w in ["hòa", "Hoà", "KHỎE", "thuỷ", "Ủy", "hoàng"] {
            assert!(may_move(w), "{w}");
        }
        for w in ["hoa", "nước", "Kế", "hơi", "quyết"] {
            assert!(!may_move(w) || w == "quyết", "{w}");
        }
    }

    #[test]
    fn leaves_fixed_placements_alone() {
        // Closed syllables, three-vowel nuclei, "qu", other nuclei, no tone.
        let s = "hoàng ngoài quý quả thuyền khuya hoa thuy Kế hoạch số 02-KH/BCĐTW";
        assert_eq!(apply(s, Policy::New), s);
        assert_eq!(apply(s, Policy::Old), s);
    }

    #[test]
    fn matching_ignores_placement() {
        assert!(same_up_to_placement("Cộng hòa", "Cộng hoà"));
        assert!(same_up_to_placement("Ủy ban", "Uỷ ban"));
        assert!(!same_up_to_placement("hòa", "hóa"));
    }

    #[test]
    fn parses_policy_names() {
        assert_eq!("new".parse::<Policy>(), Ok(Policy::New));
        assert_eq!("OLD".parse::<Policy>(), Ok(Policy::Old));
        assert!("sideways".parse::<Policy>().is_err());
    }

    #[test]
    fn nfd_input_is_handled() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "thuỷ".nfd().collect();
        assert_eq!(apply(&nfd, Policy::Old), "thủy");
    }
}
