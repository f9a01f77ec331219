//! PDF: the text layer through lopdf; image-only PDFs go to OCR.
//!
//! Malformed, truncated and encrypted PDFs are reported with a reason. lopdf runs
//! behind `catch_unwind` so a parser panic on a hostile file becomes an error for
//! that file, not a crash of the batch.

use super::{ocr, ReadError, ReadText, Source};
use crate::normalize::encoding::{self, LegacyFont};
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
    let (mut texts, legacy_fonts) = layer_of(bytes).map_err(invalid)?;
    let pages = texts.len();
    let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count();
    let total: usize = texts.iter().map(|t| letters(t)).sum();
    let thin: Vec<usize> = (0..pages)
        .filter(|&i| letters(&texts[i]) < MIN_LETTERS_PER_PAGE)
        .map(|i| i + 1)
        .collect();
    let layer = |texts: Vec<String>| ReadText {
        text: join_pages(&texts),
        source: Source::PdfText {
            pages,
            legacy_fonts: legacy_fonts.clone(),
        },
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
    layer_of(bytes).map(|(pages, _)| pages)
}

/// The text layer of each page and the legacy fonts whose text was converted
/// (panics caught, as above).
pub fn layer_of(bytes: &[u8]) -> Result<(Vec<String>, Vec<String>), String> {
    std::panic::catch_unwind(|| page_texts(bytes))
        .unwrap_or_else(|_| Err("malformed PDF (the PDF parser gave up)".into()))
}

/// The text layer of every page (and the legacy fonts converted), or why it
/// cannot be had.
///
/// lopdf reads the text as the fonts' encodings say. A letter typed in a legacy
/// Vietnamese font (`.VnTime`, `VNI-Times`) keeps that font's bytes under a
/// Western encoding, so its text reads "KÕ ho¹ch". Every font is checked, by its
/// name ([`encoding::legacy_font`]) or else by what its text decodes to
/// ([`encoding::detect_font_encoding`], on all the text shown in that font);
/// pages that show text in such a font are read again here, run by run, each
/// run of a legacy font decoded from its own bytes. Pages without one keep
/// lopdf's text exactly.
fn page_texts(bytes: &[u8]) -> Result<(Vec<String>, Vec<String>), String> {
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| format!("malformed or truncated PDF ({e})"))?;
    if doc.is_encrypted() {
        return Err("encrypted PDF; save an unprotected copy and add that".into());
    }
    let pages: Vec<(u32, lopdf::ObjectId)> = doc.get_pages().into_iter().collect();
    if pages.len() > MAX_PAGES {
        return Err(format!(
            "PDF has {} pages, over the {MAX_PAGES}-page limit for one letter",
            pages.len()
        ));
    }
    let mut out = Vec::with_capacity(pages.len());
    for (p, _) in &pages {
        match doc.extract_text_with_limit(&[*p], MAX_PAGE_CONTENT) {
            Ok(t) => out.push(t),
            Err(e) => return Err(format!("cannot extract text of page {p} ({e})")),
        }
    }
    // Legacy fonts: a failure here leaves lopdf's text as it was. Legacy bytes
    // live in simple fonts (or fonts named so); a PDF whose fonts are all
    // composite and plainly named (Word's Unicode export, Tesseract's text
    // layer) is not walked again.
    if !pages.iter().any(|&(_, id)| may_hold_legacy(&doc, id)) {
        return Ok((out, Vec::new()));
    }
    let shown: Vec<Vec<Shown>> = pages
        .iter()
        .map(|&(_, id)| shown_text(&doc, id).unwrap_or_default())
        .collect();
    let fonts = legacy_fonts(&shown);
    if fonts.is_empty() {
        return Ok((out, Vec::new()));
    }
    for (k, page) in shown.iter().enumerate() {
        if page
            .iter()
            .any(|s| matches!(s, Shown::Text { font, .. } if fonts.contains_key(font)))
        {
            out[k] = page_text(page, &fonts);
        }
    }
    let mut names: Vec<String> = fonts.into_values().map(|f| f.family).collect();
    names.sort();
    names.dedup();
    Ok((out, names))
}

/// Whether a page uses a font that may show legacy bytes: a simple font, or
/// one named as a legacy font.
fn may_hold_legacy(doc: &lopdf::Document, page: lopdf::ObjectId) -> bool {
    let Ok(fonts) = doc.get_page_fonts(page) else {
        return false;
    };
    fonts.values().any(|dict| {
        let composite = dict
            .get(b"Subtype")
            .and_then(|o| o.as_name())
            .is_ok_and(|n| n == b"Type0");
        let named = dict
            .get(b"BaseFont")
            .and_then(|o| o.as_name())
            .is_ok_and(|n| encoding::legacy_font(&String::from_utf8_lossy(n)).is_some());
        !composite || named
    })
}

/// One step of a page's text as a content stream shows it.
enum Shown {
    /// A string shown in a font (keyed by its BaseFont name): the bytes, for a
    /// composite font the codes behind its Unicode text where there are such
    /// codes, and the text as the font's encoding reads it.
    Text {
        font: String,
        bytes: Option<Vec<u8>>,
        text: String,
    },
    /// A space: a wide gap in a TJ array.
    Space,
    /// The end of a TJ array (lopdf writes a space there).
    ArrayEnd,
    /// A new line (T*, ', ", ET).
    Line,
    /// The font changed (lopdf starts a new chunk there).
    Font,
}

/// A page's text-showing operations with their fonts, the way lopdf's
/// `extract_text` walks them (same spaces and line ends).
fn shown_text(doc: &lopdf::Document, page: lopdf::ObjectId) -> Result<Vec<Shown>, lopdf::Error> {
    struct Font<'a> {
        name: String,
        composite: bool,
        encoding: lopdf::Encoding<'a>,
    }
    let mut fonts = std::collections::BTreeMap::new();
    for (res, dict) in doc.get_page_fonts(page)? {
        let Ok(encoding) = dict.get_font_encoding_with_limit(doc, MAX_PAGE_CONTENT) else {
            continue;
        };
        let name = dict
            .get(b"BaseFont")
            .and_then(|o| o.as_name())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|_| format!("/{}", String::from_utf8_lossy(&res)));
        let composite = dict
            .get(b"Subtype")
            .and_then(|o| o.as_name())
            .is_ok_and(|n| n == b"Type0");
        fonts.insert(
            res,
            Font {
                name,
                composite,
                encoding,
            },
        );
    }
    let content =
        lopdf::content::Content::decode(&doc.get_page_content_with_limit(page, MAX_PAGE_CONTENT)?)?;
    let mut out = Vec::new();
    let mut current: Option<&Font> = None;
    fn strings(out: &mut Vec<Shown>, font: &Font, operands: &[lopdf::Object]) {
        for operand in operands {
            match operand {
                lopdf::Object::String(bytes, _) => {
                    let text = font.encoding.bytes_to_string(bytes).unwrap_or_default();
                    let bytes = if font.composite {
                        encoding::font_bytes_of(&text)
                    } else {
                        Some(bytes.clone())
                    };
                    out.push(Shown::Text {
                        font: font.name.clone(),
                        bytes,
                        text,
                    });
                }
                lopdf::Object::Array(arr) => {
                    strings(out, font, arr);
                    out.push(Shown::ArrayEnd);
                }
                lopdf::Object::Integer(i) if *i < -100 => out.push(Shown::Space),
                _ => {}
            }
        }
    }
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                current = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| fonts.get(n));
                out.push(Shown::Font);
            }
            "Tj" | "TJ" => {
                if let Some(f) = current {
                    strings(&mut out, f, &op.operands);
                }
            }
            "'" | "\"" => {
                if let Some(f) = current {
                    out.push(Shown::Line);
                    let operands = if op.operator == "'" {
                        &op.operands[..]
                    } else {
                        op.operands.get(2..3).unwrap_or(&[])
                    };
                    strings(&mut out, f, operands);
                }
            }
            "T*" | "ET" => out.push(Shown::Line),
            _ => {}
        }
    }
    Ok(out)
}

/// The legacy fonts of a document, by BaseFont name: named so, or detected
/// from all the text shown in them.
fn legacy_fonts(pages: &[Vec<Shown>]) -> std::collections::HashMap<String, LegacyFont> {
    // Per font: the codes of its strings that have single-byte codes, and the
    // text of those that do not (real Unicode, from a ToUnicode map).
    let mut by_font: std::collections::HashMap<&str, (Vec<u8>, String)> =
        std::collections::HashMap::new();
    for s in pages.iter().flatten() {
        if let Shown::Text { font, bytes, text } = s {
            let e = by_font.entry(font).or_default();
            match bytes {
                Some(b) => {
                    e.0.extend_from_slice(b);
                    e.0.push(b' ');
                }
                None => {
                    e.1.push_str(text);
                    e.1.push(' ');
                }
            }
        }
    }
    let mut out = std::collections::HashMap::new();
    for (font, (bytes, unicode)) in by_font {
        if let Some(f) = encoding::font_encoding(Some(font), &bytes, &unicode) {
            out.insert(font.to_string(), f);
        }
    }
    out
}

/// A page's text with every run of a legacy font decoded from its bytes.
fn page_text(page: &[Shown], fonts: &std::collections::HashMap<String, LegacyFont>) -> String {
    let mut text = String::new();
    // The run being collected: its font and bytes (spaces included, so a VNI
    // mark byte stays with its letter across the strings of one TJ array).
    let mut run: Option<(&LegacyFont, Vec<u8>)> = None;
    let flush = |text: &mut String, run: &mut Option<(&LegacyFont, Vec<u8>)>| {
        if let Some((f, bytes)) = run.take() {
            text.push_str(&encoding::decode_font_run(&bytes, f));
        }
    };
    // lopdf puts a space after every TJ array. Here it is kept only between
    // strings of one font: where the font changes mid-line (a toned capital
    // typed in .VnTimeH inside a .VnTime word), the strings carry their own
    // spaces, and an added one would split the word ("Ủ y ban").
    let mut array_end = false;
    let mut font_changed = false;
    for s in page {
        if let Shown::Text { text: t, bytes, .. } = s {
            if array_end && !font_changed {
                let starts_blank = match bytes {
                    Some(b) => b.first() == Some(&b' '),
                    None => t.starts_with(' '),
                };
                let ends_blank = match &run {
                    Some((_, rb)) => rb.last() == Some(&b' '),
                    None => text.ends_with(' ') || text.ends_with('\n'),
                };
                if !starts_blank && !ends_blank {
                    match &mut run {
                        Some((_, rb)) => rb.push(b' '),
                        None => text.push(' '),
                    }
                }
            }
            array_end = false;
            font_changed = false;
        }
        match s {
            Shown::ArrayEnd => array_end = true,
            Shown::Text {
                font,
                bytes,
                text: t,
            } => match (fonts.get(font), bytes) {
                (Some(f), Some(b)) => match &mut run {
                    Some((rf, rb)) if std::ptr::eq(*rf, f) => rb.extend_from_slice(b),
                    _ => {
                        flush(&mut text, &mut run);
                        run = Some((f, b.clone()));
                    }
                },
                _ => {
                    flush(&mut text, &mut run);
                    text.push_str(t);
                }
            },
            Shown::Space => match &mut run {
                Some((_, rb)) => rb.push(b' '),
                None => text.push(' '),
            },
            Shown::Line => {
                flush(&mut text, &mut run);
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                array_end = false;
            }
            Shown::Font => font_changed = true,
        }
    }
    flush(&mut text, &mut run);
    text
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
