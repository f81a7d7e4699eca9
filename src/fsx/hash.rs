//! Streaming SHA-256 of evidence files, in parallel, with an optional cache.
//!
//! Evidence can be gigabytes (scans, exports, videos): a file is read in a
//! fixed 256 KiB buffer so memory stays flat whatever its size, files are
//! hashed one per rayon task so a site with thousands of files uses every
//! core, and the `sha2` crate picks the CPU's SHA instructions (SHA-NI on
//! x86-64, SHA2 on ARMv8) at run time. A non-regular file (FIFO, device,
//! directory) is refused from its metadata before it is ever opened, so a
//! hostile or mistaken `content/evidence/pipe` cannot hang a build.

use crate::fsx::hash_cache::{self, HashCache};
use crate::fsx::read::{Links, ensure_regular, open_regular};
use indicatif::ProgressBar;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::fs::{self, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Size of the read buffer: large enough for the SHA instructions to run at
/// full speed, small enough that many parallel tasks cost little memory.
pub(crate) const BUFFER_SIZE: usize = 256 * 1024;

/// The digest of one file, as [`hash_files`] returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hashed {
    /// Lowercase hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Size in bytes (bytes hashed, or the size the cache entry was made for).
    pub size: u64,
    /// Whether the digest came from the hash cache instead of the file.
    pub from_cache: bool,
}

/// SHA-256 of bytes already in memory (documents for sign-off), lowercase
/// hex, so every digest in minutebook has one spelling.
pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SHA-256 (lowercase hex) and size of a file, streamed in a fixed buffer so
/// a file of any size hashes in constant memory. A directory, FIFO, socket
/// or device is refused with [`io::ErrorKind::InvalidInput`] without reading.
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut buffer = vec![0u8; BUFFER_SIZE];
    let digested = digest_file(path, None, &mut buffer)?;
    Ok((digested.sha256, digested.size))
}

/// Hashes many files in parallel, results in input order, so that a site
/// with thousands of evidence files is checked in the time its disk allows.
/// Each file is one unit of work taken from a shared queue, largest first,
/// so one big file never ends up alone at the end of a run while the other
/// cores idle. Unchanged files are answered from `cache` when one is given,
/// and freshly hashed files are added to it. A progress bar is drawn on
/// stderr only when `progress` is set, stderr is a terminal and more than
/// [`crate::progress::MIN_BYTES`] must actually be read.
pub(crate) fn hash_files(
    paths: &[PathBuf],
    cache: Option<&HashCache>,
    progress: bool,
) -> Vec<io::Result<Hashed>> {
    let planned: Vec<Planned> = paths
        .par_iter()
        .with_max_len(1)
        .map(|path| plan(path, cache))
        .collect();
    let mut queue: Vec<(usize, u64)> = Vec::new();
    let mut results: Vec<Option<io::Result<Hashed>>> = Vec::with_capacity(paths.len());
    for (i, p) in planned.into_iter().enumerate() {
        match p {
            Planned::Known(result) => results.push(Some(result)),
            Planned::Read(size) => {
                queue.push((i, size));
                results.push(None);
            }
        }
    }
    // Largest first (ties in input order): the classic greedy schedule.
    queue.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let to_read: u64 = queue.iter().map(|(_, size)| size).sum();
    let bar = crate::progress::bar("hashing evidence", progress, to_read);
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, queue.len().max(1));
    let done: Vec<(usize, io::Result<Hashed>)> = (0..workers)
        .into_par_iter()
        .with_max_len(1)
        .flat_map_iter(|_| {
            // One buffer per worker, reused for every file it hashes.
            let mut buffer = vec![0u8; BUFFER_SIZE];
            let mut out = Vec::new();
            while let Some(&(i, _)) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
                if let Some(path) = paths.get(i) {
                    out.push((i, hash_one(path, cache, bar.as_ref(), &mut buffer)));
                }
            }
            out
        })
        .collect();
    for (i, result) in done {
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(result);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(io::Error::other("file was not hashed"))))
        .collect()
}

/// What to do with one file: answered already (error or cache hit), or read
/// it (with its expected size, for the progress bar).
enum Planned {
    Known(io::Result<Hashed>),
    Read(u64),
}

fn plan(path: &Path, cache: Option<&HashCache>) -> Planned {
    let meta = match fs::metadata(path).and_then(|m| ensure_regular(&m).map(|()| m)) {
        Ok(meta) => meta,
        Err(e) => return Planned::Known(Err(e)),
    };
    match cache.and_then(|c| c.lookup(path, &meta)) {
        Some(sha256) => Planned::Known(Ok(Hashed {
            sha256,
            size: meta.len(),
            from_cache: true,
        })),
        None => Planned::Read(meta.len()),
    }
}

fn hash_one(
    path: &Path,
    cache: Option<&HashCache>,
    bar: Option<&ProgressBar>,
    buffer: &mut [u8],
) -> io::Result<Hashed> {
    let digested = digest_file(path, bar, buffer)?;
    if let Some(cache) = cache {
        // Only a file that did not change while it was read may be cached.
        let unchanged = digested.size == digested.after.len()
            && hash_cache::stamp_of(&digested.before) == hash_cache::stamp_of(&digested.after);
        if unchanged {
            cache.insert(path, &digested.after, &digested.sha256);
        }
    }
    Ok(Hashed {
        sha256: digested.sha256,
        size: digested.size,
        from_cache: false,
    })
}

/// A file's digest with the metadata of the open file before and after reading.
struct Digested {
    sha256: String,
    size: u64,
    before: Metadata,
    after: Metadata,
}

fn digest_file(path: &Path, bar: Option<&ProgressBar>, buffer: &mut [u8]) -> io::Result<Digested> {
    // Checked before opening (opening a FIFO blocks) and on the open file.
    let (mut file, before) = open_regular(path, Links::Follow)?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    loop {
        let n = match file.read(buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = buffer.get(..n).unwrap_or_default();
        hasher.update(chunk);
        size += chunk.len() as u64;
        if let Some(bar) = bar {
            bar.inc(chunk.len() as u64);
        }
    }
    let after = file.metadata()?;
    Ok(Digested {
        sha256: hex::encode(hasher.finalize()),
        size,
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::time::{Duration, SystemTime};

    #[test]
    fn known_vectors() {
        assert_eq!(
            sha256_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_bytes(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn file_larger_than_the_buffer_matches_in_memory_hash() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let path = dir.join("big.bin");
        let data: Vec<u8> = (0..BUFFER_SIZE * 3 + 12345)
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        fs::write(&path, &data).unwrap();
        let (hex, size) = sha256_file(&path).unwrap();
        assert_eq!(size, data.len() as u64);
        assert_eq!(hex, sha256_bytes(&data));
        let (abc, _) = {
            fs::write(dir.join("abc"), b"abc").unwrap();
            sha256_file(&dir.join("abc")).unwrap()
        };
        assert!(abc.starts_with("ba7816bf"));
    }

    #[test]
    fn refuses_directories_and_fifos_without_blocking() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let err = sha256_file(dir).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("folder"), "{err}");
        #[cfg(unix)]
        {
            let fifo = dir.join("pipe");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                let err = sha256_file(&fifo).unwrap_err();
                assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
                assert!(err.to_string().contains("FIFO"), "{err}");
            }
        }
        assert_eq!(
            sha256_file(&dir.join("missing")).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }

    #[test]
    fn hash_files_keeps_order_and_reports_errors() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let mut paths = Vec::new();
        for i in 0..20 {
            let p = dir.join(format!("f{i}"));
            fs::write(&p, format!("file {i}")).unwrap();
            paths.push(p);
        }
        paths.insert(5, dir.join("missing"));
        let results = hash_files(&paths, None, true);
        assert_eq!(results.len(), paths.len());
        assert!(results[5].is_err());
        for (path, result) in paths.iter().zip(&results) {
            if let Ok(h) = result {
                assert_eq!(h.sha256, sha256_bytes(&fs::read(path).unwrap()));
                assert!(!h.from_cache);
            }
        }
    }

    #[test]
    fn cache_hits_until_the_file_changes() {
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        let path = root.join("content/evidence/a.txt");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, b"first").unwrap();
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();

        let cache = HashCache::load(root);
        let paths = vec![path.clone()];
        let first = hash_files(&paths, Some(&cache), false).remove(0).unwrap();
        assert!(!first.from_cache);
        let second = hash_files(&paths, Some(&cache), false).remove(0).unwrap();
        assert!(second.from_cache);
        assert_eq!(first.sha256, second.sha256);

        // Survives a save and load.
        cache.save(root).unwrap();
        let cache = HashCache::load(root);
        let third = hash_files(&paths, Some(&cache), false).remove(0).unwrap();
        assert!(third.from_cache);

        // Same size, new content, new mtime: a miss with the new digest.
        fs::write(&path, b"other").unwrap();
        let newer = old + Duration::from_secs(60);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(newer)
            .unwrap();
        let fourth = hash_files(&paths, Some(&cache), false).remove(0).unwrap();
        assert!(!fourth.from_cache);
        assert_eq!(fourth.sha256, sha256_bytes(b"other"));
    }

    #[test]
    fn recently_modified_files_are_not_cached() {
        // A file written in the same clock tick as its hashing could change
        // again without its mtime moving: it must be hashed again next time.
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        let path = root.join("fresh.txt");
        fs::write(&path, b"fresh").unwrap();
        let cache = HashCache::load(root);
        let paths = vec![path];
        hash_files(&paths, Some(&cache), false);
        let again = hash_files(&paths, Some(&cache), false).remove(0).unwrap();
        assert!(!again.from_cache);
    }
}
