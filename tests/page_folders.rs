//! Issue 18 item 9: every id names its page folder (`records/<id>/`), in the
//! site and in the bundle an auditor unzips. Ids that cannot be a folder name
//! are MB004; two ids that map to one folder are MB005, so no page silently
//! replaces another. Each case adds records to the `clean` fixture.

mod common;
use common::{check, scratch_copy};
use std::fs;

/// A note record with the given id, in a file named after `n`.
fn note(root: &std::path::Path, n: usize, id: &str) -> String {
    let rel = format!("content/records/2025-04-{:02}-note-{n}.md", n + 1);
    fs::write(
        root.join(&rel),
        format!(
            "---\nid: \"{id}\"\ndate: 2025-04-{:02}\nkind: note\n---\nA note.\n",
            n + 1
        ),
    )
    .unwrap();
    rel
}

#[test]
fn ids_that_cannot_name_a_folder_are_mb004_and_colliding_folders_mb005() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    let ids = [
        ".",
        "..",
        "___",
        "index.html",
        "CON",
        "nul.2025",
        "COM1",
        "trailing.",
        "a..b",
        "COM0",
    ];
    let files: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| note(root, n, id))
        .collect();
    let (code, seen, json) = check(root, "2025-12-31");
    assert_eq!(code, 1, "{json}");
    let mut want: Vec<(String, String, u32)> = [
        ("MB004", 0),
        ("MB004", 1),
        ("MB005", 2),
        ("MB004", 3),
        ("MB004", 4),
        ("MB004", 5),
        ("MB004", 6),
        ("MB004", 7),
    ]
    .iter()
    .map(|(c, n)| (c.to_string(), files[*n].clone(), 2))
    .collect();
    want.sort();
    assert_eq!(seen, want, "{json}");
    let collision = json["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == "MB005"))
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(collision.contains("same page folder `___`"), "{collision}");
}

/// `a..b` and `COM0` are ordinary ids: the site builds with a page for each.
#[test]
fn dotted_ids_that_can_be_folders_get_their_pages() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    note(root, 0, "a..b");
    note(root, 1, "COM0");
    let out = root.join("out");
    let built = common::build(root, &out, "2025-12-31");
    assert_eq!(built.status.code(), Some(0), "{built:?}");
    assert!(out.join("records/a..b/index.html").is_file());
    assert!(out.join("records/com0/index.html").is_file());
}
