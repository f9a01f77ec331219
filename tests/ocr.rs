//! OCR with the real Tesseract: a scanned image and an image-only PDF (built by
//! the test from the same image) come out as Vietnamese text, recorded as
//! `source.type = "ocr"` with the engine, and leave no temporary files behind.
//!
//! Skipped, with a printed notice, only when the `tesseract` program is absent
//! (CI installs it: `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scans/letter-crop.png")
}

/// Whether Tesseract is installed, and whether it has the Vietnamese model.
fn tesseract() -> Option<bool> {
    let out = Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .ok()?;
    let all =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Some(all.lines().any(|l| l.trim() == "vie"))
}

fn pdftoppm_present() -> bool {
    Command::new("pdftoppm").arg("-v").output().is_ok()
}

/// `congvan extract FILE --json` with TMPDIR pointed at `tmp`.
fn extract(file: &Path, tmp: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congvan"))
        .args(["extract", &file.to_string_lossy(), "--json"])
        .env("TMPDIR", tmp)
        .output()
        .expect("run congvan")
}

fn fold(s: &str) -> String {
    congvan::index::fold::fold(s)
}

/// The words a reader of this scan relies on.
const KEY: [&str; 6] = [
    "Kế hoạch",
    "02-KH/BCĐTW",
    "Ban Chỉ đạo",
    "Trung ương",
    "chuyển đổi số",
    "Công văn số 16084",
];

fn check_text(text: &str, vie: bool, what: &str) {
    for k in KEY {
        if vie {
            assert!(
                text.contains(k),
                "{what}: {k:?} missing from OCR text:\n{text}"
            );
        } else {
            assert!(
                fold(text).contains(&fold(k)),
                "{what}: {k:?} missing:\n{text}"
            );
        }
    }
}

/// A page of a test PDF.
enum Page<'a> {
    /// Text in Helvetica (ASCII), as a text layer.
    Text(&'a str),
    /// A 1-bit grayscale PNG shown full page at 300 dpi, no text layer.
    Image(&'a [u8]),
}

/// The width, height and zlib data (with PNG predictors: valid PDF FlateDecode
/// data) of a 1-bit grayscale PNG.
fn png_parts(png: &[u8]) -> (u32, u32, Vec<u8>) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (mut w, mut h, mut idat) = (0u32, 0u32, Vec::new());
    let mut i = 8;
    while i + 8 <= png.len() {
        let len = u32::from_be_bytes(png[i..i + 4].try_into().expect("len")) as usize;
        let kind = &png[i + 4..i + 8];
        let data = &png[i + 8..i + 8 + len];
        if kind == b"IHDR" {
            w = u32::from_be_bytes(data[0..4].try_into().expect("w"));
            h = u32::from_be_bytes(data[4..8].try_into().expect("h"));
            assert_eq!((data[8], data[9]), (1, 0), "1-bit grayscale fixture");
        } else if kind == b"IDAT" {
            idat.extend_from_slice(data);
        }
        i += 12 + len;
    }
    (w, h, idat)
}

/// Build a PDF from pages (objects: catalog, pages, font, then page, content
/// and image per page).
fn build_pdf(pages: &[Page]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![
        Vec::new(),
        Vec::new(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut kids = Vec::new();
    for page in pages {
        let page_id = objects.len() + 1;
        kids.push(format!("{page_id} 0 R"));
        let (size, resources, content, image) = match page {
            Page::Text(t) => (
                (595.0, 842.0),
                "<< /Font << /F1 3 0 R >> >>".to_string(),
                format!("BT /F1 12 Tf 50 780 Td ({t}) Tj ET"),
                None,
            ),
            Page::Image(png) => {
                let (w, h, idat) = png_parts(png);
                let (pw, ph) = (w as f64 * 72.0 / 300.0, h as f64 * 72.0 / 300.0);
                let img = [
                    format!(
                        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray \
                         /BitsPerComponent 1 /Filter /FlateDecode \
                         /DecodeParms << /Predictor 15 /Colors 1 /BitsPerComponent 1 /Columns {w} >> \
                         /Length {} >>\nstream\n",
                        idat.len()
                    )
                    .into_bytes(),
                    idat,
                    b"\nendstream".to_vec(),
                ]
                .concat();
                (
                    (pw, ph),
                    format!("<< /XObject << /Im0 {} 0 R >> >>", page_id + 2),
                    format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q"),
                    Some(img),
                )
            }
        };
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {:.2} {:.2}] /Resources {resources} /Contents {} 0 R >>",
                size.0,
                size.1,
                page_id + 1
            )
            .into_bytes(),
        );
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .into_bytes(),
        );
        if let Some(img) = image {
            objects.push(img);
        }
    }
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>".to_vec();
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        pages.len()
    )
    .into_bytes();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", k + 1).into_bytes());
        pdf.extend(o);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    pdf
}

fn run_case(file: &Path, vie: bool, what: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = extract(file, tmp.path());
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["source"]["type"], "ocr", "{what}: {}", v["source"]);
    let engine = v["source"]["engine"].as_str().unwrap_or("");
    assert!(
        engine.starts_with("tesseract "),
        "{what}: engine {engine:?}"
    );
    if vie {
        assert!(engine.contains("vie"), "{what}: engine {engine:?}");
    }
    check_text(v["text"].as_str().unwrap_or(""), vie, what);
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert!(left.is_empty(), "{what}: temporary files left: {left:?}");
}

#[test]
fn scanned_image_is_ocrd_into_vietnamese() {
    let Some(vie) = tesseract() else {
        eprintln!("NOTICE: tesseract is not installed; OCR test skipped (sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    for ext in ["png", "PNG"] {
        let p = tmp.path().join(format!("scan.{ext}"));
        std::fs::copy(fixture(), &p).expect("copy");
        run_case(&p, vie, &format!("image .{ext}"));
    }
}

#[test]
fn image_only_pdf_falls_back_to_ocr() {
    let Some(vie) = tesseract() else {
        eprintln!("NOTICE: tesseract is not installed; OCR test skipped (sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)");
        return;
    };
    assert!(
        pdftoppm_present(),
        "tesseract is installed but pdftoppm is not: sudo apt-get install poppler-utils"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("scan.pdf");
    let png = std::fs::read(fixture()).expect("fixture");
    std::fs::write(&p, build_pdf(&[Page::Image(&png)])).expect("write");
    run_case(&p, vie, "image-only PDF");
}

#[test]
fn a_scanned_page_inside_a_text_pdf_is_ocrd_in_place() {
    let Some(vie) = tesseract() else {
        eprintln!("NOTICE: tesseract is not installed; OCR test skipped (sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("mixed.pdf");
    let png = std::fs::read(fixture()).expect("fixture");
    let first = "UY BAN NHAN DAN TINH - So 123/UBND-KT - Kinh gui cac so, ban, nganh";
    let last = "Noi nhan: nhu tren; Luu VT, KT. CHU TICH Nguyen Van An";
    std::fs::write(
        &p,
        build_pdf(&[Page::Text(first), Page::Image(&png), Page::Text(last)]),
    )
    .expect("write");
    let out = extract(&p, tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let engine = v["source"]["engine"].as_str().unwrap_or("");
    assert!(engine.contains("page 2;"), "engine {engine:?}");
    let text = v["text"].as_str().unwrap_or("");
    check_text(text, vie, "mixed PDF");
    let folded = fold(text);
    let (a, b, c) = (
        folded.find("so 123/ubnd-kt"),
        folded.find("ban chi dao"),
        folded.find("noi nhan"),
    );
    assert!(a.is_some() && a < b && b < c, "pages out of order:\n{text}");
}

#[test]
fn broken_image_is_reported_not_crashed() {
    if tesseract().is_none() {
        eprintln!("NOTICE: tesseract is not installed; OCR test skipped");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("broken.jpg");
    std::fs::write(&p, b"\xFF\xD8\xFF\xE0 this is not a JPEG").expect("write");
    let out = extract(&p, tmp.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.jpg") && err.contains("OCR"), "{err}");
}

#[test]
fn jpeg_and_tiff_scans_are_ocrd() {
    let Some(vie) = tesseract() else {
        eprintln!("NOTICE: tesseract is not installed; OCR test skipped (sudo apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)");
        return;
    };
    assert!(pdftoppm_present(), "sudo apt-get install poppler-utils");
    // Make the JPEG and TIFF from the fixture with pdftoppm (no image tools needed).
    let tmp = tempfile::tempdir().expect("tempdir");
    let pdf = tmp.path().join("src.pdf");
    let png = std::fs::read(fixture()).expect("fixture");
    std::fs::write(&pdf, build_pdf(&[Page::Image(&png)])).expect("write");
    for (flag, ext) in [("-jpeg", "jpg"), ("-tiff", "tif")] {
        let stem = tmp.path().join(format!("scan-{ext}"));
        let ok = Command::new("pdftoppm")
            .args(["-r", "300", "-gray", flag, "-singlefile"])
            .arg(&pdf)
            .arg(&stem)
            .status()
            .expect("pdftoppm");
        assert!(ok.success(), "pdftoppm {flag}");
        let file = stem.with_extension(ext);
        assert!(file.exists(), "{}", file.display());
        run_case(&file, vie, ext);
    }
}
