//! The listed bytes hashed again: SHA-256 of a stream in a fixed buffer,
//! held to a declared length, and the progress bar shown while gigabytes
//! are hashed. Separate because the folder and the zip checks hash the
//! same way, and this is the one place listed bytes are hashed.

use crate::fsx::hash::BUFFER_SIZE;
use indicatif::ProgressBar;
use sha2::{Digest, Sha256};
use std::io::{self, Read};

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
pub(super) fn progress_bar(wanted: bool, bytes: u64) -> Option<ProgressBar> {
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
