//! MB005: ids are case-insensitive and unique across the whole site
//! (documents, decisions, actions and findings share one id space).

use crate::derive::Index;
use crate::diag::findings::{Code, Finding};
use crate::model::{DocumentKind, Site, Spanned, page_slug};
use std::collections::HashMap;

/// Duplicate review, record, action, decision and finding ids.
pub(crate) fn duplicate_ids(site: &Site, _: &Index) -> Vec<Finding> {
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
    // Keyed by page folder, not only by lower-cased id: two ids that map to
    // one folder (`..` and `___`) would make one page silently replace the
    // other.
    let mut first: HashMap<String, (&str, &str, &str, u32)> = HashMap::new();
    let mut out = Vec::new();
    for (what, id, file) in all {
        let key = page_slug(&id.value);
        if let Some((w, first_id, f, line)) = first.get(&key) {
            let message = if first_id.eq_ignore_ascii_case(&id.value) {
                format!(
                    "duplicate id `{}`: this {what} reuses the id of the {w} at {f}:{line}",
                    id.value
                )
            } else {
                format!(
                    "id `{}` of this {what} and `{first_id}` of the {w} at {f}:{line} have the same page folder `{key}`",
                    id.value
                )
            };
            out.push(
                Finding::new(Code::MB005, Some(file), id.span, message).with_help(
                    "ids are unique across reviews, records, actions, decisions and findings, ignoring case",
                ),
            );
        } else {
            first.insert(key, (what, &id.value, file, id.span.line));
        }
    }
    out
}
