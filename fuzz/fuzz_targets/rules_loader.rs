//! Any text as one of the rule files a clerk may edit (the first byte picks which;
//! the others stay bundled): a clear error or rules, never a panic. Rules that
//! load are then run over a short letter, so a pattern that compiles but
//! misbehaves is caught too. The last choice feeds `ocr_confusions.toml`.
#![no_main]
use libfuzzer_sys::fuzz_target;

const LETTER: &str =
    "UBND TỈNH QUẢNG NGÃI\nSố: 12/UBND-KT\nV/v triển khai Kế hoạch số 02-KH/BCĐTW\n\
Kính gửi: Sở Khoa học và Công nghệ\n1. Sở Nội vụ chủ trì, phối hợp với Công an tỉnh rà soát.\n\
- Thời gian hoàn thành: trước ngày 20/12/2025.\nNơi nhận:\n- Như trên;\nKT. CHỦ TỊCH\n";

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut files: Vec<(&str, &str)> = congvan::rules::RuleSet::bundled_files().to_vec();
    let slot = pick as usize % (files.len() + 1);
    if slot == files.len() {
        let _ = congvan::repair::confusion_counts(text);
        return;
    }
    files[slot].1 = text;
    if let Ok(rules) = congvan::rules::RuleSet::from_toml_strs(&files) {
        let parsed = congvan::parse::parse(&congvan::normalize::normalize(LETTER));
        let _ = congvan::extract::extract(&parsed, &rules);
    }
});
