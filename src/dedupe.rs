//! Near-duplicate letters: the same letter as a clean text and as a scan.
//!
//! Each letter becomes a set of folded word bigrams (so OCR noise that survives
//! repair only costs the bigrams it touches). Candidate pairs come from a
//! bottom-k sketch (the 16 smallest bigram hashes) with an inverted list, so the
//! work stays near-linear at 100,000 letters; candidates are confirmed by the
//! exact Jaccard similarity of their bigram sets.

use crate::index::fold;
use std::collections::{HashMap, HashSet};

/// Bigram-set Jaccard similarity from which two letters are one letter. Two
/// different letters of the same genre share 0.1–0.2; a scan of a letter and its
/// clean text share 0.4 or more even before repair.
pub const SAME_LETTER_JACCARD: f64 = 0.3;
/// Letters shorter than this many bigrams are never linked (too little evidence).
const MIN_BIGRAMS: usize = 40;
const SKETCH: usize = 16;
/// Sketch entries shared by more letters than this are too common to be evidence.
const MAX_POSTING: usize = 1000;

fn fnv1a(words: [&str; 2]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in words[0].bytes().chain([b' ']).chain(words[1].bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The folded word bigrams of a text, hashed.
pub fn bigrams(text: &str) -> HashSet<u64> {
    let folded = fold::fold(text);
    let words: Vec<&str> = fold::words(&folded).map(|(_, w)| w).collect();
    words.windows(2).map(|w| fnv1a([w[0], w[1]])).collect()
}

/// Jaccard similarity of two sets.
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Group texts that hold the same letter. Returns groups of indices (each of two
/// or more, sorted); texts with no copy are in no group.
pub fn groups(texts: &[&str]) -> Vec<Vec<usize>> {
    let sets: Vec<HashSet<u64>> = texts.iter().map(|t| bigrams(t)).collect();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, s) in sets.iter().enumerate() {
        if s.len() < MIN_BIGRAMS {
            continue;
        }
        let mut v: Vec<u64> = s.iter().copied().collect();
        v.sort_unstable();
        for h in v.into_iter().take(SKETCH) {
            postings.entry(h).or_default().push(i);
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for list in postings
        .values()
        .filter(|l| l.len() > 1 && l.len() <= MAX_POSTING)
    {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    // Union-find over confirmed pairs.
    let mut parent: Vec<usize> = (0..texts.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut pairs: Vec<(usize, usize)> = shared
        .into_iter()
        .filter(|(_, c)| *c >= 2)
        .map(|(p, _)| p)
        .collect();
    pairs.sort_unstable();
    for (a, b) in pairs {
        if jaccard(&sets[a], &sets[b]) >= SAME_LETTER_JACCARD {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..texts.len() {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = by_root.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành, địa phương tập trung rà soát, \
        khắc phục các điểm nghẽn trong cung cấp và thực hiện dịch vụ công trực tuyến theo chỉ đạo của Chủ tịch \
        Ủy ban nhân dân tỉnh tại Văn bản số 3728/UBND-TTHC ngày 21/10/2025 và các văn bản có liên quan. \
        Sở Khoa học và Công nghệ rà soát tiến độ, trách nhiệm hoàn thành các mục tiêu, nhiệm vụ của các cơ quan, \
        đơn vị, địa phương trong triển khai thực hiện Kế hoạch số 02-KH/BCĐTW để chủ động đôn đốc, hướng dẫn.";

    #[test]
    fn links_a_noisy_copy_but_not_a_different_letter() {
        let noisy = LETTER
            .replace("các", "cac")
            .replace("tỉnh", "tinh")
            .replace("Công", "Cong");
        let other = "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tổng hợp nhu cầu kinh phí đào tạo, \
            bồi dưỡng cán bộ, công chức cấp xã năm 2026 và báo cáo Ủy ban nhân dân tỉnh trước ngày 15/3/2026; \
            các xã, phường chủ động bố trí ngân sách, lập danh sách học viên, gửi về Sở Nội vụ để tổng hợp, \
            trình phê duyệt kế hoạch mở lớp theo quy định hiện hành của pháp luật về cán bộ, công chức.";
        let g = groups(&[LETTER, other, &noisy]);
        assert_eq!(g, vec![vec![0, 2]]);
    }

    #[test]
    fn short_texts_are_never_linked() {
        assert!(groups(&["Kính gửi: Sở Nội vụ", "Kính gửi: Sở Nội vụ"]).is_empty());
    }
}
