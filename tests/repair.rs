//! The repair engine as a clerk relies on it: clean letters come out byte-identical,
//! letters typed without marks get them back, OCR without a Vietnamese model is mostly
//! undone, and `congvan repair` prints the repaired text. Uses the bundled model and
//! small fixtures only (tests/fixtures/repair, corpus/).

use congvan::repair::{Origin, Repairer};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/repair")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// Lowercase syllables (runs of letters and digits), as the scorer splits them.
fn syllables(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Share of the clean syllables found, in order, in the output (LCS / clean length).
fn accuracy(clean: &str, out: &str) -> f64 {
    let a = syllables(clean);
    let b = syllables(out);
    let mut prev = vec![0u32; b.len() + 1];
    for x in &a {
        let mut cur = vec![0u32; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()] as f64 / a.len().max(1) as f64
}

fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

#[test]
fn clean_letters_are_byte_identical() {
    let r = Repairer::bundled();
    let mut checked = 0;
    for p in seeds() {
        let text = nfc(&std::fs::read_to_string(&p).expect("seed"));
        // Seed 001 is an OCR without a Vietnamese model: it is meant to change.
        if p.to_string_lossy().contains("/001_") {
            continue;
        }
        let out = r.repair(&text);
        assert_eq!(out.text, text, "{} changed", p.display());
        assert!(!out.repaired);
        assert_eq!(out.syllables_changed, 0);
        checked += 1;
    }
    assert!(checked >= 4);
    let vie = fixture("003-ocr-vie.txt");
    let clean = fixture("003-clean.txt");
    let out = Repairer::bundled().repair(&vie).text;
    assert!(accuracy(&clean, &out) >= accuracy(&clean, &vie));
}

#[test]
fn stripped_letter_gets_its_marks_back() {
    let clean = fixture("003-clean.txt");
    let stripped = fixture("003-stripped.txt");
    let out = Repairer::bundled().repair(&stripped);
    assert!(out.repaired);
    assert!(out.syllables_changed > 300, "{}", out.syllables_changed);
    let acc = accuracy(&clean, &out.text);
    assert!(acc >= 0.95, "syllable accuracy {acc:.4}");
    // Layout kept: same number of lines, same punctuation.
    assert_eq!(out.text.lines().count(), stripped.lines().count());
    let punct = |s: &str| -> String { s.chars().filter(|c| c.is_ascii_punctuation()).collect() };
    assert_eq!(punct(&out.text), punct(&stripped));
}

#[test]
fn ocr_without_vietnamese_is_mostly_undone() {
    let clean = fixture("003-clean.txt");
    let ocr = fixture("003-ocr-eng.txt");
    let before = accuracy(&clean, &ocr);
    let out = Repairer::bundled().repair(&ocr);
    let after = accuracy(&clean, &out.text);
    assert!(before < 0.3, "{before}");
    assert!(after >= 0.9, "syllable accuracy {after:.4}");
}

#[test]
fn repair_command_prints_repaired_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("letter.txt");
    std::fs::write(
        &f,
        "Kinh gui: UBND cac xa, phuong.\nKe hoach so 02-KH/BCDTW ngay 19/6/2025\n",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_congvan"))
        .args(["repair", f.to_str().expect("utf-8 path")])
        .output()
        .expect("run congvan");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Kính gửi: UBND các xã, phường.\nKế hoạch số 02-KH/BCĐTW ngày 19/6/2025\n"
    );
}

#[test]
fn clean_synthetic_letters_are_untouched() {
    // Generated letters (src/synth.rs): clean Vietnamese with numbers, symbols, names.
    let r = Repairer::bundled();
    let mut changed = Vec::new();
    for rec in congvan::synth::letters(7, 200) {
        let out = r.repair(&rec.text);
        if out.text != rec.text {
            changed.push(rec.file.clone());
        }
    }
    assert!(changed.is_empty(), "changed: {changed:?}");
}

#[test]
fn clean_text_with_codes_mail_and_foreign_words_is_untouched() {
    let r = Repairer::bundled();
    for s in [
        "Liên hệ: ubnd@quangngai.gov.vn, website https://quangngai.gov.vn/van-ban.\n",
        "Căn cứ Luật số 51/2024/QH15 và Nghị định số 118/2025/NĐ-CP ngày 09/6/2025;\n",
        "Trung ương1 về tình hình triển khai (xem Phụ lục 4, Phụ lục 5).\n",
        "Ứng dụng Zalo, Facebook và VNeID được dùng tại Trung tâm Phục vụ hành chính công.\n",
        "| STT | Đơn vị | Số lượng |\n| 1 | Xã Ba Tơ | 12 |\n",
        "Xã Ba Xa; Xã Ba Vì; Xã Sơn Mai; Xã Đăk Rve.\n",
    ] {
        assert_eq!(r.repair(s).text, s);
    }
}

/// Abbreviations whose only mark is Đ and codes with digits glued to them are
/// written that way on purpose: clean text keeps them (repair once read CHBĐ as
/// CHO, T6 as Tổ, VTV1 as VTVL).
#[test]
fn clean_text_keeps_d_abbreviations_and_glued_codes() {
    let r = Repairer::bundled();
    for s in [
        "Kính gửi:\n- Bộ Chỉ huy Quân sự tỉnh;\n- Ban CHBĐ Biên phòng;\n- Công an tỉnh.\n",
        "Dự án ĐTXD đường giao thông T6, T7, T8 trung tâm huyện lỵ.\n",
        "Phát trên kênh\nVTV1\nvà đăng trên Cổng TTĐT của tỉnh.\n",
        "Nhiệt độ không khí (0C) tại các trạm quan trắc của tỉnh.\n",
    ] {
        let out = r.repair(s);
        assert_eq!(out.text, s);
        assert!(!out.repaired, "{s}");
    }
}

#[test]
fn tesseract_vie_mark_swaps_are_undone_when_the_engine_is_known() {
    let r = Repairer::bundled();
    // Every word a real syllable, so the line looks clean: as typed text it
    // must pass through; from Tesseract's Vietnamese model its swaps go back.
    let line =
        "Đế triển khai Luật Tố chức chính quyền địa phương, các sở tống hợp chỉ phí thực hiện.";
    assert_eq!(r.repair(line).text, line);
    assert_eq!(
        r.repair_from(line, Origin::TesseractVie).text,
        "Để triển khai Luật Tổ chức chính quyền địa phương, các sở tổng hợp chi phí thực hiện."
    );
    // A whole scanned letter: better than the engine's text and than repair
    // that does not know the engine.
    let clean = fixture("003-clean.txt");
    let ocr = fixture("003-ocr-vie.txt");
    let engine = accuracy(&clean, &ocr);
    let unknown = accuracy(&clean, &r.repair(&ocr).text);
    let known = accuracy(&clean, &r.repair_from(&ocr, Origin::TesseractVie).text);
    assert!(
        known > unknown + 0.002 && known > engine + 0.002,
        "engine {engine:.4}, repair {unknown:.4}, repair knowing the engine {known:.4}"
    );
}
