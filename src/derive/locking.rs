//! Each evidence file's state against `evidence.lock`, judged once: MB042,
//! the evidence tables, the register and the exports read it, so a page
//! never shows "Matches lock" for a file the checks call changed.

use crate::model::evidence::Inventory;
use crate::model::evidence::lock_key;
use std::collections::HashMap;

/// Where an evidence file stands against the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LockState {
    /// Hashed and locked with the same digest.
    Matches,
    /// Hashed, and locked with another digest (MB042).
    Differs,
    /// Hashed, not in the lock yet (a build or `lock` adds it).
    NotYetLocked,
    /// Not hashed: missing or unreadable (MB040/MB044).
    Missing,
}

impl LockState {
    /// The state's name in pages (`ok`, `changed`, `new`, `missing`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LockState::Matches => "ok",
            LockState::Differs => "changed",
            LockState::NotYetLocked => "new",
            LockState::Missing => "missing",
        }
    }

    /// Words for it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            LockState::Matches => "Matches lock",
            LockState::Differs => "Differs from lock",
            LockState::NotYetLocked => "Not yet locked",
            LockState::Missing => "Missing",
        }
    }
}

/// The lock state of every evidence file the inventory knows, by path
/// relative to `content/`.
#[derive(Debug, Default)]
pub struct LockStates {
    by_file: HashMap<String, LockState>,
}

impl LockStates {
    /// A file's state; a path the inventory does not know is missing.
    pub(crate) fn of(&self, rel: &str) -> LockState {
        self.by_file.get(rel).copied().unwrap_or(LockState::Missing)
    }
}

/// Judges every inventoried file once against the lock.
pub(crate) fn build(inv: &Inventory) -> LockStates {
    let by_file = inv
        .files
        .values()
        .map(|f| {
            let state = match (&f.sha256, inv.lock.entries.get(&lock_key(&f.rel))) {
                (None, _) => LockState::Missing,
                (Some(_), None) => LockState::NotYetLocked,
                (Some(now), Some(locked)) if now == locked => LockState::Matches,
                (Some(_), Some(_)) => LockState::Differs,
            };
            (f.rel.clone(), state)
        })
        .collect();
    LockStates { by_file }
}
