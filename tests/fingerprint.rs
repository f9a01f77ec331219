//! The data fingerprint covers what changes output, and only that: the bundled
//! rule files and models (hashed at build time), the output version, and the
//! run-time parameters that change output. Source code is not hashed, so an
//! edit to a comment or a test reprocesses nothing.

use congvan::pipeline::{build_id, Pipeline, DATA_HASH, OUTPUT_VERSION};
use std::path::{Path, PathBuf};

mod common;
use common::congvan_ok;

/// FNV-1a 64 over each file's name then bytes, in path order: what build.rs
/// computes, over exactly the bundled data.
fn hash_of(root: &Path, files: &[PathBuf]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        let name = f.to_string_lossy().replace('\\', "/");
        for b in name
            .as_bytes()
            .iter()
            .chain(&std::fs::read(root.join(f)).expect("read"))
        {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[test]
fn the_fingerprint_hashes_the_bundled_rules_and_models_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("rules"))
        .expect("rules/")
        .flatten()
        .map(|e| PathBuf::from("rules").join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.push("models/lm.bin".into());
    files.push("models/channel.tsv".into());
    files.sort();
    assert_eq!(
        DATA_HASH,
        hash_of(root, &files),
        "build.rs hashes other files"
    );
    assert!(
        Pipeline::bundled()
            .fingerprint
            .starts_with(&format!("v{OUTPUT_VERSION}-{DATA_HASH}")),
        "{}",
        build_id()
    );
}

/// Repair parameters from the environment change the repaired text: a data
/// folder made without them is processed again with them.
#[test]
fn repair_parameters_from_the_environment_reprocess_letters() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("corpus")).expect("mkdir");
    std::fs::write(
        root.join("corpus/a.txt"),
        "UY BAN NHAN DAN\nSo: 12/UBND-KT\n\nKinh gui: So Tai chinh.\n\nDe nghi So Tai chinh bao cao.\n",
    )
    .expect("write");
    let args = ["ingest", "--corpus", "corpus", "--data", "d", "--json"];
    congvan_ok(&args, root);
    let again = |env: Option<&str>| -> serde_json::Value {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_congvan"));
        cmd.args(args).current_dir(root);
        match env {
            Some(v) => cmd.env("CONGVAN_REPAIR_PARAMS", v),
            None => cmd.env_remove("CONGVAN_REPAIR_PARAMS"),
        };
        let o = cmd.output().expect("run");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).expect("json")
    };
    let same = again(None);
    assert_eq!(same["read"], 0, "{same}");
    let tuned = again(Some("beam=3,cw=0.5"));
    assert_eq!(tuned["pipeline_changed"], true, "{tuned}");
    assert_eq!(tuned["read"], 1, "{tuned}");
    // Parameters equal to the defaults give the defaults' fingerprint.
    let back = again(Some("beam=12"));
    assert_eq!(
        back["pipeline_changed"], true,
        "back to the defaults: {back}"
    );
    let back = again(None);
    assert_eq!(back["read"], 0, "{back}");
}
