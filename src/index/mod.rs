//! Index stage: the tantivy index of letters, and search over it.
//!
//! One tantivy document per letter file, keyed by its path. Text is indexed
//! twice — exact (lowercased NFC) and folded (marks removed, đ→d) — so that
//! `ke hoach 02` finds "Kế hoạch số 02" and accented queries rank exact-accent
//! matches first.

pub mod bench;
pub mod citation;
pub mod fold;
pub mod schema;
pub mod search;
pub mod snippet;

use crate::letter::LetterRecord;
use citation::{Citations, KindTable};
use schema::Fields;
use std::path::Path;
use std::sync::Arc;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The exact field's text: NFC with one tone placement ("hoà" indexed as "hòa",
/// as queries are, see [`fold::exact`]); the tokenizer lowercases it.
fn exact_text(text: &str) -> String {
    crate::normalize::tone::apply(text, crate::normalize::tone::Policy::Old)
}

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
    /// The citation finder of the kinds the letters were indexed with (kept in
    /// [`KINDS_FILE`]; the bundled kinds when there is none).
    pub citations: Arc<Citations>,
}

/// File next to the index naming its schema version.
const VERSION_FILE: &str = "congvan-schema";

/// File next to the index holding the kinds its citation keys were made with
/// (a [`citation::KindTable`] as JSON), so that a search finds "PC 15" when
/// ingest ran with `--rules` adding the kind "Phiếu chuyển" (PC).
pub const KINDS_FILE: &str = "congvan-kinds.json";

fn version_of(dir: &Path) -> Option<String> {
    std::fs::read_to_string(dir.join(VERSION_FILE))
        .ok()
        .map(|s| s.trim().to_string())
}

/// The kinds table kept next to the index, if there is one that reads.
fn kinds_of(dir: &Path) -> Option<KindTable> {
    let text = std::fs::read_to_string(dir.join(KINDS_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

impl LetterIndex {
    /// Open the index in `dir`, creating it when absent. An index of another
    /// schema version (built by an older congvan) is deleted and created anew:
    /// ingest then reads every letter again.
    pub fn open_or_create(dir: &Path) -> Result<Self, IndexError> {
        let open_err = |reason: String| IndexError::Open {
            path: dir.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        if dir.join("meta.json").exists()
            && version_of(dir).as_deref() != Some(schema::SCHEMA_VERSION)
        {
            // The folder is the index's own (Store::index_dir): nothing else lives there.
            std::fs::remove_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let idx = Self::open_dir(dir)?;
        if version_of(dir).is_none() {
            std::fs::write(dir.join(VERSION_FILE), schema::SCHEMA_VERSION)
                .map_err(|e| open_err(e.to_string()))?;
        }
        Ok(idx)
    }

    /// [`LetterIndex::open_or_create`], finding citations with the kinds of
    /// `rules` and keeping them next to the index for searches.
    pub fn open_or_create_with(
        dir: &Path,
        rules: &crate::rules::RuleSet,
    ) -> Result<Self, IndexError> {
        let mut idx = Self::open_or_create(dir)?;
        let open_err = |reason: String| IndexError::Open {
            path: dir.display().to_string(),
            reason,
        };
        let table = KindTable::of(rules);
        idx.citations = Arc::new(Citations::from_table(&table).map_err(&open_err)?);
        if kinds_of(dir).as_ref() != Some(&table) {
            let json = serde_json::to_string_pretty(&table).map_err(|e| open_err(e.to_string()))?;
            let tmp = dir.join(format!("{KINDS_FILE}.tmp"));
            std::fs::write(&tmp, json)
                .and_then(|()| std::fs::rename(&tmp, dir.join(KINDS_FILE)))
                .map_err(|e| open_err(format!("cannot write {KINDS_FILE}: {e}")))?;
        }
        Ok(idx)
    }

    fn open_dir(dir: &Path) -> Result<Self, IndexError> {
        let open_err = |reason: String| IndexError::Open {
            path: dir.display().to_string(),
            reason,
        };
        let (schema, fields) = schema::build();
        let mmap = MmapDirectory::open(dir).map_err(|e| open_err(e.to_string()))?;
        let index = Index::open_or_create(mmap, schema).map_err(|e| {
            open_err(format!(
                "{e}; it was built by another congvan version: run `congvan ingest` again"
            ))
        })?;
        let citations = match kinds_of(dir) {
            Some(table) => Citations::from_table(&table).map_err(|e| {
                open_err(format!(
                    "{KINDS_FILE}: {e}; run `congvan ingest` again to rewrite it"
                ))
            })?,
            None => Citations::bundled().clone(),
        };
        Ok(LetterIndex {
            index,
            fields,
            citations: Arc::new(citations),
        })
    }

    /// Open an existing index for searching (never changes it).
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
        if version_of(dir).as_deref() != Some(schema::SCHEMA_VERSION) {
            return Err(IndexError::Open {
                path: dir.display().to_string(),
                reason:
                    "built by another congvan version: run `congvan ingest` again to rebuild it"
                        .into(),
            });
        }
        Self::open_dir(dir)
    }

    /// A reader that follows new commits (an ingest running meanwhile).
    pub fn reader(&self) -> Result<IndexReader, IndexError> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?)
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
        let cit = &self.citations;
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
        if let Some(k) = &doc.kind {
            d.add_text(f.kind_key, fold::fold(k).trim());
        }
        if let Some(date) = doc.issued.as_deref().and_then(schema::parse_date) {
            d.add_date(f.issued_date, date);
        }
        if let Some(v) = &doc.issuer {
            d.add_text(f.issuer_folded, fold::fold(v));
        }
        if let Some(v) = &doc.subject {
            d.add_text(f.subject_folded, fold::fold(v));
        }
        if let Some(n) = &doc.number {
            for k in cit.document_keys(doc.kind.as_deref(), n) {
                d.add_text(f.own_keys, k);
            }
        }
        let mut full = rec.text.clone();
        for n in &rec.notes {
            full.push('\n');
            full.push_str(&n.text);
        }
        let folded = fold::fold(&full);
        let mut keys: Vec<String> = Vec::new();
        for r in &rec.references {
            keys.extend(cit.document_keys(r.kind.as_deref(), &r.number));
            let kind = r.kind.as_deref().unwrap_or("");
            d.add_text(f.cites_text, fold::fold(&format!("{kind} {}", r.number)));
            d.add_text(f.cited_numbers, &r.number);
        }
        // Numbers in the text count too, so citations are found even where
        // extraction found none (e.g. an OCR'd letter).
        keys.extend(cit.find_folded(&folded).into_iter().flat_map(|c| c.keys));
        keys.sort();
        keys.dedup();
        for k in keys {
            d.add_text(f.cites, k);
        }
        d.add_text(f.text_folded, folded);
        d.add_text(f.text, exact_text(&full));
        for t in &rec.tasks {
            for a in &t.assignees {
                d.add_text(f.assignees, fold::fold(a));
            }
            if let Some(date) = t.deadline.due.as_deref().and_then(schema::parse_date) {
                d.add_date(f.deadlines, date);
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
