//! Every check code of the format on a fixture site that triggers it (and the
//! clean fixture that triggers none): exact codes, files and lines.

mod common;
use common::{check, fixture};

const R1: &str = "content/reviews/2025-01-15-mr-2025-01.md";
const R2: &str = "content/reviews/2025-07-15-mr-2025-07.md";
const AUDIT: &str = "content/records/2025-03-01-internal-audit.md";
const NOTE_08: &str = "content/records/2025-08-01-note.md";

/// An expected finding: code, file, line (0 = no line).
type Expected = (&'static str, &'static str, u32);

/// (fixture, as-of, expected findings).
const CASES: &[(&str, &str, &[Expected])] = &[
    ("clean", "2025-12-31", &[]),
    // A review that cannot be read: its MB002 only, nothing cascading from
    // its absence (no MB032, MB035, MB043, MB052, MB060 or MB070).
    (
        "cascade-unreadable-review",
        "2026-03-31",
        &[("MB002", R2, 6)],
    ),
    (
        "findings-shown",
        "2025-12-31",
        &[("MB020", R2, 10), ("MB025", R2, 20)],
    ),
    ("extraordinary-review", "2025-12-31", &[]),
    // `.no-change` sections of 16 words, the same at both reviews: no MB022, no MB026.
    ("no-change-section", "2025-12-31", &[]),
    ("nonconformities", "2025-12-31", &[]),
    (
        "mb037-no-corrective-action",
        "2025-12-31",
        // NC-2025-02 (major, no action), NC-2025-03 (minor, its one action cancelled).
        &[("MB037", AUDIT, 11), ("MB037", AUDIT, 18)],
    ),
    (
        "mb038-unknown-names",
        "2025-12-31",
        // `closes` an unknown finding; decisions naming an unknown action and
        // an action raised in another document.
        &[("MB038", AUDIT, 16), ("MB038", R1, 25), ("MB038", R2, 25)],
    ),
    (
        "mb004-nonconformity-values",
        "2025-12-31",
        &[
            ("MB004", AUDIT, 11),
            ("MB004", AUDIT, 21),
            ("MB004", "content/records/2025-04-01-note.md", 5),
            ("MB010", R2, 25),
            ("MB005", R2, 27),
            ("MB003", R2, 40),
        ],
    ),
    (
        "mb001-no-frontmatter",
        "2025-12-31",
        &[
            ("MB001", "content/records/2025-04-01-note.md", 1),
            ("MB001", "content/records/2025-04-02-unclosed.md", 1),
        ],
    ),
    (
        "mb002-yaml-syntax",
        "2025-12-31",
        &[("MB002", "content/records/2025-04-01-note.md", 4)],
    ),
    (
        "mb003-unknown-key",
        "2025-12-31",
        &[("MB003", AUDIT, 6), ("MB003", AUDIT, 13)],
    ),
    (
        "mb004-invalid-values",
        "2025-12-31",
        &[
            ("MB004", "content/records/2025-04-01-note.md", 3),
            ("MB004", "content/records/2025-04-01-note.md", 4),
            ("MB004", "content/records/2025-04-03-note.md", 2),
            ("MB004", "content/records/2025-04-04-note.md", 2),
            ("MB004", "content/records/2025-08-02-note.md", 10),
            ("MB004", R2, 2),
        ],
    ),
    (
        "mb005-duplicate-id",
        "2025-12-31",
        &[("MB005", R2, 22), ("MB005", R2, 26)],
    ),
    (
        "mb006-not-utf8",
        "2025-12-31",
        &[("MB006", "content/records/2025-04-01-latin1.md", 6)],
    ),
    (
        "mb010-unknown-person",
        "2025-12-31",
        &[("MB010", R2, 8), ("MB010", R2, 8), ("MB010", R2, 28)],
    ),
    (
        "mb020-input-not-covered",
        "2025-12-31",
        // At the `covers:` key, where the missing input is to be added.
        &[("MB020", R2, 10)],
    ),
    ("mb021-missing-anchor", "2025-12-31", &[("MB021", R2, 19)]),
    (
        "mb022-placeholder",
        "2025-12-31",
        &[("MB022", R2, 46), ("MB022", R2, 70), ("MB022", R2, 74)],
    ),
    ("mb023-no-top-management", "2025-12-31", &[("MB023", R2, 8)]),
    ("mb024-quorum", "2025-12-31", &[("MB024", R2, 8)]),
    ("mb025-no-decision", "2025-12-31", &[("MB025", R2, 21)]),
    ("mb026-copied-section", "2025-12-31", &[("MB026", R2, 74)]),
    (
        "mb027-unknown-reference",
        "2025-12-31",
        &[("MB027", R2, 24), ("MB027", R2, 30)],
    ),
    (
        "mb030-owner",
        "2025-12-31",
        &[("MB030", AUDIT, 7), ("MB030", R2, 28)],
    ),
    ("mb031-no-due", "2025-12-31", &[("MB031", R2, 26)]),
    ("mb032-unknown-action", "2025-12-31", &[("MB032", R2, 36)]),
    (
        "mb033-done-without-evidence",
        "2025-12-31",
        &[("MB033", R2, 33)],
    ),
    ("mb034-overdue", "2025-12-31", &[("MB034", R2, 29)]),
    (
        "mb035-not-reported",
        "2025-12-31",
        &[("MB034", AUDIT, 10), ("MB035", R2, 32)],
    ),
    (
        "mb036-update-dates",
        "2025-12-31",
        &[("MB036", R2, 36), ("MB036", R2, 39)],
    ),
    (
        "mb060-gap",
        "2025-12-31",
        &[("MB060", R2, 1), ("MB061", R2, 0)],
    ),
    ("mb061-next-overdue", "2026-02-01", &[("MB061", R2, 0)]),
    // `next_review: 2025-12-01` with 14 days' slack: not yet, then overdue
    // (MB061 on the `next_review` line), long before the cadence would say so.
    ("mb061-planned-date", "2025-12-10", &[]),
    ("mb061-planned-date", "2026-01-01", &[("MB061", R2, 6)]),
    // A gap 30 days beyond a five-month cadence: within 30 days' slack, not 29.
    ("mb060-within-tolerance", "2025-12-31", &[]),
    ("mb060-beyond-tolerance", "2025-12-31", &[("MB060", R2, 1)]),
    // A 2013 control in a 2022 review (its qualified form in another is valid).
    ("mb027-2013-reference", "2025-12-31", &[("MB027", R2, 30)]),
    // 2022 controls in reviews dated under 2013 (one mapped, one new in 2022).
    (
        "mb027-2022-reference-in-2013-review",
        "2025-12-31",
        &[("MB027", R1, 30), ("MB027", R2, 29)],
    ),
    // Reviews from 2019 to 2026 across the 2013 -> 2022 transition.
    ("history-transition", "2026-02-01", &[]),
    (
        "mb004-history-values",
        "2025-12-31",
        &[
            ("MB004", "minutebook.yaml", 3),
            ("MB004", "minutebook.yaml", 6),
            ("MB004", "minutebook.yaml", 8),
            ("MB004", R2, 6),
            ("MB003", AUDIT, 6),
        ],
    ),
    (
        "mb070-broken-links",
        "2025-12-31",
        &[
            ("MB070", R1, 77),
            ("MB070", R1, 77),
            ("MB070", R1, 79),
            ("MB070", R1, 79),
            ("MB070", R1, 79),
        ],
    ),
    ("mb040-missing-evidence", "2025-12-31", &[("MB040", R2, 34)]),
    (
        "mb041-evidence-escapes",
        "2025-12-31",
        &[
            ("MB041", AUDIT, 14),
            ("MB041", AUDIT, 15),
            ("MB041", AUDIT, 16),
        ],
    ),
    (
        "mb042-evidence-changed",
        "2025-12-31",
        &[("MB042", "evidence.lock", 3)],
    ),
    (
        "mb043-unreferenced-evidence",
        "2025-12-31",
        &[("MB043", "content/evidence/2025/stray-notes.txt", 0)],
    ),
    (
        "mb044-locked-file-gone",
        "2025-12-31",
        &[("MB044", "evidence.lock", 1)],
    ),
    // Current evidence past its valid_until: cited by the latest scheduled
    // review, by a record dated after it, and by an update of an open
    // action; the same certificate cited by R1 is history (no finding).
    (
        "mb045-expired-evidence",
        "2025-12-31",
        &[
            ("MB045", R2, 42),
            ("MB045", "content/records/2025-09-01-note.md", 6),
            ("MB045", AUDIT, 11),
        ],
    ),
    // Outside evidence and valid_until that are fine: a valid certificate,
    // one expiring soon, and expired ones that newer evidence replaced.
    ("outside-evidence", "2025-12-31", &[]),
    // ftp:, javascript:, both path and url, a bad sha256, retrieved after
    // the as-of date, neither path nor url, sha256 on a file.
    (
        "mb004-outside-evidence",
        "2025-12-31",
        &[
            ("MB004", NOTE_08, 6),
            ("MB004", NOTE_08, 7),
            ("MB004", NOTE_08, 8),
            ("MB004", NOTE_08, 9),
            ("MB004", NOTE_08, 10),
            ("MB004", NOTE_08, 11),
            ("MB004", NOTE_08, 12),
        ],
    ),
    (
        "mb004-malformed-lock",
        "2025-12-31",
        &[("MB004", "evidence.lock", 4)],
    ),
    (
        "mb050-changed-after-signoff",
        "2025-12-31",
        &[("MB050", R1, 0)],
    ),
    ("mb051-not-signed-off", "2025-12-31", &[("MB051", R2, 0)]),
    (
        "mb052-signer-may-not-sign",
        "2025-12-31",
        &[
            ("MB052", "content/signoffs.yaml", 4),
            ("MB052", "content/signoffs.yaml", 5),
        ],
    ),
    (
        "mb080-undefined-metric",
        "2025-12-31",
        &[("MB080", R2, 41), ("MB080", "minutebook.yaml", 11)],
    ),
];

#[test]
fn every_fixture_gives_exactly_its_findings() {
    let mut failures = Vec::new();
    for (name, as_of, expected) in CASES {
        let (code, seen, json) = check(&fixture(name), as_of);
        let mut want: Vec<(String, String, u32)> = expected
            .iter()
            .map(|(c, f, l)| (c.to_string(), f.to_string(), *l))
            .collect();
        want.sort();
        if seen != want {
            failures.push(format!(
                "{name}: expected {want:?}\n  got {seen:?}\n  {json}"
            ));
        }
        let errors = expected
            .iter()
            .filter(|(c, _, _)| {
                !matches!(
                    *c,
                    "MB022" | "MB026" | "MB034" | "MB043" | "MB045" | "MB051" | "MB060" | "MB061"
                )
            })
            .count();
        let want_code = if errors > 0 { 1 } else { 0 };
        if code != want_code {
            failures.push(format!("{name}: exit code {code}, expected {want_code}"));
        }
        assert_eq!(
            json["errors"].as_u64(),
            Some(errors as u64),
            "{name}: error count"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn messages_name_what_they_are_about() {
    let (_, _, json) = check(&fixture("mb020-input-not-covered"), "2025-12-31");
    let f = &json["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["line"], 10, "MB020 points at the `covers:` key");
    assert_eq!(f["column"], 1);
    assert_eq!(
        f["message"],
        "review MR-2025-07 does not cover input 9.3.2.c (changes in needs and expectations of interested parties)"
    );
    let (_, _, json) = check(&fixture("mb003-unknown-key"), "2025-12-31");
    let msg = json["findings"][1]["message"].as_str().unwrap();
    assert_eq!(
        msg,
        "unknown key `ref` in an action of IA-2025-03 (did you mean `refs`?)"
    );
    let (_, _, json) = check(&fixture("mb010-unknown-person"), "2025-12-31");
    let msgs: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("`it-led`") && m.contains("did you mean `it-lead`")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("`dpo`") && m.contains("left on 2025-05-31")),
        "{msgs:?}"
    );
}

/// MB037 says why the nonconformity has no corrective action; MB038 says
/// which name is unknown and, for a decision, where the action really is;
/// MB004 and MB010 name the action and the decision.
#[test]
fn nonconformity_messages_name_what_they_are_about() {
    let messages = |name: &str| -> Vec<String> {
        let (_, _, json) = check(&fixture(name), "2025-12-31");
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    let mb037 = messages("mb037-no-corrective-action");
    assert!(
        mb037.contains(&"major nonconformity NC-2025-02 found in IA-2025-03 has no corrective action: no action `closes` it (10.2)".to_string()),
        "{mb037:?}"
    );
    assert!(
        mb037.iter().any(|m| m.contains("NC-2025-03")
            && m.contains("(A-2025-04) was cancelled, and a cancelled action closes nothing")),
        "{mb037:?}"
    );
    let mb038 = messages("mb038-unknown-names");
    assert!(
        mb038
            .iter()
            .any(|m| m.contains("closes `NC-2025-09`") && m.contains("did you mean `NC-2025-01`")),
        "{mb038:?}"
    );
    assert!(
        mb038.iter().any(|m| m
            .contains("decision D-MR-2025-07 names action `A-2025-07`, which no document raises")),
        "{mb038:?}"
    );
    assert!(
        mb038.iter().any(|m| m.contains(
            "decision D-MR-2025-01 names action A-2025-02, which is raised in MR-2025-07"
        )),
        "{mb038:?}"
    );
    let mb004 = messages("mb004-nonconformity-values");
    assert!(
        mb004.iter().any(|m| m.contains("action A-2025-03 closes NC-2025-01 but its kind is `improvement`")),
        "{mb004:?}"
    );
    assert!(
        mb004
            .iter()
            .any(|m| m.contains("unknown person `cio` as owner of decision D-MR-2025-07")),
        "{mb004:?}"
    );
}

#[test]
fn json_has_the_shape_of_the_spec() {
    let (_, _, json) = check(&fixture("mb060-gap"), "2025-12-31");
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 2);
    for f in json["findings"].as_array().unwrap() {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["code", "column", "file", "line", "message", "severity"]
                .iter()
                .copied()
                .filter(|k| keys.contains(k))
                .collect::<Vec<_>>()
        );
        for k in ["code", "severity", "file", "line", "column", "message"] {
            assert!(f.get(k).is_some(), "missing {k} in {f}");
        }
    }
    // MB061 has no line: null, not absent.
    let mb061 = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "MB061")
        .unwrap();
    assert!(mb061["line"].is_null() && mb061["column"].is_null());
}

#[test]
fn human_output_quotes_the_line_and_its_neighbours_with_a_caret_help_and_a_count() {
    let root = fixture("mb020-input-not-covered");
    let out = common::run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = "error[MB020]: review MR-2025-07 does not cover input 9.3.2.c (changes in needs and expectations of interested parties)\n  --> content/reviews/2025-07-15-mr-2025-07.md:10:1\n   |\n 9 | apologies: [cfo]\n10 | covers:\n   | ^\n11 |   9.3.2.a: previous-actions\n   |\n   = help: add `9.3.2.c: <anchor>` under `covers:` and a section with that heading anchor\n\ncheck failed: 1 error, 0 warnings\n";
    assert_eq!(text, expected);
}

#[test]
fn github_annotations_and_exit_codes() {
    let root = fixture("mb060-gap");
    let out = common::run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2025-12-31",
        "--format",
        "github",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("::warning file=content/reviews/2025-07-15-mr-2025-07.md,line=1,col=1,title=MB060::MB060: "), "{text}");
    assert_eq!(out.status.code(), Some(0), "warnings alone pass");
    let out = common::run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2025-12-31",
        "--deny-warnings",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--deny-warnings fails on warnings"
    );
    // Flags are accepted before the command too.
    let out = common::run(&[
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2025-12-31",
        "--quiet",
        "check",
    ]);
    assert_eq!(out.status.code(), Some(0));
    // Usage errors exit 2.
    let out = common::run(&["check", "--as-of", "2025-13-45"]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::run(&["check", "--root", "/nonexistent/site"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn as_of_comes_from_source_date_epoch_when_not_given() {
    let root = fixture("mb034-overdue");
    // 2025-10-01: A-2025-02 (due 2025-10-31) is not yet overdue.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args([
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ])
        .env("SOURCE_DATE_EPOCH", "1759276800")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["warnings"], 0, "{json}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args([
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ])
        .env("SOURCE_DATE_EPOCH", "1767139200")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["warnings"], 1, "{json}");
}

#[test]
fn every_check_fixture_is_in_the_table() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("mb")
            || name == "clean"
            || name == "extraordinary-review"
            || name == "nonconformities"
        {
            assert!(
                CASES.iter().any(|(n, _, _)| *n == name),
                "fixture {name} is not checked"
            );
        }
    }
}
