//! The evidence of a site as found on disk: every file under
//! `content/evidence/` (and any other file a document references) with its
//! size and SHA-256, the lock and the sign-off sheet. Taken once per run, in
//! parallel with document loading, and read by checks and pages.

use super::cache::HashCache;
use super::lock::{self, EvidenceLock, LockLineError};
use super::resolve::{self, PathProblem};
use super::scan;
use super::signoff::{self, SignoffSheet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How evidence is hashed in this run.
#[derive(Clone, Copy, Debug, Default)]
pub struct HashOptions {
    /// Use and update the hash cache under `.minutebook/` (off for `--no-cache`, verify, bundle).
    pub use_cache: bool,
    /// Show a progress bar on a terminal for long hashing.
    pub progress: bool,
}

/// One evidence file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceFile {
    /// Path relative to `content/` (`evidence/2025/x.pdf`).
    pub rel: String,
    /// The real file to read or copy (None when it may not be read).
    pub real: Option<PathBuf>,
    /// Size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256, when it could be hashed.
    pub sha256: Option<String>,
    /// Why it could not be used, when it could not.
    pub problem: Option<PathProblem>,
}

/// Everything about evidence that checks and pages need.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    /// Files by path relative to `content/`.
    pub files: BTreeMap<String, EvidenceFile>,
    /// Parts of `content/evidence/` that could not be read.
    pub unreadable: Vec<(String, String)>,
    /// Files and folders under `content/evidence/` whose name is not valid
    /// UTF-8 (shown lossily, relative to `content/`; true for a folder):
    /// they cannot be referenced, locked or published (MB040).
    pub not_utf8: Vec<(String, bool)>,
    /// Files and folders whose name holds a backslash (true for a folder):
    /// unusable as evidence, reported (MB040), see [`scan::EvidenceScan::backslashed`].
    pub backslashed: Vec<(String, bool)>,
    /// `evidence.lock` as read (empty when absent).
    pub lock: EvidenceLock,
    /// The lock's text, to find entry lines (None when absent).
    pub lock_text: Option<String>,
    /// Malformed lock lines.
    pub lock_errors: Vec<LockLineError>,
    /// Why the lock could not be read at all.
    pub lock_unreadable: Option<String>,
    /// The sign-off sheet.
    pub signoffs: SignoffSheet,
    /// `content/` is a symbolic link leading outside the site root: nothing
    /// under it was scanned, hashed or may be published (MB041).
    pub content_escapes: bool,
}

impl Inventory {
    /// The 1-based line of a lock entry, for findings.
    pub fn lock_line(&self, key: &str) -> Option<u32> {
        let text = self.lock_text.as_deref()?;
        text.lines()
            .position(|l| l.trim_end_matches('\r').ends_with(key) && l.len() > key.len())
            .map(|i| i as u32 + 1)
    }

    /// A file by its path relative to `content/`.
    pub fn file(&self, rel: &str) -> Option<&EvidenceFile> {
        self.files.get(rel)
    }
}

/// Scans and hashes `content/evidence/`, reads the lock and the sign-off
/// sheet. Returns the hash cache in use, for [`add_referenced`] and [`finish`].
pub fn take(root: &Path, options: HashOptions) -> (Inventory, Option<HashCache>) {
    let content = root.join("content");
    // A content/ that leads out of the site is not walked at all.
    let content_escapes = resolve::content_leaves_site(root);
    let found = if content_escapes {
        scan::EvidenceScan::default()
    } else {
        scan::scan(&content)
    };
    let mut inv = Inventory {
        unreadable: found.unreadable,
        not_utf8: found.not_utf8,
        backslashed: found.backslashed,
        content_escapes,
        ..Inventory::default()
    };
    let cache = options.use_cache.then(|| HashCache::load(root));
    add_files(
        &mut inv,
        &content,
        found.files,
        Some(&found.links),
        cache.as_ref(),
        options.progress,
    );
    match lock::read(root) {
        Ok(Some(text)) => {
            let (l, errors) = lock::parse(&text);
            inv.lock = l;
            inv.lock_errors = errors;
            inv.lock_text = Some(text);
        }
        Ok(None) => {}
        Err(e) => inv.lock_unreadable = Some(e.to_string()),
    }
    inv.signoffs = signoff::load(root);
    (inv, cache)
}

/// Saves the hash cache after a run (failing to is harmless: it only saves time).
pub fn finish(cache: Option<HashCache>, root: &Path) {
    if let Some(c) = cache {
        let _ = c.save(root);
    }
}

/// Adds (and hashes) files referenced by documents that the scan did not
/// find, such as evidence kept beside a record rather than under `evidence/`.
pub fn add_referenced(
    inv: &mut Inventory,
    root: &Path,
    written: &[String],
    cache: Option<&HashCache>,
    progress: bool,
) {
    let content = root.join("content");
    let dir = resolve::ContentDir::new(&content);
    let mut extra = Vec::new();
    for w in written {
        // Already scanned under this spelling: nothing to look up on disk.
        if resolve::normalised(w).is_ok_and(|rel| inv.files.contains_key(&rel)) {
            continue;
        }
        if let Ok(r) = dir.resolve(w)
            && !inv.files.contains_key(&r.rel)
            && !extra.contains(&r.rel)
        {
            extra.push(r.rel);
        }
    }
    if !extra.is_empty() {
        add_files(inv, &content, extra, None, cache, progress);
    }
}

fn add_files(
    inv: &mut Inventory,
    content: &Path,
    rels: Vec<String>,
    found: Option<&std::collections::BTreeSet<String>>,
    cache: Option<&HashCache>,
    progress: bool,
) {
    let mut to_hash: Vec<(String, PathBuf)> = Vec::new();
    let dir = resolve::ContentDir::new(content);
    for rel in rels {
        // Files the walk found (with which of them are links), or paths as written.
        let resolved = match found {
            Some(links) => dir.resolve_found(&rel, links.contains(&rel)),
            None => dir.resolve(&rel),
        };
        match resolved {
            Ok(r) => to_hash.push((r.rel, r.path)),
            Err(problem) => {
                inv.files.insert(
                    rel.clone(),
                    EvidenceFile {
                        rel,
                        real: None,
                        size: 0,
                        sha256: None,
                        problem: Some(problem),
                    },
                );
            }
        }
    }
    let paths: Vec<PathBuf> = to_hash.iter().map(|(_, p)| p.clone()).collect();
    let results = super::hash::hash_files(&paths, cache, progress);
    for ((rel, path), result) in to_hash.into_iter().zip(results) {
        let file = match result {
            Ok(h) => EvidenceFile {
                rel: rel.clone(),
                real: Some(path),
                size: h.size,
                sha256: Some(h.sha256),
                problem: None,
            },
            Err(e) => EvidenceFile {
                rel: rel.clone(),
                real: None,
                size: 0,
                sha256: None,
                problem: Some(PathProblem::Unreadable(e.to_string())),
            },
        };
        inv.files.insert(rel, file);
    }
}
