//! Read stage: finds the letters in a corpus folder and turns each file into text.
//!
//! Plain text (any supported encoding), PDF through its text layer, scans through
//! Tesseract. Anything else is reported as unsupported, never silently dropped.

pub mod ocr;

use std::path::PathBuf;

/// Why one file could not be read. Always names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("{path}: unsupported file type ({reason})")]
    Unsupported { path: PathBuf, reason: String },
    #[error("{path}: {reason}")]
    ToolMissing { path: PathBuf, reason: String },
}
