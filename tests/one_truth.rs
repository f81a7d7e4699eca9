//! Issue 18 items 7 and 8: a state is derived once and read everywhere, so
//! pages, the KPIs and the findings never disagree, and the run that writes
//! the lock shows what it locked.

mod common;
use common::{check, scratch_copy};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const R2: &str = "content/reviews/2025-07-15-mr-2025-07.md";

fn build(root: &Path, out: &Path) -> i32 {
    common::build(root, out, "2025-12-31")
        .status
        .code()
        .unwrap_or(-1)
}

/// Every file of a built site, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A site without `evidence.lock`: the first build writes the lock, and its
/// pages already say every file matches it; the second build is the same,
/// byte for byte.
#[test]
fn the_first_build_without_a_lock_equals_the_second() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    fs::remove_file(root.join("evidence.lock")).unwrap();
    let (first, second) = (root.join("first"), root.join("second"));
    assert_eq!(build(root, &first), 0);
    assert!(
        root.join("evidence.lock").is_file(),
        "the first build locked the files"
    );
    assert_eq!(build(root, &second), 0);
    let (a, b) = (files(&first), files(&second));
    let differing: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "files differ between builds: {differing:?}"
    );
    let register = String::from_utf8_lossy(&a["evidence/index.html"]).into_owned();
    assert!(!register.contains("Not yet locked"), "{register}");
    assert!(register.contains("Matches lock"));
}

/// A sign-off by someone who may not sign: MB052 on the sheet, the review
/// is late (MB051), its page says so and marks the approval as not
/// counting, and the dashboard counts it unsigned.
#[test]
fn an_ineligible_signer_counts_nowhere() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    let sheet = root.join("content/signoffs.yaml");
    let text = fs::read_to_string(&sheet).unwrap();
    let from = "- {document: reviews/2025-07-15-mr-2025-07.md, person: ceo";
    assert!(text.contains(from));
    fs::write(
        &sheet,
        text.replacen(
            from,
            "- {document: reviews/2025-07-15-mr-2025-07.md, person: it-lead",
            1,
        ),
    )
    .unwrap();
    let (code, seen, json) = check(root, "2025-12-31");
    assert_eq!(code, 1);
    assert_eq!(
        seen,
        vec![
            ("MB051".to_string(), R2.to_string(), 0),
            ("MB052".to_string(), "content/signoffs.yaml".to_string(), 3),
        ],
        "{json}"
    );
    let out = root.join("out");
    assert_eq!(
        build(root, &out),
        1,
        "the site is written; the error fails the run"
    );
    let page = fs::read_to_string(out.join("reviews/mr-2025-07/index.html")).unwrap();
    assert!(
        !page.contains(">Signed off<") && !page.contains("✓</span> Signed off"),
        "{page}"
    );
    assert!(page.contains("Not signed off (late)"));
    assert!(page.contains("Does not count: may not sign"));
    let dashboard = fs::read_to_string(out.join("index.html")).unwrap();
    let kpi = dashboard
        .split("id=\"kpi-signoff\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap_or_default();
    assert!(kpi.contains("<p class=\"kpi__value\">1 / 2</p>"), "{kpi}");
    let list = fs::read_to_string(out.join("reviews/index.html")).unwrap();
    assert_eq!(list.matches("Not signed off (late)").count(), 1, "{list}");
}
