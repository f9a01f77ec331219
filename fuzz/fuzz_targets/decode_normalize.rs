//! Any bytes through encoding detection, then normalize and parse: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = congvan::normalize::encoding::decode(data) {
        let n = congvan::normalize::normalize(&congvan::normalize::nfc(&decoded.text));
        let _ = congvan::parse::parse(&n);
    }
});
