//! Word files (.docx): the text of `word/document.xml`, footnotes and endnotes.
//!
//! Each paragraph becomes one line (table cells too, in reading order); tabs and
//! line breaks are kept; deleted revisions, field codes and the fallback copy of
//! text boxes are skipped. Automatic list numbering is written out ("1.", "a)",
//! "II.") from `word/numbering.xml` (directly or through the paragraph's style in
//! `word/styles.xml`), since letters number their tasks that way.
//! A footnote reference becomes `[footnoteRef:N]` in the text and the note is
//! appended to its paragraph as ` [N:  note text]` — the marker form the
//! normalizer lifts into [`crate::normalize::Note`]s.
//!
//! A .docx is a zip archive, so the reader defends against zip bombs before
//! inflating anything: at most [`MAX_ENTRIES`] entries, a declared total under
//! [`MAX_DECLARED_TOTAL`], no entry over [`MAX_RATIO`]:1 compression; and while
//! inflating, at most [`MAX_PART_BYTES`] per part and [`MAX_TOTAL_BYTES`] in all,
//! counted on the bytes actually produced (declared sizes can lie). Anything over
//! a limit is refused with the reason. The zip parser runs behind `catch_unwind`.

use super::{ReadError, ReadText, Source};
use crate::normalize::encoding::{self, LegacyFont};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// More entries than this is not a letter (a .docx has a few dozen).
pub const MAX_ENTRIES: usize = 5_000;
/// Bound on the inflated size of one XML part we read.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Bound on everything inflated from one file.
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Bound on the sum of the sizes the archive declares for all its entries.
pub const MAX_DECLARED_TOTAL: u64 = 1024 * 1024 * 1024;
/// Text XML compresses about 10:1; 100:1 on an entry over 1 MB is a bomb.
pub const MAX_RATIO: u64 = 100;

/// Read a .docx file already in memory.
pub fn read_docx(path: &Path, bytes: &[u8]) -> Result<ReadText, ReadError> {
    let invalid = |reason: String| ReadError::Invalid {
        path: path.to_path_buf(),
        reason,
    };
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(invalid(
            "password-protected or old Word (.doc) file; save it as .docx without a password"
                .into(),
        ));
    }
    if !bytes.starts_with(b"PK") {
        return Err(invalid("not a .docx file (not a zip archive)".into()));
    }
    let (text, legacy_fonts) = std::panic::catch_unwind(|| docx_text_and_fonts(bytes))
        .unwrap_or_else(|_| Err("malformed .docx (the zip reader gave up)".into()))
        .map_err(invalid)?;
    Ok(ReadText {
        text,
        source: Source::Docx { legacy_fonts },
    })
}

/// The text of a .docx in memory, or why not (for tools and fuzzing).
pub fn docx_text(bytes: &[u8]) -> Result<String, String> {
    docx_text_and_fonts(bytes).map(|(text, _)| text)
}

/// The text of a .docx in memory and the legacy fonts whose runs were
/// converted from TCVN3 or VNI (see [`Fonts`]).
pub fn docx_text_and_fonts(bytes: &[u8]) -> Result<(String, Vec<String>), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a valid .docx (zip) file ({e})"))?;
    check_archive(&mut zip)?;
    let mut budget = MAX_TOTAL_BYTES;
    let document = read_part(&mut zip, "word/document.xml", &mut budget)?
        .ok_or("not a Word document (no word/document.xml inside)")?;
    let mut notes_xml = Vec::new();
    for (part, kind) in [
        ("word/footnotes.xml", "footnote"),
        ("word/endnotes.xml", "endnote"),
    ] {
        if let Some(xml) = read_part(&mut zip, part, &mut budget)? {
            notes_xml.push((xml, kind));
        }
    }
    let mut numbering = match read_part(&mut zip, "word/numbering.xml", &mut budget)? {
        Some(xml) => Numbering::parse(&xml),
        None => Numbering::default(),
    };
    let mut fonts = Fonts::default();
    if let Some(xml) = read_part(&mut zip, "word/styles.xml", &mut budget)? {
        if !numbering.nums.is_empty() {
            numbering.add_styles(&xml);
        }
        fonts.add_styles(&xml);
    }
    // First pass: which fonts hold legacy text (by name, or by the text of all
    // their runs); the notes' runs count too.
    let mut seen: HashMap<Option<String>, (Vec<u8>, String)> = HashMap::new();
    {
        let mut collect = |font: Option<&str>, t: &str, _: &mut Para| {
            let e = seen.entry(font.map(str::to_string)).or_default();
            match encoding::font_bytes_of(t) {
                Some(b) => {
                    e.0.extend_from_slice(&b);
                    e.0.push(b' ');
                }
                None => {
                    e.1.push_str(t);
                    e.1.push(' ');
                }
            }
        };
        for (part, _) in notes_parts(&notes_xml) {
            walk(part, &fonts, &mut collect, |_, _| None, |_| {});
        }
        walk(&document, &fonts, &mut collect, |_, _| None, |_| {});
    }
    fonts.decide(seen);
    let notes = note_map(&notes_xml, &fonts);
    Ok((
        document_text(&document, &notes, &numbering, &fonts),
        fonts.used(),
    ))
}

fn notes_parts<'a>(
    parts: &'a [(String, &'static str)],
) -> impl Iterator<Item = (&'a str, &'static str)> {
    parts.iter().map(|(x, k)| (x.as_str(), *k))
}

fn note_map(
    parts: &[(String, &'static str)],
    fonts: &Fonts,
) -> HashMap<(&'static str, String), String> {
    let mut notes = HashMap::new();
    for (xml, kind) in notes_parts(parts) {
        for (id, text) in note_texts(xml, kind, fonts) {
            notes.insert((kind, id), text);
        }
    }
    notes
}

fn check_archive<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), String> {
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "zip bomb guard: {} entries in the archive, over the {MAX_ENTRIES} limit",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| format!("damaged .docx: entry {i} unreadable ({e})"))?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        if size > 1024 * 1024 && size / packed > MAX_RATIO {
            return Err(format!(
                "zip bomb guard: entry {} expands {}:1 (to {} MB), over the {MAX_RATIO}:1 limit",
                f.name()
                    .map(|n| n.into_owned())
                    .unwrap_or_else(|_| format!("#{i}")),
                size / packed,
                size / (1024 * 1024)
            ));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_DECLARED_TOTAL {
        return Err(format!(
            "zip bomb guard: entries add up to {} MB, over the {} MB limit",
            total / (1024 * 1024),
            MAX_DECLARED_TOTAL / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Inflate one part, counting real output against the limits.
fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, String> {
    let f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot open {name} in the .docx ({e})")),
    };
    let packed = f.compressed_size().max(1);
    let limit = MAX_PART_BYTES.min(*budget);
    let mut buf = Vec::new();
    f.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("damaged .docx: cannot inflate {name} ({e})"))?;
    let got = buf.len() as u64;
    if got > limit {
        return Err(format!(
            "zip bomb guard: {name} inflates past {} MB",
            limit / (1024 * 1024)
        ));
    }
    if got > 1024 * 1024 && got / packed > MAX_RATIO {
        return Err(format!(
            "zip bomb guard: {name} expands {}:1, over the {MAX_RATIO}:1 limit",
            got / packed
        ));
    }
    *budget -= got;
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| format!("damaged .docx: {name} is not UTF-8 XML"))
}

// ---------------------------------------------------------------- XML scanning

/// One piece of an XML stream: a tag or character data.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    /// Tag name (with prefix), its attribute text, start/end/empty.
    Open(&'a str, &'a str),
    Empty(&'a str, &'a str),
    Close(&'a str),
    Text(&'a str),
}

/// A forgiving tokenizer for the WordprocessingML we need: no DTDs, comments
/// and processing instructions are skipped, malformed tags end the stream.
fn pieces(xml: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            let (text, tail) = rest.split_at(end);
            rest = tail;
            return Some(Piece::Text(text));
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        let end = rest.find('>')?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            return Some(Piece::Close(name.trim()));
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let split = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let (name, attrs) = tag.split_at(split);
        return Some(if empty {
            Piece::Empty(name, attrs)
        } else {
            Piece::Open(name, attrs)
        });
    })
}

/// The value of attribute `name` (e.g. "w:id") in a tag's attribute text.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(i) = rest.find(name) {
        let before_ok = i == 0 || rest[..i].ends_with(char::is_whitespace);
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let v = &v[1..];
                    return v.find(q).map(|j| &v[..j]);
                }
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

/// Decode XML character references and the five named entities.
fn unescape(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .or_else(|| ent.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Elements whose content is never shown as text.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "w:delText" | "w:instrText" | "mc:Fallback" | "w:del" | "w:moveFrom" | "w:rPr"
    )
}

/// Paragraph-level state while walking document or note XML.
#[derive(Default)]
struct Para {
    text: String,
    /// Legacy-font bytes not yet decoded: consecutive runs of one legacy font
    /// are decoded together (a word split over two runs keeps its context).
    pending: Option<(LegacyFont, Vec<u8>)>,
    /// Notes referenced in this paragraph: (label, kind, id).
    refs: Vec<(usize, &'static str, String)>,
    /// List numbering: (numId, level).
    num: Option<(String, usize)>,
    /// Paragraph style (its numbering applies when the paragraph has none).
    style: Option<String>,
}

impl Para {
    /// Decode the legacy-font bytes waiting, onto the text.
    fn flush(&mut self) {
        if let Some((f, bytes)) = self.pending.take() {
            self.text.push_str(&encoding::decode_font_run(&bytes, &f));
        }
    }
}

/// Walk WordprocessingML, calling `done` for each finished paragraph. The text
/// of each run goes through `text(font, run text, paragraph text)`, which
/// appends it (converted if its font is a legacy one, see [`Fonts`]).
fn walk(
    xml: &str,
    fonts: &Fonts,
    text: &mut dyn FnMut(Option<&str>, &str, &mut Para),
    mut on_ref: impl FnMut(&'static str, &str) -> Option<usize>,
    mut done: impl FnMut(Para),
) {
    let mut w = Walk::default();
    for p in pieces(xml) {
        match p {
            Piece::Open(name, attrs) | Piece::Empty(name, attrs) => {
                let empty = matches!(p, Piece::Empty(..));
                w.open(name, attrs, empty, &mut on_ref, &mut done);
            }
            Piece::Close(name) => w.close(name, &mut done),
            Piece::Text(t) => w.text(t, fonts, text),
        }
    }
    // Unclosed paragraphs of a truncated part still count.
    while let Some(mut para) = w.stack.pop() {
        para.flush();
        done(para);
    }
}

/// Where [`walk`] is in the XML.
#[derive(Default)]
struct Walk {
    /// Open paragraphs (a table cell's paragraph inside a paragraph…).
    stack: Vec<Para>,
    /// Inside an element from `skipped` (pPr handled apart).
    skip_depth: usize,
    /// Inside a `w:t` (text) element.
    in_text: bool,
    /// Inside a run's `w:rPr`: its own font and character style follow.
    in_rpr: bool,
    run_font: Option<String>,
    run_style: Option<String>,
    /// The current text piece, unescaped (reused buffer).
    piece: String,
    /// Depth inside `w:pPr` (paragraph properties).
    in_ppr: usize,
    /// The paragraph properties read so far: numbering (numId, level), style.
    pending_num: (Option<String>, usize),
    pending_style: Option<String>,
}

impl Walk {
    /// An opening or empty element: a property of the paragraph or run, the
    /// start of skipped content, or content of the text.
    fn open(
        &mut self,
        name: &str,
        attrs: &str,
        empty: bool,
        on_ref: &mut impl FnMut(&'static str, &str) -> Option<usize>,
        done: &mut impl FnMut(Para),
    ) {
        if name == "w:pPr" && !empty {
            self.in_ppr += 1;
            return;
        }
        if self.in_ppr > 0 {
            self.paragraph_property(name, attrs);
            return;
        }
        if name == "w:rPr" && self.skip_depth == 0 && !empty {
            self.in_rpr = true;
        }
        if self.in_rpr {
            match name {
                "w:rFonts" => self.run_font = rfonts(attrs),
                "w:rStyle" => self.run_style = attr(attrs, "w:val").map(str::to_string),
                _ => {}
            }
        }
        if self.skip_depth > 0 || skipped(name) {
            if !empty {
                self.skip_depth += 1;
            }
            return;
        }
        match name {
            "w:r" => {
                self.run_font = None;
                self.run_style = None;
            }
            "w:p" => {
                if empty {
                    done(Para::default());
                } else {
                    self.stack.push(Para::default());
                }
            }
            "w:t" if !empty => self.in_text = true,
            "w:tab" | "w:ptab" => push(&mut self.stack, "\t"),
            "w:br" | "w:cr" => push(&mut self.stack, "\n"),
            "w:noBreakHyphen" => push(&mut self.stack, "-"),
            "w:footnoteReference" | "w:endnoteReference" => {
                self.note_reference(name, attrs, on_ref)
            }
            _ => {}
        }
    }

    /// An element inside `w:pPr`: numbering lives in the paragraph properties.
    fn paragraph_property(&mut self, name: &str, attrs: &str) {
        match name {
            "w:ilvl" => {
                self.pending_num.1 = attr(attrs, "w:val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0)
            }
            "w:numId" => self.pending_num.0 = attr(attrs, "w:val").map(str::to_string),
            "w:pStyle" => self.pending_style = attr(attrs, "w:val").map(str::to_string),
            _ => {}
        }
    }

    /// A footnote or endnote reference: its label goes into the text as
    /// `[footnoteRef:N]` and the paragraph remembers the note.
    fn note_reference(
        &mut self,
        name: &str,
        attrs: &str,
        on_ref: &mut impl FnMut(&'static str, &str) -> Option<usize>,
    ) {
        let kind = if name == "w:footnoteReference" {
            "footnote"
        } else {
            "endnote"
        };
        if let Some(id) = attr(attrs, "w:id") {
            if let Some(label) = on_ref(kind, id) {
                push(&mut self.stack, &format!("[footnoteRef:{label}]"));
                if let Some(top) = self.stack.last_mut() {
                    top.refs.push((label, kind, id.to_string()));
                }
            }
        }
    }

    /// A closing element: the end of the paragraph properties (they go onto
    /// the open paragraph), of skipped content, of a text element, or of a
    /// paragraph (handed to `done`).
    fn close(&mut self, name: &str, done: &mut impl FnMut(Para)) {
        if name == "w:pPr" && self.in_ppr > 0 {
            self.in_ppr -= 1;
            if self.in_ppr == 0 {
                if let Some(top) = self.stack.last_mut() {
                    top.num = self.pending_num.0.take().map(|id| (id, self.pending_num.1));
                    top.style = self.pending_style.take();
                }
                self.pending_num = (None, 0);
                self.pending_style = None;
            }
            return;
        }
        if self.in_ppr > 0 {
            return;
        }
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            if name == "w:rPr" && self.skip_depth == 0 {
                self.in_rpr = false;
            }
            return;
        }
        match name {
            "w:t" => self.in_text = false,
            "w:p" => {
                if let Some(mut para) = self.stack.pop() {
                    para.flush();
                    done(para);
                }
            }
            _ => {}
        }
    }

    /// Text between tags: inside a `w:t`, unescaped and handed to `text`
    /// with the font the run is shown in.
    fn text(
        &mut self,
        t: &str,
        fonts: &Fonts,
        text: &mut dyn FnMut(Option<&str>, &str, &mut Para),
    ) {
        if self.in_text && self.skip_depth == 0 {
            if let Some(top) = self.stack.last_mut() {
                self.piece.clear();
                unescape(t, &mut self.piece);
                let font = fonts.resolve(
                    self.run_font.as_deref(),
                    self.run_style.as_deref(),
                    top.style.as_deref(),
                );
                text(font, &self.piece, top);
            }
        }
    }
}

fn push(stack: &mut [Para], s: &str) {
    if let Some(top) = stack.last_mut() {
        top.flush();
        top.text.push_str(s);
    }
}

/// Note id → text, for `w:footnote`/`w:endnote` elements (separators skipped).
fn note_texts(xml: &str, kind: &str, fonts: &Fonts) -> HashMap<String, String> {
    let tag = if kind == "footnote" {
        "w:footnote"
    } else {
        "w:endnote"
    };
    let mut out = HashMap::new();
    let mut rest = xml;
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    while let Some(i) = rest.find(&open) {
        let body = &rest[i..];
        let end = body.find(&close).map_or(body.len(), |e| e + close.len());
        let (one, tail) = body.split_at(end);
        rest = tail;
        let head_end = one.find('>').unwrap_or(one.len());
        let attrs = &one[open.len() - 1..head_end];
        if attr(attrs, "w:type").is_some_and(|t| t != "normal") {
            continue; // separator, continuationSeparator
        }
        let Some(id) = attr(attrs, "w:id") else {
            continue;
        };
        let mut paras = Vec::new();
        walk(
            one,
            fonts,
            &mut |f, t, para| fonts.convert(f, t, para),
            |_, _| None,
            |p| paras.push(p.text.trim().to_string()),
        );
        let text = paras
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        out.insert(id.to_string(), text);
    }
    out
}

/// The document's lines with list numbers and note markers.
fn document_text(
    xml: &str,
    notes: &HashMap<(&'static str, String), String>,
    numbering: &Numbering,
    fonts: &Fonts,
) -> String {
    let mut counters = numbering.counters();
    let mut lines = Vec::new();
    let mut next_label = 0usize;
    walk(
        xml,
        fonts,
        &mut |f, t, para| fonts.convert(f, t, para),
        |kind, id| {
            notes.contains_key(&(kind, id.to_string())).then(|| {
                next_label += 1;
                next_label
            })
        },
        |para| {
            let mut line = String::new();
            let num = para
                .num
                .as_ref()
                .or_else(|| para.style.as_ref().and_then(|s| numbering.styles.get(s)));
            if let Some((id, level)) = num {
                if let Some(label) = counters.next(numbering, id, *level) {
                    line.push_str(&label);
                    line.push(' ');
                }
            }
            line.push_str(&para.text);
            for (label, kind, id) in &para.refs {
                if let Some(t) = notes.get(&(*kind, id.clone())) {
                    line.push_str(&format!(" [{label}:  {t}]"));
                }
            }
            lines.push(line);
        },
    );
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

// ---------------------------------------------------------------- fonts

/// The font an `w:rFonts` element names for Latin text: `w:hAnsi` (the font of
/// letters past ASCII, where legacy text has its marks), else `w:ascii`; a theme
/// font is named "+theme" (never a legacy font). `None`: inherited.
fn rfonts(attrs: &str) -> Option<String> {
    if attr(attrs, "w:hAnsiTheme").is_some() || attr(attrs, "w:asciiTheme").is_some() {
        return Some("+theme".into());
    }
    attr(attrs, "w:hAnsi")
        .or_else(|| attr(attrs, "w:ascii"))
        .map(str::to_string)
}

/// Fonts of a Word file and which of them hold legacy Vietnamese text.
///
/// Old templates typed in `.VnTime`/`.VnTimeH` (TCVN3) or `VNI-Times` (VNI) keep
/// the font's byte codes as Windows-1252 characters ("KÕ ho¹ch"). A run's font
/// is its own `w:rFonts`, else its character style's, its paragraph style's
/// (following `w:basedOn`), the default paragraph style's, the document
/// defaults'. A legacy-named font's runs are decoded; other fonts are judged
/// from all their runs' text ([`encoding::detect_font_encoding`]). Runs holding
/// characters past those codes (real Unicode) are left as they are.
#[derive(Default)]
struct Fonts {
    /// styleId → (basedOn, font).
    styles: HashMap<String, (Option<String>, Option<String>)>,
    default_para: Option<String>,
    defaults: Option<String>,
    /// Font name (`None`: no font named anywhere) → its legacy encoding.
    legacy: HashMap<Option<String>, LegacyFont>,
}

impl Fonts {
    fn add_styles(&mut self, xml: &str) {
        let mut style: Option<String> = None;
        let mut in_defaults = false;
        let mut skip = 0usize; // inside w:tblStylePr or w:pPr (their fonts do not apply)
        for p in pieces(xml) {
            match p {
                Piece::Open(name, attrs) | Piece::Empty(name, attrs) => {
                    let empty = matches!(p, Piece::Empty(..));
                    match name {
                        "w:tblStylePr" if !empty => skip += 1,
                        "w:rPrDefault" if !empty => in_defaults = true,
                        "w:style" => {
                            let id = attr(attrs, "w:styleId").map(str::to_string);
                            if attr(attrs, "w:default") == Some("1")
                                && attr(attrs, "w:type") == Some("paragraph")
                            {
                                self.default_para = id.clone();
                            }
                            if let Some(id) = &id {
                                self.styles.insert(id.clone(), (None, None));
                            }
                            style = id;
                        }
                        "w:basedOn" if skip == 0 => {
                            if let Some(s) = style.as_ref().and_then(|s| self.styles.get_mut(s)) {
                                s.0 = attr(attrs, "w:val").map(str::to_string);
                            }
                        }
                        "w:rFonts" if skip == 0 => {
                            let f = rfonts(attrs);
                            if in_defaults {
                                self.defaults = f.or(self.defaults.take());
                            } else if let Some(s) =
                                style.as_ref().and_then(|s| self.styles.get_mut(s))
                            {
                                s.1 = f.or(s.1.take());
                            }
                        }
                        _ => {}
                    }
                }
                Piece::Close(name) => match name {
                    "w:tblStylePr" => skip = skip.saturating_sub(1),
                    "w:rPrDefault" => in_defaults = false,
                    "w:style" => style = None,
                    _ => {}
                },
                Piece::Text(_) => {}
            }
        }
    }

    /// A style's font, through its `w:basedOn` chain.
    fn style_font<'a>(&'a self, id: &str) -> Option<&'a str> {
        let mut id = self.styles.get_key_value(id)?.0.as_str();
        for _ in 0..16 {
            let (based, font) = self.styles.get(id)?;
            if let Some(f) = font {
                return Some(f);
            }
            id = based.as_deref()?;
        }
        None
    }

    /// The font a run is shown in.
    fn resolve<'a>(
        &'a self,
        run: Option<&'a str>,
        run_style: Option<&str>,
        para_style: Option<&str>,
    ) -> Option<&'a str> {
        run.or_else(|| run_style.and_then(|s| self.style_font(s)))
            .or_else(|| {
                para_style
                    .or(self.default_para.as_deref())
                    .and_then(|s| self.style_font(s))
            })
            .or(self.defaults.as_deref())
    }

    /// Settle which fonts hold legacy text, from each font's name and the
    /// text of its runs: (single-byte codes, real Unicode) as
    /// [`encoding::font_encoding`] takes them.
    fn decide(&mut self, seen: HashMap<Option<String>, (Vec<u8>, String)>) {
        for (font, (bytes, unicode)) in seen {
            if let Some(f) = encoding::font_encoding(font.as_deref(), &bytes, &unicode) {
                self.legacy.insert(font, f);
            }
        }
    }

    /// Append a run's text to its paragraph, decoded when its font holds
    /// legacy text (with the paragraph's other runs in that font next to it).
    fn convert(&self, font: Option<&str>, text: &str, para: &mut Para) {
        if !self.legacy.is_empty() {
            if let Some(f) = self.legacy.get(&font.map(str::to_string)) {
                if let Some(bytes) = encoding::font_bytes_of(text) {
                    match &mut para.pending {
                        Some((pf, pb)) if pf == f => pb.extend_from_slice(&bytes),
                        _ => {
                            para.flush();
                            para.pending = Some((f.clone(), bytes));
                        }
                    }
                    return;
                }
            }
        }
        para.flush();
        para.text.push_str(text);
    }

    /// The legacy fonts found, sorted.
    fn used(&self) -> Vec<String> {
        let mut v: Vec<String> = self.legacy.values().map(|f| f.family.clone()).collect();
        v.sort();
        v.dedup();
        v
    }
}

// ---------------------------------------------------------------- numbering

/// One list level: number format and label template ("%1.", "%2)").
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// `word/numbering.xml`: numId → abstract list → levels.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, String>,
    /// Paragraph styles that carry numbering (`word/styles.xml`): styleId → (numId, level).
    styles: HashMap<String, (String, usize)>,
}

impl Numbering {
    /// Add the numbering that paragraph styles carry ("Heading 1" numbered "I.", …).
    fn add_styles(&mut self, xml: &str) {
        let mut style: Option<String> = None;
        let (mut num, mut level): (Option<String>, usize) = (None, 0);
        for p in pieces(xml) {
            match p {
                Piece::Open(name, attrs) | Piece::Empty(name, attrs) => match name {
                    "w:style" => {
                        style = attr(attrs, "w:styleId").map(str::to_string);
                        (num, level) = (None, 0);
                    }
                    "w:numId" => num = attr(attrs, "w:val").map(str::to_string),
                    "w:ilvl" => {
                        level = attr(attrs, "w:val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0)
                    }
                    _ => {}
                },
                Piece::Close("w:style") => {
                    if let (Some(s), Some(n)) = (style.take(), num.take()) {
                        self.styles.insert(s, (n, level));
                    }
                }
                _ => {}
            }
        }
    }

    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut abs: Option<String> = None;
        let mut num: Option<String> = None;
        let mut level: Option<usize> = None;
        for p in pieces(xml) {
            match p {
                Piece::Open(name, attrs) | Piece::Empty(name, attrs) => match name {
                    "w:abstractNum" => abs = attr(attrs, "w:abstractNumId").map(str::to_string),
                    "w:num" => num = attr(attrs, "w:numId").map(str::to_string),
                    "w:abstractNumId" => {
                        if let (Some(id), Some(a)) = (&num, attr(attrs, "w:val")) {
                            n.nums.insert(id.clone(), a.to_string());
                        }
                    }
                    "w:lvl" => {
                        level = attr(attrs, "w:ilvl")
                            .and_then(|v| v.parse().ok())
                            .filter(|&l: &usize| l < 9)
                    }
                    "w:start" | "w:numFmt" | "w:lvlText" => {
                        let (Some(a), Some(l), Some(v)) = (&abs, level, attr(attrs, "w:val"))
                        else {
                            continue;
                        };
                        let levels = n.abstracts.entry(a.clone()).or_default();
                        if levels.len() <= l {
                            levels.resize(
                                l + 1,
                                Level {
                                    start: 1,
                                    ..Level::default()
                                },
                            );
                        }
                        let lv = &mut levels[l];
                        match name {
                            "w:start" => lv.start = v.parse().unwrap_or(1).min(100_000),
                            "w:numFmt" => lv.format = v.to_string(),
                            _ => {
                                let mut t = String::new();
                                unescape(v, &mut t);
                                lv.text = t;
                            }
                        }
                    }
                    _ => {}
                },
                Piece::Close(name) => match name {
                    "w:abstractNum" => abs = None,
                    "w:num" => num = None,
                    "w:lvl" => level = None,
                    _ => {}
                },
                Piece::Text(_) => {}
            }
        }
        n
    }

    fn levels(&self, num_id: &str) -> Option<(&String, &Vec<Level>)> {
        let abs = self.nums.get(num_id)?;
        Some((abs, self.abstracts.get(abs)?))
    }

    fn counters(&self) -> Counters {
        Counters::default()
    }
}

/// Running list counters, per abstract list and level.
#[derive(Default)]
struct Counters {
    values: HashMap<String, [u32; 9]>,
}

impl Counters {
    /// The label of the next paragraph in list `num_id` at `level`, e.g. "1.", "a)".
    fn next(&mut self, numbering: &Numbering, num_id: &str, level: usize) -> Option<String> {
        let (abs, levels) = numbering.levels(num_id)?;
        let lv = levels.get(level)?;
        if level >= 9 || lv.format == "none" {
            return None;
        }
        let vals = self.values.entry(abs.clone()).or_insert([0; 9]);
        vals[level] = if vals[level] == 0 {
            lv.start.max(1)
        } else {
            vals[level].saturating_add(1)
        };
        for v in vals.iter_mut().skip(level + 1) {
            *v = 0;
        }
        if lv.format == "bullet" {
            return Some("-".into());
        }
        let mut label = lv.text.clone();
        for (k, &v) in vals.iter().enumerate().take(level + 1) {
            let at = levels.get(k);
            let fmt = at.map(|l| l.format.as_str()).unwrap_or("decimal");
            let n = if v == 0 {
                at.map_or(1, |l| l.start.max(1))
            } else {
                v
            };
            label = label.replace(&format!("%{}", k + 1), &format_number(n, fmt));
        }
        (!label.trim().is_empty()).then_some(label)
    }
}

/// A list number in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn letters(n: u32) -> String {
    // Vietnamese letters use a, b, c … (Word uses the Latin alphabet, repeating: aa, bb).
    let n = n.clamp(1, 26 * 10) - 1;
    let c = char::from(b'A' + (n % 26) as u8);
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    n = n.min(3999);
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_and_entities() {
        let v: Vec<_> = pieces("<a x=\"1\"><b/>t&amp;x</a><!-- c -->").collect();
        assert_eq!(
            v,
            vec![
                Piece::Open("a", " x=\"1\""),
                Piece::Empty("b", ""),
                Piece::Text("t&amp;x"),
                Piece::Close("a"),
            ]
        );
        let mut s = String::new();
        unescape("a &lt; b &#7871; &#x1EC7; &bogus; &", &mut s);
        assert_eq!(s, "a < b ế ệ &bogus; &");
        assert_eq!(
            attr(" w:id=\"3\" w:type='normal'", "w:type"),
            Some("normal")
        );
        assert_eq!(attr(" xw:id=\"3\"", "w:id"), None);
    }

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "lowerLetter"), "b");
        assert_eq!(format_number(27, "lowerLetter"), "aa");
        assert_eq!(format_number(12, "decimal"), "12");
    }

    #[test]
    fn paragraphs_tables_and_skipped_content() {
        let xml = r#"<w:document><w:body>
            <w:p><w:r><w:t>Kính gửi:</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Sở Tài chính</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>ỦY BAN</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>CỘNG HÒA</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:del><w:r><w:delText>cũ</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t>mới</w:t></w:r></w:p>
            <w:p/>
        </w:body></w:document>"#;
        let t = document_text(
            xml,
            &HashMap::new(),
            &Numbering::default(),
            &Fonts::default(),
        );
        assert_eq!(t, "Kính gửi:\tSở Tài chính\nỦY BAN\nCỘNG HÒA\nmới\n\n");
    }
}

#[cfg(test)]
mod legacy_tests {
    use super::*;

    #[test]
    fn legacy_runs_are_decoded_together_and_styles_give_fonts() {
        let styles = r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Tieude"><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Uni"><w:rPr><w:rFonts w:asciiTheme="minorHAnsi"/></w:rPr></w:style></w:styles>"#;
        let mut fonts = Fonts::default();
        fonts.add_styles(styles);
        let vn = |n: &str| Some(n.to_string());
        fonts.decide(HashMap::from([
            (vn(".VnTime"), Default::default()),
            (vn(".VnTimeH"), Default::default()),
            (vn("+theme"), Default::default()),
        ]));
        // "PCN Đào" split over two runs stays "Đào" (decoded with its context);
        // the title style inherits .VnTimeH; a theme-font paragraph is Unicode.
        let xml = r#"<w:document><w:body>
            <w:p><w:r><w:t xml:space="preserve">PCN §µ</w:t></w:r><w:r><w:t xml:space="preserve">o Quang Vinh</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Tieude"/></w:pPr><w:r><w:t>kÕ ho¹ch</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Uni"/></w:pPr><w:r><w:t>Kế hoạch ¹</w:t></w:r></w:p>
        </w:body></w:document>"#;
        let t = document_text(xml, &HashMap::new(), &Numbering::default(), &fonts);
        assert_eq!(t, "PCN Đào Quang Vinh\nKẾ HOẠCH\nKế hoạch ¹\n");
        assert_eq!(fonts.used(), vec![".VnTime", ".VnTimeH"]);
    }
}
