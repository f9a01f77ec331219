//! Shards: which files of a corpus one of N ingest jobs processes.
//!
//! A file belongs to shard `fnv1a64(path) mod N`, where `path` is the file's
//! path relative to the corpus root, its components joined by `/` and put in
//! Unicode NFC. The hash is FNV-1a (64-bit), fixed here, so a file lands in
//! the same shard on every run, machine, operating system and congvan version
//! (std's `DefaultHasher` is randomly keyed and may change between releases).
//!
//! K comes from the command line (`--shard 2/4`) or, with `--shard auto/4`,
//! from the job scheduler: `JOB_COMPLETION_INDEX` (a Kubernetes Indexed Job)
//! or `SLURM_ARRAY_TASK_ID` (a Slurm job array started with `--array=0-3`).

use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Environment variables that name the shard, tried in this order.
pub const INDEX_VARS: &[&str] = &["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"];

/// Shard `k` of `n` (0 ≤ k < n).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl Shard {
    /// Read `K/N` or `auto/N`; `auto` takes K from the first of
    /// [`INDEX_VARS`] that `env` gives.
    pub fn parse_with(spec: &str, env: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let usage = || {
            format!(
                "--shard {spec:?}: expected K/N (e.g. 2/4, shards are numbered 0 to N-1) or auto/N"
            )
        };
        let (k, n) = spec.split_once('/').ok_or_else(usage)?;
        let n: u32 = n.trim().parse().map_err(|_| usage())?;
        if n == 0 {
            return Err(format!("--shard {spec:?}: N must be at least 1"));
        }
        let k: u32 = if k.trim() == "auto" {
            let (var, value) = INDEX_VARS
                .iter()
                .find_map(|v| env(v).map(|x| (*v, x)))
                .ok_or_else(|| {
                    format!(
                        "--shard {spec:?}: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) \
                         nor SLURM_ARRAY_TASK_ID (Slurm job array) is set; give the shard as K/{n}"
                    )
                })?;
            value
                .trim()
                .parse()
                .map_err(|_| format!("--shard {spec:?}: {var}={value:?} is not a shard number"))?
        } else {
            k.trim().parse().map_err(|_| usage())?
        };
        if k >= n {
            return Err(format!(
                "--shard {spec:?}: shard {k} is out of range; shards of {n} are numbered 0 to {} \
                 (for Slurm use --array=0-{})",
                n - 1,
                n - 1
            ));
        }
        Ok(Shard { k, n })
    }

    /// [`Shard::parse_with`] reading the process environment.
    pub fn parse(spec: &str) -> Result<Shard, String> {
        Shard::parse_with(spec, |v| std::env::var(v).ok())
    }

    /// Does the file at `path` (found under `corpus`) belong to this shard?
    pub fn holds(&self, corpus: &Path, path: &Path) -> bool {
        shard_of(&relative_key(corpus, path), self.n) == self.k
    }
}

/// The path of `path` relative to `corpus`, `/`-separated, NFC: what is hashed.
/// A path outside `corpus` is used whole.
pub fn relative_key(corpus: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(corpus).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().to_string()),
            _ => None,
        })
        .collect();
    parts.join("/").nfc().collect()
}

/// FNV-1a, 64-bit: a fixed, portable hash of bytes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The shard (of `n`) of a relative key from [`relative_key`].
pub fn shard_of(key: &str, n: u32) -> u32 {
    (fnv1a64(key.as_bytes()) % n.max(1) as u64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn the_hash_is_pinned() {
        // Literal values: a change of hash, separator or normalisation would
        // move files between shards of data folders already made.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(shard_of("000_46668d4303b40ff9.txt", 4), 1);
        assert_eq!(shard_of("2025/06/cv-661.pdf", 4), 1);
        assert_eq!(shard_of("Sở Tài chính/công văn 12.txt", 4), 2);
        assert_eq!(shard_of("letters/scan 001.png", 7), 3);
    }

    #[test]
    fn keys_are_relative_slash_separated_and_nfc() {
        let corpus = PathBuf::from("/srv/corpus");
        let nfd = "/srv/corpus/So\u{302}\u{301}/cv.txt"; // "Số" decomposed
        assert_eq!(relative_key(&corpus, Path::new(nfd)), "S\u{1ed1}/cv.txt");
        let a = relative_key(&corpus, Path::new("/srv/corpus/a/b.txt"));
        let b = relative_key(Path::new("corpus"), Path::new("corpus/a/b.txt"));
        assert_eq!(a, b);
        assert_eq!(a, "a/b.txt");
    }

    #[test]
    fn k_comes_from_the_flag_or_the_scheduler() {
        let none = |_: &str| None;
        assert_eq!(Shard::parse_with("2/4", none), Ok(Shard { k: 2, n: 4 }));
        assert!(Shard::parse_with("4/4", none).is_err());
        assert!(Shard::parse_with("1/0", none).is_err());
        assert!(Shard::parse_with("x/4", none).is_err());
        let err = Shard::parse_with("auto/4", none).unwrap_err();
        assert!(err.contains("JOB_COMPLETION_INDEX"), "{err}");
        let k8s = |v: &str| (v == "JOB_COMPLETION_INDEX").then(|| "3".to_string());
        assert_eq!(Shard::parse_with("auto/4", k8s), Ok(Shard { k: 3, n: 4 }));
        let slurm = |v: &str| (v == "SLURM_ARRAY_TASK_ID").then(|| "1".to_string());
        assert_eq!(Shard::parse_with("auto/4", slurm), Ok(Shard { k: 1, n: 4 }));
        let high = |v: &str| (v == "SLURM_ARRAY_TASK_ID").then(|| "4".to_string());
        let err = Shard::parse_with("auto/4", high).unwrap_err();
        assert!(err.contains("out of range"), "{err}");
    }

    #[test]
    fn shards_split_a_corpus_roughly_evenly() {
        let mut counts = [0usize; 4];
        for i in 0..4000 {
            counts[shard_of(&format!("{i:05}_letter.txt"), 4) as usize] += 1;
        }
        for c in counts {
            assert!((850..=1150).contains(&c), "{counts:?}");
        }
    }
}
