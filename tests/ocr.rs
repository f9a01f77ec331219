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

/// Wrap a 1-bit grayscale PNG into a one-page, image-only PDF (the PNG's zlib
/// data with PNG predictors is valid PDF FlateDecode data) at 300 dpi.
fn image_only_pdf(png: &[u8]) -> Vec<u8> {
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
    let (pw, ph) = (w as f64 * 72.0 / 300.0, h as f64 * 72.0 / 300.0);
    let content = format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2} {ph:.2}] \
             /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        )
        .into_bytes(),
        [
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
        .concat(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        )
        .into_bytes(),
    ];
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
    std::fs::write(
        &p,
        image_only_pdf(&std::fs::read(fixture()).expect("fixture")),
    )
    .expect("write");
    run_case(&p, vie, "image-only PDF");
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
