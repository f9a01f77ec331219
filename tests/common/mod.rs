//! Helpers shared by the integration tests that drive the built binary.
#![allow(dead_code)] // each test crate that includes this file uses part of it

use std::path::Path;
use std::process::{Command, Output};

/// Run the `congvan` binary of this build with `args` in `cwd`.
pub fn congvan(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congvan"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run congvan")
}

/// [`congvan`], failing the test with its stderr unless it exits 0.
pub fn congvan_ok(args: &[&str], cwd: &Path) -> Output {
    let out = congvan(args, cwd);
    assert_eq!(
        out.status.code(),
        Some(0),
        "congvan {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
