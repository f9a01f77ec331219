//! Rule files (`rules/*.toml`): document kinds, numbering grammars, agencies,
//! deadline phrases, task cues, OCR confusions. Data, not code, so a clerk in
//! another province can extend them.

use std::path::Path;

/// All rules, loaded and compiled.
#[derive(Debug, Default)]
pub struct RuleSet {}

/// Why a rules folder could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("rules file {path}: {reason}")]
    Invalid { path: String, reason: String },
}

impl RuleSet {
    /// The rules bundled into the binary (a copy of `rules/` at build time).
    pub fn bundled() -> Self {
        RuleSet {}
    }

    /// Load rules from a folder of `*.toml` files.
    pub fn load(_dir: &Path) -> Result<Self, RulesError> {
        Ok(RuleSet {})
    }
}
