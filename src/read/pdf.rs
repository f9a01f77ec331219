//! PDF: the text layer through lopdf; image-only PDFs go to OCR.
//!
//! Malformed, truncated and encrypted PDFs are reported with a reason. lopdf runs
//! behind `catch_unwind` so a parser panic on a hostile file becomes an error for
//! that file, not a crash of the batch.

use super::{ocr, ReadError, ReadText, Source};
use std::path::Path;

/// PDFs with more pages than this are refused: no letter is that long, and the
/// bound keeps time and memory per file predictable.
pub const MAX_PAGES: usize = 500;
/// Bound on the decompressed content of one page.
const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;
/// A text layer with fewer letters than this per page counts as "no text layer".
const MIN_LETTERS_PER_PAGE: usize = 20;

/// Read a PDF: its text layer when it has one, else OCR of its page images.
///
/// Pages are judged one by one: in a PDF whose text layer covers some pages
/// only (a typed letter with a scanned signed page appended), the pages without
/// text are OCR'd and put back in order. If OCR is unavailable or fails for such
/// a mixed PDF, its text layer is used alone rather than losing the letter.
pub fn read_pdf(path: &Path, bytes: &[u8]) -> Result<ReadText, ReadError> {
    let invalid = |reason: String| ReadError::Invalid {
        path: path.to_path_buf(),
        reason,
    };
    if !bytes.starts_with(b"%PDF") {
        return Err(invalid("not a PDF (no %PDF header)".into()));
    }
    let mut texts = page_texts_of(bytes).map_err(invalid)?;
    let pages = texts.len();
    let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count();
    let total: usize = texts.iter().map(|t| letters(t)).sum();
    let thin: Vec<usize> = (0..pages)
        .filter(|&i| letters(&texts[i]) < MIN_LETTERS_PER_PAGE)
        .map(|i| i + 1)
        .collect();
    let layer = |texts: Vec<String>| ReadText {
        text: join_pages(&texts),
        source: Source::PdfText { pages },
    };
    if thin.is_empty() || (thin.len() == pages && total >= MIN_LETTERS_PER_PAGE * pages / 2) {
        return Ok(layer(texts));
    }
    if thin.len() == pages {
        // No usable text layer: a scan.
        let ocr = ocr::ocr_pdf(path, pages)?;
        return Ok(ReadText {
            text: ocr.text,
            source: Source::Ocr { engine: ocr.engine },
        });
    }
    // Some pages have text, some are images.
    match ocr::ocr_pdf_pages(path, &thin) {
        Ok(done) => {
            for (&p, t) in thin.iter().zip(done.pages) {
                if letters(&t) > letters(&texts[p - 1]) {
                    texts[p - 1] = t;
                }
            }
            Ok(ReadText {
                text: join_pages(&texts),
                source: Source::Ocr {
                    engine: format!(
                        "{} (page{} {}; text layer for the rest)",
                        done.engine,
                        if thin.len() > 1 { "s" } else { "" },
                        thin.iter()
                            .map(|p| p.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            })
        }
        Err(_) => Ok(layer(texts)),
    }
}

fn join_pages(texts: &[String]) -> String {
    let mut text = String::new();
    for t in texts {
        text.push_str(t);
        text.push('\n');
    }
    text
}

/// The text layer of a PDF in memory, without OCR fallback: for fuzzing and tools.
/// Panics inside the PDF parser are caught and returned as errors.
pub fn text_layer_of(bytes: &[u8]) -> Result<(String, usize), String> {
    let pages = page_texts_of(bytes)?;
    Ok((join_pages(&pages), pages.len()))
}

/// The text layer of each page of a PDF in memory (panics caught, as above).
pub fn page_texts_of(bytes: &[u8]) -> Result<Vec<String>, String> {
    std::panic::catch_unwind(|| page_texts(bytes))
        .unwrap_or_else(|_| Err("malformed PDF (the PDF parser gave up)".into()))
}

/// The text layer of every page, or why it cannot be had.
fn page_texts(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| format!("malformed or truncated PDF ({e})"))?;
    if doc.is_encrypted() {
        return Err("encrypted PDF; save an unprotected copy and add that".into());
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.len() > MAX_PAGES {
        return Err(format!(
            "PDF has {} pages, over the {MAX_PAGES}-page limit for one letter",
            pages.len()
        ));
    }
    let mut out = Vec::with_capacity(pages.len());
    for p in &pages {
        match doc.extract_text_with_limit(&[*p], MAX_PAGE_CONTENT) {
            Ok(t) => out.push(t),
            Err(e) => return Err(format!("cannot extract text of page {p} ({e})")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_pdf_and_truncated_pdf() {
        let p = Path::new("bad.pdf");
        let e = read_pdf(p, b"hello").expect_err("not a pdf");
        assert!(e.to_string().contains("bad.pdf") && e.to_string().contains("%PDF"));
        let e = read_pdf(p, b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog").expect_err("truncated");
        assert!(e.to_string().contains("bad.pdf"), "{e}");
    }
}
