//! Reading files a person or an earlier run wrote, safely: only regular
//! files, never more than a limit, never through a link that leads out of
//! the site folder. Every stage reads site files through these.

use std::fs;
use std::io::{self, Read, Seek};
use std::path::Path;

/// Largest document or YAML file read; real minutes are far smaller.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a file, refusing anything that is not a regular file or is too large.
/// The type is checked before opening (opening a FIFO blocks) and again on
/// the open file, and at most one byte past the limit is ever read, so a
/// file swapped or grown between the check and the read cannot hang the run
/// or exhaust memory.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    read_bounded_to(path, MAX_FILE_BYTES)
}

/// [`read_bounded`] with another size limit (bytes), for files minutebook
/// writes itself and may be larger than a text file a person writes (the
/// `data/site.json` of a previous output).
pub fn read_bounded_to(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    check_regular(&meta, limit)?;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    check_regular(&meta, limit)?;
    // Room for the whole file and the byte that would show it grew: read
    // in one call, not in growing pieces.
    let room = usize::try_from(meta.len().saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(room);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err("it grew past the size limit while being read".into());
    }
    Ok(bytes)
}

fn check_regular(meta: &std::fs::Metadata, limit: u64) -> Result<(), String> {
    if meta.is_dir() {
        return Err("it is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    if meta.len() > limit {
        return Err(format!(
            "it is {} bytes, over the {} MiB limit for this file",
            meta.len(),
            limit / 1024 / 1024
        ));
    }
    Ok(())
}

/// Reads the site file `rel` (relative to `root`) like [`read_bounded`], and
/// refuses one that a symbolic link leads outside the site folder: its text
/// would be quoted in findings and published in the site.
pub fn read_in_site(root: &Path, rel: &str) -> Result<Vec<u8>, String> {
    let real = std::fs::canonicalize(root.join(rel)).map_err(|e| e.to_string())?;
    let base = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
    if !real.starts_with(&base) {
        return Err(
            "it is a symbolic link leading outside the site folder; it was not read".into(),
        );
    }
    read_bounded(&real)
}

/// A path relative to the root as a `/`-separated string (lossy for non-UTF-8 names).
pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
/// The first and the last `limit` bytes of a regular file (checked before
/// opening, as opening a FIFO blocks, and again on the open file).
pub fn read_ends(path: &Path, limit: u64) -> Option<[Vec<u8>; 2]> {
    if !fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut head = Vec::new();
    (&mut file).take(limit).read_to_end(&mut head).ok()?;
    let mut tail = Vec::new();
    if meta.len() > limit {
        file.seek(io::SeekFrom::Start(meta.len() - limit)).ok()?;
        file.take(limit).read_to_end(&mut tail).ok()?;
    }
    Some([head, tail])
}
