//! Honest evidence ("Findings never hide the site"): `build` and
//! `bundle` write the site despite error findings and exit 1; only MB001–MB006
//! and MB041 stop them, leaving the previous output untouched; each finding is
//! shown in the findings box of the page it concerns, counted on the
//! dashboard and listed by code in the audit index. Also: a document that
//! fails to load causes nothing else, and messages that lead to the fix.
//!
//! Fixtures: `findings-shown` (MB020 and MB025), `clean` (tests/fixtures/generate.py).

mod common;

use common::{check, run, scratch_copy};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;

const AS_OF: &str = "2025-12-31";
const R2: &str = "content/reviews/2025-07-15-mr-2025-07.md";

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn build(root: &Path, out: &Path) -> Output {
    run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ])
}

/// Every file under `dir` with its bytes (empty when there is no folder).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
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

fn page(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The findings box of a page (from its opening tag to its end).
fn findings_box(html: &str) -> &str {
    let start = html
        .find("class=\"findings-box")
        .expect("the page has a findings box");
    let rest = &html[start..];
    let end = rest
        .find("</section>")
        .or_else(|| rest.find("</p>"))
        .unwrap();
    &rest[..end]
}

#[test]
fn errors_are_shown_in_the_site_and_the_exit_status_is_1() {
    let dir = scratch_copy("findings-shown");
    let out = dir.path().join("public");
    let o = build(dir.path(), &out);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("the site was written") && stderr.contains("2 errors fail the run"),
        "{}",
        text(&o)
    );
    // The whole site was written, and it verifies.
    assert!(out.join("index.html").is_file() && out.join("SHA256SUMS").is_file());
    let v = run(&["verify", out.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));

    // The review's page opens with its findings box: both errors, their
    // lines, a link to each code's group in the audit index, the fix.
    let review = page(&out, "reviews/mr-2025-07/index.html");
    let b = findings_box(&review);
    assert!(b.contains("findings-box--error"), "{b}");
    assert!(
        b.contains("Findings about this document: 2 errors</h2>"),
        "{b}"
    );
    assert!(
        b.contains("<code>MB020</code>") && b.contains("<code>MB025</code>"),
        "{b}"
    );
    assert!(b.contains("line 10") && b.contains("line 20"), "{b}");
    assert!(
        b.contains("href=\"../../audit/index.html#code-mb020\""),
        "{b}"
    );
    assert!(b.contains("does not cover input 9.3.2.c"), "{b}");
    assert!(b.contains("Fix:</span>"), "{b}");
    // The box comes before the minutes, at the top of the page.
    assert!(review.find("findings-box").unwrap() < review.find("id=\"mb-minutes\"").unwrap());
    // The page still shows what is written: the review's minutes.
    assert!(review.contains("At review MR-2025-07 the board examined"));
    // A review without findings says so in one line.
    let clean = page(&out, "reviews/mr-2025-01/index.html");
    assert!(
        findings_box(&clean).contains("No finding about this document"),
        "{}",
        findings_box(&clean)
    );

    // The dashboard counts errors and warnings.
    let dash = page(&out, "index.html");
    let summary = dash
        .split("id=\"mb-findings-summary\"")
        .nth(1)
        .expect("the dashboard has a findings summary");
    assert!(
        summary.contains("The checks found 2 errors as of 2025-12-31"),
        "{summary}"
    );
    assert!(summary.contains("audit/index.html#code-mb025"), "{summary}");

    // The audit index lists them by code, each linking to the review's box.
    let audit = page(&out, "audit/index.html");
    for code in ["mb020", "mb025"] {
        let group = audit
            .split(&format!("<h3 id=\"code-{code}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("no group for {code}"));
        let group = &group[..group.find("</section>").unwrap()];
        assert!(group.contains("(1 error)"), "{group}");
        assert!(
            group.contains(
                "href=\"../reviews/mr-2025-07/index.html#mb-findings\"><code>content/reviews/2025-07-15-mr-2025-07.md:"
            ),
            "{group}"
        );
    }
    assert!(audit.find("code-mb020").unwrap() < audit.find("code-mb025").unwrap());
}

#[test]
fn bundle_is_written_despite_errors_and_exits_1() {
    let dir = scratch_copy("findings-shown");
    let zip = dir.path().join("out.zip");
    let o = run(&[
        "bundle",
        "--root",
        dir.path().to_str().unwrap(),
        "-o",
        zip.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(zip.is_file(), "the bundle was not written:\n{}", text(&o));
    let v = run(&["verify", zip.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
}

/// MB001 (a document that cannot be read) and MB041 (an evidence path that
/// leaves content/) stop the build: exit 1, and the previous output, the
/// previous bundle and evidence.lock stay exactly as they were.
#[test]
fn mb001_and_mb041_stop_the_build_and_leave_the_previous_output_untouched() {
    let dir = scratch_copy("clean");
    let root = dir.path().join("site");
    fs::create_dir_all(&root).unwrap();
    common::copy_tree(&dir.path().join("content"), &root.join("content"));
    for f in ["minutebook.yaml", "evidence.lock"] {
        fs::copy(dir.path().join(f), root.join(f)).unwrap();
    }
    let out = dir.path().join("out");
    let zip = dir.path().join("out.zip");
    let o = build(&root, &out);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let bundle = |zip: &Path| {
        run(&[
            "bundle",
            "--root",
            root.to_str().unwrap(),
            "-o",
            zip.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--quiet",
        ])
    };
    assert_eq!(bundle(&zip).status.code(), Some(0));
    let before = tree(&out);
    let zip_before = fs::read(&zip).unwrap();
    let lock_before = fs::read(root.join("evidence.lock")).unwrap();

    let mb001 = root.join("content/records/2025-09-01-note.md");
    let review = root.join(R2);
    let original = fs::read_to_string(&review).unwrap();
    let mb041 = original.replacen(
        "updates:\n",
        "evidence:\n  - {path: ../minutebook.yaml, title: Outside}\nupdates:\n",
        1,
    );
    assert_ne!(mb041, original);
    for (code, breaks) in [("MB001", 0), ("MB041", 1)] {
        if breaks == 0 {
            fs::write(&mb001, "# No frontmatter\n").unwrap();
        } else {
            fs::remove_file(&mb001).unwrap();
            fs::write(&review, &mb041).unwrap();
        }
        // A new evidence file would be locked by a build that writes.
        fs::write(root.join("content/evidence/2025/new.txt"), "new\n").unwrap();
        let o = build(&root, &out);
        assert_eq!(o.status.code(), Some(1), "{code}: {}", text(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains(code),
            "{}",
            text(&o)
        );
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("the previous output is untouched"),
            "{}",
            text(&o)
        );
        assert!(tree(&out) == before, "{code}: the previous output changed");
        let b = bundle(&zip);
        assert_eq!(b.status.code(), Some(1), "{code}: {}", text(&b));
        assert!(
            fs::read(&zip).unwrap() == zip_before,
            "{code}: the bundle changed"
        );
        assert!(
            fs::read(root.join("evidence.lock")).unwrap() == lock_before,
            "{code}: evidence.lock changed"
        );
    }
}

/// A build with errors locks evidence files the lock does not know yet, and
/// never accepts a changed one: MB042 stays until `lock --accept`.
#[test]
fn a_build_with_errors_locks_new_files_and_accepts_no_change() {
    let dir = scratch_copy("findings-shown");
    let root = dir.path();
    let lock_before = fs::read_to_string(root.join("evidence.lock")).unwrap();
    fs::write(root.join("content/evidence/2025/new.txt"), "new\n").unwrap();
    fs::write(
        root.join("content/evidence/2025/risk-register.csv"),
        "changed after locking\n",
    )
    .unwrap();
    let o = build(root, &root.join("public"));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(root.join("public/index.html").is_file());
    let lock_after = fs::read_to_string(root.join("evidence.lock")).unwrap();
    assert!(
        lock_after.contains("  content/evidence/2025/new.txt\n"),
        "{lock_after}"
    );
    let line = |lock: &str| {
        lock.lines()
            .find(|l| l.ends_with("content/evidence/2025/risk-register.csv"))
            .map(str::to_string)
    };
    assert_eq!(
        line(&lock_after),
        line(&lock_before),
        "a change was accepted"
    );
    let (_, seen, _) = check(root, AS_OF);
    assert!(seen.iter().any(|s| s.0 == "MB042"), "{seen:?}");
}

/// `trigger: [INC-1]` (a list, not text) is one MB004, not a second one
/// saying the trigger is missing.
#[test]
fn a_wrongly_typed_trigger_is_one_finding() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    let words = "The board examined the ransomware incident, its containment, the restored \
                 backups and the residual risk to customer data in detail.";
    let x = format!(
        "---\nid: MR-2025-08-X\ndate: 2025-08-15\nkind: extraordinary\ntrigger: [INC-1]\n\
         chair: ceo\nattendees: [ceo, ciso]\ncovers:\n  9.3.2.f: risk\n\
         decisions:\n  - {{id: D-X-1, text: Patch every server now., refs: [9.3.3]}}\n---\n\
         ## Risk {{#risk}}\n\n{words}\n"
    );
    let path = "content/reviews/2025-08-15-mr-2025-08-x.md";
    fs::write(root.join(path), x).unwrap();
    let (_, seen, json) = check(root, AS_OF);
    let mb004: Vec<_> = seen
        .iter()
        .filter(|s| s.1 == path && s.0 == "MB004")
        .collect();
    assert_eq!(mb004.len(), 1, "{json}");
    let messages = json.to_string();
    assert!(messages.contains("`trigger` of"), "{json}");
    assert!(!messages.contains("missing"), "{json}");
}

/// Human output of `check` on a scratch copy of `clean` after `edit`.
fn check_text(edit: impl FnOnce(&Path)) -> String {
    let dir = scratch_copy("clean");
    edit(dir.path());
    let o = run(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_comma_inside_a_flow_mapping_says_to_quote_the_value() {
    let out = check_text(|root| {
        let audit = root.join("content/records/2025-03-01-internal-audit.md");
        let t = fs::read_to_string(&audit).unwrap();
        fs::write(
            &audit,
            t.replace("title: Audit report,", "title: Audit report, Q1,"),
        )
        .unwrap();
    });
    assert!(out.contains("error[MB003]: unknown key `Q1`"), "{out}");
    assert!(out.contains("quote the value"), "{out}");
    assert!(
        out.contains("`title: \"Audit report, Q1\"`"),
        "the help shows the quoted value:\n{out}"
    );
}

#[test]
fn mb050_names_every_stale_approval_and_the_chair() {
    let out = check_text(|root| {
        let sheet = root.join("content/signoffs.yaml");
        let s = fs::read_to_string(&sheet).unwrap();
        let again: String = s
            .lines()
            .filter(|l| l.contains("2025-07-15-mr-2025-07.md"))
            .map(|l| format!("{}\n", l.replace("person: ceo", "person: ciso")))
            .collect();
        fs::write(&sheet, format!("{s}{again}")).unwrap();
        let review = root.join(R2);
        let t = fs::read_to_string(&review).unwrap();
        fs::write(
            &review,
            t.replace("Keep the ISMS scope", "Widen the ISMS scope"),
        )
        .unwrap();
    });
    let at = out.find("error[MB050]").expect("MB050");
    let f = &out[at..];
    let f = &f[..f.find("\n\n").unwrap_or(f.len())];
    assert!(
        f.contains("approved by ceo on ") && f.contains(", and by ciso on "),
        "{f}"
    );
    assert!(f.contains("2 approvals (ceo, ciso) no longer match"), "{f}");
    assert!(
        f.contains("the chair, ceo, approves it again: `minutebook approve content/reviews/2025-07-15-mr-2025-07.md --by ceo`"),
        "{f}"
    );
}

#[test]
fn an_evidence_path_that_is_a_url_says_to_use_url() {
    let out = check_text(|root| {
        let review = root.join(R2);
        let t = fs::read_to_string(&review).unwrap();
        fs::write(
            &review,
            t.replace(
                "evidence: [evidence/2025/mfa-report.txt]",
                "evidence: [evidence/2025/mfa-report.txt, 'https://tickets.example.com/MFA-12']",
            ),
        )
        .unwrap();
    });
    assert!(out.contains("error[MB040]"), "{out}");
    assert!(out.contains("is a web address"), "{out}");
    assert!(
        out.contains("{url: https://tickets.example.com/MFA-12"),
        "{out}"
    );
    assert!(
        !out.contains("MB041"),
        "a URL does not stop the build: {out}"
    );
}

#[test]
fn counts_are_pluralised() {
    let out = check_text(|root| {
        let cfg = root.join("minutebook.yaml");
        let t = fs::read_to_string(&cfg).unwrap();
        fs::write(
            &cfg,
            t.replace("signoff_within_days: 30", "signoff_within_days: 1"),
        )
        .unwrap();
        let sheet = root.join("content/signoffs.yaml");
        fs::write(&sheet, "[]\n").unwrap();
    });
    assert!(out.contains("not signed off within 1 day (by"), "{out}");
    assert!(!out.contains("1 days"), "{out}");
}
