//! Bodies (cơ quan, đơn vị) named in a letter: is this the name of a body,
//! where does a list of bodies split ("Sở Tư pháp, Sở Y tế và các địa
//! phương" → three; "các sở, ban, ngành, địa phương" → one), "Các Sở: Y tế,
//! Tư pháp" expanded, aliases to canonical names, names in CAPITALS re-cased.
//! Shapes, aliases and titles come from `rules/agencies.toml`.

use crate::rules::fold::{fold, Folded};
use crate::rules::RuleSet;

/// Does `text` begin with the name of a body (or a person standing for one)?
pub fn starts_with_body(text: &str, rules: &RuleSet) -> bool {
    let t = text.trim_start();
    // Folded once for every check below (the extractor asks this of every
    // clause and of the rest of many lines).
    let f = fold(t);
    // "Trường hợp …" (in case) opens a condition, not the name of a school.
    if f.starts_with("truong hop ") {
        return false;
    }
    // "Tổ chức …", "Ban hành …": a verb longer than the head it starts with.
    let verb = rules.cues.action_verbs.starts(&f).unwrap_or(0);
    let head = rules
        .shapes
        .head_exact
        .find(t)
        .or_else(|| rules.shapes.person_exact.find(t))
        .map(|m| fold(m.as_str()).len());
    if let Some(h) = head {
        return verb <= h;
    }
    if known_agency_at(&f, rules).is_some() {
        return true;
    }
    if let Some(n) = rules.shapes.plural.starts(&f) {
        let rest = f[n..].trim_start();
        return rules.shapes.categories.starts(rest).is_some()
            || rules.shapes.heads.starts(rest).is_some();
    }
    false
}

/// A listed agency (name or alias) at the start of folded text: its length.
pub fn known_agency_at(folded: &str, rules: &RuleSet) -> Option<usize> {
    let mut best = None;
    for a in &rules.agencies {
        for k in &a.keys {
            if k.len() >= 4
                && folded.starts_with(k.as_str())
                && folded[k.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
                && best.is_none_or(|b| k.len() > b)
            {
                best = Some(k.len());
            }
        }
    }
    best
}

/// Byte ranges (in folded text = same as original char layout) covered by
/// listed agency names: a list never splits inside them.
fn protected(folded: &str, rules: &RuleSet) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for a in &rules.agencies {
        for k in &a.keys {
            if k.len() < 6 {
                continue;
            }
            let mut from = 0;
            while let Some(i) = folded[from..].find(k.as_str()) {
                out.push((from + i, from + i + k.len()));
                from += i + k.len();
            }
        }
    }
    out
}

/// The canonical name of a body written as an alias ("Sở KH&CN").
pub fn canonical(body: &str, rules: &RuleSet) -> String {
    let b = body
        .trim()
        .trim_end_matches([';', ':', ',', '.', ' '])
        .trim()
        .to_string();
    let f = fold(&b);
    for a in &rules.agencies {
        if a.keys.contains(&f) {
            // Short aliases (UBND) stand for a family: keep them as written.
            if f.len() <= 4 {
                return b;
            }
            return a.name.clone();
        }
    }
    b
}

/// The unit words of a plural head: "xã, phường" (every part a head or a
/// category), or a category with a lowercase qualifier that names no body
/// ("xã ven biển", "xã có rừng" → "xã"). None when the words are no unit
/// ("đơn vị sau").
pub fn plural_unit<'a>(head: &'a str, rules: &RuleSet) -> Option<&'a str> {
    let whole = |h: &str| {
        let fh = fold(h.trim());
        rules.shapes.heads.starts(&fh) == Some(fh.len())
            || rules.shapes.categories.starts(&fh) == Some(fh.len())
    };
    if head.split(',').all(whole) {
        return Some(head);
    }
    // One category and a qualifier in lowercase of at most three words.
    if head.contains(',') {
        return None;
    }
    let h = head.trim();
    let fh = fold(h);
    let n = rules.shapes.categories.starts(&fh)?;
    let cut = h
        .char_indices()
        .nth(fh[..n].chars().count())
        .map_or(h.len(), |(b, _)| b);
    let qualifier: Vec<&str> = h[cut..].split_whitespace().collect();
    let lowercase = |w: &&str| w.chars().all(char::is_lowercase);
    let stop = |w: &&str| rules.shapes.lowercase.contains(&fold(w)) || fold(w) == "sau";
    (h[cut..].starts_with(' ')
        && (1..=3).contains(&qualifier.len())
        && qualifier.iter().all(lowercase)
        && !qualifier.iter().any(stop))
    .then(|| &h[..cut])
}

/// "Các Sở: Giáo dục và Đào tạo, Y tế" → ["Sở Giáo dục và Đào tạo", "Sở Y tế"].
pub fn expand_plural(text: &str, rules: &RuleSet) -> Option<Vec<String>> {
    let text = text.trim();
    let pl = rules.shapes.plural_list(text)?;
    let head = plural_unit(pl.head, rules)?;
    // A place stays in lowercase ("Ủy ban nhân dân tỉnh Gia Lai"); a head is
    // capitalised ("Sở Y tế").
    let place = head
        .split(',')
        .all(|h| rules.shapes.lowercase.contains(&fold(h.trim())));
    let head: String = if place {
        head.to_lowercase()
    } else {
        let mut cs = head.chars();
        cs.next()
            .map(|c| c.to_uppercase().chain(cs).collect())
            .unwrap_or_default()
    };
    let person = pl.person.unwrap_or("");
    // The names run to the end of the text, on its line.
    let list = &text[pl.names_from..];
    if list.contains('\n') {
        return None;
    }
    // "Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng": the last place joined by
    // "và" (a place's name holds no "và"; "Sở Giáo dục và Đào tạo" does).
    let items: Vec<String> = list
        .split([',', ';'])
        .flat_map(|s| {
            if place {
                s.split(" và ").collect::<Vec<_>>()
            } else {
                vec![s]
            }
        })
        .map(|s| s.trim().trim_end_matches(['.', ':']).trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            if person.is_empty() {
                format!("{head} {s}")
            } else {
                format!("{person} {head} {s}")
            }
        })
        .collect();
    (!items.is_empty()).then_some(items)
}

/// Split a list of bodies into bodies.
pub fn split_bodies(text: &str, rules: &RuleSet) -> Vec<String> {
    let t = text
        .trim()
        .trim_end_matches([':', ';', '.', ',', ' '])
        .trim();
    if t.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in t.split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if let Some(v) = expand_plural(part, rules) {
            out.extend(v.into_iter().map(|b| canonical(&b, rules)));
            continue;
        }
        let f = Folded::new(part);
        let prot = protected(&f.folded, rules);
        let mut cuts: Vec<(usize, usize)> = Vec::new(); // (end of left, start of right)
                                                        // Bodies written out from a shared title: (start of right, title).
        let mut prefixes: Vec<(usize, String)> = Vec::new();
        for (sep, len) in [
            (", ", 2usize),
            (" và ", " và ".len()),
            (" cùng ", " cùng ".len()),
        ] {
            let mut from = 0;
            while let Some(i) = part[from..].find(sep) {
                let at = from + i;
                from = at + len;
                let right = &part[at + len..];
                // Folded and original have the same characters: convert the byte
                // offset through the character count.
                let chars_before = part[..at].chars().count();
                let fb = f
                    .folded
                    .char_indices()
                    .nth(chars_before)
                    .map_or(f.folded.len(), |(b, _)| b);
                if prot.iter().any(|&(s, e)| s < fb && fb < e) {
                    continue;
                }
                let r = right.trim_start();
                let fr = fold(r);
                let new_body = rules.shapes.head_exact.is_match(r)
                    || rules.shapes.person_exact.is_match(r)
                    || rules.shapes.plural.starts(&fr).is_some()
                    || known_agency_at(&fr, rules).is_some();
                if new_body {
                    cuts.push((at, at + len));
                } else if repeats_head(&part[..at], r, rules) {
                    // "Chi bộ thôn 3, chi bộ thôn 7": the left body's head
                    // again, in lowercase; capitalised when written out.
                    cuts.push((at, at + len));
                    prefixes.push((at + len, String::new()));
                } else if let Some(prefix) = repeated_unit(&part[..at], r, rules) {
                    // "Trưởng thôn A, thôn B": B's body is "Trưởng thôn B".
                    cuts.push((at, at + len));
                    prefixes.push((at + len, prefix));
                }
            }
        }
        cuts.sort();
        let mut start = 0;
        let with_prefix = |from: usize, body: &str| match prefixes.iter().find(|(s, _)| *s == from)
        {
            Some((_, p)) if p.is_empty() => {
                let mut cs = body.trim().chars();
                cs.next()
                    .map(|c| c.to_uppercase().chain(cs).collect())
                    .unwrap_or_default()
            }
            Some((_, p)) => format!("{p} {}", body.trim()),
            None => {
                // The first of a written-out list drops its "các" ("Tổ
                // trưởng các tổ dân phố số 3, số 5" → "Tổ trưởng tổ dân phố
                // số 3") when the others were written from that title.
                let plain = body.replacen(" các ", " ", 1);
                if from == 0
                    && plain != body
                    && prefixes
                        .iter()
                        .any(|(_, p)| !p.is_empty() && plain.starts_with(&format!("{p} ")))
                {
                    plain
                } else {
                    body.to_string()
                }
            }
        };
        for (l, r) in cuts {
            if l < start {
                continue;
            }
            out.push(canonical(&with_prefix(start, &part[start..l]), rules));
            start = r;
        }
        out.push(canonical(&with_prefix(start, &part[start..]), rules));
    }
    out.retain(|s| !s.is_empty());
    out
}

/// "Chi bộ thôn 3" then ", chi bộ thôn 7": the right side starts, in
/// lowercase, with the head that begins the nearest body on the left (the
/// list itself begins with a capitalised head).
fn repeats_head(left: &str, right: &str, rules: &RuleSet) -> bool {
    let last = left.rsplit([',', ';']).next().unwrap_or(left).trim();
    if !rules.shapes.head_exact.is_match(left.trim())
        || !right.chars().next().is_some_and(char::is_lowercase)
    {
        return false;
    }
    let f = Folded::new(last);
    let fl = &f.folded;
    let Some(n) = rules.shapes.heads.starts_at(&f) else {
        return false;
    };
    // The head as written, compared with its marks ("số" is not "Sở").
    let chars = fl[..n].chars().count();
    let head: String = last
        .chars()
        .take(chars)
        .flat_map(char::to_lowercase)
        .collect();
    let said: String = right
        .chars()
        .take(chars)
        .flat_map(char::to_lowercase)
        .collect();
    head == said && right.chars().nth(chars) == Some(' ')
}

/// "Trưởng thôn A" then ", thôn B" (or ", ấp C", ", thôn 2"): the right side
/// starts with a lowercase unit word (a category) and a name (capitalised or a
/// number), and a body on the left is "<title> <unit> <Name>". Returns the
/// title ("Trưởng"), to write B out in full. "Tổ trưởng các tổ dân phố số 3,
/// số 5": the right side is a number alone; the title is everything before
/// "số" on the left, without its "các".
fn repeated_unit(left: &str, right: &str, rules: &RuleSet) -> Option<String> {
    let fr = fold(right);
    // The bodies on the left, nearest first: the title may sit several
    // commas back ("Trưởng thôn 1, thôn 2, thôn 4").
    let segments: Vec<&str> = left.rsplit([',', ';']).map(str::trim).collect();
    let titled = |t: &str| {
        !t.is_empty()
            && (rules.shapes.person_exact.is_match(t) || rules.shapes.head_exact.is_match(t))
    };
    if let Some(rest) = fr.strip_prefix("so ") {
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        for seg in &segments {
            if let Some(pos) = seg.rfind(" số ") {
                let title = seg[..pos].replacen(" các ", " ", 1);
                return titled(&title).then_some(title);
            }
        }
        return None;
    }
    let name_follows = |text: &str, n: usize| {
        let unit_len = text
            .char_indices()
            .nth(fold(text)[..n].chars().count())
            .map_or(text.len(), |(b, _)| b);
        let unit = &text[..unit_len];
        !unit.chars().next().is_none_or(char::is_uppercase)
            && text[unit_len..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let n = rules.shapes.categories.starts(&fr)?;
    if !name_follows(right, n) {
        return None;
    }
    for seg in &segments {
        for (pos, _) in seg.match_indices(' ') {
            let title = seg[..pos].trim();
            let rest = seg[pos + 1..].trim_start();
            let Some(m) = rules.shapes.categories.starts(&fold(rest)) else {
                continue;
            };
            if name_follows(rest, m) && titled(title) {
                return Some(title.to_string());
            }
        }
    }
    None
}

fn title_case_word(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) => c
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// A body's name written in CAPITALS, re-cased: "ỦY BAN NHÂN DÂN TỈNH QUẢNG
/// NGÃI" → "Ủy ban nhân dân tỉnh Quảng Ngãi", "SỞ NỘI VỤ" → "Sở Nội vụ",
/// "VĂN PHÒNG UBND TỈNH" → "Văn phòng Ủy ban nhân dân tỉnh" (a listed alias).
pub fn recase_agency(caps: &str, rules: &RuleSet) -> String {
    let words: Vec<&str> = caps.split_whitespace().collect();
    let text = words.join(" ");
    let f = fold(&text);
    // A listed agency (name or alias) as a whole or as a prefix.
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    for a in &rules.agencies {
        if a.keys.iter().any(|k| *k == f && k.len() > 4) {
            return a.name.clone();
        }
        let nf = fold(&a.name);
        if f.starts_with(&format!("{nf} ")) && nf.split(' ').count() > i {
            out = a.name.split(' ').map(str::to_string).collect();
            i = nf.split(' ').count();
        }
    }
    let acronym = |w: &str| {
        let fw = fold(w);
        w.chars().count() <= 6
            && (rules.agencies.iter().any(|a| a.keys.contains(&fw))
                || rules.codes.iter().any(|(k, _)| k.eq_ignore_ascii_case(&fw)))
    };
    // A generic head ("Văn phòng", "Sở"): its words, then a capitalised name.
    let mut name_next = false;
    if i == 0 {
        // On the words as written: "BẢO HIỂM" is not the head "Báo".
        if let Some(n) = rules.shapes.heads.starts_at(&Folded::new(&text)) {
            let hw = f[..n].split_whitespace().count();
            for (k, w) in words.iter().take(hw).enumerate() {
                out.push(if acronym(w) {
                    w.to_string()
                } else if k == 0 {
                    title_case_word(w)
                } else {
                    w.to_lowercase()
                });
            }
            i = hw;
            name_next = true;
        }
    }
    let mut place = false;
    // Words of a phrase already written out (a place, a small phrase, a name).
    let mut skip = 0;
    for (k, w) in words.iter().enumerate().skip(i) {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let fw = fold(w);
        let rest = &words[k..];
        // A place of two words ("THÀNH PHỐ HỒ CHÍ MINH"): small, then the
        // name. A phrase of `lowercase` that opens on a place word ("xã hội")
        // is not a place: small, and no proper name follows. A proper name
        // as the rules write it ("VIỆT NAM" → "Việt Nam").
        let phrase: Option<(Vec<String>, bool)> =
            if let Some(n) = longest_phrase_at(rest, &rules.shapes.places) {
                Some((rest[..n].iter().map(|w| w.to_lowercase()).collect(), true))
            } else if let Some(n) = longest_phrase_at(rest, &rules.shapes.lowercase) {
                Some((rest[..n].iter().map(|w| w.to_lowercase()).collect(), false))
            } else {
                proper_at(rest, rules).map(|p| (p.split(' ').map(str::to_string).collect(), false))
            };
        if let Some((written, is_place)) = phrase {
            skip = written.len() - 1;
            out.extend(written);
            place = is_place;
            name_next = false;
            continue;
        }
        let lower = rules.shapes.lowercase.contains(&fw);
        let word = if acronym(w) {
            w.to_string()
        } else if place || k == 0 || (name_next && !lower) {
            title_case_word(w)
        } else {
            w.to_lowercase()
        };
        name_next = false;
        if rules.shapes.places.contains(&fw) {
            place = true;
        }
        out.push(word);
    }
    // The result may now be a listed alias ("Văn phòng UBND tỉnh").
    canonical(&out.join(" "), rules)
}

/// How many of `words` the phrase `folded` (single spaces) covers from the
/// first; None when they do not open with it.
fn phrase_len_at(words: &[&str], folded: &str) -> Option<usize> {
    let n = folded.split(' ').count();
    let span: Vec<String> = words.iter().take(n).map(|w| fold(w)).collect();
    (span.len() == n && span.join(" ") == folded).then_some(n)
}

/// How many of `words` the longest phrase of two or more words in `folded`
/// covers from the first ("THÀNH PHỐ" of the places, "XÃ HỘI" of the small
/// phrases).
fn longest_phrase_at(words: &[&str], folded: &[String]) -> Option<usize> {
    (folded.iter())
        .filter(|p| p.contains(' '))
        .filter_map(|p| phrase_len_at(words, p))
        .max()
}

/// The phrase of `[shapes] proper` that `words` open with, as written there
/// ("VIỆT NAM" → "Việt Nam").
fn proper_at<'r>(words: &[&str], rules: &'r RuleSet) -> Option<&'r str> {
    (rules.shapes.proper.iter())
        .filter(|p| phrase_len_at(words, &fold(p)).is_some())
        .max_by_key(|p| p.len())
        .map(String::as_str)
}

/// A signer title in CAPITALS, re-cased from the titles list ("PHÓ CHỦ TỊCH").
pub fn recase_title(caps: &str, rules: &RuleSet) -> String {
    let f = fold(caps.trim());
    for t in &rules.titles {
        if fold(t) == f {
            return t.clone();
        }
    }
    let mut words = caps.split_whitespace();
    let first = words.next().map(title_case_word).unwrap_or_default();
    std::iter::once(first)
        .chain(words.map(str::to_lowercase))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<String> {
        split_bodies(t, &RuleSet::bundled())
    }

    #[test]
    fn lists_split_into_bodies() {
        assert_eq!(
            split("Các sở, ban, ngành, địa phương"),
            vec!["Các sở, ban, ngành, địa phương"]
        );
        assert_eq!(
            split("Các sở, ngành; UBND xã, phường, đặc khu"),
            vec!["Các sở, ngành", "UBND xã, phường, đặc khu"]
        );
        assert_eq!(
            split("Trung tâm phục vụ hành chính công của tỉnh, Sở Khoa học và Công nghệ, Sở Tư pháp, Sở Nông nghiệp và Môi trường"),
            vec!["Trung tâm phục vụ hành chính công của tỉnh", "Sở Khoa học và Công nghệ", "Sở Tư pháp", "Sở Nông nghiệp và Môi trường"]
        );
        assert_eq!(
            split("sở, ngành, địa phương liên quan và các doanh nghiệp viễn thông"),
            vec![
                "sở, ngành, địa phương liên quan",
                "các doanh nghiệp viễn thông"
            ]
        );
        assert_eq!(
            split("Văn phòng UBND tỉnh và các sở, ngành liên quan"),
            vec!["Văn phòng Ủy ban nhân dân tỉnh", "các sở, ngành liên quan"]
        );
        assert_eq!(
            split("Sở Văn hóa, Thể thao và Du lịch"),
            vec!["Sở Văn hóa, Thể thao và Du lịch"]
        );
        assert_eq!(split("Sở KH&CN"), vec!["Sở Khoa học và Công nghệ"]);
    }

    /// The plural words are `[shapes] plural` of agencies.toml: another word
    /// there ("những") opens a list the same way, and a word taken out of it
    /// ("các") no longer does, in splitting bodies and in reading a clause.
    #[test]
    fn plural_lists_follow_the_plural_words_of_the_rules() {
        let with_plural = |words: &str| {
            let files: Vec<(String, String)> = RuleSet::bundled_files()
                .iter()
                .map(|(n, t)| {
                    let t = if *n == "agencies.toml" {
                        t.replace("plural = [\"các\", \"Các\"]", &format!("plural = {words}"))
                    } else {
                        t.to_string()
                    };
                    (n.to_string(), t)
                })
                .collect();
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            RuleSet::from_toml_strs(&refs).expect("edited rules")
        };
        let nhung = with_plural(r#"["các", "những"]"#);
        assert_eq!(
            split_bodies("Những Sở: Y tế, Tư pháp", &nhung),
            vec!["Sở Y tế", "Sở Tư pháp"]
        );
        let lead = |t: &str, r: &RuleSet| crate::extract::tasks::read_clause(t, r).lead;
        assert_eq!(
            lead("Những Sở: Y tế, Tư pháp theo dõi, báo cáo kết quả.", &nhung),
            vec!["Sở Y tế", "Sở Tư pháp"]
        );
        let without_cac = with_plural(r#"["những"]"#);
        assert_eq!(
            split_bodies("Các Sở: Y tế, Tư pháp", &without_cac),
            vec!["Các Sở: Y tế, Tư pháp"]
        );
    }

    #[test]
    fn plural_lists_expand() {
        assert_eq!(
            split("Các Sở: Giáo dục và Đào tạo, Y tế, Nông nghiệp và Môi trường"),
            vec![
                "Sở Giáo dục và Đào tạo",
                "Sở Y tế",
                "Sở Nông nghiệp và Môi trường"
            ]
        );
        assert_eq!(
            split("Giám đốc các Sở: Nội vụ, Tài chính"),
            vec!["Giám đốc Sở Nội vụ", "Giám đốc Sở Tài chính"]
        );
        assert_eq!(
            split("Giám đốc các Sở: Nội vụ, Tài chính; Chủ tịch UBND các xã, phường"),
            vec![
                "Giám đốc Sở Nội vụ",
                "Giám đốc Sở Tài chính",
                "Chủ tịch UBND các xã, phường"
            ]
        );
    }

    #[test]
    fn distributive_bodies_are_written_out() {
        assert_eq!(
            split("UBND các xã, phường: Tân An, Bình Minh và Hòa Lợi"),
            vec![
                "UBND xã, phường Tân An",
                "UBND xã, phường Bình Minh",
                "UBND xã, phường Hòa Lợi"
            ]
        );
        assert_eq!(
            split("Chủ tịch UBND các huyện: Sơn Hà, Ba Tơ"),
            vec!["Chủ tịch UBND huyện Sơn Hà", "Chủ tịch UBND huyện Ba Tơ"]
        );
        assert_eq!(
            split("Trưởng thôn Phú An, thôn Hạ Lộc; Tổ trưởng tổ dân phố Đông Hòa"),
            vec![
                "Trưởng thôn Phú An",
                "Trưởng thôn Hạ Lộc",
                "Tổ trưởng tổ dân phố Đông Hòa"
            ]
        );
        // A collective stays one.
        assert_eq!(split("UBND các xã, phường"), vec!["UBND các xã, phường"]);
    }

    #[test]
    fn repeated_units_numbers_and_heads_are_written_out() {
        // The title sits several bodies back; a unit may be a number or a
        // different unit word.
        assert_eq!(
            split("Trưởng thôn 2, thôn 5, thôn 9 và ấp Cây Dầu"),
            vec![
                "Trưởng thôn 2",
                "Trưởng thôn 5",
                "Trưởng thôn 9",
                "Trưởng ấp Cây Dầu"
            ]
        );
        assert_eq!(
            split("Chủ tịch UBND xã Hòa Bình, phường Tây Lộc"),
            vec!["Chủ tịch UBND xã Hòa Bình", "Chủ tịch UBND phường Tây Lộc"]
        );
        assert_eq!(
            split("Trưởng các khu phố số 4, số 6 và số 8"),
            vec![
                "Trưởng khu phố số 4",
                "Trưởng khu phố số 6",
                "Trưởng khu phố số 8"
            ]
        );
        assert_eq!(
            split("Tổ trưởng các tổ dân phố số 2, số 4 và số 9"),
            vec![
                "Tổ trưởng tổ dân phố số 2",
                "Tổ trưởng tổ dân phố số 4",
                "Tổ trưởng tổ dân phố số 9"
            ]
        );
        assert_eq!(
            split("Chi bộ bản Nà Hin, chi bộ thôn 12 và chi bộ khu phố Mới"),
            vec!["Chi bộ bản Nà Hin", "Chi bộ thôn 12", "Chi bộ khu phố Mới"]
        );
    }

    #[test]
    fn bodies_are_recognised() {
        let r = RuleSet::bundled();
        assert!(starts_with_body("Sở Tư pháp chủ trì", &r));
        assert!(starts_with_body("Các sở, ban, ngành", &r));
        assert!(starts_with_body("Trưởng các phòng", &r));
        assert!(!starts_with_body("Các hệ thống quản lý", &r));
        assert!(!starts_with_body("Rà soát hồ sơ", &r));
        assert!(!starts_with_body("Trường hợp hồ sơ chưa đủ", &r));
    }

    #[test]
    fn capitals_are_recased() {
        let r = RuleSet::bundled();
        for (caps, name) in [
            (
                "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
                "Ủy ban nhân dân tỉnh Quảng Ngãi",
            ),
            ("SỞ NỘI VỤ", "Sở Nội vụ"),
            // "BẢO" is not the head "Báo"; "XÃ HỘI" is not a commune.
            ("BẢO HIỂM XÃ HỘI VIỆT NAM", "Bảo hiểm xã hội Việt Nam"),
            ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
            ("UBND XÃ BÌNH SƠN", "UBND xã Bình Sơn"),
            (
                "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
                "Ủy ban nhân dân thành phố Hồ Chí Minh",
            ),
        ] {
            assert_eq!(recase_agency(caps, &r), name);
        }
        assert_eq!(
            recase_title("PHÓ CHÁNH VĂN PHÒNG", &r),
            "Phó Chánh Văn phòng"
        );
    }
}
