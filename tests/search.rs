//! Search that finds what auditors ask for (issue 20 item 5): clause and
//! control pages are in the search index with their ids, every section,
//! decision, action, nonconformity and evidence file names the items it cites,
//! sections share their document's title once; ids of actions, documents and
//! nonconformities in body text link to their pages.

mod common;

use common::{run, scratch_copy};
use std::fs;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2025-12-31";

/// A site built; returns its folder. A test that edits a signed review
/// makes it MB050 (changed after sign-off), the only error allowed: the site
/// is still written.
fn build(dir: &Path) -> PathBuf {
    let out = dir.join("public");
    let o = run(&[
        "build",
        "--root",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let only_signoff = o.status.code() == Some(1) && stderr.contains("but 1 error fails the run");
    assert!(
        o.status.code() == Some(0) || only_signoff,
        "build of {}: {stderr}",
        dir.display(),
    );
    out
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The entries of a one-file search index.
fn entries(out: &Path) -> Vec<serde_json::Value> {
    let js = read(out, "search-index.js");
    let json = js
        .trim()
        .strip_prefix("window.MINUTEBOOK_SEARCH = ")
        .and_then(|j| j.strip_suffix(';'))
        .expect("search-index.js assigns window.MINUTEBOOK_SEARCH");
    serde_json::from_str(json).expect("search index is JSON")
}

/// The position of the clause entry of `id` (`iso27001-2022:A.8.13`).
fn clause(entries: &[serde_json::Value], id: &str) -> usize {
    entries
        .iter()
        .position(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no clause entry {id}"))
}

fn cites(e: &serde_json::Value, at: usize) -> bool {
    e["refs"]
        .as_array()
        .is_some_and(|r| r.iter().any(|p| p.as_u64() == Some(at as u64)))
}

#[test]
fn the_search_index_has_clause_pages_and_what_cites_them() {
    let dir = scratch_copy("nonconformities");
    let out = build(dir.path());
    let all = entries(&out);

    // Every clause and control of the framework has an entry leading to its page.
    let a813 = clause(&all, "iso27001-2022:A.8.13");
    let e = &all[a813];
    assert_eq!(e["href"], "clauses/iso27001-2022/a.8.13/index.html");
    assert_eq!(e["kind"], "Control");
    assert!(e["title"].as_str().unwrap().starts_with("A.8.13 "), "{e}");
    assert!(
        out.join("clauses/iso27001-2022/a.8.13/index.html")
            .is_file()
    );
    let input = clause(&all, "iso27001-2022:9.3.2.c");
    assert_eq!(all[input]["kind"], "Clause");
    // Clause entries come first: citing entries name them by position.
    let first_other = all.iter().position(|e| e.get("id").is_none()).unwrap();
    assert!(all[..first_other].iter().all(|e| e["id"].is_string()));
    assert!(all[first_other..].iter().all(|e| e.get("id").is_none()));

    // The action citing A.8.13 names it.
    let action = all
        .iter()
        .find(|e| e["kind"] == "Action" && e["section"] == "A-2025-02")
        .expect("action entry");
    assert!(cites(action, a813), "{action}");

    // The section covering 9.3.2.c names it, and shares its document's
    // title, kind and date by position instead of repeating them.
    let section = all
        .iter()
        .find(|e| {
            full_href(&all, e).starts_with("reviews/mr-2025-07/index.html#") && cites(e, input)
        })
        .expect("the section of MR-2025-07 covering 9.3.2.c");
    assert!(section.get("title").is_none(), "{section}");
    assert!(section.get("kind").is_none(), "{section}");
    let doc = &all[section["doc"].as_u64().expect("doc position") as usize];
    assert_eq!(doc["href"], "reviews/mr-2025-07/index.html");
    assert!(
        doc["title"].is_string() && doc["date"] == "2025-07-15",
        "{doc}"
    );

    // The nonconformities' findings cite their controls too.
    let nc = all
        .iter()
        .filter(|e| e["kind"] == "Nonconformity")
        .collect::<Vec<_>>();
    assert!(!nc.is_empty());
    assert!(
        nc.iter().any(|e| e["refs"].is_array()),
        "no nonconformity entry cites a clause: {nc:?}"
    );

    // No entry carries an empty field.
    for e in &all {
        for (k, v) in e.as_object().unwrap() {
            assert!(v != "", "empty {k} in {e}");
        }
    }
}

/// An entry's href from the site root: a section's or decision's is an
/// anchor on its document's page (`doc`), written once per document.
fn full_href(all: &[serde_json::Value], e: &serde_json::Value) -> String {
    let own = e["href"].as_str().unwrap_or_default();
    match e["doc"].as_u64() {
        Some(d) => {
            assert!(own.starts_with('#'), "a section's href is an anchor: {e}");
            format!(
                "{}{own}",
                all[d as usize]["href"].as_str().unwrap_or_default()
            )
        }
        None => own.to_string(),
    }
}

#[test]
fn snippets_in_the_index_are_clean_text() {
    let dir = scratch_copy("clean");
    let review = dir.path().join("content/reviews/2025-07-15-mr-2025-07.md");
    let text = fs::read_to_string(&review).unwrap();
    fs::write(
        &review,
        format!(
            "{text}\nWe **agreed** a [plan](#improvement)'s end (`backup`)\nand\tnew\n\n| a | b |\n|---|---|\n| x | y |\n"
        ),
    )
    .unwrap();
    let out = build(dir.path());
    let all = entries(&out);
    let section = all
        .iter()
        .find(|e| full_href(&all, e) == "reviews/mr-2025-07/index.html#improvement")
        .expect("the improvement section");
    let lead = section["text"].as_str().unwrap();
    assert!(
        lead.ends_with("We agreed a plan's end (backup) and new a b x y"),
        "{lead}"
    );
}

#[test]
fn ids_in_body_text_link_to_their_pages() {
    let dir = scratch_copy("nonconformities");
    let review = dir.path().join("content/reviews/2025-07-15-mr-2025-07.md");
    let text = fs::read_to_string(&review).unwrap();
    fs::write(
        &review,
        format!(
            "{text}\n\nFollow-up of A-2025-01, NC-2025-01 and MR-2025-01 (see IA-2025-03). \
             Not a-2025-01, A-2025-010, xA-2025-01 nor MR-2025-07 itself; \
             `A-2025-03` in code and [A-2025-04](#improvement) in a link stay.\n\n\
             ## Notes on A-2025-02\n\n```\nA-2025-02\n```\n"
        ),
    )
    .unwrap();
    let out = build(dir.path());
    let page = read(&out, "reviews/mr-2025-07/index.html");
    for (id, href) in [
        ("A-2025-01", "../../actions/a-2025-01/index.html"),
        ("NC-2025-01", "../../nonconformities/nc-2025-01/index.html"),
        ("MR-2025-01", "../../reviews/mr-2025-01/index.html"),
        ("IA-2025-03", "../../records/ia-2025-03/index.html"),
    ] {
        let link = format!("<a href=\"{href}\">{id}</a>");
        assert!(page.contains(&link), "no {link} in the page");
        assert!(out.join(&href[6..]).is_file(), "{href} is not a page");
    }
    let para = page
        .split("Follow-up of")
        .nth(1)
        .and_then(|p| p.split("</p>").next())
        .expect("the paragraph");
    for plain in [
        "Not a-2025-01, A-2025-010, xA-2025-01 nor MR-2025-07 itself",
        "<code>A-2025-03</code>",
        ">A-2025-04</a> in a link",
    ] {
        assert!(para.contains(plain), "{plain} changed: {para}");
    }
    assert!(!para.contains("actions/a-2025-04/"), "{para}");
    assert!(page.contains("Notes on A-2025-02</h"), "heading untouched");
    assert!(
        page.contains("<code>A-2025-02\n</code>"),
        "code block untouched"
    );
}

/// Any catalog cited gets clause entries, so a qualified id of another
/// catalog (`soc2:CC4.1`, `iso27001-2013:A.12.6.1` once it is built in)
/// finds its page and what cites it.
#[test]
fn a_qualified_reference_to_another_catalog_is_in_the_index() {
    let dir = scratch_copy("clean");
    let review = dir.path().join("content/reviews/2025-07-15-mr-2025-07.md");
    let text = fs::read_to_string(&review).unwrap();
    let text = text.replacen("refs: [A.8.13]", "refs: [A.8.13, soc2:cc4.1]", 1);
    assert!(text.contains("soc2:cc4.1"));
    fs::write(&review, text).unwrap();
    let out = build(dir.path());
    let all = entries(&out);
    let cc41 = clause(&all, "soc2-2017:CC4.1");
    assert_eq!(all[cc41]["href"], "clauses/soc2-2017/cc4.1/index.html");
    assert!(out.join("clauses/soc2-2017/cc4.1/index.html").is_file());
    let action = all
        .iter()
        .find(|e| e["kind"] == "Action" && e["section"] == "A-2025-02")
        .expect("action entry");
    assert!(cites(action, cc41), "{action}");
    assert!(
        cites(action, clause(&all, "iso27001-2022:A.8.13")),
        "{action}"
    );
}
