//! Byte decoding: detects the encoding of a text file and converts it to Unicode.

/// The encodings congvan can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
}

/// Decoded text and the encoding it was found in.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Why bytes could not be decoded as text.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("not text: {0}")]
    NotText(String),
}

/// Decode a file's bytes (UTF-8, with or without BOM).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            encoding: Encoding::Utf8,
        }),
        Err(e) => Err(DecodeError::NotText(format!(
            "invalid UTF-8 at byte {}",
            e.valid_up_to()
        ))),
    }
}
