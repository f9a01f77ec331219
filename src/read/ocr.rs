//! Scans: OCR of images and image-only PDFs through the Tesseract program.
//!
//! Images (.png .jpg .jpeg .tif .tiff) go to `tesseract` directly. Image-only PDFs
//! are rendered one page at a time with poppler's `pdftoppm -r 300 -gray` into a
//! private temporary folder, each page OCR'd and deleted before the next, so disk
//! use is one page (≈ 9 MB) and pages come out in order.
//!
//! The Vietnamese model (`vie`) is used when installed; without it the English
//! model still gives the letters without diacritics, which the repair stage
//! restores, and the engine name in [`crate::read::Source::Ocr`] says so.
//!
//! Bounds: at most [`MAX_OCR_PAGES`] pages per PDF; every child process is killed
//! after [`PAGE_TIMEOUT`] (per page) and a file's OCR stops after [`FILE_TIMEOUT`]; images over [`MAX_PIXELS`] are refused
//! before Tesseract sees them (PNG/JPEG headers); the temporary folder is removed
//! on every path out, errors and panics included. Tesseract runs single-threaded
//! (`OMP_THREAD_LIMIT=1`) because ingest already reads files in parallel.
//!
//! The programs are found on `PATH`, or at `CONGVAN_TESSERACT` / `CONGVAN_PDFTOPPM`.

use super::ocr_lines::{join_carried, pages_from_tsv, Page};
use super::ReadError;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Scanned PDFs with more pages than this are refused (a letter is a few pages;
/// each page costs seconds of OCR).
pub const MAX_OCR_PAGES: usize = 60;
/// A rendering or OCR child process running longer than this is killed.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(180);
/// OCR of one file stops (and the file is reported) once it has taken this long.
pub const FILE_TIMEOUT: Duration = Duration::from_secs(20 * 60);
/// Images larger than this many pixels are refused (A4 at 600 dpi is 35 Mpx).
pub const MAX_PIXELS: u64 = 120_000_000;
/// Resolution pages are rendered at for OCR.
pub const DPI: u32 = 300;

/// The command that installs what OCR needs (Debian/Ubuntu).
pub const INSTALL_HINT: &str = "sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils";

/// Text recognised in a scan and the engine that did it ("tesseract 5.3.0 vie").
#[derive(Debug, Clone, PartialEq)]
pub struct Ocr {
    pub text: String,
    pub engine: String,
}

/// Where the OCR programs are.
#[derive(Debug, Clone)]
pub struct Tools {
    pub tesseract: PathBuf,
    pub pdftoppm: PathBuf,
}

impl Tools {
    /// `tesseract`/`pdftoppm` on PATH, unless `CONGVAN_TESSERACT`/`CONGVAN_PDFTOPPM` say otherwise.
    pub fn from_env() -> Tools {
        let var = |k: &str, d: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(d))
        };
        Tools {
            tesseract: var("CONGVAN_TESSERACT", "tesseract"),
            pdftoppm: var("CONGVAN_PDFTOPPM", "pdftoppm"),
        }
    }
}

/// The installed Tesseract: version and the language option to use.
#[derive(Debug, Clone)]
struct Engine {
    version: String,
    langs: String,
}

impl Engine {
    fn label(&self) -> String {
        if self.langs.contains("vie") {
            format!("tesseract {} {}", self.version, self.langs)
        } else {
            format!(
                "tesseract {} {} (no Vietnamese model; install tesseract-ocr-vie)",
                self.version, self.langs
            )
        }
    }
}

/// OCR an image file.
pub fn ocr_image(path: &Path) -> Result<Ocr, ReadError> {
    ocr_image_with(&Tools::from_env(), path)
}

/// OCR an image-only PDF of `pages` pages.
pub fn ocr_pdf(path: &Path, pages: usize) -> Result<Ocr, ReadError> {
    ocr_pdf_with(&Tools::from_env(), path, pages)
}

/// [`ocr_image`] with given program locations.
pub fn ocr_image_with(tools: &Tools, path: &Path) -> Result<Ocr, ReadError> {
    let engine = engine(tools, path, "scanned image")?;
    check_pixels(path)?;
    let tmp = TempDir::new(path)?;
    let tiff = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tif") || e.eq_ignore_ascii_case("tiff"));
    // A multi-page TIFF is one Tesseract run: allow it a few pages' time.
    let timeout = if tiff { PAGE_TIMEOUT * 4 } else { PAGE_TIMEOUT };
    let pages = tesseract(tools, &engine, path, &tmp, "image", timeout, false)?;
    Ok(Ocr {
        text: join_carried(pages).join("\n\n").trim_end().to_string(),
        engine: engine.label(),
    })
}

/// [`ocr_pdf`] with given program locations.
pub fn ocr_pdf_with(tools: &Tools, path: &Path, pages: usize) -> Result<Ocr, ReadError> {
    if pages == 0 {
        return Err(invalid(path, "PDF has no pages".into()));
    }
    let all: Vec<usize> = (1..=pages).collect();
    let done = ocr_pdf_pages_with(tools, path, &all)?;
    let text = done
        .pages
        .iter()
        .filter(|t| !t.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Ocr {
        text,
        engine: done.engine,
    })
}

/// Text of some pages of a PDF, in the order asked, and the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrPages {
    pub pages: Vec<String>,
    pub engine: String,
}

/// OCR the given pages (1-based) of a PDF, one at a time.
pub fn ocr_pdf_pages(path: &Path, pages: &[usize]) -> Result<OcrPages, ReadError> {
    ocr_pdf_pages_with(&Tools::from_env(), path, pages)
}

/// [`ocr_pdf_pages`] with given program locations.
pub fn ocr_pdf_pages_with(
    tools: &Tools,
    path: &Path,
    pages: &[usize],
) -> Result<OcrPages, ReadError> {
    let what = "PDF has no text layer (a scan)";
    let engine = engine(tools, path, what)?;
    if pages.len() > MAX_OCR_PAGES {
        return Err(invalid(
            path,
            format!(
                "{what} of {} pages, over the {MAX_OCR_PAGES}-page OCR limit for one letter",
                pages.len()
            ),
        ));
    }
    probe(&tools.pdftoppm, &["-v"]).map_err(|why| ReadError::ToolMissing {
        path: path.to_path_buf(),
        reason: format!(
            "{what}: cannot render pages for OCR: {why}; install it with: {INSTALL_HINT}"
        ),
    })?;
    let tmp = TempDir::new(path)?;
    let mut out = Vec::with_capacity(pages.len());
    let start = Instant::now();
    for &page in pages {
        if start.elapsed() > FILE_TIMEOUT {
            return Err(invalid(
                path,
                format!(
                    "OCR stopped at page {page}: over the {}-minute limit for one file",
                    FILE_TIMEOUT.as_secs() / 60
                ),
            ));
        }
        let stem = tmp.path.join(format!("p{page}"));
        let n = page.to_string();
        let mut cmd = Command::new(&tools.pdftoppm);
        cmd.args([
            "-r",
            &DPI.to_string(),
            "-gray",
            "-f",
            &n,
            "-l",
            &n,
            "-singlefile",
        ])
        .arg(path)
        .arg(&stem);
        run(cmd, PAGE_TIMEOUT).map_err(|why| {
            invalid(
                path,
                format!("cannot render page {page} of the scan for OCR: {why}"),
            )
        })?;
        let image = stem.with_extension("pgm");
        let page_text = tesseract(
            tools,
            &engine,
            &image,
            &tmp,
            &format!("page {page}"),
            PAGE_TIMEOUT,
            !out.is_empty(),
        )?;
        let _ = std::fs::remove_file(&image);
        // An empty page still counts: the list stays one entry per page.
        out.push(page_text.into_iter().next().unwrap_or_default());
    }
    Ok(OcrPages {
        pages: join_carried(out),
        engine: engine.label(),
    })
}

fn invalid(path: &Path, reason: String) -> ReadError {
    ReadError::Invalid {
        path: path.to_path_buf(),
        reason,
    }
}

/// The installed Tesseract (looked up once per program path), or ToolMissing.
fn engine(tools: &Tools, path: &Path, what: &str) -> Result<Engine, ReadError> {
    type Found = (PathBuf, Result<Engine, String>);
    static CACHE: OnceLock<std::sync::Mutex<Vec<Found>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let found = {
        let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
        match c.iter().find(|(p, _)| *p == tools.tesseract) {
            Some((_, r)) => r.clone(),
            None => {
                let r = find_engine(&tools.tesseract);
                c.push((tools.tesseract.clone(), r.clone()));
                r
            }
        }
    };
    found.map_err(|why| ReadError::ToolMissing {
        path: path.to_path_buf(),
        reason: format!("{what}: OCR needs Tesseract ({why}); install it with: {INSTALL_HINT}"),
    })
}

fn find_engine(tesseract: &Path) -> Result<Engine, String> {
    let version = probe(tesseract, &["--version"])?;
    let version = version
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("?")
        .to_string();
    let langs = probe(tesseract, &["--list-langs"])?;
    let has = |l: &str| langs.lines().any(|x| x.trim() == l);
    let langs = if has("vie") {
        "vie"
    } else if has("eng") {
        "eng"
    } else {
        return Err("no Vietnamese (vie) or English (eng) model installed".into());
    };
    Ok(Engine {
        version,
        langs: langs.to_string(),
    })
}

/// Run `program args` briefly and return what it printed (stdout + stderr).
fn probe(program: &Path, args: &[&str]) -> Result<String, String> {
    let mut cmd = Command::new(program);
    cmd.args(args);
    let out = run(cmd, Duration::from_secs(30))?;
    Ok(out)
}

/// OCR one image with Tesseract into the temp folder; returns its pages'
/// text, read from the word boxes (`tsv`) so words a scan wrapped onto a line
/// of their own go back to their sentence ([`super::ocr_lines`]).
/// `continues`: the image follows pages already read.
fn tesseract(
    tools: &Tools,
    engine: &Engine,
    image: &Path,
    tmp: &TempDir,
    what: &str,
    timeout: Duration,
    continues: bool,
) -> Result<Vec<Page>, ReadError> {
    let base = tmp.path.join("out");
    let mut cmd = Command::new(&tools.tesseract);
    cmd.arg(image)
        .arg(&base)
        .args(["-l", &engine.langs])
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1");
    run(cmd, timeout)
        .map_err(|why| invalid(&tmp.source, format!("OCR of the {what} failed: {why}")))?;
    let tsv = base.with_extension("tsv");
    let bytes = std::fs::read(&tsv).map_err(|e| {
        invalid(
            &tmp.source,
            format!("OCR of the {what} gave no output ({e})"),
        )
    })?;
    let _ = std::fs::remove_file(&tsv);
    Ok(pages_from_tsv(&String::from_utf8_lossy(&bytes), continues))
}

/// Run a child to completion within `timeout`, killing it past that. Output goes
/// to a temporary file, not a pipe, so a chatty child never blocks.
fn run(mut cmd: Command, timeout: Duration) -> Result<String, String> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    // A new file of a random name, created exclusively: nothing planted in the
    // temporary folder (a symlink to someone's file) is opened or overwritten.
    let log = tempfile::Builder::new()
        .prefix("congvan-")
        .suffix(".log")
        .tempfile()
        .map_err(|e| format!("cannot create a temporary file ({e})"))?;
    let (out, err) = match log
        .as_file()
        .try_clone()
        .and_then(|f| Ok((f.try_clone()?, f)))
    {
        Ok(pair) => pair,
        Err(e) => return Err(format!("cannot create a temporary file ({e})")),
    };
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("`{name}` is not installed"),
            _ => format!("cannot start `{name}` ({e})"),
        })?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`{name}` took over {} s and was stopped",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("lost `{name}` ({e})"));
            }
        }
    };
    let printed = std::fs::read(log.path())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    if status.success() {
        Ok(printed)
    } else {
        let last = printed
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        Err(format!("`{name}` failed ({status}): {}", last.trim()))
    }
}

/// A private temporary folder (random name, mode 0700), removed with everything
/// in it when dropped.
struct TempDir {
    path: PathBuf,
    /// Removes the folder on drop.
    _dir: tempfile::TempDir,
    /// The file being OCR'd, for error messages.
    source: PathBuf,
}

impl TempDir {
    fn new(source: &Path) -> Result<TempDir, ReadError> {
        let dir = tempfile::Builder::new()
            .prefix("congvan-ocr-")
            .tempdir()
            .map_err(|e| {
                invalid(
                    source,
                    format!(
                        "cannot create a temporary folder for OCR in {} ({e}); set TMPDIR to a writable folder",
                        std::env::temp_dir().display()
                    ),
                )
            })?;
        Ok(TempDir {
            path: dir.path().to_path_buf(),
            _dir: dir,
            source: source.to_path_buf(),
        })
    }
}

/// Refuse images whose header announces more than [`MAX_PIXELS`] (a decompression
/// bomb would make Tesseract allocate gigabytes). PNG and JPEG headers are read,
/// and every page of a TIFF (its directories may lie anywhere in the file, which
/// is read whole, up to [`super::MAX_FILE_BYTES`]); other formats rely on the
/// timeout.
fn check_pixels(path: &Path) -> Result<(), ReadError> {
    use std::io::Read;
    let mut head = Vec::new();
    let f = std::fs::File::open(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let _ = f.take(super::MAX_FILE_BYTES).read_to_end(&mut head);
    if let Some(pages) = tiff_sizes(&head) {
        for (i, &(w, h)) in pages.iter().enumerate() {
            if u64::from(w) * u64::from(h) > MAX_PIXELS {
                return Err(invalid(
                    path,
                    format!(
                        "TIFF page {} is {w}×{h} pixels, over the {} Mpx limit for OCR",
                        i + 1,
                        MAX_PIXELS / 1_000_000
                    ),
                ));
            }
        }
        if pages.len() > MAX_OCR_PAGES {
            return Err(invalid(
                path,
                format!(
                    "TIFF of {} pages, over the {MAX_OCR_PAGES}-page OCR limit for one letter",
                    pages.len()
                ),
            ));
        }
        return Ok(());
    }
    match image_size(&head) {
        Some((w, h)) if u64::from(w) * u64::from(h) > MAX_PIXELS => Err(invalid(
            path,
            format!(
                "image is {w}×{h} pixels, over the {} Mpx limit for OCR",
                MAX_PIXELS / 1_000_000
            ),
        )),
        Some((0, _)) | Some((_, 0)) => Err(invalid(path, "image has no pixels".into())),
        _ => Ok(()),
    }
}

/// Width and height of every page (image file directory) of a TIFF; `None`
/// when the bytes are not a TIFF. A page whose size does not read counts as
/// 0×0; the walk stops at a loop, a bad offset or [`MAX_OCR_PAGES`] + 1 pages.
fn tiff_sizes(b: &[u8]) -> Option<Vec<(u32, u32)>> {
    let little = if b.starts_with(b"II*\0") {
        true
    } else if b.starts_with(b"MM\0*") {
        false
    } else {
        return None;
    };
    let u16_at = |i: usize| -> Option<u32> {
        let x: [u8; 2] = b.get(i..i + 2)?.try_into().ok()?;
        Some(u32::from(if little {
            u16::from_le_bytes(x)
        } else {
            u16::from_be_bytes(x)
        }))
    };
    let u32_at = |i: usize| -> Option<u32> {
        let x: [u8; 4] = b.get(i..i + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(x)
        } else {
            u32::from_be_bytes(x)
        })
    };
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut ifd = u32_at(4).unwrap_or(0) as usize;
    while ifd != 0 && seen.insert(ifd) && pages.len() <= MAX_OCR_PAGES {
        let Some(n) = u16_at(ifd) else { break };
        let (mut w, mut h) = (0, 0);
        for k in 0..n as usize {
            let e = ifd + 2 + 12 * k;
            let (Some(tag), Some(kind)) = (u16_at(e), u16_at(e + 2)) else {
                break;
            };
            // SHORT (3) or LONG (4), one value, stored in the entry itself.
            let value = match kind {
                3 => u16_at(e + 8),
                4 => u32_at(e + 8),
                _ => None,
            };
            match (tag, value) {
                (256, Some(v)) => w = v,
                (257, Some(v)) => h = v,
                _ => {}
            }
        }
        pages.push((w, h));
        ifd = u32_at(ifd + 2 + 12 * n as usize).unwrap_or(0) as usize;
    }
    Some(pages)
}

/// Width and height from a PNG or JPEG header.
fn image_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.len() >= 24 && &b[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if b.starts_with(b"\xFF\xD8") {
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let marker = b[i + 1];
            let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
            // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC).
            if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                let h = u32::from(u16::from_be_bytes([b[i + 5], b[i + 6]]));
                let w = u32::from(u16::from_be_bytes([b[i + 7], b[i + 8]]));
                return Some((w, h));
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tesseract_names_the_install_command() {
        let tools = Tools {
            tesseract: PathBuf::from("/nonexistent/tesseract"),
            pdftoppm: PathBuf::from("/nonexistent/pdftoppm"),
        };
        for e in [
            ocr_image_with(&tools, Path::new("scan.png")).expect_err("no tool"),
            ocr_pdf_with(&tools, Path::new("scan.pdf"), 2).expect_err("no tool"),
        ] {
            assert!(matches!(e, ReadError::ToolMissing { .. }), "{e}");
            let msg = e.to_string();
            assert!(msg.contains(INSTALL_HINT) && msg.contains("scan."), "{msg}");
        }
    }

    #[test]
    fn reads_png_and_jpeg_sizes() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(100_000u32.to_be_bytes());
        png.extend(100_000u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((100_000, 100_000)));
        let jpg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0x02, 0x03, 0x04, 1, 0,
            0,
        ];
        assert_eq!(image_size(&jpg), Some((0x0304, 0x0102)));
        assert_eq!(image_size(b"II*\0"), None);
    }

    #[test]
    fn a_huge_image_is_refused_before_ocr() {
        let dir = std::env::temp_dir().join(format!("congvan-test-px-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("bomb.png");
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(60_000u32.to_be_bytes());
        png.extend(60_000u32.to_be_bytes());
        std::fs::write(&p, &png).expect("write");
        let r = check_pixels(&p);
        let _ = std::fs::remove_dir_all(&dir);
        let e = r.expect_err("too big");
        assert!(e.to_string().contains("pixels"), "{e}");
    }

    /// A little-endian TIFF whose pages claim these sizes (no pixel data).
    fn tiff(pages: &[(u32, u32)]) -> Vec<u8> {
        let mut b = b"II*\0".to_vec();
        b.extend(8u32.to_le_bytes());
        for (i, &(w, h)) in pages.iter().enumerate() {
            b.extend(2u16.to_le_bytes());
            for (tag, v) in [(256u16, w), (257, h)] {
                b.extend(tag.to_le_bytes());
                b.extend(4u16.to_le_bytes());
                b.extend(1u32.to_le_bytes());
                b.extend(v.to_le_bytes());
            }
            let next = if i + 1 < pages.len() { b.len() + 4 } else { 0 };
            b.extend((next as u32).to_le_bytes());
        }
        b
    }

    #[test]
    fn a_huge_tiff_page_is_refused_before_ocr() {
        assert_eq!(
            tiff_sizes(&tiff(&[(2480, 3508), (3000, 4000)])),
            Some(vec![(2480, 3508), (3000, 4000)])
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("scan.tif");
        // The second page is the bomb: every page is checked.
        std::fs::write(&p, tiff(&[(2480, 3508), (100_000, 100_000)])).expect("write");
        let e = check_pixels(&p).expect_err("too big");
        assert!(
            e.to_string().contains("page 2") && e.to_string().contains("Mpx"),
            "{e}"
        );
        std::fs::write(&p, tiff(&[(2480, 3508)])).expect("write");
        assert!(check_pixels(&p).is_ok());
    }

    /// OCR's temporary files are created exclusively under random names: a
    /// symlink planted at a name another user could guess is never followed.
    #[cfg(unix)]
    #[test]
    fn planted_symlinks_in_the_temporary_folder_are_not_followed() {
        let victim_dir = tempfile::tempdir().expect("tempdir");
        let victim = victim_dir.path().join("precious.txt");
        std::fs::write(&victim, "precious").expect("write");
        // The names the old code used: congvan-PID-N.log, N counting from 0.
        let planted: Vec<PathBuf> = (0..200)
            .map(|n| std::env::temp_dir().join(format!("congvan-{}-{n}.log", std::process::id())))
            .filter(|p| std::os::unix::fs::symlink(&victim, p).is_ok())
            .collect();
        let mut cmd = Command::new("echo");
        cmd.arg("overwritten");
        let r = run(cmd, Duration::from_secs(10));
        for p in &planted {
            let _ = std::fs::remove_file(p);
        }
        if let Err(e) = &r {
            assert!(e.contains("not installed"), "{e}");
        }
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "precious"
        );
    }

    #[test]
    fn a_child_past_its_time_is_killed() {
        let mut cmd = Command::new("sleep");
        cmd.arg("5");
        let t = Instant::now();
        let r = run(cmd, Duration::from_millis(200));
        if let Err(e) = &r {
            if e.contains("not installed") {
                return; // no `sleep` on this system
            }
        }
        assert!(r.expect_err("timeout").contains("stopped"));
        assert!(t.elapsed() < Duration::from_secs(4));
    }
}
