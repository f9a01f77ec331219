//! OCR channel model: how an engine writes each Vietnamese syllable, learned from
//! parallel clean/OCR text, plus hand-written confusions from `rules/ocr_confusions.toml`.
//!
//! Two levels:
//! - *words*: whole-token renderings seen in the parallel data ("của" → "ctia",
//!   "chức" → "chirc"), with P(ocr | clean) from their counts;
//! - *edits*: per-letter operations, one clean letter to zero, one or two OCR characters
//!   (ô → 6, ơ → 0, ư → w, á → ad, ứ → ir), with P(ocr chunk | clean letter).
//!
//! [`Channel::score`] gives log P(ocr | clean) by the best edit path (a small dynamic
//! programme); [`Channel::skeleton_variants`] turns an OCR token into the skeletons
//! its clean syllable may have, so candidates can be looked up by skeleton.
//! The data file (`models/channel.tsv`) is plain text: `W ocr clean count`,
//! `E clean ocr count` and `C clean count` lines.

use super::syllable::{char_parts, plain_letter, skeleton};
use super::token::{self, Kind};
use std::collections::HashMap;

/// Log-probability of an edit never seen in training (letters that differ).
const FLOOR_OTHER: f32 = -11.0;
/// Log-probability of an unseen edit that only changes marks (a → ạ).
const FLOOR_MARKS: f32 = -5.0;
/// Log-probability of an unseen insertion.
const FLOOR_INSERT: f32 = -9.0;

/// The channel model.
#[derive(Debug, Clone, Default)]
pub struct Channel {
    /// ocr word → [(clean word, log P(ocr | clean))].
    words: HashMap<String, Vec<(String, f32)>>,
    /// (clean letter, ocr chunk) → log P(chunk | letter); chunk "" is a deletion.
    edits: HashMap<(char, String), f32>,
    /// log P(identity) per clean letter.
    keep: HashMap<char, f32>,
    /// Insertions: ocr char → log P.
    inserts: HashMap<char, f32>,
    /// ocr chunk (1–2 chars) → plain clean letters it may stand for.
    inverse: HashMap<String, Vec<char>>,
    /// Plain clean letters an engine most often drops (ơ of ươ, for instance).
    dropped: Vec<char>,
}

/// Raw counts, before probabilities: what training and the rules file produce.
#[derive(Debug, Clone, Default)]
pub struct ChannelCounts {
    /// (ocr word, clean word) → count.
    pub words: HashMap<(String, String), u32>,
    /// (clean letter, ocr chunk) → count; the chunk "" is a deletion, and the
    /// letter '\0' an insertion.
    pub edits: HashMap<(char, String), u32>,
    /// How often each clean letter was seen in aligned words.
    pub letters: HashMap<char, u32>,
    /// Clean word counts in aligned pairs.
    pub clean_words: HashMap<String, u32>,
}

impl ChannelCounts {
    /// Add one aligned pair (both lowercase).
    pub fn add_pair(&mut self, clean: &str, ocr: &str) {
        *self
            .words
            .entry((ocr.to_string(), clean.to_string()))
            .or_insert(0) += 1;
        *self.clean_words.entry(clean.to_string()).or_insert(0) += 1;
        for (x, y) in align_letters(clean, ocr) {
            if x != '\0' {
                *self.letters.entry(x).or_insert(0) += 1;
            }
            *self.edits.entry((x, y)).or_insert(0) += 1;
        }
    }

    /// The plain-text data file.
    pub fn to_tsv(&self) -> String {
        let mut lines = Vec::new();
        for ((o, c), n) in &self.words {
            lines.push(format!("W\t{o}\t{c}\t{n}"));
        }
        for ((x, y), n) in &self.edits {
            let xs = if *x == '\0' {
                String::new()
            } else {
                x.to_string()
            };
            lines.push(format!("E\t{xs}\t{y}\t{n}"));
        }
        for (x, n) in &self.letters {
            lines.push(format!("C\t{x}\t{n}"));
        }
        for (c, n) in &self.clean_words {
            lines.push(format!("N\t{c}\t{n}"));
        }
        lines.sort();
        let mut s = String::from(
            "# congvan OCR channel counts (congvan model train). W ocr clean n | E clean ocr n | C letter n | N clean n\n",
        );
        for l in lines {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }

    /// Parse the data file.
    pub fn from_tsv(s: &str) -> Result<ChannelCounts, String> {
        let mut c = ChannelCounts::default();
        for (i, line) in s.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = || format!("channel data line {}: malformed: {line:?}", i + 1);
            let n = |s: &str| s.parse::<u32>().map_err(|_| bad());
            match f.as_slice() {
                ["W", o, cl, k] => {
                    c.words.insert((o.to_string(), cl.to_string()), n(k)?);
                }
                ["E", x, y, k] => {
                    let xc = x.chars().next().unwrap_or('\0');
                    c.edits.insert((xc, y.to_string()), n(k)?);
                }
                ["C", x, k] => {
                    let xc = x.chars().next().ok_or_else(bad)?;
                    c.letters.insert(xc, n(k)?);
                }
                ["N", cl, k] => {
                    c.clean_words.insert(cl.to_string(), n(k)?);
                }
                _ => return Err(bad()),
            }
        }
        Ok(c)
    }

    /// Merge another set of counts (e.g. hand rules) into this one.
    pub fn merge(&mut self, other: &ChannelCounts) {
        for (k, v) in &other.words {
            *self.words.entry(k.clone()).or_insert(0) += v;
        }
        for (k, v) in &other.edits {
            *self.edits.entry(k.clone()).or_insert(0) += v;
        }
        for (k, v) in &other.letters {
            *self.letters.entry(*k).or_insert(0) += v;
        }
        for (k, v) in &other.clean_words {
            *self.clean_words.entry(k.clone()).or_insert(0) += v;
        }
    }
}

/// Cost of aligning clean letter x with OCR chunk y, for the training alignment.
fn align_cost(x: char, y: &str) -> f32 {
    let mut ys = y.chars();
    match (ys.next(), ys.next()) {
        (None, _) => 1.0,
        (Some(a), None) => {
            if a == x {
                0.0
            } else if plain_of(a) == plain_of(x) {
                0.5
            } else {
                1.0
            }
        }
        (Some(a), Some(_)) => {
            if plain_of(a) == plain_of(x) {
                1.4
            } else {
                1.6
            }
        }
    }
}

fn plain_of(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        plain_letter(char_parts(c).base)
    }
}

/// Align a clean word with its OCR rendering letter by letter: each clean letter
/// becomes 0, 1 or 2 OCR characters; unmatched OCR characters are insertions
/// (clean letter '\0').
pub fn align_letters(clean: &str, ocr: &str) -> Vec<(char, String)> {
    let a: Vec<char> = clean.chars().collect();
    let b: Vec<char> = ocr.chars().collect();
    let (n, m) = (a.len(), b.len());
    let inf = f32::MAX / 4.0;
    let mut d = vec![vec![inf; m + 1]; n + 1];
    let mut back = vec![vec![0u8; m + 1]; n + 1];
    d[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let cur = d[i][j];
            if cur >= inf {
                continue;
            }
            if i < n {
                // delete a[i]
                let c = cur + 1.0;
                if c < d[i + 1][j] {
                    d[i + 1][j] = c;
                    back[i + 1][j] = 1;
                }
                if j < m {
                    let c = cur + align_cost(a[i], &b[j].to_string());
                    if c < d[i + 1][j + 1] {
                        d[i + 1][j + 1] = c;
                        back[i + 1][j + 1] = 2;
                    }
                }
                if j + 1 < m {
                    let y: String = [b[j], b[j + 1]].iter().collect();
                    let c = cur + align_cost(a[i], &y);
                    if c < d[i + 1][j + 2] {
                        d[i + 1][j + 2] = c;
                        back[i + 1][j + 2] = 3;
                    }
                }
            }
            if j < m {
                let c = cur + 1.0;
                if c < d[i][j + 1] {
                    d[i][j + 1] = c;
                    back[i][j + 1] = 4;
                }
            }
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match back[i][j] {
            1 => {
                out.push((a[i - 1], String::new()));
                i -= 1;
            }
            2 => {
                out.push((a[i - 1], b[j - 1].to_string()));
                i -= 1;
                j -= 1;
            }
            3 => {
                out.push((a[i - 1], [b[j - 2], b[j - 1]].iter().collect()));
                i -= 1;
                j -= 2;
            }
            _ => {
                out.push(('\0', b[j - 1].to_string()));
                j -= 1;
            }
        }
    }
    out.reverse();
    out
}

/// Edit distance between two char sequences (unit costs).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A letter-only approximation of what a clean syllable's skeleton looks like after
/// OCR (digits and glue read as the letters they usually stand for), for alignment.
fn loose(word: &str) -> Vec<char> {
    skeleton(word)
        .chars()
        .map(|c| match c {
            '6' | '0' | '&' | '¢' | 'q' | '§' => 'o',
            'w' => 'u',
            '3' => 'a',
            c => c,
        })
        .collect()
}

/// Align the words of a clean text with the words of its OCR and add every
/// plausible pair (same word position, similar letters) to `counts`.
pub fn learn_from_parallel(clean: &str, ocr: &str, counts: &mut ChannelCounts) -> usize {
    let words = |s: &str| -> Vec<String> {
        token::tokenize(s)
            .into_iter()
            .filter(|t| t.kind == Kind::Word || t.kind == Kind::Number)
            .map(|t| t.text(s).to_lowercase())
            .collect()
    };
    let a = words(clean);
    let b = words(ocr);
    let la: Vec<Vec<char>> = a.iter().map(|w| loose(w)).collect();
    let lb: Vec<Vec<char>> = b.iter().map(|w| loose(w)).collect();
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return 0;
    }
    // Banded DP around the diagonal.
    let band = 40usize + n.abs_diff(m);
    let inf = f32::MAX / 4.0;
    let w = 2 * band + 1;
    let idx = |i: usize, j: usize| -> Option<usize> {
        let center = i * m / n.max(1);
        let lo = center.saturating_sub(band);
        if j < lo || j > center + band {
            None
        } else {
            Some(i * w + (j - lo))
        }
    };
    let mut d = vec![inf; (n + 1) * w];
    let mut back = vec![0u8; (n + 1) * w];
    if let Some(k) = idx(0, 0) {
        d[k] = 0.0;
    }
    #[allow(clippy::needless_range_loop)] // i and j index two sequences and the band.
    for i in 0..=n {
        let center = i * m / n;
        let lo = center.saturating_sub(band);
        let hi = (center + band).min(m);
        for j in lo..=hi {
            let Some(k) = idx(i, j) else { continue };
            let cur = d[k];
            if cur >= inf {
                continue;
            }
            if i < n {
                if let Some(k2) = idx(i + 1, j) {
                    if cur + 1.0 < d[k2] {
                        d[k2] = cur + 1.0;
                        back[k2] = 1;
                    }
                }
            }
            if j < m {
                if let Some(k2) = idx(i, j + 1) {
                    if cur + 1.0 < d[k2] {
                        d[k2] = cur + 1.0;
                        back[k2] = 3;
                    }
                }
            }
            if i < n && j < m {
                if let Some(k2) = idx(i + 1, j + 1) {
                    let dist = edit_distance(&la[i], &lb[j]) as f32
                        / la[i].len().max(lb[j].len()).max(1) as f32;
                    let c = cur + 2.0 * dist;
                    if c < d[k2] {
                        d[k2] = c;
                        back[k2] = 2;
                    }
                }
            }
        }
    }
    let mut pairs = 0;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(k) = idx(i, j) else { break };
        match back[k] {
            2 => {
                let (c, o) = (&a[i - 1], &b[j - 1]);
                let dist = edit_distance(&la[i - 1], &lb[j - 1]);
                let len = la[i - 1].len().max(lb[j - 1].len());
                if c.chars().any(|ch| ch.is_alphabetic()) && dist * 2 <= len {
                    counts.add_pair(c, o);
                    pairs += 1;
                }
                i -= 1;
                j -= 1;
            }
            1 => i -= 1,
            3 => j -= 1,
            _ => break,
        }
    }
    pairs
}

impl Channel {
    /// Probabilities from counts.
    pub fn from_counts(c: &ChannelCounts) -> Channel {
        let mut ch = Channel::default();
        // Words: P(ocr | clean) = n(ocr, clean) / n(clean); only renderings seen twice
        // or more (or given by hand) are trusted as whole words.
        for ((o, cl), &n) in &c.words {
            if o == cl || n < 2 {
                continue;
            }
            let tot = c.clean_words.get(cl).copied().unwrap_or(n).max(n);
            let lp = (n as f32 / tot as f32).ln();
            ch.words
                .entry(o.clone())
                .or_default()
                .push((cl.clone(), lp));
        }
        for v in ch.words.values_mut() {
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        // Edits.
        let total_letters: u32 = c.letters.values().sum();
        let mut inv: HashMap<String, HashMap<char, u32>> = HashMap::new();
        for ((x, y), &n) in &c.edits {
            if *x == '\0' {
                let lp = ((n as f32 + 0.5) / (total_letters.max(1) as f32)).ln();
                if let Some(yc) = y.chars().next() {
                    ch.inserts.insert(yc, lp);
                }
                continue;
            }
            let tot = c.letters.get(x).copied().unwrap_or(n).max(n);
            let lp = (n as f32 / tot as f32).ln();
            let xs = x.to_string();
            if *y == xs {
                ch.keep.insert(*x, lp);
            } else {
                ch.edits.insert((*x, y.clone()), lp);
            }
            if !y.is_empty() && n >= 2 && (n as f32 / tot as f32) >= 0.0003 {
                *inv.entry(y.clone())
                    .or_default()
                    .entry(plain_of(*x))
                    .or_insert(0) += n;
            }
        }
        let mut drops: HashMap<char, u32> = HashMap::new();
        for ((x, y), &n) in &c.edits {
            if y.is_empty() && *x != '\0' {
                *drops.entry(plain_of(*x)).or_insert(0) += n;
            }
        }
        let mut drops: Vec<(char, u32)> = drops.into_iter().filter(|d| d.1 >= 5).collect();
        drops.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ch.dropped = drops.into_iter().take(3).map(|d| d.0).collect();
        for (y, xs) in inv {
            let ysk: Vec<char> = y.chars().map(plain_of).collect();
            let mut v: Vec<(char, u32)> = xs
                .into_iter()
                .filter(|(x, _)| !(ysk.len() == 1 && ysk[0] == *x))
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(4);
            if !v.is_empty() {
                ch.inverse
                    .insert(y, v.into_iter().map(|(x, _)| x).collect());
            }
        }
        ch
    }

    /// Whole-word renderings learned for `ocr` (lowercase).
    pub fn word_candidates(&self, ocr: &str) -> &[(String, f32)] {
        self.words.get(ocr).map_or(&[], |v| v.as_slice())
    }

    fn keep_lp(&self, x: char) -> f32 {
        self.keep.get(&x).copied().unwrap_or(-0.05).max(-1.2)
    }

    fn edit_lp(&self, x: char, y: &str) -> f32 {
        if let Some(&lp) = self.edits.get(&(x, y.to_string())) {
            return lp;
        }
        let mut ys = y.chars();
        match (ys.next(), ys.next()) {
            (None, _) => FLOOR_OTHER,
            (Some(a), None) if plain_of(a) == plain_of(x) => FLOOR_MARKS,
            _ => FLOOR_OTHER,
        }
    }

    /// log P(ocr | clean) by the best edit path, both lowercase.
    pub fn score(&self, clean: &str, ocr: &str) -> f32 {
        let a: Vec<char> = clean.chars().collect();
        let b: Vec<char> = ocr.chars().collect();
        let (n, m) = (a.len(), b.len());
        if n > 12 || m > 14 {
            return if clean == ocr { 0.0 } else { FLOOR_OTHER * 3.0 };
        }
        let ninf = f32::MIN / 4.0;
        let mut d = [[ninf; 16]; 14];
        d[0][0] = 0.0;
        let mut buf = String::with_capacity(8);
        for i in 0..=n {
            for j in 0..=m {
                let cur = d[i][j];
                if cur <= ninf {
                    continue;
                }
                if i < n {
                    let c = cur + self.edit_lp(a[i], "");
                    if c > d[i + 1][j] {
                        d[i + 1][j] = c;
                    }
                    if j < m {
                        let c = cur
                            + if a[i] == b[j] {
                                self.keep_lp(a[i])
                            } else {
                                buf.clear();
                                buf.push(b[j]);
                                self.edit_lp(a[i], &buf)
                            };
                        if c > d[i + 1][j + 1] {
                            d[i + 1][j + 1] = c;
                        }
                    }
                    if j + 1 < m {
                        buf.clear();
                        buf.push(b[j]);
                        buf.push(b[j + 1]);
                        let c = cur + self.edit_lp(a[i], &buf);
                        if c > d[i + 1][j + 2] {
                            d[i + 1][j + 2] = c;
                        }
                    }
                }
                if j < m {
                    let c = cur + self.inserts.get(&b[j]).copied().unwrap_or(FLOOR_INSERT);
                    if c > d[i][j + 1] {
                        d[i][j + 1] = c;
                    }
                }
            }
        }
        d[n][m]
    }

    /// Skeletons the clean word behind `ocr` (lowercase) may have: the OCR word's
    /// own letters, with up to `budget` characters or character pairs read back
    /// through the learned confusions (6 → o, w → u, ir → u, ad → a).
    pub fn skeleton_variants(&self, ocr: &str, budget: usize) -> Vec<String> {
        let chars: Vec<char> = ocr.chars().collect();
        let mut out = Vec::new();
        let mut cur = String::new();
        self.variants_rec(&chars, 0, budget, &mut cur, &mut out);
        out.sort();
        out.dedup();
        out
    }

    fn variants_rec(
        &self,
        chars: &[char],
        i: usize,
        budget: usize,
        cur: &mut String,
        out: &mut Vec<String>,
    ) {
        if out.len() > 400 {
            return;
        }
        if i == chars.len() {
            if !cur.is_empty() {
                out.push(cur.clone());
            }
            return;
        }
        let c = chars[i];
        let len = cur.len();
        let p = plain_of(c);
        if p.is_ascii_alphabetic() {
            cur.push(p);
            self.variants_rec(chars, i + 1, budget, cur, out);
            cur.truncate(len);
        }
        if budget > 0 {
            if let Some(xs) = self.inverse.get(&c.to_string()) {
                for &x in xs {
                    cur.push(x);
                    self.variants_rec(chars, i + 1, budget - 1, cur, out);
                    cur.truncate(len);
                }
            }
            if i + 1 < chars.len() {
                let pair: String = [c, chars[i + 1]].iter().collect();
                if let Some(xs) = self.inverse.get(&pair) {
                    for &x in xs {
                        cur.push(x);
                        self.variants_rec(chars, i + 2, budget - 1, cur, out);
                        cur.truncate(len);
                    }
                }
            }
            // A stray character (speck, split mark) dropped.
            if !p.is_ascii_alphabetic() || chars.len() > 3 {
                self.variants_rec(chars, i + 1, budget - 1, cur, out);
            }
            // A letter the engine dropped (phường read as "phung"), after a letter.
            if i > 0 {
                for &x in &self.dropped {
                    cur.push(x);
                    self.variants_rec(chars, i, budget - 1, cur, out);
                    cur.truncate(len);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Channel {
        let mut c = ChannelCounts::default();
        for _ in 0..5 {
            c.add_pair("của", "ctia");
            c.add_pair("chức", "chirc");
            c.add_pair("số", "s6");
            c.add_pair("sở", "s&");
            c.add_pair("ương", "wong");
            c.add_pair("các", "cac");
            c.add_pair("các", "các");
            c.add_pair("tổ", "t6");
            c.add_pair("tháng", "thadng");
        }
        Channel::from_counts(&c)
    }

    #[test]
    fn letters_align_to_chunks() {
        let al = align_letters("của", "ctia");
        assert_eq!(
            al,
            vec![('c', "c".into()), ('ủ', "ti".into()), ('a', "a".into())]
        );
        let al = align_letters("chức", "chirc");
        assert!(al.contains(&('ứ', "ir".into())), "{al:?}");
    }

    #[test]
    fn word_renderings_are_candidates() {
        let ch = toy();
        assert_eq!(ch.word_candidates("ctia")[0].0, "của");
        assert!(ch.word_candidates("unseen").is_empty());
    }

    #[test]
    fn learned_edits_score_higher_than_unseen() {
        let ch = toy();
        assert!(ch.score("bố", "b6") > ch.score("bố", "bx"));
        assert!(ch.score("các", "cac") > ch.score("cục", "cac"));
        assert!(ch.score("các", "các") > ch.score("các", "cac") - 0.01);
    }

    #[test]
    fn variants_read_digits_as_letters() {
        let ch = toy();
        let v = ch.skeleton_variants("b6", 1);
        assert!(v.contains(&"bo".to_string()), "{v:?}");
        let v = ch.skeleton_variants("thirc", 1);
        assert!(v.contains(&"thuc".to_string()), "{v:?}");
    }

    #[test]
    fn parallel_alignment_finds_pairs() {
        let mut c = ChannelCounts::default();
        let n = learn_from_parallel(
            "Kế hoạch số 02 của Ban Chỉ đạo Trung ương",
            "Ké hoach s6 02 ctia Ban Chi dao Trung wong",
            &mut c,
        );
        assert!(n >= 9, "{n}");
        assert!(c
            .words
            .contains_key(&("ctia".to_string(), "của".to_string())));
        assert!(c.words.contains_key(&("s6".to_string(), "số".to_string())));
    }

    #[test]
    fn tsv_round_trip() {
        let mut c = ChannelCounts::default();
        c.add_pair("của", "ctia");
        let back = ChannelCounts::from_tsv(&c.to_tsv()).unwrap();
        assert_eq!(back.words, c.words);
        assert_eq!(back.edits, c.edits);
        assert!(ChannelCounts::from_tsv("X\tbad").is_err());
    }
}
