//! Vietnamese syllable structure: initial consonant + vowel nucleus + final
//! consonant, with at most one tone mark.
//!
//! Used to score encoding candidates (share of words that are valid Vietnamese
//! syllables) and by the tone-placement policy (which vowel of "oa", "oe", "uy"
//! carries the tone). Deliberately permissive: it accepts every syllable of the
//! standard orthography and a few impossible ones, never rejects a real one.

use unicode_normalization::UnicodeNormalization;

/// The five tone marks as Unicode combining characters (huyền, sắc, hỏi, ngã, nặng).
pub const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// Initial consonants (phụ âm đầu), longest first so the parser tries them first.
const INITIALS: [&str; 27] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Final consonants (phụ âm cuối).
const FINALS: [&str; 8] = ["ng", "nh", "ch", "c", "m", "n", "p", "t"];

/// Vowel nuclei with their glides (toneless, lowercase).
const NUCLEI: [&str; 55] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo",
    "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
];

/// A syllable split into its parts (lowercase, tone removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub initial: String,
    pub nucleus: String,
    pub final_: String,
    /// The tone mark (one of [`TONES`]), if any.
    pub tone: Option<char>,
}

/// Remove the tone of one character: 'ế' → ('ê', Some(U+0301)). Vowel marks
/// (circumflex, breve, horn) stay. Case is kept.
pub fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c, None);
    }
    let mut tone = None;
    let base: String = std::iter::once(c)
        .nfd()
        .filter(|m| {
            if TONES.contains(m) {
                tone = Some(*m);
                false
            } else {
                true
            }
        })
        .nfc()
        .collect();
    let mut it = base.chars();
    match (it.next(), it.next()) {
        (Some(b), None) => (b, tone),
        _ => (c, None),
    }
}

/// Put a tone on a base character: ('ê', U+0301) → 'ế'. Returns the base
/// unchanged when no single precomposed character exists.
pub fn with_tone(base: char, tone: char) -> char {
    let s: String = [base, tone].iter().collect::<String>().nfc().collect();
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => c,
        _ => base,
    }
}

/// Parse one word as a Vietnamese syllable; `None` when it is not one.
pub fn parse(word: &str) -> Option<Parts> {
    let mut tone = None;
    let mut base = String::with_capacity(word.len());
    for c in word.nfc() {
        let (b, t) = split_tone(c);
        if let Some(t) = t {
            if tone.is_some() {
                return None; // two tones
            }
            tone = Some(t);
        }
        for l in b.to_lowercase() {
            base.push(l);
        }
    }
    if base.is_empty() || base.chars().count() > 7 {
        return None;
    }
    let initials = std::iter::once("").chain(INITIALS.iter().copied());
    for ini in initials {
        let Some(rest) = base.strip_prefix(ini) else {
            continue;
        };
        for fin in std::iter::once("").chain(FINALS.iter().copied()) {
            let Some(nuc) = rest.strip_suffix(fin) else {
                continue;
            };
            if NUCLEI.contains(&nuc) {
                return Some(Parts {
                    initial: ini.to_string(),
                    nucleus: nuc.to_string(),
                    final_: fin.to_string(),
                    tone,
                });
            }
        }
    }
    None
}

/// Whether `word` is a valid Vietnamese syllable (case-insensitive).
pub fn is_syllable(word: &str) -> bool {
    parse(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_syllables() {
        for w in [
            "người", "được", "quyết", "chuyển", "giữ", "gì", "Khuya", "hoà", "thủy", "khoẻ",
            "nghiêng", "ĐỒNG", "tuổi", "rượu", "oanh", "uống", "ý", "ở", "kế", "hoạch",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        let p = parse("hoà").expect("syllable");
        assert_eq!((p.initial.as_str(), p.nucleus.as_str()), ("h", "oa"));
        assert_eq!(p.tone, Some('\u{300}'));
        assert_eq!(parse("quý").map(|p| p.initial), Some("qu".to_string()));
    }

    #[test]
    fn rejects_mojibake_and_foreign_words() {
        for w in ["hoạach", "strength", "xyz", "áà", "bcd", "tiéng"] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn tone_split_and_join() {
        assert_eq!(split_tone('ế'), ('ê', Some('\u{301}')));
        assert_eq!(split_tone('Ữ'), ('Ư', Some('\u{303}')));
        assert_eq!(split_tone('đ'), ('đ', None));
        assert_eq!(with_tone('ê', '\u{301}'), 'ế');
        assert_eq!(with_tone('Y', '\u{309}'), 'Ỷ');
    }
}
