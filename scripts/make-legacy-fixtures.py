#!/usr/bin/env python3
"""Write Vietnamese letters into PDFs and Word files typed in the legacy fonts.

How the fixtures in tests/fixtures/legacy/ are built (Python 3, standard library
only; run from the repository root):

    python3 scripts/make-legacy-fixtures.py            # rewrites tests/fixtures/legacy/
    python3 scripts/make-legacy-fixtures.py --letter corpus/003_31d0b9ec39906225.txt --out /tmp/l
        # one letter in four files: tcvn3.pdf, vni.pdf, tcvn3.docx, vni.docx
        # (and unicode.pdf, unicode.docx: the same letter without legacy fonts)

What the files hold, the way pre-Unicode Word documents and the PDFs printed
from them hold it:

* TCVN3 (ABC): every letter is one byte of TCVN 5712:1993 VN3 (the `.VnTime`
  font draws "ế" at byte 0xD5). Headings are typed in `.VnTimeH`, whose
  lower-case codes draw capitals ("CéNG HOµ" shows "CỘNG HOÀ"). Toned capitals
  VN3 has no code for are written with the lower-case code, as typists did.
* VNI (VNI-Windows): a letter is an ASCII base plus a mark byte ("Keá" for
  "Kế"), so one Vietnamese letter takes two bytes.
* PDF: a simple TrueType font per legacy font (`/BaseFont /ABCDEF+.VnTime`,
  `/.VnTimeH,Bold`, `/VNI-Times`), with /WinAnsiEncoding or no /Encoding at
  all, no ToUnicode map (as Word's and Acrobat's printers of the 2000s wrote
  them); the strings are the font's raw byte codes, shown with TJ arrays that
  split words and letters with kerning (a VNI mark byte can land in the next
  string) and hex strings for some lines. The Unicode header of the mixed file
  is a Type0/Identity-H font with a ToUnicode map, as modern Word writes it.
* Word: `w:rFonts` on each run (".VnTime", ".VnTimeH", "VNI-Times"), or the
  font inherited from the document defaults in styles.xml; the run text is the
  font's byte codes read as Windows-1252 (what Word stores: "KÕ ho¹ch").
* The "unnamed" fixtures hold TCVN3/VNI bytes under an ordinary font name
  (Times New Roman, Arial): congvan must detect them from their content.
* tcvn3-type0.pdf: Word's own PDF export of a .VnTime document (Type0 fonts,
  ToUnicode mapping each glyph to the Latin-1 character of its code).
* unicode-vntime-style.docx: Unicode text over a template whose Normal style
  says .VnTime, plus one paragraph pasted from a TCVN3 file.

Each fixture X.pdf / X.docx comes with X.expected.txt: the text congvan must
read (non-empty lines, trailing blanks trimmed).
"""

import argparse
import io
import os
import sys
import unicodedata
import zipfile

# ------------------------------------------------------------------ encodings

# TCVN3 bytes 0xA0-0xFF (VN3 lower-case letters, Ă Â Ê Ô Ơ Ư Đ, VN1 capitals
# and combining tones in the places VN3 leaves free).
TCVN3_A0 = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
assert len(TCVN3_A0) == 96
# 0x80-0x9F: VN1 capitals; Word kept cp1252 punctuation at 0x85 and 0x91-0x97.
TCVN3_80 = "ÀẢÃÁẠ…ẬÈẺẼÉẸỆÌỈĨÍ‘’“”•–—ỜỞỠỚỢÙỦŨ"
assert len(TCVN3_80) == 32

TCVN3 = {}
for i, c in enumerate(TCVN3_A0):
    if not unicodedata.combining(c):
        TCVN3.setdefault(c, 0xA0 + i)
for i, c in enumerate(TCVN3_80):
    TCVN3.setdefault(c, 0x80 + i)


def tcvn3_char(c, heading):
    """TCVN3 byte of one character. In a heading (.VnTimeH) toned letters are
    typed with their lower-case codes; elsewhere a toned capital with no VN3
    code falls back to the lower-case code (as typists wrote it)."""
    if ord(c) < 0x80:
        return ord(c)
    if heading and c.lower() in TCVN3 and c.lower() != c:
        return TCVN3[c.lower()]
    if c in TCVN3 and (not c.isupper() or TCVN3[c] >= 0xA0):
        return TCVN3[c]
    if c.lower() in TCVN3:
        return TCVN3[c.lower()]
    return ord("?")


def tcvn3(text, heading=False):
    text = unicodedata.normalize("NFC", text)
    return bytes(tcvn3_char(c, heading) for c in text)


TONE_BYTE = {"\u0300": 0xF8, "\u0301": 0xF9, "\u0309": 0xFB, "\u0303": 0xF5, "\u0323": 0xEF}
TONES = set(TONE_BYTE)


def split_tone(c):
    d = unicodedata.normalize("NFD", c)
    tone = None
    rest = ""
    for m in d:
        if m in TONES:
            tone = m
        else:
            rest += m
    return unicodedata.normalize("NFC", rest), tone


def vni_char(c):
    if ord(c) < 0x80:
        return bytes([ord(c)])
    upper = c.isupper()

    def case(b):
        return b & ~0x20 if upper else b

    base, tone = split_tone(c)
    low = base.lower()
    whole = {
        ("i", "\u0300"): 0xEC,
        ("i", "\u0301"): 0xED,
        ("i", "\u0309"): 0xE6,
        ("i", "\u0303"): 0xF3,
        ("i", "\u0323"): 0xF2,
        ("y", "\u0323"): 0xEE,
        ("đ", None): 0xF1,
    }.get((low, tone))
    if whole is not None:
        return bytes([case(whole)])

    def letter(ch):
        return ord(ch.upper() if upper else ch)

    if low in "aeiouy":
        out = [letter(low)]
        if tone:
            out.append(case(TONE_BYTE[tone]))
        return bytes(out)
    if low in "âêô":
        mark = {None: 0xE2, "\u0300": 0xE0, "\u0301": 0xE1, "\u0309": 0xE5, "\u0303": 0xE3, "\u0323": 0xE4}[tone]
        return bytes([letter({"â": "a", "ê": "e", "ô": "o"}[low]), case(mark)])
    if low == "ă":
        mark = {None: 0xEA, "\u0300": 0xE8, "\u0301": 0xE9, "\u0309": 0xFA, "\u0303": 0xFC, "\u0323": 0xEB}[tone]
        return bytes([letter("a"), case(mark)])
    if low in "ơư":
        out = [case(0xF4 if low == "ơ" else 0xF6)]
        if tone:
            out.append(case(TONE_BYTE[tone]))
        return bytes(out)
    try:
        b = c.encode("cp1252")
        if len(b) == 1 and b[0] < 0xC0:
            return b
    except UnicodeEncodeError:
        pass
    return b"?"


def vni(text, heading=False):
    text = unicodedata.normalize("NFC", text)
    return b"".join(vni_char(c) for c in text)


def as_cp1252(data):
    """What Word stores for a legacy font's bytes: the Windows-1252 characters."""
    return "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in data
    )


# ------------------------------------------------------------------ PDF


class Pdf:
    """A minimal PDF writer: pages of text lines, each line a list of runs
    (font key, bytes)."""

    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def stream(self, dict_body, data):
        return self.add(b"<< " + dict_body + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")

    def write(self, root):
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        for o in offsets:
            out.write(b"%010d 00000 n \n" % o)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objects) + 1, root, xref))
        return out.getvalue()


def pdf_name(name):
    out = b"/"
    for ch in name.encode("latin-1"):
        if ch <= 0x20 or ch >= 0x7F or chr(ch) in "#()<>[]{}/%":
            out += b"#%02X" % ch
        else:
            out += bytes([ch])
    return out


def pdf_literal(data):
    out = b"("
    for b in data:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 0x20 or b >= 0x7F:
            out += b"\\%03o" % b
        else:
            out += bytes([b])
    return out + b")"


def pdf_hex(data):
    return b"<" + data.hex().upper().encode() + b">"


def show(data, style, seed):
    """A TJ operation (or Tj) showing `data`, split the way Word's printer splits
    text: at spaces with small kerning, sometimes inside a word."""
    if style == "Tj":
        return pdf_literal(data) + b" Tj"
    parts = []
    cur = b""
    for i, b in enumerate(data):
        cur += bytes([b])
        # Split after some bytes: spaces, and every 7th byte inside words.
        if b == 0x20 or (i + seed) % 7 == 6:
            parts.append(cur)
            cur = b""
    if cur:
        parts.append(cur)
    enc = pdf_hex if style == "hex" else pdf_literal
    items = []
    for k, p in enumerate(parts):
        items.append(enc(p))
        if k + 1 < len(parts):
            items.append(b"%d" % (-(k % 3) * 7 - 2))  # small kerning: never a space
    return b"[" + b" ".join(items) + b"] TJ"


def make_pdf(pages, fonts):
    """pages: list of pages, each a list of lines, each a list of (font key, bytes).
    fonts: font key -> dict(base=..., kind="simple"|"unicode", encoding=... or None)."""
    pdf = Pdf()
    font_ids = {}
    unicode_maps = {}
    for key, f in fonts.items():
        if f["kind"] == "simple":
            enc = b" /Encoding /WinAnsiEncoding" if f.get("encoding") else b""
            font_ids[key] = pdf.add(
                b"<< /Type /Font /Subtype /TrueType /BaseFont " + pdf_name(f["base"]) +
                b" /FirstChar 32 /LastChar 255 /Widths [" + b" 500" * 224 + b"]" + enc + b" >>")
        else:
            unicode_maps[key] = {}
            font_ids[key] = None  # written after the pages know their characters
    page_ids = []
    contents = []
    for page in pages:
        ops = []
        y = 800
        for n, line in enumerate(page):
            ops.append(b"BT")
            x = 60
            for k, (key, data) in enumerate(line):
                f = fonts[key]
                ops.append(b"/%s 12 Tf" % key.encode())
                if k == 0:
                    ops.append(b"%d %d Td" % (x, y))
                if f["kind"] == "unicode":
                    cmap = unicode_maps[key]
                    codes = b""
                    for ch in data:
                        cid = cmap.setdefault(ch, len(cmap) + 1)
                        codes += cid.to_bytes(2, "big")
                    ops.append(pdf_hex(codes) + b" Tj")
                else:
                    style = ["TJ", "hex", "Tj"][n % 3]
                    ops.append(show(data, style, n))
            ops.append(b"ET")
            y -= 16
        contents.append(b"\n".join(ops))
    for key, cmap in unicode_maps.items():
        lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
                 b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
                 b"1 begincodespacerange <0000> <FFFF> endcodespacerange"]
        items = sorted(cmap.items(), key=lambda kv: kv[1])
        for i in range(0, len(items), 100):
            chunk = items[i:i + 100]
            lines.append(b"%d beginbfchar" % len(chunk))
            for ch, cid in chunk:
                lines.append(b"<%04X> <%s>" % (cid, ch.encode("utf-16-be").hex().upper().encode()))
            lines.append(b"endbfchar")
        lines.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
        tu = pdf.stream(b"", b"\n".join(lines))
        desc = pdf.add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont " + pdf_name(fonts[key]["base"]) +
                       b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>")
        font_ids[key] = pdf.add(b"<< /Type /Font /Subtype /Type0 /BaseFont " + pdf_name(fonts[key]["base"]) +
                                b" /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (desc, tu))
    res = b"<< /Font << " + b" ".join(b"/%s %d 0 R" % (k.encode(), i) for k, i in font_ids.items()) + b" >> >>"
    pages_id = len(pdf.objects) + 2 * len(contents) + 1
    for c in contents:
        cid = pdf.stream(b"", c)
        page_ids.append(pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources " % pages_id +
                                res + b" /Contents %d 0 R >>" % cid))
    got = pdf.add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids) +
                  b"] /Count %d >>" % len(page_ids))
    assert got == pages_id
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.write(root)


# ------------------------------------------------------------------ DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def xml_text(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(s):
    return xml_text(s).replace('"', "&quot;")


def make_docx(paragraphs, default_font=None):
    """paragraphs: list of lists of (font name or None, text as Word stores it)."""
    body = []
    for runs in paragraphs:
        rs = []
        for font, text in runs:
            rpr = ""
            if font:
                f = xml_attr(font)
                rpr = '<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/><w:sz w:val="28"/></w:rPr>' % (f, f, f)
            # Word splits runs (spell-check marks, revisions): split long runs in two.
            pieces = [text] if len(text) < 24 else [text[: len(text) // 2], text[len(text) // 2:]]
            for p in pieces:
                rs.append('<w:r w:rsidR="00A1B2C3">%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, xml_text(p)))
        body.append('<w:p><w:pPr><w:jc w:val="both"/></w:pPr>%s</w:p>' % "".join(rs))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>' % (W, "".join(body)))
    dflt = default_font or "Times New Roman"
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<w:styles xmlns:w="%s"><w:docDefaults><w:rPrDefault><w:rPr>'
              '<w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/></w:rPr></w:rPrDefault></w:docDefaults>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
              '</w:styles>' % (W, xml_attr(dflt), xml_attr(dflt), xml_attr(dflt)))
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    drels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
             '</Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels),
                           ("word/_rels/document.xml.rels", drels),
                           ("word/document.xml", document), ("word/styles.xml", styles)]:
            info = zipfile.ZipInfo(name, date_time=(2005, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


# ------------------------------------------------------------------ letters


def is_heading(line):
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def legacy_lines(text):
    return [l.rstrip() for l in text.splitlines() if l.strip()]


ENCODERS = {"tcvn3": tcvn3, "vni": vni}
FONTS = {
    "tcvn3": (".VnTime", ".VnTimeH"),
    "vni": ("VNI-Times", "VNI-Times"),
}


def tcvn3_runs(line, heading):
    """A line typed in .VnTime as Word holds it: runs of (H font?, bytes). A
    heading line is one .VnTimeH run; elsewhere a toned capital VN3 has no code
    for ("Ủy", "Ở") is typed as its lower-case code in .VnTimeH, one letter long."""
    if heading:
        return [(True, tcvn3(line, heading=True))]
    runs = []
    for c in unicodedata.normalize("NFC", line):
        h = ord(c) >= 0x80 and c.isupper() and TCVN3.get(c, 0) < 0xA0
        b = bytes([tcvn3_char(c.lower() if h else c, False)])
        if runs and runs[-1][0] == h:
            runs[-1] = (h, runs[-1][1] + b)
        else:
            runs.append((h, b))
    return runs


def line_runs(line, enc):
    if enc == "tcvn3":
        return tcvn3_runs(line, is_heading(line))
    return [(False, vni(line))]


def letter_pdf(lines, enc, unnamed=False, per_page=45):
    body, head = FONTS[enc]
    if unnamed:
        body = head = "TimesNewRomanPSMT"
    fonts = {
        "F1": {"base": "ABCDEF+" + body, "kind": "simple", "encoding": True},
        "F2": {"base": head + ",Bold" if head.startswith(".Vn") else head, "kind": "simple", "encoding": False},
    }
    pages = []
    for i in range(0, len(lines), per_page):
        page = []
        for line in lines[i:i + per_page]:
            page.append([("F2" if h else "F1", b) for h, b in line_runs(line, enc)])
        pages.append(page)
    return make_pdf(pages or [[]], fonts)


def letter_docx(lines, enc, unnamed=False, inherit=False):
    body, head = FONTS[enc]
    if unnamed:
        body = head = "Times New Roman"
    paras = []
    for line in lines:
        runs = []
        for h, b in line_runs(line, enc):
            font = head if h else body
            runs.append((None if inherit and not h else font, as_cp1252(b)))
        paras.append(runs)
    return make_docx(paras, default_font=body if inherit else None)


# The fixtures: a short letter with header, body and an H-font title.
HEADER = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 246/UBND-KGVX",
    "Quảng Ngãi, ngày 10 tháng 01 năm 2026",
]
TITLE = "KẾ HOẠCH TRIỂN KHAI CHUYỂN ĐỔI SỐ NĂM 2026"
BODY = [
    "V/v tăng cường triển khai thực hiện Kế hoạch số 02-KH/BCĐTW ngày 19 tháng 6 năm 2025",
    "Kính gửi: Các sở, ban, ngành thuộc tỉnh; Ủy ban nhân dân các xã, phường.",
    "Thực hiện “Kế hoạch số 02-KH/BCĐTW” của Ban Chỉ đạo Trung ương về thúc đẩy chuyển đổi số,",
    "Ủy ban nhân dân tỉnh đề nghị các đơn vị khẩn trương thực hiện những nội dung sau:",
    "1. Sở Khoa học và Công nghệ chủ trì, phối hợp với các đơn vị liên quan rà soát hạ tầng số.",
    "2. Sở Tài chính bố trí kinh phí; báo cáo kết quả trước ngày 31 tháng 3 năm 2026.",
    "Đề nghị Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
]


def expected(lines):
    return "\n".join(lines) + "\n"


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    letter = HEADER + [TITLE] + BODY
    for enc in ("tcvn3", "vni"):
        # 1. Everything in the legacy font (headings in .VnTimeH for TCVN3).
        write(os.path.join(out, "%s-single.pdf" % enc), letter_pdf(letter, enc))
        write(os.path.join(out, "%s-single.docx" % enc), letter_docx(letter, enc, inherit=(enc == "vni")))
        write(os.path.join(out, "%s-single.expected.txt" % enc), expected(letter).encode())
        # 2. The same bytes under an ordinary font name: detected from content.
        write(os.path.join(out, "%s-unnamed.pdf" % enc), letter_pdf(letter, enc, unnamed=True))
        write(os.path.join(out, "%s-unnamed.docx" % enc), letter_docx(letter, enc, unnamed=True))
        write(os.path.join(out, "%s-unnamed.expected.txt" % enc), expected(letter).encode())
    # 3. A Unicode header (Type0 font / Times New Roman runs), an H-font title and a
    #    TCVN3 body; a VNI body with a Unicode header.
    for enc in ("tcvn3", "vni"):
        body, head = FONTS[enc]
        fonts = {
            "U1": {"base": "ABCDEE+TimesNewRomanPSMT", "kind": "unicode"},
            "F1": {"base": body, "kind": "simple", "encoding": True},
            "F2": {"base": "ABCDEG+" + head + ("-Bold" if enc == "tcvn3" else ""), "kind": "simple", "encoding": True},
        }
        page = [[("U1", l)] for l in HEADER]
        page.append([("F2", ENCODERS[enc](TITLE if enc == "vni" else TITLE.lower(), heading=True))])
        # A body line that mixes fonts mid-line: a Unicode number inside legacy text.
        page += [[("F2" if h else "F1", b) for h, b in line_runs(l, enc)] for l in BODY[:-1]]
        page.append([("F1", ENCODERS[enc]("Đề nghị Thủ trưởng các cơ quan ")), ("U1", "(Số 246)"),
                     ("F1", ENCODERS[enc](" nghiêm túc thực hiện./."))])
        mixed_body = BODY[:-1] + ["Đề nghị Thủ trưởng các cơ quan (Số 246) nghiêm túc thực hiện./."]
        write(os.path.join(out, "%s-mixed.pdf" % enc), make_pdf([page], fonts))
        paras = [[("Times New Roman", l)] for l in HEADER]
        paras.append([(head, as_cp1252(ENCODERS[enc](TITLE if enc == "vni" else TITLE.lower(), heading=True)))])
        paras += [[(head if h else body, as_cp1252(b)) for h, b in line_runs(l, enc)] for l in BODY[:-1]]
        paras.append([(body, as_cp1252(ENCODERS[enc]("Đề nghị Thủ trưởng các cơ quan "))),
                      ("Times New Roman", "(Số 246)"),
                      (body, as_cp1252(ENCODERS[enc](" nghiêm túc thực hiện./.")))])
        write(os.path.join(out, "%s-mixed.docx" % enc), make_docx(paras))
        write(os.path.join(out, "%s-mixed.expected.txt" % enc),
              expected(HEADER + [TITLE] + mixed_body).encode())
    # 4. Word's own "Save as PDF" of a .VnTime document: Type0/Identity-H fonts
    #    whose ToUnicode maps each glyph to the Latin-1 character of its code.
    fonts = {
        "T1": {"base": "ABCDEF+.VnTime", "kind": "unicode"},
        "T2": {"base": "ABCDEG+.VnTimeH", "kind": "unicode"},
    }
    page = [[("T2" if h else "T1", as_cp1252(b)) for h, b in line_runs(l, "tcvn3")] for l in letter]
    write(os.path.join(out, "tcvn3-type0.pdf"), make_pdf([page], fonts))
    write(os.path.join(out, "tcvn3-type0.expected.txt"), expected(letter).encode())
    # 5. A Unicode letter typed over a template whose Normal style still says
    #    .VnTime, with one paragraph pasted from an old TCVN3 file: the Unicode
    #    stays as typed (a paragraph of Windows-1252 letters too), the pasted
    #    paragraph is decoded.
    pasted = "Sở Tài chính bố trí kinh phí; báo cáo kết quả trước ngày 31 tháng 3 năm 2026."
    paras = [[(None, l)] for l in letter]
    paras.append([(None, as_cp1252(tcvn3(pasted)))])
    paras.append([(None, "Tài chính: cá và gà, Hà Tây")])
    write(os.path.join(out, "unicode-vntime-style.docx"), make_docx(paras, default_font=".VnTime"))
    write(os.path.join(out, "unicode-vntime-style.expected.txt"), expected(letter + [pasted, "Tài chính: cá và gà, Hà Tây"]).encode())
    # 6. Unicode only (must come out as typed: no false detection), with Latin-1-only runs.
    fonts = {"U1": {"base": "ABCDEE+TimesNewRomanPSMT", "kind": "unicode"},
             "F1": {"base": "TimesNewRomanPSMT", "kind": "simple", "encoding": True}}
    page = [[("U1", l)] for l in letter]
    page.append([("F1", "Tài chính, Lâm Hà: cá và gà, Hà Tây, bà già".encode("cp1252", "replace"))])
    write(os.path.join(out, "unicode.pdf"), make_pdf([page], fonts))
    write(os.path.join(out, "unicode.docx"), make_docx([[("Times New Roman", l)] for l in letter] +
                                                      [[("Times New Roman", "Tài chính, Lâm Hà: cá và gà, Hà Tây, bà già")]]))
    write(os.path.join(out, "unicode.expected.txt"),
          expected(letter + ["Tài chính, Lâm Hà: cá và gà, Hà Tây, bà già"]).encode())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letter", help="a UTF-8 letter to write into tcvn3/vni .pdf/.docx")
    ap.add_argument("--out", default="tests/fixtures/legacy")
    a = ap.parse_args()
    if a.letter:
        os.makedirs(a.out, exist_ok=True)
        with open(a.letter, encoding="utf-8-sig") as f:
            lines = legacy_lines(f.read())
        for enc in ("tcvn3", "vni"):
            write(os.path.join(a.out, "%s.pdf" % enc), letter_pdf(lines, enc))
            write(os.path.join(a.out, "%s.docx" % enc), letter_docx(lines, enc))
        write(os.path.join(a.out, "clean.txt"), expected(lines).encode())
        # The same letter in Unicode (no legacy font: must read as before): words
        # Windows-1252 can hold in a simple TrueType font, the rest in a Type0
        # font, as Word's own PDF export splits them.
        fonts = {"U1": {"base": "ABCDEE+TimesNewRomanPSMT", "kind": "unicode"},
                 "F1": {"base": "TimesNewRomanPSMT", "kind": "simple", "encoding": True}}
        pages = []
        for i in range(0, len(lines), 45):
            page = []
            for line in lines[i:i + 45]:
                runs = []
                for w in line.split(" "):
                    try:
                        runs.append(("F1", (w + " ").encode("cp1252")))
                    except UnicodeEncodeError:
                        runs.append(("U1", w + " "))
                page.append(runs)
            pages.append(page)
        write(os.path.join(a.out, "unicode.pdf"), make_pdf(pages, fonts))
        write(os.path.join(a.out, "unicode.docx"), make_docx([[("Times New Roman", l)] for l in lines]))
        print("wrote %s/{tcvn3,vni,unicode}.{pdf,docx} and clean.txt (%d lines)" % (a.out, len(lines)))
        return
    fixtures(a.out)
    print("wrote fixtures to %s" % a.out)


if __name__ == "__main__":
    sys.exit(main())
