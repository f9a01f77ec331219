//! Any bytes as a PDF (with the header, so the parser is reached): an error or
//! text, never a panic or a hang.
//!
//! congvan runs lopdf behind `catch_unwind`; libFuzzer's panic hook would abort
//! even on a caught panic, so the default hook is restored: a panic that our
//! code catches is handled behaviour, one that escapes still crashes the run.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static QUIET_HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET_HOOK.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let mut bytes = b"%PDF-1.5\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = congvan::read::pdf::text_layer_of(&bytes);
});
