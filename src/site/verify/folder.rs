//! A site folder checked against its `SHA256SUMS`: the folder that holds
//! it found (the folder itself or its one top folder), every regular file
//! listed, symlinks and special files reported and never followed, each
//! listed file re-hashed and `data/site.json` cross-checked. Separate from
//! the zip check, which reads the same kinds of problem out of an archive.

use super::listing::{Listed, is_blocked, read_listing};
use super::rehash::{hash_stream, rehash_listed};
use super::{VerifyReport, open_regular, with_path};
use crate::site::cross_check;
use crate::site::sums::SUMS_FILE;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A regular file found in the folder.
struct OnDisk {
    path: PathBuf,
    size: u64,
}

pub(super) fn verify_folder(dir: &Path, progress: bool) -> io::Result<VerifyReport> {
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

    let actual = rehash_listed(
        &jobs,
        |found| found.size,
        progress,
        || (),
        |(), found, bar| {
            let mut file = open_regular(&found.path)?;
            hash_stream(&mut file, None, bar).map_err(|e| with_path(&found.path, e))
        },
        &mut report,
    )?;

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
