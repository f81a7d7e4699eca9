//! `minutebook verify`: check a built site folder or a bundle zip against
//! its `SHA256SUMS`, offline, without trusting the thing being checked.
//!
//! An auditor receives the evidence site as a zip (or unzips it) and must be
//! able to show that every file is the one that was published: nothing
//! altered, nothing removed, nothing slipped in. Verification re-hashes every
//! listed file (streamed in a fixed buffer, in parallel) and reports four
//! kinds of problem, every one of which fails the run:
//!
//! - **mismatched**: the bytes differ from the listed digest (for a zip, also
//!   an entry whose data fails its CRC or does not inflate);
//! - **missing**: listed but absent;
//! - **extra**: present but not listed (except `SHA256SUMS` itself);
//! - **unsafe**: a listed path or zip entry name that is absolute (`/x`,
//!   `C:\x`, `\\x`) or climbs out with `..` (zip-slip), a duplicated zip
//!   entry name, a symlink, or a special file. Such a path is never opened
//!   and a symlink is never followed; a zip is never extracted to disk.
//!
//! Lines of `SHA256SUMS` that cannot be read are reported as malformed and
//! fail the run too: a damaged list of digests proves nothing. The sums
//! file is read line by line, never whole, and reading stops past
//! [`max_sums_lines`](listing::max_sums_lines) of the files there are.
//!
//! Two more checks fail the run (issue 18):
//!
//! - a zip whose entries overlap or whose local headers name other files
//!   than its central directory is **refused** as not a faithful bundle
//!   before any entry is hashed ([`crate::site::zip_layout`]);
//! - digests recorded in `data/site.json` that the files do not bear out
//!   are **inconsistent** ([`crate::site::cross_check`]), so a `SHA256SUMS`
//!   edited to match a tampered file does not pass.
//!
//! For a zip the report also carries the zip's own SHA-256, the one digest
//! that proves which bundle this is when compared with one received over a
//! separate channel.
//!
//! The input is hostile by assumption. A zip is recognised by its magic
//! bytes, not its extension; a corrupt zip, or one whose entries claim more
//! than [`MAX_UNCOMPRESSED`](self::zip::MAX_UNCOMPRESSED) in total, is an
//! [`io::ErrorKind::InvalidData`] error with a message, never a panic, and
//! no entry is ever read whole into memory.

//!
//! One job per file: [`VerifyReport`] and how it is printed (`report`), the
//! `SHA256SUMS` listing read and its paths compared (`listing`), a site
//! folder checked (`folder`), a bundle zip checked without extracting it
//! (`zip`), and the listed bytes re-hashed with a progress bar (`rehash`).
//! This file holds the entry points that tell a folder from a zip, the
//! unsafe-name rule both apply, and how both open their input.

mod folder;
mod listing;
mod rehash;
mod report;
mod zip;

pub(crate) use listing::MAX_SUMS_BYTES;
pub use report::VerifyReport;

use crate::site::sums::SUMS_FILE;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// The first bytes of a zip's first local header, and of an empty zip.
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: [u8; 4] = *b"PK\x05\x06";

/// Verifies a site folder or a bundle zip at `path` against its
/// `SHA256SUMS` (see the module docs), without a progress bar. An
/// `io::Error` means verification could not be done at all (unreadable
/// path, corrupt or oversized zip); a completed check that found problems
/// is an `Ok` report whose [`VerifyReport::is_ok`] is false.
pub fn verify(path: &Path) -> io::Result<VerifyReport> {
    verify_with_progress(path, false)
}

/// [`verify`], drawing a progress bar on stderr when `progress` is set,
/// stderr is a terminal and more than [`MIN_BYTES`](crate::progress::MIN_BYTES)
/// must be hashed, so that checking gigabytes of evidence shows it is moving.
pub fn verify_with_progress(path: &Path, progress: bool) -> io::Result<VerifyReport> {
    let meta = fs::metadata(path).map_err(|e| with_path(path, e))?;
    if meta.is_dir() {
        return folder::verify_folder(path, progress);
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a folder or a zip file", path.display()),
        ));
    }
    let mut magic = [0u8; 4];
    let mut file = File::open(path).map_err(|e| with_path(path, e))?;
    let n = read_up_to(&mut file, &mut magic).map_err(|e| with_path(path, e))?;
    drop(file);
    if n == magic.len() && (magic == ZIP_MAGIC || magic == EMPTY_ZIP_MAGIC) {
        return self::zip::verify_zip(path, progress);
    }
    if path.file_name().is_some_and(|n| n == SUMS_FILE) {
        // `minutebook verify site/SHA256SUMS` means the folder it describes.
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        return folder::verify_folder(parent, progress);
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "{}: neither a site folder nor a zip bundle (a zip starts with the bytes `PK\\x03\\x04`)",
            path.display()
        ),
    ))
}

/// Whether a path or zip entry name could reach outside the folder it is
/// read or extracted in: empty, holding NUL, absolute (`/x`, `\x`, `\\x`,
/// `C:\x`, `C:x`) or with a `..` component under either separator. Such a
/// name is reported as unsafe and never opened.
pub(crate) fn is_unsafe_name(name: &str) -> bool {
    if name.is_empty() || name.contains('\0') {
        return true;
    }
    if name.starts_with(['/', '\\']) {
        return true;
    }
    if matches!(name.as_bytes(), [drive, b':', ..] if drive.is_ascii_alphabetic()) {
        return true;
    }
    name.split(['/', '\\']).any(|part| part == "..")
}

/// Opens a file only if it is a regular file (not a symlink, FIFO or
/// device), checked before and after opening.
fn open_regular(path: &Path) -> io::Result<File> {
    let not_regular = || {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a regular file", path.display()),
        )
    };
    if !fs::symlink_metadata(path)
        .map_err(|e| with_path(path, e))?
        .is_file()
    {
        return Err(not_regular());
    }
    let file = File::open(path).map_err(|e| with_path(path, e))?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Fills as much of `buf` as the reader has (for magic bytes of short files).
/// Reads as much of `buf` as the reader holds (a short read is not the end);
/// the count read.
pub(crate) fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let Some(rest) = buf.get_mut(filled..) else {
            break;
        };
        match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn with_path(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names() {
        for bad in [
            "",
            "/abs.txt",
            "\\\\server\\share",
            "\\x",
            "C:\\x",
            "c:x",
            "../evil.txt",
            "a/../../b",
            "a\\..\\b",
            "..",
            "a\0b",
        ] {
            assert!(is_unsafe_name(bad), "{bad:?}");
        }
        for good in [
            "a.txt",
            "a/b c/d.html",
            "..a",
            "a..",
            "a/.../b",
            "./a",
            "1:2",
        ] {
            assert!(!is_unsafe_name(good), "{good:?}");
        }
    }
}
