//! The examples written in the rule files are the rules' tests: every one of
//! the bundled files holds, and a `--rules` folder whose example does not hold
//! is refused, naming the file and the example. (The extractor runs them; the
//! rules module only parses, so this check lives above both.)

use congvan::pipeline::{load_rules, Pipeline};
use congvan::rules::RuleSet;

#[test]
fn every_example_in_the_bundled_rule_files_holds() {
    let failures = congvan::extract::check_examples(&RuleSet::bundled());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_folder_whose_example_fails_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in RuleSet::bundled_files() {
        let mut text = text.to_string();
        if *name == "deadlines.toml" {
            text.push_str(concat!(
                "\n[[phrase]]\nkind = \"date\"\nscope = \"any\"\n",
                "pattern = '(?:hạn nộp) (?P<day>\\d+)/(?P<month>\\d+)'\n",
                "examples = [[\"hạn nộp 5/4\", \"date\", \"2026-04-06\"]]\n",
            ));
        }
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    // It parses and compiles…
    assert!(RuleSet::load(dir.path()).is_ok());
    // …but its example does not hold: refused where rules meet the extractor.
    for msg in [
        load_rules(dir.path()).expect_err("bad example").to_string(),
        Pipeline::with_rules_dir(dir.path())
            .err()
            .expect("bad example")
            .to_string(),
    ] {
        assert!(
            msg.contains("deadlines.toml") && msg.contains("hạn nộp 5/4"),
            "{msg}"
        );
    }
}

/// No module of src/rules/ reaches into the extractor (or any later stage).
#[test]
fn the_rules_depend_on_no_stage() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    for entry in std::fs::read_dir(&dir).expect("src/rules") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        for stage in [
            "crate::extract",
            "crate::parse",
            "crate::index",
            "crate::pipeline",
        ] {
            assert!(!text.contains(stage), "{} uses {stage}", path.display());
        }
    }
}
