//! Nhập văn bản (ingest): `/ingest` shows the archive's state (letters, last
//! ingest, files that failed) and starts an ingest of the corpus folder in the
//! background (`POST /ingest`, one at a time); `/ingest/status` reports its
//! progress as JSON for the page's few lines of script. The ingest is
//! [`crate::ingest::ingest`], the code of `congvan ingest`; afterwards the
//! search reader is reloaded so new letters are found at once.

use super::board::check_csrf;
use super::layout::{self, Nav};
use super::params::Params;
use super::{AppState, WebError};
use crate::archive::desk::DeskState;
use crate::archive::now_utc;
use crate::ingest::{self, IngestOptions, IngestSummary, Progress};
use crate::pipeline::Pipeline;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use maud::html;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ingest", get(ingest_page).post(start_ingest))
        .route("/ingest/status", get(status))
}

/// How the last ingest ended.
#[derive(Debug, Clone, Serialize)]
pub struct LastIngest {
    /// When it ended (UTC).
    pub finished_at: String,
    /// Why it could not run, if it could not.
    pub error: Option<String>,
    pub summary: Option<IngestSummary>,
}

/// The background ingest: at most one runs; its progress and last result.
#[derive(Default)]
pub struct IngestJob {
    running: AtomicBool,
    done: AtomicUsize,
    total: AtomicUsize,
    last: Mutex<Option<LastIngest>>,
}

/// `/ingest/status`.
#[derive(Debug, Clone, Serialize)]
pub struct IngestStatus {
    pub running: bool,
    /// Files processed / to process in the running ingest.
    pub done: usize,
    pub total: usize,
    pub last: Option<LastIngest>,
}

impl IngestJob {
    fn status(&self) -> IngestStatus {
        IngestStatus {
            running: self.running.load(Ordering::SeqCst),
            done: self.done.load(Ordering::SeqCst),
            total: self.total.load(Ordering::SeqCst),
            last: self
                .last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone(),
        }
    }
}

impl Progress for IngestJob {
    fn start(&self, total: usize) {
        self.total.store(total, Ordering::SeqCst);
    }
    fn file_done(&self, _file: &str, _problem: Option<&str>) {
        self.done.fetch_add(1, Ordering::SeqCst);
    }
}

async fn status(State(state): State<AppState>) -> Json<IngestStatus> {
    Json(state.0.ingest.status())
}

async fn ingest_page(State(state): State<AppState>) -> Result<Response, WebError> {
    page(&state, StatusCode::OK, None).await
}

async fn page(
    state: &AppState,
    code: StatusCode,
    message: Option<&str>,
) -> Result<Response, WebError> {
    let desk = state.with_archive(|a| Ok(a.desk_state()?)).await?;
    let job = state.0.ingest.status();
    Ok((code, render(state, desk.as_ref(), &job, message)).into_response())
}

fn render(
    state: &AppState,
    desk: Option<&DeskState>,
    job: &IngestStatus,
    message: Option<&str>,
) -> Html<String> {
    let progress = if job.running {
        format!("Đang nhập văn bản: {}/{} tệp", job.done, job.total)
    } else {
        match &job.last {
            None => "Chưa nhập lần nào từ trang này.".to_string(),
            Some(LastIngest { error: Some(e), finished_at, .. }) => {
                format!("Lần nhập lúc {finished_at} không chạy được: {e}")
            }
            Some(LastIngest { summary: Some(s), finished_at, .. }) => format!(
                "Lần nhập lúc {finished_at}: {} tệp, {} đọc mới, {} không đổi, {} lỗi, {} bị bỏ, {} xóa khỏi kho; {:.1} giây.",
                s.files, s.read, s.unchanged, s.failed.len(), s.skipped.len(), s.removed, s.seconds
            ),
            Some(_) => String::new(),
        }
    };
    let body = html! {
        h1 { "Nhập văn bản" }
        @if let Some(m) = message { p.notice #ingest-message { (m) } }
        @if desk.is_none() { (layout::no_archive(state.data_dir())) }
        dl.header {
            dt { "Thư mục văn bản" } dd #corpus { code { (state.corpus_dir().display()) } }
            dt { "Thư mục dữ liệu" } dd #data { code { (state.data_dir().display()) } }
            dt { "Số văn bản trong kho" } dd #letter-count { (desk.map_or(0, |d| d.letters)) }
            dt { "Số việc" } dd #task-count { (desk.map_or(0, |d| d.tasks)) }
            dt { "Lần nhập gần nhất" } dd #last-ingest {
                (desk.and_then(|d| d.last_ingest.as_deref()).unwrap_or("chưa nhập"))
            }
        }
        form #ingest-form method="post" action="/ingest" {
            input type="hidden" name="csrf" value=(state.csrf_token());
            button type="submit" disabled[job.running] { "Nhập văn bản từ thư mục" }
        }
        p #ingest-progress data-running=(job.running) { (progress) }
        h2 { "Tệp không đọc được" }
        ul #failures {
            @for (file, reason) in desk.map(|d| d.failures.as_slice()).unwrap_or_default() {
                li { code.file { (file) } ": " span.reason { (reason) } }
            }
        }
        script src="/assets/ingest.js" {}
    };
    layout::page("Nhập văn bản", Nav::Ingest, body)
}

async fn start_ingest(State(state): State<AppState>, body: Bytes) -> Result<Response, WebError> {
    let form = std::str::from_utf8(&body)
        .map_err(|_| WebError::bad_request("Biểu mẫu không phải UTF-8."))
        .and_then(Params::parse)?;
    check_csrf(&state, &form)?;
    let job = &state.0.ingest;
    if job
        .running
        .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return page(
            &state,
            StatusCode::CONFLICT,
            Some("Đang có một lượt nhập văn bản chạy; chờ lượt này xong rồi nhập lại."),
        )
        .await;
    }
    job.done.store(0, Ordering::SeqCst);
    job.total.store(0, Ordering::SeqCst);
    let worker = state.clone();
    let spawned = std::thread::Builder::new()
        .name("desk-ingest".into())
        .spawn(move || run(&worker));
    if let Err(e) = spawned {
        job.running.store(false, Ordering::SeqCst);
        return Err(WebError::internal(format!(
            "Không khởi động được việc nhập văn bản: {e}"
        )));
    }
    Ok(Redirect::to("/ingest").into_response())
}

/// The background ingest: runs, records its result, refreshes the reader.
fn run(state: &AppState) {
    let job = &state.0.ingest;
    let opts = IngestOptions {
        corpus: state.0.corpus.clone(),
        data: state.0.data.clone(),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ingest::ingest(&Pipeline::bundled(), &opts, job)
    }));
    let (summary, mut error) = match outcome {
        Ok(Ok(s)) => (Some(s), None),
        Ok(Err(e)) => (None, Some(e.to_string())),
        Err(_) => (None, Some("lỗi nội bộ khi nhập văn bản".to_string())),
    };
    if summary.is_some() {
        if let Err(e) = state.refresh() {
            error = Some(e.message);
        }
    }
    *job.last
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(LastIngest {
        finished_at: now_utc(),
        error,
        summary,
    });
    job.running.store(false, Ordering::SeqCst);
}
