//! Tìm kiếm (search): `/` and `/search?q=&kind=&issuer=&assignee=&cites=&from=&to=&page=`,
//! the engine and shorthand of `congvan search` ([`crate::index::search`]) on
//! the reader the server keeps open.

use super::layout::{self, Nav};
use super::params::{encode, Params};
use super::{blocking, AppState, WebError};
use crate::archive::desk::letter_id;
use crate::index::search::{search_with, Hit, SearchOptions, SearchResults};
use crate::index::snippet::Highlight;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

/// Hits per page.
pub const PAGE_SIZE: usize = 20;
/// The last page offered (the engine ranks `page × PAGE_SIZE` hits).
const MAX_PAGE: usize = 500;

/// Marks around matched words in snippets: private-use characters that the
/// page turns into `<mark>` after escaping the letter's text.
const MARK: Highlight<'static> = Highlight {
    open: "\u{e000}",
    close: "\u{e001}",
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search_page))
        .route("/search", get(search_page))
}

/// The form's fields, as given.
struct Form {
    q: Option<String>,
    kind: Option<String>,
    issuer: Option<String>,
    assignee: Option<String>,
    cites: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

impl Form {
    fn of(p: &Params) -> Result<Form, WebError> {
        Ok(Form {
            q: p.string("q"),
            kind: p.string("kind"),
            issuer: p.string("issuer"),
            assignee: p.string("assignee"),
            cites: p.string("cites"),
            from: p.date("from")?,
            to: p.date("to")?,
        })
    }

    fn is_empty(&self) -> bool {
        [
            &self.q,
            &self.kind,
            &self.issuer,
            &self.assignee,
            &self.cites,
            &self.from,
            &self.to,
        ]
        .iter()
        .all(|v| v.is_none())
    }

    fn query_string(&self, page: usize) -> String {
        let page = page.to_string();
        encode(&[
            ("q", self.q.as_deref()),
            ("kind", self.kind.as_deref()),
            ("issuer", self.issuer.as_deref()),
            ("assignee", self.assignee.as_deref()),
            ("cites", self.cites.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("page", Some(page.as_str())),
        ])
    }
}

async fn search_page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, WebError> {
    let p = Params::query(raw.as_deref())?;
    let form = Form::of(&p)?;
    let page = p.page(MAX_PAGE)?;
    let results = if form.is_empty() {
        None
    } else {
        match state.search()? {
            None => return Ok(render(&state, &form, page, None, true)),
            Some(s) => {
                let opts = SearchOptions {
                    limit: page * PAGE_SIZE,
                    kind: form.kind.clone(),
                    issuer: form.issuer.clone(),
                    assignee: form.assignee.clone(),
                    from: form.from.clone(),
                    to: form.to.clone(),
                    cites: form.cites.clone(),
                    sort: Default::default(),
                };
                let q = form.q.clone().unwrap_or_default();
                Some(
                    blocking(move || {
                        search_with(&s.idx, &s.reader, &q, &opts, MARK).map_err(WebError::from)
                    })
                    .await?,
                )
            }
        }
    };
    Ok(render(&state, &form, page, results.as_ref(), false))
}

fn render(
    state: &AppState,
    form: &Form,
    page: usize,
    results: Option<&SearchResults>,
    no_index: bool,
) -> Html<String> {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let body = html! {
        h1 { "Tìm kiếm văn bản" }
        form #search-form method="get" action="/search" {
            label { "Tìm" input type="search" name="q" value=(v(&form.q)) autofocus
                placeholder="Kế hoạch 02, KH 02, 118/2025/NĐ-CP, ke hoach …"; }
            label { "Loại văn bản" input type="text" name="kind" value=(v(&form.kind)) placeholder="Kế hoạch, KH"; }
            label { "Cơ quan ban hành" input type="text" name="issuer" value=(v(&form.issuer)); }
            label { "Đơn vị được giao" input type="text" name="assignee" value=(v(&form.assignee)); }
            label { "Trích dẫn văn bản" input type="text" name="cites" value=(v(&form.cites)) placeholder="02-KH/BCĐTW"; }
            label { "Từ ngày" input type="date" name="from" value=(v(&form.from)); }
            label { "Đến ngày" input type="date" name="to" value=(v(&form.to)); }
            button type="submit" { "Tìm" }
        }
        @if no_index {
            (layout::no_archive(state.data_dir()))
        }
        @if let Some(r) = results {
            (hits(form, page, r))
        }
    };
    layout::page("Tìm kiếm", Nav::Search, body)
}

fn hits(form: &Form, page: usize, r: &SearchResults) -> Markup {
    let skip = (page - 1) * PAGE_SIZE;
    let shown: Vec<&Hit> = r.hits.iter().skip(skip).collect();
    let has_next = skip + PAGE_SIZE < r.total && page < MAX_PAGE;
    html! {
        p.summary { span #total { (r.total) } " văn bản phù hợp" }
        @if shown.is_empty() {
            p.empty { "Không tìm thấy văn bản nào." }
        }
        ol #results start=(skip + 1) {
            @for h in shown {
                li.hit {
                    a.letter-link href={ "/letters/" (letter_id(&h.file)) } {
                        span.number { (layout::or_dash(h.number.as_deref())) }
                        @if let Some(s) = &h.subject { " — " span.subject { (s) } }
                    }
                    div.header-line { (header_line(h)) }
                    p.snippet { (snippet(&h.snippet)) }
                    p.why { "Lý do: " (why(&h.why)) }
                    div.file { (layout::file_name(&h.file)) }
                }
            }
        }
        nav.paging {
            @if page > 1 {
                a.page-prev rel="prev" href={ "/search?" (form.query_string(page - 1)) } { "← Trang trước" }
            }
            @if has_next {
                a.page-next rel="next" href={ "/search?" (form.query_string(page + 1)) } { "Trang sau →" }
            }
        }
    }
}

/// "Kế hoạch · 02-KH/BCĐTW · 2025-06-19": what the header says.
fn header_line(h: &Hit) -> String {
    let parts: Vec<&str> = [&h.kind, &h.number, &h.issued]
        .iter()
        .filter_map(|v| v.as_deref())
        .collect();
    if parts.is_empty() {
        "(không đọc được phần đầu văn bản)".into()
    } else {
        parts.join(" · ")
    }
}

/// The snippet escaped, its matched words in `<mark>`.
fn snippet(s: &str) -> Markup {
    let mut parts = s.split(MARK.open);
    let first = parts.next().unwrap_or("");
    html! {
        (first.replace(MARK.close, ""))
        @for part in parts {
            @let (marked, rest) = part.split_once(MARK.close).unwrap_or((part, ""));
            mark { (marked) }
            (rest.replace(MARK.close, ""))
        }
    }
}

/// The engine's reasons ("cites kh:2", "is n:…", "words in the text") in Vietnamese.
fn why(reasons: &[String]) -> String {
    if reasons.is_empty() {
        return "khớp với bộ lọc".into();
    }
    reasons
        .iter()
        .map(|r| {
            if let Some(k) = r.strip_prefix("cites ") {
                format!("trích dẫn văn bản {k}")
            } else if let Some(k) = r.strip_prefix("is ") {
                format!("chính là văn bản {k}")
            } else if r == "words in the text" {
                "có các từ tìm kiếm trong nội dung".into()
            } else {
                r.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
