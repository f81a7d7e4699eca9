//! The auditor's bundle: a deterministic zip of a built site.
//!
//! An auditor receives the evidence site as one file and may be sent it
//! again after a rebuild; the same site and date must give the very same
//! bytes, so that a digest of the bundle means something and two bundles can
//! be compared with `cmp`. Everything that usually makes zips differ is
//! fixed:
//!
//! - entries are the site's regular files only (no directory entries),
//!   named `<top>/<relative path>` with `/`, sorted by name in byte order;
//! - every entry has the same modification time (the given date at
//!   00:00:00, clamped to the DOS range 1980–2107), Unix permissions
//!   `0o644`, "made by" Unix, and no extra fields (no extended timestamps,
//!   no owner ids): nothing from the file system beyond names and bytes;
//! - already-compressed types (images, archives, PDFs, office files, media,
//!   fonts) are STORED, everything else DEFLATED at a fixed level.
//!
//! Files are streamed into the archive with [`std::io::copy`], so a bundle
//! of gigabytes of evidence uses constant memory, and files near or above
//! 4 GiB get ZIP64 headers. The zip is written to a temporary file beside
//! the target and renamed over it at the end: a failed or interrupted bundle
//! never leaves a partial zip where the auditor would pick it up.
//!
//! A symlink or special file (FIFO, socket, device) in the site folder is an
//! error rather than being followed or skipped: the bundle must contain
//! exactly what the folder shows.
//!
//! Every bundle ends with the zip comment
//! [`BUNDLE_COMMENT`](crate::site::outputs::BUNDLE_COMMENT): `bundle -o`
//! replaces an existing file only when it carries it.

use crate::date::Date;
use crate::fsx::atomic::write_atomic_with;
use crate::fsx::read::{Links, open_regular};
use crate::fsx::walk::regular_files;
use indicatif::ProgressBar;
use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// Extensions (lower case) whose content is already compressed: deflating
/// them again costs time and gains nothing, so they are STORED.
pub(crate) const STORED_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z",
    "rar", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "mp3", "mp4", "mov", "woff",
    "woff2", "jar", "epub",
];

/// The DEFLATE level used for every compressed entry; fixed so that the same
/// input always gives the same bytes.
pub(crate) const DEFLATE_LEVEL: i64 = 6;

/// Unix permissions of every entry, whatever the files had on disk.
pub(crate) const ENTRY_PERMISSIONS: u32 = 0o644;

/// Files at least this large get ZIP64 headers. It sits below 4 GiB with a
/// margin because DEFLATE can make incompressible data slightly larger and
/// the writer refuses to cross 4 GiB in a non-ZIP64 entry; it depends only on
/// the file's size, so the choice stays deterministic.
pub(crate) const LARGE_FILE_THRESHOLD: u64 = 0xFFFF_FFFF - 64 * 1024 * 1024;

/// Writes a deterministic zip of every file under `site_dir` to `out`, each
/// entry named `<top>/<relative path>`, so that an auditor gets one
/// self-contained, byte-reproducible file that unzips into one folder.
/// Returns the number of entries written.
///
/// `date` becomes every entry's modification time (at 00:00:00). A progress
/// bar is drawn on stderr only when `progress` is set, stderr is a terminal
/// and there is more than [`crate::progress::MIN_BYTES`] to zip. Errors: `top` that
/// is not a single plain folder name, `out` inside `site_dir`, a symlink or
/// special file in the site, a name that is not UTF-8, or any I/O error; in
/// every case no zip is left at `out` (an existing one is left untouched).
pub fn write_zip(
    site_dir: &Path,
    top: &str,
    out: &Path,
    date: Date,
    progress: bool,
) -> io::Result<u64> {
    check_top(top)?;
    let files = site_files(site_dir)?;
    let out_dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    refuse_output_inside(site_dir, &out_dir)?;
    let out_name = out
        .file_name()
        .ok_or_else(|| invalid_input(format!("{}: no file name to write", out.display())))?
        .to_string_lossy()
        .into_owned();
    let total: u64 = files.iter().map(|f| f.size).sum();
    let bar = crate::progress::bar("zipping site", progress, total);

    crate::site::outputs::remove_stale_zips(&out_dir, &out_name);
    let result = write_atomic_with(out, |file| {
        write_entries(file, &files, top, date, bar.as_ref())
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result?;
    Ok(files.len() as u64)
}

/// Whether an entry with this name is STORED rather than DEFLATED (its
/// extension, case-insensitive, is in [`STORED_EXTENSIONS`]), so callers and
/// tests share one rule.
pub(crate) fn is_stored(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            let ext = ext.to_ascii_lowercase();
            STORED_EXTENSIONS.contains(&ext.as_str())
        }
        _ => false,
    }
}

/// The zip timestamp for `date` at midnight, clamped to what a DOS date can
/// hold (1980-01-01 to 2107-12-31), so every entry carries the bundle's date.
pub(crate) fn zip_time(date: Date) -> DateTime {
    let (y, m, d) = date.ymd();
    let (y, m, d) = if y < 1980 {
        (1980, 1, 1)
    } else if y > 2107 {
        (2107, 12, 31)
    } else {
        (y, m, d)
    };
    let parts = (u16::try_from(y), u8::try_from(m), u8::try_from(d));
    match parts {
        (Ok(y), Ok(m), Ok(d)) => {
            DateTime::from_date_and_time(y, m, d, 0, 0, 0).unwrap_or(DateTime::DEFAULT)
        }
        _ => DateTime::DEFAULT,
    }
}

/// One file to put in the zip.
struct SiteFile {
    /// Relative path with `/` separators.
    rel: String,
    path: PathBuf,
    size: u64,
}

/// Streams every file into a zip written on `file`; returns the file, flushed.
fn write_entries(
    file: File,
    files: &[SiteFile],
    top: &str,
    date: Date,
    bar: Option<&ProgressBar>,
) -> io::Result<File> {
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, file));
    let base = SimpleFileOptions::default()
        .last_modified_time(zip_time(date))
        .unix_permissions(ENTRY_PERMISSIONS)
        .system(System::Unix);
    for f in files {
        let name = format!("{top}/{}", f.rel);
        let options = if is_stored(&f.rel) {
            base.compression_method(CompressionMethod::Stored)
                .compression_level(None)
        } else {
            base.compression_method(CompressionMethod::Deflated)
                .compression_level(Some(DEFLATE_LEVEL))
        }
        .large_file(f.size >= LARGE_FILE_THRESHOLD);
        // The walk saw a regular file: refused if it was swapped since
        // (opening a FIFO would block).
        let (mut source, _) = open_regular(&f.path, Links::Refuse)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.path.display())))?;
        zip.start_file(name.as_str(), options)
            .map_err(|e| zip_error(&f.rel, e))?;
        let copied = match bar {
            Some(bar) => io::copy(&mut bar.wrap_read(&mut source), &mut zip),
            None => io::copy(&mut source, &mut zip),
        };
        copied.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.path.display())))?;
    }
    // How `bundle -o` knows a file it may replace (see `site::outputs`).
    zip.set_comment(crate::site::outputs::BUNDLE_COMMENT)
        .map_err(|e| zip_error("(comment)", e))?;
    let writer = zip
        .finish()
        .map_err(|e| zip_error("(central directory)", e))?;
    writer
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)
}

/// Every regular file under `site_dir`, sorted by relative path (byte
/// order); a symlink or special file anywhere is an error.
fn site_files(site_dir: &Path) -> io::Result<Vec<SiteFile>> {
    let meta = fs::metadata(site_dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", site_dir.display())))?;
    if !meta.is_dir() {
        return Err(invalid_input(format!(
            "{}: not a folder",
            site_dir.display()
        )));
    }
    let found = regular_files(
        site_dir,
        "not a regular file (symlink or special file) in the site folder; \
         a bundle holds only regular files",
    )?;
    let mut files = Vec::with_capacity(found.len());
    for f in found {
        let size = f.size()?;
        files.push(SiteFile {
            path: f.path().to_path_buf(),
            rel: f.rel,
            size,
        });
    }
    Ok(files)
}

/// The top folder must be one plain name, or entries could escape it.
fn check_top(top: &str) -> io::Result<()> {
    let bad = top.is_empty()
        || top == "."
        || top == ".."
        || top.contains(['/', '\\', '\0'])
        || top.contains(':');
    if bad {
        return Err(invalid_input(format!(
            "`{}` is not a valid top folder name for the bundle",
            top.escape_debug()
        )));
    }
    Ok(())
}

/// A zip written inside the site folder would end up in the next bundle and
/// in the next build's `SHA256SUMS` as an extra file: refuse it.
fn refuse_output_inside(site_dir: &Path, out_dir: &Path) -> io::Result<()> {
    let site = fs::canonicalize(site_dir)?;
    let out = fs::canonicalize(out_dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", out_dir.display())))?;
    if out.starts_with(&site) {
        return Err(invalid_input(format!(
            "the bundle {} would be written inside the site folder {}",
            out_dir.display(),
            site_dir.display()
        )));
    }
    Ok(())
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

fn zip_error(what: &str, e: zip::result::ZipError) -> io::Error {
    let e: io::Error = e.into();
    io::Error::new(e.kind(), format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_types_by_extension_case_insensitive() {
        assert!(is_stored("files/a.PNG"));
        assert!(is_stored("x.pdf"));
        assert!(is_stored("a/b.tar.gz"));
        assert!(is_stored("font.woff2"));
        assert!(!is_stored("index.html"));
        assert!(!is_stored("data/actions.csv"));
        assert!(!is_stored("png"));
        assert!(!is_stored("dir.png/file"));
        assert!(!is_stored(".png"));
    }

    #[test]
    fn zip_time_is_midnight_and_clamped() {
        let t = zip_time(Date::from_ymd(2025, 3, 14).unwrap());
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2025, 3, 14, 0, 0, 0)
        );
        let early = zip_time(Date::from_ymd(1970, 6, 1).unwrap());
        assert_eq!((early.year(), early.month(), early.day()), (1980, 1, 1));
        let late = zip_time(Date::from_ymd(2200, 6, 1).unwrap());
        assert_eq!((late.year(), late.month(), late.day()), (2107, 12, 31));
    }

    #[test]
    fn top_must_be_one_plain_name() {
        assert!(check_top("site-2025-03-14").is_ok());
        for bad in ["", ".", "..", "a/b", "a\\b", "C:"] {
            assert!(check_top(bad).is_err(), "{bad}");
        }
    }
}
