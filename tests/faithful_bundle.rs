//! What an auditor can check about a bundle beyond its own `SHA256SUMS`
//! (issue 18 items 15 and 16), through the real binary and coreutils:
//!
//! - the SHA-256 of the zip, printed by `bundle` and `verify`, is the one
//!   `sha256sum` gives, as the audit page tells the auditor to compare;
//! - `verify` compares the digests `data/site.json` records with the files,
//!   so a `SHA256SUMS` edited to match a tampered file no longer passes;
//! - the bundle carries the sources (`sources/`), and the commands the
//!   audit page prints work as written in the unzipped folder, and fail
//!   when a minutes file or an evidence file was changed.

mod common;

use common::{run, scratch_copy, tempdir};
use minutebook::date::Date;
use minutebook::fsx::hash::{sha256_bytes, sha256_file};
use minutebook::site::bundle::write_zip;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2025-12-31";
const REVIEW: &str = "content/reviews/2025-01-15-mr-2025-01.md";
const EVIDENCE: &str = "evidence/2025/mfa-report.txt";

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "{}", text(&out));
    out
}

/// The value of the `SHA-256 of the bundle: <hex>` line.
fn printed_digest(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("SHA-256 of the bundle: "))
        .unwrap_or_else(|| panic!("no bundle digest printed:\n{}", text(out)));
    assert_eq!(line.len(), 64, "{line}");
    line.to_string()
}

/// Runs `sh -c command` in `dir`.
fn sh(dir: &Path, command: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

/// The text of every `<code class="…">` element with `class`, HTML
/// entities decoded: exactly what the page shows the auditor.
fn commands(html: &str, class: &str) -> Vec<String> {
    let open = format!("<code class=\"{class}\">");
    html.split(open.as_str())
        .skip(1)
        .map(|rest| {
            let code = &rest[..rest.find("</code>").expect("closed <code>")];
            code.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&#x2F;", "/")
                .replace("&amp;", "&")
        })
        .collect()
}

/// The only folder in `dir` (what `unzip` made of the bundle).
fn only_folder(dir: &Path) -> PathBuf {
    let folders: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    folders[0].clone()
}

/// Replaces the digest of `rel` in the folder's `SHA256SUMS` with the
/// digest of its current bytes, as someone covering a change would.
fn cover_in_sums(site: &Path, rel: &str) {
    let sums = fs::read_to_string(site.join("SHA256SUMS")).unwrap();
    let (digest, _) = sha256_file(&site.join(rel)).unwrap();
    let suffix = format!("  {rel}");
    let mut found = false;
    let edited: String = sums
        .lines()
        .map(|line| {
            if line.ends_with(&suffix) {
                found = true;
                format!("{digest}{suffix}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(found, "{rel} is listed");
    fs::write(site.join("SHA256SUMS"), edited).unwrap();
}

/// Drops the line of `rel` from the folder's `SHA256SUMS`.
fn drop_from_sums(site: &Path, rel: &str) {
    let sums = fs::read_to_string(site.join("SHA256SUMS")).unwrap();
    let suffix = format!("  {rel}");
    let edited: String = sums
        .lines()
        .filter(|l| !l.ends_with(&suffix))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(site.join("SHA256SUMS"), edited).unwrap();
}

fn verify(path: &Path) -> Output {
    run(&["verify", path.to_str().unwrap()])
}

/// Asserts `verify` fails with an INCONSISTENT line containing `needle`.
fn assert_inconsistent(path: &Path, needle: &str) {
    let out = verify(path);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("INCONSISTENT ") && l.contains(needle)),
        "no INCONSISTENT line with {needle:?}:\n{stdout}"
    );
}

#[test]
fn audit_page_commands_work_as_written_in_an_unzipped_bundle() {
    let site = scratch_copy("clean");
    let root = site.path().to_str().unwrap();
    let bundled = ok(run(&["--root", root, "--as-of", AS_OF, "bundle"]));
    let digest = printed_digest(&bundled);
    let zips: Vec<PathBuf> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    assert_eq!(zips.len(), 1, "{zips:?}");
    let zip = &zips[0];
    assert_eq!(sha256_file(zip).unwrap().0, digest, "the digest printed");

    // verify prints the same digest of the zip, and passes.
    let verified = ok(verify(zip));
    assert_eq!(printed_digest(&verified), digest);

    let unzipped = tempdir::Dir::new("unzipped");
    ok(Command::new("unzip")
        .arg("-q")
        .arg(zip)
        .arg("-d")
        .arg(unzipped.path())
        .output()
        .expect("unzip is installed (apt-get install -y unzip)"));
    let top = only_folder(unzipped.path());
    let page = fs::read_to_string(top.join("audit/index.html")).unwrap();

    // The bundle's own digest: the page's command, run where the zip is,
    // gives the digest `bundle` printed (the one sent separately).
    let bundle_commands = commands(&page, "verify-bundle");
    assert_eq!(bundle_commands.len(), 1, "{bundle_commands:?}");
    assert!(page.contains("separate channel"), "the page says why");
    let out = ok(sh(site.path(), &bundle_commands[0]));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(&format!("{digest}  ")),
        "{}",
        text(&out)
    );

    // The sources are the site's own files, byte for byte.
    for rel in [
        "minutebook.yaml",
        "evidence.lock",
        "content/people.yaml",
        "content/signoffs.yaml",
        REVIEW,
        "content/reviews/2025-07-15-mr-2025-07.md",
        "content/records/2025-03-01-internal-audit.md",
    ] {
        assert_eq!(
            fs::read(top.join("sources").join(rel)).unwrap(),
            fs::read(site.path().join(rel)).unwrap(),
            "sources/{rel}"
        );
    }

    // Every command the page prints works as written in the top folder:
    // SHA256SUMS, the evidence lock, the minutes against their sign-offs.
    let run_here = commands(&page, "verify-command");
    assert_eq!(run_here.len(), 3, "{run_here:#?}");
    assert_eq!(run_here[0], "sha256sum -c SHA256SUMS");
    for command in &run_here {
        let out = ok(sh(&top, command));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.lines().count() > 0 && stdout.lines().all(|l| l.ends_with(": OK")),
            "{command}:\n{stdout}"
        );
    }
    let lock = &run_here[1];
    let signoffs = &run_here[2];
    let out = sh(&top, signoffs);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("sources/{REVIEW}: OK")),
        "{}",
        text(&out)
    );

    // A minutes file changed after its sign-off: the re-hash shows it.
    let minutes = top.join("sources").join(REVIEW);
    let original = fs::read(&minutes).unwrap();
    let mut changed = original.clone();
    changed.extend(b"\nOne more decision nobody approved.\n");
    fs::write(&minutes, &changed).unwrap();
    let out = sh(&top, signoffs);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("sources/{REVIEW}: FAILED")),
        "{}",
        text(&out)
    );
    fs::write(&minutes, &original).unwrap();
    ok(sh(&top, signoffs));

    // An evidence file changed: the lock check shows it.
    let evidence = top.join("files").join(EVIDENCE);
    let original = fs::read(&evidence).unwrap();
    fs::write(&evidence, b"a different report\n").unwrap();
    let out = sh(&top, lock);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("files/{EVIDENCE}: FAILED")),
        "{}",
        text(&out)
    );
    fs::write(&evidence, &original).unwrap();
    ok(sh(&top, lock));
}

#[test]
fn a_sums_file_edited_to_match_a_tampered_file_is_caught() {
    let site = scratch_copy("clean");
    let out_dir = tempdir::Dir::new("tampered");
    let public = out_dir.path().join("public");
    ok(run(&[
        "--root",
        site.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "build",
        "-o",
        public.to_str().unwrap(),
    ]));
    let clean = ok(verify(&public));
    assert!(
        !String::from_utf8_lossy(&clean.stdout).contains("SHA-256 of the bundle"),
        "a folder has no bundle digest"
    );
    let json = fs::read_to_string(public.join("data/site.json")).unwrap();
    let approved = sha256_bytes(&fs::read(public.join("files").join(EVIDENCE)).unwrap());
    assert!(json.contains(&approved), "site.json records the digest");

    // An evidence file is swapped and its SHA256SUMS line edited to match:
    // sha256sum -c alone passes, verify does not.
    let evidence = format!("files/{EVIDENCE}");
    let original = fs::read(public.join(&evidence)).unwrap();
    fs::write(public.join(&evidence), b"MFA coverage: 100 % (edited)\n").unwrap();
    cover_in_sums(&public, &evidence);
    ok(sh(&public, "sha256sum -c --quiet SHA256SUMS"));
    let tampered = sha256_bytes(b"MFA coverage: 100 % (edited)\n");
    assert_inconsistent(
        &public,
        &format!("evidence `content/{EVIDENCE}` as {approved} but {evidence} hashes to {tampered}"),
    );

    // The same in a zip.
    let zip = out_dir.path().join("tampered.zip");
    write_zip(
        &public,
        "top",
        &zip,
        Date::from_ymd(2025, 12, 31).unwrap(),
        false,
    )
    .unwrap();
    assert_inconsistent(&zip, &format!("{evidence} hashes to {tampered}"));
    fs::write(public.join(&evidence), &original).unwrap();
    cover_in_sums(&public, &evidence);
    ok(verify(&public));

    // A minutes file under sources/, changed and covered the same way.
    let minutes = format!("sources/{REVIEW}");
    let original = fs::read(public.join(&minutes)).unwrap();
    let mut changed = original.clone();
    changed.extend(b"\nA decision nobody approved.\n");
    fs::write(public.join(&minutes), &changed).unwrap();
    cover_in_sums(&public, &minutes);
    assert_inconsistent(
        &public,
        &format!(
            "document `{REVIEW}` as {} but {minutes} hashes to",
            sha256_bytes(&original)
        ),
    );
    fs::write(public.join(&minutes), &original).unwrap();
    cover_in_sums(&public, &minutes);
    ok(verify(&public));

    // Evidence removed together with its line: site.json still names it.
    fs::remove_file(public.join(&evidence)).unwrap();
    drop_from_sums(&public, &evidence);
    assert_inconsistent(&public, &format!("but the site has no {evidence}"));
    fs::write(public.join(&evidence), original_evidence(&site, EVIDENCE)).unwrap();
    cover_in_sums_add(&public, &evidence);
    ok(verify(&public));

    // Removing site.json itself (and its line) does not skip the check.
    fs::remove_file(public.join("data/site.json")).unwrap();
    drop_from_sums(&public, "data/site.json");
    assert_inconsistent(&public, "data/site.json is not there");
}

/// The bytes of an evidence file in the source site.
fn original_evidence(site: &tempdir::Dir, rel: &str) -> Vec<u8> {
    fs::read(site.path().join("content").join(rel)).unwrap()
}

/// Adds a line for `rel` back to the folder's `SHA256SUMS`, sorted.
fn cover_in_sums_add(site: &Path, rel: &str) {
    let sums = fs::read_to_string(site.join("SHA256SUMS")).unwrap();
    let (digest, _) = sha256_file(&site.join(rel)).unwrap();
    let mut lines: Vec<String> = sums.lines().map(str::to_string).collect();
    lines.push(format!("{digest}  {rel}"));
    lines.sort_by(|a, b| a.as_bytes()[66..].cmp(&b.as_bytes()[66..]));
    fs::write(site.join("SHA256SUMS"), lines.join("\n") + "\n").unwrap();
}

#[test]
fn the_signoff_command_fails_exactly_where_the_site_reports_mb050() {
    // A review changed after its sign-off still builds (its page says so);
    // the audit page's re-hash against signoffs.yaml fails on that review
    // and on no other, while the site itself verifies as published.
    let site = scratch_copy("mb050-changed-after-signoff");
    let out_dir = tempdir::Dir::new("mb050-out");
    let public = out_dir.path().join("public");
    let built = run(&[
        "--root",
        site.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "build",
        "-o",
        public.to_str().unwrap(),
    ]);
    assert!(text(&built).contains("MB050"), "{}", text(&built));
    ok(verify(&public));
    let page = fs::read_to_string(public.join("audit/index.html")).unwrap();
    let signoffs = commands(&page, "verify-command")
        .into_iter()
        .find(|c| c.starts_with("sha256sum -c <<"))
        .expect("a sign-off command");
    let out = sh(&public, &signoffs);
    assert!(!out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let failed: Vec<&str> = stdout.lines().filter(|l| l.ends_with(": FAILED")).collect();
    assert_eq!(
        failed,
        vec![format!("sources/{REVIEW}: FAILED")],
        "{stdout}"
    );
}
