//! Evidence integrity end to end with the real binary: evidence.lock against
//! coreutils `sha256sum`, tampering, deletion, deliberate acceptance, and the
//! sign-off round trip.

mod common;
use common::{check, run, scratch_copy};
use std::fs;
use std::path::Path;
use std::process::Command;

const AS_OF: &str = "2025-12-31";

fn codes(root: &Path) -> Vec<String> {
    let (_, seen, _) = check(root, AS_OF);
    seen.into_iter()
        .map(|(c, f, _)| format!("{c} {f}"))
        .collect()
}

fn sha256sum_check(root: &Path, file: &str) -> bool {
    Command::new("sha256sum")
        .args(["-c", "--strict", file])
        .current_dir(root)
        .status()
        .expect("sha256sum (coreutils) must be installed")
        .success()
}

#[test]
fn lock_written_by_minutebook_passes_sha256sum_and_the_reverse() {
    let site = scratch_copy("clean");
    let root = site.path();
    fs::remove_file(root.join("evidence.lock")).unwrap();
    // A site without a lock is valid, and `check` never writes one.
    assert_eq!(codes(root), Vec::<String>::new());
    assert!(!root.join("evidence.lock").exists());
    let out = run(&["lock", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lock = fs::read_to_string(root.join("evidence.lock")).unwrap();
    assert_eq!(lock.lines().count(), 3, "{lock}");
    assert!(
        lock.lines().all(|l| l.len() > 66
            && &l[64..66] == "  "
            && l[66..].starts_with("content/evidence/"))
    );
    let mut sorted: Vec<&str> = lock.lines().map(|l| &l[66..]).collect();
    sorted.sort();
    assert_eq!(
        sorted,
        lock.lines().map(|l| &l[66..]).collect::<Vec<_>>(),
        "sorted by path"
    );
    assert!(sha256sum_check(root, "evidence.lock"));

    // The reverse: a lock written by coreutils is accepted as it is.
    let made = Command::new("sh")
        .arg("-c")
        .arg("find content/evidence -type f | sort | xargs sha256sum > evidence.lock")
        .current_dir(root)
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(codes(root), Vec::<String>::new());
}

#[test]
fn a_flipped_byte_is_mb042_until_accepted() {
    let site = scratch_copy("clean");
    let root = site.path();
    let file = root.join("content/evidence/2025/mfa-report.txt");
    let mut bytes = fs::read(&file).unwrap();
    bytes[0] ^= 0x01;
    fs::write(&file, &bytes).unwrap();
    assert_eq!(codes(root), ["MB042 evidence.lock"]);
    assert!(
        !sha256sum_check(root, "evidence.lock"),
        "coreutils sees the tampering too"
    );
    // `lock` alone does not hide the change.
    let out = run(&["lock", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(root), ["MB042 evidence.lock"]);
    // `lock --accept` records it, printing old -> new.
    let out = run(&[
        "lock",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--accept",
        "content/evidence/2025/mfa-report.txt",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("accepted change of content/evidence/2025/mfa-report.txt")
            && text.contains(" -> "),
        "{text}"
    );
    assert_eq!(codes(root), Vec::<String>::new());
    assert!(sha256sum_check(root, "evidence.lock"));
}

#[test]
fn a_deleted_locked_file_is_mb044_until_its_removal_is_accepted() {
    let site = scratch_copy("clean");
    let root = site.path();
    fs::remove_file(root.join("content/evidence/2025/risk-register.csv")).unwrap();
    let seen = codes(root);
    assert!(
        seen.contains(&"MB044 evidence.lock".to_string()),
        "{seen:?}"
    );
    assert!(
        seen.contains(&"MB040 content/reviews/2025-01-15-mr-2025-01.md".to_string()),
        "{seen:?}"
    );
    let out = run(&[
        "lock",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--accept",
        "evidence/2025/risk-register.csv",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("accepted removal"));
    let seen = codes(root);
    assert!(!seen.iter().any(|c| c.starts_with("MB044")), "{seen:?}");
}

#[test]
fn signoff_round_trip_approve_edit_reapprove() {
    let site = scratch_copy("clean");
    let root = site.path();
    let review = "content/reviews/2025-07-15-mr-2025-07.md";
    // Edit after sign-off: MB050.
    let path = root.join(review);
    let text = fs::read_to_string(&path).unwrap().replace(
        "Keep the ISMS scope unchanged.",
        "Keep the ISMS scope unchanged for now.",
    );
    fs::write(&path, text).unwrap();
    assert_eq!(codes(root), [format!("MB050 {review}")]);
    // A person who may not sign is refused, nothing written.
    let before = fs::read(root.join("content/signoffs.yaml")).unwrap();
    let out = run(&[
        "approve",
        review,
        "--by",
        "it-lead",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("may not sign off"));
    assert_eq!(
        fs::read(root.join("content/signoffs.yaml")).unwrap(),
        before
    );
    // The chair approves again: clean, history kept.
    let out = run(&[
        "approve",
        review,
        "--by",
        "ceo",
        "--date",
        "2025-07-20",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sheet = fs::read_to_string(root.join("content/signoffs.yaml")).unwrap();
    assert!(
        sheet.starts_with(std::str::from_utf8(&before).unwrap()),
        "existing entries kept byte for byte"
    );
    assert_eq!(sheet.matches("reviews/2025-07-15-mr-2025-07.md").count(), 2);
    assert_eq!(codes(root), Vec::<String>::new());
}

#[test]
fn crlf_documents_are_signed_as_their_exact_bytes() {
    let site = scratch_copy("clean");
    let root = site.path();
    let review = "content/reviews/2025-07-15-mr-2025-07.md";
    let path = root.join(review);
    let crlf = fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    fs::write(&path, &crlf).unwrap();
    // Same text, other bytes: the LF approval no longer matches.
    assert_eq!(codes(root), [format!("MB050 {review}")]);
    let out = run(&[
        "approve",
        review,
        "--by",
        "ceo",
        "--date",
        "2025-07-20",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let sheet = fs::read_to_string(root.join("content/signoffs.yaml")).unwrap();
    let digest = minutebook::fsx::hash::sha256_bytes(crlf.as_bytes());
    assert!(sheet.contains(&digest), "the digest is of the CRLF bytes");
    assert_eq!(codes(root), Vec::<String>::new());
}

#[test]
fn escaping_evidence_paths_are_never_read_or_published() {
    let (_, seen, _) = check(&common::fixture("mb041-evidence-escapes"), AS_OF);
    assert_eq!(
        seen.iter().filter(|(c, _, _)| c == "MB041").count(),
        3,
        "{seen:?}"
    );
    // The build refuses (errors), so nothing from /etc can reach a site.
    let out_dir = common::temp_dir("escape-out");
    let out = run(&[
        "build",
        "--root",
        common::fixture("mb041-evidence-escapes").to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-o",
        out_dir.path().join("site").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_dir.path().join("site").exists());
}

#[test]
fn build_adds_new_files_to_the_lock() {
    let site = scratch_copy("clean");
    let root = site.path();
    fs::write(root.join("content/evidence/2025/new.txt"), "new evidence\n").unwrap();
    let audit = root.join("content/records/2025-03-01-internal-audit.md");
    let text = fs::read_to_string(&audit)
        .unwrap()
        .replace("evidence:\n", "evidence:\n  - evidence/2025/new.txt\n");
    fs::write(&audit, text).unwrap();
    let out_dir = common::temp_dir("build-lock");
    let out = common::build(root, &out_dir.path().join("site"), AS_OF);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let lock = fs::read_to_string(root.join("evidence.lock")).unwrap();
    assert!(lock.contains("  content/evidence/2025/new.txt\n"), "{lock}");
    assert!(sha256sum_check(root, "evidence.lock"));
}

/// The inode of a file (the same file when two paths share it).
#[cfg(unix)]
fn inode(p: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let m = fs::metadata(p).unwrap();
    (m.dev(), m.ino())
}

/// On the same file system a build links each evidence file instead of
/// copying it (allocating 45,000 files was most of a large build's time on
/// disk); `--copy-evidence` copies; either way SHA256SUMS holds; a bundle
/// always holds real bytes, and editing the evidence afterwards shows up in
/// `verify` of a linked output instead of passing unseen.
#[cfg(unix)]
#[test]
fn evidence_is_linked_on_one_file_system_and_copied_on_request() {
    let site = scratch_copy("clean");
    let root = site.path();
    let evidence = root.join("content/evidence/2025/mfa-report.txt");
    let build = |extra: &[&str], out: &Path| {
        let done = common::build_with(root, out, AS_OF, extra);
        assert_eq!(
            done.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    };
    // Inside the scratch copy: the same file system as content/.
    let linked = root.join("out-linked");
    build(&[], &linked);
    let published = linked.join("files/evidence/2025/mfa-report.txt");
    assert_eq!(inode(&published), inode(&evidence), "not a link");
    assert!(sha256sum_check(&linked, "SHA256SUMS"));

    let copied = root.join("out-copied");
    build(&["--copy-evidence"], &copied);
    let copy = copied.join("files/evidence/2025/mfa-report.txt");
    assert_ne!(inode(&copy), inode(&evidence), "--copy-evidence linked");
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&evidence).unwrap());
    assert!(sha256sum_check(&copied, "SHA256SUMS"));

    // Sources are always copies (minutes are edited in place by editors that
    // keep links, such as vim).
    let minutes = fs::read_dir(root.join("content/reviews"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .unwrap();
    let name = minutes.file_name().unwrap().to_str().unwrap().to_string();
    assert_ne!(
        inode(&linked.join("sources/content/reviews").join(&name)),
        inode(&minutes)
    );

    // An in-place edit of linked evidence is a mismatch verify reports.
    let mut bytes = fs::read(&evidence).unwrap();
    bytes.push(b'!');
    fs::write(&evidence, &bytes).unwrap();
    let verified = run(&["verify", linked.to_str().unwrap()]);
    assert_eq!(
        verified.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );
    let copied_verified = run(&["verify", copied.to_str().unwrap()]);
    assert_eq!(copied_verified.status.code(), Some(0));
}
