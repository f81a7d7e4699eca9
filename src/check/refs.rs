//! MB027: every clause or control reference names a real catalog item.

use super::findings::{Code, Finding};
use crate::derive::Index;
use crate::derive::refs::written_references;
use crate::model::Site;

/// Unknown references, with did-you-mean (each spelling was resolved once,
/// when the index was built).
pub fn references(site: &Site, index: &Index) -> Vec<Finding> {
    let frameworks = site.config.framework_ids();
    written_references(site)
        .into_iter()
        .filter(|(_, r)| index.references.item(site, &r.value).is_none())
        .filter_map(|(file, r)| {
            let err = site.catalogs.resolve(&r.value, &frameworks).err()?;
            let hint = err
                .suggestion
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            Some(
                Finding::new(Code::MB027, Some(file), r.span, format!("{}{hint}", err.message))
                    .with_help("write clauses as `9.3.2.c`, controls as `A.5.17`, other catalogs as `soc2:CC4.1`"),
            )
        })
        .collect()
}
