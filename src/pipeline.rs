//! One letter through every stage: read → normalize → repair → parse → extract.
//!
//! The stages only meet here, through their plain data types. Batch work (many
//! files, the index, the task list) lives in [`crate::ingest`].

use crate::letter::{LetterRecord, RepairInfo};
use crate::normalize::{self, tone::Policy, Normalized};
use crate::read::{self, ReadError, Source};
use crate::repair::Repairer;
use crate::rules::{RuleSet, RulesError};
use crate::{extract, parse};
use std::path::Path;

/// The loaded models and rules every letter goes through. `Sync`: share one
/// across threads.
pub struct Pipeline {
    pub repairer: Repairer,
    pub rules: RuleSet,
    /// What produced this pipeline's output ([`build_id`]: output version,
    /// bundled rules and models, repair parameters; plus any rules loaded at
    /// run time and the tone style). Ingest reprocesses every letter when
    /// it differs from the one that made the data folder.
    pub fingerprint: String,
    /// Tone placement the letters' text is rewritten to (hòa or hoà); `None`
    /// keeps every letter as written (the default). Search matches both anyway.
    pub tone: Option<Policy>,
    /// Where the text comes from when the caller knows better than the file
    /// (`None`: from the reader's [`Source`]).
    pub origin: Option<crate::repair::Origin>,
}

/// The version of what the pipeline writes. **Bump it in any change to the code
/// that changes the output of some letter** (its record, tasks or index
/// document): data folders made before are then processed again. Changes to
/// the bundled rules and models need no bump (they are hashed, see `build.rs`).
pub const OUTPUT_VERSION: u32 = 4;

/// A hash of the bundled rule files and repair models, taken at compile time
/// (see `build.rs`).
pub const DATA_HASH: &str = env!("CONGVAN_DATA_HASH");

/// The fingerprint of the bundled pipeline: output version, bundled data, and
/// the repair parameters when `CONGVAN_REPAIR_PARAMS` changes them.
pub fn build_id() -> String {
    let mut id = format!("v{OUTPUT_VERSION}-{DATA_HASH}");
    if let Some(p) = crate::repair::params_fingerprint() {
        id.push_str("+params-");
        id.push_str(&p);
    }
    id
}

/// A clerk's rules folder (`--rules DIR`), loaded and checked: its examples
/// are the rules' tests, so a folder whose examples do not hold is refused,
/// naming the file and the example. (Here, above both the rules and the
/// extractor that runs the examples.)
pub fn load_rules(dir: &Path) -> Result<RuleSet, RulesError> {
    let rules = RuleSet::load(dir)?;
    let fails = extract::check_examples(&rules);
    if let Some(first) = fails.first() {
        let (file, what) = first.split_once(": ").unwrap_or(("", first.as_str()));
        let more = match fails.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Err(RulesError::Invalid {
            path: dir.join(file).to_string_lossy().into_owned(),
            reason: format!("example does not hold: {what}{more}"),
        });
    }
    Ok(rules)
}

impl Pipeline {
    /// The models and rules bundled into the binary.
    pub fn bundled() -> Self {
        Pipeline {
            repairer: Repairer::bundled(),
            rules: RuleSet::bundled(),
            fingerprint: build_id(),
            tone: None,
            origin: None,
        }
    }

    /// The same pipeline writing every letter's text in one tone-placement style
    /// (`--tone old|new`); part of the fingerprint, so switching reprocesses.
    pub fn with_tone(mut self, tone: Option<Policy>) -> Self {
        if let Some(t) = tone {
            self.fingerprint = format!("{}+tone-{t:?}", self.fingerprint);
        }
        self.tone = tone;
        self
    }

    /// The same pipeline told where its text comes from whatever the file
    /// says (`--ocr-vie`: text Tesseract's Vietnamese model read elsewhere).
    pub fn with_origin(mut self, origin: Option<crate::repair::Origin>) -> Self {
        self.origin = origin;
        self
    }

    /// The bundled models with the rules of a folder (`--rules DIR`): the six
    /// extraction files, and `ocr_confusions.toml` for repair when the folder has
    /// one. The rule files' contents go into the fingerprint, so editing them
    /// makes the next ingest process every letter again.
    pub fn with_rules_dir(dir: &Path) -> Result<Self, RulesError> {
        let rules = load_rules(dir)?;
        let repairer = if dir.join("ocr_confusions.toml").is_file() {
            Repairer::with_rules_dir(dir).map_err(|e| RulesError::Invalid {
                path: dir.join("ocr_confusions.toml").display().to_string(),
                reason: e.to_string(),
            })?
        } else {
            Repairer::bundled()
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| RulesError::Invalid {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let mut h = blake3::Hasher::new();
        for f in &files {
            let bytes = std::fs::read(f).map_err(|e| RulesError::Invalid {
                path: f.display().to_string(),
                reason: e.to_string(),
            })?;
            h.update(f.file_name().map(|n| n.as_encoded_bytes()).unwrap_or(b""));
            h.update(&bytes);
        }
        let hex = h.finalize().to_hex();
        Ok(Pipeline {
            repairer,
            rules,
            fingerprint: format!("{}+rules-{}", build_id(), &hex[..16]),
            tone: None,
            origin: None,
        })
    }

    /// Read, then process one file.
    pub fn process_file(&self, path: &Path) -> Result<LetterRecord, ReadError> {
        let bytes = read::read_bytes(path)?;
        self.process_bytes(path, &bytes)
    }

    /// Process a file whose bytes are already in memory.
    pub fn process_bytes(&self, path: &Path, bytes: &[u8]) -> Result<LetterRecord, ReadError> {
        let read = read::read_file(path, bytes)?;
        let hash = blake3::hash(bytes).to_hex().to_string();
        Ok(self.process_text(&path.to_string_lossy(), &read.text, read.source, hash))
    }

    /// Process text already read from `file`.
    pub fn process_text(
        &self,
        file: &str,
        text: &str,
        source: Source,
        content_hash: String,
    ) -> LetterRecord {
        // normalize() composes to NFC itself.
        let normalized = normalize::normalize(text);
        let origin = self.origin_of(&source);
        let repaired = self.repairer.repair_from(&normalized.text, origin);
        let mut changed = repaired.syllables_changed;
        let notes = normalized
            .notes
            .iter()
            .map(|n| {
                let r = self.repairer.repair_from(&n.text, origin);
                changed += r.syllables_changed;
                normalize::Note {
                    label: n.label.clone(),
                    text: self.styled(r.text),
                }
            })
            .collect();
        let styled = self.styled(repaired.text.clone());
        let words = carry_word_ranges(&repaired.text, &styled, repaired.words);
        let ready = Normalized {
            text: styled,
            notes,
        };
        let parsed = parse::parse(&ready);
        let extraction = extract::extract(&parsed, &self.rules);
        let mut rec = LetterRecord {
            file: file.to_string(),
            document: extraction.document,
            references: extraction.references,
            tasks: extraction.tasks,
            text: ready.text,
            notes: ready.notes,
            source,
            repair: RepairInfo {
                repaired: changed > 0,
                syllables_changed: changed,
                words,
            },
            content_hash,
            duplicate_of: None,
            copies: Vec::new(),
        };
        crate::tasks::assign_ids(&mut rec);
        rec
    }

    /// The repair command's text: decoded, NFC, repaired (and in the chosen tone
    /// style, if any); the line layout kept.
    pub fn repair_text(&self, text: &str, source: &Source) -> String {
        let origin = self.origin_of(source);
        self.styled(
            self.repairer
                .repair_from(&normalize::nfc(text), origin)
                .text,
        )
    }

    /// Where repair is told the text comes from: the caller's word, else the reader's.
    fn origin_of(&self, source: &Source) -> crate::repair::Origin {
        self.origin.unwrap_or_else(|| repair_origin(source))
    }

    fn styled(&self, text: String) -> String {
        match self.tone {
            Some(policy) => normalize::tone::apply(&text, policy),
            None => text,
        }
    }
}

/// The repaired words' byte ranges carried from the repaired text `before` to
/// the same text in the chosen tone style `after`. Tone style moves a mark
/// within a syllable and keeps every character count, so ranges are carried by
/// character position; a range that no longer falls on character boundaries
/// (it cannot, but the text is not ours to trust) is dropped.
fn carry_word_ranges(
    before: &str,
    after: &str,
    words: Vec<crate::letter::RepairedWord>,
) -> Vec<crate::letter::RepairedWord> {
    if before == after {
        return words;
    }
    if before.chars().count() != after.chars().count() {
        return Vec::new();
    }
    // Byte offset in `before` -> char index; char index -> byte offset in `after`.
    let char_at: std::collections::HashMap<usize, usize> = before
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(before.len()))
        .enumerate()
        .map(|(i, b)| (b, i))
        .collect();
    let byte_at: Vec<usize> = after
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(after.len()))
        .collect();
    words
        .into_iter()
        .filter_map(|w| {
            let s = *byte_at.get(*char_at.get(&w.start)?)?;
            let e = *byte_at.get(*char_at.get(&w.end)?)?;
            Some(crate::letter::RepairedWord {
                start: s,
                end: e,
                original: w.original,
            })
        })
        .collect()
}

/// What repair should know of where the text comes from: Tesseract's
/// Vietnamese model has confusions of its own.
fn repair_origin(source: &Source) -> crate::repair::Origin {
    match source {
        Source::Ocr { engine } if engine.ends_with(" vie") => crate::repair::Origin::TesseractVie,
        _ => crate::repair::Origin::Unknown,
    }
}
