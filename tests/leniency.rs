//! Issue 18 item 17: what the product accepts beyond the letter of the format,
//! decided one by one (strict is the default; docs/guide.md "What is strict
//! and what is lenient" says why for each). Each case changes the `clean`
//! fixture's internal-audit record (not signed off, so editing it is no
//! MB050) or another file, and asserts the exact findings.

mod common;
use common::{check, run, scratch_copy};
use std::fs;
use std::path::Path;

const AUDIT: &str = "content/records/2025-03-01-internal-audit.md";
const AS_OF: &str = "2025-12-31";

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} holds {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn message_of(json: &serde_json::Value, code: &str) -> String {
    json["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == code))
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// Strict: enum values are lower case; `Corrective` is MB004 saying how to
/// write it.
#[test]
fn enum_values_in_another_case_are_mb004_with_the_spelling() {
    let dir = scratch_copy("clean");
    edit(dir.path(), AUDIT, "kind: corrective", "kind: Corrective");
    let (code, seen, json) = check(dir.path(), AS_OF);
    assert_eq!(code, 1);
    assert_eq!(seen, vec![("MB004".into(), AUDIT.into(), 11)], "{json}");
    assert!(
        message_of(&json, "MB004").contains("write it in lower case: `corrective`"),
        "{json}"
    );
}

/// Strict: a list written as a single value is MB004 saying how to write it;
/// the value still counts, so nothing else follows from the shape alone.
#[test]
fn a_list_written_as_one_value_is_mb004() {
    let dir = scratch_copy("clean");
    edit(
        dir.path(),
        AUDIT,
        "    refs: [A.5.18]\n",
        "    refs: [A.5.18]\n    support: cfo\n",
    );
    let (code, seen, json) = check(dir.path(), AS_OF);
    assert_eq!(code, 1);
    assert_eq!(seen, vec![("MB004".into(), AUDIT.into(), 13)], "{json}");
    assert!(
        message_of(&json, "MB004").contains("must be a list: write `[cfo]`"),
        "{json}"
    );
}

/// Kept: `email` in people.yaml (a contact for the owner of an action).
#[test]
fn an_email_in_people_yaml_is_accepted() {
    let dir = scratch_copy("clean");
    edit(
        dir.path(),
        "content/people.yaml",
        "ciso: {name: Lee Marsh, role: CISO}",
        "ciso: {name: Lee Marsh, role: CISO, email: lee.marsh@example.com}",
    );
    let (code, seen, json) = check(dir.path(), AS_OF);
    assert_eq!((code, seen.len()), (0, 0), "{json}");
}

/// Kept: a reference is read by its tokens, so `A5.18` is `A.5.18` as
/// `9.3.2a` is `9.3.2.a`; the page shows the canonical form.
#[test]
fn an_annex_a_reference_without_its_dot_is_the_same_control() {
    let dir = scratch_copy("clean");
    edit(dir.path(), AUDIT, "refs: [A.5.18]", "refs: [A5.18]");
    let (code, seen, json) = check(dir.path(), AS_OF);
    assert_eq!((code, seen.len()), (0, 0), "{json}");
}

/// Strict: `minutebook lock` rewrites evidence.lock from its entries, so a
/// comment line would be lost silently; it is MB004 on its line.
#[test]
fn a_comment_in_evidence_lock_is_mb004() {
    let dir = scratch_copy("clean");
    let lock = dir.path().join("evidence.lock");
    let text = fs::read_to_string(&lock).unwrap();
    fs::write(&lock, format!("# checked by the auditor\n{text}")).unwrap();
    let (code, seen, json) = check(dir.path(), AS_OF);
    assert_eq!(code, 1);
    assert_eq!(
        seen,
        vec![("MB004".into(), "evidence.lock".into(), 1)],
        "{json}"
    );
    assert!(message_of(&json, "MB004").contains("comment lines are not kept"));
}

/// Kept: reviews in sub-folders of content/reviews/ (by year, as years of
/// history are kept) load like any other, and sign-offs name their path.
#[test]
fn reviews_in_sub_folders_are_read() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    let from = root.join("content/reviews/2025-07-15-mr-2025-07.md");
    fs::create_dir_all(root.join("content/reviews/2025")).unwrap();
    fs::rename(
        &from,
        root.join("content/reviews/2025/2025-07-15-mr-2025-07.md"),
    )
    .unwrap();
    edit(
        root,
        "content/signoffs.yaml",
        "document: reviews/2025-07-15-mr-2025-07.md",
        "document: reviews/2025/2025-07-15-mr-2025-07.md",
    );
    let (code, seen, json) = check(root, AS_OF);
    assert_eq!((code, seen.len()), (0, 0), "{json}");
    let out = root.join("out");
    let built = common::build(root, &out, AS_OF);
    assert_eq!(built.status.code(), Some(0));
    assert!(out.join("reviews/mr-2025-07/index.html").is_file());
}

/// Accepted: a file with classic-Mac line ends (CR alone) is read as YAML
/// and CommonMark read it, line by line; it used to vanish as MB001.
#[test]
fn a_document_with_carriage_returns_alone_is_read_line_by_line() {
    let dir = scratch_copy("clean");
    let path = dir.path().join(AUDIT);
    let text = fs::read_to_string(&path).unwrap();
    let text = text.replacen("kind: audit\n", "kind: audit\ncolour: blue\n", 1);
    fs::write(&path, text.replace('\n', "\r")).unwrap();
    let (code, seen, json) = check(dir.path(), AS_OF);
    assert_eq!(code, 1);
    // The unknown key is reported on its own line, and nothing else: the
    // record was read whole (its action and evidence are still known).
    assert_eq!(seen, vec![("MB003".into(), AUDIT.into(), 6)], "{json}");
    let human = run(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    let printed = String::from_utf8_lossy(&human.stdout);
    assert!(printed.contains("6 | colour: blue"), "{printed}");
}
