//! MB027: every clause or control reference names a real catalog item.

use crate::derive::Index;
use crate::derive::refs::written_references_by_document;
use crate::diag::findings::{Code, Finding};
use crate::model::Site;

/// Unknown references, with did-you-mean (each spelling was resolved once
/// per framework context, when the index was built). A reference of an
/// edition not in force on the document's date (`A.8.1.1` in a 2022 review)
/// names what it became and how to keep it as written.
pub(crate) fn references(site: &Site, index: &Index) -> Vec<Finding> {
    written_references_by_document(site)
        .into_iter()
        .filter(|(doc, _, r)| index.references.item_in(site, *doc, &r.value).is_none())
        .filter_map(|(doc, file, r)| {
            let frameworks = index.references.frameworks_of(site, doc);
            let err = site.catalogs.resolve(&r.value, &frameworks).err()?;
            let mapped = site.catalogs.mapped_elsewhere(&r.value, &frameworks);
            let back = match mapped {
                Some(_) => None,
                None => site.catalogs.mapped_back(&r.value, &frameworks),
            };
            let suggestion = match (&mapped, &back) {
                (Some(m), _) | (None, Some(m)) => m
                    .targets
                    .first()
                    .map(|t| site.catalogs.display(t, &frameworks))
                    .or_else(|| Some(format!("{}:{}", m.source.catalog, m.source.item))),
                (None, None) => err.suggestion,
            };
            let hint = suggestion
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            let help = match &mapped {
                Some(m) => {
                    let became: Vec<String> = m
                        .targets
                        .iter()
                        .map(|t| {
                            let title = site.catalogs.item_title(t).unwrap_or_default();
                            format!("{} {title}", site.catalogs.display(t, &frameworks))
                        })
                        .collect();
                    let source = site
                        .catalogs
                        .get(&m.source.catalog)
                        .map_or(m.source.catalog.as_str(), |c| c.title.as_str());
                    format!(
                        "{source} {} ({}) is not in force on this document's date; it became {}. Write the current control, or keep the reference in its own edition: `{}:{}`",
                        m.source.item,
                        m.source_title,
                        became.join(" and "),
                        m.source.catalog,
                        m.source.item
                    )
                }
                None => match &back {
                    Some(m) => {
                        let source = site
                            .catalogs
                            .get(&m.source.catalog)
                            .map_or(m.source.catalog.as_str(), |c| c.title.as_str());
                        let was: Vec<String> = m
                            .targets
                            .iter()
                            .map(|t| {
                                let title = site.catalogs.item_title(t).unwrap_or_default();
                                format!("{} {title}", site.catalogs.display(t, &frameworks))
                            })
                            .collect();
                        let before = if was.is_empty() {
                            "it has no counterpart in the edition in force then: write it qualified".to_string()
                        } else {
                            format!(
                                "in the edition in force then it was {}. Write that, or keep it qualified",
                                was.join(" and ")
                            )
                        };
                        format!(
                            "{source} {} ({}) is not in force on this document's date; {before}: `{}:{}`",
                            m.source.item, m.source_title, m.source.catalog, m.source.item
                        )
                    }
                    None => "write clauses as `9.3.2.c`, controls as `A.5.17`, other catalogs as `soc2:CC4.1`"
                        .to_string(),
                },
            };
            Some(
                Finding::new(Code::MB027, Some(file), r.span, format!("{}{hint}", err.message))
                    .with_help(help),
            )
        })
        .collect()
}
