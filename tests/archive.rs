//! The archive a clerk relies on: different letters are never merged (monthly
//! templates, one text to several bodies), copies of one letter are linked and
//! shown, a letter that replaces another is related to it, and a task's status
//! survives re-ingest, a rules change and the letter's removal (withdrawn).

use serde_json::Value;
use std::path::Path;

mod common;
use common::{congvan, congvan_ok};

/// A công văn of the province with the given number, date, recipient and
/// body: the shape the office's templates produce.
fn letter(number: &str, day: u32, month: u32, recipient: &str, body: &str) -> String {
    format!(
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
         TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n\
         Số: {number} Quảng Ngãi, ngày {day} tháng {month} năm 2025\n\
         V/v báo cáo tình hình thực hiện nhiệm vụ tháng {month}/2025\n\n\
         Kính gửi: {recipient}.\n\n\
         {body}\n\n\
         Nơi nhận:\n- Như trên;\n- Lưu: VT, KT.\n\
         KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Phước Hiền\n"
    )
}

const BODY: &str = "Để kịp thời tổng hợp, báo cáo Chính phủ tình hình thực hiện nhiệm vụ phát triển \
kinh tế - xã hội trên địa bàn tỉnh, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n\
1. Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan tổng hợp tình hình thu, chi ngân sách \
nhà nước trong tháng, dự báo khả năng thu ngân sách cả năm, báo cáo Ủy ban nhân dân tỉnh trước ngày 25 hằng tháng.\n\
2. Sở Nông nghiệp và Môi trường rà soát tiến độ giải ngân vốn đầu tư công các dự án thủy lợi, \
đê điều, phòng chống thiên tai; đề xuất giải pháp tháo gỡ khó khăn, vướng mắc, gửi Sở Tài chính tổng hợp.\n\
3. Ủy ban nhân dân các xã, phường, đặc khu báo cáo kết quả thực hiện các chỉ tiêu kinh tế - xã hội \
chủ yếu trên địa bàn, gửi về Sở Tài chính trước ngày 20 hằng tháng để tổng hợp chung.";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join(name), text).expect("write");
}

fn ingest(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["ingest", "--corpus", "corpus", "--data", "data", "--json"];
    args.extend_from_slice(extra);
    let out = congvan_ok(&args, root);
    serde_json::from_slice(&out.stdout).expect("summary json")
}

fn tasks(root: &Path, filters: &[&str]) -> Vec<Value> {
    let mut args = vec!["tasks", "--json", "--data", "data"];
    args.extend_from_slice(filters);
    let out = congvan_ok(&args, root);
    let v: Value = serde_json::from_slice(&out.stdout).expect("tasks json");
    v["tasks"].as_array().cloned().unwrap_or_default()
}

fn files_of(tasks: &[Value]) -> std::collections::BTreeSet<String> {
    tasks
        .iter()
        .map(|t| t["source"]["file"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn template_letters_and_one_text_to_several_bodies_stay_apart() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let corpus = root.join("corpus");
    // The same monthly report request, three months running.
    for (i, (n, m)) in [("452/UBND-KT", 4), ("561/UBND-KT", 5), ("661/UBND-KT", 6)]
        .iter()
        .enumerate()
    {
        write(
            &corpus,
            &format!("thang{i}.txt"),
            &letter(n, 3, *m, "Sở Tài chính; Sở Nông nghiệp và Môi trường", BODY),
        );
    }
    // One text to two communes, each letter with its own number.
    write(
        &corpus,
        "ba_to.txt",
        &letter("700/UBND-KT", 9, 6, "Ủy ban nhân dân xã Ba Tơ", BODY),
    );
    write(
        &corpus,
        "son_tinh.txt",
        &letter(
            "701/UBND-KT",
            9,
            6,
            "Ủy ban nhân dân phường Trương Quang Trọng",
            BODY,
        ),
    );
    // A scan-like copy of the June letter: accents partly lost, lines moved.
    let june = letter(
        "661/UBND-KT",
        3,
        6,
        "Sở Tài chính; Sở Nông nghiệp và Môi trường",
        BODY,
    );
    let scan = june
        .replace("các", "cac")
        .replace("tỉnh", "tinh")
        .replace("Sở Tài chính", "So Tai chinh")
        .replace(", ", ",\n");
    write(&corpus, "thang6_scan.txt", &scan);

    let s = ingest(root, &[]);
    assert_eq!(s["letters"], 6, "{s}");
    assert_eq!(s["duplicates"], 1, "only the scan is a copy: {s}");
    let all = tasks(root, &["--status", "all"]);
    let files = files_of(&all);
    for f in ["thang0", "thang1", "ba_to", "son_tinh"] {
        assert!(
            files.iter().any(|x| x.contains(f)),
            "{f}'s tasks are missing: {files:?}"
        );
    }
    // The June letter's tasks appear once, with both files named.
    let june: Vec<&Value> = all
        .iter()
        .filter(|t| {
            let f = t["source"]["file"].as_str().unwrap_or("");
            f.contains("thang2") || f.contains("thang6_scan")
        })
        .collect();
    assert!(!june.is_empty());
    let per_letter = all.len() / 5;
    assert_eq!(june.len(), per_letter, "{june:?}");
    for t in june {
        assert_eq!(
            t["source"]["copies"].as_array().map(Vec::len),
            Some(1),
            "{t}"
        );
    }
    // Every letter lists the same number of tasks: none vanished.
    assert_eq!(all.len() % 5, 0, "{}", all.len());
}

#[test]
fn a_letter_that_replaces_another_is_related_not_a_copy() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let corpus = root.join("corpus");
    let old = letter("661/UBND-KT", 3, 6, "Sở Tài chính", BODY);
    let revised_body = format!(
        "{BODY}\nVăn bản này thay thế Công văn số 661/UBND-KT ngày 03/6/2025 của Ủy ban nhân dân tỉnh."
    );
    let new = letter("675/UBND-KT", 5, 6, "Sở Tài chính", &revised_body);
    write(&corpus, "a_old.txt", &old);
    write(&corpus, "b_new.txt", &new);
    let s = ingest(root, &[]);
    assert_eq!(s["duplicates"], 0, "{s}");
    let archive = congvan::archive::Archive::open_existing(&root.join("data")).expect("archive");
    // Paths are kept as the --corpus argument gave them.
    let rel = archive.replaces("corpus/b_new.txt").expect("relations");
    assert_eq!(
        rel,
        vec![(
            "661/UBND-KT".to_string(),
            Some("corpus/a_old.txt".to_string())
        )]
    );
}

#[test]
fn task_status_survives_reingest_rules_change_and_removal() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let corpus = root.join("corpus");
    write(
        &corpus,
        "thang5.txt",
        &letter("561/UBND-KT", 3, 5, "Sở Tài chính", BODY),
    );
    write(
        &corpus,
        "thang6.txt",
        &letter("661/UBND-KT", 3, 6, "Sở Tài chính", BODY),
    );
    ingest(root, &[]);
    let open = tasks(root, &[]);
    assert!(open.len() >= 4, "{open:?}");
    assert!(open.iter().all(|t| t["status"] == "open"));
    let target = open
        .iter()
        .find(|t| {
            t["source"]["file"]
                .as_str()
                .unwrap_or("")
                .contains("thang5")
        })
        .expect("a task of thang5");
    let id = target["id"].as_str().expect("id").to_string();

    // Done, by a prefix of the id, with a note.
    let out = congvan(
        &[
            "tasks",
            "done",
            &id[..8],
            "--note",
            "đã báo cáo",
            "--by",
            "vanthu",
            "--data",
            "data",
        ],
        root,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let done_now = |root: &Path| -> Vec<Value> { tasks(root, &["--status", "done"]) };
    let check = |when: &str| {
        let d = done_now(root);
        assert_eq!(d.len(), 1, "{when}: {d:?}");
        assert_eq!(d[0]["id"], id.as_str(), "{when}");
        assert_eq!(d[0]["status_changed"]["note"], "đã báo cáo", "{when}");
        assert_eq!(d[0]["status_changed"]["by"], "vanthu", "{when}");
        assert!(
            !tasks(root, &[]).iter().any(|t| t["id"] == id.as_str()),
            "{when}: a done task is not in the open list"
        );
    };
    check("after done");

    // Re-ingest with nothing changed, then with the letter's file rewritten.
    ingest(root, &[]);
    check("after a re-ingest");
    let mut text = std::fs::read_to_string(corpus.join("thang5.txt")).expect("read");
    text.push('\n');
    std::fs::write(corpus.join("thang5.txt"), text).expect("write");
    let s = ingest(root, &[]);
    assert_eq!(s["read"], 1, "{s}");
    check("after the letter changed");

    // A rules change reprocesses every letter; ids and status stay.
    let rules = root.join("myrules");
    std::fs::create_dir_all(&rules).expect("mkdir");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for e in std::fs::read_dir(&bundled).expect("rules") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, rules.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let agencies = rules.join("agencies.toml");
    let mut t = std::fs::read_to_string(&agencies).expect("agencies");
    t.push_str("\n# a clerk's comment: the rules changed\n");
    std::fs::write(&agencies, t).expect("write");
    let s = ingest(root, &["--rules", "myrules"]);
    assert_eq!(s["pipeline_changed"], true, "{s}");
    assert_eq!(s["read"], 2, "{s}");
    check("after a rules change");

    // Filters.
    let mine = tasks(root, &["--status", "all", "--letter", "561/UBND-KT"]);
    assert!(!mine.is_empty() && files_of(&mine).len() == 1, "{mine:?}");
    let by_body = tasks(root, &["--assignee", "so tai chinh"]);
    assert!(!by_body.is_empty());
    assert!(by_body.iter().all(|t| {
        t["assignees"]
            .as_array()
            .into_iter()
            .flatten()
            .chain(t["coordinators"].as_array().into_iter().flatten())
            .any(|a| a.as_str().unwrap_or("").contains("Tài chính"))
    }));
    let overdue = tasks(root, &["--overdue", "--today", "2030-01-01"]);
    assert!(!overdue.is_empty());
    assert!(overdue
        .iter()
        .all(|t| t["status"] == "open" && t["deadline"]["due"].is_string()));
    assert!(tasks(root, &["--overdue", "--today", "2000-01-01"]).is_empty());
    let due = tasks(root, &["--status", "all", "--due-before", "2025-05-31"]);
    assert!(due
        .iter()
        .all(|t| t["deadline"]["due"].as_str().unwrap_or("9") <= "2025-05-31"));

    // Reopen, then done again; then the letter leaves the corpus: its tasks
    // are withdrawn, the done one stays done.
    let out = congvan(&["tasks", "reopen", &id, "--data", "data"], root);
    assert_eq!(out.status.code(), Some(0));
    assert!(done_now(root).is_empty());
    let out = congvan(&["tasks", "done", &id, "--data", "data"], root);
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_file(corpus.join("thang5.txt")).expect("rm");
    let s = ingest(root, &["--rules", "myrules"]);
    assert_eq!(s["removed"], 1, "{s}");
    let withdrawn = tasks(root, &["--status", "withdrawn"]);
    assert!(!withdrawn.is_empty());
    assert!(files_of(&withdrawn).iter().all(|f| f.contains("thang5")));
    assert_eq!(done_now(root).len(), 1);
    assert!(!files_of(&tasks(root, &[]))
        .iter()
        .any(|f| f.contains("thang5")));

    // Unknown and ambiguous ids are clear errors.
    let out = congvan(&["tasks", "done", "zzzz", "--data", "data"], root);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("zzzz"));
}

#[test]
fn a_json_data_folder_is_imported_on_first_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let corpus = root.join("corpus");
    write(
        &corpus,
        "thang6.txt",
        &letter("661/UBND-KT", 3, 6, "Sở Tài chính", BODY),
    );
    // The layout congvan 0.1 wrote: a manifest, one JSON record per letter.
    let out = congvan(&["extract", "--json", "corpus/thang6.txt"], root);
    assert_eq!(out.status.code(), Some(0));
    let data = root.join("data");
    std::fs::create_dir_all(data.join("letters")).expect("mkdir");
    std::fs::write(data.join("letters/abc.json"), &out.stdout).expect("record");
    let rec: Value = serde_json::from_slice(&out.stdout).expect("json");
    let manifest = serde_json::json!({
        "version": 1,
        "pipeline": "an older build",
        "files": {"corpus/thang6.txt": {"content_hash": rec["content_hash"], "record": "abc.json"}}
    });
    std::fs::write(data.join("manifest.json"), manifest.to_string()).expect("manifest");
    std::fs::write(data.join("tasks.json"), "{\"tasks\": []}").expect("tasks");

    let listed = tasks(root, &[]);
    assert!(!listed.is_empty(), "the imported letter's tasks are listed");
    assert!(!data.join("manifest.json").exists() && !data.join("tasks.json").exists());
    assert!(data.join("congvan.sqlite").is_file());
    // The older build's records are reprocessed by this one, once.
    let s = ingest(root, &[]);
    assert_eq!(
        (s["read"].as_u64(), s["letters"].as_u64()),
        (Some(1), Some(1)),
        "{s}"
    );
    let s = ingest(root, &[]);
    assert_eq!(s["read"], 0, "{s}");
}
