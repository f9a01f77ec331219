//! Read stage: finds the letters in a corpus folder and turns each file into text.
//!
//! Plain text (any supported encoding), PDF through its text layer (falling back
//! to OCR when a PDF has no text), images through Tesseract, Word .docx files.
//! Anything else is reported as unsupported, never silently dropped. Every error
//! names the file.

pub mod docx;
pub mod ocr;
pub mod ocr_lines;
pub mod pdf;

use crate::normalize::encoding;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before reading: a letter is a few pages,
/// and this bounds memory per file (a worker holds at most one file at a time).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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

impl ReadError {
    /// The reason without the path (for summaries that print the path separately).
    pub fn reason(&self) -> String {
        match self {
            ReadError::Io { source, .. } => format!("cannot read file: {source}"),
            ReadError::Invalid { reason, .. } | ReadError::ToolMissing { reason, .. } => {
                reason.clone()
            }
            ReadError::Unsupported { reason, .. } => format!("unsupported file type ({reason})"),
        }
    }
}

pub use crate::letter::Source;

/// The text of one file, as read.
#[derive(Debug, Clone)]
pub struct ReadText {
    pub text: String,
    pub source: Source,
}

/// The kinds of file congvan reads, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Pdf,
    Image,
    Docx,
}

/// Classify a path by its extension; `None` when congvan cannot read it.
pub fn file_kind(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(FileKind::Text),
        "pdf" => Some(FileKind::Pdf),
        "png" | "jpg" | "jpeg" | "tif" | "tiff" => Some(FileKind::Image),
        "docx" => Some(FileKind::Docx),
        _ => None,
    }
}

/// One entry found while walking a corpus folder.
#[derive(Debug)]
pub enum Found {
    /// A file congvan can read.
    Letter(PathBuf),
    /// Something that will not be read, with the reason.
    Skipped { path: PathBuf, reason: String },
}

/// Find every file below `dir`, recursively (following symlinks, with loop
/// detection). Files come back sorted by path so runs are reproducible.
pub fn find_letters(dir: &Path) -> Vec<Found> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let path = e.into_path();
                if file_kind(&path).is_some() {
                    found.push(Found::Letter(path));
                } else {
                    let ext = path
                        .extension()
                        .map(|e| format!(".{}", e.to_string_lossy()))
                        .unwrap_or_else(|| "no extension".into());
                    let hint = match ext.to_ascii_lowercase().as_str() {
                        ".doc" | ".rtf" | ".odt" => {
                            "; open it in Word or LibreOffice and save it as .docx"
                        }
                        _ => "",
                    };
                    found.push(Found::Skipped {
                        path,
                        reason: format!(
                            "unsupported file type ({ext}); congvan reads .txt, .pdf, .docx, .png, .jpg, .tif{hint}"
                        ),
                    });
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let reason = if e.loop_ancestor().is_some() {
                    "symbolic link loop; skipped".to_string()
                } else {
                    format!(
                        "cannot open: {}",
                        e.io_error()
                            .map(|x| x.to_string())
                            .unwrap_or_else(|| e.to_string())
                    )
                };
                found.push(Found::Skipped { path, reason });
            }
        }
    }
    found
}

/// Read the bytes of a file, refusing files over [`MAX_FILE_BYTES`].
///
/// The size on disk is checked first (a big file is refused before a byte is
/// read), then the file is read through a bound of `MAX_FILE_BYTES + 1` bytes:
/// a FIFO, a device or a file growing meanwhile reports a size that says
/// nothing, and is refused once it gives more than the limit.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, Some(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    read_limited(file, path)
}

/// Read at most [`MAX_FILE_BYTES`] from `source` (a file, standard input),
/// refusing more; `path` names it in the error.
pub fn read_limited(source: impl std::io::Read, path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    source
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(path, None));
    }
    Ok(bytes)
}

fn too_big(path: &Path, size: Option<u64>) -> ReadError {
    let mb = |b: u64| b / (1024 * 1024);
    let size = match size {
        Some(s) => format!("file is {} MB", mb(s)),
        None => "file gives more than that".to_string(),
    };
    ReadError::Invalid {
        path: path.to_path_buf(),
        reason: format!(
            "{size}, over the {} MB limit for one letter; split it or check it is a letter",
            mb(MAX_FILE_BYTES)
        ),
    }
}

/// Decode the bytes of a text file.
pub fn text_from_bytes(path: &Path, bytes: &[u8]) -> Result<ReadText, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Invalid {
            path: path.to_path_buf(),
            reason: "empty file".into(),
        });
    }
    let decoded = encoding::decode(bytes).map_err(|e| ReadError::Invalid {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    if decoded.text.trim().is_empty() {
        return Err(ReadError::Invalid {
            path: path.to_path_buf(),
            reason: format!("empty file (no text in {})", decoded.encoding.name()),
        });
    }
    Ok(ReadText {
        text: decoded.text,
        source: Source::Text {
            encoding: decoded.encoding,
        },
    })
}

/// Read one file (already known to be of a supported kind) into text.
///
/// A file without a known extension (only reached when a user names it, as in
/// `congvan repair stripped.out`; ingest skips such files) is read by what its
/// bytes are: PDF, zip (.docx), image, or else text, which refuses binary data.
pub fn read_file(path: &Path, bytes: &[u8]) -> Result<ReadText, ReadError> {
    match file_kind(path).or_else(|| sniff_kind(path, bytes)) {
        Some(FileKind::Text) => text_from_bytes(path, bytes),
        Some(FileKind::Pdf) => pdf::read_pdf(path, bytes),
        Some(FileKind::Docx) => docx::read_docx(path, bytes),
        Some(FileKind::Image) => {
            let ocr = ocr::ocr_image(path)?;
            Ok(ReadText {
                text: ocr.text,
                source: Source::Ocr { engine: ocr.engine },
            })
        }
        None => Err(ReadError::Unsupported {
            path: path.to_path_buf(),
            reason: "open it in Word or LibreOffice and save it as .docx".into(),
        }),
    }
}

/// What a file is by its first bytes, for a path whose extension says nothing.
/// Word-processor formats congvan cannot read (.doc, .rtf, .odt) stay `None`.
fn sniff_kind(path: &Path, bytes: &[u8]) -> Option<FileKind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("doc" | "rtf" | "odt")) {
        return None;
    }
    Some(if bytes.starts_with(b"%PDF") {
        FileKind::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        FileKind::Docx
    } else if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
    {
        FileKind::Image
    } else {
        FileKind::Text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_extension_case_insensitively() {
        assert_eq!(file_kind(Path::new("a/b.TXT")), Some(FileKind::Text));
        assert_eq!(file_kind(Path::new("scan.Pdf")), Some(FileKind::Pdf));
        assert_eq!(file_kind(Path::new("x.jpeg")), Some(FileKind::Image));
        assert_eq!(file_kind(Path::new("notes.odt")), None);
        assert_eq!(file_kind(Path::new("README")), None);
    }

    #[test]
    fn a_named_file_without_a_known_extension_is_read_by_its_bytes() {
        let text = "Kinh gui: So Noi vu\n".as_bytes();
        let r = read_file(Path::new("/tmp/letter.stripped"), text).expect("text");
        assert_eq!(r.text, "Kinh gui: So Noi vu\n");
        assert!(read_file(Path::new("README"), text).is_ok());
        assert_eq!(
            sniff_kind(Path::new("x.bin"), b"%PDF-1.4"),
            Some(FileKind::Pdf)
        );
        assert_eq!(
            sniff_kind(Path::new("x"), b"PK\x03\x04"),
            Some(FileKind::Docx)
        );
        // Binary data is still refused, and .doc/.rtf/.odt are named as such.
        assert!(read_file(Path::new("x.bin"), &[0u8; 64]).is_err());
        assert!(matches!(
            read_file(Path::new("old.doc"), text),
            Err(ReadError::Unsupported { .. })
        ));
    }

    #[test]
    fn walk_reports_unsupported_files_instead_of_dropping_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("deep/er")).expect("mkdir");
        std::fs::write(dir.path().join("deep/er/a.txt"), "Kính gửi").expect("write");
        std::fs::write(dir.path().join("b.odt"), "x").expect("write");
        let found = find_letters(dir.path());
        assert_eq!(found.len(), 2);
        assert!(
            matches!(&found[0], Found::Skipped { reason, .. } if reason.contains(".odt") && reason.contains("save it as .docx"))
        );
        assert!(matches!(&found[1], Found::Letter(p) if p.ends_with("deep/er/a.txt")));
    }

    /// A FIFO reports size 0: the limit must hold on what is actually read.
    #[cfg(unix)]
    #[test]
    fn a_fifo_beyond_the_limit_is_refused_while_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("letter.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system
        }
        let writer_path = fifo.clone();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&writer_path) else {
                return;
            };
            let chunk = vec![b'a'; 1024 * 1024];
            for _ in 0..(MAX_FILE_BYTES / (1024 * 1024) + 8) {
                if f.write_all(&chunk).is_err() {
                    return; // the reader stopped: as it should
                }
            }
        });
        let r = read_bytes(&fifo);
        drop(writer.join());
        let e = r.expect_err("more than the limit came through the FIFO");
        assert!(
            e.to_string().contains("limit") && e.to_string().contains("letter.txt"),
            "{e}"
        );
        let small = read_limited(&b"Kinh gui"[..], Path::new("standard input")).expect("small");
        assert_eq!(small, b"Kinh gui");
    }

    #[test]
    fn empty_and_bom_text() {
        let p = Path::new("x.txt");
        assert!(text_from_bytes(p, b"  \n").is_err());
        let e = text_from_bytes(p, b"\xFF\xFE \0\n\0").expect_err("UTF-16 blanks");
        assert!(e.to_string().contains("empty"), "{e}");
        let t = text_from_bytes(p, "\u{feff}Số: 12".as_bytes()).expect("decodes");
        assert_eq!(t.text, "Số: 12");
    }
}
