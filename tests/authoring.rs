//! The authoring workflow through the real binary: `init` makes a site that
//! passes `check`, `new review` writes minutes whose only findings are the
//! author's to-do (MB022, MB025), and `actions` shows the register.

mod common;
use common::{Seen, check, run, scratch_copy, temp_dir};
use minutebook::model::Status;
use minutebook::model::evidence::HashOptions;
use std::fs;
use std::path::Path;

const AS_OF: &str = "2026-01-20";
const NEW_REVIEW: &str = "content/reviews/2026-01-20-mr-2026-01.md";

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under a folder, relative, sorted, with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.push((
                    p.strip_prefix(base).unwrap().display().to_string() + "/",
                    Vec::new(),
                ));
                walk(base, &p, out);
            } else {
                out.push((
                    p.strip_prefix(base).unwrap().display().to_string(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn init_makes_a_site_that_passes_check_and_builds() {
    let tmp = temp_dir("init");
    let site = tmp.path().join("new/isms");
    ok(&run(&[
        "init",
        site.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--organisation",
        "Acme Ltd",
    ]));
    for f in [
        "minutebook.yaml",
        "content/people.yaml",
        NEW_REVIEW,
        "content/evidence/2026/risk-register.csv",
        "evidence.lock",
        ".gitignore",
        "README.md",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    let (code, seen, json) = check(&site, AS_OF);
    assert_eq!((code, seen), (0, Vec::<Seen>::new()), "{json}");
    // Every key of the configuration is shown, most commented out.
    let config = fs::read_to_string(site.join("minutebook.yaml")).unwrap();
    for key in [
        "title:",
        "organisation:",
        "frameworks:",
        "cadence_months:",
        "signoff_within_days:",
        "retention_years:",
        "quorum:",
        "signers:",
        "repo_url:",
        "objectives:",
        "metrics:",
    ] {
        assert!(config.contains(key), "{key} not shown in minutebook.yaml");
    }
    assert!(config.contains("organisation: Acme Ltd"));
    let ignore = fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignore.contains("/public/") && ignore.contains("/.minutebook/"));
    // The lock matches the sample evidence, and the site builds.
    let out = tmp.path().join("out");
    ok(&common::build(&site, &out, AS_OF));
    assert!(out.join("reviews/mr-2026-01/index.html").is_file());
}

#[test]
fn init_works_for_other_frameworks_too() {
    let tmp = temp_dir("init-fw");
    for (i, fws) in [
        &["iso9001-2015", "iso27001-2022"][..],
        &["iso22301-2019"][..],
        &["soc2-2017"][..],
        &["iso27001-2013"][..],
    ]
    .iter()
    .enumerate()
    {
        let site = tmp.path().join(format!("s{i}"));
        let mut args = vec!["init", site.to_str().unwrap(), "--as-of", AS_OF, "-q"];
        for f in *fws {
            args.extend(["--framework", f]);
        }
        ok(&run(&args));
        let (code, seen, json) = check(&site, AS_OF);
        assert_eq!((code, seen), (0, Vec::<Seen>::new()), "{fws:?}: {json}");
    }
    let out = run(&[
        "init",
        tmp.path().join("bad").to_str().unwrap(),
        "--framework",
        "iso27001-2005",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("bad").exists());
}

#[test]
fn init_refuses_a_folder_that_has_a_site() {
    let tmp = temp_dir("init-again");
    let site = tmp.path().join("site");
    ok(&run(&[
        "init",
        site.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-q",
    ]));
    fs::write(site.join("minutebook.yaml"), "title: mine\n").unwrap();
    let before = snapshot(&site);
    let out = run(&["init", site.to_str().unwrap(), "--as-of", "2026-02-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has a site"));
    assert_eq!(snapshot(&site), before, "init changed an existing site");

    // A folder with only content/ is a site too; --root names the folder as well.
    let other = tmp.path().join("other");
    fs::create_dir_all(other.join("content/reviews")).unwrap();
    let before = snapshot(&other);
    let out = run(&["init", "--root", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(&other), before);
}

#[test]
fn new_review_reports_only_the_authors_to_do() {
    let site = scratch_copy("mb034-overdue");
    let root = site.path();
    let (_, before, _) = check(root, AS_OF);
    let out = ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--date",
        AS_OF,
    ]));
    assert!(out.contains(NEW_REVIEW), "{out}");
    let (code, after, json) = check(root, AS_OF);
    assert_eq!(code, 1, "MB025 is an error until a decision is recorded");
    let mut added: Vec<Seen> = after.clone();
    for b in &before {
        let i = added
            .iter()
            .position(|a| a == b)
            .unwrap_or_else(|| panic!("{b:?} disappeared: {json}"));
        added.remove(i);
    }
    assert!(
        added
            .iter()
            .all(|(code, file, _)| file == NEW_REVIEW && (code == "MB022" || code == "MB025")),
        "unexpected findings: {added:?}"
    );
    assert_eq!(
        added.iter().filter(|a| a.0 == "MB022").count(),
        10,
        "{added:?}"
    );
    assert_eq!(
        added.iter().filter(|a| a.0 == "MB025").count(),
        1,
        "{added:?}"
    );

    // The loader reads back what was written.
    let (site_model, findings) = minutebook::load::load(root, HashOptions::default());
    assert!(findings.is_empty(), "{findings:?}");
    let doc = site_model
        .document("MR-2026-01")
        .expect("the new review loads");
    assert_eq!(doc.path, NEW_REVIEW);
    let review = doc.review.as_ref().unwrap();
    assert_eq!(review.chair.as_ref().unwrap().value, "ceo");
    let present: Vec<&str> = review.present().iter().map(|p| p.value.as_str()).collect();
    assert!(
        present.contains(&"ciso"),
        "quorum member missing: {present:?}"
    );
    assert_eq!(review.covers.len(), 10);
    assert!(review.decisions.is_empty());
    let updates: Vec<(&str, Status, Option<String>)> = doc
        .updates
        .iter()
        .map(|u| {
            (
                u.action.value.as_str(),
                u.status.as_ref().unwrap().value,
                u.due.as_ref().map(|d| d.value.to_string()),
            )
        })
        .collect();
    assert_eq!(
        updates,
        vec![
            ("A-2025-02", Status::Open, Some("2025-10-31".into())),
            ("A-2025-03", Status::InProgress, Some("2026-02-28".into())),
        ]
    );

    // Never overwritten, never a used id.
    let again = run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(again.status.code(), Some(2));
    let used = run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--id",
        "a-2025-02",
    ]);
    assert_eq!(used.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&used.stderr).contains("already used"));
}

#[test]
fn new_review_carries_actions_closed_between_reviews_with_their_evidence() {
    // A progress note closes A-2025-02 after MR-2025-07: the next review must
    // still report it (raised since MR-2025-07), as done, with the evidence.
    let site = scratch_copy("clean");
    let root = site.path();
    fs::write(
        root.join("content/records/2025-09-01-progress.md"),
        "---\nid: PN-2025-09\ndate: 2025-09-01\nkind: note\nupdates:\n  - {action: A-2025-02, status: done, evidence: [evidence/2025/mfa-report.txt]}\n---\nThe backup appliance was replaced.\n",
    )
    .unwrap();
    let (_, before, _) = check(root, AS_OF);
    let dry = ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--dry-run",
    ]));
    assert!(!root.join(NEW_REVIEW).exists(), "--dry-run wrote the file");
    assert!(
        dry.contains("- action: A-2025-02")
            && dry.contains("status: done\n    evidence: [evidence/2025/mfa-report.txt]\n"),
        "{dry}"
    );
    ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-q",
    ]));
    assert_eq!(fs::read_to_string(root.join(NEW_REVIEW)).unwrap(), dry);
    let (_, after, json) = check(root, AS_OF);
    let added: Vec<&Seen> = after.iter().filter(|a| !before.contains(a)).collect();
    assert!(
        added
            .iter()
            .all(|(c, f, _)| f == NEW_REVIEW && (c == "MB022" || c == "MB025")),
        "{added:?}\n{json}"
    );
}

/// Closure evidence that lives outside the site is carried as `{url: …}`,
/// not as a path (which would be MB040).
#[test]
fn new_review_carries_outside_closure_evidence_as_url() {
    let site = scratch_copy("clean");
    let root = site.path();
    fs::write(
        root.join("content/records/2025-09-01-progress.md"),
        "---\nid: PN-2025-09\ndate: 2025-09-01\nkind: note\nupdates:\n  - action: A-2025-02\n    status: done\n    evidence:\n      - evidence/2025/mfa-report.txt\n      - {url: https://tracker.example.com/browse/OPS-7, title: Change ticket}\n---\nThe backup appliance was replaced.\n",
    )
    .unwrap();
    let dry = ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--dry-run",
    ]));
    assert!(
        dry.contains(
            "    evidence: [evidence/2025/mfa-report.txt, {url: \"https://tracker.example.com/browse/OPS-7\"}]\n"
        ),
        "{dry}"
    );
    // Written, the new review reads: no MB004 or MB040 from what was carried.
    ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-q",
    ]));
    let (_, after, json) = check(root, AS_OF);
    assert!(
        after
            .iter()
            .all(|(c, f, _)| f != NEW_REVIEW || (c != "MB004" && c != "MB040")),
        "{json}"
    );
}

#[test]
fn actions_lists_the_register_and_filters_it() {
    let site = scratch_copy("mb034-overdue");
    let root = site.path().to_str().unwrap().to_string();
    let table = ok(&run(&["actions", "--root", &root, "--as-of", AS_OF]));
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("ID ") && lines[0].contains("OVERDUE"),
        "{table}"
    );
    assert_eq!(lines.len(), 1 + 3 + 1, "{table}");
    let flagged: Vec<&str> = lines.iter().filter(|l| l.contains('⚠')).copied().collect();
    assert_eq!(flagged.len(), 1, "{table}");
    assert!(flagged[0].starts_with("A-2025-02 "), "{table}");
    assert!(
        !table.contains("\x1b["),
        "no colour when stdout is not a terminal"
    );

    let overdue = ok(&run(&[
        "actions",
        "--overdue",
        "--root",
        &root,
        "--as-of",
        AS_OF,
    ]));
    let ids: Vec<&str> = overdue
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with("A-"))
        .collect();
    assert_eq!(ids, vec!["A-2025-02"], "{overdue}");

    // CSV: the rows of data/actions.csv that are overdue, byte for byte.
    let csv = ok(&run(&[
        "actions",
        "--overdue",
        "--output",
        "csv",
        "--root",
        &root,
        "--as-of",
        AS_OF,
    ]));
    let out = temp_dir("actions-build");
    let public = out.path().join("public");
    ok(&run(&[
        "build",
        "--root",
        &root,
        "--as-of",
        AS_OF,
        "-q",
        "-o",
        public.to_str().unwrap(),
    ]));
    let full = fs::read_to_string(public.join("data/actions.csv")).unwrap();
    let mut want: Vec<&str> = vec![full.lines().next().unwrap()];
    want.extend(
        full.lines()
            .skip(1)
            .filter(|l| l.split(',').nth(5) == Some("true")),
    );
    assert_eq!(csv.lines().collect::<Vec<_>>(), want);
    let all = ok(&run(&[
        "actions", "--output", "csv", "--root", &root, "--as-of", AS_OF,
    ]));
    assert_eq!(all, full);
    // The spelling: --format table|csv|json on `actions`.
    let by_format = ok(&run(&[
        "actions", "--format", "csv", "--root", &root, "--as-of", AS_OF,
    ]));
    assert_eq!(by_format, full);
    let table_by_format = ok(&run(&[
        "actions", "--format", "table", "--root", &root, "--as-of", AS_OF,
    ]));
    assert_eq!(table_by_format, table);
    // ...and only there: findings have no table or CSV form.
    let misplaced = run(&[
        "check", "--format", "csv", "--root", &root, "--as-of", AS_OF,
    ]);
    assert_eq!(misplaced.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&misplaced.stderr).contains("minutebook actions"));

    // JSON, also through the global --format json.
    let json = ok(&run(&[
        "actions", "--owner", "CISO", "--format", "json", "--root", &root, "--as-of", AS_OF,
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["A-2025-02", "A-2025-03"]);
    assert_eq!(v["actions"][0]["overdue"], true);
    assert_eq!(v["as_of"], AS_OF);

    let unknown = run(&["actions", "--owner", "cisco", "--root", &root]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `ciso`"));
}

/// `new review` tells the author how to record an input found unchanged,
/// and doing as it says turns that section's MB022 into a "no change" (=).
#[test]
fn new_review_explains_how_to_write_a_no_change_section() {
    let site = scratch_copy("clean");
    let root = site.path();
    ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--date",
        AS_OF,
    ]));
    let path = root.join(NEW_REVIEW);
    let text = fs::read_to_string(&path).unwrap();
    let heading = "## Changes in needs of interested parties {#interested-parties .no-change}";
    let hint: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("covers:"))
        .take_while(|l| !l.starts_with("decisions:"))
        .filter(|l| l.trim_start().starts_with('#'))
        .collect();
    let hint = hint.join("\n");
    assert!(hint.contains("`.no-change`"), "{hint}");
    assert!(
        hint.contains("at least 5 words what was looked at"),
        "{hint}"
    );
    assert!(hint.contains(&format!("#   {heading}")), "{hint}");
    let mb022_lines = |root: &Path| -> Vec<u32> {
        let (_, seen, _) = check(root, AS_OF);
        seen.into_iter()
            .filter(|(c, f, _)| c == "MB022" && f == NEW_REVIEW)
            .map(|(_, _, l)| l)
            .collect()
    };
    let before = mb022_lines(root);
    assert_eq!(before.len(), 10, "{before:?}");

    // Follow the hint for 9.3.2.c: the class on the heading, a statement of what was looked at.
    let old = "## Changes in needs of interested parties {#interested-parties}\n\n";
    let start = text.find(old).expect("the agenda heading");
    let end = start + old.len() + text[start + old.len()..].find("\n\n").expect("prompt end");
    let edited = format!(
        "{}{heading}\n\nThe register was checked against every contract: no new requirement.{}",
        &text[..start],
        &text[end..]
    );
    fs::write(&path, edited).unwrap();
    let after = mb022_lines(root);
    assert_eq!(
        after.len(),
        9,
        "only that section's MB022 is gone: {after:?}"
    );
}

#[test]
fn new_review_proposes_the_planned_date() {
    // MR-2025-07 planned the next review for 2025-12-01: without --date the
    // new minutes take that date while it is ahead, and today's once passed.
    let site = scratch_copy("mb061-planned-date");
    let root = site.path();
    let out = run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2025-11-20",
    ]);
    let stdout = ok(&out);
    let planned = "content/reviews/2025-12-01-mr-2025-12.md";
    assert!(stdout.contains(planned), "{stdout}");
    assert!(root.join(planned).exists());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dated 2025-12-01, the next review planned"),
        "{stderr}"
    );
    let text = fs::read_to_string(root.join(planned)).unwrap();
    assert!(text.contains("date: 2025-12-01\n"), "{text}");

    let site = scratch_copy("mb061-planned-date");
    let root = site.path();
    let out = run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2025-12-20",
        "--dry-run",
    ]);
    let text = ok(&out);
    assert!(text.contains("date: 2025-12-20\n"), "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("planned the next review for 2025-12-01, which has passed"),
        "{stderr}"
    );
}

#[test]
fn new_review_writes_the_agenda_of_the_edition_in_force_on_its_date() {
    // Under dated frameworks, a review dated in the 2013 era gets 2013's 9.3
    // inputs, one dated after the transition 2022's.
    let site = scratch_copy("history-transition");
    let root = site.path();
    let old = ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-02-01",
        "--date",
        "2023-06-01",
        "--dry-run",
    ]));
    assert!(
        old.contains("  9.3.c.1: ") && !old.contains("9.3.2.a"),
        "{old}"
    );
    let new = ok(&run(&[
        "new",
        "review",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-02-01",
        "--dry-run",
    ]));
    assert!(
        new.contains("  9.3.2.a: ") && !new.contains("9.3.c.1"),
        "{new}"
    );
}
