//! Byte decoding: detects the encoding of a text file and converts it to Unicode NFC.
//!
//! Offices keep letters in whatever their software wrote: UTF-8 (with or without
//! a byte-order mark), UTF-16 from Windows "Unicode" exports, Windows-1258 (base
//! letters followed by combining tone bytes), and files typed before Unicode with
//! the TCVN3 (ABC, `.VnTime` fonts) or VNI (`VNI-Times`) font encodings.
//!
//! Detection, in order:
//! 1. a byte-order mark (UTF-8, UTF-16 LE/BE);
//! 2. UTF-16 without a mark, from the pattern of zero bytes (ASCII text in UTF-16
//!    has a zero in every other byte);
//! 3. valid UTF-8 (a few stray invalid bytes in otherwise valid UTF-8 become U+FFFD);
//! 4. otherwise each legacy encoding is tried and scored: the share of words with
//!    non-ASCII letters that are valid Vietnamese syllables, minus characters
//!    Vietnamese text never holds (µ, ¸, lone combining marks…). The best wins;
//!    TCVN3 or VNI must beat Windows-1258 by a margin, since Windows writes it.
//!
//! Binary data (control bytes) and bytes that decode to no Vietnamese in any
//! encoding are refused with [`DecodeError::NotText`]. Detection looks at the
//! first [`SAMPLE_BYTES`] only, so its cost is bounded; decoding is linear.
//!
//! The encoders ([`encode`]) write each legacy encoding the way real files hold
//! it, so tests can check `decode(encode(x)) == x`. What is lossy:
//! * TCVN3 (VN3, TCVN 5712:1993) has no code for capitals with a tone mark. Real
//!   `.VnTime` files typed the heading lines in the `.VnTimeH` font, which draws the
//!   lower-case codes as capitals; in a plain-text file that font is gone. The
//!   decoder restores capitals by context: in a word with no lower-case ASCII
//!   letter and a capital after its first letter ("CéNG" → "CỘNG", "ñY" → "ỦY"),
//!   and in a word whose only capital is its first letter when it stands next to
//!   such a word on a line without lower-case words ("X·" in "CéNG HOµ X· HéI" →
//!   "XÃ"). Where that cannot work (a title-case
//!   word such as "Ủy"), the encoder writes the TCVN 5712 VN1 capital code, which
//!   the decoder also reads — except for Ặ Ị Ò Ỏ Õ Ó Ọ Ộ, whose VN1 codes (0x85,
//!   0x91–0x97) hold the Windows-1252 punctuation … ‘ ’ “ ” • – — that Word saved in
//!   `.VnTime` documents. A title-case word starting with one of those eight
//!   ("Ở" is fine, "Ộ" is not) comes back lower-case. (Files written with the
//!   full VN1 capitals, e.g. by glibc's iconv, are read too: one of those eight
//!   bytes right after a capital is taken as the capital letter.) TCVN3 also cannot hold
//!   Latin-1 symbols whose bytes are Vietnamese letters (¢ · ¶ …): [`encode`] refuses them.
//! * VNI writes every letter as an ASCII base plus mark bytes and loses nothing
//!   Vietnamese; symbols whose byte VNI uses for a mark (e.g. ÿ is fine, Ø is not)
//!   are refused by [`encode`].
//! * Windows-1258 keeps everything Vietnamese. The encoder writes base letter +
//!   combining tone byte; the decoder also reads the precomposed letters the code
//!   page has (á, à, é, …, as Windows and glibc write them). No code for
//!   characters outside Windows-1252's repertoire.
//!
//! Sources of the tables: TCVN 5712:1993 (VN1/VN3), checked against glibc's
//! `iconv -f TCVN5712-1`; VNI-Windows from the VNI font layout as used by the
//! xvnkb/Unikey converters; Windows-1258 through `encoding_rs` (WHATWG tables).

use super::syllable;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Detection looks at this many leading bytes at most.
pub const SAMPLE_BYTES: usize = 64 * 1024;
/// How much better (in share of valid words) TCVN3 or VNI must score than
/// Windows-1258 to be chosen.
const PREFER_1258: f64 = 0.1;

pub use crate::letter::Encoding;

/// Decoded text and the encoding it was found in.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Why bytes could not be decoded as text.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not text: {0}")]
    NotText(String),
}

/// Why text could not be written in a legacy encoding.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{encoding:?} has no code for {ch:?} (U+{code:04X}) at character {index}")]
pub struct EncodeError {
    pub encoding: Encoding,
    pub ch: char,
    pub code: u32,
    /// Index of the character in the NFC text.
    pub index: usize,
}

/// Decode a file's bytes: detect the encoding, convert to NFC.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let done = |text: String, encoding| Decoded {
        text: super::nfc_owned(text),
        encoding,
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(done(
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8,
        ));
    }
    if let Some(enc) = utf16_kind(bytes) {
        let text = decode_utf16(bytes, enc);
        check_controls(text.chars().take(SAMPLE_BYTES).map(|c| c as u32))?;
        return Ok(done(text, enc));
    }
    if let Some(text) = mostly_utf8(bytes) {
        check_controls(bytes.iter().take(SAMPLE_BYTES).map(|b| u32::from(*b)))?;
        return Ok(done(text, Encoding::Utf8));
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    check_controls(sample.iter().map(|b| u32::from(*b)))?;
    let scores: Vec<(Encoding, f64)> = Encoding::LEGACY
        .iter()
        .map(|&e| (e, score(&decode_as(sample, e))))
        .collect();
    let (mut best, mut score) =
        scores
            .iter()
            .copied()
            .fold((Encoding::Windows1258, f64::MIN), |acc, x| {
                if x.1 > acc.1 {
                    x
                } else {
                    acc
                }
            });
    // Windows-1258 is what Windows itself writes: a font encoding must beat it
    // clearly (real TCVN3/VNI text read as Windows-1258 scores far below zero;
    // text with few accents, such as OCR without a Vietnamese model, is close).
    let w1258 = scores
        .iter()
        .find(|(e, _)| *e == Encoding::Windows1258)
        .map_or(f64::MIN, |x| x.1);
    if best != Encoding::Windows1258 && score < w1258 + PREFER_1258 {
        (best, score) = (Encoding::Windows1258, w1258);
    }
    if score < 0.2 {
        return Err(DecodeError::NotText(format!(
            "not valid UTF-8, and no Vietnamese in Windows-1258, TCVN3 or VNI (best: {}, {:.0}% valid words)",
            best.name(),
            score.max(0.0) * 100.0
        )));
    }
    Ok(done(decode_as(bytes, best), best))
}

/// Decode bytes in a given encoding (no detection), NFC.
pub fn decode_as(bytes: &[u8], encoding: Encoding) -> String {
    let raw = match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Encoding::Utf16Le | Encoding::Utf16Be => decode_utf16(bytes, encoding),
        Encoding::Windows1258 => encoding_rs::WINDOWS_1258
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
        Encoding::Tcvn3 => decode_tcvn3(bytes),
        Encoding::Vni => decode_vni(bytes),
    };
    super::nfc_owned(raw)
}

/// Write `text` in a legacy encoding (or UTF-8/UTF-16), the way real files hold it.
pub fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, EncodeError> {
    let text: String = text.nfc().collect();
    match encoding {
        Encoding::Utf8 => Ok(text.into_bytes()),
        Encoding::Utf16Le => Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        Encoding::Utf16Be => Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        Encoding::Windows1258 => encode_1258(&text),
        Encoding::Tcvn3 => encode_tcvn3(&text),
        Encoding::Vni => encode_vni(&text),
    }
}

// ---------------------------------------------------------------- font text

/// A legacy Vietnamese font named in a PDF or Word file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyFont {
    /// The font's name without subset prefix or style suffix (".VnTimeH", "VNI-Times").
    pub family: String,
    /// TCVN3 for the `.Vn…` fonts, VNI for the `VNI-…` fonts.
    pub encoding: Encoding,
    /// An "H" font (`.VnTimeH`, `.VnArialH`…): its lower-case codes draw capitals.
    pub capitals: bool,
    /// Found from the text rather than the name: each run is checked again
    /// ([`decode_font_run`]).
    pub from_content: bool,
}

/// What a font's name says about the bytes shown in it: `.VnTime`, `.VnTimeH`,
/// `.VnArial`… (TCVN3, also without the dot: `VnTime`), `VNI-Times`, `VNI-Helve`…
/// (VNI). A PDF subset prefix (`ABCDEF+`) and a style suffix (`,Bold`,
/// `-BoldItalic`) are ignored. `None` for every other name.
pub fn legacy_font(name: &str) -> Option<LegacyFont> {
    let mut n = subset_stripped(name.trim());
    // ",Bold" (Word, Acrobat) or "-Bold" (PostScript names) style suffixes.
    n = n.split(',').next().unwrap_or(n).trim();
    const STYLES: [&str; 9] = [
        "Bold",
        "Italic",
        "BoldItalic",
        "Regular",
        "Oblique",
        "BoldOblique",
        "Normal",
        "BoldItalicMT",
        "BoldMT",
    ];
    if let Some((base, style)) = n.rsplit_once('-') {
        if STYLES.iter().any(|s| s.eq_ignore_ascii_case(style)) {
            n = base;
        }
    }
    let compact: String = n.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_ascii_lowercase();
    // "H" is the last letter before any style run together with the name
    // (".VnTimeHBold", ".VnArialHItalic").
    let mut bare = compact.as_str();
    for style in ["Italic", "Bold", "Oblique", "Regular"] {
        bare = bare.strip_suffix(style).unwrap_or(bare);
    }
    let tcvn3 = lower.starts_with(".vn") && lower.len() > 3
        || [
            "vntime",
            "vnarial",
            "vnavant",
            "vnhelvet",
            "vncentury",
            "vnbook",
            "vnblack",
        ]
        .iter()
        .any(|f| lower.starts_with(f));
    let vni = lower.starts_with("vni")
        && compact
            .chars()
            .nth(3)
            .is_some_and(|c| matches!(c, '-' | '_') || c.is_ascii_uppercase())
        || lower.starts_with("vni") && n.chars().nth(3) == Some(' ');
    let encoding = if tcvn3 {
        Encoding::Tcvn3
    } else if vni {
        Encoding::Vni
    } else {
        return None;
    };
    Some(LegacyFont {
        family: n.to_string(),
        encoding,
        capitals: encoding == Encoding::Tcvn3 && bare.to_ascii_lowercase().ends_with('h'),
        from_content: false,
    })
}

/// Text shown in a legacy font: its bytes decoded from the font's encoding,
/// upper-cased for an "H" font.
pub fn decode_font_bytes(bytes: &[u8], encoding: Encoding, capitals: bool) -> String {
    let text = decode_as(bytes, encoding);
    if capitals {
        text.to_uppercase().nfc().collect()
    } else {
        text
    }
}

/// The single-byte codes behind text that a reader decoded as Windows-1252 or
/// Latin-1 (a Word run, a PDF font with a ToUnicode map): ASCII and U+00A0–U+00FF
/// as themselves, Windows-1252's punctuation (“ ” – …) as 0x80–0x9F, the symbol
/// area U+F000–U+F0FF as its low byte. `None` when a character has no such code
/// (the text is real Unicode).
pub fn font_bytes_of(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let u = c as u32;
        let b = match u {
            0..=0xFF => u as u8,
            0xF000..=0xF0FF => (u & 0xFF) as u8,
            _ => {
                let mut buf = [0; 4];
                let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
                match bytes.first() {
                    Some(&b) if !bad && bytes.len() == 1 => b,
                    _ => return None,
                }
            }
        };
        out.push(b);
    }
    Some(out)
}

/// Which legacy encoding a font's bytes are in, judged from their content alone
/// (for fonts whose name says nothing): TCVN3 or VNI when that decoding gives
/// valid Vietnamese syllables far better than the bytes read as Windows-1252 do.
/// Conservative: a few words, or text that reads as well as it stands, is left alone.
pub fn detect_font_encoding(bytes: &[u8]) -> Option<Encoding> {
    if bytes.is_ascii() {
        return None;
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let as_is = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(sample)
        .0;
    let (base, _) = score_words(&as_is);
    let mut best: Option<(Encoding, f64, usize)> = None;
    for enc in [Encoding::Tcvn3, Encoding::Vni] {
        let (s, words) = score_words(&decode_as(sample, enc));
        if best.is_none_or(|b| s > b.1) {
            best = Some((enc, s, words));
        }
    }
    let (enc, s, words) = best?;
    (words >= DETECT_MIN_WORDS && s >= DETECT_MIN_SCORE && s >= base + DETECT_MARGIN).then_some(enc)
}

/// Which legacy encoding the text shown in one font is in, from the font's
/// name and its text: `bytes` are the single-byte codes of its runs that have
/// such codes (see [`font_bytes_of`]), `unicode` the text of its runs that do
/// not (real Unicode).
///
/// A font named as a legacy one is taken at its word, unless its Unicode runs
/// read as Vietnamese: then the name is a leftover (a template whose style
/// still says `.VnTime` over Unicode typing, a PDF that maps the glyphs), and
/// its other runs are judged by content like any other font's.
pub fn font_encoding(name: Option<&str>, bytes: &[u8], unicode: &str) -> Option<LegacyFont> {
    let named = name.and_then(legacy_font);
    if named.is_some() && !reads_as_vietnamese(unicode) {
        return named;
    }
    let encoding = detect_font_encoding(bytes)?;
    Some(match named {
        Some(f) if f.encoding == encoding => LegacyFont {
            from_content: true,
            ..f
        },
        _ => LegacyFont {
            family: name
                .map(subset_stripped)
                .unwrap_or("(no font named)")
                .to_string(),
            encoding,
            capitals: false,
            from_content: true,
        },
    })
}

/// One run of text in a legacy font, decoded. For a font found from its
/// content, a run that reads as Vietnamese as it stands ("Tài chính") and worse
/// decoded is kept as it stands: such a font can hold runs typed in Unicode.
pub fn decode_font_run(bytes: &[u8], font: &LegacyFont) -> String {
    let decoded = decode_font_bytes(bytes, font.encoding, font.capitals);
    if font.from_content {
        let as_is: String = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .nfc()
            .collect();
        let (s, words) = score_words(&as_is);
        if words > 0 && s >= 1.0 && score_words(&decoded).0 < s {
            return as_is;
        }
    }
    decoded
}

/// A font name without a PDF subset prefix ("ABCDEF+Arial" → "Arial").
fn subset_stripped(name: &str) -> &str {
    match name.split_once('+') {
        Some((p, rest)) if p.len() == 6 && p.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// Whether text (already Unicode) reads as Vietnamese: most of its words with
/// non-ASCII letters are valid syllables. Used to leave alone a legacy-named
/// font whose PDF already maps its glyphs to Unicode.
pub fn reads_as_vietnamese(text: &str) -> bool {
    let (s, words) = score_words(text);
    words >= DETECT_MIN_WORDS && s >= DETECT_MIN_SCORE
}

/// Content detection needs this many words with non-ASCII letters …
const DETECT_MIN_WORDS: usize = 4;
/// … this score in the legacy decoding …
const DETECT_MIN_SCORE: f64 = 0.7;
/// … and this much more than the bytes as they stand.
const DETECT_MARGIN: f64 = 0.4;

// ---------------------------------------------------------------- detection

/// UTF-16 by byte-order mark or by the zero-byte pattern of mostly-ASCII text.
fn utf16_kind(bytes: &[u8]) -> Option<Encoding> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(Encoding::Utf16Le);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(Encoding::Utf16Be);
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in sample.chunks_exact(2) {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    let (even, odd) = (even as f64 / pairs as f64, odd as f64 / pairs as f64);
    if odd >= 0.2 && even < 0.02 {
        Some(Encoding::Utf16Le)
    } else if even >= 0.2 && odd < 0.02 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], enc: Encoding) -> String {
    let (coding, bom): (&'static encoding_rs::Encoding, &[u8]) = if enc == Encoding::Utf16Be {
        (encoding_rs::UTF_16BE, b"\xFE\xFF")
    } else {
        (encoding_rs::UTF_16LE, b"\xFF\xFE")
    };
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    coding.decode_without_bom_handling(body).0.into_owned()
}

/// Valid UTF-8, or UTF-8 with a few damaged bytes (under 2% of its non-ASCII
/// characters), decoded lossily.
fn mostly_utf8(bytes: &[u8]) -> Option<String> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in sample.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    // The sample may cut a character in two at its end.
    let bad = bad.saturating_sub(usize::from(sample.len() < bytes.len()));
    (good >= 20 && bad * 50 < good).then(|| String::from_utf8_lossy(bytes).into_owned())
}

/// Refuse binary data: more than 1% control codes (NUL, ESC, …; tabs, line
/// breaks, form feeds and TCVN3's few capital codes in C0 are allowed in small numbers).
fn check_controls(codes: impl Iterator<Item = u32>) -> Result<(), DecodeError> {
    let (mut n, mut bad) = (0usize, 0usize);
    for c in codes {
        n += 1;
        if (c < 0x20 && !matches!(c, 0x09 | 0x0A | 0x0C | 0x0D)) || c == 0x7F {
            bad += 1;
        }
    }
    if bad >= 3 && bad * 100 > n {
        return Err(DecodeError::NotText(format!(
            "binary data ({bad} control bytes in the first {n})"
        )));
    }
    Ok(())
}

/// Whether a character belongs in Vietnamese text (letters, digits, ASCII,
/// usual punctuation). Anything else counts against an encoding candidate.
fn plausible_char(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    if matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '–'
            | '—'
            | '…'
            | '•'
            | '·'
            | '«'
            | '»'
            | '°'
            | '§'
            | '\u{a0}'
    ) {
        return true;
    }
    let (base, _) = syllable::split_tone(c);
    matches!(
        base,
        'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'đ' | 'Ă' | 'Â' | 'Ê' | 'Ô' | 'Ơ' | 'Ư' | 'Đ'
    ) || base.is_ascii_alphabetic()
}

/// How Vietnamese a decoded sample looks, roughly in [-∞, 1].
fn score(text: &str) -> f64 {
    score_words(text).0
}

/// [`score`] and the number of words with non-ASCII letters it counted.
fn score_words(text: &str) -> (f64, usize) {
    let (mut words, mut valid, mut junk) = (0usize, 0usize, 0usize);
    let mut word = String::new();
    let mut flush = |w: &mut String| {
        if !w.is_empty() && !w.is_ascii() {
            words += 1;
            valid += usize::from(syllable::is_syllable(w));
        }
        w.clear();
    };
    for c in text.chars() {
        if !plausible_char(c) {
            junk += 1;
        }
        if c.is_alphabetic() || is_combining(c) {
            word.push(c);
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
    if words == 0 {
        return (if junk == 0 { 1.0 } else { 0.0 }, 0);
    }
    ((valid as f64 - junk as f64) / words as f64, words)
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

// ---------------------------------------------------------------- Windows-1258

/// Windows-1258 bytes of each character it has (from encoding_rs's decoder).
fn cp1258_codes() -> &'static HashMap<char, u8> {
    static CODES: OnceLock<HashMap<char, u8>> = OnceLock::new();
    CODES.get_or_init(|| {
        let mut m = HashMap::new();
        for b in 0u8..=255 {
            let byte = [b];
            let (s, bad) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&byte);
            let mut it = s.chars();
            if let (false, Some(c), None) = (bad, it.next(), it.next()) {
                m.entry(c).or_insert(b);
            }
        }
        m
    })
}

/// Each letter as its Windows-1258 base (â, ơ, …) plus a combining tone byte,
/// as Windows' own converter writes Vietnamese.
fn encode_1258(text: &str) -> Result<Vec<u8>, EncodeError> {
    let codes = cp1258_codes();
    let mut out = Vec::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        let err = || EncodeError {
            encoding: Encoding::Windows1258,
            ch: c,
            code: c as u32,
            index,
        };
        let (base, tone) = syllable::split_tone(c);
        match (codes.get(&base), tone) {
            (Some(&b), Some(t)) => {
                out.push(b);
                out.push(*codes.get(&t).ok_or_else(err)?);
            }
            (Some(&b), None) => out.push(b),
            (None, _) => out.push(*codes.get(&c).ok_or_else(err)?),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- TCVN3

/// TCVN3 bytes 0xA0–0xFF: the VN3 lower-case letters and Ă Â Ê Ô Ơ Ư Đ, with the
/// VN1 capitals and combining tones in the places VN3 leaves free (TCVN 5712:1993).
const TCVN3_A0: [char; 96] = [
    '\u{a0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // A0
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // B0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // C0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // D0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // F0
];

/// TCVN3 bytes 0x80–0x9F: VN1 capitals, except 0x85 and 0x91–0x97 where files
/// written by Word hold Windows-1252 punctuation.
const TCVN3_80: [char; 32] = [
    'À', 'Ả', 'Ã', 'Á', 'Ạ', '…', 'Ậ', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ', 'Ệ', 'Ì', 'Ỉ', 'Ĩ', // 80
    'Í', '‘', '’', '“', '”', '•', '–', '—', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ', 'Ù', 'Ủ', 'Ũ', // 90
];

/// TCVN3 (VN1) capitals in the C0 control range.
const TCVN3_C0: [(u8, char); 12] = [
    (0x01, 'Ú'),
    (0x02, 'Ụ'),
    (0x04, 'Ừ'),
    (0x05, 'Ử'),
    (0x06, 'Ữ'),
    (0x11, 'Ứ'),
    (0x12, 'Ự'),
    (0x13, 'Ỳ'),
    (0x14, 'Ỷ'),
    (0x15, 'Ỹ'),
    (0x16, 'Ý'),
    (0x17, 'Ỵ'),
];

fn tcvn3_char(b: u8) -> char {
    match b {
        0xA0..=0xFF => TCVN3_A0[usize::from(b - 0xA0)],
        0x80..=0x9F => TCVN3_80[usize::from(b - 0x80)],
        0x00..=0x1F => TCVN3_C0
            .iter()
            .find(|(k, _)| *k == b)
            .map(|(_, c)| *c)
            .unwrap_or(char::from(b)),
        _ => char::from(b),
    }
}

fn tcvn3_codes() -> &'static HashMap<char, u8> {
    static CODES: OnceLock<HashMap<char, u8>> = OnceLock::new();
    CODES.get_or_init(|| (0u8..=255).map(|b| (tcvn3_char(b), b)).collect())
}

/// The VN1 capitals whose bytes [`TCVN3_80`] gives to punctuation.
const TCVN3_VN1_SHADOWED: [(u8, char); 8] = [
    (0x85, 'Ặ'),
    (0x91, 'Ị'),
    (0x92, 'Ò'),
    (0x93, 'Ỏ'),
    (0x94, 'Õ'),
    (0x95, 'Ó'),
    (0x96, 'Ọ'),
    (0x97, 'Ộ'),
];

/// TCVN3 bytes to text, one line at a time (every case rule is line-local, and
/// this keeps the working buffer to one line).
fn decode_tcvn3(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut chars = Vec::new();
    for (k, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        chars.clear();
        chars.extend(line.iter().map(|&b| tcvn3_char(b)));
        vn1_capitals(line, &mut chars);
        restore_case(&mut chars);
        out.extend(chars.iter());
    }
    out
}

/// Files written with full VN1 capitals: a "punctuation" byte right after a
/// capital is the capital letter ("C\x97NG", "PH\x95" are "CỘNG", "PHÓ", never
/// "C—NG", "PH•"); for ” and … (common after a word in capitals) a capital
/// must follow too.
fn vn1_capitals(bytes: &[u8], chars: &mut [char]) {
    for i in 1..chars.len() {
        let Some(&(b, cap)) = TCVN3_VN1_SHADOWED.iter().find(|(b, _)| *b == bytes[i]) else {
            continue;
        };
        let next_upper = chars.get(i + 1).is_some_and(|c| c.is_uppercase());
        if chars[i - 1].is_uppercase() && (next_upper || !matches!(b, 0x85 | 0x94)) {
            chars[i] = cap;
        }
    }
}

/// What the TCVN3 decoder knows about a character's case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CaseClass {
    /// ASCII lower-case: certainly lower case.
    Lower,
    /// A capital: certainly upper case.
    Anchor,
    /// A non-ASCII lower-case code: lower case, or a capital in `.VnTimeH`.
    Ambiguous,
    /// Combining marks: part of the word, no case.
    Neutral,
}

fn case_class(c: char) -> CaseClass {
    if c.is_ascii_lowercase() {
        CaseClass::Lower
    } else if c.is_uppercase() {
        CaseClass::Anchor
    } else if c.is_lowercase() {
        CaseClass::Ambiguous
    } else {
        CaseClass::Neutral
    }
}

/// Word spans (start, end) of letters and combining marks in `chars`.
fn word_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, &c) in chars.iter().enumerate() {
        let in_word = c.is_alphabetic() || is_combining(c);
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, chars.len()));
    }
    spans
}

/// Upper-case the ambiguous letters of words that are evidently written in
/// capitals (`.VnTimeH` headings). See the module doc for the rule.
fn restore_case(chars: &mut [char]) {
    let spans = word_spans(chars);
    let info: Vec<(bool, bool, bool)> = spans
        .iter()
        .map(|&(s, e)| {
            let w = &chars[s..e];
            let lower = w.iter().any(|&c| case_class(c) == CaseClass::Lower);
            let ambiguous = w.iter().any(|&c| case_class(c) == CaseClass::Ambiguous);
            let letters = w.iter().filter(|&&c| case_class(c) != CaseClass::Neutral);
            let strong = !lower && letters.skip(1).any(|&c| case_class(c) == CaseClass::Anchor);
            (lower, ambiguous, strong)
        })
        .collect();
    // The line of each word, in one pass (files can be large).
    let mut line = 0usize;
    let mut pos = 0usize;
    let lines: Vec<usize> = spans
        .iter()
        .map(|&(s, _)| {
            line += chars[pos..s].iter().filter(|&&c| c == '\n').count();
            pos = s;
            line
        })
        .collect();
    // Lines holding a word with a lower-case ASCII letter.
    let lower_lines: std::collections::HashSet<usize> = (0..spans.len())
        .filter(|&k| info[k].0)
        .map(|k| lines[k])
        .collect();
    let adjacent = |a: (usize, usize), b: (usize, usize)| {
        a.1 < b.0 && chars[a.1..b.0].iter().all(|&c| c == ' ' || c == '\t')
    };
    let mut upper = vec![false; spans.len()];
    for k in 0..spans.len() {
        let (lower, ambiguous, strong) = info[k];
        if lower || !ambiguous {
            continue;
        }
        upper[k] = strong
            || (!lower_lines.contains(&lines[k])
                && ((k > 0 && info[k - 1].2 && adjacent(spans[k - 1], spans[k]))
                    || (k + 1 < spans.len() && info[k + 1].2 && adjacent(spans[k], spans[k + 1]))));
    }
    for (k, &(s, e)) in spans.iter().enumerate() {
        if upper[k] {
            for c in &mut chars[s..e] {
                if case_class(*c) == CaseClass::Ambiguous {
                    let mut up = c.to_uppercase();
                    if let (Some(u), None) = (up.next(), up.next()) {
                        *c = u;
                    }
                }
            }
        }
    }
}

/// TCVN3 as `.VnTime`/`.VnTimeH` files hold it: capitals with tones as the
/// lower-case codes where the decoder can tell they are capitals, else the VN1
/// capital code where there is one (see the module doc for what stays lossy).
fn encode_tcvn3(text: &str) -> Result<Vec<u8>, EncodeError> {
    let codes = tcvn3_codes();
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    // First choice for each character: its own code, or the lower-case code.
    let mut vn1_for = Vec::new();
    for (index, &c) in chars.iter().enumerate() {
        if let Some(&b) = codes.get(&c).filter(|_| !c.is_uppercase() || c.is_ascii()) {
            out.push(b);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        match (codes.get(&lower), codes.get(&c)) {
            (Some(&l), _) if lower != c => {
                out.push(l);
                vn1_for.push(index);
            }
            (_, Some(&b)) => out.push(b),
            _ => {
                return Err(EncodeError {
                    encoding: Encoding::Tcvn3,
                    ch: c,
                    code: c as u32,
                    index,
                })
            }
        }
    }
    // Where the decoder would not restore the capital, use the VN1 code if
    // there is one; repeat since each switch can change a neighbour's context.
    for _ in 0..4 {
        let mut back: Vec<char> = out.iter().map(|&b| tcvn3_char(b)).collect();
        restore_case(&mut back);
        let mut changed = false;
        for &i in &vn1_for {
            if back[i] != chars[i] {
                if let Some(&b) = codes.get(&chars[i]) {
                    if out[i] != b {
                        out[i] = b;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- VNI

/// VNI-Windows: what each byte from 0xC0 stands for. Mark bytes become
/// combining marks (composed by NFC with the letter before them); the others
/// are whole letters. Upper- and lower-case mark bytes differ by 0x20.
fn vni_piece(b: u8) -> Option<&'static str> {
    Some(match b | 0x20 {
        0xF8 => "\u{300}",
        0xF9 => "\u{301}",
        0xFB => "\u{309}",
        0xF5 => "\u{303}",
        0xEF => "\u{323}",
        0xE2 => "\u{302}",
        0xE0 => "\u{302}\u{300}",
        0xE1 => "\u{302}\u{301}",
        0xE5 => "\u{302}\u{309}",
        0xE3 => "\u{302}\u{303}",
        0xE4 => "\u{302}\u{323}",
        0xEA => "\u{306}",
        0xE8 => "\u{306}\u{300}",
        0xE9 => "\u{306}\u{301}",
        0xFA => "\u{306}\u{309}",
        0xFC => "\u{306}\u{303}",
        0xEB => "\u{306}\u{323}",
        _ => return vni_letter(b),
    })
}

fn vni_letter(b: u8) -> Option<&'static str> {
    Some(match b {
        0xF1 => "đ",
        0xD1 => "Đ",
        0xEC => "ì",
        0xCC => "Ì",
        0xED => "í",
        0xCD => "Í",
        0xE6 => "ỉ",
        0xC6 => "Ỉ",
        0xF3 => "ĩ",
        0xD3 => "Ĩ",
        0xF2 => "ị",
        0xD2 => "Ị",
        0xEE => "ỵ",
        0xCE => "Ỵ",
        0xF4 => "ơ",
        0xD4 => "Ơ",
        0xF6 => "ư",
        0xD6 => "Ư",
        _ => return None,
    })
}

fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    for &b in bytes {
        match b {
            0xC0..=0xFF => match vni_piece(b) {
                Some(p) => out.push_str(p),
                None => out.push(char::from(b)), // Latin-1 where VNI has no letter
            },
            0x80..=0x9F => out.push_str(
                &encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&[b])
                    .0,
            ),
            _ => out.push(char::from(b)),
        }
    }
    out
}

/// The VNI bytes of one character, or `None` when VNI cannot write it.
fn vni_bytes(c: char, out: &mut Vec<u8>) -> bool {
    if c.is_ascii() {
        out.push(c as u8);
        return true;
    }
    let upper = c.is_uppercase();
    let case = |b: u8| if upper { b & !0x20 } else { b };
    let (base, tone) = syllable::split_tone(c);
    let tone_byte = |t: char| match t {
        '\u{300}' => 0xF8,
        '\u{301}' => 0xF9,
        '\u{309}' => 0xFB,
        '\u{303}' => 0xF5,
        _ => 0xEF,
    };
    let lower = base.to_lowercase().next().unwrap_or(base);
    // Whole-letter codes: i with tones, ỵ, đ.
    let whole = match (lower, tone) {
        ('i', Some('\u{300}')) => Some(0xEC),
        ('i', Some('\u{301}')) => Some(0xED),
        ('i', Some('\u{309}')) => Some(0xE6),
        ('i', Some('\u{303}')) => Some(0xF3),
        ('i', Some('\u{323}')) => Some(0xF2),
        ('y', Some('\u{323}')) => Some(0xEE),
        ('đ', None) => Some(0xF1),
        _ => None,
    };
    if let Some(b) = whole {
        out.push(case(b));
        return true;
    }
    let letter = |l: char| if upper { l.to_ascii_uppercase() } else { l } as u8;
    match lower {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' => {
            out.push(letter(lower));
            if let Some(t) = tone {
                out.push(case(tone_byte(t)));
            }
        }
        'â' | 'ê' | 'ô' => {
            out.push(letter(match lower {
                'â' => 'a',
                'ê' => 'e',
                _ => 'o',
            }));
            out.push(case(match tone {
                None => 0xE2,
                Some('\u{300}') => 0xE0,
                Some('\u{301}') => 0xE1,
                Some('\u{309}') => 0xE5,
                Some('\u{303}') => 0xE3,
                Some(_) => 0xE4,
            }));
        }
        'ă' => {
            out.push(letter('a'));
            out.push(case(match tone {
                None => 0xEA,
                Some('\u{300}') => 0xE8,
                Some('\u{301}') => 0xE9,
                Some('\u{309}') => 0xFA,
                Some('\u{303}') => 0xFC,
                Some(_) => 0xEB,
            }));
        }
        'ơ' | 'ư' => {
            out.push(case(if lower == 'ơ' { 0xF4 } else { 0xF6 }));
            if let Some(t) = tone {
                out.push(case(tone_byte(t)));
            }
        }
        _ => {
            // A symbol: Windows-1252 / Latin-1, if VNI leaves that byte alone.
            let mut buf = [0; 4];
            let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            match bytes.first() {
                Some(&b) if !bad && bytes.len() == 1 && (b < 0xC0 || vni_piece(b).is_none()) => {
                    out.push(b)
                }
                _ => return false,
            }
        }
    }
    true
}

fn encode_vni(text: &str) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 2);
    for (index, c) in text.chars().enumerate() {
        if !vni_bytes(c, &mut out) {
            return Err(EncodeError {
                encoding: Encoding::Vni,
                ch: c,
                code: c as u32,
                index,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
        Kính gửi: Ủy ban nhân dân các huyện, thị xã; Sở Tài chính.\n\
        Để thực hiện “Kế hoạch số 02-KH/BCĐTW”, đề nghị các đơn vị khẩn trương báo cáo.\n\
        ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI – BỘ TÀI CHÍNH\nÝ kiến… : ưu tiên, ngoằn ngoèo, khuya, quỹ.";

    #[test]
    fn names_in_json_match_name() {
        for e in [
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1258,
            Encoding::Tcvn3,
            Encoding::Vni,
        ] {
            let json = serde_json::to_string(&e).expect("json");
            assert_eq!(json, format!("\"{}\"", e.name()));
        }
        // Records written before the name was "utf-8" still load.
        let old: Encoding = serde_json::from_str("\"utf8\"").expect("alias");
        assert_eq!(old, Encoding::Utf8);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("\u{feff}Số: 12".as_bytes()).expect("bom");
        assert_eq!((d.text.as_str(), d.encoding), ("Số: 12", Encoding::Utf8));
        let nfd: String = "Kế hoạch".nfd().collect();
        let d = decode(nfd.as_bytes()).expect("nfd");
        assert_eq!(d.text, "Kế hoạch", "converted to NFC");
    }

    #[test]
    fn utf16_by_bom_and_by_zero_pattern() {
        for enc in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encode(SAMPLE, enc).expect("utf16");
            let d = decode(&bytes).expect("no bom");
            assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, enc));
            let bom = if enc == Encoding::Utf16Le {
                b"\xFF\xFE"
            } else {
                b"\xFE\xFF"
            };
            let d = decode(&[bom.as_slice(), &bytes].concat()).expect("bom");
            assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, enc));
        }
    }

    #[test]
    fn legacy_round_trips_and_is_detected() {
        for enc in Encoding::LEGACY {
            let bytes = encode(SAMPLE, enc).expect("encodable");
            assert!(std::str::from_utf8(&bytes).is_err(), "{enc:?} is not UTF-8");
            assert_eq!(decode_as(&bytes, enc), SAMPLE, "{enc:?} round trip");
            let d = decode(&bytes).expect("detected");
            assert_eq!(d.encoding, enc);
            assert_eq!(d.text, SAMPLE);
        }
    }

    #[test]
    fn known_legacy_bytes() {
        // "Bảo Thắng", "Mường Khương" in .VnTime; "Xin chào các bạn" in VNI.
        assert_eq!(decode_as(b"B\xB6o Th\xBEng", Encoding::Tcvn3), "Bảo Thắng");
        assert_eq!(
            decode_as(b"M\xAD\xEAng Kh\xAD\xACng", Encoding::Tcvn3),
            "Mường Khương"
        );
        assert_eq!(
            decode_as(b"Xin cha\xF8o ca\xF9c ba\xEFn", Encoding::Vni),
            "Xin chào các bạn"
        );
        // Windows-1258: e + circumflex, then the combining acute byte 0xEC.
        assert_eq!(
            decode_as(b"K\xEA\xEC hoa\xF2ch", Encoding::Windows1258),
            "Kế hoạch"
        );
    }

    #[test]
    fn vntimeh_headings_get_their_capitals_back() {
        // Typed in .VnTimeH with caps lock: toned letters are lower-case codes.
        let bytes =
            b"C\xE9NG HO\xB5 X\xB7 H\xE9I CH\xF1 NGH\xDCA VI\xD6T NAM\nS\xE8 12, \xAE\xE3 xong";
        assert_eq!(
            decode_as(bytes, Encoding::Tcvn3),
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố 12, đó xong"
        );
        // Full VN1 capitals (as iconv's TCVN5712-1 writes them) are read too.
        assert_eq!(decode_as(b"C\x97NG H\x92A", Encoding::Tcvn3), "CỘNG HÒA");
        assert_eq!(
            decode_as(b"PH\x95 CH\xf1 T\xdeCH", Encoding::Tcvn3),
            "PHÓ CHỦ TỊCH"
        );
        assert_eq!(
            decode_as(b"\x93KH\x94 \x96 \x93a\x94", Encoding::Tcvn3),
            "“KH” – “a”"
        );
        // Title case cannot be told from lower case: documented loss.
        assert_eq!(decode_as(b"\xEBnh", Encoding::Tcvn3), "ởnh");
    }

    #[test]
    fn refuses_binary_and_unknown_bytes() {
        let noise: Vec<u8> = (0u32..4096)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(decode(&noise).is_err());
        assert!(decode(b"abc\0\0\0\0def\0ghi\0\0").is_err());
        // High bytes that are Vietnamese in no encoding.
        let junk: Vec<u8> = (0..2000).map(|i| 0xA0 + (i * 7 % 90) as u8).collect();
        assert!(decode(&junk).is_err());
    }

    #[test]
    fn unencodable_characters_are_named() {
        let e = encode("giá 5 ¢", Encoding::Tcvn3).expect_err("¢ is Â in TCVN3");
        assert_eq!(e.ch, '¢');
        assert!(encode("漢", Encoding::Vni).is_err());
        assert!(encode("漢", Encoding::Windows1258).is_err());
    }

    #[test]
    fn mostly_utf8_with_a_damaged_byte() {
        let mut bytes = SAMPLE.repeat(3).into_bytes();
        bytes[40] = 0xFF;
        let d = decode(&bytes).expect("lossy utf-8");
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(d.text.contains('\u{fffd}'));
    }
}
