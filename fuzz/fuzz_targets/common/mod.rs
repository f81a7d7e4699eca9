//! What the fuzz targets share: a small in-memory site around the fuzzed
//! document (the clean fixture's configuration, people and first review),
//! and invariants on the HTML minutebook produces.
#![allow(dead_code)]

use minutebook::Date;
use minutebook::model::catalog::Catalogs;
use minutebook::model::config::Config;
use minutebook::load::{document, fields::Reader, people, yaml};
use minutebook::model::{Document, DocumentKind, Person, Site};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

const CONFIG: &str = include_str!("../../../tests/fixtures/clean/minutebook.yaml");
const PEOPLE: &str = include_str!("../../../tests/fixtures/clean/content/people.yaml");
/// The clean fixture's first review: a real document to link to and from.
pub const CLEAN_REVIEW: &[u8] =
    include_bytes!("../../../tests/fixtures/clean/content/reviews/2025-01-15-mr-2025-01.md");
pub const CLEAN_REVIEW_PATH: &str = "content/reviews/2025-01-15-mr-2025-01.md";

/// The as-of date of every run.
pub fn as_of() -> Date {
    Date::from_ymd(2025, 12, 31).expect("a real date")
}

struct Base {
    root: PathBuf,
    config: Config,
    people: BTreeMap<String, Person>,
    catalogs: Catalogs,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        // An empty site folder on disk for the checks that look at files
        // (evidence paths, link targets): one per process.
        let root = std::env::temp_dir().join(format!("minutebook-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(root.join("content/evidence/2025"));
        let _ = std::fs::write(root.join("content/evidence/2025/mfa-report.txt"), b"mfa\n");
        let mut r = Reader::new("minutebook.yaml");
        let config = minutebook::load::config::read(&yaml::parse(CONFIG, 1).expect("config"), &mut r);
        let mut r = Reader::new("content/people.yaml");
        let people = people::read(&yaml::parse(PEOPLE, 1).expect("people"), &mut r);
        Base {
            root,
            config,
            people,
            catalogs: minutebook::load::catalog::builtin(),
        }
    })
}

/// The clean fixture's first review, loaded (once per process).
pub fn clean_review() -> Document {
    static CLEAN: OnceLock<Document> = OnceLock::new();
    CLEAN
        .get_or_init(|| {
            let mut r = Reader::new(CLEAN_REVIEW_PATH);
            document::read(CLEAN_REVIEW_PATH, DocumentKind::Review, CLEAN_REVIEW, &mut r)
                .expect("the clean review loads")
        })
        .clone()
}

/// A site holding `documents` (sorted as `load` sorts them).
pub fn site_with(mut documents: Vec<Document>) -> Site {
    let b = base();
    documents.sort_by(|a, b| (a.date, &a.id.value, &a.path).cmp(&(b.date, &b.id.value, &b.path)));
    Site {
        root: b.root.clone(),
        config: b.config.clone(),
        people: b.people.clone(),
        documents: documents.into_iter().map(std::sync::Arc::new).collect(),
        catalogs: b.catalogs.clone(),
        ..Site::default()
    }
}

/// Tags the Markdown renderer may produce from a body when raw HTML is
/// escaped; anything else came from the input.
const TAGS: &[&str] = &[
    "a", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "input", "li", "ol", "p", "pre", "strong", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul", "section",
];

/// Attributes it may produce.
const ATTRS: &[&str] = &[
    "href", "src", "alt", "title", "id", "class", "type", "checked", "disabled", "start", "style",
];

/// Checks that `html` (a rendered body) holds only the renderer's own tags
/// and attributes, and no URL with a script-capable scheme.
pub fn assert_safe_html(html: &str, input: &str) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        i = start + 1;
        let mut j = i;
        if bytes.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == name_start {
            panic!("bare `<` in output at {start}: {html:?}\ninput: {input:?}");
        }
        let name = html[name_start..j].to_ascii_lowercase();
        assert!(
            TAGS.contains(&name.as_str()),
            "tag <{name}> in output: {html:?}\ninput: {input:?}"
        );
        // Attributes up to the closing `>`, values in double quotes.
        loop {
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            match bytes.get(j) {
                None => panic!("unclosed tag <{name}: {html:?}\ninput: {input:?}"),
                Some(b'>') => break,
                Some(b'/') if bytes.get(j + 1) == Some(&b'>') => {
                    j += 1;
                    break;
                }
                _ => {}
            }
            let a = j;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            assert!(
                ATTRS.contains(&attr.as_str()),
                "attribute `{attr}` on <{name}>: {html:?}\ninput: {input:?}"
            );
            if bytes.get(j) == Some(&b'=') {
                assert_eq!(bytes.get(j + 1), Some(&b'"'), "unquoted value: {html:?}");
                let v = j + 2;
                let end = html[v..].find('"').expect("closed value") + v;
                let value = &html[v..end];
                assert!(!value.contains('<'), "`<` in attribute: {html:?}");
                if matches!(attr.as_str(), "href" | "src") {
                    assert_safe_url(value, html, input);
                }
                j = end + 1;
            }
        }
        i = j;
    }
}

/// A URL (HTML-escaped, as in an attribute) must not run script.
fn assert_safe_url(value: &str, html: &str, input: &str) {
    let decoded = value
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'");
    // Browsers drop leading blanks and tabs/newlines anywhere in a URL.
    let squeezed: String = decoded
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
        assert!(
            !squeezed.starts_with(scheme),
            "script URL {value:?}: {html:?}\ninput: {input:?}"
        );
    }
    assert!(
        !(squeezed.starts_with("//")),
        "protocol-relative URL {value:?}: {html:?}\ninput: {input:?}"
    );
}
