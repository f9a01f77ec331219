//! Helpers shared by the integration tests that drive the built binary.

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
