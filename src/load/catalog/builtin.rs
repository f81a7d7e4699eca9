//! The catalogs built into the binary: YAML files under `builtin/`, embedded
//! so that an installed `minutebook` needs no other files, and read once by
//! the same parser as a site's `catalogs/*.yaml`.

use super::parse;
use crate::model::catalog::Catalog;
use std::sync::OnceLock;

/// Every built-in catalog file: (name, text).
pub(super) const FILES: &[(&str, &str)] = &[
    (
        "iso27001-2022.yaml",
        include_str!("builtin/iso27001-2022.yaml"),
    ),
    (
        "iso27001-2013.yaml",
        include_str!("builtin/iso27001-2013.yaml"),
    ),
    (
        "iso9001-2015.yaml",
        include_str!("builtin/iso9001-2015.yaml"),
    ),
    (
        "iso42001-2023.yaml",
        include_str!("builtin/iso42001-2023.yaml"),
    ),
    (
        "iso22301-2019.yaml",
        include_str!("builtin/iso22301-2019.yaml"),
    ),
    ("soc2-2017.yaml", include_str!("builtin/soc2-2017.yaml")),
    ("nis2.yaml", include_str!("builtin/nis2.yaml")),
];

/// The built-in catalogs, sorted by id, parsed on first use.
pub(super) fn catalogs() -> &'static [Catalog] {
    static CATALOGS: OnceLock<Vec<Catalog>> = OnceLock::new();
    CATALOGS.get_or_init(|| {
        // The files are ours and tested to read without findings.
        let mut findings = Vec::new();
        let mut all: Vec<Catalog> = FILES
            .iter()
            .filter_map(|(name, text)| parse::catalog(text, name, &mut findings))
            .collect();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    })
}
