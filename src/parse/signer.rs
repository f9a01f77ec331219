//! The signer block: the signing authority (KT. = ký thay, TM. = thay mặt,
//! TL. = thừa lệnh, TUQ. = thừa ủy quyền, Q. = quyền), the title lines in
//! capitals, and the signer's name.

use crate::normalize::layout::mostly_caps;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The signature block as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignerBlock {
    /// "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN".
    pub authority: Option<String>,
    /// Title lines in capitals after the authority ("PHÓ CHỦ TỊCH").
    pub titles: Vec<String>,
    /// The signer's name.
    pub name: Option<String>,
}

/// The authority marks as written before a title ("KT. CHỦ TỊCH").
const AUTHORITIES: [&str; 5] = ["KT.", "TM.", "TL.", "TUQ.", "Q."];

fn authority_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:^|\s)((?:KT|TM|TL|TUQ|Q|T/M|K/T|T/L)\.?\s+\p{Lu}[\p{Lu}\s]*|(?:KT|TM|TL|TUQ)\.\p{Lu}[\p{Lu}\s]*)$")
            .unwrap_or_else(|e| panic!("signer regex: {e}"))
    })
}

/// The index of the line holding the signing authority ("KT. CHỦ TỊCH").
pub fn authority_line(lines: &[String]) -> Option<usize> {
    lines.iter().position(|l| authority_re().is_match(l.trim()))
}

/// A personal name: 2–6 capitalised words, letters only, and the apostrophe
/// of Central Highlands names ("K' Điểu Thành", "H'Hen Niê").
pub fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.all(|c| c.is_alphabetic() || c == '\'' || c == '’')
        })
}

/// A title of the signature column that a two-column layout ran onto a Nơi nhận
/// entry ("- Như trên; PHÓ CHỦ TỊCH"): the entry and the title, split after the
/// entry's last ";". Codes ("Lưu: VT, KGVX") and one-word tails are not titles.
pub fn split_title_tail(entry: &str) -> (&str, Option<&str>) {
    let Some(semi) = entry.rfind(';') else {
        return (entry, None);
    };
    let tail = entry[semi + 1..].trim();
    let is_title = tail.split_whitespace().count() >= 2
        && tail
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '.')
        && tail
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if is_title {
        (&entry[..=semi], Some(tail))
    } else {
        (entry, None)
    }
}

/// Read the signer block from the lines after the body (Nơi nhận included:
/// its "- " entries are skipped, save a title run onto one).
pub fn parse_signer(lines: &[String]) -> SignerBlock {
    let lines = rejoin_block(&unflatten_block(lines));
    let lines = lines.as_slice();
    let mut b = SignerBlock::default();
    let start = match authority_line(lines) {
        Some(i) => {
            if let Some(c) = authority_re().captures(lines[i].trim()) {
                b.authority = c.get(1).map(|m| m.as_str().trim().to_string());
            }
            i + 1
        }
        None => 0,
    };
    for l in &lines[start.min(lines.len())..] {
        let t = l.trim();
        if t.starts_with(['-', '+', '·']) || t.contains(':') {
            if let (_, Some(title)) = split_title_tail(t) {
                if b.name.is_none() {
                    b.titles.push(title.to_string());
                }
            }
            continue;
        }
        if mostly_caps(t) {
            if b.name.is_none() {
                b.titles.push(t.to_string());
            }
            continue;
        }
        let t = without_rank(t);
        if looks_like_name(t) && (b.authority.is_some() || !b.titles.is_empty()) {
            b.name = Some(t.to_string());
            break;
        }
    }
    b
}

/// Ranks and degrees written before a signer's name ("Thượng tướng Vũ Hải
/// Sản", "TS. Lê Văn An"): not part of the name.
pub fn without_rank(line: &str) -> &str {
    const RANKS: [&str; 14] = [
        "Đại tướng ",
        "Thượng tướng ",
        "Trung tướng ",
        "Thiếu tướng ",
        "Đại tá ",
        "Thượng tá ",
        "Trung tá ",
        "Thiếu tá ",
        "PGS.TS. ",
        "PGS.TS ",
        "GS.TS. ",
        "GS.TS ",
        "TS. ",
        "ThS. ",
    ];
    RANKS
        .iter()
        .find_map(|r| line.strip_prefix(r))
        .map_or(line, str::trim)
}

/// A word in capitals: a piece of a title ("BỘ", "TRƯỞNG,"; "KT." too).
fn caps_word(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']);
    w.chars().count() >= 2 && w.chars().all(char::is_uppercase)
}

/// A word of a personal name: capitalised, the rest small letters.
fn name_word(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase)
        && cs.clone().next().is_some()
        && cs.all(|c| c.is_lowercase() || c == '\'' || c == '’')
}

/// The signature column as text without line breaks gives it (web pages
/// copied as text): the titles and the name run onto one line, often onto the
/// last Nơi nhận entry ("- Lưu: VT, ĐMDN (2b). BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến
/// Dũng", "KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Phạm Lương Sơn"). Such a line
/// ends in a name (2–5 capitalised words) after at least two words in
/// capitals; it is cut into what comes before, each authority and title, and
/// the name, one line each. A line of a wrapped column is left as it is.
fn unflatten_block(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for l in lines {
        match split_flattened(l.trim()) {
            Some(parts) => out.extend(parts),
            None => out.push(l.clone()),
        }
    }
    out
}

fn split_flattened(line: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let name_len = words.iter().rev().take_while(|w| name_word(w)).count();
    if !(2..=5).contains(&name_len) {
        return None;
    }
    let name_at = words.len() - name_len;
    let caps_len = words[..name_at]
        .iter()
        .rev()
        .take_while(|w| caps_word(w))
        .count();
    if caps_len < 2 {
        return None;
    }
    let caps_at = name_at - caps_len;
    let mut out = Vec::new();
    if caps_at > 0 {
        out.push(words[..caps_at].join(" "));
    }
    // Each authority (KT., TM., TL., TUQ.) opens a line; after "KT. X" the
    // deputy's title opens one at "PHÓ"/"THỨ" ("KT. BỘ TRƯỞNG THỨ TRƯỞNG").
    let mut cur: Vec<&str> = Vec::new();
    let mut deputy_next = false;
    for w in &words[caps_at..name_at] {
        let authority = AUTHORITIES.contains(w);
        let deputy = deputy_next && (*w == "PHÓ" || *w == "THỨ") && cur.len() > 1;
        if (authority || deputy) && !cur.is_empty() {
            out.push(cur.join(" "));
            cur.clear();
        }
        if authority {
            deputy_next = *w == "KT.";
        }
        if deputy {
            deputy_next = false;
        }
        cur.push(w);
    }
    out.push(cur.join(" "));
    out.push(words[name_at..].join(" "));
    Some(out)
}

/// One capitalised word: a piece of a name ("Nguyễn", "Thị Thu" is two).
fn name_piece(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && !mostly_caps(line)
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_alphabetic)
        })
}

/// The signature column as a narrow layout wraps it, put back together: "KT."
/// alone over "CHỦ TỊCH", "TM. ỦY BAN NHÂN" over "DÂN", and a name broken over
/// two lines ("Nguyễn" / "Thị Thu", "Nguyễn Quỳnh" / "Thiện").
fn rejoin_block(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for l in lines {
        let t = l.trim();
        if let Some(prev) = out.last_mut() {
            let p = prev.trim();
            let bare_authority = AUTHORITIES.contains(&p);
            let caps_word = mostly_caps(p)
                && mostly_caps(t)
                && authority_re().is_match(p)
                && t.split_whitespace().count() == 1;
            let name_wrapped = name_piece(p)
                && name_piece(t)
                && p.split_whitespace().count() + t.split_whitespace().count() <= 5
                && (!looks_like_name(p) || t.split_whitespace().count() == 1);
            if bare_authority || caps_word || name_wrapped {
                prev.push(' ');
                prev.push_str(t);
                continue;
            }
        }
        out.push(t.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn names_with_an_apostrophe_are_names() {
        let b = parse_signer(&lines(
            "Nơi nhận:\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nK' Điểu Thành",
        ));
        assert_eq!(b.name.as_deref(), Some("K' Điểu Thành"));
        assert!(looks_like_name("H’Hen Niê"));
        assert!(!looks_like_name("Lưu: VT"));
    }

    #[test]
    fn authority_title_name() {
        let b = parse_signer(&lines(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Phước Hiền",
        ));
        assert_eq!(b.authority.as_deref(), Some("KT. CHỦ TỊCH"));
        assert_eq!(b.titles, vec!["PHÓ CHỦ TỊCH"]);
        assert_eq!(b.name.as_deref(), Some("Trần Phước Hiền"));
    }

    #[test]
    fn a_title_run_onto_a_noi_nhan_entry_is_the_signers() {
        let b = parse_signer(&lines(
            "Nơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- Lưu: VT, KGVX.\nNguyễn Văn An",
        ));
        assert_eq!(b.authority.as_deref(), Some("KT. CHỦ TỊCH"));
        assert_eq!(b.titles, vec!["PHÓ CHỦ TỊCH"]);
        assert_eq!(b.name.as_deref(), Some("Nguyễn Văn An"));
        assert_eq!(
            split_title_tail("- VPUB: CVP, PCVP;"),
            ("- VPUB: CVP, PCVP;", None)
        );
        assert_eq!(
            split_title_tail("- Sở Nội vụ; VT"),
            ("- Sở Nội vụ; VT", None)
        );
    }

    #[test]
    fn a_block_wrapped_by_a_narrow_column() {
        let b = parse_signer(&lines(
            "TL. CỤC\nTRƯỞNG\nTRƯỞNG BAN NGHIỆP VỤ\nNguyễn\nThị Thu",
        ));
        assert_eq!(b.name.as_deref(), Some("Nguyễn Thị Thu"));
        let b = parse_signer(&lines(
            "KT.\nCHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Quỳnh\nThiện\nPHỤ LỤC",
        ));
        assert_eq!(b.authority.as_deref(), Some("KT. CHỦ TỊCH"));
        assert_eq!(b.name.as_deref(), Some("Nguyễn Quỳnh Thiện"));
        let b = parse_signer(&lines(
            "TM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nMai\nSơn",
        ));
        assert_eq!(b.name.as_deref(), Some("Mai Sơn"));
        let b = parse_signer(&lines("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nThượng tướng Lê Văn Hà"));
        assert_eq!(b.name.as_deref(), Some("Lê Văn Hà"));
    }

    #[test]
    fn a_block_run_onto_one_line() {
        let b = parse_signer(&lines(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT, CSYT.\nKT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC Phạm Lương Sơn",
        ));
        assert_eq!(b.authority.as_deref(), Some("KT. TỔNG GIÁM ĐỐC"));
        assert_eq!(b.titles, vec!["PHÓ TỔNG GIÁM ĐỐC"]);
        assert_eq!(b.name.as_deref(), Some("Phạm Lương Sơn"));
        let b = parse_signer(&lines(
            "Nơi nhận:\n- Như trên;\n- Lưu: VT, TH (2b). Lan Anh BỘ TRƯỞNG, CHỦ NHIỆM Trần Văn Bình",
        ));
        assert_eq!(b.titles, vec!["BỘ TRƯỞNG, CHỦ NHIỆM"]);
        assert_eq!(b.name.as_deref(), Some("Trần Văn Bình"));
        let b = parse_signer(&lines(
            "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Thị Hoa",
        ));
        assert_eq!(b.authority.as_deref(), Some("TM. ỦY BAN NHÂN DÂN"));
        assert_eq!(b.titles.last().map(String::as_str), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(b.name.as_deref(), Some("Lê Thị Hoa"));
        // An entry that ends in a place name is not a signature.
        assert_eq!(split_flattened("- UBND các xã, phường Hòa Bình"), None);
    }

    #[test]
    fn title_without_authority_and_no_name() {
        let b = parse_signer(&lines("GIÁM ĐỐC\nNguyễn Văn An"));
        assert_eq!(b.authority, None);
        assert_eq!(b.titles, vec!["GIÁM ĐỐC"]);
        assert_eq!(b.name.as_deref(), Some("Nguyễn Văn An"));
        let b = parse_signer(&lines("KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG"));
        assert_eq!(b.titles, vec!["PHÓ CHÁNH VĂN PHÒNG"]);
        assert_eq!(b.name, None);
    }
}
