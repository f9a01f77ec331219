//! PDF: the text layer through lopdf; image-only PDFs go to OCR.
//!
//! Malformed, truncated and encrypted PDFs are reported with a reason. lopdf runs
//! behind `catch_unwind` so a parser panic on a hostile file becomes an error for
//! that file, not a crash of the batch.
//!
//! Limits, all checked before the work they bound: lopdf decodes object and
//! cross-reference streams while loading, each at most [`MAX_LOAD_STREAM_BYTES`],
//! and a file with more than [`MAX_LOAD_STREAMS`] such streams is refused before
//! loading (so a load decodes at most 64 × 4 MB); a loaded file with more than
//! [`MAX_OBJECTS`] objects or [`MAX_PAGES`] pages is refused; each page's content
//! is decoded up to [`MAX_PAGE_CONTENT`]; a page sent to OCR whose MediaBox at
//! [`ocr::DPI`] would exceed [`ocr::MAX_PIXELS`] is refused before rendering.

use super::{ocr, ReadError, ReadText, Source};
use crate::normalize::encoding::{self, LegacyFont};
use std::path::Path;

/// PDFs with more pages than this are refused: no letter is that long, and the
/// bound keeps time and memory per file predictable.
pub const MAX_PAGES: usize = 500;
/// Bound on the decompressed content of one page.
pub const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;
/// Bound on what one object or cross-reference stream may decompress to while
/// the PDF is loaded (lopdf's default is 256 MiB per stream). Such a stream
/// holds object dictionaries, never page content or images: a few kB to a few
/// hundred kB in real files.
pub const MAX_LOAD_STREAM_BYTES: usize = 4 * 1024 * 1024;
/// PDFs declaring more object or cross-reference streams than this are refused
/// before loading (none of the letters seen has any; Word writes a handful).
pub const MAX_LOAD_STREAMS: usize = 64;
/// PDFs with more objects than this are refused (a letter of a few pages has
/// hundreds, a long report with images a few thousand).
pub const MAX_OBJECTS: usize = 200_000;
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
    let layer = std::panic::catch_unwind(|| page_texts(bytes))
        .unwrap_or_else(|_| Err("malformed PDF (the PDF parser gave up)".into()))
        .map_err(invalid)?;
    let (mut texts, legacy_fonts, sizes) = (layer.pages, layer.legacy_fonts, layer.sizes);
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
    // Pages too large to render for OCR: refused when the whole PDF is a scan,
    // left to their (thin) text layer in a mixed PDF.
    let oversized: Vec<(usize, String)> = thin
        .iter()
        .filter_map(|&p| oversized(sizes.get(p - 1).copied().flatten()).map(|why| (p, why)))
        .collect();
    if thin.len() == pages {
        if let Some((p, why)) = oversized.first() {
            return Err(invalid(format!(
                "PDF has no text layer (a scan) and page {p} {why}"
            )));
        }
        // No usable text layer: a scan.
        let ocr = ocr::ocr_pdf(path, pages)?;
        return Ok(ReadText {
            text: ocr.text,
            source: Source::Ocr { engine: ocr.engine },
        });
    }
    // Some pages have text, some are images.
    let thin: Vec<usize> = thin
        .into_iter()
        .filter(|p| !oversized.iter().any(|(q, _)| q == p))
        .collect();
    if thin.is_empty() {
        return Ok(layer(texts));
    }
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
        .map(|l| (l.pages, l.legacy_fonts))
}

/// What [`page_texts`] found in a PDF.
struct Layer {
    /// The text layer of every page.
    pages: Vec<String>,
    /// Legacy fonts whose text was converted.
    legacy_fonts: Vec<String>,
    /// Each page's size in points (MediaBox × UserUnit), when it reads.
    sizes: Vec<Option<(f64, f64)>>,
}

/// Why a page of this size (points) cannot be rendered for OCR, if it cannot.
fn oversized(size: Option<(f64, f64)>) -> Option<String> {
    let (w, h) = size?;
    let px = |pt: f64| (pt / 72.0 * f64::from(ocr::DPI)).ceil();
    let (wp, hp) = (px(w), px(h));
    (wp * hp > ocr::MAX_PIXELS as f64).then(|| {
        format!(
            "is {w:.0}×{h:.0} points: {wp:.0}×{hp:.0} pixels at {} dpi, over the {} Mpx limit for OCR",
            ocr::DPI,
            ocr::MAX_PIXELS / 1_000_000
        )
    })
}

/// A page's MediaBox (inherited from its parents when absent) times its
/// UserUnit: width and height in points. `None` when it does not read.
fn page_size(doc: &lopdf::Document, page: lopdf::ObjectId) -> Option<(f64, f64)> {
    let number = |o: &lopdf::Object| -> Option<f64> {
        let o = doc.dereference(o).ok()?.1;
        match o {
            lopdf::Object::Integer(i) => Some(*i as f64),
            lopdf::Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        }
    };
    let mut dict = doc.get_dictionary(page).ok()?;
    let unit = dict.get(b"UserUnit").ok().and_then(number).unwrap_or(1.0);
    // A bounded walk up the page tree (a loop in Parent links ends here too).
    for _ in 0..32 {
        if let Ok(b) = dict.get(b"MediaBox") {
            let b = doc.dereference(b).ok()?.1.as_array().ok()?;
            let v: Vec<f64> = b.iter().filter_map(number).collect();
            if v.len() != 4 {
                return None;
            }
            return Some(((v[2] - v[0]).abs() * unit, (v[3] - v[1]).abs() * unit));
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// How many object or cross-reference streams a PDF declares: their
/// dictionaries are never compressed, so the raw bytes tell before loading.
fn load_streams(bytes: &[u8]) -> usize {
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    count(b"/ObjStm") + count(b"/XRef")
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
fn page_texts(bytes: &[u8]) -> Result<Layer, String> {
    let streams = load_streams(bytes);
    if streams > MAX_LOAD_STREAMS {
        return Err(format!(
            "PDF declares {streams} object or cross-reference streams, over the \
             {MAX_LOAD_STREAMS} limit for one letter; print it to a new PDF and add that"
        ));
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_LOAD_STREAM_BYTES),
        ..Default::default()
    };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => format!(
            "a compressed stream of the PDF expands beyond the {} MB limit for one \
             stream (a decompression bomb, or a damaged file); print it to a new PDF and add that",
            MAX_LOAD_STREAM_BYTES / (1024 * 1024)
        ),
        e => format!("malformed or truncated PDF ({e})"),
    })?;
    if doc.objects.len() > MAX_OBJECTS {
        return Err(format!(
            "PDF has {} objects, over the {MAX_OBJECTS} limit for one letter",
            doc.objects.len()
        ));
    }
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
    let sizes: Vec<Option<(f64, f64)>> = pages.iter().map(|&(_, id)| page_size(&doc, id)).collect();
    let layer = |pages: Vec<String>, legacy_fonts: Vec<String>| Layer {
        pages,
        legacy_fonts,
        sizes: sizes.clone(),
    };
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
        return Ok(layer(out, Vec::new()));
    }
    let shown: Vec<Vec<Shown>> = pages
        .iter()
        .map(|&(_, id)| shown_text(&doc, id).unwrap_or_default())
        .collect();
    let fonts = legacy_fonts(&shown);
    if fonts.is_empty() {
        return Ok(layer(out, Vec::new()));
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
    Ok(layer(out, names))
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

    /// A one-page PDF showing `line`, its page `media` points wide and high.
    fn pdf(line: &str, media: (i64, i64)) -> Vec<u8> {
        use lopdf::content::{Content, Operation};
        use lopdf::{dictionary, Document, Object, Stream};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(
            dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier"},
        );
        let resources = doc.add_object(dictionary! {"Font" => dictionary! {"F1" => font}});
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![50.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(line)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().unwrap_or_default(),
        ));
        let page = doc.add_object(
            dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => content},
        );
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), media.0.into(), media.1.into()],
            }),
        );
        let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap_or_default();
        out
    }

    #[test]
    fn a_compressed_stream_bomb_is_refused_while_loading() {
        use lopdf::{dictionary, Stream};
        // A cross-reference stream of 40 MB of zeros, deflated to a few kB:
        // lopdf decodes it while loading, and its default bound is 256 MiB.
        let mut bomb = Stream::new(dictionary! {}, vec![0u8; 40 * 1024 * 1024]);
        bomb.compress().expect("deflate");
        assert!(bomb.content.len() < 200_000, "{}", bomb.content.len());
        let mut bytes = b"%PDF-1.5\n".to_vec();
        let at = bytes.len();
        bytes.extend(
            format!(
                "1 0 obj\n<< /Type /XRef /Size 2 /W [1 1 1] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n",
                bomb.content.len()
            )
            .as_bytes(),
        );
        bytes.extend(&bomb.content);
        bytes.extend(format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
        let e = read_pdf(Path::new("bomb.pdf"), &bytes).expect_err("bomb");
        let msg = e.to_string();
        assert!(
            msg.contains("bomb.pdf") && msg.contains("4 MB limit"),
            "{msg}"
        );
        // A letter without a bomb still reads.
        let ok = pdf("Kinh gui cac so ban nganh tinh", (595, 842));
        assert!(read_pdf(Path::new("ok.pdf"), &ok).is_ok());
    }

    #[test]
    fn too_many_object_streams_are_refused_before_loading() {
        let mut bytes = b"%PDF-1.5\n".to_vec();
        for i in 0..=MAX_LOAD_STREAMS {
            bytes.extend(format!("{} 0 obj << /Type /ObjStm /N 0 /First 0 /Length 0 >> stream\nendstream endobj\n", i + 1).as_bytes());
        }
        let e = read_pdf(Path::new("many.pdf"), &bytes).expect_err("many streams");
        assert!(e.to_string().contains("streams"), "{e}");
    }

    #[test]
    fn page_sizes_bound_the_pixels_of_ocr() {
        assert!(oversized(Some((595.0, 842.0))).is_none(), "A4");
        assert!(oversized(Some((1684.0, 2384.0))).is_none(), "A1");
        let why = oversized(Some((14400.0, 14400.0))).expect("200 inches square");
        assert!(why.contains("Mpx"), "{why}");
        let doc = lopdf::Document::load_mem(&pdf("x", (14400, 14400))).expect("load");
        let (_, page) = doc.get_pages().into_iter().next().expect("a page");
        assert_eq!(page_size(&doc, page), Some((14400.0, 14400.0)));
    }
}
