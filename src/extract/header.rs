//! Header fields of a letter: kind, number, issued date, place, issuer,
//! subject, draft flag, recipients, signer, Nơi nhận. A field the letter does
//! not show stays null (a header lost in extraction is not guessed at).

use super::assignees::{recase_agency, recase_title, split_bodies};
use super::numbers::normalize_number;
use super::references::kind_from_number;
use crate::letter::{Document, Reference, Signer};
use crate::parse::ParsedLetter;
use crate::rules::fold::{fold, Folded};
use crate::rules::RuleSet;

/// The kind named by a title line ("KẾ HOẠCH", "THÔNG BÁO KẾT LUẬN").
fn kind_of_title(title: &str, rules: &RuleSet) -> Option<String> {
    let f = fold(title.trim());
    let mut best: Option<(usize, &str)> = None;
    for k in &rules.kinds {
        for n in &k.names {
            if (f == *n || f.starts_with(&format!("{n} "))) && best.is_none_or(|(l, _)| n.len() > l)
            {
                best = Some((n.len(), k.name.as_str()));
            }
        }
    }
    best.map(|(_, n)| n.to_string())
}

/// The issuer from the agency lines: the unit under its parent ("UBND TỈNH X"
/// over "SỞ NỘI VỤ" → "Sở Nội vụ"), else all lines together.
fn issuer_of(agency: &[String], rules: &RuleSet) -> Option<String> {
    let mut lines: Vec<String> = agency
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && !s.chars().all(|c| !c.is_alphanumeric()))
        .map(str::to_string)
        .collect();
    let first = first_head_line(&mut lines, rules);
    let lines: Vec<&str> = lines[first..].iter().map(String::as_str).collect();
    let lines = lines.as_slice();
    if lines.is_empty() {
        return None;
    }
    // The unit under its parent ("UBND TỈNH GIA LAI" / "SỞ Y TẾ"; "ỦY BAN NHÂN
    // DÂN" / "THÀNH PHỐ HỒ CHÍ MINH" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO"): the last line
    // below the first that opens with a head (as written: "CỘNG" is not
    // "Cổng") and not with a place.
    let head_at = |l: &str| rules.shapes.heads.starts_at(&Folded::new(l));
    let place_line = |f: &str| {
        (rules.shapes.places.iter()).any(|p| {
            f.strip_prefix(p.as_str())
                .is_some_and(|r| r.starts_with(' '))
        })
    };
    let unit = (1..lines.len())
        .rev()
        .find(|&j| head_at(lines[j]).is_some() && !place_line(&fold(lines[j])));
    if let Some(j) = unit {
        let unit_name = recase_agency(&lines[j..].join(" "), rules);
        // A bare "VĂN PHÒNG" under "UBND TỈNH GIA LAI" is that body's office.
        if head_at(lines[j]) == Some(fold(lines[j]).len()) {
            let parent = recase_agency(&lines[..j].join(" "), rules);
            return Some(format!("{unit_name} {parent}"));
        }
        return Some(unit_name);
    }
    Some(recase_agency(&lines.join(" "), rules))
}

/// The index of the first agency line that begins like a body's name (stamp
/// or logo text OCR'd above it is skipped). A head a narrow column wrapped
/// ("ỦY" / "BAN NHÂN DÂN" / "THÀNH PHỐ …") is first joined into that line.
fn first_head_line(lines: &mut Vec<String>, rules: &RuleSet) -> usize {
    let first = lines
        .iter()
        .position(|l| rules.shapes.heads.starts(&fold(l)).is_some())
        .unwrap_or(0);
    let wrapped = (0..=first.min(lines.len().saturating_sub(1))).find_map(|i| {
        let joined = fold(&lines[i..].join(" "));
        let n = rules.shapes.heads.starts(&joined)?;
        let head_chars = joined[..n].chars().count();
        (lines[i].chars().count() < head_chars).then_some((i, head_chars))
    });
    let Some((i, head_chars)) = wrapped else {
        return first;
    };
    while lines.len() > i + 1 && lines[i].chars().count() < head_chars {
        let next = lines.remove(i + 1);
        lines[i] = format!("{} {next}", lines[i]);
    }
    i
}

/// The issuer named in the body's first lines: "Chủ tịch Ủy ban nhân dân tỉnh
/// yêu cầu", "Văn phòng UBND yêu cầu".
fn issuer_in_preamble(parsed: &ParsedLetter, rules: &RuleSet) -> Option<String> {
    for node in parsed.body.iter().take(4) {
        let f = Folded::new(&node.text);
        // Every cue, left to right: the first one with a body just before it.
        let mut hits: Vec<usize> = ["yeu cau", "chi dao", "de nghi", "thong bao"]
            .iter()
            .flat_map(|cue| {
                let pat = format!(" {cue}");
                f.folded
                    .match_indices(&pat)
                    .map(|(at, _)| at)
                    .collect::<Vec<_>>()
            })
            .collect();
        hits.sort_unstable();
        for at in hits {
            // The clause before the cue: after the last ';', '.' or ','.
            let head_start = f.folded[..at].rfind([';', '.', ',']).map_or(0, |i| i + 1);
            let clause = f.slice(head_start, at).trim();
            let clause = clause
                .strip_prefix("Chủ tịch ")
                .or_else(|| clause.strip_prefix("Giám đốc "))
                .or_else(|| clause.strip_prefix("Trưởng "))
                .unwrap_or(clause);
            if super::assignees::starts_with_body(clause, rules)
                && clause.split_whitespace().count() <= 8
            {
                return Some(clause.to_string());
            }
        }
    }
    None
}

/// A letter whose header was lost (a text copied from the body down) still
/// names itself over its appendix: "(Kèm theo Công văn số 5435/CT-NVT ngày
/// 21/11/2025 của Cục Thuế)". The first such line gives the letter's kind,
/// number and date.
fn named_by_appendix(parsed: &ParsedLetter, rules: &RuleSet) -> Option<Reference> {
    let full = parsed.lines.join(" ");
    let f = Folded::new(&full);
    f.folded.match_indices("(kem theo ").find_map(|(at, _)| {
        let snippet = window(&full, f.at(at + "(kem theo ".len()));
        // The attribution closes its parenthesis: "(Kèm theo … của Cục Thuế)".
        kind_led_reference(snippet.split(')').next().unwrap_or(snippet), rules)
    })
}

/// The 200 bytes of `text` from `from` (ending on a character boundary).
fn window(text: &str, from: usize) -> &str {
    let mut to = (from + 200).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[from..to]
}

/// The document a phrase opens with when it opens with a kind's name
/// ("Công văn số 5435/CT-NVT ngày …", "Nghị định 304/2025/NĐ-CP …").
fn kind_led_reference(snippet: &str, rules: &RuleSet) -> Option<Reference> {
    let folded = fold(snippet);
    let starts_with_kind = rules
        .kinds
        .iter()
        .any(|k| k.names.iter().any(|n| folded.starts_with(n.as_str())));
    if !starts_with_kind {
        return None;
    }
    let r = super::references::references(&[snippet], rules, None)
        .into_iter()
        .next()?;
    r.kind.is_some().then_some(r)
}

/// A text that opens by announcing a document instead of reproducing its
/// header (a publisher's summary, a forwarded notice): "Ngày 25/11/2025,
/// Chính phủ ban hành Nghị định 304/2025/NĐ-CP …" within its first lines
/// names that document's kind, number and date.
fn named_by_announcement(parsed: &ParsedLetter, rules: &RuleSet) -> Option<Reference> {
    let opening = parsed
        .lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty());
    for line in opening.take(4) {
        let Some((date, _)) = super::dates::date_at_start(&line.to_lowercase()) else {
            continue;
        };
        let f = Folded::new(line);
        let Some(at) = f.folded.find(" ban hanh ") else {
            continue;
        };
        let snippet = window(line, f.at(at + " ban hanh ".len()));
        if let Some(mut r) = kind_led_reference(snippet, rules) {
            r.date = Some(date.iso());
            return Some(r);
        }
    }
    None
}

/// Read the header fields.
pub fn document(parsed: &ParsedLetter, rules: &RuleSet) -> Document {
    let mut doc = header_fields(parsed, rules);
    if doc.number.is_none() && doc.issued.is_none() {
        let named =
            named_by_announcement(parsed, rules).or_else(|| named_by_appendix(parsed, rules));
        if let Some(r) = named {
            doc.number = Some(r.number);
            doc.issued = r.date;
            doc.kind = r.kind.or(doc.kind);
        }
    }
    doc
}

fn header_fields(parsed: &ParsedLetter, rules: &RuleSet) -> Document {
    let h = &parsed.header;
    let number = h.number_text.as_ref().map(|n| normalize_number(n, rules));
    // A kind whose code decides (VBHN) wins over the title it reproduces.
    let decided = number.as_deref().and_then(|n| {
        let name = kind_from_number(n, rules)?;
        rules
            .kinds
            .iter()
            .any(|k| k.number_decides && k.name == name)
            .then_some(name)
    });
    let kind = decided
        .or_else(|| h.title.as_deref().and_then(|t| kind_of_title(t, rules)))
        .or_else(|| h.vv.then(|| "Công văn".to_string()))
        .or_else(|| {
            let n = number.as_deref()?;
            kind_from_number(n, rules).or_else(|| Some("Công văn".to_string()))
        });
    let issued = h.date.map(|(d, m, y)| match d {
        Some(d) if super::dates::Ymd::new(y, m, d).is_some() => format!("{y:04}-{m:02}-{d:02}"),
        _ => format!("{y:04}-{m:02}"),
    });
    let issuer = issuer_of(&h.agency, rules)
        .or_else(|| {
            let a = parsed.signer.authority.as_deref()?;
            let rest = a.strip_prefix("TM.")?.trim();
            Some(recase_agency(rest, rules))
        })
        .or_else(|| issuer_in_preamble(parsed, rules));
    let s = &parsed.signer;
    let signer = if s.titles.is_empty() && s.name.is_none() {
        None
    } else {
        Some(Signer {
            name: s.name.clone(),
            title: s.titles.last().map(|t| recase_title(t, rules)),
        })
    };
    let recipients = parsed
        .recipients
        .iter()
        .flat_map(|r| {
            let v = split_bodies(r, rules);
            if v.is_empty() {
                vec![r.clone()]
            } else {
                // The Kính gửi line is written as the clerk wants it: keep it
                // whole unless it is a list of distinct bodies.
                if v.len() > 1 {
                    v
                } else {
                    vec![r.clone()]
                }
            }
        })
        .collect();
    Document {
        kind,
        number,
        issued,
        place: h.place.clone(),
        issuer,
        subject: h.subject.clone(),
        recipients,
        signer,
        draft: h.draft,
        noi_nhan: parsed.noi_nhan.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document_of(text: &str) -> Document {
        let parsed = crate::parse::parse(&crate::normalize::normalize(text));
        header_fields(&parsed, &RuleSet::bundled())
    }

    #[test]
    fn a_consolidated_text_is_known_by_its_number_not_its_title() {
        let text = "BỘ QUỐC PHÒNG\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                    Độc lập - Tự do - Hạnh phúc\n\nSố: 92/VBHN-BQP\n\nHà Nội, ngày 24 tháng 11 năm 2025\n\n\
                    QUYẾT ĐỊNH\nVỀ CHẾ ĐỘ ĐỐI VỚI QUÂN NHÂN ĐÃ PHỤC VIÊN\n\n\
                    Điều 1. Quy định chế độ đối với quân nhân.\n";
        let doc = document_of(text);
        assert_eq!(doc.number.as_deref(), Some("92/VBHN-BQP"));
        assert_eq!(doc.kind.as_deref(), Some("Văn bản hợp nhất"));
        // The title still decides for an ordinary number.
        let doc = document_of(&text.replace("92/VBHN-BQP", "92/QĐ-BQP"));
        assert_eq!(doc.kind.as_deref(), Some("Quyết định"));
    }

    #[test]
    fn an_issuer_wrapped_by_a_narrow_column_is_one_name() {
        let text = "ỦY\nBAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n--------\n\
                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                    Số: 15/UBND-ĐT\nThành phố Hồ Chí Minh, ngày 02 tháng 3 năm 2025\n\
                    Kính gửi: Sở Xây dựng.\nĐề nghị Sở Xây dựng báo cáo trước ngày 10/3/2025.\n";
        assert_eq!(
            document_of(text).issuer.as_deref(),
            Some("Ủy ban nhân dân thành phố Hồ Chí Minh")
        );
        // The same header with another head: a third line (the Sở under the
        // city), a Party header, a head that is one line.
        for (from, to, issuer) in [
            (
                "THÀNH PHỐ HỒ CHÍ MINH\n",
                "THÀNH PHỐ HỒ CHÍ MINH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n",
                "Sở Giáo dục và Đào tạo",
            ),
            (
                "ỦY\nBAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n--------\n",
                "BAN\nCHẤP HÀNH TRUNG ƯƠNG\n*\nĐẢNG\nCỘNG SẢN VIỆT NAM\n",
                "Ban chấp hành Trung ương",
            ),
            (
                "ỦY\nBAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH",
                "BẢO HIỂM XÃ HỘI VIỆT NAM",
                "Bảo hiểm xã hội Việt Nam",
            ),
        ] {
            let other = text.replace(from, to);
            assert_eq!(document_of(&other).issuer.as_deref(), Some(issuer), "{to}");
        }
    }

    #[test]
    fn a_text_that_announces_a_document_is_known_by_it() {
        let rules = RuleSet::bundled();
        let text = "## Quy định mới về thu giữ tài sản bảo đảm\n\
                    Ngày 25/11/2025, Chính phủ ban hành Nghị định 304/2025/NĐ-CP quy định điều kiện \
                    thu giữ, thay thế Nghị định 21/2021/NĐ-CP.\n\
                    Theo đó, tài sản bảo đảm được thu giữ khi đáp ứng các điều kiện sau.\n";
        let parsed = crate::parse::parse(&crate::normalize::normalize(text));
        let doc = document(&parsed, &rules);
        assert_eq!(doc.number.as_deref(), Some("304/2025/NĐ-CP"));
        assert_eq!(doc.kind.as_deref(), Some("Nghị định"));
        assert_eq!(doc.issued.as_deref(), Some("2025-11-25"));
        // A body sentence further down that mentions a decision does not name the text.
        let later = "Kính gửi: Sở Nội vụ\nThực hiện chỉ đạo của Tỉnh ủy, đề nghị Sở triển khai.\n\
                     Căn cứ kế hoạch.\nVề nội dung này.\nNgày 12/3/2025, UBND tỉnh ban hành Quyết định 5/QĐ-UBND.\n";
        let parsed = crate::parse::parse(&crate::normalize::normalize(later));
        assert_eq!(document(&parsed, &rules).number, None);
    }
}
