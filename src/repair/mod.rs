//! Repair stage: restores Vietnamese diacritics and undoes OCR letter confusions.
//!
//! Interface only for now: [`Repairer::repair`] passes text through unchanged until
//! the repair engine (syllable language model + noisy-channel decoder) lands.

use serde::{Deserialize, Serialize};

/// The outcome of repairing one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Repaired {
    /// The repaired text (NFC).
    pub text: String,
    /// Whether any syllable was changed.
    pub repaired: bool,
    /// How many syllables were changed.
    pub syllables_changed: usize,
}

/// Repairs Vietnamese text. Cheap to share across threads (`Sync`).
#[derive(Debug, Default)]
pub struct Repairer {}

impl Repairer {
    /// The repairer with the models bundled into the binary.
    pub fn bundled() -> Self {
        Repairer {}
    }

    /// Repair one text. Currently a pass-through.
    pub fn repair(&self, text: &str) -> Repaired {
        Repaired {
            text: text.to_string(),
            repaired: false,
            syllables_changed: 0,
        }
    }
}
