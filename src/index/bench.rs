//! Search benchmark: index N synthetic letters ([`crate::synth`]) into a folder,
//! then time a mix of clerk queries. Reports build rate, index size and query
//! latency percentiles. Run it in release mode: `congvan bench --letters 100000`.

use super::search::{search_with, SearchOptions, Sort};
use super::{snippet, IndexError, LetterIndex};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// What the benchmark measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub letters: usize,
    pub threads: usize,
    pub build_seconds: f64,
    pub letters_per_second: f64,
    pub index_bytes: u64,
    pub queries: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Per query: the text, median latency (ms) and total hits.
    pub per_query: Vec<(String, f64, usize)>,
}

/// The query mix: citation shorthands, words with and without accents,
/// phrases, a typo, and filtered/sorted searches.
pub fn query_mix() -> Vec<(String, SearchOptions)> {
    let plain = |q: &str| (q.to_string(), SearchOptions::default());
    let mut v = vec![
        plain("Kế hoạch 02"),
        plain("KH 02"),
        plain("ke hoach so 02"),
        plain("02-KH/BCĐTW"),
        plain("Nghị định 118"),
        plain("118/2025/NĐ-CP"),
        plain("NQ 57"),
        plain("Nghị quyết 57"),
        plain("chữ ký số"),
        plain("chu ky so"),
        plain("Sở Tài chính"),
        plain("\"dịch vụ công trực tuyến\""),
        plain("xã Hòa Bình"),
        plain("phòng chống thiên tai"),
        plain("tiêm phòmg gia súc"),
        plain("dự toán ngân sách 2026"),
        plain("an ninh mạng"),
        plain("Trương Quang Trọng"),
    ];
    v.push((
        "chuyển đổi số".into(),
        SearchOptions {
            kind: Some("KH".into()),
            from: Some("2025-01-01".into()),
            to: Some("2025-12-31".into()),
            ..Default::default()
        },
    ));
    v.push((
        "báo cáo".into(),
        SearchOptions {
            cites: Some("57-NQ/TW".into()),
            sort: Sort::Date,
            ..Default::default()
        },
    ));
    v.push((
        "".into(),
        SearchOptions {
            assignee: Some("xã Ba Tơ".into()),
            sort: Sort::Date,
            ..Default::default()
        },
    ));
    v.push((
        "rà soát".into(),
        SearchOptions {
            issuer: Some("Sở Nội vụ".into()),
            ..Default::default()
        },
    ));
    v
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let k = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[k.min(sorted.len() - 1)]
}

/// Build an index of `letters` synthetic letters in `dir` (must be empty or
/// absent) and run every query of the mix `rounds` times.
pub fn run(dir: &Path, letters: usize, rounds: usize) -> Result<BenchReport, IndexError> {
    let idx = LetterIndex::open_or_create(dir)?;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let start = Instant::now();
    let mut w = idx.writer()?;
    for rec in crate::synth::letters(2026, letters) {
        w.add_document(idx.document(&rec))?;
    }
    w.commit()?;
    w.wait_merging_threads()?;
    let build_seconds = start.elapsed().as_secs_f64();
    let index_bytes = dir_size(dir);

    let reader = idx.reader()?;
    let mix = query_mix();
    let mut all = Vec::new();
    let mut per_query = Vec::new();
    // One warm-up round (page cache, lazy structures), not measured.
    for (q, o) in &mix {
        let o = SearchOptions {
            limit: 10,
            ..o.clone()
        };
        search_with(&idx, &reader, q, &o, snippet::HTML).map_err(|e| IndexError::Open {
            path: "bench".into(),
            reason: e.to_string(),
        })?;
    }
    for (q, o) in &mix {
        let o = SearchOptions {
            limit: 10,
            ..o.clone()
        };
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0;
        for _ in 0..rounds.max(1) {
            let t = Instant::now();
            let res =
                search_with(&idx, &reader, q, &o, snippet::HTML).map_err(|e| IndexError::Open {
                    path: "bench".into(),
                    reason: e.to_string(),
                })?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            total = res.total;
        }
        times.sort_by(f64::total_cmp);
        per_query.push((q.clone(), percentile(&times, 0.5), total));
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    Ok(BenchReport {
        letters,
        threads,
        build_seconds,
        letters_per_second: letters as f64 / build_seconds.max(1e-9),
        index_bytes,
        queries: all.len(),
        p50_ms: percentile(&all, 0.5),
        p95_ms: percentile(&all, 0.95),
        p99_ms: percentile(&all, 0.99),
        max_ms: all.last().copied().unwrap_or(0.0),
        per_query,
    })
}
