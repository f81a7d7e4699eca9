//! Where each page and row of the site is, as a root-relative href: one
//! place every page, table, body link and the search index asks, so a page
//! moves by one edit and no two modules of `render` need each other for it.

use crate::derive::Index;
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
pub(crate) fn page_href(folder: &str, ids: &[&str]) -> String {
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
pub(crate) fn file_href(rel: &str) -> String {
    format!("files/{}", encode_path(rel))
}

/// Percent-encodes what a URL path cannot hold as is (spaces, `#`, `?`, `%`, non-ASCII).
pub(crate) fn encode_path(p: &str) -> String {
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
pub(crate) fn action_href(id: &str) -> String {
    page_href("actions", &[id])
}

/// The href of a code's group of findings in the audit index
/// (`audit/index.html#code-mb020`), where its title and every finding of it
/// are listed.
pub(crate) fn code_href(code: crate::diag::findings::Code) -> String {
    format!("audit/index.html#{}", code_anchor(code))
}

/// The anchor of a code's group in the audit index: `code-mb020`.
pub(crate) fn code_anchor(code: crate::diag::findings::Code) -> String {
    format!("code-{}", code.as_str().to_ascii_lowercase())
}

/// The href of a person's page.
pub(crate) fn person_href(id: &str) -> String {
    page_href("people", &[id])
}

/// The href of a clause or control page.
pub(crate) fn item_href(r: &ItemRef) -> String {
    page_href("clauses", &[&r.catalog, &r.item])
}

/// The root-relative href of a nonconformity's page (an audit finding).
pub(crate) fn nc_href(id: &str) -> String {
    page_href("nonconformities", &[id])
}

/// The anchor of an evidence file's row in the register.
pub(crate) fn evidence_anchor(rel: &str) -> String {
    format!("file-{}", crate::model::page_slug(&rel.replace('/', "-")))
}

/// The anchor of outside evidence's row in the register, by its URL.
pub(crate) fn outside_anchor(url: &str) -> String {
    format!(
        "outside-{}",
        crate::model::page_slug(&url.replace('/', "-"))
    )
}

/// The root-relative href of a page of the evidence register: the entry
/// page (`year` None) or the page of the files first cited in `year`.
pub(crate) fn evidence_register_href(year: Option<i32>) -> String {
    match year {
        None => "evidence/index.html".to_string(),
        Some(y) => format!("evidence/year/{y}/index.html"),
    }
}

/// Whether the evidence register splits by year: above
/// [`crate::render::pages::split::PAGE_ROWS`] files (45,000 files made a
/// 48 MB page at 10,000 reviews).
pub(crate) fn evidence_register_is_split(site: &Site) -> bool {
    site.evidence.files.len() > crate::render::pages::split::PAGE_ROWS
}

/// The year of the register page an evidence file's row is on: the year
/// of the first document that cites it, when the register is split; None
/// (the entry page) when it is not, or when nothing cites the file (an
/// unreferenced file is a question for the entry page).
pub(crate) fn evidence_page_year(site: &Site, index: &Index, rel: &str) -> Option<i32> {
    if !evidence_register_is_split(site) {
        return None;
    }
    index
        .references
        .evidence
        .get(rel)?
        .iter()
        .filter_map(|a| site.documents.get(a.doc))
        .map(|d| d.date)
        .min()
        .map(crate::date::Date::year)
}

/// The root-relative href of an evidence file's row in the register.
pub(crate) fn file_row_href(site: &Site, index: &Index, rel: &str) -> String {
    let mut href = evidence_register_href(evidence_page_year(site, index, rel));
    href.push('#');
    href.push_str(&evidence_anchor(rel));
    href
}

/// The root-relative href of outside evidence's row in the register (on
/// its entry page: outside evidence is few and never split).
pub(crate) fn outside_row_href(url: &str) -> String {
    format!("evidence/index.html#{}", outside_anchor(url))
}
