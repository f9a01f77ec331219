//! One parsed rule set reaches citation search: a kind added in a `--rules`
//! folder is a citation kind for the letters indexed with it and for the
//! searches over them, without a rebuild and without `--rules` on search.

use congvan::rules::RuleSet;
use std::path::Path;

mod common;
use common::congvan_ok;

const LETTER: &str = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 88/UBND-NC\nV/v xử lý đơn\n\nKính gửi: Sở Tư pháp.\n\nThực hiện Phiếu trình số 15/PTr-VP ngày 02/3/2026 của Văn phòng UBND tỉnh, Ủy ban nhân dân tỉnh giao Sở Tư pháp xem xét, trả lời công dân trước ngày 30/3/2026.\n";

/// The bundled rule files, with the kind "Phiếu trình" (PTr) added. (The
/// issue's example, "Phiếu chuyển" PC, is bundled since; PTr is not.)
fn rules_with_pc(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for (name, text) in RuleSet::bundled_files() {
        let mut text = text.to_string();
        if *name == "kinds.toml" {
            text.push_str(
                "\n[[kind]]\nname = \"Phiếu trình\"\nabbrev = \"PTr\"\nnames = [\"Phiếu trình\"]\nexamples = [\"Phiếu trình số 15/PTr-VP\"]\n",
            );
        }
        std::fs::write(dir.join(name), text).expect("write rule file");
    }
}

/// `search "PTr 15" --json` on the data folder `data`: each hit's `why`.
fn why_of_ptr_15(root: &Path, data: &str) -> Vec<Vec<String>> {
    let o = congvan_ok(&["search", "PTr 15", "--json", "--data", data], root);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    v["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| {
            h["why"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn a_kind_added_with_rules_makes_its_shorthand_a_citation_in_search() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("corpus")).expect("mkdir");
    std::fs::write(root.join("corpus/letter.txt"), LETTER).expect("write");
    rules_with_pc(&root.join("my-rules"));

    congvan_ok(
        &[
            "ingest", "--corpus", "corpus", "--data", "with-ptr", "--rules", "my-rules",
        ],
        root,
    );
    let why = why_of_ptr_15(root, "with-ptr");
    assert_eq!(why.len(), 1, "{why:?}");
    assert!(
        why[0].iter().any(|w| w == "cites ptr:15"),
        "PTr 15 did not match as a citation: {why:?}"
    );

    // With the bundled rules, PTr is no kind: "PTr 15" is two loose words.
    congvan_ok(&["ingest", "--corpus", "corpus", "--data", "bundled"], root);
    let why = why_of_ptr_15(root, "bundled");
    assert!(
        why.iter().flatten().all(|w| !w.starts_with("cites")),
        "{why:?}"
    );
}
