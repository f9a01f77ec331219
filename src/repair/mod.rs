//! Repair stage: restores Vietnamese diacritics and undoes OCR letter confusions.
//!
//! A noisy-channel decoder: every word gets candidate syllables ([`syllable`]
//! inventory, skeleton look-up, the OCR [`channel`] model), and a beam search over a
//! syllable trigram language model ([`lm`]) picks the best line ([`decode`]). Lines
//! that are already clean Vietnamese come out byte-identical. The models are trained
//! by `congvan model train` ([`train`]) and bundled into the binary from `models/`;
//! hand-written confusions come from `rules/ocr_confusions.toml`. Letters a scan
//! read twice ("thường x xuyên") are dropped first ([`stutter`]).

pub mod adapt;
pub mod channel;
pub mod decode;
pub mod lm;
pub mod stutter;
pub mod syllable;
pub mod token;
pub mod train;

pub use decode::Origin;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// The bundled language model (see models/README.md).
static LM_BYTES: &[u8] = include_bytes!("../../models/lm.bin");
/// The bundled channel counts learned from parallel clean/OCR text.
static CHANNEL_TSV: &str = include_str!("../../models/channel.tsv");
/// Hand-written OCR confusions.
static CONFUSIONS_TOML: &str = include_str!("../../rules/ocr_confusions.toml");

/// The outcome of repairing one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Repaired {
    /// The repaired text (NFC).
    pub text: String,
    /// Whether any syllable was changed.
    pub repaired: bool,
    /// How many syllables were changed.
    pub syllables_changed: usize,
    /// Each rewritten word: its byte range in `text` and the word as read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<crate::letter::RepairedWord>,
}

/// Repairs Vietnamese text. Cheap to share across threads (`Sync`) and to clone.
/// The bundled model is loaded on the first repair, once per process.
#[derive(Clone, Default)]
pub struct Repairer {
    /// None: the bundled models.
    models: Option<Arc<decode::Models>>,
}

impl std::fmt::Debug for Repairer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repairer")
            .field("bundled", &self.models.is_none())
            .finish()
    }
}

/// Error building the repairer's models.
#[derive(Debug, thiserror::Error)]
pub enum RepairError {
    #[error("{0}")]
    Lm(#[from] lm::LmError),
    #[error("channel data: {0}")]
    Channel(String),
    #[error("OCR confusion rules: {0}")]
    Rules(String),
}

/// One entry of rules/ocr_confusions.toml.
#[derive(Debug, Deserialize)]
struct Confusion {
    clean: String,
    ocr: String,
    #[serde(default = "default_weight")]
    weight: u32,
}

fn default_weight() -> u32 {
    5
}

#[derive(Debug, Deserialize, Default)]
struct ConfusionFile {
    #[serde(default)]
    letter: Vec<Confusion>,
    #[serde(default)]
    word: Vec<Confusion>,
}

/// Parse hand-written confusions into channel counts.
pub fn confusion_counts(toml_text: &str) -> Result<channel::ChannelCounts, RepairError> {
    let f: ConfusionFile =
        toml::from_str(toml_text).map_err(|e| RepairError::Rules(e.to_string()))?;
    let mut c = channel::ChannelCounts::default();
    for e in &f.letter {
        let mut chars = e.clean.chars();
        let (Some(x), None) = (chars.next(), chars.next()) else {
            return Err(RepairError::Rules(format!(
                "letter entry clean = {:?} must be one character",
                e.clean
            )));
        };
        if e.ocr.chars().count() > 2 {
            return Err(RepairError::Rules(format!(
                "letter entry ocr = {:?} must be at most two characters",
                e.ocr
            )));
        }
        *c.edits.entry((x, e.ocr.clone())).or_insert(0) += e.weight;
        *c.letters.entry(x).or_insert(0) += e.weight;
    }
    for e in &f.word {
        let (cl, o) = (e.clean.to_lowercase(), e.ocr.to_lowercase());
        *c.words.entry((o, cl.clone())).or_insert(0) += e.weight;
        *c.clean_words.entry(cl).or_insert(0) += e.weight;
    }
    Ok(c)
}

/// Build the models from the bytes of a language model, channel counts and rules.
pub fn load_models(
    lm_bytes: &[u8],
    channel_tsv: &str,
    confusions_toml: &str,
    params: decode::Params,
) -> Result<decode::Models, RepairError> {
    let lm = lm::Lm::from_bytes(lm_bytes)?;
    let mut counts = channel::ChannelCounts::from_tsv(channel_tsv).map_err(RepairError::Channel)?;
    counts.merge(&confusion_counts(confusions_toml)?);
    let ch = channel::Channel::from_counts(&counts);
    Ok(decode::Models::new(lm, ch, params))
}

/// A short hash of the repair parameters in effect when `CONGVAN_REPAIR_PARAMS`
/// changes them from the defaults (they change the repaired text, so they are
/// part of the pipeline's fingerprint); `None` at the defaults.
pub fn params_fingerprint() -> Option<String> {
    let (now, default) = (
        format!("{:?}", decode::Params::from_env()),
        format!("{:?}", decode::Params::default()),
    );
    (now != default).then(|| blake3::hash(now.as_bytes()).to_hex()[..12].to_string())
}

static BUNDLED: OnceLock<Option<Arc<decode::Models>>> = OnceLock::new();

impl Repairer {
    /// The repairer with the models bundled into the binary (loaded once per process).
    /// If the bundled model is missing or damaged, text passes through unchanged and
    /// a warning is printed once.
    pub fn bundled() -> Self {
        Repairer { models: None }
    }

    fn models(&self) -> Option<&decode::Models> {
        if let Some(m) = &self.models {
            return Some(m);
        }
        BUNDLED
            .get_or_init(|| {
                match load_models(
                    LM_BYTES,
                    CHANNEL_TSV,
                    CONFUSIONS_TOML,
                    decode::Params::from_env(),
                ) {
                    Ok(m) => Some(Arc::new(m)),
                    Err(e) => {
                        eprintln!("congvan: repair disabled, bundled model unusable: {e}");
                        None
                    }
                }
            })
            .as_deref()
    }

    /// The bundled models with the hand-written confusions read now from
    /// `dir/ocr_confusions.toml` instead of the copy built in (a clerk's edited rules
    /// folder, no rebuild needed). Errors name the file and the reason.
    pub fn with_rules_dir(dir: &std::path::Path) -> Result<Self, RepairError> {
        let path = dir.join("ocr_confusions.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| RepairError::Rules(format!("{}: {e}", path.display())))?;
        let m =
            load_models(LM_BYTES, CHANNEL_TSV, &text, decode::Params::from_env()).map_err(|e| {
                match e {
                    RepairError::Rules(r) => RepairError::Rules(format!("{}: {r}", path.display())),
                    other => other,
                }
            })?;
        Ok(Repairer::with_models(m))
    }

    /// A repairer over given models (for training experiments and tests).
    pub fn with_models(models: decode::Models) -> Self {
        Repairer {
            models: Some(Arc::new(models)),
        }
    }

    /// This repairer adapted to a user's own letters: the words of those that are
    /// clean become known (place names, abbreviations such as CĐS), and the forms the
    /// user almost always writes are preferred. Letters that are not clean are ignored.
    pub fn adapted<'a>(&self, letters: impl IntoIterator<Item = &'a str>) -> Repairer {
        let Some(m) = self.models() else {
            return self.clone();
        };
        let m = m.with_user(adapt::UserLexicon::from_texts(letters));
        Repairer {
            models: Some(Arc::new(m)),
        }
    }

    /// Whether a usable model is there (false: repair passes text through). Loads
    /// the bundled model if it is not loaded yet.
    pub fn is_loaded(&self) -> bool {
        self.models().is_some()
    }

    /// Repair one text: words are replaced by the syllables that best explain them;
    /// spacing, punctuation, numbers, line breaks and clean lines are kept exactly.
    pub fn repair(&self, text: &str) -> Repaired {
        self.repair_from(text, Origin::Unknown)
    }

    /// [`Repairer::repair`] for a text whose origin the reader knows: text
    /// Tesseract's Vietnamese model read from a scan gets its own confusions
    /// undone even on lines that look clean ([`Origin::TesseractVie`]).
    pub fn repair_from(&self, text: &str, origin: Origin) -> Repaired {
        // The decoder reads precomposed letters; NFD input (combining marks) is
        // composed first, which the output promises anyway.
        if !matches!(
            unicode_normalization::is_nfc_quick(text.chars()),
            unicode_normalization::IsNormalized::Yes
        ) {
            use unicode_normalization::UnicodeNormalization;
            let nfc: String = text.nfc().collect();
            if nfc != text {
                return self.repair_from(&nfc, origin);
            }
        }
        let Some(m) = self.models() else {
            return Repaired {
                text: text.to_string(),
                repaired: false,
                syllables_changed: 0,
                words: Vec::new(),
            };
        };
        let (text, stutters) = stutter::drop_stutters(text);
        let d = decode::decode_from(m, &text, origin);
        let changed = d.changed + stutters;
        Repaired {
            repaired: changed > 0,
            syllables_changed: changed,
            text: d.text,
            words: d
                .words
                .into_iter()
                .map(|(start, end, original)| crate::letter::RepairedWord {
                    start,
                    end,
                    original,
                })
                .collect(),
        }
    }
}

/// Throughput of [`Repairer::repair`] on one core.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub bytes: usize,
    pub rounds: usize,
    /// Seconds for all rounds, the candidate cache emptied before each (cold).
    pub seconds: f64,
    /// MB/s with a cold cache: a text whose words were never seen before.
    pub mb_per_s: f64,
    /// MB/s with the cache warm (words seen in an earlier letter), as in a long ingest.
    pub warm_mb_per_s: f64,
    pub load_seconds: f64,
}

/// Repair `text` `rounds` times on the calling thread and measure the rate.
pub fn bench(text: &str, rounds: usize) -> BenchReport {
    let rounds = rounds.max(1);
    let t0 = std::time::Instant::now();
    let r = Repairer::bundled();
    r.is_loaded();
    let load_seconds = t0.elapsed().as_secs_f64();
    let mut sink = 0usize;
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        decode::clear_cache();
        sink += r.repair(text).syllables_changed;
    }
    let seconds = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        sink += r.repair(text).syllables_changed;
    }
    let warm = t.elapsed().as_secs_f64();
    std::hint::black_box(sink);
    let mb = (text.len() * rounds) as f64 / 1e6;
    BenchReport {
        bytes: text.len(),
        rounds,
        seconds,
        mb_per_s: mb / seconds.max(1e-9),
        warm_mb_per_s: mb / warm.max(1e-9),
        load_seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_parse() {
        let c = confusion_counts(CONFUSIONS_TOML).unwrap();
        assert!(c.edits.contains_key(&('ư', "w".to_string())));
    }

    #[test]
    fn bad_rules_are_reported() {
        let e = confusion_counts("[[letter]]\nclean = \"ab\"\nocr = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("one character"), "{e}");
    }

    #[test]
    fn adaptation_learns_the_users_abbreviations() {
        let r = Repairer::bundled();
        let input = "Bao cao cua To CDS tinh ve chuyen doi so";
        assert!(r.repair(input).text.contains("CDS"));
        let a = r.adapted(["Kính gửi Tổ CĐS tỉnh; Tổ CĐS báo cáo kết quả chuyển đổi số."]);
        assert_eq!(
            a.repair(input).text,
            "Báo cáo của Tổ CĐS tỉnh về chuyển đổi số"
        );
        // Clean text is still untouched, and the bundled repairer is unchanged.
        let clean = "Kính gửi: các sở, ban, ngành thuộc tỉnh;\n";
        assert_eq!(a.repair(clean).text, clean);
        assert!(r.repair(input).text.contains("CDS"));
    }

    #[test]
    fn rules_folder_is_read_at_run_time() {
        let dir = tempfile::tempdir().unwrap();
        let e = Repairer::with_rules_dir(dir.path()).unwrap_err();
        assert!(e.to_string().contains("ocr_confusions.toml"), "{e}");
        std::fs::write(
            dir.path().join("ocr_confusions.toml"),
            "[[word]]\nclean = 1\n",
        )
        .unwrap();
        let e = Repairer::with_rules_dir(dir.path()).unwrap_err();
        assert!(e.to_string().contains("ocr_confusions.toml"), "{e}");
        std::fs::write(
            dir.path().join("ocr_confusions.toml"),
            "[[word]]\nclean = \"quyết\"\nocr = \"qnyet\"\nweight = 50\n",
        )
        .unwrap();
        let r = Repairer::with_rules_dir(dir.path()).unwrap();
        assert_eq!(
            r.repair("Quyết định này qnyet định").text,
            "Quyết định này quyết định"
        );
    }

    #[test]
    fn decomposed_input_is_composed_then_repaired() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Kính gửi: các sở".nfd().collect();
        assert_eq!(Repairer::bundled().repair(&nfd).text, "Kính gửi: các sở");
    }

    #[test]
    fn bundled_model_matches_the_tokenizer() {
        // A model trained with another tokenizer has units the decoder never sees:
        // retrain (models/README.md) after changing src/repair/token.rs.
        let m = load_models(
            LM_BYTES,
            CHANNEL_TSV,
            CONFUSIONS_TOML,
            decode::Params::default(),
        )
        .unwrap();
        let stale: Vec<&String> =
            m.lm.words()
                .iter()
                .skip(5)
                .filter(|w| {
                    let t = token::tokenize(w);
                    t.len() != 1 || t[0].end != w.len()
                })
                .take(5)
                .collect();
        assert!(stale.is_empty(), "units the tokenizer splits: {stale:?}");
    }

    #[test]
    fn bundled_model_loads_and_repairs() {
        let r = Repairer::bundled();
        assert!(r.is_loaded());
        let out = r.repair("Kinh gui: cac so, ban, nganh thuoc tinh");
        assert_eq!(out.text, "Kính gửi: các sở, ban, ngành thuộc tỉnh");
        assert!(out.repaired);
    }
}
