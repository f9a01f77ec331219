//! Legacy encodings end to end: every seed letter written by the tests in TCVN3,
//! VNI, Windows-1258 and UTF-16 comes back identical to the original, with the
//! encoding detected and reported in `source.encoding`.

use congvan::normalize::encoding::{self, Encoding};
use std::path::{Path, PathBuf};
use std::process::Command;

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("seed is UTF-8"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 5, "seed letters missing from corpus/");
    out
}

/// Encode, replacing the symbols (never letters) the encoding has no code for
/// with '?'; returns the bytes and the text they stand for.
fn encode_letters(text: &str, enc: Encoding) -> (Vec<u8>, String) {
    let mut text = text.to_string();
    loop {
        match encoding::encode(&text, enc) {
            Ok(b) => return (b, text),
            Err(e) => {
                assert!(
                    !e.ch.is_alphabetic(),
                    "{enc:?} cannot write the letter {:?}",
                    e.ch
                );
                text = text.replace(e.ch, "?");
            }
        }
    }
}

#[test]
fn every_seed_round_trips_in_every_encoding() {
    let encodings = [
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Windows1258,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];
    for (name, text) in seeds() {
        for enc in encodings {
            let (bytes, expected) = encode_letters(&text, enc);
            let d = encoding::decode(&bytes).unwrap_or_else(|e| panic!("{name} {enc:?}: {e}"));
            assert_eq!(d.encoding, enc, "{name}: detected as {:?}", d.encoding);
            if d.text != expected {
                let at = d
                    .text
                    .chars()
                    .zip(expected.chars())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                let ctx: String = expected
                    .chars()
                    .skip(at.saturating_sub(20))
                    .take(40)
                    .collect();
                panic!("{name} {enc:?}: differs at char {at}, near {ctx:?}");
            }
        }
    }
}

#[test]
fn only_symbols_are_ever_replaced() {
    // Windows-1258 and VNI hold every character of the seeds; TCVN3 loses at
    // most a few symbols whose bytes are Vietnamese letters there (¢ ·).
    for (name, text) in seeds() {
        for enc in [Encoding::Vni, Encoding::Windows1258] {
            assert!(encoding::encode(&text, enc).is_ok(), "{name} {enc:?}");
        }
        let (_, t) = encode_letters(&text, Encoding::Tcvn3);
        let lost = t.chars().zip(text.chars()).filter(|(a, b)| a != b).count();
        assert!(lost <= 3, "{name}: {lost} symbols lost in TCVN3");
    }
}

fn extract_json(file: &Path, cwd: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_congvan"))
        .args(["extract", &file.to_string_lossy(), "--json"])
        .current_dir(cwd)
        .output()
        .expect("run congvan");
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn cli_reports_the_encoding_and_extracts_the_same_letter() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (name, text) = seeds()
        .into_iter()
        .find(|(n, _)| n.starts_with("002"))
        .expect("seed 002");
    let mut files: Vec<(PathBuf, &str)> = Vec::new();
    let (_, clean) = encode_letters(&text, Encoding::Tcvn3);
    for (enc, label) in [
        (Encoding::Utf8, "utf-8"),
        (Encoding::Tcvn3, "tcvn3"),
        (Encoding::Vni, "vni"),
        (Encoding::Windows1258, "windows-1258"),
        (Encoding::Utf16Le, "utf-16le"),
    ] {
        let bytes = encoding::encode(&clean, enc).expect("encodable");
        let p = tmp.path().join(format!("{label}-{name}"));
        std::fs::write(&p, bytes).expect("write");
        files.push((p, label));
    }
    let base = extract_json(&files[0].0, tmp.path());
    for (p, label) in &files {
        let v = extract_json(p, tmp.path());
        assert_eq!(v["source"]["encoding"], *label, "{}", p.display());
        assert_eq!(v["text"], base["text"], "{label}");
        assert_eq!(v["tasks"], base["tasks"], "{label}");
        assert_eq!(v["document"], base["document"], "{label}");
    }
}

/// Files written by another converter: glibc's `iconv` (TCVN5712-1 writes the
/// full VN1 capitals; CP1258 writes base letters + combining tones). Each seed
/// must decode to what iconv itself reads back. Skipped if `iconv` is absent.
#[test]
fn files_written_by_iconv_decode_identically() {
    use std::io::Write;
    use std::process::Stdio;
    let iconv = |from: &str, to: &str, input: &[u8]| -> Option<Vec<u8>> {
        let mut child = Command::new("iconv")
            .args(["-c", "-f", from, "-t", to])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        child.stdin.take()?.write_all(input).ok()?;
        Some(child.wait_with_output().ok()?.stdout)
    };
    if iconv("UTF-8", "TCVN5712-1", b"a").is_none() {
        eprintln!("NOTICE: iconv not found; cross-check with glibc skipped");
        return;
    }
    for (name, text) in seeds() {
        for (charset, enc) in [
            ("TCVN5712-1", Encoding::Tcvn3),
            ("CP1258", Encoding::Windows1258),
        ] {
            let bytes = iconv("UTF-8", charset, text.as_bytes()).expect("iconv to");
            let back = iconv(charset, "UTF-8", &bytes).expect("iconv from");
            let expected = congvan::normalize::nfc(&String::from_utf8(back).expect("utf-8"));
            let d = encoding::decode(&bytes).unwrap_or_else(|e| panic!("{name} {charset}: {e}"));
            assert_eq!(d.encoding, enc, "{name} {charset}");
            assert!(d.text == expected, "{name} {charset}: decoded text differs");
        }
    }
}
