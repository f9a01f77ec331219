//! The desk's one error type: every failure becomes a Vietnamese error page
//! with the right HTTP status (400 bad request, 403 missing or wrong CSRF
//! token, 404 unknown letter or task, 409 busy, 500 the archive or index
//! failed, 501 not built yet).

use super::layout;
use crate::archive::ArchiveError;
use crate::index::search::SearchError;
use crate::index::IndexError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

/// A failed request: its status and what the clerk is told.
#[derive(Debug, Clone)]
pub struct WebError {
    pub status: StatusCode,
    pub message: String,
}

impl WebError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> WebError {
        WebError {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> WebError {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> WebError {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn forbidden(message: impl Into<String>) -> WebError {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    pub fn internal(message: impl Into<String>) -> WebError {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The page title for the status.
    fn title(&self) -> &'static str {
        match self.status {
            StatusCode::BAD_REQUEST => "Yêu cầu không hợp lệ",
            StatusCode::FORBIDDEN => "Không được phép",
            StatusCode::NOT_FOUND => "Không tìm thấy",
            StatusCode::CONFLICT => "Đang bận",
            StatusCode::NOT_IMPLEMENTED => "Chưa có",
            _ => "Lỗi máy chủ",
        }
    }
}

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status, self.message)
    }
}

impl From<ArchiveError> for WebError {
    fn from(e: ArchiveError) -> WebError {
        let status = match e {
            ArchiveError::NoTask(_) => StatusCode::NOT_FOUND,
            ArchiveError::AmbiguousTask { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        WebError::new(status, format!("Kho văn bản: {e}"))
    }
}

impl From<IndexError> for WebError {
    fn from(e: IndexError) -> WebError {
        WebError::internal(format!("Chỉ mục tìm kiếm: {e}"))
    }
}

impl From<SearchError> for WebError {
    fn from(e: SearchError) -> WebError {
        match e {
            SearchError::BadOption { .. } => {
                WebError::bad_request(format!("Bộ lọc không hợp lệ: {e}"))
            }
            SearchError::Index(e) => e.into(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let title = self.title();
        let body = html! {
            h1 { (title) }
            p #error-message { (self.message) }
            p { a href="/" { "Về trang tìm kiếm" } }
        };
        (self.status, layout::page(title, layout::Nav::None, body)).into_response()
    }
}
