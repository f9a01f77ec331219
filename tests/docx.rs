//! Word .docx letters: text, tables, list numbering and footnotes come out; zip
//! bombs and broken archives are refused with a reason. Every file is built by
//! the test.

use congvan::read::{self, ReadError, Source};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use zip::write::SimpleFileOptions;

fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:tbl><w:tr>
 <w:tc><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r><w:r><w:br/><w:t>TỈNH QUẢNG NGÃI</w:t></w:r></w:p></w:tc>
 <w:tc><w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p></w:tc>
</w:tr></w:tbl>
<w:p><w:r><w:t xml:space="preserve">Số: 123/UBND-KT</w:t></w:r><w:r><w:tab/><w:t>Quảng Ngãi, ngày 05 tháng 8 năm 2025</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Về hạ tầng kỹ thuật</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Sở Tài chính chủ trì, bố trí kinh phí &amp; báo cáo</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Công an tỉnh phối hợp.</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Muc1"/></w:pPr><w:r><w:t>Tổ chức thực hiện</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Muc1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Không đánh số.</w:t></w:r></w:p>
<w:p><w:r><w:t>Nơi nhận:</w:t></w:r></w:p>
</w:body></w:document>"#;

const FOOTNOTES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Theo Công văn số 472/SKHCN-BCVT ngày 27/7/2025.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"#;

/// A heading style numbered through list 1, level 0 (as Word's "Heading 1" often is).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Muc1"><w:name w:val="Muc 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

fn letter() -> Vec<u8> {
    docx(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", DOCUMENT.as_bytes()),
        ("word/footnotes.xml", FOOTNOTES.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
    ])
}

#[test]
fn reads_paragraphs_tables_numbering_and_footnotes() {
    let t = read::read_file(Path::new("letter.docx"), &letter()).expect("reads");
    assert_eq!(
        t.source,
        Source::Docx {
            legacy_fonts: vec![]
        }
    );
    let expected = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n\
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
        Số: 123/UBND-KT\tQuảng Ngãi, ngày 05 tháng 8 năm 2025\n\
        1. Về hạ tầng kỹ thuật\n\
        a) Sở Tài chính chủ trì, bố trí kinh phí & báo cáo[footnoteRef:1]. \
        [1:  Theo Công văn số 472/SKHCN-BCVT ngày 27/7/2025.]\n\
        b) Công an tỉnh phối hợp.\n\
        2. Tổ chức thực hiện\n\
        Không đánh số.\n\
        Nơi nhận:\n";
    assert_eq!(t.text, expected);
}

#[test]
fn cli_extracts_a_docx_letter() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("Công văn 123.docx");
    std::fs::write(&p, letter()).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_congvan"))
        .args(["extract", &p.to_string_lossy(), "--json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["source"]["type"], "docx");
    assert!(v["text"]
        .as_str()
        .unwrap_or("")
        .contains("Sở Tài chính chủ trì"));
}

fn refused(bytes: &[u8]) -> String {
    match read::read_file(Path::new("x.docx"), bytes) {
        Err(e @ ReadError::Invalid { .. }) => {
            let msg = e.to_string();
            assert!(msg.starts_with("x.docx: "), "{msg}");
            msg
        }
        Err(e) => panic!("wrong error kind: {e}"),
        Ok(t) => panic!("read a bad file: {:?}", t.text),
    }
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    // 16 MB of spaces inside the document part: about 1000:1.
    let mut xml = DOCUMENT
        .replace("</w:body>", "")
        .replace("</w:document>", "");
    xml.push_str(&" ".repeat(16 * 1024 * 1024));
    xml.push_str("</w:body></w:document>");
    let bomb = docx(&[("word/document.xml", xml.as_bytes())]);
    assert!(bomb.len() < 200 * 1024, "bomb is small: {}", bomb.len());
    let msg = refused(&bomb);
    assert!(msg.contains("zip bomb") && msg.contains(":1"), "{msg}");
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..5_100).map(|i| format!("word/media/e{i}.bin")).collect();
    let parts: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), b"x".as_slice()))
        .collect();
    let msg = refused(&docx(&parts));
    assert!(msg.contains("entries"), "{msg}");
}

#[test]
fn broken_encrypted_and_non_word_archives_are_named() {
    let msg = refused(b"PK\x03\x04 then garbage, no central directory");
    assert!(msg.contains("zip"), "{msg}");
    let msg = refused(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old Word or encrypted");
    assert!(msg.contains(".doc"), "{msg}");
    let msg = refused(&docx(&[("hello.txt", b"hi".as_slice())]));
    assert!(msg.contains("word/document.xml"), "{msg}");
    let msg = refused(b"plain text saved as .docx");
    assert!(msg.contains("not a .docx"), "{msg}");
    // Truncated: the first half of a real letter.
    let l = letter();
    let msg = refused(&l[..l.len() / 2]);
    assert!(msg.contains("docx"), "{msg}");
}
