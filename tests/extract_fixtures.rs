//! Extraction on letters of every genre a clerk receives (tests/fixtures/letters):
//! a Kế hoạch, a Quyết định, a Thông báo kết luận, an urgent công văn with hour
//! deadlines, a commune letter with monthly deadlines, a Báo cáo. Each letter's
//! expected record is in the JSON next to it and is compared whole: header,
//! Nơi nhận, citations, every task's id, item, bodies, action and deadline
//! (kind, due day or its absence, words, rule), footnotes, source and repair.
//! A field the record has and the JSON leaves out fails; a value of
//! `"unchecked"` says a field is deliberately not checked (the letter's full
//! text). Tasks are paired with the expected ones by their `key` phrase inside
//! the action (as the scorer does) and must be exactly the expected ones: a
//! missing task or an extra one fails.

use congvan::letter::LetterRecord;
use congvan::normalize::encoding::Encoding;
use congvan::pipeline::Pipeline;
use congvan::read::Source;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

#[path = "common/score.rs"]
mod score;

use score::fold;

fn extract(name: &str) -> (LetterRecord, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letters");
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("letter");
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("json"),
    )
    .expect("expected json");
    let source = Source::Text {
        encoding: Encoding::Utf8,
    };
    // The content hash `extract` gives it: a letter without a number takes
    // its task ids from it.
    let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
    let rec = Pipeline::bundled().process_text(&format!("{name}.txt"), &text, source, hash);
    (rec, want)
}

/// The value that says "this field is not checked here" in an expected JSON
/// (e.g. the letter's full text, which the extraction fixtures do not hold).
const UNCHECKED: &str = "unchecked";

/// Keys of the labelled gold schema that the record does not have: the task's
/// `key` phrase and `optional` mark, the scorer's accepted alternatives, the
/// labeller's notes.
const GOLD_ONLY: &[&str] = &[
    "key",
    "optional",
    "issued_accept",
    "subject_accept",
    "classes",
    "note",
];

/// `got` against `want` at `path`, whole: every field the record has must be
/// in the expected JSON (with its value, or [`UNCHECKED`]), and every field
/// the expected JSON names must be in the record with that value (a field the
/// record leaves out when empty, like a deadline's `rule`, counts as null).
fn compare(path: &str, got: &Value, want: Option<&Value>, diff: &mut Vec<String>) {
    let Some(want) = want else {
        diff.push(format!(
            "{path}: not in the expected JSON (got {got}); write its value, or \"{UNCHECKED}\""
        ));
        return;
    };
    if want.as_str() == Some(UNCHECKED) {
        return;
    }
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, gv) in g {
                compare(&format!("{path}.{k}"), gv, w.get(k), diff);
            }
            for (k, wv) in w {
                if !g.contains_key(k) && !GOLD_ONLY.contains(&k.as_str()) && !wv.is_null() {
                    diff.push(format!("{path}.{k}: want {wv}, not in the record"));
                }
            }
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => {
            for (i, (gv, wv)) in g.iter().zip(w).enumerate() {
                compare(&format!("{path}[{i}]"), gv, Some(wv), diff);
            }
        }
        _ if got == want => {}
        _ => diff.push(format!("{path}: want {want}, got {got}")),
    }
}

/// Every difference between the record and the expectation, described. The
/// whole record is compared (see [`compare`]); tasks are paired by their `key`
/// phrase (folded, inside the action), each expected one once, and a task of
/// the record that no expected one names is an extra.
fn differences(rec: &LetterRecord, want: &Value) -> Vec<String> {
    let mut diff = Vec::new();
    let got = serde_json::to_value(rec).expect("record as JSON");
    let (Value::Object(g), Value::Object(w)) = (&got, want) else {
        return vec![format!("expected JSON is not an object: {want}")];
    };
    for (k, gv) in g {
        if k != "tasks" {
            compare(k, gv, w.get(k), &mut diff);
        }
    }
    for k in w.keys() {
        if !g.contains_key(k) && !GOLD_ONLY.contains(&k.as_str()) {
            diff.push(format!("{k}: in the expected JSON, not in the record"));
        }
    }

    let got_tasks = got["tasks"].as_array().cloned().unwrap_or_default();
    let want_tasks = want["tasks"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; got_tasks.len()];
    for w in &want_tasks {
        let key = fold(w["key"].as_str().unwrap_or(""));
        let Some(i) = (0..got_tasks.len()).find(|&i| {
            !used[i] && fold(got_tasks[i]["action"].as_str().unwrap_or("")).contains(&key)
        }) else {
            diff.push(format!("missing task [{}] {key}", w["item"]));
            continue;
        };
        used[i] = true;
        compare(&format!("task {key:?}"), &got_tasks[i], Some(w), &mut diff);
    }
    for (i, t) in got_tasks.iter().enumerate() {
        if !used[i] {
            diff.push(format!("extra task {t}"));
        }
    }
    diff
}

fn check(name: &str) {
    let (rec, want) = extract(name);
    let diff = differences(&rec, &want);
    assert!(diff.is_empty(), "{name}:\n  {}", diff.join("\n  "));
}

#[test]
fn ke_hoach_sections_and_labelled_lines() {
    check("ke_hoach");
}

#[test]
fn quyet_dinh_articles() {
    check("quyet_dinh");
}

#[test]
fn thong_bao_ket_luan_giao_de_nghi() {
    check("thong_bao_ket_luan");
}

#[test]
fn urgent_letter_with_hour_deadlines() {
    check("hoa_toc");
}

#[test]
fn commune_letter_with_monthly_deadlines() {
    check("xa_hang_thang");
}

#[test]
fn report_has_almost_no_tasks() {
    check("bao_cao");
}

#[test]
fn cong_dien_addressing_line() {
    check("cong_dien");
}

#[test]
fn pdf_text_layer_without_header() {
    check("pdf_mat_tieu_de");
}

#[test]
fn conclusions_as_plain_paragraphs() {
    check("thong_bao_doan_van");
}

#[test]
fn inspection_plan_with_unit_headings() {
    check("ke_hoach_kiem_tra");
}

#[test]
fn party_committee_letter() {
    check("cong_van_dang_uy");
}

#[test]
fn task_ids_are_stable_and_distinct() {
    let (a, _) = extract("ke_hoach");
    let (b, _) = extract("ke_hoach");
    let ids: Vec<&str> = a.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        b.tasks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>()
    );
    let distinct: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), ids.len());
}

#[test]
fn plan_with_a_target_year_dates_deadlines_in_its_own_year() {
    check("ke_hoach_tam_nhin_2030_ngay_khong_nam");
}

#[test]
fn deadline_on_a_closing_line_and_a_family_of_bodies_in_a_list() {
    check("ke_hoach_han_dong_cuoi_muc");
}

#[test]
fn inline_enumeration_shares_its_closing_deadline() {
    check("cong_van_bo_liet_ke_han_chung");
}

/// A date written without its year ("trước ngày 15/3") takes the letter's
/// year; when the letter's date is lost (a page without its header), the year
/// of the nearest date written before it in the same item, else none: never a
/// target year found elsewhere ("đến năm 2030").
#[test]
fn a_date_without_year_never_takes_a_target_year() {
    let text = "\
KẾ HOẠCH
Triển khai chương trình trồng rừng gỗ lớn giai đoạn 2026 - 2030

I. MỤC ĐÍCH
Nâng tỷ lệ rừng trồng gỗ lớn đạt 30% diện tích rừng sản xuất đến năm 2030.

II. NHIỆM VỤ
1. Chi cục Kiểm lâm căn cứ kết quả kiểm kê ngày 20/01/2026, rà soát diện tích rừng đủ điều kiện chuyển hóa, gửi Sở trước ngày 15/3.
2. Phòng Kế hoạch - Tài chính xây dựng dự toán kinh phí hỗ trợ chuyển hóa rừng, trình Giám đốc Sở trước ngày 30/6.
";
    let rec = Pipeline::bundled().process_text(
        "headerless.txt",
        text,
        Source::Text {
            encoding: Encoding::Utf8,
        },
        String::new(),
    );
    let due = |key: &str| {
        let t = rec
            .tasks
            .iter()
            .find(|t| t.action.contains(key))
            .unwrap_or_else(|| panic!("no task with {key:?}: {:?}", rec.tasks));
        (t.deadline.text.clone(), t.deadline.due.clone())
    };
    assert_eq!(rec.document.issued, None);
    // The year of the date written earlier in the same item.
    assert_eq!(
        due("rà soát diện tích rừng"),
        (Some("trước ngày 15/3".into()), Some("2026-03-15".into()))
    );
    // No year anywhere before it in its item: the words kept, the day unknown.
    assert_eq!(
        due("xây dựng dự toán kinh phí"),
        (Some("trước ngày 30/6".into()), None)
    );
}
