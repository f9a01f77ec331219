//! The desk's stylesheet and script, embedded in the binary with
//! `include_str!` and served from `/assets/`: nothing is read from disk.

use super::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const CSS: &str = include_str!("assets/desk.css");
const INGEST_JS: &str = include_str!("assets/ingest.js");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/desk.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/assets/ingest.js",
            get(|| async { asset("text/javascript; charset=utf-8", INGEST_JS) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        body,
    )
}
