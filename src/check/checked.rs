//! The pipeline every command starts from: a site read, indexed and
//! checked, in that order, as one value. Serve, build, bundle and check all
//! go through here, so they judge a site alike.

use crate::date::Date;
use crate::diag::findings::{Finding, Report};
use crate::{derive, load, model};
use std::path::Path;

/// A site read, indexed and checked: what every command starts from, so
/// `check`, `build`, `bundle` and `serve` never judge a site differently.
pub struct Checked {
    /// The loaded site, as the author wrote it.
    pub site: model::Site,
    /// Cross-references derived once, which the pages render from.
    pub index: derive::Index,
    /// Every finding, sorted, printed by `check` and shown on the pages.
    pub report: Report,
}

impl Checked {
    /// Records that `lock` is now `evidence.lock` (a build added the new
    /// files): the lock states are derived again from it, so the pages of
    /// the run that wrote the lock say "Matches lock", as the next run's do.
    pub fn record_lock(&mut self, lock: model::evidence::EvidenceLock) {
        self.site.evidence.lock = lock;
        self.index.lock = derive::locking::build(&self.site.evidence);
    }
}

/// Loads, derives and checks a site as of a date: the one entry point, so
/// "overdue" and "late" are judged on the date the caller chose.
pub fn check_site(root: &Path, as_of: Date, hashing: model::evidence::HashOptions) -> Checked {
    checked(load::load(root, hashing), as_of)
}

/// [`check_site`] reusing the unchanged documents of an earlier run (serve);
/// returns the cache for the next run.
pub fn check_site_cached(
    root: &Path,
    as_of: Date,
    hashing: model::evidence::HashOptions,
    cache: &load::DocumentCache,
) -> (Checked, load::DocumentCache) {
    let (loaded, next) = load::load_and_cache(root, hashing, cache);
    (checked(loaded, as_of), next)
}

/// Derives and checks a loaded site, adding the load's findings.
fn checked((site, mut findings): (model::Site, Vec<Finding>), as_of: Date) -> Checked {
    let index = derive::derive(&site, as_of);
    findings.extend(super::run(&site, &index));
    Checked {
        report: Report::new(findings),
        site,
        index,
    }
}
