//! Syllable trigram language model with interpolated modified Kneser–Ney smoothing.
//!
//! Units are lowercase tokens from [`super::token`]: syllables and other words,
//! punctuation characters, and class tokens (`<num>` for digit runs, `<sym>` for rare
//! symbols, `<unk>` for words seen once or never). Each line of training text is one
//! sequence, padded `<s> <s> … </s>`.
//!
//! Probabilities are stored back-off style: the full interpolated log-probability of
//! every seen n-gram, and the interpolation weight (γ) of every seen context; an unseen
//! trigram costs γ(u v) + log p(w | v). On disk: vocabulary, then sorted packed keys
//! with log-probabilities quantised to u16. In memory: open-addressing hash tables.

use super::token::{self, Kind};
use std::collections::HashMap;

pub const UNK: u32 = 0;
pub const BOS: u32 = 1;
pub const EOS: u32 = 2;
pub const NUM: u32 = 3;
pub const SYM: u32 = 4;
const SPECIAL: [&str; 5] = ["<unk>", "<s>", "</s>", "<num>", "<sym>"];

const MAGIC: &[u8; 8] = b"CVLM0001";
/// Quantisation range of natural-log probabilities: [-QMAX, 0].
const QMAX: f32 = 40.0;
const ID_BITS: u32 = 21;
const ID_MASK: u64 = (1 << ID_BITS) - 1;

fn key2(v: u32, w: u32) -> u64 {
    ((v as u64) << ID_BITS) | w as u64
}
fn key3(u: u32, v: u32, w: u32) -> u64 {
    ((u as u64) << (2 * ID_BITS)) | ((v as u64) << ID_BITS) | w as u64
}

fn quantise(lp: f32) -> u16 {
    let x = (-lp).clamp(0.0, QMAX) / QMAX * 65535.0;
    x.round() as u16
}
fn dequantise(q: u16) -> f32 {
    -(q as f32) / 65535.0 * QMAX
}

/// Open-addressing hash table from packed n-gram keys to values.
#[derive(Debug, Clone)]
struct Table<V: Copy> {
    slots: Vec<(u64, V)>,
    mask: usize,
}

const EMPTY: u64 = u64::MAX;

impl<V: Copy + Default> Table<V> {
    fn with_capacity(n: usize) -> Self {
        let size = (n * 2).max(16).next_power_of_two();
        Table {
            slots: vec![(EMPTY, V::default()); size],
            mask: size - 1,
        }
    }
    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20) as usize & self.mask
    }
    fn insert(&mut self, key: u64, v: V) {
        let mut i = self.slot(key);
        loop {
            if self.slots[i].0 == EMPTY || self.slots[i].0 == key {
                self.slots[i] = (key, v);
                return;
            }
            i = (i + 1) & self.mask;
        }
    }
    #[inline]
    fn get(&self, key: u64) -> Option<V> {
        let mut i = self.slot(key);
        loop {
            let (k, v) = self.slots[i];
            if k == key {
                return Some(v);
            }
            if k == EMPTY {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The trained model.
#[derive(Debug, Clone)]
pub struct Lm {
    words: Vec<String>,
    ids: HashMap<String, u32>,
    /// Raw training count of each vocabulary item.
    counts: Vec<u32>,
    /// log p(w) and log γ(w) as a context.
    uni: Vec<(f32, f32)>,
    bi: Table<(f32, f32)>,
    tri: Table<f32>,
    n_bi: usize,
    n_tri: usize,
}

/// Error reading a model file.
#[derive(Debug, thiserror::Error)]
#[error("language model: {0}")]
pub struct LmError(pub String);

/// The LM unit for a token of `text`: lowercase word, `<num>`, or the punctuation itself.
pub fn unit(text: &str, kind: Kind) -> String {
    match kind {
        Kind::Number => SPECIAL[NUM as usize].to_string(),
        Kind::Word => text.to_lowercase(),
        Kind::Punct => text.to_string(),
        Kind::Space { .. } => String::new(),
    }
}

/// The LM units of one line of text (no padding).
pub fn units_of_line(line: &str) -> Vec<(String, Kind)> {
    token::tokenize(line)
        .into_iter()
        .filter(|t| !matches!(t.kind, Kind::Space { .. }))
        .map(|t| (unit(t.text(line), t.kind), t.kind))
        .collect()
}

impl Lm {
    /// Vocabulary size (with the special tokens).
    pub fn vocab_len(&self) -> usize {
        self.words.len()
    }
    /// How many bigrams and trigrams are stored.
    pub fn sizes(&self) -> (usize, usize) {
        (self.n_bi, self.n_tri)
    }
    /// The id of a unit, or None if it is not in the vocabulary.
    pub fn id(&self, unit: &str) -> Option<u32> {
        self.ids.get(unit).copied()
    }
    /// The id a token maps to: its own, or `<unk>` / `<sym>` / `<num>`.
    pub fn id_or_class(&self, unit: &str, kind: Kind) -> u32 {
        match kind {
            Kind::Number => NUM,
            _ => match self.ids.get(unit) {
                Some(&i) => i,
                None if kind == Kind::Punct => SYM,
                None => UNK,
            },
        }
    }
    /// The text of vocabulary item `id`.
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }
    /// Raw training count of `id`.
    pub fn count(&self, id: u32) -> u32 {
        self.counts[id as usize]
    }
    /// All vocabulary items.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Natural-log probability of `w` after `u v`.
    #[inline]
    pub fn logp(&self, u: u32, v: u32, w: u32) -> f32 {
        if let Some(p) = self.tri.get(key3(u, v, w)) {
            return p;
        }
        let g = self.bi.get(key2(u, v)).map_or(0.0, |(_, g)| g);
        g + self.logp2(v, w)
    }

    /// Natural-log probability of `w` after `v`.
    #[inline]
    pub fn logp2(&self, v: u32, w: u32) -> f32 {
        if let Some((p, _)) = self.bi.get(key2(v, w)) {
            return p;
        }
        self.uni[v as usize].1 + self.uni[w as usize].0
    }

    /// Train on lines of text. `min_count`: words seen fewer times become `<unk>`.
    pub fn train<'a>(lines: impl Iterator<Item = &'a str> + Clone, min_count: u32) -> Lm {
        // Pass 1: vocabulary.
        let mut freq: HashMap<String, u32> = HashMap::new();
        for line in lines.clone() {
            for (u, _) in units_of_line(line) {
                *freq.entry(u).or_insert(0) += 1;
            }
        }
        let mut kept: Vec<(String, u32)> = freq
            .into_iter()
            .filter(|(w, c)| {
                // Abbreviations with Đ (BCĐTW, HĐND) are kept even when rare: they are
                // how a repairer learns that BCDTW should read BCĐTW.
                (*c >= min_count || w.contains('đ')) && !SPECIAL.contains(&w.as_str())
            })
            .collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut words: Vec<String> = SPECIAL.iter().map(|s| s.to_string()).collect();
        let mut counts = vec![0u32; SPECIAL.len()];
        for (w, c) in kept {
            words.push(w);
            counts.push(c);
        }
        let ids: HashMap<String, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        // Pass 2: n-gram counts.
        let mut c3: HashMap<u64, u32> = HashMap::new();
        let mut c2raw: HashMap<u64, u32> = HashMap::new();
        for line in lines {
            let mut seq = vec![BOS, BOS];
            for (u, kind) in units_of_line(line) {
                let id = match kind {
                    Kind::Number => NUM,
                    _ => match ids.get(&u) {
                        Some(&i) => i,
                        None if kind == Kind::Punct => SYM,
                        None => UNK,
                    },
                };
                seq.push(id);
            }
            if seq.len() == 2 {
                continue;
            }
            seq.push(EOS);
            for &id in &seq[2..] {
                if id < SPECIAL.len() as u32 {
                    counts[id as usize] += 1;
                }
            }
            for w in seq.windows(3) {
                *c3.entry(key3(w[0], w[1], w[2])).or_insert(0) += 1;
            }
            for w in seq[1..].windows(2) {
                *c2raw.entry(key2(w[0], w[1])).or_insert(0) += 1;
            }
        }
        build_kn(words, ids, counts, &c3, &c2raw)
    }

    /// Serialise to the compact on-disk format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.words.len() as u32).to_le_bytes());
        for (i, w) in self.words.iter().enumerate() {
            let b = w.as_bytes();
            out.push(b.len().min(255) as u8);
            out.extend_from_slice(&b[..b.len().min(255)]);
            out.extend_from_slice(&self.counts[i].to_le_bytes());
            out.extend_from_slice(&quantise(self.uni[i].0).to_le_bytes());
            out.extend_from_slice(&quantise(self.uni[i].1).to_le_bytes());
        }
        let mut bi: Vec<(u64, (f32, f32))> = self
            .bi
            .slots
            .iter()
            .filter(|(k, _)| *k != EMPTY)
            .copied()
            .collect();
        bi.sort_by_key(|x| x.0);
        out.extend_from_slice(&(bi.len() as u32).to_le_bytes());
        for (k, (p, g)) in bi {
            out.extend_from_slice(&k.to_le_bytes()[..6]);
            out.extend_from_slice(&quantise(p).to_le_bytes());
            out.extend_from_slice(&quantise(g).to_le_bytes());
        }
        let mut tri: Vec<(u64, f32)> = self
            .tri
            .slots
            .iter()
            .filter(|(k, _)| *k != EMPTY)
            .copied()
            .collect();
        tri.sort_by_key(|x| x.0);
        out.extend_from_slice(&(tri.len() as u32).to_le_bytes());
        for (k, p) in tri {
            out.extend_from_slice(&k.to_le_bytes()[..8]);
            out.extend_from_slice(&quantise(p).to_le_bytes());
        }
        out
    }

    /// Load from the on-disk format.
    pub fn from_bytes(b: &[u8]) -> Result<Lm, LmError> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(LmError("not a congvan language model (bad magic)".into()));
        }
        let n = r.u32()? as usize;
        let mut words = Vec::with_capacity(n);
        let mut counts = Vec::with_capacity(n);
        let mut uni = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.take(1)?[0] as usize;
            let w = std::str::from_utf8(r.take(len)?)
                .map_err(|_| LmError("vocabulary is not UTF-8".into()))?
                .to_string();
            words.push(w);
            counts.push(r.u32()?);
            let p = dequantise(r.u16()?);
            let g = dequantise(r.u16()?);
            uni.push((p, g));
        }
        let ids = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        let nb = r.u32()? as usize;
        let mut bi = Table::with_capacity(nb);
        for _ in 0..nb {
            let kb = r.take(6)?;
            let mut k8 = [0u8; 8];
            k8[..6].copy_from_slice(kb);
            let k = u64::from_le_bytes(k8);
            check_ids(k, 2, n)?;
            let p = dequantise(r.u16()?);
            let g = dequantise(r.u16()?);
            bi.insert(k, (p, g));
        }
        let nt = r.u32()? as usize;
        let mut tri = Table::with_capacity(nt);
        for _ in 0..nt {
            let k = r.u64()?;
            check_ids(k, 3, n)?;
            let p = dequantise(r.u16()?);
            tri.insert(k, p);
        }
        Ok(Lm {
            words,
            ids,
            counts,
            uni,
            bi,
            tri,
            n_bi: nb,
            n_tri: nt,
        })
    }
}

/// Every id packed in an n-gram key must be in the vocabulary (and the key must not
/// be the table's empty marker).
fn check_ids(key: u64, order: u32, vocab: usize) -> Result<(), LmError> {
    if key == EMPTY || key >> (order * ID_BITS) != 0 {
        return Err(LmError(format!("bad {order}-gram key {key:#x}")));
    }
    for i in 0..order {
        let id = (key >> (i * ID_BITS)) & ID_MASK;
        if id as usize >= vocab {
            return Err(LmError(format!(
                "{order}-gram refers to unit {id} of {vocab}"
            )));
        }
    }
    Ok(())
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LmError> {
        let end = self.pos + n;
        if end > self.b.len() {
            return Err(LmError(format!("truncated at byte {}", self.pos)));
        }
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16, LmError> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Result<u32, LmError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, LmError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
}

/// Modified Kneser–Ney discounts (Chen & Goodman) for counts 1, 2 and 3+, from
/// counts-of-counts: Y = n1 / (n1 + 2 n2), D_k = k − (k+1) Y n_{k+1} / n_k.
#[derive(Debug, Clone, Copy)]
struct Discounts([f32; 3]);

impl Discounts {
    fn from_counts<'a>(counts: impl Iterator<Item = &'a u32>) -> Discounts {
        let mut n = [0f64; 5];
        for &c in counts {
            if (1..=4).contains(&c) {
                n[c as usize] += 1.0;
            }
        }
        if n[1] == 0.0 || n[2] == 0.0 || n[3] == 0.0 || n[4] == 0.0 {
            return Discounts([0.5, 1.0, 1.5]);
        }
        let y = n[1] / (n[1] + 2.0 * n[2]);
        let d = |k: usize| (k as f64 - (k as f64 + 1.0) * y * n[k + 1] / n[k]) as f32;
        Discounts([
            d(1).clamp(0.05, 0.95),
            d(2).clamp(0.05, 1.95),
            d(3).clamp(0.05, 2.95),
        ])
    }
    #[inline]
    fn of(&self, c: u32) -> f32 {
        self.0[(c.clamp(1, 3) - 1) as usize]
    }
}

/// A context's total count and its weight γ = Σ D(c) / total over its continuations.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    total: u32,
    mass: f32,
}

impl Ctx {
    fn add(&mut self, c: u32, d: &Discounts) {
        self.total += c;
        self.mass += d.of(c).min(c as f32);
    }
    fn gamma(&self) -> f32 {
        (self.mass / self.total.max(1) as f32).clamp(1e-6, 1.0)
    }
}

fn build_kn(
    words: Vec<String>,
    ids: HashMap<String, u32>,
    counts: Vec<u32>,
    c3: &HashMap<u64, u32>,
    c2raw: &HashMap<u64, u32>,
) -> Lm {
    // Adjusted bigram counts: continuation counts N1+(• v w), raw after <s>.
    let mut a2: HashMap<u64, u32> = HashMap::new();
    for &k in c3.keys() {
        *a2.entry(k & ((1 << (2 * ID_BITS)) - 1)).or_insert(0) += 1;
    }
    for (&k, &c) in c2raw {
        if (k >> ID_BITS) as u32 == BOS {
            a2.insert(k, c);
        }
    }
    // Adjusted unigram counts: N1+(• w).
    let mut a1 = vec![0u32; words.len()];
    for &k in a2.keys() {
        a1[(k & ID_MASK) as usize] += 1;
    }
    a1[UNK as usize] = a1[UNK as usize].max(1);
    let total1: f64 = a1.iter().map(|&c| c.max(1) as f64).sum();
    let p1: Vec<f32> = a1
        .iter()
        .map(|&c| ((c.max(1) as f64) / total1).ln() as f32)
        .collect();
    let d2 = Discounts::from_counts(a2.values());
    let d3 = Discounts::from_counts(c3.values());
    // Bigram context totals and weights.
    let mut ctx2: HashMap<u32, Ctx> = HashMap::new();
    for (&k, &c) in &a2 {
        ctx2.entry((k >> ID_BITS) as u32).or_default().add(c, &d2);
    }
    let mut uni: Vec<(f32, f32)> = p1.iter().map(|&p| (p, 0.0)).collect();
    for (&ctx, cx) in &ctx2 {
        uni[ctx as usize].1 = cx.gamma().ln();
    }
    let mut bi = Table::with_capacity(a2.len());
    let mut p2 = HashMap::with_capacity(a2.len());
    for (&k, &c) in &a2 {
        let vv = (k >> ID_BITS) as u32;
        let w = (k & ID_MASK) as u32;
        let cx = ctx2[&vv];
        let p =
            ((c as f32 - d2.of(c)).max(0.0) / cx.total as f32) + cx.gamma() * p1[w as usize].exp();
        p2.insert(k, p.ln());
    }
    // Trigram context totals.
    let mut ctx3: HashMap<u64, Ctx> = HashMap::new();
    for (&k, &c) in c3 {
        ctx3.entry(k >> ID_BITS).or_default().add(c, &d3);
    }
    for (&k, &lp) in &p2 {
        let g = ctx3.get(&k).map_or(0.0, |cx| cx.gamma().ln());
        bi.insert(k, (lp, g));
    }
    // Contexts seen only as trigram contexts (not as adjusted bigrams) still need γ.
    for (&k, cx) in &ctx3 {
        if !p2.contains_key(&k) {
            let vv = (k >> ID_BITS) as u32;
            let w = (k & ID_MASK) as u32;
            let lp = uni[vv as usize].1 + p1[w as usize];
            bi.insert(k, (lp, cx.gamma().ln()));
        }
    }
    let mut tri = Table::with_capacity(c3.len());
    for (&k, &c) in c3 {
        let cx = ctx3[&(k >> ID_BITS)];
        let vw = k & ((1 << (2 * ID_BITS)) - 1);
        let lower = p2
            .get(&vw)
            .copied()
            .unwrap_or_else(|| uni[(vw >> ID_BITS) as usize].1 + p1[(vw & ID_MASK) as usize]);
        let p = ((c as f32 - d3.of(c)).max(0.0) / cx.total as f32) + cx.gamma() * lower.exp();
        tri.insert(k, p.ln());
    }
    let n_bi = bi.slots.iter().filter(|(k, _)| *k != EMPTY).count();
    Lm {
        words,
        ids,
        counts,
        uni,
        bi,
        tri,
        n_bi,
        n_tri: c3.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Lm {
        let text = "kính gửi các sở ban ngành\nkính gửi ủy ban nhân dân các xã\n\
                    các sở ban ngành thực hiện\nủy ban nhân dân tỉnh yêu cầu các sở\n\
                    kế hoạch số 02 ngày 19 tháng 6 năm 2025\n";
        Lm::train(text.lines(), 1)
    }

    #[test]
    fn seen_trigrams_beat_unseen() {
        let lm = tiny();
        let kinh = lm.id("kính").unwrap();
        let gui = lm.id("gửi").unwrap();
        let cac = lm.id("các").unwrap();
        let xa = lm.id("xã").unwrap();
        assert!(lm.logp(BOS, BOS, kinh) > lm.logp(BOS, BOS, xa));
        assert!(lm.logp(kinh, gui, cac) > lm.logp(kinh, gui, xa));
        assert!(lm.logp(kinh, gui, cac) < 0.0);
    }

    #[test]
    fn probabilities_sum_to_about_one() {
        let lm = tiny();
        let (u, v) = (lm.id("ủy").unwrap(), lm.id("ban").unwrap());
        let s: f32 = (0..lm.vocab_len() as u32)
            .filter(|&w| w != BOS)
            .map(|w| lm.logp(u, v, w).exp())
            .sum();
        assert!((s - 1.0).abs() < 0.05, "sum {s}");
    }

    #[test]
    fn numbers_are_one_class() {
        let lm = tiny();
        assert_eq!(lm.id_or_class("2025", Kind::Number), NUM);
        assert_eq!(lm.id_or_class("zzz", Kind::Word), UNK);
    }

    #[test]
    fn round_trip_through_bytes() {
        let lm = tiny();
        let back = Lm::from_bytes(&lm.to_bytes()).unwrap();
        assert_eq!(back.vocab_len(), lm.vocab_len());
        let (u, v, w) = (
            lm.id("kính").unwrap(),
            lm.id("gửi").unwrap(),
            lm.id("các").unwrap(),
        );
        assert!((back.logp(u, v, w) - lm.logp(u, v, w)).abs() < 0.01);
        assert!((back.logp(w, u, v) - lm.logp(w, u, v)).abs() < 0.01);
        assert!(Lm::from_bytes(b"nonsense").is_err());
        // Truncated or damaged files are refused, not trusted.
        let bytes = lm.to_bytes();
        assert!(Lm::from_bytes(&bytes[..bytes.len() - 3]).is_err());
        let mut bad = bytes.clone();
        let last_key = bad.len() - 10;
        bad[last_key..last_key + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Lm::from_bytes(&bad).is_err());
    }
}
