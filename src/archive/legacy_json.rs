//! Data folders written by congvan before the archive (one JSON record per
//! letter, `manifest.json`, `tasks.json`) are imported on first run: each
//! record goes into the archive as it is (no file is read again, the pipeline
//! fingerprint is kept, so a following ingest reprocesses nothing that did not
//! change), then the JSON files are removed. The import is one transaction; a
//! crash during it leaves the JSON folder as it was and the next run imports
//! again. The JSON task list held no status, so nothing is lost.

use super::{Archive, ArchiveError, FileMeta, Incoming};
use crate::letter::LetterRecord;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    pipeline: String,
    files: BTreeMap<String, Entry>,
}

#[derive(Deserialize)]
struct Entry {
    record: String,
}

const MANIFEST: &str = "manifest.json";

/// Does `root` hold a JSON data folder?
pub fn present(root: &Path) -> bool {
    root.join(MANIFEST).is_file()
}

/// Import the JSON data folder in the archive's folder, if there is one.
pub fn import_if_present(archive: &mut Archive) -> Result<usize, ArchiveError> {
    let root = archive.root.clone();
    let path = root.join(MANIFEST);
    if !path.is_file() {
        return Ok(0);
    }
    let letters_empty = archive.counts()?.letters == 0;
    let mut imported = 0;
    if letters_empty {
        let bytes = std::fs::read(&path).map_err(|source| ArchiveError::Io {
            path: path.clone(),
            source,
        })?;
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| ArchiveError::Corrupt {
                path: path.clone(),
                reason: format!("not a congvan manifest ({e})"),
            })?;
        let mut batch = archive.batch()?;
        for entry in manifest.files.values() {
            let rec_path = root.join("letters").join(&entry.record);
            // A record that is missing or unreadable is simply not imported:
            // the next ingest reads its file again.
            let Some(mut rec) = std::fs::read(&rec_path)
                .ok()
                .and_then(|b| serde_json::from_slice::<LetterRecord>(&b).ok())
            else {
                continue;
            };
            rec.duplicate_of = None;
            rec.copies.clear();
            crate::tasks::assign_ids(&mut rec);
            // Size and time unknown: the next ingest hashes the file once and,
            // finding the same bytes, keeps this record.
            batch.put(&Incoming::new(rec, FileMeta::default()), &manifest.pipeline)?;
            imported += 1;
        }
        batch.commit()?;
        archive.reindex_all()?;
    }
    // The archive holds the letters now: the JSON files go, manifest last.
    let _ = std::fs::remove_file(root.join("tasks.json"));
    let _ = std::fs::remove_dir_all(root.join("letters"));
    std::fs::remove_file(&path).map_err(|source| ArchiveError::Io { path, source })?;
    Ok(imported)
}
