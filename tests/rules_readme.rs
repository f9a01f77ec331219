//! The examples of the rule documentation are tests.
//!
//! rules/README.md: every "```toml FILE" block is appended to a copy of the
//! bundled rules; the "```text" letter after it, extracted with those rules,
//! must give the "```json" that follows, and must not without the new entry
//! (so the entry, not the bundled rules, is what the example shows).
//!
//! docs/OUTPUT.md: each recurring deadline shown under "Recurring deadlines"
//! is what the bundled rules read from its text in a letter issued on
//! 2026-12-25, as the document says.

use congvan::extract::dates::Ymd;
use congvan::extract::deadlines::{read_deadline, Context, Source};
use congvan::letter::LetterRecord;
use congvan::normalize::encoding::Encoding;
use congvan::pipeline::Pipeline;
use congvan::read::Source as ReadSource;
use congvan::rules::RuleSet;
use serde_json::Value;
use std::path::Path;

fn repo_file(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One how-to of the README: the rule file, the entry, the letter, the output.
#[derive(Debug)]
struct Example {
    file: String,
    entry: String,
    letter: String,
    expect: Value,
}

/// The fenced blocks at the start of a line: (info string, body).
fn fenced_blocks(md: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut lines = md.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut body = String::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        blocks.push((info.trim().to_string(), body));
    }
    blocks
}

fn readme_examples() -> Vec<Example> {
    let blocks = fenced_blocks(&repo_file("rules/README.md"));
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let (info, body) = &blocks[i];
        i += 1;
        let Some(file) = info.strip_prefix("toml ") else {
            continue;
        };
        let (letter, expect) = match (blocks.get(i), blocks.get(i + 1)) {
            (Some((t, letter)), Some((j, expect))) if t == "text" && j == "json" => {
                (letter.clone(), expect.clone())
            }
            _ => panic!("README: the ```toml {file} block needs a ```text letter and a ```json result after it"),
        };
        i += 2;
        let expect: Value = serde_json::from_str(&expect)
            .unwrap_or_else(|e| panic!("README: the json after ```toml {file}: {e}"));
        out.push(Example {
            file: file.trim().to_string(),
            entry: body.clone(),
            letter,
            expect,
        });
    }
    out
}

/// Does `got` hold everything in `want`? Objects: each key, recursively;
/// arrays: each wanted element held by some element of `got`; else equal.
fn holds(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w
            .iter()
            .all(|(k, wv)| g.get(k).is_some_and(|gv| holds(gv, wv))),
        (Value::Array(g), Value::Array(w)) => w.iter().all(|wv| g.iter().any(|gv| holds(gv, wv))),
        _ => got == want,
    }
}

fn extract(pipeline: &Pipeline, letter: &str) -> Value {
    let rec: LetterRecord = pipeline.process_text(
        "example.txt",
        letter,
        ReadSource::Text {
            encoding: Encoding::Utf8,
        },
        String::new(),
    );
    let mut v = serde_json::to_value(&rec).expect("record as json");
    if let Some(o) = v.as_object_mut() {
        o.remove("text");
    }
    v
}

#[test]
fn every_readme_example_works_as_promised() {
    let examples = readme_examples();
    let files: Vec<&str> = examples.iter().map(|e| e.file.as_str()).collect();
    for needed in ["agencies.toml", "deadlines.toml", "kinds.toml"] {
        assert!(
            files.contains(&needed),
            "README has no example for {needed}: {files:?}"
        );
    }
    for ex in &examples {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut found = false;
        for (name, text) in RuleSet::bundled_files() {
            let mut text = text.to_string();
            if *name == ex.file {
                text.push('\n');
                text.push_str(&ex.entry);
                found = true;
            }
            std::fs::write(dir.path().join(name), text).expect("write rules");
        }
        assert!(
            found,
            "README: {} is not a rules file ({:?})",
            ex.file,
            congvan::rules::FILES
        );

        let rules = RuleSet::load(dir.path())
            .unwrap_or_else(|e| panic!("README example for {}: {e}", ex.file));
        let fails = congvan::extract::check_examples(&rules);
        assert!(
            fails.is_empty(),
            "README example for {}: {}",
            ex.file,
            fails.join("\n")
        );

        let with = Pipeline::with_rules_dir(dir.path())
            .unwrap_or_else(|e| panic!("README example for {}: {e}", ex.file));
        let got = extract(&with, &ex.letter);
        assert!(
            holds(&got, &ex.expect),
            "README example for {}: the letter should give {}\ngot {}",
            ex.file,
            ex.expect,
            serde_json::to_string_pretty(&got).unwrap_or_default()
        );
        let without = extract(&Pipeline::bundled(), &ex.letter);
        assert!(
            !holds(&without, &ex.expect),
            "README example for {}: the bundled rules already give {}; the example shows nothing",
            ex.file,
            ex.expect
        );
    }
}

#[test]
fn the_readme_entries_name_a_purpose() {
    // Every entry the README adds starts with a comment saying what it is for,
    // as every entry of the bundled files does.
    for ex in readme_examples() {
        assert!(
            ex.entry.trim_start().starts_with('#'),
            "README entry for {} has no comment:\n{}",
            ex.file,
            ex.entry
        );
    }
}

#[test]
fn output_md_recurring_examples_hold() {
    let md = repo_file("docs/OUTPUT.md");
    let section = md
        .split("### Recurring deadlines")
        .nth(1)
        .expect("OUTPUT.md has a 'Recurring deadlines' section");
    let (_, json) = fenced_blocks(section)
        .into_iter()
        .find(|(info, _)| info == "json")
        .expect("a json block in the section");
    let issued = Ymd::new(2026, 12, 25);
    let ctx = Context {
        year: Some(2026),
        issued,
        references: &[],
    };
    let rules = RuleSet::bundled();
    let mut n = 0;
    for v in serde_json::Deserializer::from_str(&json).into_iter::<Value>() {
        let want = v.expect("OUTPUT.md example is JSON");
        let text = want["text"].as_str().expect("text");
        let got = read_deadline(text, Source::Inline, &rules, &ctx)
            .or_else(|| read_deadline(text, Source::Label, &rules, &ctx))
            .unwrap_or_else(|| panic!("OUTPUT.md: no deadline read from {text:?}"));
        let got = serde_json::to_value(&got).expect("json");
        assert_eq!(got, want, "OUTPUT.md example {text:?}");
        n += 1;
    }
    assert!(n >= 6, "OUTPUT.md shows {n} recurring examples");
}
