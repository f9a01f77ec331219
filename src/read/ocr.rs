//! Scans: OCR of image-only PDFs and images through the Tesseract program.

use super::ReadError;
use std::path::Path;

/// OCR an image file.
pub fn ocr_image(path: &Path) -> Result<String, ReadError> {
    Err(ReadError::ToolMissing {
        path: path.to_path_buf(),
        reason: "scanned image: OCR is not available in this build".into(),
    })
}

/// OCR an image-only PDF.
pub fn ocr_pdf(path: &Path) -> Result<String, ReadError> {
    Err(ReadError::ToolMissing {
        path: path.to_path_buf(),
        reason: "PDF has no text layer (a scan): OCR is not available in this build".into(),
    })
}
