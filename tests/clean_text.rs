//! Issue 18, "bounded work, clean text": what minutebook prints or exports
//! from input can neither drive a terminal nor run in a spreadsheet, date
//! arithmetic on configured windows cannot wrap, and an evidence file whose
//! name a written path cannot spell is reported, not silently left unlocked.
//! Each case starts from the `clean` fixture with one change.

mod common;
use common::{check, run, scratch_copy};
use std::fs;
use std::path::Path;

const AUDIT: &str = "content/records/2025-03-01-internal-audit.md";
const R2: &str = "content/reviews/2025-07-15-mr-2025-07.md";

fn root_arg(root: &Path) -> &str {
    root.to_str().expect("temporary folders have UTF-8 names")
}

/// `check`'s human output escapes control characters from file names, the
/// lock and the quoted source line (terminal escape injection).
#[test]
fn human_output_prints_no_control_characters_from_input() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    // A lock line naming a file with an escape sequence in its name, and an
    // unreferenced evidence file with one.
    let lock = root.join("evidence.lock");
    let mut text = fs::read_to_string(&lock).unwrap();
    text.push_str(&format!(
        "{}  content/evidence/2025/gone-\u{1b}[2J.txt\n",
        "0".repeat(64)
    ));
    fs::write(&lock, text).unwrap();
    fs::write(
        root.join("content/evidence/2025/unused-\u{1b}]0;pwned\u{7}.txt"),
        b"x",
    )
    .unwrap();
    // An unknown key whose line holds a bell and an escape.
    let audit = root.join(AUDIT);
    let text = fs::read_to_string(&audit).unwrap();
    fs::write(
        &audit,
        text.replacen(
            "kind: audit\n",
            "kind: audit\ncolour: \"\u{1b}[31mred\u{7}\"\n",
            1,
        ),
    )
    .unwrap();
    let out = run(&["check", "--root", root_arg(root), "--as-of", "2025-12-31"]);
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for (i, c) in printed.char_indices() {
        assert!(
            !c.is_control() || c == '\n',
            "control character {c:?} at byte {i} of:\n{printed}"
        );
    }
    assert!(printed.contains("gone-\\u{1b}[2J.txt"), "{printed}");
    assert!(
        printed.contains("unused-\\u{1b}]0;pwned\\u{7}.txt"),
        "{printed}"
    );
    assert!(printed.contains("\\u{1b}[31mred\\u{7}"), "{printed}");
}

/// `data/actions.csv` neutralises cells a spreadsheet would run (OWASP: a
/// leading `'` and quotes), and `actions --format csv` prints the same.
#[test]
fn csv_cells_that_start_a_formula_are_neutralised() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    let review = root.join(R2);
    let text = fs::read_to_string(&review).unwrap();
    let text = text.replacen(
        "title: Replace the backup appliance",
        "title: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"open\\\")\"",
        1,
    );
    fs::write(&review, text).unwrap();
    let approved = run(&[
        "approve",
        R2,
        "--by",
        "ceo",
        "--date",
        "2025-07-20",
        "--root",
        root_arg(root),
    ]);
    assert!(approved.status.success(), "{approved:?}");
    let out = root.join("out");
    let built = common::build(root, &out, "2025-12-31");
    assert!(built.status.code().is_some(), "build ran");
    let csv = fs::read_to_string(out.join("data/actions.csv")).expect("the site was written");
    let row = csv
        .lines()
        .find(|l| l.starts_with("A-2025-02,"))
        .expect("a row for A-2025-02");
    assert!(
        row.starts_with("A-2025-02,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\","),
        "{row}"
    );
    let terminal = run(&[
        "actions",
        "--root",
        root_arg(root),
        "--as-of",
        "2025-12-31",
        "--format",
        "csv",
    ]);
    let printed = String::from_utf8_lossy(&terminal.stdout);
    assert!(printed.contains(row), "{printed}");
}

/// Windows so large that adding them to a date would wrap are MB004 on their
/// key, and the build still answers with the defaults.
#[test]
fn configured_windows_are_bounded() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    let config = root.join("minutebook.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let text = text
        .replacen("cadence_months: 12", "cadence_months: 4294967295", 1)
        .replacen(
            "signoff_within_days: 30",
            "signoff_within_days: 4000000000",
            1,
        );
    fs::write(&config, format!("{text}retention_years: 1000\n")).unwrap();
    let (code, seen, json) = check(root, "2025-12-31");
    assert_eq!(code, 1);
    let on_config: Vec<(String, u32)> = seen
        .iter()
        .filter(|(_, f, _)| f == "minutebook.yaml")
        .map(|(c, _, l)| (c.clone(), *l))
        .collect();
    assert_eq!(
        on_config,
        vec![
            ("MB004".to_string(), 4),
            ("MB004".to_string(), 5),
            ("MB004".to_string(), 12),
        ],
        "{json}"
    );
    // With the defaults in force, the clean fixture has nothing else to say.
    assert_eq!(seen.len(), 3, "{json}");
}

/// An evidence file named with a backslash cannot be written in a document
/// (a backslash there is a folder separator), nor published faithfully: it
/// is MB040 on the file, not silently left out of the lock and the site.
#[test]
fn an_evidence_file_named_with_a_backslash_is_reported() {
    let dir = scratch_copy("clean");
    let root = dir.path();
    fs::write(root.join("content/evidence/2025/odd\\name.txt"), b"x").unwrap();
    let (code, seen, json) = check(root, "2025-12-31");
    assert_eq!(code, 1, "{json}");
    assert_eq!(
        seen,
        vec![(
            "MB040".to_string(),
            "content/evidence/2025/odd\\name.txt".to_string(),
            0
        )],
        "{json}"
    );
    let message = json["findings"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("backslash"), "{message}");
}
