//! Snippets: the passage of a letter where the query's words cluster, with the
//! matched words highlighted (`<b>…</b>` in JSON, bold in a terminal).
//!
//! Matching is on folded words, so `ke hoach` highlights "Kế hoạch".

use super::fold;
use std::collections::HashSet;

/// How matches are marked.
#[derive(Debug, Clone, Copy)]
pub struct Highlight<'a> {
    pub open: &'a str,
    pub close: &'a str,
}

/// `<b>` and `</b>`, as in the JSON contract.
pub const HTML: Highlight<'static> = Highlight {
    open: "<b>",
    close: "</b>",
};
/// ANSI bold for terminals.
pub const ANSI_BOLD: Highlight<'static> = Highlight {
    open: "\x1b[1m",
    close: "\x1b[0m",
};
/// No marks.
pub const PLAIN: Highlight<'static> = Highlight {
    open: "",
    close: "",
};

/// The window of `max_words` words with the most query words, highlighted.
/// `terms` are folded query words. Line breaks become spaces.
pub fn snippet(text: &str, terms: &HashSet<String>, max_words: usize, hl: Highlight) -> String {
    snippet_with_typos(text, terms, &[], max_words, hl)
}

/// Whether two words are at most one edit apart (insert, delete, substitute,
/// or swap of neighbours), as the search's typo tolerance.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let p = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        if p == short.len() {
            return true;
        }
        // Substitution, or a swap of neighbours.
        short[p + 1..] == long[p + 1..]
            || (p + 1 < short.len()
                && short[p] == long[p + 1]
                && short[p + 1] == long[p]
                && short[p + 2..] == long[p + 2..])
    } else {
        short[p..] == long[p + 1..]
    }
}

/// As [`snippet`], also highlighting words one edit away from a `typos` word
/// (query words found nowhere, matched with typo tolerance).
pub fn snippet_with_typos(
    text: &str,
    terms: &HashSet<String>,
    typos: &[String],
    max_words: usize,
    hl: Highlight,
) -> String {
    let words: Vec<(usize, &str)> = fold::words(text).collect();
    if words.is_empty() || max_words == 0 {
        return String::new();
    }
    let hit: Vec<bool> = words
        .iter()
        .map(|(_, w)| {
            let f = fold::fold(w);
            terms.contains(&f) || typos.iter().any(|t| within_one_edit(t, &f))
        })
        .collect();
    // Best window by number of hits (first best wins), found with a sliding sum.
    let n = max_words.min(words.len());
    let mut count: usize = hit[..n].iter().filter(|h| **h).count();
    let (mut best, mut best_start) = (count, 0);
    for start in 1..=(words.len() - n) {
        count = count + hit[start + n - 1] as usize - hit[start - 1] as usize;
        if count > best {
            best = count;
            best_start = start;
        }
    }
    // Start the window a little before its first hit, for context.
    let first_hit = (best_start..best_start + n)
        .find(|&i| hit[i])
        .unwrap_or(best_start);
    let start = first_hit
        .saturating_sub(4)
        .max(best_start.saturating_sub(4));
    let end = (start + n).min(words.len());
    let from = words[start].0;
    let to = words[end - 1].0 + words[end - 1].1.len();
    let to = text[to..]
        .find(char::is_whitespace)
        .map(|k| to + k)
        .unwrap_or(text.len());

    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    let mut pos = from;
    let mut open = false;
    for i in start..end {
        let (off, w) = words[i];
        let gap = &text[pos..off];
        // Adjacent hits separated only by spaces share one highlight.
        if open && !(hit[i] && gap.chars().all(char::is_whitespace)) {
            out.push_str(hl.close);
            open = false;
        }
        out.push_str(gap);
        if hit[i] && !open {
            out.push_str(hl.open);
            open = true;
        }
        out.push_str(w);
        pos = off + w.len();
    }
    if open {
        out.push_str(hl.close);
    }
    out.push_str(&text[pos..to]);
    if end < words.len() {
        out.push_str(" …");
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &str) -> HashSet<String> {
        fold::words(q).map(|(_, w)| fold::fold(w)).collect()
    }

    #[test]
    fn highlights_folded_matches_and_merges_adjacent_words() {
        let text = "Triển khai\nKế hoạch số 02-KH/BCĐTW ngày 19/6/2025";
        let s = snippet(text, &terms("ke hoach 02"), 30, HTML);
        assert_eq!(
            s,
            "Triển khai <b>Kế hoạch</b> số <b>02</b>-KH/BCĐTW ngày 19/6/2025"
        );
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("quamg", "quang"));
        assert!(within_one_edit("phomg", "phong"));
        assert!(within_one_edit("hnanh", "nhanh"));
        assert!(within_one_edit("chuyen", "chuyn"));
        assert!(!within_one_edit("truong", "tro"));
        assert!(!within_one_edit("quamg", "quan"));
        let s = snippet_with_typos(
            "Viettel Tuyên Quang.",
            &terms("tuyen"),
            &["quamg".into()],
            10,
            HTML,
        );
        assert_eq!(s, "Viettel <b>Tuyên Quang</b>.");
    }

    #[test]
    fn picks_the_window_where_matches_cluster() {
        let filler = "một hai ba bốn năm sáu bảy tám chín mười ".repeat(10);
        let text = format!("{filler} Nghị định 118 {filler}");
        let s = snippet(&text, &terms("nghị định 118"), 12, HTML);
        assert!(s.contains("<b>Nghị định 118</b>"), "{s}");
        assert!(s.starts_with("… ") && s.ends_with(" …"), "{s}");
    }
}
