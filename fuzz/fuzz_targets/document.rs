//! One document through frontmatter split, YAML load, typed reading, the
//! checks of a small site around it and the rendering of its body.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use minutebook::diag::output::{self, Format};
use minutebook::load::{document, fields::Reader};
use minutebook::model::DocumentKind;
use minutebook::{Report, check, derive, render};

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u32 + 2;
    let mut documents = vec![common::clean_review()];
    for (kind, path) in [
        (DocumentKind::Review, "content/reviews/2025-09-01-fuzz.md"),
        (DocumentKind::Record, "content/records/2025-09-01-fuzz.md"),
    ] {
        let mut r = Reader::new(path);
        let doc = document::read(path, kind, data, &mut r);
        for f in &r.findings {
            assert!(f.line.unwrap_or(0) <= lines, "finding past the end: {f:?}");
        }
        if doc.is_none() {
            assert!(!r.findings.is_empty(), "a refused document has a finding");
        }
        documents.extend(doc);
    }
    let site = common::site_with(documents);
    let index = derive::derive(&site, common::as_of());
    let report = Report::new(check::run(&site, &index));
    let json = output::render(&report, Format::Json, &site.root, false);
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("findings are JSON");
    assert_eq!(
        parsed["findings"].as_array().map(Vec::len),
        Some(report.findings.len())
    );
    let _ = output::render(&report, Format::Human, &site.root, false);
    let _ = output::render(&report, Format::Github, &site.root, false);
    for i in 0..site.documents.len() {
        if site.documents[i].path == common::CLEAN_REVIEW_PATH {
            continue;
        }
        let html = render::markdown::body_html(&site, &index, i, "../../");
        common::assert_safe_html(&html, &String::from_utf8_lossy(data));
    }
});
