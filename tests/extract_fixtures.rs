//! Extraction on letters of every genre a clerk receives (tests/fixtures/letters):
//! a Kế hoạch, a Quyết định, a Thông báo kết luận, an urgent công văn with hour
//! deadlines, a commune letter with monthly deadlines, a Báo cáo. Each letter's
//! expected header, citations and tasks are in the JSON next to it; tasks are
//! matched as the scorer does (key phrase inside the action, bodies equal after
//! folding or by word overlap, deadline kind and due day) and must be exactly
//! the expected ones: a missing task or an extra one fails.

use congvan::letter::LetterRecord;
use congvan::normalize::encoding::Encoding;
use congvan::pipeline::Pipeline;
use congvan::read::Source;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

#[path = "common/score.rs"]
mod score;

use score::{bodies_equal, body_match, fold, strings};

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
    let rec =
        Pipeline::bundled().process_text(&format!("{name}.txt"), &text, source, String::new());
    (rec, want)
}

/// Every difference between the record and the expectation, described.
fn differences(rec: &LetterRecord, want: &Value) -> Vec<String> {
    let mut diff = Vec::new();
    let d = &rec.document;
    let wd = &want["document"];
    let field = |k: &str, got: &Option<String>, diff: &mut Vec<String>| {
        if let Some(w) = wd.get(k) {
            let w = w.as_str().map(str::to_string);
            if w != *got {
                diff.push(format!("document.{k}: want {w:?}, got {got:?}"));
            }
        }
    };
    field("kind", &d.kind, &mut diff);
    field("number", &d.number, &mut diff);
    field("issued", &d.issued, &mut diff);
    field("place", &d.place, &mut diff);
    field("issuer", &d.issuer, &mut diff);
    field("subject", &d.subject, &mut diff);
    if let Some(draft) = wd.get("draft").and_then(Value::as_bool) {
        if draft != d.draft {
            diff.push(format!("document.draft: want {draft}, got {}", d.draft));
        }
    }
    if let Some(r) = wd.get("recipients") {
        let want_r = strings(r);
        if want_r != d.recipients {
            diff.push(format!(
                "recipients: want {want_r:?}, got {:?}",
                d.recipients
            ));
        }
    }
    if let Some(s) = wd.get("signer") {
        let got = d.signer.clone().unwrap_or_default();
        let (wn, wt) = (s["name"].as_str(), s["title"].as_str());
        if wn != got.name.as_deref() || wt != got.title.as_deref() {
            diff.push(format!(
                "signer: want {wn:?}/{wt:?}, got {:?}/{:?}",
                got.name, got.title
            ));
        }
    }

    // References: exactly the expected numbers, with kind, date and issuer.
    let want_refs = want["references"].as_array().cloned().unwrap_or_default();
    let got_numbers: BTreeSet<&str> = rec.references.iter().map(|r| r.number.as_str()).collect();
    let want_numbers: BTreeSet<&str> = want_refs
        .iter()
        .filter_map(|r| r["number"].as_str())
        .collect();
    if got_numbers != want_numbers {
        diff.push(format!(
            "references: want {want_numbers:?}, got {got_numbers:?}"
        ));
    }
    for w in &want_refs {
        let Some(g) = rec
            .references
            .iter()
            .find(|r| Some(r.number.as_str()) == w["number"].as_str())
        else {
            continue;
        };
        if w["kind"].as_str() != g.kind.as_deref() {
            diff.push(format!(
                "reference {} kind: want {}, got {:?}",
                g.number, w["kind"], g.kind
            ));
        }
        if let Some(date) = w.get("date") {
            if date.as_str() != g.date.as_deref() {
                diff.push(format!(
                    "reference {} date: want {date}, got {:?}",
                    g.number, g.date
                ));
            }
        }
        if let Some(issuer) = w.get("issuer").and_then(Value::as_str) {
            if !g.issuer.as_deref().is_some_and(|i| body_match(issuer, i)) {
                diff.push(format!(
                    "reference {} issuer: want {issuer}, got {:?}",
                    g.number, g.issuer
                ));
            }
        }
    }

    // Tasks: each expected one found once, nothing else.
    let mut used = vec![false; rec.tasks.len()];
    let want_tasks = want["tasks"].as_array().cloned().unwrap_or_default();
    for w in &want_tasks {
        let key = fold(w["key"].as_str().unwrap_or(""));
        let Some(i) =
            (0..rec.tasks.len()).find(|&i| !used[i] && fold(&rec.tasks[i].action).contains(&key))
        else {
            diff.push(format!("missing task [{}] {key}", w["item"]));
            continue;
        };
        used[i] = true;
        let t = &rec.tasks[i];
        if w["item"].as_str() != Some(t.item.as_str()) {
            diff.push(format!(
                "task {key}: item want {}, got {:?}",
                w["item"], t.item
            ));
        }
        if !bodies_equal(&strings(&w["assignees"]), &t.assignees) {
            diff.push(format!(
                "task {key}: assignees want {}, got {:?}",
                w["assignees"], t.assignees
            ));
        }
        if !bodies_equal(&strings(&w["coordinators"]), &t.coordinators) {
            diff.push(format!(
                "task {key}: coordinators want {}, got {:?}",
                w["coordinators"], t.coordinators
            ));
        }
        let wk = w["deadline"]["kind"].as_str().unwrap_or("none");
        let gk = serde_json::to_value(t.deadline.kind).ok();
        let gk = gk.as_ref().and_then(Value::as_str).unwrap_or("?");
        let due_ok = match w["deadline"]["due"].as_str() {
            Some(due) => t.deadline.due.as_deref() == Some(due),
            None => true,
        };
        if wk != gk || !due_ok {
            diff.push(format!(
                "task {key}: deadline want {}, got {:?}",
                w["deadline"], t.deadline
            ));
        }
        if t.id.len() != 16 {
            diff.push(format!("task {key}: id {:?}", t.id));
        }
    }
    for (i, t) in rec.tasks.iter().enumerate() {
        if !used[i] {
            diff.push(format!("extra task [{}] {}", t.item, t.action));
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
