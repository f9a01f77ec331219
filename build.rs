//! Build script: a fingerprint of everything that decides what ingest writes
//! (the library source, the bundled rules and models), so a data folder made by
//! another build is reprocessed instead of silently mixing old and new output.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let mut files = Vec::new();
    for dir in ["src", "rules", "models"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(dir), &mut files);
    }
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
        eat(f.to_string_lossy().as_bytes());
        if let Ok(bytes) = fs::read(f) {
            eat(&bytes);
        }
    }
    println!(
        "cargo:rustc-env=CONGVAN_BUILD_ID={}-{h:016x}",
        env!("CARGO_PKG_VERSION")
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
