//! MB070: links in bodies lead somewhere real (document, anchor, evidence file).

use crate::derive::Index;
use crate::derive::links::{LinkTarget, resolve};
use crate::diag::findings::{Code, Finding};
use crate::model::Site;

/// Broken body links.
pub(crate) fn body_links(site: &Site, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in site.documents.iter().enumerate() {
        for l in &d.links {
            if let LinkTarget::Broken(reason) = resolve(site, index, i, &l.target) {
                // A link to a document that could not be read is not broken:
                // that document's own finding says what is wrong.
                if crate::derive::links::leads_to_unreadable(site, i, &l.target) {
                    continue;
                }
                out.push(Finding::new(
                    Code::MB070,
                    Some(&d.path),
                    l.span,
                    format!("broken link `{}` in {}: {reason}", l.target, d.id.value),
                ));
            }
        }
    }
    out
}
