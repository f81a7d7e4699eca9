//! The hash cache: a file whose size, mtime, ctime and inode are unchanged
//! since it was last hashed keeps its digest, so `check` on a site with
//! gigabytes of evidence is instant after the first run.
//!
//! The cache lives in `<root>/.minutebook/hash-cache.tsv` (one entry a line:
//! `sha256 TAB size TAB mtime_ns TAB inode TAB ctime_ns TAB path`), is never
//! needed for correctness, and is rebuilt from scratch when missing or
//! damaged. It errs towards re-hashing: any change of size, modification
//! time, status-change time (which catches content restored with an old
//! mtime, as `cp -p` or `touch -d` do) or inode is a miss, and a file modified
//! within [`RACY_SECONDS`] of being hashed is not cached at all, because a
//! second write inside the same timestamp tick would not move its mtime (the
//! "racily clean" problem git solves the same way). `verify`, `bundle` and
//! `--no-cache` bypass it entirely.

use crate::coreutils_names::{escape_field, unescape_field};
use crate::fsx::atomic::write_atomic;
use crate::fsx::read::{Links, open_regular};
use std::collections::BTreeMap;
use std::fs::{self, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

/// Where the cache lives, relative to the site root.
pub(crate) const CACHE_FILE: &str = ".minutebook/hash-cache.tsv";

/// Files modified this recently (seconds) are hashed every time: coarse
/// file-system clocks (FAT: 2 s) could hide a second write.
pub(crate) const RACY_SECONDS: i128 = 3;

/// First line of the file; its version changes when the format does.
const HEADER: &str = "# minutebook hash cache v1: sha256 size mtime_ns inode ctime_ns path";

/// What must be unchanged for a cached digest to be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    size: u64,
    mtime_ns: i128,
    inode: u64,
    ctime_ns: i128,
}

/// The stamp of a file's metadata, or None when the platform cannot tell
/// its modification time (then it is never cached).
pub(crate) fn stamp_of(meta: &Metadata) -> Option<Stamp> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            size: meta.size(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            inode: meta.ino(),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
        })
    }
    #[cfg(not(unix))]
    {
        Some(Stamp {
            size: meta.len(),
            mtime_ns: system_time_ns(meta.modified().ok()?),
            inode: 0,
            ctime_ns: 0,
        })
    }
}

/// Nanoseconds since the Unix epoch, negative before it.
fn system_time_ns(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i128::try_from(d.as_nanos()).unwrap_or(i128::MAX),
        Err(e) => -i128::try_from(e.duration().as_nanos()).unwrap_or(i128::MAX),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    stamp: Stamp,
    sha256: String,
}

#[derive(Debug, Default)]
struct State {
    /// Entries read from disk.
    loaded: BTreeMap<String, Entry>,
    /// Entries hit or added during this run: the only ones saved.
    used: BTreeMap<String, Entry>,
    /// Whether the file on disk needs rewriting even if `used == loaded`.
    damaged: bool,
}

/// Digests of files seen before, keyed by (path, size, mtime, ctime, inode),
/// shared by the parallel hashing tasks, so unchanged evidence is not read
/// again.
#[derive(Debug)]
pub struct HashCache {
    root: PathBuf,
    canonical_root: Option<PathBuf>,
    state: Mutex<State>,
}

impl HashCache {
    /// Reads the cache of the site at `root`; a missing, unreadable or
    /// damaged file gives an empty (or partial) cache, never an error,
    /// because the cache only saves time.
    pub(crate) fn load(root: &Path) -> HashCache {
        let mut state = State::default();
        let path = root.join(CACHE_FILE);
        // Only a regular file is read: a FIFO or a device named like the
        // cache must not hang or exhaust a run.
        let read = open_regular(&path, Links::Follow).and_then(|(mut file, _)| {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).map(|_| bytes)
        });
        match read {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    let (loaded, damaged) = parse(&text);
                    state.loaded = loaded;
                    state.damaged = damaged;
                }
                Err(_) => state.damaged = true,
            },
            Err(e) => state.damaged = e.kind() != io::ErrorKind::NotFound,
        }
        HashCache {
            root: root.to_path_buf(),
            canonical_root: fs::canonicalize(root).ok(),
            state: Mutex::new(state),
        }
    }

    /// The cached digest of `path` if its metadata `meta` (from
    /// `fs::metadata`) still matches the entry exactly; marks it kept.
    pub(crate) fn lookup(&self, path: &Path, meta: &Metadata) -> Option<String> {
        let key = self.key_of(path)?;
        let stamp = stamp_of(meta)?;
        let mut state = self.lock();
        let entry = state.used.get(&key).or_else(|| state.loaded.get(&key))?;
        if entry.stamp != stamp {
            return None;
        }
        let entry = entry.clone();
        let sha256 = entry.sha256.clone();
        state.used.insert(key, entry);
        Some(sha256)
    }

    /// Records the digest of `path` as of `meta`; ignored when the digest is
    /// not 64 lowercase hex, the path cannot be keyed, or the file was
    /// modified too recently to be trusted (see [`RACY_SECONDS`]).
    pub(crate) fn insert(&self, path: &Path, meta: &Metadata, sha256: &str) {
        if !is_lower_hex64(sha256) {
            return;
        }
        let (Some(key), Some(stamp)) = (self.key_of(path), stamp_of(meta)) else {
            return;
        };
        let now = system_time_ns(SystemTime::now());
        if stamp.mtime_ns > now - RACY_SECONDS * 1_000_000_000 {
            return;
        }
        let entry = Entry {
            stamp,
            sha256: sha256.to_string(),
        };
        self.lock().used.insert(key, entry);
    }

    /// Writes the entries hit or added during this run (others are dropped)
    /// to `<root>/.minutebook/hash-cache.tsv`, sorted, atomically, and only
    /// when something changed. Creates `.minutebook/` with a `.gitignore` so
    /// the cache is never committed by accident.
    pub(crate) fn save(&self, root: &Path) -> io::Result<()> {
        let text = {
            let state = self.lock();
            if state.used == state.loaded && !state.damaged {
                return Ok(());
            }
            render(&state.used)
        };
        let path = root.join(CACHE_FILE);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
            let ignore = dir.join(".gitignore");
            if !ignore.exists() {
                fs::write(&ignore, "# minutebook's local cache: never commit it\n*\n")?;
            }
        }
        write_atomic(&path, text.as_bytes())?;
        let mut state = self.lock();
        state.loaded = state.used.clone();
        state.damaged = false;
        Ok(())
    }

    /// Number of entries that would be saved now (for tests and statistics).
    pub fn len(&self) -> usize {
        self.lock().used.len()
    }

    /// Whether no entry was hit or added during this run.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The state, even if another task panicked while holding it: the
    /// entries are plain data and stay consistent.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The key of a path: relative to the site root with `/` separators
    /// when it is inside it, the full path otherwise; None if not UTF-8.
    fn key_of(&self, path: &Path) -> Option<String> {
        let rel = path
            .strip_prefix(&self.root)
            .ok()
            .or_else(|| path.strip_prefix(self.canonical_root.as_deref()?).ok());
        match rel {
            Some(rel) => {
                let mut parts = Vec::new();
                for c in rel.components() {
                    match c {
                        Component::Normal(s) => parts.push(s.to_str()?),
                        Component::CurDir => {}
                        _ => return path.to_str().map(str::to_string),
                    }
                }
                Some(parts.join("/"))
            }
            None => path.to_str().map(str::to_string),
        }
    }
}

fn is_lower_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Entries of a cache file, and whether any line had to be skipped.
fn parse(text: &str) -> (BTreeMap<String, Entry>, bool) {
    let mut entries = BTreeMap::new();
    let mut damaged = false;
    for (i, line) in text.lines().enumerate() {
        if i == 0 && line != HEADER {
            // Another format version: start afresh.
            return (BTreeMap::new(), true);
        }
        if i == 0 {
            continue;
        }
        match parse_line(line) {
            Some((key, entry)) => {
                if entries.insert(key, entry).is_some() {
                    damaged = true;
                }
            }
            None => damaged = true,
        }
    }
    (entries, damaged)
}

fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.splitn(6, '\t');
    let sha256 = fields.next()?;
    let size = fields.next()?.parse().ok()?;
    let mtime_ns = fields.next()?.parse().ok()?;
    let inode = fields.next()?.parse().ok()?;
    let ctime_ns = fields.next()?.parse().ok()?;
    let path = unescape_field(fields.next()?)?;
    if !is_lower_hex64(sha256) || path.is_empty() {
        return None;
    }
    let stamp = Stamp {
        size,
        mtime_ns,
        inode,
        ctime_ns,
    };
    Some((
        path,
        Entry {
            stamp,
            sha256: sha256.to_string(),
        },
    ))
}

fn render(entries: &BTreeMap<String, Entry>) -> String {
    let mut out = String::with_capacity(64 + entries.len() * 128);
    out.push_str(HEADER);
    out.push('\n');
    for (path, e) in entries {
        let s = e.stamp;
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            e.sha256,
            s.size,
            s.mtime_ns,
            s.inode,
            s.ctime_ns,
            escape_field(path)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::time::Duration;

    const H: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn old_file(path: &Path, bytes: &[u8], secs: u64) -> Metadata {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        let t = UNIX_EPOCH + Duration::from_secs(secs);
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
        fs::metadata(path).unwrap()
    }

    #[test]
    fn hit_then_miss_on_mtime_or_size_change() {
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        let path = root.join("content/evidence/x.pdf");
        let meta = old_file(&path, b"abc", 1_600_000_000);
        let cache = HashCache::load(root);
        assert_eq!(cache.lookup(&path, &meta), None);
        cache.insert(&path, &meta, H);
        assert_eq!(cache.lookup(&path, &meta).as_deref(), Some(H));

        let touched = old_file(&path, b"abc", 1_600_000_001);
        assert_eq!(cache.lookup(&path, &touched), None);
        let grown = old_file(&path, b"abcd", 1_600_000_000);
        assert_eq!(cache.lookup(&path, &grown), None);
    }

    #[test]
    fn save_load_round_trip_and_untouched_entries_dropped() {
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        let a = root.join("content/evidence/a\tb.txt");
        let b = root.join("content/evidence/b.txt");
        let ma = old_file(&a, b"a", 1_500_000_000);
        let mb = old_file(&b, b"b", 1_500_000_000);
        let cache = HashCache::load(root);
        cache.insert(&a, &ma, H);
        cache.insert(&b, &mb, &H.replace('b', "c"));
        cache.save(root).unwrap();
        let text = fs::read_to_string(root.join(CACHE_FILE)).unwrap();
        assert!(text.starts_with(HEADER));
        assert!(text.contains("content/evidence/a\\tb.txt"), "{text}");
        assert!(root.join(".minutebook/.gitignore").exists());

        // Second run touches only `a`: `b` is dropped on save.
        let cache = HashCache::load(root);
        assert_eq!(cache.lookup(&a, &ma).as_deref(), Some(H));
        cache.save(root).unwrap();
        let cache = HashCache::load(root);
        assert_eq!(cache.lookup(&b, &mb), None);
        assert_eq!(cache.lookup(&a, &ma).as_deref(), Some(H));
    }

    #[test]
    fn unchanged_cache_is_not_rewritten() {
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        let a = root.join("a.txt");
        let ma = old_file(&a, b"a", 1_500_000_000);
        let cache = HashCache::load(root);
        cache.insert(&a, &ma, H);
        cache.save(root).unwrap();
        let file = root.join(CACHE_FILE);
        let t = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(t)
            .unwrap();
        let cache = HashCache::load(root);
        cache.lookup(&a, &ma).unwrap();
        cache.save(root).unwrap();
        assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), t);
        // Nothing cached and no file: nothing written.
        let empty_tmp = tempfile::tempdir().unwrap();
        let empty = empty_tmp.path();
        HashCache::load(empty).save(empty).unwrap();
        assert!(!empty.join(".minutebook").exists());
    }

    #[test]
    fn corrupt_lines_are_ignored() {
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        let a = root.join("a.txt");
        let ma = old_file(&a, b"a", 1_500_000_000);
        let cache = HashCache::load(root);
        cache.insert(&a, &ma, H);
        cache.save(root).unwrap();
        let file = root.join(CACHE_FILE);
        let mut text = fs::read_to_string(&file).unwrap();
        text.push_str("garbage\nzz\t1\t2\t3\t4\tx\n\n");
        fs::write(&file, text).unwrap();
        let cache = HashCache::load(root);
        assert_eq!(cache.lookup(&a, &ma).as_deref(), Some(H));

        fs::write(&file, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(HashCache::load(root).lookup(&a, &ma), None);
        fs::write(&file, "not a header\n").unwrap();
        assert_eq!(HashCache::load(root).lookup(&a, &ma), None);
    }
}
