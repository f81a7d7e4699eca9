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
//! [`max_sums_lines`] of the files there are.
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
//! than [`MAX_UNCOMPRESSED`] in total, is an [`io::ErrorKind::InvalidData`]
//! error with a message, never a panic, and no entry is ever read whole
//! into memory.

use crate::diag::escape::printable;
use crate::fsx::hash::BUFFER_SIZE;
use crate::site::cross_check;
use crate::site::sums::{SUMS_FILE, parse_sums_line};
use crate::site::zip_layout;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use zip::{ZipArchive, ZipReadOptions};

/// A zip whose entries claim more than this many uncompressed bytes in total
/// is refused before anything is read: a site bundle is never that large,
/// and a zip bomb must not keep a verifier busy for hours.
pub const MAX_UNCOMPRESSED: u64 = 64 * 1024 * 1024 * 1024;

/// A `SHA256SUMS` larger than this is refused: it is read into memory, and a
/// real one is about 100 bytes per file.
pub const MAX_SUMS_BYTES: u64 = 256 * 1024 * 1024;

/// Below this many bytes to hash, a progress bar would only flicker.
pub const PROGRESS_MIN_BYTES: u64 = 64 * 1024 * 1024;

/// The first bytes of a zip's first local header, and of an empty zip.
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: [u8; 4] = *b"PK\x05\x06";

/// What verification found, so the CLI can print it and choose its exit
/// code, and tests can assert on each category.
///
/// Paths are site-relative as `SHA256SUMS` lists them (`reviews/x/index.html`);
/// an unsafe zip entry or an extra entry outside the bundle's top folder is
/// named as the zip names it. Every list is sorted and free of repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Paths listed in `SHA256SUMS` (each counted once).
    pub checked: usize,
    /// Listed files whose bytes match their digest.
    pub ok: usize,
    /// Listed files whose bytes differ from their digest.
    pub mismatched: Vec<String>,
    /// Listed files that are not there.
    pub missing: Vec<String>,
    /// Files present but not listed (`SHA256SUMS` itself excepted).
    pub extra: Vec<String>,
    /// Absolute or `..` paths, duplicate zip entries, symlinks and special files.
    pub unsafe_entries: Vec<String>,
    /// `SHA256SUMS line N: problem` for every line that could not be used.
    pub malformed: Vec<String>,
    /// Whether a `SHA256SUMS` was found at all (without it nothing is verified).
    pub sums_found: bool,
    /// Digests recorded elsewhere in the site (`data/site.json`: evidence
    /// files and the minutes under `sources/`) that the files do not bear
    /// out, or why they could not be compared: a `SHA256SUMS` edited to
    /// match a tampered file still disagrees with them.
    pub inconsistent: Vec<String>,
    /// Why a zip was refused before any entry was trusted (overlapping
    /// entries, a local header naming another file): nothing else is
    /// checked then.
    pub refused: Option<String>,
    /// SHA-256 of the zip file itself, to compare with the digest the
    /// auditor received over a separate channel (None for a folder).
    pub bundle_sha256: Option<String>,
}

impl VerifyReport {
    /// True only when the sums file was found and read cleanly and every file
    /// matched with nothing missing, extra or unsafe: the one answer an
    /// auditor needs, and the CLI's exit code.
    pub fn is_ok(&self) -> bool {
        self.sums_found
            && self.refused.is_none()
            && self.inconsistent.is_empty()
            && self.mismatched.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && self.unsafe_entries.is_empty()
            && self.malformed.is_empty()
    }

    /// Human-readable report: one line per problem (`MISMATCH path`,
    /// `MISSING path`, `EXTRA path`, `UNSAFE name`, `MALFORMED …`), then a
    /// summary line, so the output can be read by a person and grepped by a
    /// script. Control characters in names are escaped so a hostile name
    /// cannot forge lines.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(hex) = &self.bundle_sha256 {
            out.push_str(&format!("SHA-256 of the bundle: {hex}\n"));
        }
        if let Some(why) = &self.refused {
            out.push_str("REFUSED not a faithful bundle: ");
            out.push_str(&printable(why));
            out.push_str("\nverified nothing: the zip was refused before any entry was read\n");
            return out;
        }
        if !self.sums_found {
            out.push_str(
                "NO SHA256SUMS found (looked at the root and in a single top folder): nothing can be verified\n",
            );
        }
        let groups: [(&str, &Vec<String>); 6] = [
            ("MALFORMED", &self.malformed),
            ("UNSAFE", &self.unsafe_entries),
            ("MISMATCH", &self.mismatched),
            ("MISSING", &self.missing),
            ("EXTRA", &self.extra),
            ("INCONSISTENT", &self.inconsistent),
        ];
        for (label, items) in groups {
            for item in items {
                out.push_str(label);
                out.push(' ');
                out.push_str(&printable(item));
                out.push('\n');
            }
        }
        let files = if self.checked == 1 { "file" } else { "files" };
        out.push_str(&format!(
            "verified {} {files}: {} ok, {} mismatched, {} missing, {} extra",
            self.checked,
            self.ok,
            self.mismatched.len(),
            self.missing.len(),
            self.extra.len()
        ));
        if !self.unsafe_entries.is_empty() {
            out.push_str(&format!(", {} unsafe", self.unsafe_entries.len()));
        }
        if !self.malformed.is_empty() {
            let lines = if self.malformed.len() == 1 {
                "line"
            } else {
                "lines"
            };
            out.push_str(&format!(", {} malformed {lines}", self.malformed.len()));
        }
        if !self.inconsistent.is_empty() {
            out.push_str(&format!(", {} inconsistent", self.inconsistent.len()));
        }
        out.push('\n');
        out
    }

    /// Sorts and de-duplicates every list, so reports compare equal and
    /// print in a stable order.
    fn tidy(&mut self) {
        for list in [
            &mut self.mismatched,
            &mut self.missing,
            &mut self.extra,
            &mut self.unsafe_entries,
            &mut self.inconsistent,
        ] {
            list.sort();
            list.dedup();
        }
    }
}

/// Verifies a site folder or a bundle zip at `path` against its
/// `SHA256SUMS` (see the module docs), without a progress bar. An
/// `io::Error` means verification could not be done at all (unreadable
/// path, corrupt or oversized zip); a completed check that found problems
/// is an `Ok` report whose [`VerifyReport::is_ok`] is false.
pub fn verify(path: &Path) -> io::Result<VerifyReport> {
    verify_with_progress(path, false)
}

/// [`verify`], drawing a progress bar on stderr when `progress` is set,
/// stderr is a terminal and more than [`PROGRESS_MIN_BYTES`] must be hashed,
/// so that checking gigabytes of evidence shows it is moving.
pub fn verify_with_progress(path: &Path, progress: bool) -> io::Result<VerifyReport> {
    let meta = fs::metadata(path).map_err(|e| with_path(path, e))?;
    if meta.is_dir() {
        return verify_folder(path, progress);
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
        return verify_zip(path, progress);
    }
    if path.file_name().is_some_and(|n| n == SUMS_FILE) {
        // `minutebook verify site/SHA256SUMS` means the folder it describes.
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        return verify_folder(parent, progress);
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
pub fn is_unsafe_name(name: &str) -> bool {
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

// ---------------------------------------------------------------------------
// The listing

/// One usable line of `SHA256SUMS`.
struct Listed {
    /// As written in the sums file, for reports.
    shown: String,
    /// Normalised (no `.` or empty components), for lookups.
    key: String,
    /// Lowercase hex digest.
    sha256: String,
}

/// The longest line of `SHA256SUMS` read: a digest, two spaces and a path
/// of 64 KiB (the most a zip name holds) with every byte escaped.
pub const MAX_SUMS_LINE: usize = 64 + 2 + 2 * 65_536 + 2;

/// How many lines (not blank, not comments) a `SHA256SUMS` may have for a
/// bundle of `files` files: generous (every file listed, as many again
/// missing, and a margin), but finite, so that a small zip holding a sums
/// file of millions of lines cannot make the verifier hold millions of
/// entries (a 9 MB zip once took 1.45 GB). Reading stops past it and the
/// run fails.
pub fn max_sums_lines(files: usize) -> usize {
    files.saturating_mul(2).saturating_add(1024)
}

/// Reads `SHA256SUMS` line by line from `reader` (never whole: at most
/// [`MAX_SUMS_BYTES`] in all, [`MAX_SUMS_LINE`] per line, and
/// [`max_sums_lines`] of `files` lines) into usable entries, putting
/// malformed lines, unsafe paths and paths that name the same file twice
/// into `report`. Bytes that are not UTF-8 become U+FFFD (such a name then
/// matches nothing and is reported).
fn read_listing(
    reader: impl Read,
    what: &str,
    files: usize,
    report: &mut VerifyReport,
) -> io::Result<Vec<Listed>> {
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{what}: larger than {MAX_SUMS_BYTES} bytes, refused"),
        )
    };
    let max_lines = max_sums_lines(files);
    let mut reader = io::BufReader::new(reader.take(MAX_SUMS_BYTES + 1));
    let mut seen: HashMap<String, (String, u32)> = HashMap::new();
    let mut unsafe_seen: BTreeSet<String> = BTreeSet::new();
    let mut listed = Vec::new();
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut number: u32 = 0;
    let mut lines = 0usize;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_SUMS_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        total = total.saturating_add(n as u64);
        number = number.saturating_add(1);
        if buf.len() > MAX_SUMS_LINE && buf.last() != Some(&b'\n') {
            let skipped = reader.skip_until(b'\n')?;
            total = total.saturating_add(skipped as u64);
            if total > MAX_SUMS_BYTES {
                return Err(too_large());
            }
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: longer than {MAX_SUMS_LINE} bytes"
            ));
            lines += 1;
        } else {
            if total > MAX_SUMS_BYTES {
                return Err(too_large());
            }
            let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let raw = if number == 1 {
                raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
            } else {
                raw
            };
            let text = String::from_utf8_lossy(raw);
            let Some(parsed) = parse_sums_line(&text) else {
                continue;
            };
            lines += 1;
            if lines <= max_lines {
                match parsed {
                    Ok((shown, sha256)) => {
                        add_listed(
                            shown,
                            sha256,
                            number,
                            &mut seen,
                            &mut unsafe_seen,
                            &mut listed,
                            report,
                        );
                    }
                    Err(problem) => report
                        .malformed
                        .push(format!("{SUMS_FILE} line {number}: {problem}")),
                }
            }
        }
        if lines > max_lines {
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: more than {max_lines} lines for the {files} \
                 files there are; reading stopped (a sums file cannot list that many \
                 more files than it is shipped with)"
            ));
            break;
        }
    }
    Ok(listed)
}

/// Files one usable line under its normalised name, or reports it as
/// unsafe or as naming a file already listed.
fn add_listed(
    shown: String,
    sha256: String,
    number: u32,
    seen: &mut HashMap<String, (String, u32)>,
    unsafe_seen: &mut BTreeSet<String>,
    listed: &mut Vec<Listed>,
    report: &mut VerifyReport,
) {
    let key = normalise(&shown);
    if is_unsafe_name(&shown) || key.is_empty() {
        // Absolute, `..`, or `.` / `./` (the folder itself, not a file).
        if unsafe_seen.insert(shown.clone()) {
            report.checked += 1;
            report.unsafe_entries.push(shown);
        } else {
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: `{}` is listed again",
                printable(&shown)
            ));
        }
        return;
    }
    if let Some((first, line)) = seen.get(&key) {
        if *first == shown {
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: `{}` is listed again (first on line {line})",
                printable(&shown)
            ));
        } else {
            report.checked += 1;
            report.malformed.push(format!(
                "{SUMS_FILE}: `{}` names the same file as `{}`",
                printable(&shown),
                printable(first)
            ));
        }
        return;
    }
    report.checked += 1;
    seen.insert(key.clone(), (shown.clone(), number));
    listed.push(Listed { shown, key, sha256 });
}

/// A relative name without `.` or empty components (`./a//b` -> `a/b`), so
/// that `sha256sum ./x` listings and odd zip names match what is on disk.
fn normalise(name: &str) -> String {
    name.split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `key` or one of its parent folders is in `blocked` (a symlink or
/// special file already reported as unsafe).
fn is_blocked(blocked: &BTreeSet<String>, key: &str) -> bool {
    if blocked.contains(key) {
        return true;
    }
    let mut rest = key;
    while let Some((parent, _)) = rest.rsplit_once('/') {
        if blocked.contains(parent) {
            return true;
        }
        rest = parent;
    }
    false
}

// ---------------------------------------------------------------------------
// A folder

/// A regular file found in the folder.
struct OnDisk {
    path: PathBuf,
    size: u64,
}

fn verify_folder(dir: &Path, progress: bool) -> io::Result<VerifyReport> {
    let mut report = VerifyReport::default();
    let Some(root) = find_folder_root(dir, &mut report)? else {
        report.tidy();
        return Ok(report);
    };
    let (files, blocked) = scan_folder(&root, &mut report)?;
    let sums_path = root.join(SUMS_FILE);
    let sums = open_regular(&sums_path)?;
    report.sums_found = true;
    let listed = read_listing(
        sums,
        &sums_path.display().to_string(),
        files.len(),
        &mut report,
    )?;

    let mut jobs: Vec<(&Listed, &OnDisk)> = Vec::new();
    let mut listed_keys = BTreeSet::new();
    for entry in &listed {
        listed_keys.insert(entry.key.as_str());
        match files.get(&entry.key) {
            Some(found) => jobs.push((entry, found)),
            None if is_blocked(&blocked, &entry.key) => {}
            None => report.missing.push(entry.shown.clone()),
        }
    }
    for key in files.keys() {
        if key != SUMS_FILE && !listed_keys.contains(key.as_str()) {
            report.extra.push(key.clone());
        }
    }

    let bar = progress_bar(progress, jobs.iter().map(|(_, f)| f.size).sum());
    let results: Vec<io::Result<Option<String>>> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|(_, found)| {
            let mut file = open_regular(&found.path)?;
            hash_stream(&mut file, None, bar.as_ref()).map_err(|e| with_path(&found.path, e))
        })
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

    let lookup = |key: &str| match actual.get(key) {
        Some(digest) => cross_check::Held::Hashed(digest.clone()),
        None if files.contains_key(key) => cross_check::Held::NotHashed,
        None => cross_check::Held::Absent,
    };
    match files.get(cross_check::SITE_JSON) {
        Some(found) => {
            let file = open_regular(&found.path)?;
            cross_check::site_json(file, &lookup, &mut report.inconsistent);
        }
        None => report.inconsistent.push(cross_check::missing_site_json()),
    }
    report.tidy();
    Ok(report)
}

/// The folder whose root holds `SHA256SUMS`: `dir` itself, or its only
/// sub-folder (an unzipped bundle: `unzip site.zip` makes one top folder).
/// None (with `sums_found` false) when there is none; a `SHA256SUMS` that is
/// a symlink or special file is reported as unsafe and not read.
fn find_folder_root(dir: &Path, report: &mut VerifyReport) -> io::Result<Option<PathBuf>> {
    match sums_kind(dir)? {
        SumsKind::Regular => return Ok(Some(dir.to_path_buf())),
        SumsKind::NotRegular => {
            report.unsafe_entries.push(SUMS_FILE.to_string());
            return Ok(None);
        }
        SumsKind::Absent => {}
    }
    let mut folders = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| with_path(dir, e))? {
        let entry = entry.map_err(|e| with_path(dir, e))?;
        // `file_type` does not follow symlinks: a linked folder is not used.
        if entry.file_type()?.is_dir() {
            folders.push(entry.path());
        }
    }
    if let [only] = folders.as_slice() {
        match sums_kind(only)? {
            SumsKind::Regular => return Ok(Some(only.clone())),
            SumsKind::NotRegular => {
                let top = only.file_name().unwrap_or_default().to_string_lossy();
                report.unsafe_entries.push(format!("{top}/{SUMS_FILE}"));
            }
            SumsKind::Absent => {}
        }
    }
    Ok(None)
}

enum SumsKind {
    Regular,
    NotRegular,
    Absent,
}

fn sums_kind(dir: &Path) -> io::Result<SumsKind> {
    let path = dir.join(SUMS_FILE);
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => Ok(SumsKind::Regular),
        Ok(_) => Ok(SumsKind::NotRegular),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(SumsKind::Absent),
        Err(e) => Err(with_path(&path, e)),
    }
}

/// Every regular file under `root` by relative path; symlinks and special
/// files go to `report.unsafe_entries` and to the returned blocked set, and
/// are not followed.
fn scan_folder(
    root: &Path,
    report: &mut VerifyReport,
) -> io::Result<(BTreeMap<String, OnDisk>, BTreeSet<String>)> {
    let mut files = BTreeMap::new();
    let mut blocked = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.depth() == 0 {
            continue;
        }
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        let rel = lossy_relative(root, entry.path());
        if ft.is_file() {
            let size = entry.metadata().map_err(io::Error::other)?.len();
            files.insert(
                rel,
                OnDisk {
                    path: entry.path().to_path_buf(),
                    size,
                },
            );
        } else {
            report.unsafe_entries.push(rel.clone());
            blocked.insert(rel);
        }
    }
    Ok((files, blocked))
}

/// `path` relative to `root` with `/` separators; names that are not UTF-8
/// are shown lossily (they can never match a listed name anyway).
fn lossy_relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
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

// ---------------------------------------------------------------------------
// A zip

/// One entry of the zip's central directory, as far as verification cares.
struct ZipEntryInfo {
    index: usize,
    name: String,
    raw_name: Vec<u8>,
    is_dir: bool,
    is_symlink: bool,
    size: u64,
}

/// A usable (safe, unique, regular) file entry.
#[derive(Clone, Copy)]
struct Usable {
    index: usize,
    size: u64,
}

fn verify_zip(path: &Path, progress: bool) -> io::Result<VerifyReport> {
    let mut report = VerifyReport::default();
    let mut file = open_regular(path)?;
    let file_len = file.metadata()?.len();
    report.bundle_sha256 = hash_stream(&mut file, None, None).map_err(|e| with_path(path, e))?;
    file.seek(SeekFrom::Start(0))?;
    let archive = ZipArchive::new(BufReader::new(file)).map_err(|e| corrupt(path, e))?;

    let entries = read_central_directory(path, &archive)?;
    if let Some(why) = zip_layout::unfaithful(path, &archive)? {
        report.refused = Some(why);
        return Ok(report);
    }
    let duplicates = if archive.has_duplicate_names() {
        duplicate_raw_names(path, archive.central_directory_start(), file_len)?
    } else {
        BTreeSet::new()
    };

    // Sort every entry into usable files, ignored folders and unsafe names.
    let mut usable: BTreeMap<String, Usable> = BTreeMap::new();
    let mut blocked: BTreeSet<String> = BTreeSet::new();
    let mut shown_of: HashMap<String, String> = HashMap::new();
    for e in &entries {
        let unsafe_name = is_unsafe_name(&e.name) || duplicates.contains(&e.raw_name);
        if unsafe_name || e.is_symlink {
            report.unsafe_entries.push(e.name.clone());
            if !is_unsafe_name(&e.name) {
                blocked.insert(normalise(&e.name));
            }
            continue;
        }
        if e.is_dir {
            continue;
        }
        let key = normalise(&e.name);
        if key.is_empty() {
            report.unsafe_entries.push(e.name.clone());
            continue;
        }
        if usable.remove(&key).is_some() {
            // `a/b` and `a//b` or `./a/b`: two entries extract to one file.
            report.unsafe_entries.push(e.name.clone());
            if let Some(first) = shown_of.get(&key) {
                report.unsafe_entries.push(first.clone());
            }
            blocked.insert(key);
            continue;
        }
        if blocked.contains(&key) {
            report.unsafe_entries.push(e.name.clone());
            continue;
        }
        shown_of.insert(key.clone(), e.name.clone());
        usable.insert(
            key,
            Usable {
                index: e.index,
                size: e.size,
            },
        );
    }

    let Some(prefix) = find_zip_prefix(&usable) else {
        report.tidy();
        return Ok(report);
    };
    let sums_key = format!("{prefix}{SUMS_FILE}");
    let sums_entry = usable
        .get(&sums_key)
        .copied()
        .ok_or_else(|| io::Error::other("SHA256SUMS entry vanished"))?;
    let files = usable.len();
    let listed = {
        let mut reader = BufReader::new(File::open(path).map_err(|e| with_path(path, e))?);
        let sums = open_entry(path, &archive, &mut reader, sums_entry.index)?;
        report.sums_found = true;
        read_listing(
            sums,
            &format!("{}: entry {sums_key}", path.display()),
            files,
            &mut report,
        )?
    };

    let mut jobs: Vec<(&Listed, Usable)> = Vec::new();
    let mut listed_keys: BTreeSet<String> = BTreeSet::new();
    for entry in &listed {
        let full = format!("{prefix}{}", entry.key);
        match usable.get(&full) {
            Some(found) => jobs.push((entry, *found)),
            None if is_blocked(&blocked, &full) => {}
            None => report.missing.push(entry.shown.clone()),
        }
        listed_keys.insert(full);
    }
    for key in usable.keys() {
        if *key != sums_key && !listed_keys.contains(key) {
            let shown = key.strip_prefix(prefix.as_str()).unwrap_or(key);
            report.extra.push(shown.to_string());
        }
    }

    let bar = progress_bar(progress, jobs.iter().map(|(_, u)| u.size).sum());
    let results: Vec<io::Result<Option<String>>> = jobs
        .par_iter()
        .with_max_len(1)
        .map_init(
            || File::open(path).map(BufReader::new),
            |reader, (_, found)| {
                let reader = reader
                    .as_mut()
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                hash_zip_entry(path, &archive, reader, *found, bar.as_ref())
            },
        )
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

    let lookup = |key: &str| match actual.get(key) {
        Some(digest) => cross_check::Held::Hashed(digest.clone()),
        None if usable.contains_key(&format!("{prefix}{key}")) => cross_check::Held::NotHashed,
        None => cross_check::Held::Absent,
    };
    match usable.get(&format!("{prefix}{}", cross_check::SITE_JSON)) {
        Some(found) => {
            let mut reader = BufReader::new(File::open(path).map_err(|e| with_path(path, e))?);
            let json = open_entry(path, &archive, &mut reader, found.index)?;
            cross_check::site_json(json, &lookup, &mut report.inconsistent);
        }
        None => report.inconsistent.push(cross_check::missing_site_json()),
    }
    report.tidy();
    Ok(report)
}

/// Every central-directory entry, refusing the archive when the sizes its
/// entries claim add up to more than [`MAX_UNCOMPRESSED`].
fn read_central_directory<R: Read + Seek>(
    path: &Path,
    archive: &ZipArchive<R>,
) -> io::Result<Vec<ZipEntryInfo>> {
    let mut entries = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(|e| corrupt(path, e))?;
        let raw_name = entry.name_raw().to_vec();
        let name = match entry.name() {
            Ok(name) => name.into_owned(),
            Err(_) => String::from_utf8_lossy(&raw_name).into_owned(),
        };
        total = total.saturating_add(entry.size());
        if total > MAX_UNCOMPRESSED {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: the zip's entries claim more than {} GiB uncompressed in total; \
                     refused as a likely zip bomb",
                    path.display(),
                    MAX_UNCOMPRESSED >> 30
                ),
            ));
        }
        entries.push(ZipEntryInfo {
            index,
            is_dir: entry.is_dir(),
            is_symlink: entry.is_symlink(),
            size: entry.size(),
            name,
            raw_name,
        });
    }
    Ok(entries)
}

/// Names that occur more than once in the central directory. The zip
/// reader keeps one entry per name, so the raw headers are walked here
/// (only when the reader says there are duplicates): fixed 46-byte headers,
/// bounded by the file's length.
fn duplicate_raw_names(path: &Path, start: u64, file_len: u64) -> io::Result<BTreeSet<Vec<u8>>> {
    const HEADER: usize = 46;
    const SIGNATURE: [u8; 4] = *b"PK\x01\x02";
    let mut reader = BufReader::new(File::open(path).map_err(|e| with_path(path, e))?);
    reader.seek(SeekFrom::Start(start))?;
    let mut counts: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    let max_headers = file_len / HEADER as u64;
    let mut headers = 0u64;
    while headers < max_headers {
        let mut head = [0u8; HEADER];
        if reader.read_exact(&mut head).is_err() {
            break;
        }
        if head[..4] != SIGNATURE {
            break;
        }
        let name_len = usize::from(u16::from_le_bytes([head[28], head[29]]));
        let extra_len = i64::from(u16::from_le_bytes([head[30], head[31]]));
        let comment_len = i64::from(u16::from_le_bytes([head[32], head[33]]));
        let mut name = vec![0u8; name_len];
        if reader.read_exact(&mut name).is_err() {
            break;
        }
        reader.seek_relative(extra_len + comment_len)?;
        *counts.entry(name).or_default() += 1;
        headers += 1;
    }
    Ok(counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name)
        .collect())
}

/// Where the bundle's `SHA256SUMS` is: `""` at the root, `"top/"` in a
/// single top folder; None when there is neither, or several top folders
/// hold one (which of them would be the site is anyone's guess).
fn find_zip_prefix(usable: &BTreeMap<String, Usable>) -> Option<String> {
    if usable.contains_key(SUMS_FILE) {
        return Some(String::new());
    }
    let mut tops = usable.keys().filter_map(|key| {
        let (top, rest) = key.split_once('/')?;
        (rest == SUMS_FILE).then(|| format!("{top}/"))
    });
    let first = tops.next()?;
    match tops.next() {
        None => Some(first),
        Some(_) => None,
    }
}

/// A reader of one entry's (inflated) bytes; a corrupt entry is an error.
fn open_entry<'a, R: Read + Seek>(
    path: &Path,
    archive: &'a ZipArchive<R>,
    reader: &'a mut BufReader<File>,
    index: usize,
) -> io::Result<impl Read + 'a> {
    let entry = archive.by_index_data(index).map_err(|e| corrupt(path, e))?;
    entry
        .with_reader(reader, ZipReadOptions::new())
        .map_err(|e| corrupt(path, e))
}

/// Hashes one entry, streaming from the archive. None means its data is not
/// what the archive claims (CRC failure, broken DEFLATE stream, more bytes
/// than declared): reported as a mismatch. Structural errors (no local
/// header, unsupported method, encryption) are errors.
fn hash_zip_entry<R: Read + Seek>(
    path: &Path,
    archive: &ZipArchive<R>,
    reader: &mut BufReader<File>,
    found: Usable,
    bar: Option<&ProgressBar>,
) -> io::Result<Option<String>> {
    let entry = archive
        .by_index_data(found.index)
        .map_err(|e| corrupt(path, e))?;
    let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
    let mut file = entry
        .with_reader(reader, ZipReadOptions::new())
        .map_err(|e| corrupt(path, e))?;
    match hash_stream(&mut file, Some(found.size), bar) {
        Err(e) if e.kind() == io::ErrorKind::InvalidData => Ok(None),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("{}: entry {name}: {e}", path.display()),
        )),
        result => result,
    }
}

// ---------------------------------------------------------------------------
// Shared helpers

/// SHA-256 of a stream in a fixed buffer. With `limit`, the stream must be
/// exactly that long: reading stops one byte past it, and a longer or
/// shorter stream yields None (a zip entry inflating to more or less than
/// it declared is not the file that was listed, and reading on would let a
/// bomb run).
fn hash_stream(
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

/// Any zip-reading failure as InvalidData naming the archive.
fn corrupt(path: &Path, e: zip::result::ZipError) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: not a readable zip archive: {e}", path.display()),
    )
}

/// The bar for hashing, or None when it would be noise.
fn progress_bar(wanted: bool, bytes: u64) -> Option<ProgressBar> {
    if !wanted || bytes <= PROGRESS_MIN_BYTES || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "verifying [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
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

    #[test]
    fn normalise_drops_dot_and_empty_parts() {
        assert_eq!(normalise("./a//b/./c"), "a/b/c");
        assert_eq!(normalise("./"), "");
    }

    #[test]
    fn blocked_covers_descendants() {
        let blocked: BTreeSet<String> = ["link".to_string()].into();
        assert!(is_blocked(&blocked, "link"));
        assert!(is_blocked(&blocked, "link/a/b"));
        assert!(!is_blocked(&blocked, "linked/a"));
    }

    #[test]
    fn render_lists_problems_then_summary() {
        let report = VerifyReport {
            checked: 4,
            ok: 1,
            mismatched: vec!["reviews/x/index.html".into()],
            missing: vec!["a.css".into()],
            extra: vec!["new\nline".into()],
            unsafe_entries: vec!["../evil".into()],
            malformed: vec![],
            sums_found: true,
            ..VerifyReport::default()
        };
        assert!(!report.is_ok());
        assert_eq!(
            report.render(),
            "UNSAFE ../evil\nMISMATCH reviews/x/index.html\nMISSING a.css\nEXTRA new\\nline\n\
             verified 4 files: 1 ok, 1 mismatched, 1 missing, 1 extra, 1 unsafe\n"
        );
        let clean = VerifyReport {
            checked: 2,
            ok: 2,
            sums_found: true,
            ..VerifyReport::default()
        };
        assert!(clean.is_ok());
        assert_eq!(
            clean.render(),
            "verified 2 files: 2 ok, 0 mismatched, 0 missing, 0 extra\n"
        );
        assert!(!VerifyReport::default().is_ok());
    }

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
