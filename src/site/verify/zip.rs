//! A bundle zip checked against the `SHA256SUMS` inside it, never
//! extracted: the zip's own digest taken, an unfaithful layout refused, the
//! central directory sorted into usable files and unsafe names (zip-slip,
//! duplicates, symlinks), each listed entry inflated and re-hashed within
//! its declared size, and `data/site.json` cross-checked. Separate from the
//! folder check because an archive lies in ways a folder cannot.

use super::listing::{Listed, is_blocked, normalise, read_listing};
use super::rehash::{hash_stream, rehash_listed};
use super::{VerifyReport, is_unsafe_name, open_regular, with_path};
use crate::site::sums::SUMS_FILE;
use crate::site::{cross_check, zip_layout};
use indicatif::ProgressBar;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use zip::{ZipArchive, ZipReadOptions};

/// A zip whose entries claim more than this many uncompressed bytes in total
/// is refused before anything is read: a site bundle is never that large,
/// and a zip bomb must not keep a verifier busy for hours.
pub(crate) const MAX_UNCOMPRESSED: u64 = 64 * 1024 * 1024 * 1024;

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

pub(super) fn verify_zip(path: &Path, progress: bool) -> io::Result<VerifyReport> {
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

    let actual = rehash_listed(
        &jobs,
        |found| found.size,
        progress,
        || File::open(path).map(BufReader::new),
        |reader, found, bar| {
            let reader = reader
                .as_mut()
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            hash_zip_entry(path, &archive, reader, *found, bar)
        },
        &mut report,
    )?;

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

/// Any zip-reading failure as InvalidData naming the archive.
fn corrupt(path: &Path, e: zip::result::ZipError) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: not a readable zip archive: {e}", path.display()),
    )
}
