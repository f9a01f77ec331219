//! Near-duplicate letters: the same letter as a clean text and as a scan.
//!
//! Each letter becomes a set of folded word bigrams (so OCR noise that survives
//! repair only costs the bigrams it touches) and a MinHash signature of that
//! set. The signature's LSH bands are kept in the archive, so the candidates
//! for a new letter are found by index lookups, never by comparing all pairs;
//! candidates are confirmed by the exact Jaccard similarity of their bigram
//! sets. Content is only half of "the same letter": the archive also checks
//! the letters' identities (number, date, recipients; see `archive::copies`).

use crate::index::fold;
use std::collections::HashSet;

/// Bigram-set Jaccard similarity from which two letters are one letter. Two
/// different letters of the same genre share 0.1–0.2; a scan of a letter and its
/// clean text share 0.4 or more even before repair.
pub const SAME_LETTER_JACCARD: f64 = 0.3;
/// Letters shorter than this many bigrams are never linked (too little evidence).
const MIN_BIGRAMS: usize = 40;

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

/// Values in a letter's MinHash signature.
pub const SIGNATURE_LEN: usize = 64;
/// Signature values per LSH band: two letters sharing a band are candidates.
/// 32 bands of 2 make a pair at Jaccard 0.3 a candidate 95 % of the time, at
/// 0.5 always, while unrelated letters of the genre (0.1) rarely share two bands.
const BAND_ROWS: usize = 2;
/// Bands a candidate must share with a letter before its signature is compared.
pub const MIN_SHARED_BANDS: usize = 2;

/// SplitMix64 finaliser: a fast, well-mixed 64-bit hash of a 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The MinHash signature of a bigram set: for each of [`SIGNATURE_LEN`] hash
/// functions, the smallest value over the set. The share of equal positions in
/// two signatures estimates the Jaccard similarity of the sets. Letters with
/// fewer than the minimum of bigrams get no signature (never linked).
pub fn signature(set: &HashSet<u64>) -> Option<Vec<u32>> {
    if set.len() < MIN_BIGRAMS {
        return None;
    }
    let mut sig = vec![u32::MAX; SIGNATURE_LEN];
    for &h in set {
        for (i, slot) in sig.iter_mut().enumerate() {
            let v = (mix(h ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(sig)
}

/// Estimated Jaccard similarity from two signatures.
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

/// The LSH band keys of a signature (one per band, the band's position mixed
/// in so equal values in different bands do not collide). Stored as SQLite
/// integers, hence `i64`.
pub fn bands(sig: &[u32]) -> Vec<i64> {
    sig.chunks(BAND_ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut h = mix(band as u64 + 1);
            for &r in rows {
                h = mix(h ^ r as u64);
            }
            h as i64
        })
        .collect()
}

/// A signature as bytes for storage (little-endian u32s) and back.
pub fn signature_bytes(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn signature_from_bytes(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành, địa phương tập trung rà soát, \
        khắc phục các điểm nghẽn trong cung cấp và thực hiện dịch vụ công trực tuyến theo chỉ đạo của Chủ tịch \
        Ủy ban nhân dân tỉnh tại Văn bản số 3728/UBND-TTHC ngày 21/10/2025 và các văn bản có liên quan. \
        Sở Khoa học và Công nghệ rà soát tiến độ, trách nhiệm hoàn thành các mục tiêu, nhiệm vụ của các cơ quan, \
        đơn vị, địa phương trong triển khai thực hiện Kế hoạch số 02-KH/BCĐTW để chủ động đôn đốc, hướng dẫn.";

    fn similar(a: &str, b: &str) -> (f64, f64, usize) {
        let (sa, sb) = (bigrams(a), bigrams(b));
        let (ga, gb) = (signature(&sa).expect("sig"), signature(&sb).expect("sig"));
        let shared = bands(&ga)
            .iter()
            .zip(bands(&gb))
            .filter(|(x, y)| **x == *y)
            .count();
        (jaccard(&sa, &sb), estimate(&ga, &gb), shared)
    }

    #[test]
    fn a_noisy_copy_shares_bands_and_a_different_letter_does_not() {
        let noisy = LETTER
            .replace("các", "cac")
            .replace("tỉnh", "tinh")
            .replace("Công", "Cong");
        let other = "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ tổng hợp nhu cầu kinh phí đào tạo, \
            bồi dưỡng cán bộ, công chức cấp xã năm 2026 và báo cáo Ủy ban nhân dân tỉnh trước ngày 15/3/2026; \
            các xã, phường chủ động bố trí ngân sách, lập danh sách học viên, gửi về Sở Nội vụ để tổng hợp, \
            trình phê duyệt kế hoạch mở lớp theo quy định hiện hành của pháp luật về cán bộ, công chức.";
        let (exact, est, shared) = similar(LETTER, &noisy);
        assert!(exact >= SAME_LETTER_JACCARD, "{exact}");
        assert!(est >= 0.3 && shared >= MIN_SHARED_BANDS, "{est} {shared}");
        let (exact, est, shared) = similar(LETTER, other);
        assert!(
            exact < 0.1 && est < 0.2 && shared < MIN_SHARED_BANDS,
            "{exact} {est} {shared}"
        );
    }

    #[test]
    fn signature_survives_storage() {
        let sig = signature(&bigrams(LETTER)).expect("sig");
        assert_eq!(signature_from_bytes(&signature_bytes(&sig)), sig);
        assert_eq!(bands(&sig).len(), SIGNATURE_LEN / BAND_ROWS);
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert!(signature(&bigrams("Kính gửi: Sở Nội vụ")).is_none());
    }
}
