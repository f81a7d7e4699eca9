//! Markdown bodies: headings, anchors and links found by `load::body::scan`,
//! each link resolved (`links::resolve`) and rewritten
//! (`render::markdown::rewrite`), and the body rendered to HTML, which must
//! hold only the renderer's own tags and no script URL.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use minutebook::load::{body, document, fields::Reader};
use minutebook::model::DocumentKind;
use minutebook::derive::{self, links};
use minutebook::render;

const FRONTMATTER: &str = "---\nid: N-FUZZ\ndate: 2025-09-01\nkind: note\n---\n";
const PATH: &str = "content/records/2025-09-01-fuzz.md";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let body::Scanned {
        headings,
        links: found,
        intro,
    } = body::scan(text, 6);
    // Search leads are the section's words, white space folded to one space.
    let folded = |lead: &str| !lead.contains("  ") && lead.trim_matches(' ') == lead;
    assert!(folded(&intro), "{intro:?}");
    for h in &headings {
        assert!(h.start <= h.content_start && h.content_start <= text.len(), "{h:?}");
        assert!(h.line >= 6);
        assert!(folded(&h.lead), "{h:?}");
    }
    for l in &found {
        assert!(l.span.line >= 6 && l.span.column >= 1, "{l:?}");
    }
    let file = format!("{FRONTMATTER}{text}");
    let mut r = Reader::new(PATH);
    let Some(doc) = document::read(PATH, DocumentKind::Record, file.as_bytes(), &mut r) else {
        // Only a NUL byte stops a valid frontmatter from loading.
        assert!(text.contains('\0'), "{:?}", r.findings);
        return;
    };
    assert_eq!(doc.links.len(), found.len());
    let site = common::site_with(vec![doc, common::clean_review()]);
    let index = derive::derive(&site, common::as_of());
    let me = site
        .documents
        .iter()
        .position(|d| d.path == PATH)
        .expect("the fuzzed document");
    for l in &site.documents[me].links {
        let target = links::resolve(&site, &index, me, &l.target);
        let href = render::markdown::rewrite(&site, &index, me, &l.target, "../../");
        assert_eq!(
            matches!(target, links::LinkTarget::Broken(_)),
            href.is_none(),
            "{target:?} {href:?}"
        );
    }
    let html = render::markdown::body_html(&site, &index, me, "../../");
    common::assert_safe_html(&html, text);
});
