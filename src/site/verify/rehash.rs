//! The listed bytes hashed again: SHA-256 of a stream in a fixed buffer,
//! held to a declared length, every listed file hashed in parallel under
//! one progress bar and its digest compared with the listed one. Separate
//! because the folder and the zip checks hash the same way, and this is the
//! one place listed bytes are hashed.

use super::VerifyReport;
use super::listing::Listed;
use crate::fsx::hash::BUFFER_SIZE;
use indicatif::ProgressBar;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, Read};

/// Hashes every listed file found (`jobs`: the listing's entry and where
/// its bytes are, `size` bytes long) in parallel, one file a task so a
/// large file does not hold back the rest, and counts each as ok or
/// mismatched in `report`. `open` makes a thread's state once (the zip
/// check's reader of the archive) and `hash` hashes one file with it.
/// Returns the digests taken, by listed key, for the `data/site.json`
/// cross-check; the first error stops the check (the input could not be
/// read, so nothing can be said about it).
pub(super) fn rehash_listed<'l, J, S>(
    jobs: &[(&'l Listed, J)],
    size: impl Fn(&J) -> u64,
    progress: bool,
    open: impl Fn() -> S + Sync + Send,
    hash: impl Fn(&mut S, &J, Option<&ProgressBar>) -> io::Result<Option<String>> + Sync + Send,
    report: &mut VerifyReport,
) -> io::Result<HashMap<&'l str, String>>
where
    J: Sync,
{
    let bar = progress_bar(progress, jobs.iter().map(|(_, j)| size(j)).sum());
    let results: Vec<io::Result<Option<String>>> = jobs
        .par_iter()
        .with_max_len(1)
        .map_init(&open, |state, (_, job)| hash(state, job, bar.as_ref()))
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut actual: HashMap<&str, String> = HashMap::with_capacity(jobs.len());
    for ((entry, _), result) in jobs.iter().zip(results) {
        let digest = result?;
        if digest.as_deref() == Some(entry.sha256.as_str()) {
            report.ok += 1;
        } else {
            report.mismatched.push(entry.shown.clone());
        }
        if let Some(digest) = digest {
            actual.insert(entry.key.as_str(), digest);
        }
    }
    Ok(actual)
}

/// SHA-256 of a stream in a fixed buffer. With `limit`, the stream must be
/// exactly that long: reading stops one byte past it, and a longer or
/// shorter stream yields None (a zip entry inflating to more or less than
/// it declared is not the file that was listed, and reading on would let a
/// bomb run).
pub(super) fn hash_stream(
    reader: &mut impl Read,
    limit: Option<u64>,
    bar: Option<&ProgressBar>,
) -> io::Result<Option<String>> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; BUFFER_SIZE];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = buffer.get(..n).unwrap_or(&buffer);
        total = total.saturating_add(chunk.len() as u64);
        if limit.is_some_and(|limit| total > limit) {
            return Ok(None);
        }
        hasher.update(chunk);
        if let Some(bar) = bar {
            bar.inc(chunk.len() as u64);
        }
    }
    if limit.is_some_and(|limit| total != limit) {
        return Ok(None);
    }
    Ok(Some(hex::encode(hasher.finalize())))
}

/// The bar for hashing, or None when it would be noise: the one progress
/// bar of long file work.
fn progress_bar(wanted: bool, bytes: u64) -> Option<ProgressBar> {
    crate::progress::bar("verifying", wanted, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_stream_stops_past_the_limit() {
        let data = vec![7u8; 1000];
        assert!(
            hash_stream(&mut data.as_slice(), Some(999), None)
                .unwrap()
                .is_none()
        );
        assert_eq!(
            hash_stream(&mut data.as_slice(), Some(1000), None).unwrap(),
            Some(crate::fsx::hash::sha256_bytes(&data))
        );
        // Shorter than declared is not the listed file either.
        assert!(
            hash_stream(&mut data.as_slice(), Some(1001), None)
                .unwrap()
                .is_none()
        );
    }
}
