//! The decoder: picks, for every word of a text, the syllable that best explains it.
//!
//! Chain: tokens ([`super::token`]) → per-line decision (clean lines keep every word
//! as it is) → candidates per word (same skeleton, learned OCR renderings, skeleton
//! variants through the channel) → beam search over the trigram language model with
//! channel scores → the text rebuilt with the original spacing, punctuation and
//! capitalisation. Sequences restart at paragraph ends, where the search keeps
//! only its best path.

use super::adapt::UserLexicon;
use super::channel::Channel;
use super::lm::{self, Lm};
use super::syllable::{
    char_parts, has_marks, is_letter, is_valid, skeleton, tone_apart, with_tone, TONE_ACUTE,
    TONE_HOOK,
};
use super::token::{self, apply_case, case_of, Kind, Token};
use std::collections::HashMap;
use std::sync::Arc;

/// Tunable weights of the decoder.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Weight of the channel log-probability against the language model.
    pub channel_weight: f32,
    /// Hypotheses kept per position.
    pub beam: usize,
    /// Candidates kept per word.
    pub max_candidates: usize,
    /// Extra cost of keeping a word the model has never seen when it looks like OCR
    /// damage (digits or glue inside letters, impossible syllables).
    pub damaged_keep_cost: f32,
    /// Edit budget for reading OCR characters back as letters.
    pub variant_budget: usize,
    /// A line is clean when at most this share of its words look wrong.
    pub clean_line_bad_share: f32,
    /// Hypotheses further than this below the best are dropped.
    pub prune: f32,
    /// Cost of reading a word as `<unk>` (one of the many rare spellings it covers).
    pub unknown_cost: f32,
    /// Words seen this often are not read back through OCR confusions.
    pub known_count: u32,
    /// Extra cost of changing a plausible word in text that carries its marks.
    pub marked_change_cost: f32,
    /// A text whose words carry marks at least this often is marked text.
    pub marked_text_share: f32,
}

impl Params {
    /// The defaults, overridden by `CONGVAN_REPAIR_PARAMS` when set (a tuning aid:
    /// `beam=8,cw=1.0,cands=10,keep=6,budget=2,bad=0.1,prune=7`).
    pub fn from_env() -> Params {
        let mut p = Params::default();
        let Ok(spec) = std::env::var("CONGVAN_REPAIR_PARAMS") else {
            return p;
        };
        for kv in spec.split(',') {
            let Some((k, v)) = kv.split_once('=') else {
                continue;
            };
            let f: f32 = v.trim().parse().unwrap_or(f32::NAN);
            if f.is_nan() {
                continue;
            }
            match k.trim() {
                "beam" => p.beam = f as usize,
                "cw" => p.channel_weight = f,
                "cands" => p.max_candidates = f as usize,
                "keep" => p.damaged_keep_cost = f,
                "budget" => p.variant_budget = f as usize,
                "bad" => p.clean_line_bad_share = f,
                "prune" => p.prune = f,
                "unk" => p.unknown_cost = f,
                "mchange" => p.marked_change_cost = f,
                "mshare" => p.marked_text_share = f,
                "known" => p.known_count = f as u32,
                _ => {}
            }
        }
        p
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            channel_weight: 1.0,
            beam: 12,
            max_candidates: 12,
            damaged_keep_cost: 3.0,
            variant_budget: 2,
            clean_line_bad_share: 0.1,
            prune: 8.0,
            unknown_cost: 8.0,
            marked_change_cost: 4.0,
            known_count: 1000,
            marked_text_share: 0.5,
        }
    }
}

/// Longer words are never repaired (the longest syllable, "nghiêng", has 7 letters;
/// OCR can glue two or three together).
const MAX_WORD_CHARS: usize = 16;

/// What kind of text a word sits in, from the share of words carrying marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextMode {
    /// Typed with marks, or read by an engine that knows Vietnamese.
    Marked,
    /// Read by an engine without Vietnamese: some stray marks, letter errors.
    Ocr,
    /// Typed without any marks.
    Unmarked,
}

/// Candidates are cached per thread across texts (letters repeat their words), up to
/// this many words; then the cache starts afresh.
const CACHE_WORDS: usize = 200_000;

type CacheKey = (u64, TextMode, String);

thread_local! {
    static CACHE: std::cell::RefCell<HashMap<CacheKey, std::rc::Rc<Vec<Candidate>>>> =
        std::cell::RefCell::new(HashMap::new());
}

static NEXT_MODELS_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn new_models_id() -> u64 {
    NEXT_MODELS_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn cached_candidates(m: &Models, lower: String, mode: TextMode) -> std::rc::Rc<Vec<Candidate>> {
    CACHE.with(|c| {
        let key = (m.id, mode, lower);
        if let Some(v) = c.borrow().get(&key) {
            return v.clone();
        }
        let v = std::rc::Rc::new(m.candidates(&key.2, mode));
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_WORDS {
            c.clear();
        }
        c.insert(key, v.clone());
        v
    })
}

/// Empty this thread's candidate cache (benchmarks measure cold runs with it).
pub fn clear_cache() {
    CACHE.with(|c| c.borrow_mut().clear());
}

/// One way to read a word.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Lowercase form (for the identity candidate: the word lowercased).
    pub form: String,
    /// Language-model id.
    pub id: u32,
    /// Weighted channel log-probability.
    pub cost: f32,
    /// Whether this is the word as written.
    pub identity: bool,
}

/// The models the decoder reads.
#[derive(Clone)]
pub struct Models {
    pub lm: Arc<Lm>,
    pub channel: Arc<Channel>,
    /// skeleton → vocabulary ids with that skeleton, most frequent first.
    pub by_skeleton: Arc<HashMap<String, Vec<u32>>>,
    pub params: Params,
    /// Words of the user's own clean letters, when adaptation is switched on.
    pub user: Option<Arc<UserLexicon>>,
    /// Identity for the candidate cache (unique per set of models and lexicon).
    id: u64,
}

impl Models {
    /// The same models with a user lexicon (a new cache identity).
    pub fn with_user(&self, user: UserLexicon) -> Models {
        let mut m = self.clone();
        m.user = Some(Arc::new(user));
        m.id = new_models_id();
        m
    }

    /// Index the vocabulary by skeleton.
    pub fn new(lm: Lm, channel: Channel, params: Params) -> Models {
        let mut by_skeleton: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, w) in lm.words().iter().enumerate().skip(5) {
            if w.chars().all(is_letter) {
                by_skeleton.entry(skeleton(w)).or_default().push(i as u32);
            }
        }
        for ids in by_skeleton.values_mut() {
            ids.sort_by_key(|&i| std::cmp::Reverse(lm.count(i)));
        }
        Models {
            lm: Arc::new(lm),
            channel: Arc::new(channel),
            by_skeleton: Arc::new(by_skeleton),
            params,
            user: None,
            id: new_models_id(),
        }
    }

    fn forms(&self, skel: &str) -> &[u32] {
        self.by_skeleton.get(skel).map_or(&[], |v| v.as_slice())
    }

    /// Whether a word as written looks damaged (something to repair).
    pub fn looks_wrong(&self, lower: &str) -> bool {
        let letters = lower.chars().filter(|&c| is_letter(c)).count();
        if letters == 0 {
            return false;
        }
        if lower.chars().any(|c| !is_letter(c)) {
            // Digits or glue inside a word: s6, t6, s&, thu’ong (codes like qh15 are known).
            return self.lm.id(lower).is_none();
        }
        let id = self.lm.id(lower);
        if has_marks(lower) {
            // A marked word must be a real syllable (or a known abbreviation).
            return !is_valid(lower) && id.is_none_or(|i| self.lm.count(i) < 20);
        }
        // A known OCR rendering of another word (ctia for của).
        if self.lm.id(lower).is_none() && !self.channel.word_candidates(lower).is_empty() {
            return true;
        }
        // The user always writes this word another way (CDS for their CĐS).
        if let Some(u) = &self.user {
            if u.bonus(lower) == 0.0
                && u.forms(&skeleton(lower))
                    .iter()
                    .any(|(f, b)| f != lower && *b > 0.0)
            {
                return true;
            }
        }
        // Unmarked: wrong when a marked form is far more common.
        let own = id.map_or(0, |i| self.lm.count(i));
        let best_other = self
            .forms(lower)
            .iter()
            .filter(|&&i| Some(i) != id)
            .map(|&i| self.lm.count(i))
            .max()
            .unwrap_or(0);
        best_other > 4 * own + 2
    }

    /// Candidates for a word (lowercase), best channel score first. `marked_text`:
    /// the text around it carries its marks (typed or read by an engine that knows
    /// Vietnamese), so a plausible word as written is rarely wrong.
    pub fn candidates(&self, lower: &str, mode: TextMode) -> Vec<Candidate> {
        let marked_text = mode == TextMode::Marked;
        let p = &self.params;
        if lower.chars().count() > MAX_WORD_CHARS {
            // Not a syllable (a URL, a run of junk): kept as it is.
            return vec![Candidate {
                form: lower.to_string(),
                id: self.lm.id_or_class(lower, Kind::Word),
                cost: 0.0,
                identity: true,
            }];
        }
        let mut out: Vec<Candidate> = Vec::new();
        let own_id = self.lm.id_or_class(lower, Kind::Word);
        let damaged = own_id == lm::UNK && self.looks_wrong(lower);
        // An unknown word is one spelling out of all that `<unk>` stands for.
        let valid = is_valid(lower);
        let unk_cost = match (own_id == lm::UNK, marked_text && valid) {
            (false, _) => 0.0,
            (true, true) => -p.unknown_cost * 0.25,
            (true, false) => -p.unknown_cost,
        };
        // In marked text, changing a plausible word costs extra.
        let change = if marked_text && (own_id != lm::UNK || valid) {
            -p.marked_change_cost
        } else {
            0.0
        };
        let push = |out: &mut Vec<Candidate>, id: u32, cost: f32| {
            let cost = cost + change;
            if let Some(c) = out.iter_mut().find(|c| c.id == id && !c.identity) {
                if cost > c.cost {
                    c.cost = cost;
                }
            } else {
                out.push(Candidate {
                    form: self.lm.word(id).to_string(),
                    id,
                    cost,
                    identity: false,
                });
            }
        };
        let user_bonus = self.user.as_ref().map_or(0.0, |u| u.bonus(lower));
        out.push(Candidate {
            form: lower.to_string(),
            id: own_id,
            cost: unk_cost + user_bonus + if damaged { -p.damaged_keep_cost } else { 0.0 },
            identity: true,
        });
        let marked = has_marks(lower);
        let skel = skeleton(lower);
        if let Some(u) = &self.user {
            // The user's own forms: known ones get their bonus, unknown ones become
            // candidates at a reduced <unk> cost.
            for (form, bonus) in u.forms(&skel) {
                if form == lower {
                    continue;
                }
                let ch = if marked {
                    p.channel_weight * self.channel.score(form, lower)
                } else {
                    0.0
                };
                match self.lm.id(form) {
                    Some(id) => push(&mut out, id, ch + bonus),
                    None => out.push(Candidate {
                        form: form.clone(),
                        id: lm::UNK,
                        cost: ch + change - p.unknown_cost * 0.25 + bonus,
                        identity: false,
                    }),
                }
            }
        }
        for &id in self.forms(&skel) {
            if Some(id) == self.lm.id(lower) {
                continue;
            }
            let cost = if marked {
                p.channel_weight * self.channel.score(self.lm.word(id), lower)
            } else {
                0.0
            };
            push(&mut out, id, cost);
        }
        for (clean, lp) in self.channel.word_candidates(lower) {
            if let Some(id) = self.lm.id(clean) {
                push(&mut out, id, p.channel_weight * lp);
            }
        }
        // Reading OCR characters back only pays for words the model does not know
        // well; known words already have their forms from the skeleton.
        // Text typed without marks has no OCR letter errors to read back.
        let known = self
            .lm
            .id(lower)
            .is_some_and(|i| self.lm.count(i) >= p.known_count)
            || (mode == TextMode::Unmarked && !self.forms(&skel).is_empty());
        if p.variant_budget > 0 && !known {
            for v in self.channel.skeleton_variants(lower, p.variant_budget) {
                if v == skel {
                    continue;
                }
                for &id in self.forms(&v) {
                    let cost = p.channel_weight * self.channel.score(self.lm.word(id), lower);
                    if cost > -25.0 {
                        push(&mut out, id, cost);
                    }
                }
            }
        }
        // Keep the identity plus the best others by channel cost and frequency.
        let (ident, mut rest): (Vec<Candidate>, Vec<Candidate>) =
            out.into_iter().partition(|c| c.identity);
        rest.retain(|c| c.id != own_id || (own_id == lm::UNK && c.form != lower));
        rest.sort_by(|a, b| {
            let ka = a.cost + 0.3 * (self.lm.count(a.id) as f32 + 1.0).ln();
            let kb = b.cost + 0.3 * (self.lm.count(b.id) as f32 + 1.0).ln();
            kb.total_cmp(&ka)
        });
        rest.truncate(p.max_candidates.saturating_sub(1));
        let mut all = ident;
        all.extend(rest);
        all
    }
}

/// The outcome of decoding one text.
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    pub text: String,
    pub changed: usize,
    /// Each rewritten word: its byte range in `text` and the word as written.
    pub words: Vec<(usize, usize, String)>,
}

/// One position of the search: the candidates of a word, or a fixed unit.
struct Slot {
    /// Index of the token in the text.
    token: usize,
    cands: std::rc::Rc<Vec<Candidate>>,
    /// A paragraph ends before this slot.
    boundary_before: bool,
}

#[derive(Clone, Copy)]
struct Hyp {
    score: f32,
    u: u32,
    v: u32,
    /// Index into the back-pointer arena.
    back: u32,
}

/// Decode a whole text.
pub fn decode(m: &Models, text: &str) -> Decoded {
    decode_from(m, text, Origin::Unknown)
}

/// Where a text comes from, when the reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// Typed, a PDF text layer, or OCR from elsewhere: lines that read as clean
    /// Vietnamese are kept byte for byte.
    #[default]
    Unknown,
    /// Read from a scan by Tesseract's Vietnamese model. Its words carry marks,
    /// but it swaps some of them for another real syllable ("tố chức" for "tổ
    /// chức", "Đế" for "Để", "chỉ phí" for "chi phí"): those swaps the channel
    /// has seen are weighed against the language model on every line.
    TesseractVie,
}

/// A Tesseract-vie word's swaps: the real syllables with the same letters
/// (marks aside) the channel has seen it read as, at their channel cost and
/// without the cost of changing a plausible word: the engine's own confusions
/// are not the writer's choices.
fn vie_swaps(m: &Models, lower: &str, base: &[Candidate]) -> Vec<Candidate> {
    let mut out = base.to_vec();
    // Only a tone the engine wrote is doubted (hook read as acute, "chỉ" for
    // "chi"): a word it read without one is left to the usual candidates.
    let (letters, tone) = tone_apart(lower);
    if tone == 0 {
        return out;
    }
    let mut add = |clean: &str, lp: f32| {
        let Some(id) = m.lm.id(clean) else { return };
        let cost = m.params.channel_weight * lp;
        match out.iter_mut().find(|c| c.id == id && !c.identity) {
            Some(c) => c.cost = c.cost.max(cost),
            None => out.push(Candidate {
                form: clean.to_string(),
                id,
                cost,
                identity: false,
            }),
        }
    };
    let seen = m.channel.word_candidates(lower);
    for (clean, lp) in seen {
        if tone_apart(clean).0 == letters {
            add(clean, *lp);
        }
    }
    // Hook and acute are the engine's commonest swap (more than half of its
    // tone errors in the parallel text): a word it has not been seen swapping
    // ("đấy mạnh" for "đẩy mạnh") still gets the other one, at a low prior.
    let other = match tone {
        TONE_ACUTE => TONE_HOOK,
        TONE_HOOK => TONE_ACUTE,
        _ => return out,
    };
    let swapped: String = lower
        .chars()
        .map(|c| {
            let p = char_parts(c);
            if p.tone == tone {
                with_tone(p.base, other)
            } else {
                c
            }
        })
        .collect();
    if !seen.iter().any(|(c, _)| *c == swapped) {
        add(&swapped, UNSEEN_SWAP_LP);
    }
    out
}

/// log P(the engine writes a hook as an acute, or back) for a word the
/// parallel text never showed swapped: about 3 % of hooks overall, less for
/// a word not seen doing it.
const UNSEEN_SWAP_LP: f32 = -5.5;

/// Decode a whole text read from `origin`.
pub fn decode_from(m: &Models, text: &str, origin: Origin) -> Decoded {
    let tokens = token::tokenize(text);
    let clean = clean_lines(m, text, &tokens);
    let share = marked_share(text, &tokens);
    let mode = if share >= m.params.marked_text_share {
        TextMode::Marked
    } else if share < 0.01 {
        TextMode::Unmarked
    } else {
        TextMode::Ocr
    };
    let marked_text = mode == TextMode::Marked;
    let vie = marked_text && origin == Origin::TesseractVie;
    let mut slots: Vec<Slot> = Vec::with_capacity(tokens.len());
    let mut boundary = false;
    let mut line = 0usize;
    let mut last_unit: Option<&str> = None;
    let mut at_line_start = true;
    for (ti, t) in tokens.iter().enumerate() {
        let s = t.text(text);
        match t.kind {
            Kind::Space { newlines } => {
                if newlines > 0 {
                    line += newlines as usize;
                    at_line_start = true;
                    // Letters often wrap with blank lines between every line, so only
                    // end punctuation (or a bullet, below) ends a paragraph.
                    if newlines >= 3 || matches!(last_unit, Some("." | ";" | ":" | "!" | "?")) {
                        boundary = true;
                    }
                }
                continue;
            }
            Kind::Punct | Kind::Number => {
                if at_line_start && matches!(s, "-" | "+" | "•" | "*") {
                    boundary = true;
                }
                let unit = lm::unit(s, t.kind);
                let id = m.lm.id_or_class(&unit, t.kind);
                slots.push(Slot {
                    token: ti,
                    cands: std::rc::Rc::new(vec![Candidate {
                        form: String::new(),
                        id,
                        cost: 0.0,
                        identity: true,
                    }]),
                    boundary_before: boundary && !slots.is_empty(),
                });
            }
            Kind::Word => {
                let lower = s.to_lowercase();
                // Only text that carries its marks can have clean lines; there, names and
                // codes (capitalised words: Ba Xa, Sơn Mai, TB-CAT) are kept as written.
                // A capitals word glued to a "/" or "-" is a number's code
                // (112-KL/TU, 02-KH/BCDTW): never a syllable to mark.
                let glued = |j: Option<usize>| {
                    j.and_then(|j| tokens.get(j))
                        .is_some_and(|n| n.kind == Kind::Punct && matches!(n.text(text), "/" | "-"))
                };
                let code = case_of(s) == token::Case::Upper
                    && (glued(ti.checked_sub(1)) || glued(ti.checked_add(1)));
                let keep = marked_text
                    && (clean.get(line).copied().unwrap_or(false) || name_or_code(s, &lower));
                let cands = if code && !keep {
                    // A code takes back its Đ (BCDTW → BCĐTW) and no other mark
                    // (KL/TU stays TU, never "từ").
                    let all = cached_candidates(m, lower.clone(), mode);
                    let only_d: Vec<Candidate> = all
                        .iter()
                        .filter(|c| c.form.replace('đ', "d") == lower)
                        .cloned()
                        .collect();
                    if only_d.is_empty() {
                        as_written(m, lower)
                    } else {
                        std::rc::Rc::new(only_d)
                    }
                } else if vie && lower.chars().all(is_letter) {
                    // Names and capitals too: the engine's swaps do not
                    // spare them ("Đế triển khai", "TỐ CHỨC").
                    let base = if keep {
                        as_written(m, lower.clone())
                    } else {
                        cached_candidates(m, lower.clone(), mode)
                    };
                    std::rc::Rc::new(vie_swaps(m, &lower, &base))
                } else if keep {
                    as_written(m, lower)
                } else {
                    cached_candidates(m, lower, mode)
                };
                slots.push(Slot {
                    token: ti,
                    cands,
                    boundary_before: boundary && !slots.is_empty(),
                });
            }
        }
        last_unit = Some(s);
        at_line_start = false;
        boundary = false;
    }
    let choice = search(m, &slots);
    if std::env::var_os("CONGVAN_REPAIR_DEBUG").is_some() {
        debug_path(m, &slots, &choice);
    }
    rebuild(text, &tokens, &slots, &choice)
}

/// Beam search; returns the chosen candidate index per slot.
fn search(m: &Models, slots: &[Slot]) -> Vec<u16> {
    let beam = m.params.beam.max(1);
    // Arena of (previous arena index, candidate index).
    let mut arena: Vec<(u32, u16)> = Vec::with_capacity(slots.len() * 4);
    let root = u32::MAX;
    let start = Hyp {
        score: 0.0,
        u: lm::BOS,
        v: lm::BOS,
        back: root,
    };
    let mut hyps = vec![start];
    let mut next: Vec<Hyp> = Vec::with_capacity(beam * 16);
    // Distinct last units of the current hypotheses, and each hypothesis' index there.
    let mut vs: Vec<u32> = Vec::with_capacity(beam);
    let mut vi: Vec<usize> = Vec::with_capacity(beam);
    for slot in slots {
        if slot.boundary_before {
            let best = hyps
                .iter()
                .map(|h| (h.score + m.lm.logp(h.u, h.v, lm::EOS), h.back))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, back)) = best {
                hyps.clear();
                hyps.push(Hyp { back, ..start });
            }
        }
        vs.clear();
        vi.clear();
        for h in &hyps {
            match vs.iter().position(|&v| v == h.v) {
                Some(k) => vi.push(k),
                None => {
                    vs.push(h.v);
                    vi.push(vs.len() - 1);
                }
            }
        }
        // One cell per (candidate, last unit): hypotheses sharing both recombine.
        let nv = vs.len();
        next.clear();
        next.resize(
            slot.cands.len() * nv,
            Hyp {
                score: f32::NEG_INFINITY,
                ..start
            },
        );
        let mut from = vec![(root, 0u16); slot.cands.len() * nv];
        for (h, &k) in hyps.iter().zip(&vi) {
            for (ci, c) in slot.cands.iter().enumerate() {
                let s = h.score + m.lm.logp(h.u, h.v, c.id) + c.cost;
                let cell = ci * nv + k;
                if s > next[cell].score {
                    next[cell] = Hyp {
                        score: s,
                        u: h.v,
                        v: c.id,
                        back: root,
                    };
                    from[cell] = (h.back, ci as u16);
                }
            }
        }
        let best = next
            .iter()
            .map(|h| h.score)
            .fold(f32::NEG_INFINITY, f32::max);
        let floor = best - m.params.prune;
        hyps.clear();
        for (h, f) in next.iter().zip(&from) {
            if h.score > floor {
                arena.push(*f);
                hyps.push(Hyp {
                    back: (arena.len() - 1) as u32,
                    ..*h
                });
            }
        }
        if hyps.len() > beam {
            hyps.select_nth_unstable_by(beam - 1, |a, b| b.score.total_cmp(&a.score));
            hyps.truncate(beam);
        }
    }
    let best = hyps
        .iter()
        .map(|h| (h.score + m.lm.logp(h.u, h.v, lm::EOS), h.back))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(root, |x| x.1);
    let mut choice = vec![0u16; slots.len()];
    let mut k = best;
    let mut i = slots.len();
    while k != root && i > 0 {
        i -= 1;
        let (prev, ci) = arena[k as usize];
        choice[i] = ci;
        k = prev;
    }
    choice
}

/// Print the chosen path with its language-model and channel scores (tuning aid,
/// switched on by `CONGVAN_REPAIR_DEBUG`).
fn debug_path(m: &Models, slots: &[Slot], choice: &[u16]) {
    let (mut u, mut v) = (lm::BOS, lm::BOS);
    for (slot, &ci) in slots.iter().zip(choice) {
        if slot.boundary_before {
            (u, v) = (lm::BOS, lm::BOS);
            eprintln!("--");
        }
        let c = &slot.cands[ci as usize];
        let alts: Vec<String> = slot
            .cands
            .iter()
            .map(|a| {
                format!(
                    "{}:{:.1}/{:.1}",
                    m.lm.word(a.id),
                    m.lm.logp(u, v, a.id),
                    a.cost
                )
            })
            .collect();
        eprintln!(
            "{:>12} lm {:6.2} ch {:5.2}  [{}]",
            m.lm.word(c.id),
            m.lm.logp(u, v, c.id),
            c.cost,
            alts.join(" ")
        );
        (u, v) = (v, c.id);
    }
}

fn rebuild(text: &str, tokens: &[Token], slots: &[Slot], choice: &[u16]) -> Decoded {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut changed = 0;
    let mut words = Vec::new();
    let mut si = 0;
    for (ti, t) in tokens.iter().enumerate() {
        let s = t.text(text);
        if si < slots.len() && slots[si].token == ti {
            let c = &slots[si].cands[choice[si] as usize];
            si += 1;
            if t.kind == Kind::Word && !c.identity && c.form != s.to_lowercase() {
                let start = out.len();
                out.push_str(&apply_case(&c.form, case_of(s)));
                words.push((start, out.len(), s.to_string()));
                changed += 1;
                continue;
            }
        }
        out.push_str(s);
    }
    Decoded {
        text: out,
        changed,
        words,
    }
}

/// Share of the words with letters that carry a Vietnamese mark (about 0.85 in
/// clean text, 0.2 from an engine without Vietnamese, 0 when stripped).
fn marked_share(text: &str, tokens: &[Token]) -> f32 {
    let (mut words, mut marked) = (0usize, 0usize);
    for t in tokens.iter().filter(|t| t.kind == Kind::Word) {
        let w = t.text(text);
        if w.chars().all(is_letter) {
            words += 1;
            marked += usize::from(has_marks(w));
        }
    }
    marked as f32 / words.max(1) as f32
}

/// The one candidate that keeps a word as written.
fn as_written(m: &Models, lower: String) -> std::rc::Rc<Vec<Candidate>> {
    std::rc::Rc::new(vec![Candidate {
        id: m.lm.id_or_class(&lower, Kind::Word),
        form: lower,
        cost: 0.0,
        identity: true,
    }])
}

/// A capitalised word that is not a broken syllable: in text that carries its marks,
/// a name (Ba Xa, Sơn Mai), an abbreviation whose only mark is Đ (CHBĐ, TTĐT) or a
/// code with digits glued to it (VTV1, T6, CP4, footnote markers), to be kept as
/// written.
fn name_or_code(word: &str, lower: &str) -> bool {
    // Đ is a letter of its own, not a mark, in abbreviations: CHBĐ is as written.
    let marked_beyond_d = || has_marks(&lower.replace('đ', "d"));
    if lower.chars().all(is_letter) {
        return case_of(word) != token::Case::Lower && (is_valid(lower) || !marked_beyond_d());
    }
    // Capitals and digits only (no small letter, no glue): a code, not an OCR'd
    // syllable; text that carries its marks does not write "số" as "S6".
    word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(is_letter)
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || (is_letter(c) && !c.is_lowercase()))
        && !marked_beyond_d()
}

/// Per line: true when the line is already clean Vietnamese and must be kept as is.
fn clean_lines(m: &Models, text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut out = Vec::new();
    // A letter repeats its words: each distinct word (as written, since case
    // matters to names and codes) is judged once.
    let mut judged: HashMap<&str, bool> = HashMap::new();
    let (mut words, mut bad) = (0usize, 0usize);
    let finish = |out: &mut Vec<bool>, words: usize, bad: usize| {
        out.push(bad == 0 || (bad as f32) <= m.params.clean_line_bad_share * words as f32);
    };
    for t in tokens {
        match t.kind {
            Kind::Space { newlines } => {
                for _ in 0..newlines {
                    finish(&mut out, words, bad);
                    words = 0;
                    bad = 0;
                }
            }
            Kind::Word => {
                words += 1;
                let w = t.text(text);
                let wrong = *judged.entry(w).or_insert_with(|| {
                    let lower = w.to_lowercase();
                    !name_or_code(w, &lower) && m.looks_wrong(&lower)
                });
                bad += usize::from(wrong);
            }
            _ => {}
        }
    }
    finish(&mut out, words, bad);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::channel::ChannelCounts;

    fn models() -> Models {
        let text = "kính gửi các sở, ban, ngành thuộc tỉnh\n\
                    kính gửi ủy ban nhân dân các xã\n\
                    các sở ban ngành thực hiện kế hoạch của ban chỉ đạo\n\
                    ủy ban nhân dân tỉnh yêu cầu các sở thực hiện\n\
                    kế hoạch số 02-KH/BCĐTW của ban chỉ đạo trung ương\n\
                    ban chỉ đạo trung ương ban hành kế hoạch\n";
        let lm = Lm::train(text.lines(), 1);
        let mut c = ChannelCounts::default();
        for _ in 0..3 {
            c.add_pair("số", "s6");
            c.add_pair("của", "ctia");
            c.add_pair("ương", "wong");
        }
        Models::new(lm, Channel::from_counts(&c), Params::default())
    }

    #[test]
    fn restores_marks_and_keeps_case() {
        let m = models();
        let d = decode(&m, "Kinh gui: cac so, ban, nganh thuoc tinh");
        assert_eq!(d.text, "Kính gửi: các sở, ban, ngành thuộc tỉnh");
        assert!(d.changed >= 6);
    }

    #[test]
    fn a_code_takes_back_its_d_and_no_other_mark() {
        let m = models();
        let d = decode(&m, "Ket luan so 112-KL/TU cua Ban Thuong vu Tinh uy");
        assert!(d.text.contains("112-KL/TU"), "{}", d.text);
    }

    #[test]
    fn keeps_abbreviations_numbers_and_layout() {
        let m = models();
        let d = decode(&m, "Ke hoach so 02-KH/BCDTW\ncua Ban Chi dao Trung uong.\n");
        assert_eq!(
            d.text,
            "Kế hoạch số 02-KH/BCĐTW\ncủa Ban Chỉ đạo Trung ương.\n"
        );
    }

    #[test]
    fn undoes_ocr_letters() {
        let m = models();
        let d = decode(&m, "Ke hoach s6 02 ctia Ban Chi dao Trung wong");
        assert_eq!(d.text, "Kế hoạch số 02 của Ban Chỉ đạo Trung ương");
    }

    #[test]
    fn hostile_text_passes_through() {
        let m = models();
        let long = "a".repeat(100_000);
        assert_eq!(decode(&m, &long).text, long);
        for s in ["", "\n\n\n", "!!! ??? ...", "12 34 56", "@@@ &&& ’’’"] {
            assert_eq!(decode(&m, s).text, s);
        }
        let junk: String = (0..5000)
            .map(|i| ["s6", "&", "ctia", "\n", " "][i % 5])
            .collect();
        assert_eq!(decode(&m, &junk).text.lines().count(), junk.lines().count());
    }

    #[test]
    fn a_glued_code_in_unmarked_text_is_still_read() {
        let m = models();
        let d = decode(&m, "Ke hoach S6 02 ctia Ban Chi dao Trung wong");
        assert_eq!(d.text, "Kế hoạch Số 02 của Ban Chỉ đạo Trung ương");
    }

    #[test]
    fn clean_text_is_untouched() {
        let m = models();
        let s = "Kính gửi: các sở, ban, ngành thuộc tỉnh;\n  Ủy ban nhân dân tỉnh yêu cầu.\n";
        let d = decode(&m, s);
        assert_eq!(d.text, s);
        assert_eq!(d.changed, 0);
    }
}
