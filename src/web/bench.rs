//! `congvan bench-desk`: how fast the desk answers, measured over HTTP on
//! loopback against an existing data folder (make a large one with
//! `congvan bench-ingest --letters 7000 --dir D`, which keeps `D/data`).
//!
//! The server runs in this process on a free loopback port; each request is a
//! plain HTTP/1.1 GET on a fresh connection, timed from connect to the last
//! byte, so a figure is the server's time plus a loopback round trip.

use serde::Serialize;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// Timings of one address, over `rounds` requests.
#[derive(Debug, Serialize)]
pub struct RouteTiming {
    pub path: String,
    pub status: u16,
    pub bytes: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

/// What `bench-desk` reports.
#[derive(Debug, Serialize)]
pub struct DeskBench {
    pub letters: usize,
    pub tasks: usize,
    pub threads: usize,
    pub rounds: usize,
    pub routes: Vec<RouteTiming>,
}

/// Serve `data` on a loopback port and time the desk's main addresses.
pub fn run(data: &Path, rounds: usize) -> Result<DeskBench, String> {
    let rounds = rounds.max(1);
    let (letters, tasks) = {
        let a = crate::archive::Archive::open_existing(data)
            .map_err(|e| format!("{}: {e}", data.display()))?;
        let c = a.counts().map_err(|e| e.to_string())?;
        let all = a
            .tasks(&crate::archive::TaskFilter {
                status: crate::archive::StatusFilter::All,
                today: crate::archive::today_utc(),
                ..Default::default()
            })
            .map_err(|e| e.to_string())?;
        (c.letters, all.tasks.len())
    };
    let state = super::AppState::open(data, &data.join("corpus-unused"))
        .map_err(|e| format!("{}: {e}", data.display()))?;
    let (tx, rx) = std::sync::mpsc::channel::<Result<SocketAddr, String>>();
    std::thread::spawn(move || {
        let rt = match tokio::runtime::Runtime::new() {
            Ok(rt) => rt,
            Err(e) => {
                let _ = tx.send(Err(format!("async runtime: {e}")));
                return;
            }
        };
        rt.block_on(async move {
            let listener = match tokio::net::TcpListener::bind(("127.0.0.1", 0)).await {
                Ok(l) => l,
                Err(e) => {
                    let _ = tx.send(Err(format!("listen on loopback: {e}")));
                    return;
                }
            };
            match listener.local_addr() {
                Ok(a) => {
                    let _ = tx.send(Ok(a));
                }
                Err(e) => {
                    let _ = tx.send(Err(e.to_string()));
                    return;
                }
            }
            let _ = axum::serve(listener, super::app(state)).await;
        });
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .map_err(|_| "the desk did not start".to_string())??;

    let last_page = tasks.div_ceil(100).max(1);
    let paths = [
        "/search?q=K%E1%BA%BF+ho%E1%BA%A1ch+02".to_string(),
        "/search?q=KH+02".to_string(),
        "/search?q=ke+hoach+02".to_string(),
        "/tasks?status=all".to_string(),
        format!("/tasks?status=all&page={}", last_page / 2 + 1),
        format!("/tasks?status=all&page={last_page}"),
        "/tasks?assignee=x%C3%A3".to_string(),
        "/tasks?overdue=1".to_string(),
    ];
    // One warm-up request each: the first board request builds its index.
    for p in &paths {
        get(addr, p)?;
    }
    let mut routes = Vec::new();
    for p in &paths {
        let mut ms = Vec::with_capacity(rounds);
        let (mut status, mut bytes) = (0, 0);
        for _ in 0..rounds {
            let t = Instant::now();
            let (s, b) = get(addr, p)?;
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            status = s;
            bytes = b;
        }
        ms.sort_by(f64::total_cmp);
        let q = |f: f64| ms[((ms.len() - 1) as f64 * f).round() as usize];
        routes.push(RouteTiming {
            path: p.clone(),
            status,
            bytes,
            p50_ms: q(0.5),
            p95_ms: q(0.95),
            max_ms: ms[ms.len() - 1],
        });
    }
    Ok(DeskBench {
        letters,
        tasks,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        rounds,
        routes,
    })
}

/// One GET on a fresh connection: (status, body bytes).
fn get(addr: SocketAddr, path: &str) -> Result<(u16, usize), String> {
    let mut s = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("send {path}: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .map_err(|e| format!("read {path}: {e}"))?;
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("{path}: no HTTP header in the answer"))?;
    let status = String::from_utf8_lossy(&raw[..head_end])
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("{path}: no status in the answer"))?;
    Ok((status, raw.len() - head_end - 4))
}

/// The report as a table.
pub fn render(r: &DeskBench) -> String {
    let mut out = format!(
        "desk over {} letters, {} tasks; {} requests each on {} threads (HTTP on loopback, fresh connection each)\n\n{:<44} {:>6} {:>9} {:>8} {:>8} {:>8}\n",
        r.letters, r.tasks, r.rounds, r.threads, "address", "status", "bytes", "p50 ms", "p95 ms", "max ms"
    );
    for t in &r.routes {
        out.push_str(&format!(
            "{:<44} {:>6} {:>9} {:>8.1} {:>8.1} {:>8.1}\n",
            t.path, t.status, t.bytes, t.p50_ms, t.p95_ms, t.max_ms
        ));
    }
    out
}
