//! Where each page and row of the site is, as a root-relative href: one
//! place every page, table, body link and the search index asks, so a page
//! moves by one edit and no two modules of `render` need each other for it.

use crate::model::Site;
use crate::model::catalog::ItemRef;

/// The root-relative href of a document's page.
pub fn document_href(site: &Site, doc: usize) -> String {
    let d = &site.documents[doc];
    let folder = match d.kind {
        crate::model::DocumentKind::Review => "reviews",
        crate::model::DocumentKind::Record => "records",
    };
    page_href(folder, &[&d.id.value])
}

/// The root-relative href of the page of `ids` (each made a folder name with
/// [`crate::model::page_slug`]) under `folder`, in one allocation.
pub fn page_href(folder: &str, ids: &[&str]) -> String {
    let len: usize = ids.iter().map(|id| id.len() + 2).sum();
    let mut href = String::with_capacity(folder.len() + len + 11);
    href.push_str(folder);
    for id in ids {
        href.push('/');
        crate::model::push_page_slug(&mut href, id);
    }
    href.push_str("/index.html");
    href
}

/// The root-relative href of an evidence file's copy in the site.
pub fn file_href(rel: &str) -> String {
    format!("files/{}", encode_path(rel))
}

/// Percent-encodes what a URL path cannot hold as is (spaces, `#`, `?`, `%`, non-ASCII).
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The href of an action's page.
pub fn action_href(id: &str) -> String {
    page_href("actions", &[id])
}

/// The href of a code's group of findings in the audit index
/// (`audit/index.html#code-mb020`), where its title and every finding of it
/// are listed.
pub fn code_href(code: crate::diag::findings::Code) -> String {
    format!("audit/index.html#{}", code_anchor(code))
}

/// The anchor of a code's group in the audit index: `code-mb020`.
pub fn code_anchor(code: crate::diag::findings::Code) -> String {
    format!("code-{}", code.as_str().to_ascii_lowercase())
}

/// The href of a person's page.
pub fn person_href(id: &str) -> String {
    page_href("people", &[id])
}

/// The href of a clause or control page.
pub fn item_href(r: &ItemRef) -> String {
    page_href("clauses", &[&r.catalog, &r.item])
}

/// The root-relative href of a nonconformity's page (an audit finding).
pub fn nc_href(id: &str) -> String {
    page_href("nonconformities", &[id])
}

/// The anchor of an evidence file's row in the register.
pub fn evidence_anchor(rel: &str) -> String {
    format!("file-{}", crate::model::page_slug(&rel.replace('/', "-")))
}

/// The anchor of outside evidence's row in the register, by its URL.
pub fn outside_anchor(url: &str) -> String {
    format!(
        "outside-{}",
        crate::model::page_slug(&url.replace('/', "-"))
    )
}

/// The root-relative href of an evidence file's row in the register, by its anchor.
pub fn evidence_row_href(anchor: &str) -> String {
    format!("evidence/index.html#{anchor}")
}
