//! Build script: the data fingerprint, a hash of the bundled files that decide
//! what ingest writes: the rule files (`rules/*.toml`) and the repair models
//! (`models/lm.bin`, `models/channel.tsv`). A data folder made with other data
//! is reprocessed instead of silently mixing old and new output.
//!
//! Code is not hashed (an edit to a comment or a test must not reprocess every
//! letter): a code change that changes output bumps `pipeline::OUTPUT_VERSION`.
//! Run-time inputs (`--rules`, `--tone`, `CONGVAN_REPAIR_PARAMS`) are added to
//! the fingerprint by `Pipeline`.

use std::fs;
use std::path::{Path, PathBuf};

/// The bundled model files (include_bytes!/include_str! in src/repair/mod.rs).
const MODELS: [&str; 2] = ["models/lm.bin", "models/channel.tsv"];

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<PathBuf> = fs::read_dir("rules")
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.extend(MODELS.iter().map(PathBuf::from));
    files.sort();
    // FNV-1a 64: no build dependency needed, stable for a given set of files.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        eat(name_of(f).as_bytes());
        if let Ok(bytes) = fs::read(f) {
            eat(&bytes);
        }
    }
    println!("cargo:rustc-env=CONGVAN_DATA_HASH={h:016x}");
}

/// The file's path with `/` separators, the same on every system.
fn name_of(f: &Path) -> String {
    f.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
