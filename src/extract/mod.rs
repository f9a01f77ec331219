//! Extract stage: header fields, cited documents and tasks, driven by `rules/*.toml`.

use crate::letter::Extraction;
use crate::parse::ParsedLetter;
use crate::rules::RuleSet;

/// Extract what a clerk needs from one parsed letter.
pub fn extract(_parsed: &ParsedLetter, _rules: &RuleSet) -> Extraction {
    Extraction::default()
}
