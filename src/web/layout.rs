//! The page shell every desk page shares: the document head, the stylesheet
//! (embedded, served from `/assets/`), the nav bar (Tìm kiếm: search; Việc cần
//! làm: task board; Nhập văn bản: ingest), and small formatting helpers.

use axum::response::Html;
use maud::{html, Markup, DOCTYPE};

/// The page whose nav entry is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Search,
    Tasks,
    Ingest,
    None,
}

/// A whole page: `title` in the head and `body` under the nav bar.
pub fn page(title: &str, active: Nav, body: Markup) -> Html<String> {
    let entry = |nav: Nav, href: &str, class: &str, label: &str| {
        html! {
            a.(class) .active[active == nav] href=(href) { (label) }
        }
    };
    let markup = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · congvan" }
                link rel="stylesheet" href="/assets/desk.css";
            }
            body {
                nav #nav {
                    span.brand { "congvan" }
                    (entry(Nav::Search, "/", "nav-search", "Tìm kiếm"))
                    (entry(Nav::Tasks, "/tasks", "nav-tasks", "Việc cần làm"))
                    (entry(Nav::Ingest, "/ingest", "nav-ingest", "Nhập văn bản"))
                }
                main { (body) }
            }
        }
    };
    Html(markup.into_string())
}

/// A value or a dash for "not known".
pub fn or_dash(v: Option<&str>) -> &str {
    match v {
        Some(s) if !s.trim().is_empty() => s,
        _ => "—",
    }
}

/// The file name of a corpus path, for short display.
pub fn file_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// The notice shown where the archive does not exist yet.
pub fn no_archive(data: &std::path::Path) -> Markup {
    html! {
        div.notice #no-archive {
            p {
                "Chưa có kho văn bản trong thư mục " code { (data.display()) } ". "
                "Hãy nhập văn bản ở trang " a href="/ingest" { "Nhập văn bản" }
                " (hoặc chạy " code { "congvan ingest" } ")."
            }
        }
    }
}
