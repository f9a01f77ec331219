//! The clerk's desk: `congvan serve`, a local web page over the archive and
//! the search index. Pages (server-rendered HTML, Vietnamese text, addresses
//! in docs/OUTPUT.md): search (`/`, `/search`), one letter (`/letters/<id>`),
//! the task board (`/tasks`, its downloads `/tasks.csv|.xlsx|.ics`), ingest
//! (`/ingest`).
//!
//! [`app`] builds the whole router from an [`AppState`], so tests and
//! benchmarks call it without a socket; [`serve`] runs it on a listener until
//! Ctrl-C or SIGTERM. The desk reads the archive and the index and writes only
//! task status, through [`Archive::set_status`] (the code of `congvan tasks
//! done`), and runs ingest through [`crate::ingest`]. Nothing a request says
//! reaches the file system: assets are embedded, letters are found by id in
//! the archive, path-like parameters are refused.

mod assets;
pub mod bench;
mod board;
mod csrf;
mod error;
mod ingest;
mod layout;
mod letter;
mod params;
mod search;

pub use error::WebError;

use crate::archive::{Archive, ArchiveError};
use crate::index::{IndexError, LetterIndex};
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::IndexReader;

/// Why the desk could not start.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("{0}")]
    Random(String),
}

/// The search index with a reader kept open (one per server, reloaded after
/// an ingest; never reopened per request).
pub(crate) struct Searchable {
    pub idx: LetterIndex,
    pub reader: IndexReader,
}

struct Inner {
    data: PathBuf,
    corpus: PathBuf,
    /// rusqlite's Connection is not Sync: one connection behind a mutex, used
    /// from `spawn_blocking`. None until the data folder holds an archive.
    archive: Mutex<Option<Archive>>,
    search: RwLock<Option<Arc<Searchable>>>,
    /// The task board's index, read again when the archive's data version
    /// moves (always locked after `archive`).
    board: Mutex<Option<crate::archive::desk::BoardIndex>>,
    csrf: String,
    ingest: ingest::IngestJob,
}

/// Everything the handlers share: the data and corpus folders, the open
/// archive and index, the CSRF token, the background ingest.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// The desk over data folder `data`, ingesting from `corpus`. A data folder
    /// without an archive yet is fine: the pages say to run an ingest (the
    /// Nhập văn bản page does it). A damaged or too new archive is an error.
    pub fn open(data: &Path, corpus: &Path) -> Result<AppState, OpenError> {
        let archive = match Archive::open_existing(data) {
            Ok(a) => Some(a),
            Err(ArchiveError::Missing(_)) => None,
            Err(e) => return Err(e.into()),
        };
        let search = open_search(data)?;
        Ok(AppState(Arc::new(Inner {
            data: data.to_path_buf(),
            corpus: corpus.to_path_buf(),
            archive: Mutex::new(archive),
            search: RwLock::new(search),
            board: Mutex::new(None),
            csrf: csrf::new_token().map_err(OpenError::Random)?,
            ingest: ingest::IngestJob::default(),
        })))
    }

    /// Whether the data folder holds an archive (else the desk is empty).
    pub fn has_archive(&self) -> bool {
        self.lock_archive().is_some()
    }

    /// The CSRF token every POST must carry (tests read it here).
    pub fn csrf_token(&self) -> &str {
        &self.0.csrf
    }

    pub fn data_dir(&self) -> &Path {
        &self.0.data
    }

    pub fn corpus_dir(&self) -> &Path {
        &self.0.corpus
    }

    fn lock_archive(&self) -> std::sync::MutexGuard<'_, Option<Archive>> {
        // A panic while holding the lock leaves the connection usable.
        self.0
            .archive
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The task board's index (lock it only while holding the archive).
    pub(crate) fn board_cache(
        &self,
    ) -> std::sync::MutexGuard<'_, Option<crate::archive::desk::BoardIndex>> {
        self.0
            .board
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Run `f` on the archive in the blocking pool; `Ok(None)` when there is
    /// no archive yet. An archive made meanwhile (an ingest from the command
    /// line) is opened on first use.
    pub(crate) async fn with_archive<T, F>(&self, f: F) -> Result<Option<T>, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Archive) -> Result<T, WebError> + Send + 'static,
    {
        let state = self.clone();
        blocking(move || {
            let mut guard = state.lock_archive();
            if guard.is_none() {
                match Archive::open_existing(&state.0.data) {
                    Ok(a) => *guard = Some(a),
                    Err(ArchiveError::Missing(_)) => return Ok(None),
                    Err(e) => return Err(e.into()),
                }
            }
            match guard.as_mut() {
                Some(a) => f(a).map(Some),
                None => Ok(None),
            }
        })
        .await
    }

    /// The search index, opened on first use once it exists.
    pub(crate) fn search(&self) -> Result<Option<Arc<Searchable>>, WebError> {
        if let Some(s) = self
            .0
            .search
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
        {
            return Ok(Some(s.clone()));
        }
        let mut w = self
            .0
            .search
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if w.is_none() {
            *w = open_search(&self.0.data)?;
        }
        Ok(w.clone())
    }

    /// After an ingest: the reader sees the new documents now (not after
    /// tantivy's reload delay), and a new archive or index is opened.
    fn refresh(&self) -> Result<(), WebError> {
        {
            let mut guard = self.lock_archive();
            if guard.is_none() {
                *guard = Some(Archive::open_existing(&self.0.data)?);
            }
        }
        match self.search()? {
            Some(s) => s
                .reader
                .reload()
                .map_err(|e| WebError::internal(format!("Chỉ mục tìm kiếm: {e}")))?,
            None => return Ok(()),
        }
        Ok(())
    }
}

fn open_search(data: &Path) -> Result<Option<Arc<Searchable>>, IndexError> {
    match LetterIndex::open(&Archive::index_dir_of(data)) {
        Ok(idx) => {
            let reader = idx.reader()?;
            Ok(Some(Arc::new(Searchable { idx, reader })))
        }
        Err(IndexError::Missing { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Run blocking work (SQLite, tantivy) off the async threads.
pub(crate) async fn blocking<T, F>(f: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, WebError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::internal(format!("Lỗi nội bộ khi xử lý yêu cầu: {e}")))?
}

/// The whole desk: every route group, the path check and the security headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(search::routes())
        .merge(letter::routes())
        .merge(board::routes())
        .merge(ingest::routes())
        .merge(assets::routes())
        .fallback(not_found)
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

async fn not_found() -> WebError {
    WebError::not_found("Không có trang này.")
}

/// Refuse traversal paths before routing; add headers that keep the browser
/// from running anything the desk did not send itself.
async fn guard(req: Request, next: Next) -> Response {
    if let Err(e) = params::check_path(req.uri().path()) {
        return with_headers(e.into_response());
    }
    with_headers(next.run(req).await)
}

fn with_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; \
             base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    res
}

/// Serve the desk on `listener` until Ctrl-C or SIGTERM, then finish the
/// requests in flight and return.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
