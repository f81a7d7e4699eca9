//! The evidence of a site as found on disk: every file under
//! `content/evidence/` (and any other file a document references) with its
//! size and SHA-256, the lock and the sign-off sheet. Taken once per run, in
//! parallel with document loading, and read by checks and pages.

use super::lock;
use super::resolve;
use super::scan;
use super::signoff;
use crate::fsx::hash_cache::HashCache;
use crate::model::evidence::{EvidenceFile, HashOptions, Inventory};
use std::path::{Path, PathBuf};

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
pub(crate) fn finish(cache: Option<HashCache>, root: &Path) {
    if let Some(c) = cache {
        let _ = c.save(root);
    }
}

/// Adds (and hashes) files referenced by documents that the scan did not
/// find, such as evidence kept beside a record rather than under `evidence/`.
pub(crate) fn add_referenced(
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
    let results = crate::fsx::hash::hash_files(&paths, cache, progress);
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
                problem: Some(crate::model::evidence::PathProblem::Unreadable(
                    e.to_string(),
                )),
            },
        };
        inv.files.insert(rel, file);
    }
}
