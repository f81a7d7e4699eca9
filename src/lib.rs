//! minutebook: ISMS management-review minutes in, a verifiable evidence site out.
//!
//! The pipeline runs in one direction (see DESIGN.md): [`load`] reads a site
//! root into a typed [`model::Site`] with spans, [`derive`](mod@derive) builds the cross
//! references once, [`check`] turns both into findings, and rendering and the
//! sinks (write, bundle, serve) come after.

#![forbid(unsafe_code)]

pub mod authoring;
pub mod check;
pub mod coreutils_names;
pub mod date;
pub mod derive;
pub mod diag;
pub mod fsx;
pub mod load;
pub mod model;
pub mod progress;
pub mod render;
pub mod site;
pub mod suggest;
pub mod words;

pub use date::Date;
pub use diag::findings::{Code, Finding, Report, Severity, Span};

use std::path::Path;

/// A site read, indexed and checked: what every command starts from.
pub struct Checked {
    /// The loaded site.
    pub site: model::Site,
    /// Derived cross-references.
    pub index: derive::Index,
    /// Every finding, sorted.
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

/// Loads, derives and checks a site as of a date.
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
    findings.extend(check::run(&site, &index));
    Checked {
        report: Report::new(findings),
        site,
        index,
    }
}

/// The as-of date when none is given: `SOURCE_DATE_EPOCH`, else today.
pub fn default_as_of() -> Result<Date, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .map(Date::from_unix_seconds)
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be whole seconds since 1970, not `{v}`")),
        _ => Ok(Date::today()),
    }
}
