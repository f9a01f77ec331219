//! Vietnamese syllable inventory: which strings are well-formed syllables.
//!
//! A syllable is onset + rhyme + tone (`nghiêng` = `ngh` + `iêng` + ngang). Validity
//! is checked by phonotactic rules in code: the onset list, the rhyme table
//! (medial + nucleus + coda), spelling rules (k/gh/ngh only before i, e, ê; c/g/ng
//! never there; q only as qu) and the tone rule (after a stop coda -p -t -c -ch
//! only sắc or nặng). Each syllable has a *skeleton*: lowercase, marks stripped,
//! đ→d; [`marked_forms`] lists every valid syllable that shares a skeleton, which
//! is what a restorer chooses from when the marks are lost.

/// Tones in the usual order: ngang (none), huyền, sắc, hỏi, ngã, nặng.
pub const TONES: usize = 6;

/// Vowels with their six toned forms, base vowel first.
const VOWELS: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];

/// Onsets, longest first so that parsing is greedy.
const ONSETS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Rhymes (medial + nucleus + coda) without tone.
const RHYMES: &str =
    "a e ê i o ô ơ u ư y ia ua ưa oa oe uê uy uơ ai ao au âu ay ây eo êu iu oi ôi ơi \
ui ưi ưu uôi ươi ươu iêu yêu oai oay oao oeo uây uya uyu \
am an ang anh ap at ac ach ăm ăn ăng ăp ăt ăc âm ân âng âp ât âc \
em en eng ep et ec êm ên ênh êp êt êch im in inh ip it ich \
om on ong op ot oc oong ooc ôm ôn ông ôp ôt ôc ơm ơn ơp ơt \
um un ung up ut uc ưm ưn ưng ưt ưc \
iêm iên iêng iêp iêt iêc yêm yên yêng yêt uôm uôn uông uôt uôc \
ươm ươn ương ươp ươt ươc oam oan oang oanh oap oat oac oach \
oăm oăn oăng oăt oăc oem oen oet uân uâng uât uênh uêch \
uyn uynh uyt uych uyp uyên uyêt";

/// One character split into base letter (lowercase, with quality mark: ă â ê ô ơ ư đ),
/// tone (0..6) and whether it was uppercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharParts {
    pub base: char,
    pub tone: u8,
    pub upper: bool,
}

/// Split one character into its parts; characters outside Vietnamese come back
/// as their own lowercase with tone 0.
pub fn char_parts(c: char) -> CharParts {
    let upper = c.is_uppercase();
    let lower = if upper {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    };
    if lower.is_ascii() {
        return CharParts {
            base: lower,
            tone: 0,
            upper,
        };
    }
    match vowel_parts(lower) {
        Some((base, tone)) => CharParts { base, tone, upper },
        None => CharParts {
            base: lower,
            tone: 0,
            upper,
        },
    }
}

/// Tones as [`char_parts`] numbers them (0 none, 1 huyền).
pub const TONE_ACUTE: u8 = 2;
/// Hỏi.
pub const TONE_HOOK: u8 = 3;
/// Nặng.
pub const TONE_DOT_BELOW: u8 = 5;

/// A word's letters without its tone (quality marks kept: "tổ" → "tô") and
/// its tone (0 when it has none).
pub fn tone_apart(word: &str) -> (String, u8) {
    let mut tone = 0;
    let letters = word
        .chars()
        .map(|c| {
            let p = char_parts(c);
            if p.tone != 0 {
                tone = p.tone;
            }
            p.base
        })
        .collect();
    (letters, tone)
}

/// Every toned or marked vowel of [`VOWELS`] with its base and tone, sorted by
/// character for a binary search (this lookup runs for every letter repair sees).
fn vowel_table() -> &'static [(char, char, u8)] {
    static TABLE: std::sync::OnceLock<Vec<(char, char, u8)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Vec::new();
        for row in VOWELS {
            let base = row.chars().next().unwrap_or(' ');
            for (tone, v) in row.chars().enumerate() {
                t.push((v, base, tone as u8));
            }
        }
        t.sort_unstable_by_key(|e| e.0);
        t
    })
}

/// Exactly `char::is_alphabetic`, answered from a small table for the letters
/// of Vietnamese (most non-ASCII letters repair meets) instead of Unicode's
/// general lookup, which profiling showed as a tenth of ingest's CPU.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut t: Vec<char> = VOWELS
            .iter()
            .flat_map(|row| row.chars())
            .flat_map(|v| [v].into_iter().chain(v.to_uppercase()))
            .chain(['đ', 'Đ'])
            .filter(|c| !c.is_ascii())
            .collect();
        t.sort_unstable();
        t.dedup();
        t
    });
    t.binary_search(&c).is_ok() || c.is_alphabetic()
}

fn vowel_parts(lower: char) -> Option<(char, u8)> {
    let t = vowel_table();
    t.binary_search_by_key(&lower, |e| e.0)
        .ok()
        .map(|i| (t[i].1, t[i].2))
}

/// The toned form of a base vowel (ă â ê ô ơ ư included); other letters unchanged.
pub fn with_tone(base: char, tone: u8) -> char {
    for row in VOWELS {
        let mut it = row.chars();
        if it.next() == Some(base) {
            return row.chars().nth(tone as usize).unwrap_or(base);
        }
    }
    base
}

/// The letter without any mark: ă â → a, ê → e, ô ơ → o, ư → u, đ → d.
pub fn plain_letter(base: char) -> char {
    match base {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        'đ' => 'd',
        c => c,
    }
}

/// Lowercase, every mark removed, đ→d: the letters an engine without Vietnamese
/// (or a typist without marks) still gets right.
pub fn skeleton(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                plain_letter(char_parts(c).base)
            }
        })
        .collect()
}

/// Whether the word carries any Vietnamese mark (tone, ă â ê ô ơ ư or đ).
pub fn has_marks(word: &str) -> bool {
    word.chars().any(|c| {
        if c.is_ascii() {
            return false;
        }
        let p = char_parts(c);
        p.tone != 0 || plain_letter(p.base) != p.base
    })
}

/// A parsed syllable: onset, rhyme (no tone) and tone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    pub onset: String,
    pub rhyme: String,
    pub tone: u8,
}

fn is_rhyme(r: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| RHYMES.split_whitespace().collect())
        .contains(r)
}

fn stop_coda(rhyme: &str) -> bool {
    rhyme.ends_with('p') || rhyme.ends_with('t') || rhyme.ends_with('c') || rhyme.ends_with("ch")
}

/// Parse a (lowercase or capitalised) word as a Vietnamese syllable, or None if it
/// breaks a rule. At most one tone mark is allowed.
pub fn parse(word: &str) -> Option<Syllable> {
    if word.is_empty() || word.chars().count() > 7 {
        return None;
    }
    let mut tone = 0u8;
    let mut bare = String::with_capacity(word.len());
    for c in word.chars() {
        // Letters of the Vietnamese alphabet answer without Unicode's slow path.
        if !is_letter(c) {
            return None;
        }
        let p = char_parts(c);
        if p.tone != 0 {
            if tone != 0 {
                return None;
            }
            tone = p.tone;
        }
        bare.push(p.base);
    }
    // Try every onset that prefixes the word (gi/g and qu need the alternatives).
    let onsets = ONSETS
        .iter()
        .copied()
        .filter(|o| bare.starts_with(o))
        .chain(std::iter::once(""));
    for onset in onsets {
        let rhyme = &bare[onset.len()..];
        if rhyme.is_empty() {
            continue;
        }
        if !spelling_ok(onset, rhyme) || !is_rhyme(rhyme) {
            continue;
        }
        if stop_coda(rhyme) && !(tone == TONE_ACUTE || tone == TONE_DOT_BELOW) {
            // Stop codas take only sắc or nặng.
            continue;
        }
        return Some(Syllable {
            onset: onset.to_string(),
            rhyme: rhyme.to_string(),
            tone,
        });
    }
    None
}

fn spelling_ok(onset: &str, rhyme: &str) -> bool {
    let first = rhyme.chars().next().unwrap_or(' ');
    let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
    match onset {
        "k" | "gh" | "ngh" => front,
        "c" | "ng" => !front,
        "g" => !matches!(first, 'e' | 'ê'),
        "gi" => true,
        // qu + rhyme: the u is the medial, so the rhyme must not start with u/o medials.
        "qu" => !matches!(first, 'u' | 'o'),
        "" => true,
        _ => true,
    }
}

/// Whether `word` (any case) is a well-formed Vietnamese syllable.
pub fn is_valid(word: &str) -> bool {
    if word.chars().all(|c| !c.is_uppercase()) {
        return parse(word).is_some();
    }
    let lower = word.to_lowercase();
    parse(&lower).is_some()
}

/// Where the tone mark goes in a toneless syllable `bare` (lowercase, with quality
/// marks), as an index into its characters: the vowel with a quality mark (ơ of ươ),
/// else the last vowel before a coda, else the first of a two-vowel open rhyme
/// (the traditional hòa, thủy), the middle of three.
pub fn tone_position(bare: &str, onset_len_chars: usize) -> Option<usize> {
    let chars: Vec<char> = bare.chars().collect();
    let vowel = |c: char| {
        matches!(
            c,
            'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
        )
    };
    let idx: Vec<usize> = (onset_len_chars..chars.len())
        .filter(|&i| vowel(chars[i]))
        .collect();
    if idx.is_empty() {
        return None;
    }
    // ươ: the mark goes on ơ.
    if let Some(&i) = idx
        .iter()
        .rev()
        .find(|&&i| matches!(chars[i], 'ơ'))
        .or_else(|| {
            idx.iter()
                .find(|&&i| matches!(chars[i], 'ă' | 'â' | 'ê' | 'ô' | 'ư'))
        })
    {
        return Some(i);
    }
    let last = *idx.last().unwrap_or(&0);
    let has_coda = last + 1 < chars.len();
    match idx.len() {
        1 => Some(idx[0]),
        2 if has_coda => Some(idx[1]),
        2 => Some(idx[0]),
        _ => Some(idx[1]),
    }
}

/// Every valid syllable whose skeleton is `skel` (lowercase), with the tone placed
/// by [`tone_position`]. Empty when the skeleton cannot be Vietnamese.
pub fn marked_forms(skel: &str) -> Vec<String> {
    let chars: Vec<char> = skel.chars().collect();
    if chars.is_empty() || chars.len() > 7 || !chars.iter().all(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    // Each letter's possible bases.
    let options: Vec<Vec<char>> = chars
        .iter()
        .map(|&c| match c {
            'a' => vec!['a', 'ă', 'â'],
            'e' => vec!['e', 'ê'],
            'o' => vec!['o', 'ô', 'ơ'],
            'u' => vec!['u', 'ư'],
            'd' => vec!['d', 'đ'],
            c => vec![c],
        })
        .collect();
    let mut bares: Vec<String> = vec![String::new()];
    for opts in &options {
        let mut next = Vec::with_capacity(bares.len() * opts.len());
        for b in &bares {
            for &o in opts {
                let mut s = b.clone();
                s.push(o);
                next.push(s);
            }
        }
        bares = next;
    }
    let mut out = Vec::new();
    for bare in bares {
        let onset_chars = onset_of(&bare).chars().count();
        let Some(pos) = tone_position(&bare, onset_chars) else {
            continue;
        };
        for tone in 0..TONES as u8 {
            let form: String = bare
                .chars()
                .enumerate()
                .map(|(i, c)| if i == pos { with_tone(c, tone) } else { c })
                .collect();
            if parse(&form).is_some() && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// The longest onset of `bare` that still leaves a vowel for the rhyme.
fn onset_of(bare: &str) -> &str {
    let vowel = |c: char| "aăâeêioôơuưy".contains(c);
    ONSETS
        .iter()
        .find(|o| bare.starts_with(*o) && bare[o.len()..].chars().any(vowel))
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeleton_strips_marks_and_d() {
        assert_eq!(skeleton("Đường"), "duong");
        assert_eq!(skeleton("NGHIÊNG"), "nghieng");
        assert_eq!(skeleton("BCĐTW"), "bcdtw");
    }

    #[test]
    fn valid_syllables() {
        for w in [
            "kính",
            "gửi",
            "nghiêng",
            "người",
            "của",
            "chức",
            "quyết",
            "giữa",
            "gì",
            "thủy",
            "hòa",
            "khuya",
            "Trường",
            "đồng",
            "bộ",
            "ương",
            "oanh",
            "ạ",
            "xoong",
        ] {
            assert!(is_valid(w), "{w} should be valid");
        }
    }

    #[test]
    fn invalid_syllables() {
        // "hoach" lacks the sắc/nặng a stop coda needs; "ká", "cí", "ngê" break spelling.
        for w in [
            "ctia", "chirc", "wong", "s6", "ubnd", "kh", "ká", "ghà", "cí", "thàt", "bcdtw", "ngê",
            "quu", "hoach", "áà",
        ] {
            assert!(!is_valid(w), "{w} should be invalid");
        }
    }

    #[test]
    fn stop_codas_take_only_sac_or_nang() {
        assert!(is_valid("hoạch"));
        assert!(is_valid("tác"));
        assert!(!is_valid("tàc"));
        assert!(!is_valid("tảp"));
    }

    #[test]
    fn forms_sharing_a_skeleton() {
        let forms = marked_forms("cua");
        for f in ["cua", "của", "cửa", "cùa", "cưa", "cứa"] {
            assert!(forms.contains(&f.to_string()), "{f} missing from {forms:?}");
        }
        let forms = marked_forms("duong");
        assert!(forms.contains(&"đường".to_string()));
        assert!(forms.contains(&"dương".to_string()));
        assert!(marked_forms("hoach").contains(&"hoạch".to_string()));
        assert!(marked_forms("ctia").is_empty());
        // Every form maps back to the skeleton.
        for f in marked_forms("nghieng") {
            assert_eq!(skeleton(&f), "nghieng");
        }
    }

    #[test]
    fn marks_detected() {
        assert!(has_marks("đi"));
        assert!(has_marks("là"));
        assert!(!has_marks("theo"));
    }
}
