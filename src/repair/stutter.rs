//! OCR stutters: a scanner reads the first letter of a word twice, once on its
//! own ("thường x xuyên", "kế h hoạch"). A lone consonant is never a Vietnamese
//! syllable, so one standing before a word that begins with the same letter is
//! dropped. Vowels (a, e, o, u, y…) are words and "đ" is the currency sign, so
//! they stay; so does a letter after a marker, a number or a word it labels
//! ("điểm k khoản 7", "mục c").

use std::borrow::Cow;

/// Consonants that never stand alone as a syllable.
const LONE_CONSONANTS: &str = "bcghklmnpqrstvx";

/// Words a lone letter labels or follows in a list ("điểm k khoản 7", "mục c",
/// "các điểm e, i và k khoản 3", "năm t theo"): after them the letter is a
/// label or a variable, never a stutter.
const LABEL_WORDS: [&str; 22] = [
    "điểm", "mục", "tiết", "lục", "khoản", "nhóm", "loại", "hạng", "cột", "dòng", "hàng", "lô",
    "khu", "tổ", "mẫu", "biểu", "và", "hoặc", "năm", "tháng", "quý", "kỳ",
];

/// Drop stuttered letters; returns the text and how many were dropped. Text
/// without a stutter (nearly every letter) is returned borrowed, not copied.
pub fn drop_stutters(text: &str) -> (Cow<'_, str>, usize) {
    let mut dropped = 0;
    let mut out = String::new();
    let mut copied_to = 0;
    let mut line_start = 0;
    for line in text.split('\n') {
        let pieces: Vec<&str> = line.split(' ').collect();
        let stutters: Vec<usize> = (0..pieces.len())
            .filter(|&k| is_stutter(&pieces, k))
            .collect();
        if !stutters.is_empty() {
            out.push_str(&text[copied_to..line_start]);
            let kept: Vec<&str> = (0..pieces.len())
                .filter(|k| !stutters.contains(k))
                .map(|k| pieces[k])
                .collect();
            out.push_str(&kept.join(" "));
            copied_to = line_start + line.len();
            dropped += stutters.len();
        }
        line_start += line.len() + 1;
    }
    if dropped == 0 {
        return (Cow::Borrowed(text), 0);
    }
    out.push_str(&text[copied_to..]);
    (Cow::Owned(out), dropped)
}

fn is_stutter(pieces: &[&str], k: usize) -> bool {
    let mut chars = pieces[k].chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    if !LONE_CONSONANTS.contains(c) || k == 0 || k + 1 >= pieces.len() {
        return false;
    }
    let prev = pieces[k - 1];
    let prev_is_word = prev.chars().last().is_some_and(|p| p.is_alphabetic())
        && !LABEL_WORDS.contains(&prev.to_lowercase().as_str());
    let next = pieces[k + 1];
    // The word after it (punctuation may close it: "xuyên.").
    let word = next.trim_end_matches(|x: char| x.is_ascii_punctuation());
    let next_continues = word.chars().count() > 1
        && word.chars().all(char::is_alphabetic)
        && word
            .chars()
            .next()
            .is_some_and(|n| n.to_lowercase().eq([c]));
    prev_is_word && next_continues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stuttered_first_letter_is_dropped() {
        let (t, n) = drop_stutters("- Thời gian hoàn thành: Nhiệm vụ thường x xuyên.");
        assert_eq!(t, "- Thời gian hoàn thành: Nhiệm vụ thường xuyên.");
        assert_eq!(n, 1);
    }

    #[test]
    fn only_the_stuttering_line_changes() {
        let text = "Kính gửi: Sở Nội vụ\nNhiệm vụ thường x xuyên.\n- Sở Y tế.\n";
        let (t, n) = drop_stutters(text);
        assert_eq!(
            t,
            "Kính gửi: Sở Nội vụ\nNhiệm vụ thường xuyên.\n- Sở Y tế.\n"
        );
        assert_eq!(n, 1);
    }

    #[test]
    fn words_markers_and_clean_text_stay() {
        for s in [
            "theo điểm b khoản 2 Điều 5",
            "quy định tại điểm k khoản 7 Điều 25",
            "theo Mục c các nội dung",
            "tại các điểm e, i và k khoản 3",
            "giá bình quân năm t tính theo gốc",
            "điểm a, b và c",
            "mức phí 100.000 đ đối với",
            "Sở Tài chính\nb) Sở Nội vụ",
            "Phụ lục B Biểu mẫu",
        ] {
            let (t, n) = drop_stutters(s);
            assert_eq!((t.as_ref(), n), (s, 0), "{s}");
        }
    }
}
