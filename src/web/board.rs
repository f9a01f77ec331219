//! Việc cần làm (the task board): `/tasks?status=&assignee=&due_before=&overdue=&letter=&page=`,
//! 100 tasks a page, filtered and paged in SQL ([`crate::archive::desk`]);
//! counts per assignee; mark done / reopen (`POST /tasks/<id>/done|reopen`,
//! through [`crate::archive::Archive::set_status`], answered with 303 back to
//! the board); the downloads `/tasks.csv`, `/tasks.xlsx`, `/tasks.ics` with
//! the board's filters, all pages.

use super::layout::{self, Nav};
use super::params::{encode, is_outside_path, Params};
use super::{blocking, csrf, AppState, WebError};
use crate::archive::desk::{letter_id, TaskPage};
use crate::archive::{now_utc, today_utc, StatusFilter, TaskFilter};
use crate::export;
use crate::letter::{ListedTask, TaskStatus};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup};

/// Tasks per page.
pub const PAGE_SIZE: usize = 100;
const MAX_PAGE: usize = 1_000_000;
/// Longest note kept with a status change.
const MAX_NOTE: usize = 2000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tasks", get(board))
        .route("/tasks/{id}/done", post(mark_done))
        .route("/tasks/{id}/reopen", post(reopen))
        .route("/tasks.csv", get(download_csv))
        .route("/tasks.xlsx", get(download_xlsx))
        .route("/tasks.ics", get(download_ics))
}

/// The board's query: its filters and page.
#[derive(Debug, Clone)]
struct BoardQuery {
    status: StatusFilter,
    assignee: Option<String>,
    due_before: Option<String>,
    overdue: bool,
    letter: Option<String>,
    page: usize,
}

fn status_name(s: StatusFilter) -> &'static str {
    match s {
        StatusFilter::Open => "open",
        StatusFilter::Done => "done",
        StatusFilter::Withdrawn => "withdrawn",
        StatusFilter::All => "all",
    }
}

impl BoardQuery {
    fn parse(raw: Option<&str>) -> Result<BoardQuery, WebError> {
        let p = Params::query(raw)?;
        let status = match p.get("status") {
            None => StatusFilter::Open,
            Some(s) => s.parse().map_err(|_| {
                WebError::bad_request(format!(
                    "Trạng thái \"{s}\" không hợp lệ: open, done, withdrawn hoặc all."
                ))
            })?,
        };
        let overdue = match p.get("overdue") {
            None | Some("0") | Some("false") => false,
            Some("1") | Some("true") | Some("on") => true,
            Some(o) => {
                return Err(WebError::bad_request(format!(
                    "overdue=\"{o}\" không hợp lệ: 1 hoặc 0."
                )))
            }
        };
        let letter = p.string("letter");
        if let Some(l) = &letter {
            if is_outside_path(l) {
                return Err(WebError::bad_request(format!(
                    "Văn bản \"{l}\": hãy ghi số ký hiệu hoặc tên tệp, không ghi đường dẫn tuyệt đối hay \"..\"."
                )));
            }
        }
        Ok(BoardQuery {
            status,
            assignee: p.string("assignee"),
            due_before: p.date("due_before")?,
            overdue,
            letter,
            page: p.page(MAX_PAGE)?,
        })
    }

    fn filter(&self) -> TaskFilter {
        TaskFilter {
            status: self.status,
            assignee: self.assignee.clone(),
            due_before: self.due_before.clone(),
            overdue: self.overdue,
            letter: self.letter.clone(),
            today: today_utc(),
        }
    }

    /// The query string of these filters (and `page`, when given).
    fn query_string(&self, page: Option<usize>) -> String {
        let page = page.map(|p| p.to_string());
        encode(&[
            ("status", Some(status_name(self.status))),
            ("assignee", self.assignee.as_deref()),
            ("due_before", self.due_before.as_deref()),
            ("overdue", self.overdue.then_some("1")),
            ("letter", self.letter.as_deref()),
            ("page", page.as_deref()),
        ])
    }
}

/// Everything the board shows.
struct Board {
    page: TaskPage,
    counts: Vec<(String, usize)>,
}

async fn board(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, WebError> {
    let q = BoardQuery::parse(raw.as_deref())?;
    let filter = q.filter();
    let offset = (q.page - 1) * PAGE_SIZE;
    let shared = state.clone();
    let found = state
        .with_archive(move |a| {
            let mut cache = shared.board_cache();
            let version = a.data_version()?;
            let index = match cache.take() {
                Some(b) if b.version() == version => b,
                _ => a.board_index()?,
            };
            let board = Board {
                page: a.task_page(&index, &filter, offset, PAGE_SIZE)?,
                counts: index.assignee_counts(&TaskFilter {
                    assignee: None,
                    ..filter
                }),
            };
            *cache = Some(index);
            Ok(board)
        })
        .await?;
    Ok(render(&state, &q, found.as_ref()))
}

/// The status as the clerk reads it.
pub fn status_text(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Open => "Chưa xong",
        TaskStatus::Done => "Đã xong",
        TaskStatus::Withdrawn => "Đã rút (văn bản không còn trong thư mục)",
    }
}

/// The `.status` cell of a task row.
pub fn status_cell(t: &ListedTask) -> Markup {
    html! {
        td.status data-status=(t.status.name()) {
            (status_text(t.status))
            @if let Some(c) = &t.status_changed {
                br;
                small.changed {
                    (c.at)
                    @if let Some(by) = &c.by { " · " (by) }
                    @if let Some(n) = &c.note { " · " (n) }
                }
            }
        }
    }
}

/// The due date, else the deadline's words, else a dash.
pub fn task_due(t: &ListedTask) -> String {
    let d = &t.task.deadline;
    match (&d.due, &d.text) {
        (Some(due), _) => due.clone(),
        (None, Some(text)) => text.clone(),
        _ => "—".into(),
    }
}

fn render(state: &AppState, q: &BoardQuery, board: Option<&Board>) -> Html<String> {
    let today = today_utc();
    let here = q.query_string(None);
    let here_paged = q.query_string(Some(q.page));
    let opt = |v: StatusFilter, label: &str| {
        html! { option value=(status_name(v)) selected[q.status == v] { (label) } }
    };
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let body = html! {
        h1 { "Việc cần làm" }
        form #board-filter method="get" action="/tasks" {
            label { "Trạng thái"
                select name="status" {
                    (opt(StatusFilter::Open, "Chưa xong"))
                    (opt(StatusFilter::Done, "Đã xong"))
                    (opt(StatusFilter::Withdrawn, "Đã rút"))
                    (opt(StatusFilter::All, "Tất cả"))
                }
            }
            label { "Đơn vị" input type="text" name="assignee" value=(v(&q.assignee)) placeholder="xã Ba Tơ"; }
            label { "Hạn đến ngày" input type="date" name="due_before" value=(v(&q.due_before)); }
            label { "Văn bản (số ký hiệu)" input type="text" name="letter" value=(v(&q.letter)); }
            label.check { "Quá hạn" input type="checkbox" name="overdue" value="1" checked[q.overdue]; }
            button type="submit" { "Lọc" }
        }
        @match board {
            None => (layout::no_archive(state.data_dir())),
            Some(b) => {
                p.summary { span #task-total { (b.page.total) } " việc" }
                div.downloads {
                    "Tải về: "
                    a #download-csv href={ "/tasks.csv?" (here) } { "CSV (Excel)" }
                    a #download-xlsx href={ "/tasks.xlsx?" (here) } { "Excel (.xlsx)" }
                    a #download-ics href={ "/tasks.ics?" (here) } { "Lịch (.ics)" }
                }
                section #assignee-counts {
                    h2 { "Số việc theo đơn vị chủ trì" }
                    ul {
                        @for (name, n) in &b.counts {
                            @let link = BoardQuery { assignee: Some(name.clone()), page: 1, ..q.clone() };
                            li data-assignee=(name) {
                                a href={ "/tasks?" (link.query_string(None)) } { (name) }
                                ": " span.count { (n) }
                            }
                        }
                    }
                }
                table #task-board {
                    thead { tr {
                        th { "Hạn" } th { "Việc" } th { "Đơn vị chủ trì" } th { "Văn bản" }
                        th { "Trạng thái" } th { "Cập nhật" }
                    } }
                    tbody {
                        @for t in &b.page.tasks {
                            @let overdue = t.status == TaskStatus::Open
                                && t.task.deadline.due.as_deref().is_some_and(|d| d < today.as_str());
                            tr.task.overdue[overdue] data-task-id=(t.task.id) {
                                td.due { (task_due(t)) }
                                td.action { (t.task.action) }
                                td.assignees { (t.task.assignees.join("; ")) }
                                td.letter {
                                    a href={ "/letters/" (letter_id(&t.source.file)) } {
                                        (t.source.number.as_deref().unwrap_or(layout::file_name(&t.source.file)))
                                    }
                                    " (" (t.task.item) ")"
                                }
                                (status_cell(t))
                                td.update {
                                    @let (verb, label) = if t.status == TaskStatus::Done { ("reopen", "Mở lại") } else { ("done", "Xong") };
                                    form.set-status method="post" action={ "/tasks/" (t.task.id) "/" (verb) "?" (here_paged) } {
                                        input type="hidden" name="csrf" value=(state.csrf_token());
                                        input type="text" name="note" placeholder="Ghi chú";
                                        button type="submit" { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
                nav.paging {
                    @if q.page > 1 {
                        a.page-prev rel="prev" href={ "/tasks?" (q.query_string(Some(q.page - 1))) } { "← Trang trước" }
                    }
                    @if q.page * PAGE_SIZE < b.page.total {
                        a.page-next rel="next" href={ "/tasks?" (q.query_string(Some(q.page + 1))) } { "Trang sau →" }
                    }
                }
            }
        }
    };
    layout::page("Việc cần làm", Nav::Tasks, body)
}

async fn mark_done(
    state: State<AppState>,
    id: Path<String>,
    raw: RawQuery,
    body: Bytes,
) -> Result<Response, WebError> {
    set_status(state, id, raw, body, true).await
}

async fn reopen(
    state: State<AppState>,
    id: Path<String>,
    raw: RawQuery,
    body: Bytes,
) -> Result<Response, WebError> {
    set_status(state, id, raw, body, false).await
}

/// Check the CSRF token of a form body; 403 when missing or wrong.
pub fn check_csrf(state: &AppState, form: &Params) -> Result<(), WebError> {
    if csrf::matches(state.csrf_token(), form.get("csrf")) {
        Ok(())
    } else {
        Err(WebError::forbidden(
            "Thiếu hoặc sai mã bảo vệ (CSRF) của biểu mẫu: hãy tải lại trang rồi thử lại.",
        ))
    }
}

async fn set_status(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
    done: bool,
) -> Result<Response, WebError> {
    let form = std::str::from_utf8(&body)
        .map_err(|_| WebError::bad_request("Biểu mẫu không phải UTF-8."))
        .and_then(Params::parse)?;
    check_csrf(&state, &form)?;
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(WebError::bad_request(format!(
            "Mã việc \"{id}\" không hợp lệ."
        )));
    }
    let q = BoardQuery::parse(raw.as_deref())?;
    let note = form.string("note");
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(WebError::bad_request(format!(
            "Ghi chú dài quá {MAX_NOTE} ký tự."
        )));
    }
    let by = std::env::var("USER")
        .or(std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.is_empty());
    let shared = state.clone();
    let changed = state
        .with_archive(move |a| {
            let t = a.set_status(&id, done, note.as_deref(), by.as_deref())?;
            if let Some(index) = shared.board_cache().as_mut() {
                index.set_status(&t.task.id, t.status);
            }
            Ok(())
        })
        .await?;
    if changed.is_none() {
        return Err(WebError::not_found(
            "Chưa có kho văn bản: chưa có việc nào.",
        ));
    }
    Ok(Redirect::to(&format!("/tasks?{}", q.query_string(Some(q.page)))).into_response())
}

/// The download formats of the board.
#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
    Ics,
}

async fn download_csv(state: State<AppState>, raw: RawQuery) -> Result<Response, WebError> {
    download(state, raw, Format::Csv).await
}

async fn download_xlsx(state: State<AppState>, raw: RawQuery) -> Result<Response, WebError> {
    download(state, raw, Format::Xlsx).await
}

async fn download_ics(state: State<AppState>, raw: RawQuery) -> Result<Response, WebError> {
    download(state, raw, Format::Ics).await
}

/// The board's tasks under its filters, all pages, as a file.
async fn download(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    format: Format,
) -> Result<Response, WebError> {
    let q = BoardQuery::parse(raw.as_deref())?;
    let filter = q.filter();
    let today = filter.today.clone();
    let list = state
        .with_archive(move |a| Ok(a.tasks(&filter)?))
        .await?
        .unwrap_or_default();
    let (content_type, name, bytes) = blocking(move || {
        Ok(match format {
            Format::Csv => (
                "text/csv; charset=utf-8",
                "tasks.csv",
                export::csv(&list, &today),
            ),
            Format::Xlsx => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "tasks.xlsx",
                export::xlsx(&list, &today)
                    .map_err(|e| WebError::internal(format!("Không tạo được tệp Excel: {e}")))?,
            ),
            Format::Ics => (
                "text/calendar; charset=utf-8",
                "tasks.ics",
                export::ics(&list, &now_utc()).into_bytes(),
            ),
        })
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                // The name is one of three constants: nothing from the request.
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
