//! The data folder: where ingest keeps its state.
//!
//! ```text
//! DATA/index/            tantivy index (one document per letter file)
//! DATA/letters/<k>.json  one record per letter (the `extract --json` shape)
//! DATA/manifest.json     file → content hash + record name: what is already ingested
//! DATA/tasks.json        the office's task list
//! ```
//! Every file is written to a temporary name and renamed into place, so a crash
//! (even `kill -9`) leaves either the old or the new version, never half a file.

use crate::letter::LetterRecord;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One ingested file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub content_hash: String,
    /// File name of the record under `letters/`.
    pub record: String,
}

/// What has been ingested: file path → entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// Fingerprint of the pipeline (code, rules, models) that made the records.
    #[serde(default)]
    pub pipeline: String,
    pub files: BTreeMap<String, ManifestEntry>,
}

/// Manifest format version; a different one means "ingest everything again".
pub const MANIFEST_VERSION: u32 = 1;

/// Why the data folder could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not valid JSON ({reason}); delete it and run ingest again")]
    Corrupt { path: PathBuf, reason: String },
}

/// The data folder.
#[derive(Debug, Clone)]
pub struct Store {
    pub root: PathBuf,
}

impl Store {
    /// Open (creating when needed) the data folder.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        for d in [root.to_path_buf(), root.join("letters")] {
            std::fs::create_dir_all(&d).map_err(|source| StoreError::Io {
                path: d.clone(),
                source,
            })?;
        }
        let store = Store {
            root: root.to_path_buf(),
        };
        store.remove_stale_temporaries();
        Ok(store)
    }

    /// Temporary files an ingest killed mid-write left behind (`x.tmp<pid>`, see
    /// [`write_json_atomic`]) are removed once the process that wrote them is gone
    /// (on systems without `/proc`, once they are an hour old). Never an error:
    /// a leftover only costs disk space.
    fn remove_stale_temporaries(&self) {
        let ours = std::process::id();
        for dir in [self.root.clone(), self.root.join("letters")] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                let Some(pid) = path
                    .extension()
                    .and_then(|x| x.to_str())
                    .and_then(|x| x.strip_prefix("tmp"))
                    .and_then(|n| n.parse::<u32>().ok())
                else {
                    continue;
                };
                let gone = if Path::new("/proc/self").exists() {
                    pid != ours && !Path::new(&format!("/proc/{pid}")).exists()
                } else {
                    e.metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age.as_secs() > 3600)
                };
                if gone {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }
    pub fn tasks_path(&self) -> PathBuf {
        self.root.join("tasks.json")
    }
    fn manifest_path(&self) -> PathBuf {
        self.root.join("manifest.json")
    }
    fn record_path(&self, name: &str) -> PathBuf {
        self.root.join("letters").join(name)
    }

    /// The record file name for a corpus path (stable, filesystem-safe).
    pub fn record_name(file: &str) -> String {
        format!("{}.json", &blake3::hash(file.as_bytes()).to_hex()[..20])
    }

    /// The manifest; empty when there is none yet or it is from another version.
    pub fn manifest(&self) -> Result<Manifest, StoreError> {
        let path = self.manifest_path();
        match read_json_opt::<Manifest>(&path)? {
            Some(m) if m.version == MANIFEST_VERSION => Ok(m),
            _ => Ok(Manifest {
                version: MANIFEST_VERSION,
                pipeline: String::new(),
                files: BTreeMap::new(),
            }),
        }
    }

    pub fn save_manifest(&self, m: &Manifest) -> Result<(), StoreError> {
        write_json_atomic(&self.manifest_path(), m)
    }

    /// A stored record, or `None` when missing or unreadable (then the file is
    /// simply processed again).
    pub fn record(&self, name: &str) -> Option<LetterRecord> {
        read_json_opt(&self.record_path(name)).ok().flatten()
    }

    pub fn save_record(&self, name: &str, rec: &LetterRecord) -> Result<(), StoreError> {
        write_json_atomic(&self.record_path(name), rec)
    }

    pub fn remove_record(&self, name: &str) {
        // A record that is already gone is fine.
        let _ = std::fs::remove_file(self.record_path(name));
    }

    /// All records in the manifest, in manifest (path) order.
    pub fn records(&self) -> Result<Vec<LetterRecord>, StoreError> {
        let m = self.manifest()?;
        Ok(m.files
            .values()
            .filter_map(|e| self.record(&e.record))
            .collect())
    }
}

/// Read JSON from `path`; `None` when the file does not exist.
pub fn read_json_opt<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Option<T>, StoreError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| StoreError::Corrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
}

/// Write JSON to a temporary file, flush it to disk, then rename it into place.
pub fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    use std::io::Write;
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| io(std::io::Error::other(e)))?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(&bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trip_and_atomic_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        assert!(store.manifest().expect("empty").files.is_empty());
        let mut m = Manifest {
            version: MANIFEST_VERSION,
            pipeline: "p".into(),
            ..Default::default()
        };
        m.files.insert(
            "a.txt".into(),
            ManifestEntry {
                content_hash: "h".into(),
                record: "r.json".into(),
            },
        );
        store.save_manifest(&m).expect("save");
        assert_eq!(store.manifest().expect("load"), m);
        // No temporary file is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn leftovers_of_a_killed_writer_are_removed_on_open() {
        let dir = tempfile::tempdir().expect("tempdir");
        Store::open(dir.path()).expect("open");
        // A pid no process has (above the kernel's pid_max), and ours.
        let dead = dir.path().join("letters").join("abc.tmp4294967295");
        let live = dir
            .path()
            .join("letters")
            .join(format!("abc.tmp{}", std::process::id()));
        let other = dir.path().join("letters").join("notes.tmp");
        for f in [&dead, &live, &other] {
            std::fs::write(f, b"{").expect("write");
        }
        Store::open(dir.path()).expect("open");
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists(), "a dead writer's file is removed");
        }
        assert!(live.exists(), "a live writer's file stays");
        assert!(other.exists(), "files not named by a writer stay");
    }

    #[test]
    fn corrupt_manifest_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        std::fs::write(dir.path().join("manifest.json"), "{oops").expect("write");
        let e = store.manifest().expect_err("corrupt");
        assert!(e.to_string().contains("manifest.json"), "{e}");
    }
}
