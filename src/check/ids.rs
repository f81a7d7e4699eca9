//! MB005: ids are case-insensitive and unique across the whole site
//! (documents, decisions, actions and findings share one id space).

use super::findings::{Code, Finding};
use crate::derive::Index;
use crate::model::{DocumentKind, Site, Spanned};
use std::collections::HashMap;

/// Duplicate review, record, action, decision and finding ids.
pub fn duplicate_ids(site: &Site, _: &Index) -> Vec<Finding> {
    let mut all: Vec<(&str, &Spanned<String>, &str)> = Vec::new();
    for d in &site.documents {
        let what = match d.kind {
            DocumentKind::Review => "review",
            DocumentKind::Record => "record",
        };
        all.push((what, &d.id, &d.path));
        for dec in d.review.iter().flat_map(|r| &r.decisions) {
            all.push(("decision", &dec.id, &d.path));
        }
        for a in &d.actions {
            all.push(("action", &a.id, &d.path));
        }
        for f in &d.findings {
            all.push(("finding", &f.id, &d.path));
        }
    }
    let mut first: HashMap<String, (&str, &str, u32)> = HashMap::new();
    let mut out = Vec::new();
    for (what, id, file) in all {
        let key = id.value.to_ascii_lowercase();
        if let Some((w, f, line)) = first.get(&key) {
            out.push(
                Finding::new(
                    Code::MB005,
                    Some(file),
                    id.span,
                    format!(
                        "duplicate id `{}`: this {what} reuses the id of the {w} at {f}:{line}",
                        id.value
                    ),
                )
                .with_help(
                    "ids are unique across reviews, records, actions, decisions and findings, ignoring case",
                ),
            );
        } else {
            first.insert(key, (what, file, id.span.line));
        }
    }
    out
}
