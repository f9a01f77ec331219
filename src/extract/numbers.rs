//! Document numbers (số và ký hiệu): found with the grammars of
//! `rules/numbers.toml`, written out without the spaces PDF extraction adds,
//! and with Đ restored from `rules/abbreviations.toml` ("BCDTW" → "BCĐTW").

use crate::rules::RuleSet;

/// A number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberHit {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// The number, normalized.
    pub number: String,
}

/// Every document number in `text`, left to right, without overlaps (the
/// longest match wins where grammars overlap).
pub fn find_numbers(text: &str, rules: &RuleSet) -> Vec<NumberHit> {
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for g in &rules.grammars {
        for (s, mut e) in g.find_all(text) {
            // Trailing separators belong to the sentence.
            while e > s && text[..e].ends_with(['-', '/', ' ', '&']) {
                e -= 1;
            }
            e = s + without_glued_word(&text[s..e]).len();
            hits.push((s, e));
        }
    }
    hits.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<NumberHit> = Vec::new();
    for (s, e) in hits {
        if out.last().is_some_and(|h| s < h.end) {
            continue;
        }
        out.push(NumberHit {
            start: s,
            end: e,
            number: normalize_number(&text[s..e], rules),
        });
    }
    out
}

/// A number whose code ran into the next word when a line break was lost
/// ("75/2024/TT-BTCQuy định"): the capitalised word ("Quy") is cut off. A code
/// holds at most one lower-case letter after a capital ("QĐ-TTg"), so two or
/// more after a capital that follows another capital start a word.
fn without_glued_word(number: &str) -> &str {
    let chars: Vec<(usize, char)> = number.char_indices().collect();
    let n = chars.len();
    let lower_tail = chars
        .iter()
        .rev()
        .take_while(|(_, c)| c.is_lowercase())
        .count();
    if lower_tail < 2 || n < lower_tail + 3 {
        return number;
    }
    let (cap_at, cap) = chars[n - lower_tail - 1];
    let before = chars[n - lower_tail - 2].1;
    if cap.is_uppercase() && before.is_uppercase() {
        &number[..cap_at]
    } else {
        number
    }
}

/// Spaces removed, Đ restored.
pub fn normalize_number(raw: &str, rules: &RuleSet) -> String {
    let compact: String = raw.split_whitespace().collect();
    restore_d(&compact, rules)
}

/// Restore Đ in the codes of a number typed or OCR'd with D. A number that
/// already has a Đ is trusted as written. Each D is restored only when the
/// longest listed code covering it has Đ there (and no other code of the same
/// length disagrees).
pub fn restore_d(number: &str, rules: &RuleSet) -> String {
    if number.contains(['Đ', 'đ']) {
        return number.to_string();
    }
    let chars: Vec<char> = number.chars().collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphabetic() {
            i += 1;
        }
        let run: Vec<char> = chars[start..i]
            .iter()
            .map(|c| c.to_ascii_uppercase())
            .collect();
        for (j, &c) in run.iter().enumerate() {
            if c != 'D' {
                continue;
            }
            // (length, restores-to-Đ) of every code covering position j.
            let mut best: Option<(usize, bool, bool)> = None; // (len, dj, conflict)
            for (key, code) in &rules.codes {
                let kc: Vec<char> = key.chars().collect();
                let cc: Vec<char> = code.chars().collect();
                if kc.len() != cc.len() || kc.len() > run.len() {
                    continue;
                }
                for p in 0..=(run.len() - kc.len()) {
                    if p > j || j >= p + kc.len() || run[p..p + kc.len()] != kc[..] {
                        continue;
                    }
                    let dj = cc[j - p] == 'Đ';
                    best = match best {
                        None => Some((kc.len(), dj, false)),
                        Some((l, _, _)) if kc.len() > l => Some((kc.len(), dj, false)),
                        Some((l, d, conflict)) if kc.len() == l => {
                            Some((l, d, conflict || d != dj))
                        }
                        keep => keep,
                    };
                }
            }
            if let Some((_, true, false)) = best {
                out[start + j] = 'Đ';
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_found_and_normalized() {
        let r = RuleSet::bundled();
        let t = "Kế hoạch số 02-KH/ BCĐTW ngày 19/6/2025, Nghị quyết số 57- NQ/TW và Nghị định số 118/2025/NĐ-CP; 24/124 xã; Báo cáo số 80-BCHN/CQTTBCD.";
        let n: Vec<String> = find_numbers(t, &r).into_iter().map(|h| h.number).collect();
        assert_eq!(
            n,
            vec![
                "02-KH/BCĐTW",
                "57-NQ/TW",
                "118/2025/NĐ-CP",
                "80-BCHN/CQTTBCĐ"
            ]
        );
    }

    #[test]
    fn d_is_restored_only_where_a_code_says_so() {
        let r = RuleSet::bundled();
        assert_eq!(restore_d("02-KH/BCDTW", &r), "02-KH/BCĐTW");
        assert_eq!(restore_d("3728/UBND-TTHC", &r), "3728/UBND-TTHC");
        assert_eq!(restore_d("12/HD-SNV", &r), "12/HD-SNV");
        assert_eq!(restore_d("02-KH/BCĐTW", &r), "02-KH/BCĐTW");
    }

    #[test]
    fn a_word_glued_to_a_code_is_not_part_of_the_number() {
        let r = RuleSet::bundled();
        let t = "sửa đổi bởi Thông tư 75/2024/TT-BTCQuy định mới; Quyết định 12/QĐ-TTg và Công văn 5/UBND-VX.";
        let n: Vec<String> = find_numbers(t, &r).into_iter().map(|h| h.number).collect();
        assert_eq!(n, vec!["75/2024/TT-BTC", "12/QĐ-TTg", "5/UBND-VX"]);
    }
}
