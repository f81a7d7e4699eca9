//! `SHA256SUMS`, the bundle zip and `verify`, through the library API only,
//! against the real `sha256sum` and `unzip` an auditor would use.

use minutebook::date::Date;
use minutebook::fsx::hash::{sha256_bytes, sha256_file};
use minutebook::site::bundle::write_zip;
use minutebook::site::sums::{SUMS_FILE, parse_sums, sha256sums, write_sums};
use minutebook::site::verify::{VerifyReport, verify};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

static N: AtomicU64 = AtomicU64::new(0);

/// A fresh empty folder for one test.
fn temp_dir(tag: &str) -> PathBuf {
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "minutebook-verify-{tag}-{}-{n}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn date() -> Date {
    Date::from_ymd(2025, 3, 14).unwrap()
}

fn put(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Bytes that look like a binary file (pseudo-random, all byte values,
/// different for each seed, incompressible).
fn binary(len: usize, seed: u8) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ u64::from(seed);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// Site-relative paths of the fake site, sorted.
const SITE_FILES: &[&str] = &[
    "a/b/c/deep.txt",
    "data/actions.csv",
    "data/site.json",
    "evidence/files/2025/scan report.pdf",
    "files/a name with space.txt",
    "index.html",
    "reviews/mr-2025-q1/index.html",
    "static/logo.png",
];

/// A small built site: nested folders, binary files, a space in a name,
/// and its `SHA256SUMS`.
fn make_site(root: &Path) {
    let page = "<!doctype html><html><body><p>Management review</p></body></html>\n".repeat(50);
    put(root, "index.html", page.as_bytes());
    put(root, "reviews/mr-2025-q1/index.html", page.as_bytes());
    put(root, "static/logo.png", &binary(5000, 1));
    put(
        root,
        "evidence/files/2025/scan report.pdf",
        &binary(20000, 2),
    );
    put(root, "files/a name with space.txt", b"space in the name\n");
    put(root, "data/actions.csv", b"id,title\nA-1,Enforce MFA\n");
    put(root, "a/b/c/deep.txt", b"deep\n");
    put(
        root,
        "data/site.json",
        site_json(&[("a name with space.txt", b"space in the name\n")]).as_bytes(),
    );
    assert_eq!(write_sums(root).unwrap(), SITE_FILES.len());
}

/// A `data/site.json` as minutebook writes it, as far as verify reads it:
/// no documents, and these evidence files (relative to `content/`, the site
/// holding them under `files/`) with their digests.
fn site_json(evidence: &[(&str, &[u8])]) -> String {
    let evidence: Vec<String> = evidence
        .iter()
        .map(|(rel, bytes)| {
            format!(
                r#"{{"path":"content/{rel}","sha256":"{}","size":{}}}"#,
                sha256_bytes(bytes),
                bytes.len()
            )
        })
        .collect();
    format!(
        "{{\"generator\":\"minutebook test\",\"documents\":[],\"evidence\":[{}]}}\n",
        evidence.join(",")
    )
}

fn assert_clean(report: &VerifyReport, files: usize) {
    assert!(report.is_ok(), "{}", report.render());
    assert!(report.sums_found);
    assert_eq!(report.checked, files, "{}", report.render());
    assert_eq!(report.ok, files, "{}", report.render());
}

fn run_ok(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {cmd:?} ({e}); install it (apt-get install -y unzip coreutils)")
    });
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn zip_names(zip: &Path) -> Vec<String> {
    let archive = ZipArchive::new(File::open(zip).unwrap()).unwrap();
    archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect()
}

/// A zip made by hand, entries in the order given.
fn hand_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let mut zip = ZipWriter::new(File::create(path).unwrap());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn sums_of(entries: &[(&str, &[u8])]) -> String {
    let map: BTreeMap<String, String> = entries
        .iter()
        .map(|(p, b)| (p.to_string(), sha256_bytes(b)))
        .collect();
    sha256sums(&map)
}

#[test]
fn sums_match_sha256sum_and_an_independent_hash() {
    let site = temp_dir("sums");
    make_site(&site);
    // (a) the real coreutils accepts it, strictly.
    run_ok(
        Command::new("sha256sum")
            .args(["-c", "--strict", "--quiet", SUMS_FILE])
            .current_dir(&site),
    );
    // Same text as the map built by hand from streaming hashes.
    let mut expected = BTreeMap::new();
    for rel in SITE_FILES {
        expected.insert(rel.to_string(), sha256_file(&site.join(rel)).unwrap().0);
    }
    let text = fs::read_to_string(site.join(SUMS_FILE)).unwrap();
    assert_eq!(text, sha256sums(&expected));
    let (parsed, problems) = parse_sums(&text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(parsed, expected);
    // Sorted by path, two spaces, LF.
    let first_line = text.lines().next().unwrap();
    assert!(first_line.ends_with("  a/b/c/deep.txt"), "{first_line}");
}

#[cfg(unix)]
#[test]
fn escaped_names_pass_sha256sum_and_verify() {
    let site = temp_dir("escaped");
    put(&site, "back\\slash.txt", b"one");
    put(&site, "new\nline.txt", b"two");
    put(&site, "plain.txt", b"three");
    put(&site, "data/site.json", site_json(&[]).as_bytes());
    write_sums(&site).unwrap();
    let text = fs::read_to_string(site.join(SUMS_FILE)).unwrap();
    assert!(text.contains("\\") && text.lines().count() == 4, "{text:?}");
    run_ok(
        Command::new("sha256sum")
            .args(["-c", "--strict", "--quiet", SUMS_FILE])
            .current_dir(&site),
    );
    // What coreutils writes for the same files parses to the same map.
    let out = run_ok(
        Command::new("sha256sum")
            .args([
                "back\\slash.txt",
                "data/site.json",
                "new\nline.txt",
                "plain.txt",
            ])
            .current_dir(&site),
    );
    let (theirs, problems) = parse_sums(&String::from_utf8(out.stdout).unwrap());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(theirs, parse_sums(&text).0);
    assert_clean(&verify(&site).unwrap(), 4);
}

#[test]
fn folder_verification_finds_each_kind_of_change() {
    let site = temp_dir("folder");
    make_site(&site);
    // (b)
    assert_clean(&verify(&site).unwrap(), SITE_FILES.len());

    // (c) one flipped byte: exactly that file is mismatched.
    let target = site.join("evidence/files/2025/scan report.pdf");
    let original = fs::read(&target).unwrap();
    let mut flipped = original.clone();
    flipped[1234] ^= 0x01;
    fs::write(&target, &flipped).unwrap();
    let report = verify(&site).unwrap();
    assert!(!report.is_ok());
    assert_eq!(
        report.mismatched,
        vec!["evidence/files/2025/scan report.pdf"]
    );
    assert!(report.missing.is_empty() && report.extra.is_empty());
    assert_eq!(report.ok, SITE_FILES.len() - 1);
    assert!(
        report
            .render()
            .contains("MISMATCH evidence/files/2025/scan report.pdf\n"),
        "{}",
        report.render()
    );
    fs::write(&target, &original).unwrap();

    // A deleted file is missing.
    fs::remove_file(site.join("a/b/c/deep.txt")).unwrap();
    let report = verify(&site).unwrap();
    assert_eq!(report.missing, vec!["a/b/c/deep.txt"]);
    assert!(report.mismatched.is_empty() && report.extra.is_empty());
    assert!(!report.is_ok());
    put(&site, "a/b/c/deep.txt", b"deep\n");

    // An added file is extra.
    put(&site, "reviews/injected.html", b"<p>not reviewed</p>");
    let report = verify(&site).unwrap();
    assert_eq!(report.extra, vec!["reviews/injected.html"]);
    assert!(report.mismatched.is_empty() && report.missing.is_empty());
    assert!(!report.is_ok());
    assert!(
        report
            .render()
            .ends_with("verified 8 files: 8 ok, 0 mismatched, 0 missing, 1 extra\n"),
        "{}",
        report.render()
    );
    fs::remove_file(site.join("reviews/injected.html")).unwrap();
    assert_clean(&verify(&site).unwrap(), SITE_FILES.len());

    // `minutebook verify site/SHA256SUMS` means the folder.
    assert_clean(&verify(&site.join(SUMS_FILE)).unwrap(), SITE_FILES.len());
}

#[test]
fn folder_without_sums_fails_and_malformed_lines_fail() {
    let site = temp_dir("nosums");
    put(&site, "index.html", b"x");
    let report = verify(&site).unwrap();
    assert!(!report.sums_found && !report.is_ok());
    assert!(report.render().starts_with("NO SHA256SUMS"));

    let good = sha256_bytes(b"x");
    fs::write(
        site.join(SUMS_FILE),
        format!("{good}  index.html\nthis is not a checksum line\n"),
    )
    .unwrap();
    let report = verify(&site).unwrap();
    assert_eq!(report.ok, 1);
    assert_eq!(report.malformed.len(), 1, "{:?}", report.malformed);
    assert!(report.malformed[0].starts_with("SHA256SUMS line 2:"));
    assert!(!report.is_ok());
}

#[test]
fn listed_paths_that_leave_the_folder_are_unsafe_and_not_opened() {
    let root = temp_dir("unsafe-list");
    let site = root.join("site");
    put(&site, "index.html", b"x");
    put(&root, "secret.txt", b"secret");
    let secret = sha256_bytes(b"secret");
    let x = sha256_bytes(b"x");
    fs::write(
        site.join(SUMS_FILE),
        format!("{x}  index.html\n{secret}  ../secret.txt\n{secret}  /etc/passwd\n"),
    )
    .unwrap();
    let report = verify(&site).unwrap();
    assert_eq!(report.unsafe_entries, vec!["../secret.txt", "/etc/passwd"]);
    assert_eq!(report.ok, 1);
    assert!(report.missing.is_empty() && report.mismatched.is_empty());
    assert!(!report.is_ok());
}

#[cfg(unix)]
#[test]
fn symlinks_are_unsafe_not_followed_and_refused_by_bundle() {
    let root = temp_dir("symlink");
    let site = root.join("site");
    make_site(&site);
    put(&root, "outside/secret.txt", b"secret");
    std::os::unix::fs::symlink(root.join("outside"), site.join("linked")).unwrap();
    std::os::unix::fs::symlink(root.join("outside/secret.txt"), site.join("s.txt")).unwrap();
    let report = verify(&site).unwrap();
    assert_eq!(report.unsafe_entries, vec!["linked", "s.txt"]);
    assert!(report.extra.is_empty(), "{:?}", report.extra);
    assert!(!report.is_ok());

    let out_dir = root.join("out");
    fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("bundle.zip");
    let err = write_zip(&site, "site", &out, date(), false).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert_eq!(fs::read_dir(&out_dir).unwrap().count(), 0, "no partial zip");
}

#[test]
fn bundle_is_deterministic_and_unzip_accepts_it() {
    let root = temp_dir("bundle");
    let site = root.join("site");
    make_site(&site);
    let one = root.join("one.zip");
    let two = root.join("two.zip");
    let entries = write_zip(&site, "acme-isms-2025-03-14", &one, date(), false).unwrap();
    assert_eq!(entries, SITE_FILES.len() as u64 + 1);
    write_zip(&site, "acme-isms-2025-03-14", &two, date(), true).unwrap();
    let bytes = fs::read(&one).unwrap();
    assert_eq!(bytes, fs::read(&two).unwrap(), "same folder, same bytes");

    // A copy of the folder with other modification times: same bytes.
    let copy = root.join("copy");
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_234_567_890);
    for rel in SITE_FILES.iter().copied().chain([SUMS_FILE]) {
        put(&copy, rel, &fs::read(site.join(rel)).unwrap());
        File::options()
            .write(true)
            .open(copy.join(rel))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let three = root.join("three.zip");
    write_zip(&copy, "acme-isms-2025-03-14", &three, date(), false).unwrap();
    assert_eq!(bytes, fs::read(&three).unwrap(), "mtimes do not matter");

    // Another date gives another zip.
    let four = root.join("four.zip");
    let later = Date::from_ymd(2025, 3, 15).unwrap();
    write_zip(&site, "acme-isms-2025-03-14", &four, later, false).unwrap();
    assert_ne!(bytes, fs::read(&four).unwrap());

    // (d) the real unzip tests every entry and lists them sorted under the top.
    run_ok(Command::new("unzip").arg("-tq").arg(&one));
    let listed = run_ok(Command::new("unzip").arg("-Z1").arg(&one));
    let names: Vec<String> = String::from_utf8(listed.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let mut expected: Vec<String> = SITE_FILES
        .iter()
        .copied()
        .chain([SUMS_FILE])
        .map(|rel| format!("acme-isms-2025-03-14/{rel}"))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(zip_names(&one), expected);

    // (e) the zip verifies, and so does the folder unzip makes of it.
    assert_clean(&verify(&one).unwrap(), SITE_FILES.len());
    let unzipped = root.join("unzipped");
    run_ok(
        Command::new("unzip")
            .arg("-q")
            .arg(&one)
            .arg("-d")
            .arg(&unzipped),
    );
    assert_clean(&verify(&unzipped).unwrap(), SITE_FILES.len());
    run_ok(
        Command::new("sha256sum")
            .args(["-c", "--strict", "--quiet", SUMS_FILE])
            .current_dir(unzipped.join("acme-isms-2025-03-14")),
    );

    // A name that is not a zip by extension is still found by its magic.
    let renamed = root.join("bundle.bin");
    fs::copy(&one, &renamed).unwrap();
    assert_clean(&verify(&renamed).unwrap(), SITE_FILES.len());
}

#[test]
fn bundle_entries_have_fixed_time_mode_and_method() {
    let root = temp_dir("entries");
    let site = root.join("site");
    make_site(&site);
    put(&site, "static/UPPER.PNG", &binary(300, 9));
    write_sums(&site).unwrap();
    let zip = root.join("b.zip");
    write_zip(&site, "top", &zip, date(), false).unwrap();
    let mut archive = ZipArchive::new(File::open(&zip).unwrap()).unwrap();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        // (i) the bundle's date at midnight, for every entry.
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2025, 3, 14, 0, 0, 0),
            "{name}"
        );
        assert_eq!(entry.unix_mode(), Some(0o100644), "{name}");
        assert!(!entry.is_dir(), "no directory entries: {name}");
        let extra = entry.extra_data().unwrap_or_default();
        assert!(extra.is_empty(), "{name} has extra fields {extra:?}");
        let lower = name.to_ascii_lowercase();
        let expected = if lower.ends_with(".png") || lower.ends_with(".pdf") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        assert_eq!(entry.compression(), expected, "{name}");
    }
    // HTML really was compressed.
    let html = archive.by_name("top/index.html").unwrap();
    assert!(html.compressed_size() < html.size() / 4);
    drop(html);

    // A date before 1980 is clamped to the earliest a zip can say.
    let early = root.join("early.zip");
    write_zip(
        &site,
        "top",
        &early,
        Date::from_ymd(1970, 1, 2).unwrap(),
        false,
    )
    .unwrap();
    let mut archive = ZipArchive::new(File::open(&early).unwrap()).unwrap();
    let t = archive.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
}

#[test]
fn bundle_refuses_bad_targets_and_leaves_nothing() {
    let root = temp_dir("bundle-bad");
    let site = root.join("site");
    make_site(&site);
    // Inside the site folder: it would bundle itself next time.
    assert!(write_zip(&site, "top", &site.join("b.zip"), date(), false).is_err());
    assert!(!site.join("b.zip").exists());
    // A top folder that is not one plain name.
    assert!(write_zip(&site, "../x", &root.join("b.zip"), date(), false).is_err());
    // A missing site folder.
    assert!(
        write_zip(
            &root.join("nope"),
            "top",
            &root.join("b.zip"),
            date(),
            false
        )
        .is_err()
    );
    // An existing bundle is left untouched when a new one fails.
    fs::write(root.join("b.zip"), b"previous").unwrap();
    assert!(
        write_zip(
            &root.join("nope"),
            "top",
            &root.join("b.zip"),
            date(),
            false
        )
        .is_err()
    );
    assert_eq!(fs::read(root.join("b.zip")).unwrap(), b"previous");
    let leftovers: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn zip_slip_entries_are_unsafe_and_nothing_is_written() {
    let root = temp_dir("zipslip");
    let work = root.join("work");
    fs::create_dir_all(&work).unwrap();
    let zip = work.join("evil.zip");
    let files: &[(&str, &[u8])] = &[("index.html", b"<p>hi</p>")];
    let sums = sums_of(files);
    hand_zip(
        &zip,
        &[
            ("SHA256SUMS", sums.as_bytes()),
            ("index.html", b"<p>hi</p>"),
            ("../evil.txt", b"escaped"),
            ("/abs.txt", b"absolute"),
        ],
    );
    // (f)
    let report = verify(&zip).unwrap();
    assert_eq!(report.unsafe_entries, vec!["../evil.txt", "/abs.txt"]);
    assert_eq!(report.ok, 1);
    assert!(report.extra.is_empty(), "{:?}", report.extra);
    assert!(!report.is_ok());
    assert!(report.render().contains("UNSAFE ../evil.txt\n"));
    assert!(!root.join("evil.txt").exists());
    assert!(!work.join("evil.txt").exists());
    assert!(!Path::new("/abs.txt").exists());
    let after: Vec<_> = fs::read_dir(&work).unwrap().collect();
    assert_eq!(after.len(), 1, "verify wrote nothing beside the zip");

    // Windows-style absolute and traversal names too.
    let zip2 = work.join("evil2.zip");
    hand_zip(
        &zip2,
        &[
            ("SHA256SUMS", sums.as_bytes()),
            ("index.html", b"<p>hi</p>"),
            ("C:\\x.txt", b"x"),
            ("\\\\server\\share.txt", b"x"),
            ("a\\..\\..\\up.txt", b"x"),
        ],
    );
    let report = verify(&zip2).unwrap();
    assert_eq!(
        report.unsafe_entries.len(),
        3,
        "{:?}",
        report.unsafe_entries
    );
    assert!(!report.is_ok());
}

#[test]
fn duplicate_entry_names_are_unsafe() {
    let root = temp_dir("dups");
    let zip = root.join("dup.zip");
    let files: &[(&str, &[u8])] = &[("t/a.txt", b"first"), ("t/b.txt", b"other")];
    let sums = sums_of(&[("a.txt", b"first")]);
    let mut entries = vec![("t/SHA256SUMS", sums.as_bytes())];
    entries.extend_from_slice(files);
    hand_zip(&zip, &entries);
    // Rename t/b.txt to t/a.txt in every header: two entries, one name.
    let mut bytes = fs::read(&zip).unwrap();
    let (from, to) = (b"t/b.txt", b"t/a.txt");
    let mut replaced = 0;
    for i in 0..bytes.len() - from.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            replaced += 1;
        }
    }
    assert_eq!(replaced, 2, "local and central header");
    fs::write(&zip, &bytes).unwrap();
    let report = verify(&zip).unwrap();
    assert_eq!(
        report.unsafe_entries,
        vec!["t/a.txt"],
        "{}",
        report.render()
    );
    assert!(!report.is_ok());
}

#[test]
fn altered_content_in_a_zip_is_mismatched() {
    let root = temp_dir("altered");
    // (g) SHA256SUMS lists the original; the entry holds other bytes.
    let zip = root.join("altered.zip");
    let sums = sums_of(&[("index.html", b"original"), ("ok.txt", b"fine")]);
    hand_zip(
        &zip,
        &[
            ("site/SHA256SUMS", sums.as_bytes()),
            ("site/index.html", b"altered!"),
            ("site/ok.txt", b"fine"),
            ("site/new.txt", b"smuggled"),
        ],
    );
    let report = verify(&zip).unwrap();
    assert_eq!(report.mismatched, vec!["index.html"]);
    assert_eq!(report.extra, vec!["new.txt"]);
    assert_eq!((report.checked, report.ok), (2, 1));
    assert!(!report.is_ok());

    // A byte flipped inside a real bundle (a stored PNG, so its bytes are
    // in the zip as they are): the CRC fails, reported as a mismatch.
    let site = root.join("site");
    make_site(&site);
    let bundle = root.join("bundle.zip");
    write_zip(&site, "top", &bundle, date(), false).unwrap();
    let png = fs::read(site.join("static/logo.png")).unwrap();
    let mut bytes = fs::read(&bundle).unwrap();
    let at = bytes
        .windows(png.len())
        .position(|w| w == png.as_slice())
        .unwrap();
    bytes[at + 100] ^= 0x80;
    fs::write(&bundle, &bytes).unwrap();
    let report = verify(&bundle).unwrap();
    assert_eq!(report.mismatched, vec!["static/logo.png"]);
    assert_eq!(report.ok, SITE_FILES.len() - 1);

    // A listed file absent from the zip is missing.
    let zip = root.join("missing.zip");
    let sums = sums_of(&[("a.txt", b"a"), ("gone.txt", b"g")]);
    hand_zip(&zip, &[("SHA256SUMS", sums.as_bytes()), ("a.txt", b"a")]);
    let report = verify(&zip).unwrap();
    assert_eq!(report.missing, vec!["gone.txt"]);
    assert_eq!(report.ok, 1);
}

#[test]
fn a_zip_without_one_sums_file_is_not_ok() {
    let root = temp_dir("zip-nosums");
    let zip = root.join("x.zip");
    hand_zip(&zip, &[("a/index.html", b"x"), ("b/c/SHA256SUMS", b"")]);
    let report = verify(&zip).unwrap();
    assert!(!report.sums_found);
    assert!(!report.is_ok());
    let rendered = report.render();
    assert!(
        rendered.starts_with("SHA-256 of the bundle: "),
        "{rendered}"
    );
    assert!(
        rendered
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("NO SHA256SUMS")
    );

    // Two top folders that each claim to be the site: neither is trusted.
    hand_zip(&zip, &[("a/SHA256SUMS", b""), ("b/SHA256SUMS", b"")]);
    let report = verify(&zip).unwrap();
    assert!(!report.sums_found && !report.is_ok());

    // One top folder with the sums: files outside it are extra.
    let sums = sums_of(&[("index.html", b"x")]);
    hand_zip(
        &zip,
        &[
            ("site/SHA256SUMS", sums.as_bytes()),
            ("site/index.html", b"x"),
            ("stray.txt", b"y"),
        ],
    );
    let report = verify(&zip).unwrap();
    assert_eq!(report.extra, vec!["stray.txt"]);
    assert_eq!(report.ok, 1);
    assert!(!report.is_ok());

    // An empty zip has no sums either.
    hand_zip(&zip, &[]);
    let report = verify(&zip).unwrap();
    assert!(!report.sums_found && !report.is_ok());
}

#[test]
fn garbage_and_corrupt_zips_are_errors_not_panics() {
    let root = temp_dir("garbage");
    // (h) random bytes with a zip name.
    let garbage = root.join("bundle.zip");
    fs::write(&garbage, binary(4096, 3)).unwrap();
    let err = verify(&garbage).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{err}");

    // Zip magic, then junk.
    let mut fake = b"PK\x03\x04".to_vec();
    fake.extend(binary(4096, 5));
    fs::write(&garbage, &fake).unwrap();
    let err = verify(&garbage).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{err}");
    assert!(err.to_string().contains("zip"), "{err}");

    // A real bundle cut in half.
    let site = root.join("site");
    make_site(&site);
    let bundle = root.join("whole.zip");
    write_zip(&site, "top", &bundle, date(), false).unwrap();
    let bytes = fs::read(&bundle).unwrap();
    let half = root.join("half.zip");
    fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let err = verify(&half).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{err}");

    // Empty file, and a path that does not exist.
    let empty = root.join("empty.zip");
    fs::write(&empty, b"").unwrap();
    assert!(verify(&empty).is_err());
    assert_eq!(
        verify(&root.join("nope.zip")).unwrap_err().kind(),
        io::ErrorKind::NotFound
    );
}

#[test]
fn a_zip_claiming_more_than_64_gib_is_refused() {
    let root = temp_dir("bomb");
    let zip = root.join("bomb.zip");
    let names: Vec<String> = (0..17).map(|i| format!("f{i:02}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    hand_zip(&zip, &entries);
    // Each central header now claims almost 4 GiB uncompressed: 17 × ≈ 68 GiB.
    let mut bytes = fs::read(&zip).unwrap();
    let mut patched = 0;
    for i in 0..bytes.len() - 4 {
        if &bytes[i..i + 4] == b"PK\x01\x02" {
            bytes[i + 24..i + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 17);
    fs::write(&zip, &bytes).unwrap();
    let err = verify(&zip).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{err}");
    assert!(err.to_string().contains("64 GiB"), "{err}");
}

/// ZIP64: a sparse file just over 4 GiB goes through bundle and verify.
/// Slow (it deflates 4 GiB), so run it on demand:
/// `cargo test --release --test verify -- --ignored`.
#[test]
#[ignore]
fn files_over_4_gib_use_zip64() {
    let root = temp_dir("zip64");
    let site = root.join("site");
    put(&site, "index.html", b"x");
    let big = File::create(site.join("big.bin")).unwrap();
    big.set_len((4 << 30) + 4096).unwrap();
    drop(big);
    write_sums(&site).unwrap();
    let zip = root.join("big.zip");
    write_zip(&site, "top", &zip, date(), false).unwrap();
    assert_clean(&verify(&zip).unwrap(), 2);
    run_ok(Command::new("unzip").arg("-tq").arg(&zip));
}
