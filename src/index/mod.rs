//! Index stage: the tantivy index of letters, and search over it.
//!
//! One tantivy document per letter file, keyed by its path. Text is indexed
//! twice — exact (lowercased NFC) and folded (marks removed, đ→d) — so that
//! `ke hoach 02` finds "Kế hoạch số 02" and accented queries rank exact-accent
//! matches first.

pub mod fold;
pub mod schema;
pub mod search;
pub mod snippet;

use crate::letter::LetterRecord;
use schema::Fields;
use std::path::Path;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// Why the index could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index at {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("no index at {path}: run `congvan ingest` first (add --data {path_parent} if you used another data folder)")]
    Missing { path: String, path_parent: String },
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// The letter index in a data folder.
pub struct LetterIndex {
    pub index: Index,
    pub fields: Fields,
}

impl LetterIndex {
    /// Open the index in `dir`, creating it when absent.
    pub fn open_or_create(dir: &Path) -> Result<Self, IndexError> {
        let open_err = |reason: String| IndexError::Open {
            path: dir.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        let (schema, fields) = schema::build();
        let mmap = MmapDirectory::open(dir).map_err(|e| open_err(e.to_string()))?;
        let index = Index::open_or_create(mmap, schema).map_err(|e| {
            open_err(format!("{e}; it was built by another congvan version: delete the folder and run ingest again"))
        })?;
        Ok(LetterIndex { index, fields })
    }

    /// Open an existing index for searching.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        if !dir.join("meta.json").exists() {
            let parent = dir
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(IndexError::Missing {
                path: dir.display().to_string(),
                path_parent: parent,
            });
        }
        Self::open_or_create(dir)
    }

    /// A writer (one at a time per index: a second ingest gets a clear error).
    pub fn writer(&self) -> Result<IndexWriter<TantivyDocument>, IndexError> {
        self.index.writer(64 * 1024 * 1024).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Open {
                path: "data folder".into(),
                reason: "another congvan ingest is writing this index; wait for it to finish"
                    .into(),
            },
            other => IndexError::Tantivy(other),
        })
    }

    /// The tantivy document for one letter.
    pub fn document(&self, rec: &LetterRecord) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.file, &rec.file);
        d.add_text(f.content_hash, &rec.content_hash);
        let doc = &rec.document;
        for (field, value) in [
            (f.kind, &doc.kind),
            (f.number, &doc.number),
            (f.issued, &doc.issued),
            (f.subject, &doc.subject),
            (f.issuer, &doc.issuer),
        ] {
            if let Some(v) = value {
                d.add_text(field, v);
            }
        }
        let mut full = rec.text.clone();
        for n in &rec.notes {
            full.push('\n');
            full.push_str(&n.text);
        }
        d.add_text(f.text_folded, fold::fold(&full));
        d.add_text(f.text, full);
        for r in &rec.references {
            d.add_text(f.cites, fold::fold(&r.number));
            let kind = r.kind.as_deref().unwrap_or("");
            d.add_text(f.cites_text, fold::fold(&format!("{kind} {}", r.number)));
        }
        for t in &rec.tasks {
            for a in &t.assignees {
                d.add_text(f.assignees, fold::fold(a));
            }
        }
        d
    }

    /// Replace (or add) the document of one letter file.
    pub fn upsert(
        &self,
        w: &IndexWriter<TantivyDocument>,
        rec: &LetterRecord,
    ) -> Result<(), IndexError> {
        w.delete_term(Term::from_field_text(self.fields.file, &rec.file));
        w.add_document(self.document(rec))?;
        Ok(())
    }

    /// Every stored document as sorted JSON lines: the index's contents in a
    /// form two runs can be compared by (crash-safety tests, debugging).
    pub fn dump(&self) -> Result<Vec<String>, IndexError> {
        use tantivy::schema::document::Document as _;
        let searcher = self.index.reader()?.searcher();
        let schema = self.index.schema();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(1)
                .map_err(|e| IndexError::Tantivy(e.into()))?;
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id)?;
                out.push(doc.to_json(&schema));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Remove the document of a file that left the corpus.
    pub fn remove(&self, w: &IndexWriter<TantivyDocument>, file: &str) {
        w.delete_term(Term::from_field_text(self.fields.file, file));
    }
}
