//! Changing `evidence.lock` on purpose: new files are added by `lock` and
//! `build`; a changed or vanished file is only recorded by `lock --accept`.

use crate::fsx::atomic::write_atomic;
use crate::model::evidence::Inventory;
use crate::model::evidence::{EvidenceLock, LOCK_FILE, PATH_PREFIX, lock_key};
use std::io;
use std::path::Path;

/// Why `evidence.lock` as read cannot be the base of a new lock, if it
/// cannot: it could not be read at all (a link, a FIFO, over 8 MiB, not
/// UTF-8, unreadable) or some of its lines could not be parsed. Writing a
/// lock from what was read would drop the entries that were not, and so
/// launder the tampering that made them unreadable: such a lock is never
/// rewritten (neither by `lock` nor by `build`).
pub fn lock_problem(inv: &Inventory) -> Option<String> {
    if let Some(why) = &inv.lock_unreadable {
        return Some(format!("{LOCK_FILE} cannot be read: {why}"));
    }
    let first = inv.lock_errors.first()?;
    Some(format!(
        "{LOCK_FILE} has {} malformed line(s) (first: line {}: {})",
        inv.lock_errors.len(),
        first.line,
        first.message
    ))
}

/// The lock with every new evidence file added (None when nothing is new,
/// or when the lock as read may not be rewritten: see [`lock_problem`]).
pub fn with_new_files(inv: &Inventory) -> Option<(EvidenceLock, Vec<String>)> {
    if lock_problem(inv).is_some() {
        return None;
    }
    let mut lock = inv.lock.clone();
    let mut added = Vec::new();
    for f in inv.files.values() {
        let key = lock_key(&f.rel);
        if !key.starts_with(PATH_PREFIX) {
            continue;
        }
        if let Some(sha) = &f.sha256
            && !lock.entries.contains_key(&key)
        {
            lock.entries.insert(key.clone(), sha.clone());
            added.push(key);
        }
    }
    (!added.is_empty()).then_some((lock, added))
}

/// What `lock --accept` changed in `evidence.lock`, printed so the person
/// accepting sees every digest they vouched for.
#[derive(Debug, PartialEq, Eq)]
pub enum Accepted {
    /// A changed file: old and new digest.
    Changed(String, String),
    /// A vanished file, removed from the lock with its old digest.
    Removed(String),
    /// A file not yet locked, added.
    Added(String),
    /// Nothing to record: the file matches its lock.
    Unchanged,
}

/// Normalises what a user typed for `--accept` to a lock key
/// (`content/evidence/x`, `evidence/x` and `./content/evidence/x` alike).
pub fn key_of(written: &str) -> String {
    let w = written.trim().trim_start_matches("./").replace('\\', "/");
    if w.starts_with("content/") {
        w
    } else {
        lock_key(&w)
    }
}

/// Records the current state of one file in `lock`.
pub fn accept(
    inv: &Inventory,
    lock: &mut EvidenceLock,
    written: &str,
) -> Result<(String, Accepted), String> {
    let key = key_of(written);
    let rel = key.strip_prefix("content/").unwrap_or(&key).to_string();
    let now = inv.file(&rel).and_then(|f| f.sha256.clone());
    let old = lock.entries.get(&key).cloned();
    let result = match (old, now) {
        (Some(o), Some(n)) if o == n => Accepted::Unchanged,
        (Some(o), Some(n)) => {
            lock.entries.insert(key.clone(), n.clone());
            Accepted::Changed(o, n)
        }
        (Some(o), None) => {
            if inv.file(&rel).is_some_and(|f| f.problem.is_some()) {
                return Err(format!(
                    "{key} exists but cannot be read; fix it before accepting"
                ));
            }
            lock.entries.remove(&key);
            Accepted::Removed(o)
        }
        (None, Some(n)) => {
            lock.entries.insert(key.clone(), n.clone());
            Accepted::Added(n)
        }
        (None, None) => {
            return Err(format!(
                "{key} is neither in evidence.lock nor an evidence file"
            ));
        }
    };
    Ok((key, result))
}

/// Writes `<root>/evidence.lock` atomically (temp file, then rename), so an
/// interrupted `minutebook lock` never leaves a truncated lock.
pub fn write(root: &Path, lock: &EvidenceLock) -> io::Result<()> {
    write_atomic(&root.join(LOCK_FILE), lock.to_text().as_bytes())
}
