//! MB027: every clause or control reference names a real catalog item.

use super::findings::{Code, Finding};
use crate::derive::Index;
use crate::model::{Site, Spanned};

/// Every reference written anywhere, with the file it is in.
pub fn all_references(site: &Site) -> Vec<(&str, &Spanned<String>)> {
    let mut out = Vec::new();
    for d in &site.documents {
        let p = d.path.as_str();
        if let Some(r) = &d.review {
            out.extend(r.covers.iter().map(|c| (p, &c.reference)));
            out.extend(r.decisions.iter().flat_map(|x| &x.refs).map(|x| (p, x)));
        }
        out.extend(d.actions.iter().flat_map(|a| &a.refs).map(|x| (p, x)));
        out.extend(d.evidence.iter().flat_map(|e| &e.refs).map(|x| (p, x)));
        out.extend(
            d.updates
                .iter()
                .flat_map(|u| &u.evidence)
                .flat_map(|e| &e.refs)
                .map(|x| (p, x)),
        );
    }
    out
}

/// Unknown references, with did-you-mean.
pub fn references(site: &Site, _: &Index) -> Vec<Finding> {
    let frameworks = site.config.framework_ids();
    // A few hundred spellings are written some 200,000 times: each is looked
    // up in the catalogs once.
    let mut known: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    all_references(site)
        .into_iter()
        .filter_map(|(file, r)| {
            let value = r.value.as_str();
            if *known
                .entry(value)
                .or_insert_with(|| site.catalogs.resolve(value, &frameworks).is_ok())
            {
                return None;
            }
            let err = site.catalogs.resolve(value, &frameworks).err()?;
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
