//! Letters typed in the legacy Vietnamese fonts (.VnTime/.VnTimeH: TCVN3;
//! VNI-Times: VNI) inside PDFs and Word files are read as Vietnamese.
//!
//! The fixtures in tests/fixtures/legacy/ are made by
//! `python3 scripts/make-legacy-fixtures.py` (the script says how); each X.pdf /
//! X.docx has X.expected.txt, the text congvan must read.

mod common;

use congvan::normalize::encoding::{self, Encoding};
use congvan::read;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy")
}

/// Non-empty lines, trailing blanks trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Read a fixture: its lines and the legacy fonts its source names.
fn read_fixture(name: &str) -> (Vec<String>, Vec<String>) {
    let path = fixtures().join(name);
    let bytes = std::fs::read(&path).expect("fixture (python3 scripts/make-legacy-fixtures.py)");
    let r = read::read_file(&path, &bytes).expect("reads");
    let text: String = congvan::normalize::nfc(&r.text);
    (lines(&text), r.source.legacy_fonts().to_vec())
}

fn expected(stem: &str) -> Vec<String> {
    let t = std::fs::read_to_string(fixtures().join(format!("{stem}.expected.txt")))
        .expect("expected text");
    lines(&t)
}

#[test]
fn named_legacy_fonts_are_decoded_exactly() {
    for (stem, fonts) in [
        ("tcvn3-single", vec![".VnTime", ".VnTimeH"]),
        ("vni-single", vec!["VNI-Times"]),
        ("tcvn3-mixed", vec![".VnTime", ".VnTimeH"]),
        ("vni-mixed", vec!["VNI-Times"]),
    ] {
        for ext in ["pdf", "docx"] {
            let (got, legacy) = read_fixture(&format!("{stem}.{ext}"));
            assert_eq!(got, expected(stem), "{stem}.{ext}");
            assert_eq!(legacy, fonts, "{stem}.{ext}: source.legacy_fonts");
        }
    }
}

#[test]
fn word_pdf_export_with_tounicode_is_decoded() {
    let (got, legacy) = read_fixture("tcvn3-type0.pdf");
    assert_eq!(got, expected("tcvn3-type0"));
    assert_eq!(legacy, vec![".VnTime", ".VnTimeH"]);
}

#[test]
fn a_legacy_style_over_unicode_typing_is_not_taken_at_its_word() {
    let (got, legacy) = read_fixture("unicode-vntime-style.docx");
    assert_eq!(got, expected("unicode-vntime-style"));
    assert_eq!(legacy, vec![".VnTime"]);
}

#[test]
fn unnamed_fonts_are_detected_from_their_content() {
    // The font names say nothing, so an H font's capitals cannot be known:
    // compared without case.
    for stem in ["tcvn3-unnamed", "vni-unnamed"] {
        for ext in ["pdf", "docx"] {
            let (got, legacy) = read_fixture(&format!("{stem}.{ext}"));
            let low = |v: Vec<String>| v.iter().map(|l| l.to_lowercase()).collect::<Vec<_>>();
            assert_eq!(low(got), low(expected(stem)), "{stem}.{ext}");
            assert_eq!(legacy.len(), 1, "{stem}.{ext}: {legacy:?}");
        }
    }
}

#[test]
fn unicode_files_are_left_alone() {
    for ext in ["pdf", "docx"] {
        let (got, legacy) = read_fixture(&format!("unicode.{ext}"));
        assert_eq!(got, expected("unicode"), "unicode.{ext}");
        assert!(legacy.is_empty(), "unicode.{ext}: {legacy:?}");
    }
}

#[test]
fn font_names() {
    let f = |n: &str| encoding::legacy_font(n).map(|f| (f.family, f.encoding, f.capitals));
    assert_eq!(
        f("ABCDEF+.VnTime"),
        Some((".VnTime".into(), Encoding::Tcvn3, false))
    );
    assert_eq!(
        f(".VnTimeH,Bold"),
        Some((".VnTimeH".into(), Encoding::Tcvn3, true))
    );
    assert_eq!(
        f(".VnTimeHBold"),
        Some((".VnTimeHBold".into(), Encoding::Tcvn3, true))
    );
    assert_eq!(
        f(".VnTimeBold"),
        Some((".VnTimeBold".into(), Encoding::Tcvn3, false))
    );
    assert_eq!(
        f("XYZABC+.VnArialH-BoldItalic"),
        Some((".VnArialH".into(), Encoding::Tcvn3, true))
    );
    assert_eq!(
        f(".VnArial Narrow"),
        Some((".VnArial Narrow".into(), Encoding::Tcvn3, false))
    );
    assert_eq!(
        f("VNI-Times,Italic"),
        Some(("VNI-Times".into(), Encoding::Vni, false))
    );
    assert_eq!(
        f("ABCDEF+VNI-Helve-Bold"),
        Some(("VNI-Helve".into(), Encoding::Vni, false))
    );
    for plain in [
        "TimesNewRomanPSMT",
        "ABCDEF+Arial-BoldMT",
        "Times New Roman",
        "Vinhan",
        "VnExpress",
        "",
    ] {
        assert_eq!(f(plain), None, "{plain}");
    }
}

#[test]
fn content_detection_is_conservative() {
    let tcvn3 = encoding::encode(
        "Kế hoạch số 02-KH/BCĐTW ngày 19 tháng 6 năm 2025 của Ban Chỉ đạo",
        Encoding::Tcvn3,
    )
    .expect("tcvn3");
    assert_eq!(
        encoding::detect_font_encoding(&tcvn3),
        Some(Encoding::Tcvn3)
    );
    let vni =
        encoding::encode("Kế hoạch số 02 của Ban Chỉ đạo Trung ương", Encoding::Vni).expect("vni");
    assert_eq!(encoding::detect_font_encoding(&vni), Some(Encoding::Vni));
    // Vietnamese that Windows-1252 can hold, French, a few words: left alone.
    for plain in [
        "Tài chính, Sóc Trăng: cá và gà, Hà Tây, bà già, chính là",
        "Le préfet a décidé que la réunion aura lieu à Paris en été.",
        "Kính gửi",
        "ABC 123",
    ] {
        let bytes = encoding::encode(plain, Encoding::Windows1258)
            .unwrap_or_else(|_| plain.as_bytes().to_vec());
        let latin1: Vec<u8> = plain
            .chars()
            .filter_map(|c| u8::try_from(c as u32).ok())
            .collect();
        assert_eq!(encoding::detect_font_encoding(&latin1), None, "{plain}");
        let _ = bytes;
    }
}

#[test]
fn extract_keeps_the_header_of_a_legacy_letter() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for name in [
        "tcvn3-single.pdf",
        "vni-single.pdf",
        "tcvn3-single.docx",
        "vni-single.docx",
    ] {
        let path = fixtures().join(name);
        let out = common::congvan(&["extract", &path.to_string_lossy(), "--json"], tmp.path());
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["document"]["number"], "246/UBND-KGVX", "{name}");
        assert_eq!(v["document"]["issued"], "2026-01-10", "{name}");
        assert!(
            v["document"]["subject"]
                .as_str()
                .unwrap_or("")
                .contains("Kế hoạch số 02-KH/BCĐTW"),
            "{name}: {}",
            v["document"]["subject"]
        );
        assert!(v["source"]["legacy_fonts"]
            .as_array()
            .is_some_and(|a| !a.is_empty()));
        assert_eq!(
            v["repair"]["syllables_changed"], 0,
            "{name}: repair left the text alone"
        );
    }
}
