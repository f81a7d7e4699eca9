//! Reading a site root into a [`Site`]: configuration, people, catalogs and
//! documents. Loading never stops at a bad file: every problem becomes a
//! finding and the rest of the site is still read.

pub mod body;
pub mod catalog;
pub mod config;
pub mod document;
pub mod evidence;
pub mod fields;
pub(crate) mod frontmatter;
pub mod people;
pub mod yaml;

use crate::diag::findings::{Code, Finding, Span};
use crate::load::evidence::inventory;
use crate::model::evidence::HashOptions;
use crate::model::{DocumentKind, Site};
use fields::Reader;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::fsx::read::{read_bounded, read_in_site};
use crate::fsx::walk::rel_string;

/// Reads a whole site: documents are parsed while evidence is hashed, both in
/// parallel. Findings are about structure (MB001–MB006); the cross-document
/// rules run later in `check`.
pub fn load(root: &Path, hashing: HashOptions) -> (Site, Vec<Finding>) {
    load_with(root, hashing, None).0
}

/// Like [`load`], reusing the documents of an earlier load whose files have
/// not changed since (size, modification time, inode), so `serve` re-reads
/// only what was edited; returns the cache for the next load.
pub fn load_and_cache(
    root: &Path,
    hashing: HashOptions,
    cache: &DocumentCache,
) -> ((Site, Vec<Finding>), DocumentCache) {
    let (loaded, next) = load_with(root, hashing, Some(cache));
    (loaded, next.unwrap_or_default())
}

fn load_with(
    root: &Path,
    hashing: HashOptions,
    cache: Option<&DocumentCache>,
) -> ((Site, Vec<Finding>), Option<DocumentCache>) {
    let reuse = cache.and_then(|c| c.inventory.clone());
    let ((mut site, findings, next), (mut inventory, hashes)) = rayon::join(
        || load_documents(root, cache),
        || match reuse {
            // Nothing under the evidence, the lock or the sign-offs changed (serve).
            // No hash cache then: saving one that saw no lookups would empty it.
            Some(inv) => (inv, None),
            None => inventory::take(root, hashing),
        },
    );
    let cache = hashes;
    let written: Vec<String> = site
        .documents
        .iter()
        .flat_map(|d| {
            d.evidence
                .iter()
                .chain(d.updates.iter().flat_map(|u| &u.evidence))
        })
        .filter_map(|e| e.path.as_ref().map(|p| p.value.clone()))
        .collect();
    inventory::add_referenced(
        &mut inventory,
        root,
        &written,
        cache.as_ref(),
        hashing.progress,
    );
    inventory::finish(cache, root);
    let next = next.map(|mut n| {
        n.inventory = Some(inventory.clone());
        n
    });
    site.evidence = inventory;
    ((site, findings), next)
}

/// When a file was last changed, as far as reusing its parsed form goes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
    changed: i64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let (inode, changed) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.ctime_nsec() + meta.ctime() * 1_000_000_000)
        };
        #[cfg(not(unix))]
        let (inode, changed) = (0, 0);
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
            changed,
        })
    }
}

/// Parsed documents of an earlier load, by path, with the stamp of the file
/// they were read from.
#[derive(Clone, Debug, Default)]
pub struct DocumentCache {
    entries: std::collections::HashMap<String, (Stamp, Loaded)>,
    /// The evidence inventory of the last load, reused until something it
    /// depends on changes (see [`DocumentCache::evidence_changed`]).
    inventory: Option<crate::model::evidence::Inventory>,
}

impl DocumentCache {
    /// Forgets the evidence inventory: a file under `content/evidence/`,
    /// `evidence.lock` or `content/signoffs.yaml` changed (or it is not known
    /// what changed), so the next load scans and hashes again.
    pub(crate) fn evidence_changed(&mut self) {
        self.inventory = None;
    }

    /// How many documents it holds, so a caller can tell a warm cache from a
    /// cold one.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none (a first run).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn load_documents(
    root: &Path,
    cache: Option<&DocumentCache>,
) -> (Site, Vec<Finding>, Option<DocumentCache>) {
    let mut findings = Vec::new();
    let mut site = Site {
        root: root.to_path_buf(),
        ..Site::default()
    };

    if let Some(node) = read_yaml_file(root, "minutebook.yaml", &mut findings) {
        let mut r = Reader::new("minutebook.yaml");
        site.config = crate::load::config::read(&node, &mut r);
        findings.append(&mut r.findings);
    }

    site.catalogs = crate::load::catalog::builtin();
    crate::load::catalog::load_site(&mut site.catalogs, root, &mut findings);
    for fw in &site.config.frameworks {
        if site.catalogs.get(&fw.value).is_none() {
            let known: Vec<&str> = site
                .catalogs
                .catalogs
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            let hint = crate::suggest::did_you_mean(&fw.value, known.iter().copied());
            findings.push(Finding::new(
                Code::MB004,
                Some("minutebook.yaml"),
                fw.span,
                format!(
                    "unknown framework `{}`{hint}; known catalogs: {}",
                    fw.value,
                    known.join(", ")
                ),
            ));
        }
    }

    let people_path = "content/people.yaml";
    if let Some(node) = read_yaml_file(root, people_path, &mut findings) {
        let mut r = Reader::new(people_path);
        site.people = people::read(&node, &mut r);
        findings.append(&mut r.findings);
    }

    let mut files = Vec::new();
    for (folder, kind) in [
        ("reviews", DocumentKind::Review),
        ("records", DocumentKind::Record),
    ] {
        collect_markdown(
            root,
            &format!("content/{folder}"),
            kind,
            &mut files,
            &mut findings,
        );
    }
    let loaded: Vec<(String, Option<Stamp>, Loaded)> = files
        .par_iter()
        // Small pieces, so that neither thread ends with a long run alone.
        .with_max_len(16)
        .map(|(rel, kind, walked)| {
            let stamp = Stamp::of(&root.join(rel));
            let reused = stamp.as_ref().zip(cache).and_then(|(now, cache)| {
                cache
                    .entries
                    .get(rel)
                    .filter(|(then, _)| then == now)
                    .map(|(_, l)| l.clone())
            });
            let loaded = reused.unwrap_or_else(|| load_document(root, rel, *kind, *walked));
            (rel.clone(), stamp, loaded)
        })
        .collect();
    // Keep a copy for the next load only when one will come (serve).
    let mut next = cache.map(|_| DocumentCache::default());
    for (rel, stamp, loaded) in loaded {
        match (&mut next, stamp) {
            (Some(next), Some(stamp)) => {
                let (doc, f, unreadable) = &loaded;
                findings.extend(f.iter().cloned());
                site.documents.extend(doc.iter().cloned());
                site.unreadable.extend(unreadable.iter().cloned());
                next.entries.insert(rel, (stamp, loaded));
            }
            _ => {
                let (doc, mut f, unreadable) = loaded;
                findings.append(&mut f);
                site.documents.extend(doc);
                site.unreadable.extend(unreadable);
            }
        }
    }
    sort_documents(&mut site.documents);
    (site, findings, next)
}

/// A document as loaded: the document (None when it could not be read),
/// the findings about it, and what could be read of it when it could not.
type Loaded = (
    Option<std::sync::Arc<crate::model::Document>>,
    Vec<Finding>,
    Option<std::sync::Arc<crate::model::Unreadable>>,
);

/// `walked`: the walk found it as a regular file under a folder inside the
/// site, so no symbolic link leads out and it is read without resolving
/// every part of its path again.
fn load_document(root: &Path, rel: &str, kind: DocumentKind, walked: bool) -> Loaded {
    let mut r = Reader::new(rel);
    let path = root.join(rel);
    // Still a regular file, not a link put there since the walk.
    let plain = walked && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    let read = if plain {
        read_bounded(&path)
    } else {
        read_in_site(root, rel)
    };
    let (doc, unreadable) = match read {
        Ok(bytes) => match document::read(rel, kind, &bytes, &mut r) {
            Some(d) => (Some(std::sync::Arc::new(d)), None),
            None => (
                None,
                Some(crate::model::Unreadable::scan(rel, kind, &bytes)),
            ),
        },
        Err(message) => {
            r.report(
                Code::MB004,
                Span::NONE,
                format!("cannot read {rel}: {message}"),
            );
            let known = crate::model::Unreadable::scan(rel, kind, b"");
            (None, Some(known))
        }
    };
    (doc, r.findings, unreadable.map(std::sync::Arc::new))
}

/// Puts documents in the one order every stage relies on: by date, then id,
/// then path ("the previous review" is the one before in this order).
pub(crate) fn sort_documents(documents: &mut [std::sync::Arc<crate::model::Document>]) {
    documents.sort_by(|a, b| (a.date, &a.id.value, &a.path).cmp(&(b.date, &b.id.value, &b.path)));
}

/// Reads an optional YAML file (config, people). Absent is fine; every other problem is a finding.
fn read_yaml_file(root: &Path, rel: &str, findings: &mut Vec<Finding>) -> Option<yaml::Node> {
    let path = root.join(rel);
    if std::fs::symlink_metadata(&path).is_err() {
        return None;
    }
    let bytes = match read_in_site(root, rel) {
        Ok(b) => b,
        Err(m) => {
            findings.push(Finding::new(
                Code::MB004,
                Some(rel),
                Span::NONE,
                format!("cannot read {rel}: {m}"),
            ));
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        findings.push(Finding::new(
            Code::MB006,
            Some(rel),
            Span::NONE,
            format!("{rel} is not UTF-8 text"),
        ));
        return None;
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match yaml::parse(body, 1) {
        Ok(node) => Some(node),
        Err(e) => {
            findings.push(Finding::new(
                Code::MB002,
                Some(rel),
                e.span,
                format!("YAML syntax error: {}", e.message),
            ));
            None
        }
    }
}

/// Lists `*.md` files under a content folder, sorted; other entries that look
/// like documents (a folder named `x.md`) are findings.
fn collect_markdown(
    root: &Path,
    folder: &str,
    kind: DocumentKind,
    out: &mut Vec<(String, DocumentKind, bool)>,
    findings: &mut Vec<Finding>,
) {
    let base: PathBuf = root.join(folder);
    if !base.is_dir() {
        return;
    }
    // The walk follows no link below `base`, so a regular file it finds is
    // inside the site when `base` itself is.
    let inside = std::fs::canonicalize(root)
        .ok()
        .zip(std::fs::canonicalize(&base).ok())
        .is_some_and(|(root, base)| base.starts_with(root));
    for entry in walkdir::WalkDir::new(&base).sort_by_file_name().into_iter() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(rel_string);
                findings.push(Finding::new(
                    Code::MB004,
                    rel.as_deref(),
                    Span::NONE,
                    format!("cannot read folder entry: {e}"),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if !name.to_ascii_lowercase().ends_with(".md") || entry.depth() == 0 {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root).map(rel_string) else {
            continue;
        };
        let utf8 = entry.path().strip_prefix(root).ok().and_then(Path::to_str);
        if utf8.is_none() {
            findings.push(Finding::new(
                Code::MB006,
                Some(&rel),
                Span::NONE,
                format!("the name of {rel} is not valid UTF-8, so it cannot be read or linked; rename it"),
            ));
            continue;
        }
        if entry.file_type().is_dir() {
            findings.push(Finding::new(
                Code::MB001,
                Some(&rel),
                Span::NONE,
                format!(
                    "{rel} is a folder, not a Markdown file: rename it so it does not end in .md"
                ),
            ));
            continue;
        }
        let walked = inside && entry.file_type().is_file();
        out.push((rel, kind, walked));
    }
}
