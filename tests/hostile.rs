//! Hostile input through the real binary, under a time and a memory bound.
//!
//! Every case plants one hostile file (or link, pipe, folder, zip…) in a copy
//! of the clean fixture and runs `minutebook` as a child process with its
//! address space capped at [`MEMORY_LIMIT`] (`ulimit -v` in a `sh -c`
//! wrapper) and a wall-clock [`DEADLINE`] (polled with `try_wait`, killed on
//! timeout). Each case asserts that the run
//!
//! - ends by itself, without a panic or a signal, with an expected exit code;
//! - reports a finding that names the hostile file;
//! - still checks everything else: a known finding planted elsewhere (the
//!   "canary", an unknown key in the internal-audit record) is still
//!   reported, and nothing unrelated is.
//!
//! Cases found by fuzzing (see `fuzz/`) are kept here as regression tests.

mod common;

use common::{TempDir, scratch_copy, temp_dir};
use minutebook::fsx::hash::sha256_bytes;
use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Longest a single run may take (debug build, tests running in parallel).
const DEADLINE: Duration = Duration::from_secs(10);

/// Address space a run may use: far above what any of these inputs needs
/// when handled in bounded memory, far below what an expansion bomb takes.
const MEMORY_LIMIT: u64 = 2_000_000_000;

const AS_OF: &str = "2025-12-31";
const AUDIT: &str = "content/records/2025-03-01-internal-audit.md";
/// Where most cases put their hostile document.
const HOSTILE: &str = "content/reviews/2025-09-01-hostile.md";

// ---------------------------------------------------------------------------
// Running the binary with bounds

/// What a bounded run produced.
struct Outcome {
    what: String,
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

impl Outcome {
    /// The exit code; a run killed by a signal (abort on out-of-memory, a
    /// stack overflow) fails the test.
    fn code(&self) -> i32 {
        match self.status.code() {
            Some(c) => c,
            None => panic!(
                "{}: killed by a signal ({:?})\nstderr:\n{}",
                self.what, self.status, self.stderr
            ),
        }
    }

    /// Asserts no panic and an exit code among `allowed`.
    fn expect(&self, allowed: &[i32]) -> &Self {
        assert!(
            !self.stderr.contains("panicked"),
            "{}: panicked\n{}",
            self.what,
            self.stderr
        );
        let code = self.code();
        assert!(
            allowed.contains(&code),
            "{}: exit code {code}, expected one of {allowed:?}\nstdout:\n{}\nstderr:\n{}",
            self.what,
            self.stdout_text(),
            self.stderr
        );
        self
    }

    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: no JSON on stdout ({e})\n{}\nstderr:\n{}",
                self.what,
                self.stdout_text(),
                self.stderr
            )
        })
    }
}

/// Runs `minutebook args…` under the memory bound and the deadline.
fn minutebook<S: AsRef<OsStr>>(args: &[S]) -> Outcome {
    bounded(&[], args)
}

/// Runs `prefix… minutebook args…` (a prefix such as `setpriv …` that ends
/// by executing its arguments) under the memory bound and the deadline.
fn bounded<S: AsRef<OsStr>>(prefix: &[&str], args: &[S]) -> Outcome {
    bounded_with(MEMORY_LIMIT, DEADLINE, prefix, args)
}

/// [`bounded`] with another memory limit (bytes) and deadline.
fn bounded_with<S: AsRef<OsStr>>(
    memory: u64,
    deadline: Duration,
    prefix: &[&str],
    args: &[S],
) -> Outcome {
    let what = format!(
        "minutebook {}",
        args.iter()
            .map(|a| a.as_ref().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {} && exec \"$@\"", memory / 1024))
        .arg("sh")
        .args(prefix)
        .arg(env!("CARGO_BIN_EXE_minutebook"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        // Keep the address space independent of the machine's core count:
        // each malloc arena and thread stack reserves address space.
        .env("MALLOC_ARENA_MAX", "2")
        .env("RAYON_NUM_THREADS", "4")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("sh runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for minutebook") {
            break status;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let err = stderr.join().unwrap_or_default();
            panic!(
                "{what}: still running after {deadline:?}; killed\nstderr:\n{}",
                String::from_utf8_lossy(&err)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Outcome {
        what,
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned(),
    }
}

// ---------------------------------------------------------------------------
// Sites and findings

/// One finding of `--format json`.
#[derive(Debug, Clone)]
struct Found {
    code: String,
    file: String,
    line: u64,
    message: String,
}

/// Runs `check --format json` (exit 0 or 1) and returns its findings.
fn check(root: &Path) -> Vec<Found> {
    check_with(&[], root)
}

fn check_with(prefix: &[&str], root: &Path) -> Vec<Found> {
    let args: Vec<&OsStr> = vec![
        "check".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--quiet".as_ref(),
    ];
    let out = bounded(prefix, &args);
    out.expect(&[0, 1]);
    let json = out.json();
    let found: Vec<Found> = json["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .map(|f| Found {
            code: f["code"].as_str().unwrap_or_default().to_string(),
            file: f["file"].as_str().unwrap_or_default().to_string(),
            line: f["line"].as_u64().unwrap_or(0),
            message: f["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    let errors = found.iter().filter(|f| is_error(&f.code)).count();
    assert_eq!(
        out.code(),
        i32::from(errors > 0),
        "exit code follows the errors"
    );
    found
}

/// Whether a code is an error (the warnings of the format are the exceptions).
fn is_error(code: &str) -> bool {
    !matches!(
        code,
        "MB022" | "MB026" | "MB034" | "MB043" | "MB051" | "MB060" | "MB061"
    )
}

/// The clean fixture plus the canary: an unknown key in the internal-audit
/// record, reported as MB003 on its line 6 whatever else happens.
fn hostile_site() -> TempDir {
    let dir = scratch_copy("clean");
    let audit = dir.path().join(AUDIT);
    let text = fs::read_to_string(&audit).unwrap();
    let text = text.replacen("kind: audit\n", "kind: audit\ncolour: blue\n", 1);
    fs::write(&audit, text).unwrap();
    dir
}

/// Adds `evidence:` paths to the audit record (it is not signed off, so
/// editing it is no MB050).
fn reference_from_audit(root: &Path, paths: &[&str]) {
    let audit = root.join(AUDIT);
    let text = fs::read_to_string(&audit).unwrap();
    let mut extra = String::new();
    for p in paths {
        extra.push_str(&format!("  - {{path: \"{p}\", title: Hostile}}\n"));
    }
    let anchor = "  - {path: evidence/2025/audit-report.txt, title: Audit report, refs: [9.2]}\n";
    assert!(text.contains(anchor));
    let text = text.replacen(anchor, &format!("{anchor}{extra}"), 1);
    fs::write(&audit, text).unwrap();
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Asserts the canary is reported, a finding with one of `codes` names
/// `hostile` (as its file, or in its message), and every finding is about
/// the canary, `hostile` or a file in `allowed`.
fn assert_contained(found: &[Found], hostile: &str, codes: &[&str], allowed: &[&str]) {
    assert_all_contained(found, &[hostile], codes, allowed);
}

/// [`assert_contained`] for several hostile names, each named by a finding.
fn assert_all_contained(found: &[Found], hostiles: &[&str], codes: &[&str], allowed: &[&str]) {
    let canary = found
        .iter()
        .filter(|f| f.code == "MB003" && f.file == AUDIT && f.line == 6)
        .count();
    assert_eq!(
        canary, 1,
        "the canary (MB003 in {AUDIT}:6) is still reported: {found:#?}"
    );
    let names = |f: &Found, hostile: &str| f.file == hostile || f.message.contains(hostile);
    for hostile in hostiles {
        assert!(
            found
                .iter()
                .any(|f| codes.contains(&f.code.as_str()) && names(f, hostile)),
            "a finding ({codes:?}) names {hostile}: {found:#?}"
        );
    }
    for f in found {
        let ok = (f.code == "MB003" && f.file == AUDIT && f.line == 6)
            || hostiles.iter().any(|h| names(f, h))
            || allowed
                .iter()
                .any(|a| f.file == *a || (a.ends_with('/') && f.file.starts_with(a)));
        assert!(ok, "unrelated finding {f:?}; all: {found:#?}");
    }
}

/// A frontmatter document in `HOSTILE` with the given YAML and body.
fn document(yaml: &str, body: &str) -> Vec<u8> {
    format!("---\n{yaml}---\n{body}").into_bytes()
}

/// A valid record (no findings) with the given extra frontmatter and body.
fn record(extra_yaml: &str, body: &str) -> Vec<u8> {
    document(
        &format!("id: N-2025-09\ndate: 2025-09-01\nkind: note\n{extra_yaml}"),
        body,
    )
}

const RECORD: &str = "content/records/2025-09-01-note.md";

/// Pseudo-random bytes (xorshift), the same for the same seed.
fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Makes a FIFO at `path` (opening one for reading blocks until a writer comes).
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

// ---------------------------------------------------------------------------
// The table: one row per hostile site that `check` must contain

/// One hostile case for `check`: how a copy of the clean fixture (with the
/// canary) is made hostile, and what `check --format json` must report.
/// Rows start from [`CASE`] and set what they need.
struct Case {
    /// Names the case in a failure and in `HOSTILE_CASE=name` (run one case).
    name: &'static str,
    /// Makes the site at the first path hostile; the second is an empty
    /// folder outside the site, for what a link out of the site leads to.
    plant: fn(&Path, &Path),
    /// Names each of which a finding with one of `codes` names (as its file,
    /// or in its message); empty when only `more` judges the findings.
    hostiles: &'static [&'static str],
    codes: &'static [&'static str],
    /// Further files findings may be about (a name ending in `/`: anything
    /// under that folder).
    allowed: &'static [&'static str],
    /// Run `check` as `nobody` (`setpriv`) when the tests run as root, for a
    /// case about permissions that root would not feel.
    as_nobody: bool,
    /// Further assertions on the site and its findings.
    more: fn(&Path, &[Found]),
}

/// What a row does not set: no planting, a hostile document at [`HOSTILE`],
/// no extra assertion.
const CASE: Case = Case {
    name: "",
    plant: |_, _| {},
    hostiles: &[HOSTILE],
    codes: &[],
    allowed: &[],
    as_nobody: false,
    more: |_, _| {},
};

/// Hostile cases that only the canary should survive (the hostile input is
/// fine, only large or strange): exactly one finding, the canary.
const ONLY_CANARY: Case = Case {
    hostiles: &[AUDIT],
    codes: &["MB003"],
    more: |_, found| assert_eq!(found.len(), 1, "only the canary: {found:#?}"),
    ..CASE
};

fn plant_document(root: &Path, yaml: &str, body: &str) {
    write(root, HOSTILE, &document(yaml, body));
}

/// `a: &a [x × 10]`, `b: &b [*a × 10]`, … `j`: 10¹⁰ nodes when expanded.
fn billion_laughs() -> String {
    let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for c in 'b'..='j' {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        y.push_str(&format!("{c}: &{c} [{refs}]\n"));
        prev = c;
    }
    y
}

/// Every anchored level keeps a copy of everything inside it.
fn nested_anchors() -> String {
    let mut y = format!("[{}]", vec!["x"; 150_000].join(","));
    for i in 0..60 {
        y = format!("&a{i} [{y}]");
    }
    format!("k: {y}\n")
}

/// Bodies nested 100,000 deep in every way Markdown nests.
fn deep_markdown_bodies() -> Vec<String> {
    vec![
        "> ".repeat(100_000),
        "- ".repeat(100_000),
        "[".repeat(100_000),
        "*a ".repeat(100_000),
        format!(
            "{}x{}",
            "[".repeat(20_000),
            "](https://example.com/)".repeat(20_000)
        ),
        "1. ".repeat(100_000),
        "<".repeat(100_000),
        "`".repeat(100_000),
        format!("{}\n\n[^a]: x\n", "[^a]".repeat(30_000)),
    ]
}

/// Writes [`deep_markdown_bodies`] as records (no link, no heading).
fn plant_deep_markdown(root: &Path) {
    for (i, body) in deep_markdown_bodies().iter().enumerate() {
        let rel = format!("content/records/2025-09-{:02}-note.md", i + 1);
        let yaml = format!("id: N-{i}\ndate: 2025-09-{:02}\nkind: note\n", i + 1);
        write(root, &rel, &document(&yaml, &format!("{body}\n")));
    }
}

/// A record whose title holds `bad` bytes.
fn plant_bad_title(root: &Path, bad: &[u8]) {
    let mut bytes = b"---\nid: N-2025-09\ndate: 2025-09-01\nkind: note\ntitle: ".to_vec();
    bytes.extend_from_slice(bad);
    bytes.extend_from_slice(b"\n---\nbody\n");
    write(root, HOSTILE, &bytes);
}

/// Every text file of the site in CRLF with a BOM, the reviews signed again.
fn plant_crlf_and_bom(root: &Path) {
    let mut texts = vec![
        "minutebook.yaml".to_string(),
        "content/people.yaml".to_string(),
    ];
    for folder in ["content/reviews", "content/records"] {
        for e in fs::read_dir(root.join(folder)).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            texts.push(format!("{folder}/{name}"));
        }
    }
    let mut signoffs = String::from("\u{feff}# re-signed after conversion\r\n");
    for rel in &texts {
        let text = fs::read_to_string(root.join(rel)).unwrap();
        let converted = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        fs::write(root.join(rel), &converted).unwrap();
        if let Some(doc) = rel.strip_prefix("content/reviews/") {
            let date = if doc.starts_with("2025-01") {
                "2025-01-20"
            } else {
                "2025-07-20"
            };
            signoffs.push_str(&format!(
                "- {{document: reviews/{doc}, person: ceo, date: {date}, sha256: {}}}\r\n",
                sha256_bytes(converted.as_bytes())
            ));
        }
    }
    fs::write(root.join("content/signoffs.yaml"), signoffs).unwrap();
}

const BAD_EVIDENCE_FILE: &str = "content/evidence/2025/scan-\u{fffd}.pdf";
const BAD_EVIDENCE_FOLDER: &str = "content/evidence/2025/caf\u{fffd}";

/// A name that is not UTF-8 cannot be written in a document, the lock or a
/// link: the file (or folder) is unusable evidence, MB040 saying so, not an
/// "unreferenced" MB043 under a lossy name that does not exist on disk.
fn one_mb040_per_bad_evidence_name(_: &Path, found: &[Found]) {
    for name in [BAD_EVIDENCE_FILE, BAD_EVIDENCE_FOLDER] {
        let about: Vec<&Found> = found
            .iter()
            .filter(|f| f.file == name || f.message.contains(name))
            .collect();
        assert_eq!(about.len(), 1, "one finding for {name}: {found:#?}");
        assert_eq!(about[0].code, "MB040");
        assert_eq!(about[0].file, name);
        assert!(
            about[0].message.contains("not valid UTF-8"),
            "{}",
            about[0].message
        );
    }
    assert!(found.iter().all(|f| f.code != "MB043"), "{found:#?}");
}

fn plant_ten_thousand_evidence_files(root: &Path) {
    let bulk = root.join("content/evidence/bulk");
    fs::create_dir_all(&bulk).unwrap();
    for i in 0..10_000 {
        fs::write(bulk.join(format!("f{i:05}.txt")), format!("{i}\n")).unwrap();
    }
    reference_from_audit(root, &["evidence/bulk/f00042.txt"]);
}

/// Every other bulk file is MB043, and nothing else is said about the bulk.
fn every_other_bulk_file_is_mb043(_: &Path, found: &[Found]) {
    let unreferenced = found.iter().filter(|f| f.code == "MB043").count();
    assert_eq!(unreferenced, 9_999, "every other bulk file is MB043");
    for f in found.iter().filter(|f| f.file.contains("/bulk/")) {
        let n = f
            .file
            .strip_prefix("content/evidence/bulk/f")
            .and_then(|n| n.strip_suffix(".txt"))
            .and_then(|n| n.parse::<u32>().ok());
        assert!(
            f.code == "MB043" && n.is_some_and(|n| n < 10_000 && n != 42),
            "unexpected finding in the bulk folder: {f:?}"
        );
    }
}

const SECRET_REVIEW: &str = "content/reviews/2025-09-01-secret.md";

/// A device node where evidence is expected (`mknod c 1 5`, /dev/zero's
/// numbers). Where no node can be made (not root, or a container that
/// forbids them) a link to /dev/zero stands for it: either way the run must
/// name the file and never read it.
fn plant_device_node(root: &Path) {
    let node = root.join("content/evidence/2025/zero.bin");
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "5"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        symlink("/dev/zero", &node).unwrap();
    }
    reference_from_audit(root, &["evidence/2025/zero.bin"]);
}

/// The device node is MB040 (not a regular file); its stand-in, a link
/// leading out of the content, is MB041.
fn device_node_is_mb040(root: &Path, found: &[Found]) {
    use std::os::unix::fs::FileTypeExt;
    let node = root.join("content/evidence/2025/zero.bin");
    let is_device = fs::symlink_metadata(&node)
        .unwrap()
        .file_type()
        .is_char_device();
    let want = if is_device { "MB040" } else { "MB041" };
    assert!(
        found
            .iter()
            .any(|f| f.code == want && f.message.contains("evidence/2025/zero.bin")),
        "{want} for {} zero.bin: {found:#?}",
        if is_device {
            "the device node"
        } else {
            "the link standing for the device node"
        }
    );
}

/// Writes the secret [`outside_file`] holds into `outside` and returns it.
fn secret_in(outside: &Path) -> PathBuf {
    let file = outside.join("credentials");
    fs::write(&file, SECRET).unwrap();
    file
}

const SECRET: &str = "https://user:TOP-SECRET-TOKEN@git.example.com\n";

/// `check` in human form, which quotes source lines: exit 1, and the
/// secret behind a link out of the site is quoted nowhere.
fn human_check_quotes_no_secret(root: &Path) -> String {
    let out = minutebook(&[
        OsStr::new("check"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(AS_OF),
    ]);
    out.expect(&[1]);
    let text = out.stdout_text();
    assert!(!text.contains("TOP-SECRET"), "{text}");
    assert!(!out.stderr.contains("TOP-SECRET"), "{}", out.stderr);
    text
}

fn no_finding_quotes_the_secret(found: &[Found]) {
    assert!(found.iter().all(|f| !f.message.contains("TOP-SECRET")));
}

/// `rel` (a site file `check` needs) replaced by a link to the secret.
fn plant_link_to_secret(root: &Path, outside: &Path, rel: &str) {
    let secret = secret_in(outside);
    fs::remove_file(root.join(rel)).unwrap();
    symlink(&secret, root.join(rel)).unwrap();
}

/// The human output names `rel` and quotes nothing of the secret.
fn human_check_names(root: &Path, rel: &str) {
    let text = human_check_quotes_no_secret(root);
    assert!(text.contains(rel), "{text}");
}

const CASES: &[Case] = &[
    // YAML
    Case {
        name: "billion-laughs-alias-bomb",
        plant: |root, _| plant_document(root, &billion_laughs(), "body\n"),
        codes: &["MB002"],
        ..CASE
    },
    Case {
        // Few nodes, many bytes: one 1 MB scalar aliased 3,000 times would be 3 GB.
        name: "alias-bomb-of-long-text",
        plant: |root, _| {
            let y = format!(
                "a: &a {}\nb: [{}]\n",
                "x".repeat(1_000_000),
                vec!["*a"; 3000].join(", ")
            );
            plant_document(root, &y, "body\n");
        },
        codes: &["MB002"],
        ..CASE
    },
    Case {
        name: "nested-anchors",
        plant: |root, _| plant_document(root, &nested_anchors(), ""),
        codes: &["MB002"],
        ..CASE
    },
    Case {
        name: "hundred-thousand-deep-flow-sequences",
        plant: |root, _| plant_document(root, &format!("k: {}\n", "[".repeat(100_000)), "body\n"),
        codes: &["MB002"],
        ..CASE
    },
    Case {
        name: "hundred-thousand-deep-flow-mappings",
        plant: |root, _| plant_document(root, &format!("k: {}\n", "{".repeat(100_000)), "body\n"),
        codes: &["MB002"],
        ..CASE
    },
    Case {
        name: "hundred-thousand-deep-flow-mixed",
        plant: |root, _| plant_document(root, &format!("k: {}\n", "[{".repeat(100_000)), "body\n"),
        codes: &["MB002"],
        ..CASE
    },
    Case {
        // `- - - … x`: compact block sequences, 100,000 levels on one line.
        name: "hundred-thousand-deep-block-sequences",
        plant: |root, _| {
            let y = format!("k:\n  {}x\n", "- ".repeat(100_000));
            plant_document(root, &y, "body\n");
        },
        codes: &["MB002"],
        ..CASE
    },
    Case {
        // Indented block mappings, 2,500 levels (3 MB of indentation).
        name: "deep-block-mappings",
        plant: |root, _| {
            let y: String = (0..2_500)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect();
            plant_document(root, &y, "body\n");
        },
        codes: &["MB002"],
        ..CASE
    },
    Case {
        // The bodies hold no link that could be broken and no heading: only
        // the canary (that they render is `deep_markdown_nesting_renders`).
        name: "deep-markdown-nesting-in-bodies",
        plant: |root, _| plant_deep_markdown(root),
        ..ONLY_CANARY
    },
    // Size, bytes and encodings
    Case {
        name: "twenty-megabyte-line-in-frontmatter",
        plant: |root, _| {
            plant_document(root, &format!("id: {}\n", "x".repeat(20_000_000)), "body\n");
        },
        codes: &["MB004"],
        ..CASE
    },
    Case {
        name: "twenty-megabyte-line-in-a-body",
        plant: |root, _| {
            let yaml = "id: N-2025-09\ndate: 2025-09-01\nkind: note\n";
            plant_document(root, yaml, &format!("{}\n", "word ".repeat(4_000_000)));
        },
        codes: &["MB004"],
        ..CASE
    },
    Case {
        // 7 MB is under the size limit: a long title and a long body line
        // load and check like any other text.
        name: "long-lines-under-the-limit",
        plant: |root, _| {
            let title = format!("title: {}\n", "t".repeat(7_000_000));
            write(root, RECORD, &record(&title, "short body\n"));
            write(
                root,
                "content/records/2025-09-02-note.md",
                &document(
                    "id: N-2025-09-02\ndate: 2025-09-02\nkind: note\n",
                    &format!("{}\n", "word ".repeat(1_400_000)),
                ),
            );
        },
        ..ONLY_CANARY
    },
    Case {
        name: "binary-file-named-md",
        plant: |root, _| {
            let mut bytes = random_bytes(64 * 1024, 1);
            bytes[0] = 0xff; // never valid UTF-8, whatever the generator gives
            write(root, HOSTILE, &bytes);
        },
        codes: &["MB006"],
        ..CASE
    },
    Case {
        name: "nul-byte-in-a-body",
        plant: |root, _| write(root, HOSTILE, &record("", "before\0after\n")),
        codes: &["MB006"],
        ..CASE
    },
    Case {
        name: "nul-byte-in-frontmatter",
        plant: |root, _| {
            write(
                root,
                HOSTILE,
                b"---\nid: N\0\ndate: 2025-09-01\nkind: note\n---\n",
            );
        },
        codes: &["MB006"],
        ..CASE
    },
    Case {
        name: "latin1-text",
        plant: |root, _| plant_bad_title(root, b"caf\xe9"),
        codes: &["MB006"],
        ..CASE
    },
    Case {
        name: "utf8-surrogate",
        plant: |root, _| plant_bad_title(root, b"\xed\xa0\x80"),
        codes: &["MB006"],
        ..CASE
    },
    Case {
        name: "utf8-overlong",
        plant: |root, _| plant_bad_title(root, b"\xc0\xaf"),
        codes: &["MB006"],
        ..CASE
    },
    Case {
        name: "utf8-truncated",
        plant: |root, _| plant_bad_title(root, b"\xe2\x82"),
        codes: &["MB006"],
        ..CASE
    },
    Case {
        // CRLF + BOM everywhere (the canary's record too) is clean.
        name: "crlf-and-bom-documents",
        plant: |root, _| plant_crlf_and_bom(root),
        ..ONLY_CANARY
    },
    Case {
        name: "empty-file",
        plant: |root, _| write(root, HOSTILE, b""),
        codes: &["MB001"],
        ..CASE
    },
    Case {
        name: "bom-only",
        plant: |root, _| write(root, HOSTILE, "\u{feff}".as_bytes()),
        codes: &["MB001"],
        ..CASE
    },
    Case {
        name: "fence-only",
        plant: |root, _| write(root, HOSTILE, b"---"),
        codes: &["MB001"],
        ..CASE
    },
    Case {
        name: "empty-frontmatter",
        plant: |root, _| write(root, HOSTILE, b"---\n---\n"),
        codes: &["MB004"],
        ..CASE
    },
    Case {
        // A lone CR is a line break (tests/leniency.rs): an empty frontmatter.
        name: "cr-only-frontmatter",
        plant: |root, _| write(root, HOSTILE, b"---\r---\r"),
        codes: &["MB004"],
        ..CASE
    },
    // Names and file types among documents
    Case {
        name: "invalid-utf8-file-name-among-reviews",
        plant: |root, _| {
            let name = OsStr::from_bytes(b"2025-09-01-caf\xe9.md");
            fs::write(
                root.join("content/reviews").join(name),
                record("", "body\n"),
            )
            .unwrap();
        },
        hostiles: &["content/reviews/2025-09-01-caf\u{fffd}.md"],
        codes: &["MB004", "MB006"],
        ..CASE
    },
    Case {
        name: "invalid-utf8-file-names-among-evidence",
        plant: |root, _| {
            let dir = root.join("content/evidence/2025");
            fs::write(dir.join(OsStr::from_bytes(b"scan-\xff.pdf")), b"scan").unwrap();
            let folder = dir.join(OsStr::from_bytes(b"caf\xe9"));
            fs::create_dir_all(&folder).unwrap();
            fs::write(folder.join("inner.pdf"), b"inner").unwrap();
        },
        hostiles: &[BAD_EVIDENCE_FILE, BAD_EVIDENCE_FOLDER],
        codes: &["MB040"],
        more: one_mb040_per_bad_evidence_name,
        ..CASE
    },
    Case {
        name: "ten-thousand-evidence-files-in-one-folder",
        plant: |root, _| plant_ten_thousand_evidence_files(root),
        hostiles: &["content/evidence/bulk/f00000.txt"],
        codes: &["MB043"],
        allowed: &["content/evidence/bulk/"],
        more: every_other_bulk_file_is_mb043,
        ..CASE
    },
    Case {
        name: "a-folder-named-like-a-review",
        plant: |root, _| fs::create_dir_all(root.join("content/reviews/x.md/inner.md")).unwrap(),
        hostiles: &["content/reviews/x.md"],
        codes: &["MB001"],
        allowed: &["content/reviews/x.md/inner.md"],
        ..CASE
    },
    Case {
        // Listed, then gone when opened: a dangling symlink stands for the race.
        name: "a-review-that-disappears-before-it-is-read",
        plant: |root, _| {
            symlink(
                root.join("content/reviews/gone.md"),
                root.join("content/reviews/x.md"),
            )
            .unwrap();
        },
        hostiles: &["content/reviews/x.md"],
        codes: &["MB004"],
        ..CASE
    },
    Case {
        // chmod 000 stops everyone but root: as root, the check runs as
        // `nobody` (the runner fails, not skips, without `setpriv`).
        name: "an-unreadable-review",
        plant: |root, _| {
            write(root, SECRET_REVIEW, &record("", "body\n"));
            fs::set_permissions(root.join(SECRET_REVIEW), fs::Permissions::from_mode(0o000))
                .unwrap();
        },
        hostiles: &[SECRET_REVIEW],
        codes: &["MB004"],
        as_nobody: true,
        more: |_, found| {
            assert!(
                found
                    .iter()
                    .any(|f| f.file == SECRET_REVIEW && f.message.contains("ermission denied")),
                "{found:#?}"
            );
        },
        ..CASE
    },
    Case {
        name: "a-review-that-is-a-fifo-or-a-device",
        plant: |root, _| {
            mkfifo(&root.join("content/reviews/2025-09-01-pipe.md"));
            symlink("/dev/zero", root.join("content/reviews/2025-09-02-zero.md")).unwrap();
        },
        hostiles: &[
            "content/reviews/2025-09-01-pipe.md",
            "content/reviews/2025-09-02-zero.md",
        ],
        codes: &["MB004"],
        ..CASE
    },
    // Evidence that is not a plain file
    Case {
        name: "evidence-fifo-is-never-opened",
        plant: |root, _| {
            mkfifo(&root.join("content/evidence/2025/pipe.pdf"));
            reference_from_audit(root, &["evidence/2025/pipe.pdf"]);
        },
        hostiles: &["evidence/2025/pipe.pdf"],
        codes: &["MB040"],
        ..CASE
    },
    Case {
        // Referenced: MB041 on the document; unreferenced: MB041 on the link.
        name: "evidence-linked-to-a-device",
        plant: |root, _| {
            let ev = root.join("content/evidence/2025");
            symlink("/dev/zero", ev.join("zero.bin")).unwrap();
            symlink("/dev/urandom", ev.join("random.bin")).unwrap();
            reference_from_audit(root, &["evidence/2025/zero.bin"]);
        },
        hostiles: &["evidence/2025/zero.bin"],
        codes: &["MB041"],
        allowed: &["content/evidence/2025/random.bin"],
        more: |_, found| {
            assert!(
                found
                    .iter()
                    .any(|f| f.code == "MB041" && f.file == "content/evidence/2025/random.bin"),
                "{found:#?}"
            );
        },
        ..CASE
    },
    Case {
        name: "evidence-device-node",
        plant: |root, _| plant_device_node(root),
        hostiles: &["evidence/2025/zero.bin"],
        codes: &["MB040", "MB041"],
        more: device_node_is_mb040,
        ..CASE
    },
    Case {
        name: "evidence-that-is-a-folder",
        plant: |root, _| {
            fs::create_dir_all(root.join("content/evidence/2025/folder.pdf")).unwrap();
            reference_from_audit(root, &["evidence/2025/folder.pdf"]);
        },
        hostiles: &["evidence/2025/folder.pdf"],
        codes: &["MB040"],
        ..CASE
    },
    Case {
        name: "evidence-symlink-loop",
        plant: |root, _| {
            let ev = root.join("content/evidence/2025");
            symlink("b.pdf", ev.join("a.pdf")).unwrap();
            symlink("a.pdf", ev.join("b.pdf")).unwrap();
            symlink("self.pdf", ev.join("self.pdf")).unwrap();
            reference_from_audit(root, &["evidence/2025/a.pdf"]);
        },
        hostiles: &["evidence/2025/a.pdf"],
        codes: &["MB040"],
        allowed: &[
            "content/evidence/2025/b.pdf",
            "content/evidence/2025/self.pdf",
        ],
        ..CASE
    },
    Case {
        name: "evidence-symlinks-escaping-content",
        plant: |root, _| {
            let ev = root.join("content/evidence/2025");
            symlink("../../../minutebook.yaml", ev.join("config.txt")).unwrap();
            symlink("/etc/passwd", ev.join("passwd.txt")).unwrap();
            symlink("/", ev.join("everything")).unwrap();
            reference_from_audit(
                root,
                &[
                    "evidence/2025/config.txt",
                    "evidence/2025/everything/etc/passwd",
                    "../minutebook.yaml",
                    "/etc/passwd",
                ],
            );
        },
        hostiles: &[
            "evidence/2025/config.txt",
            "evidence/2025/everything/etc/passwd",
            "../minutebook.yaml",
            "`/etc/passwd`",
            "content/evidence/2025/passwd.txt",
            "content/evidence/2025/everything",
        ],
        codes: &["MB041"],
        ..CASE
    },
    // Catalogs
    Case {
        name: "catalog-linking-outside-the-site",
        plant: |root, outside| {
            fs::write(outside.join("outside.yaml"), OUTSIDE_CATALOG).unwrap();
            fs::create_dir_all(root.join("catalogs")).unwrap();
            symlink(
                outside.join("outside.yaml"),
                root.join("catalogs/evil.yaml"),
            )
            .unwrap();
        },
        hostiles: &["catalogs/evil.yaml"],
        codes: &["MB004"],
        ..CASE
    },
    Case {
        name: "catalogs-folder-linking-outside-the-site",
        plant: |root, outside| {
            fs::write(outside.join("outside.yaml"), OUTSIDE_CATALOG).unwrap();
            symlink(outside, root.join("catalogs")).unwrap();
        },
        hostiles: &["catalogs/outside.yaml"],
        codes: &["MB004"],
        ..CASE
    },
    // Links in bodies and the configuration
    Case {
        name: "body-link-targets-that-leave-the-site",
        plant: |root, _| {
            let body = "[a](../../../../etc/passwd) [b](/etc/passwd) [c](//evil.example/x) \
                        [d](..%2f..%2f..%2fetc%2fpasswd) [e](../evidence/2025/../../../minutebook.yaml) \
                        [f](C:/windows/win.ini) [g](\\\\server\\share)\n";
            write(root, RECORD, &record("", body));
        },
        hostiles: &[RECORD],
        codes: &["MB070"],
        more: |_, found| {
            let broken = found
                .iter()
                .filter(|f| f.code == "MB070" && f.file == RECORD)
                .count();
            assert!(broken >= 6, "{found:#?}");
        },
        ..CASE
    },
    Case {
        name: "repo-url-that-is-not-a-web-url",
        plant: |root, _| {
            let config = root.join("minutebook.yaml");
            let mut text = fs::read_to_string(&config).unwrap();
            text.push_str("repo_url: \" javascript:alert(document.domain)//\"\n");
            fs::write(&config, text).unwrap();
            write(
                root,
                RECORD,
                &record("", "[config](../../minutebook.yaml)\n"),
            );
        },
        hostiles: &[RECORD],
        codes: &["MB070"],
        more: |_, found| {
            assert!(
                found
                    .iter()
                    .any(|f| f.file == RECORD && f.message.contains("not an http(s)")),
                "{found:#?}"
            );
        },
        ..CASE
    },
    // Site files that lead outside the site
    Case {
        // Neither the findings nor the human output quote the outside file.
        name: "documents-linking-outside-the-site",
        plant: |root, outside| {
            let secret = secret_in(outside);
            symlink(&secret, root.join("content/reviews/2025-09-01-x.md")).unwrap();
            symlink(&secret, root.join("content/records/2025-09-01-y.md")).unwrap();
        },
        hostiles: &[
            "content/reviews/2025-09-01-x.md",
            "content/records/2025-09-01-y.md",
        ],
        codes: &["MB004"],
        more: |root, found| {
            human_check_quotes_no_secret(root);
            no_finding_quotes_the_secret(found);
        },
        ..CASE
    },
    Case {
        // Reviews are read without resolving their paths when the walk finds
        // them under a folder inside the site; a `content/reviews` that is
        // itself a link out of the site must still keep its files unread.
        name: "a-reviews-folder-linking-outside-the-site",
        plant: |root, outside| {
            fs::write(
                outside.join("2025-09-01-x.md"),
                "---\nid: TOP-SECRET-TOKEN\n---\nTOP-SECRET-TOKEN\n",
            )
            .unwrap();
            let reviews = root.join("content/reviews");
            fs::remove_dir_all(&reviews).unwrap();
            symlink(outside, &reviews).unwrap();
        },
        hostiles: &[],
        more: |_, found| {
            assert!(
                found
                    .iter()
                    .any(|f| f.code == "MB004" && f.file == "content/reviews/2025-09-01-x.md"),
                "{found:?}"
            );
            no_finding_quotes_the_secret(found);
        },
        ..CASE
    },
    Case {
        name: "config-linking-outside-the-site",
        plant: |root, outside| plant_link_to_secret(root, outside, "minutebook.yaml"),
        hostiles: &[],
        more: |root, found| {
            human_check_names(root, "minutebook.yaml");
            no_finding_quotes_the_secret(found);
        },
        ..CASE
    },
    Case {
        name: "people-linking-outside-the-site",
        plant: |root, outside| plant_link_to_secret(root, outside, "content/people.yaml"),
        hostiles: &[],
        more: |root, found| {
            human_check_names(root, "content/people.yaml");
            no_finding_quotes_the_secret(found);
        },
        ..CASE
    },
    // Records minutebook keeps beside the content
    Case {
        name: "evidence-lock-that-is-a-fifo",
        plant: |root, _| {
            fs::remove_file(root.join("evidence.lock")).unwrap();
            mkfifo(&root.join("evidence.lock"));
        },
        hostiles: &["evidence.lock"],
        codes: &["MB004"],
        ..CASE
    },
    Case {
        name: "evidence-lock-that-is-a-device",
        plant: |root, _| {
            fs::remove_file(root.join("evidence.lock")).unwrap();
            symlink("/dev/zero", root.join("evidence.lock")).unwrap();
        },
        hostiles: &["evidence.lock"],
        codes: &["MB004"],
        ..CASE
    },
    Case {
        name: "hash-cache-that-is-a-fifo",
        plant: |root, _| {
            let dir = root.join(".minutebook");
            fs::create_dir_all(&dir).unwrap();
            // The copied fixture may carry a cache from an earlier local run.
            let _ = fs::remove_file(dir.join("hash-cache.tsv"));
            mkfifo(&dir.join("hash-cache.tsv"));
        },
        hostiles: &[AUDIT],
        codes: &["MB003"],
        ..CASE
    },
    Case {
        name: "signoff-sheet-that-is-a-fifo",
        plant: |root, _| {
            fs::remove_file(root.join("content/signoffs.yaml")).unwrap();
            mkfifo(&root.join("content/signoffs.yaml"));
        },
        hostiles: &[],
        more: |_, found| {
            assert!(
                found
                    .iter()
                    .any(|f| f.file == "content/signoffs.yaml" && is_error(&f.code)),
                "{found:#?}"
            );
        },
        ..CASE
    },
    Case {
        // One clear finding on the sheet; its (unread) entries no longer
        // count, so the signed reviews are merely not signed off (MB051).
        name: "signoff-sheet-linking-outside-the-site",
        plant: |root, outside| plant_link_to_secret(root, outside, "content/signoffs.yaml"),
        hostiles: &[],
        more: |root, found| {
            human_check_names(root, "content/signoffs.yaml");
            let on_sheet: Vec<&Found> = found
                .iter()
                .filter(|f| f.file == "content/signoffs.yaml")
                .collect();
            assert_eq!(on_sheet.len(), 1, "{found:#?}");
            assert_eq!(on_sheet[0].code, "MB004");
            assert_eq!(
                on_sheet[0].line, 0,
                "about the whole file, no line to quote"
            );
            assert!(
                on_sheet[0].message.contains("outside the site"),
                "{}",
                on_sheet[0].message
            );
            no_finding_quotes_the_secret(found);
            let reviews: Vec<String> = found
                .iter()
                .filter(|f| f.code == "MB051")
                .map(|f| f.file.clone())
                .collect();
            let allowed: Vec<&str> = reviews.iter().map(String::as_str).collect();
            assert_contained(found, "content/signoffs.yaml", &["MB004"], &allowed);
        },
        ..CASE
    },
];

/// The `setpriv` prefix that runs a command as `nobody`, when the tests run
/// as root; nothing otherwise.
fn nobody_prefix() -> &'static [&'static str] {
    if !is_root() {
        return &[];
    }
    let setpriv = Command::new("setpriv").arg("--version").output();
    assert!(
        setpriv.is_ok_and(|o| o.status.success()),
        "running as root: `setpriv` (util-linux) is needed to check as nobody"
    );
    &[
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--",
    ]
}

/// Builds the site of one case, checks it and judges the findings.
fn run_case(case: &Case) {
    let site = hostile_site();
    let outside = temp_dir("outside");
    (case.plant)(site.path(), outside.path());
    let prefix = if case.as_nobody { nobody_prefix() } else { &[] };
    if !prefix.is_empty() {
        // Temporary folders are private to their owner: let `nobody` in.
        fs::set_permissions(site.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
    let found = check_with(prefix, site.path());
    if !case.hostiles.is_empty() {
        assert_all_contained(&found, case.hostiles, case.codes, case.allowed);
    }
    (case.more)(site.path(), &found);
}

/// Runs every row of [`CASES`] (or the one `HOSTILE_CASE` names) on a few
/// threads and reports every failing case, not only the first.
#[test]
fn every_hostile_site_is_contained() {
    let only = std::env::var("HOSTILE_CASE").ok();
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|c| only.as_deref().is_none_or(|n| n == c.name))
        .collect();
    assert!(!cases.is_empty(), "no case named {only:?}");
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    if let Err(panic) = std::panic::catch_unwind(|| run_case(case)) {
                        let why = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(ToString::to_string))
                            .unwrap_or_default();
                        let why: String = why.chars().take(2_000).collect();
                        failed.lock().unwrap().push(format!("{}: {why}", case.name));
                    }
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    assert!(
        failed.is_empty(),
        "{} failing case(s):\n\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}

#[test]
fn case_names_are_unique() {
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "two cases share a name");
    assert!(names.iter().all(|n| !n.is_empty()));
}

/// The bodies of `deep-markdown-nesting-in-bodies` also render.
#[test]
fn deep_markdown_nesting_renders() {
    let site = scratch_copy("clean");
    plant_deep_markdown(site.path());
    build_to(site.path(), site.path().join("public")).expect(&[0]);
}

// ---------------------------------------------------------------------------
// Command-line paths

#[test]
fn root_that_is_a_file_or_missing_is_a_usage_error() {
    let site = hostile_site();
    let file = site.path().join("minutebook.yaml");
    let missing = site.path().join("nope");
    for root in [&file, &missing] {
        for cmd in ["check", "build", "lock", "bundle"] {
            let out = minutebook(&[cmd.as_ref(), "--root".as_ref(), root.as_os_str()]);
            out.expect(&[2]);
            assert!(out.stderr.contains("error"), "{}", out.stderr);
        }
    }
}

fn build_to<S: AsRef<OsStr>>(root: &Path, out: S) -> Outcome {
    minutebook(&[
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(AS_OF),
        OsStr::new("--quiet"),
        OsStr::new("-o"),
        out.as_ref(),
    ])
}

/// Every file under a folder, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walk(dir) {
        if e.is_file() {
            out.push((e.clone(), fs::read(&e).unwrap()));
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() && !p.is_symlink() {
                out.extend(walk(&p));
            }
            out.push(p);
        }
    }
    out
}

#[test]
fn build_output_traps_are_refused() {
    let parent = temp_dir("traps");
    let root = parent.path().join("site");
    common::copy_tree(&common::fixture("clean"), &root);
    symlink(root.join("content"), parent.path().join("content-link")).unwrap();
    let before = snapshot(&root);
    let traps: Vec<PathBuf> = vec![
        root.clone(),
        root.join("."),
        root.join("content"),
        root.join("content/evidence"),
        root.join("content/evidence/new"),
        root.join("content/../content"),
        parent.path().to_path_buf(),
        root.join(".."),
        parent.path().join("content-link"),
        PathBuf::from("/"),
    ];
    for trap in &traps {
        let out = build_to(&root, trap);
        out.expect(&[2]);
        assert!(
            out.stderr.contains("error"),
            "{}: {}",
            trap.display(),
            out.stderr
        );
        assert_eq!(
            snapshot(&root).len(),
            before.len(),
            "nothing was added to or removed from the site by -o {}",
            trap.display()
        );
    }
    assert!(snapshot(&root) == before, "the site is untouched");
    // And a sane output still works.
    build_to(&root, parent.path().join("out")).expect(&[0]);
    assert!(parent.path().join("out/index.html").is_file());
}

/// An output folder is replaced only when its `data/site.json` shows it is a
/// previous minutebook output; that file is read bounded and only when it
/// is a regular file, so a FIFO (which blocks), `/dev/zero` or a sparse
/// 100 GiB file there neither hangs the build nor exhausts its memory: the
/// folder is "not a previous output" and is left alone.
#[test]
fn previous_output_with_a_hostile_site_json() {
    let site = scratch_copy("clean");
    let parent = temp_dir("out-site-json");
    let out = parent.path().join("out");
    let site_json = out.join("data/site.json");
    for case in ["fifo", "dev-zero", "sparse-100-gib", "garbage"] {
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(out.join("data")).unwrap();
        fs::write(out.join("index.html"), "KEEP-ME\n").unwrap();
        match case {
            "fifo" => assert!(
                Command::new("mkfifo")
                    .arg(&site_json)
                    .status()
                    .unwrap()
                    .success()
            ),
            "dev-zero" => symlink("/dev/zero", &site_json).unwrap(),
            "sparse-100-gib" => {
                let f = fs::File::create(&site_json).unwrap();
                f.set_len(100 << 30).unwrap();
            }
            _ => fs::write(&site_json, random_bytes(4096, 7)).unwrap(),
        }
        eprintln!("case {case}");
        let run = build_to(site.path(), &out);
        run.expect(&[2]);
        assert!(
            run.stderr.contains("not a previous minutebook output"),
            "{case}: {}",
            run.stderr
        );
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "KEEP-ME\n",
            "{case}: the folder is left alone"
        );
        assert!(fs::symlink_metadata(&site_json).is_ok(), "{case}");
    }
    // A real previous output is still replaced.
    fs::remove_dir_all(&out).unwrap();
    build_to(site.path(), &out).expect(&[0]);
    build_to(site.path(), &out).expect(&[0]);
    assert!(out.join("index.html").is_file());
}

// ---------------------------------------------------------------------------
// Theme overrides and catalogs

/// A folder outside the site with a secret in it.
fn outside_secret(tag: &str) -> (TempDir, PathBuf) {
    let dir = temp_dir(tag);
    let secret = dir.path().join("static/secret.txt");
    fs::create_dir_all(secret.parent().unwrap()).unwrap();
    fs::write(&secret, "TOP-SECRET-OUTSIDE-THE-SITE\n").unwrap();
    (dir, secret)
}

fn assert_no_secret_published(out: &Path) {
    for (path, bytes) in snapshot(out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET-OUTSIDE-THE-SITE"),
            "{} holds a file from outside the site",
            path.display()
        );
    }
}

fn with_theme(root: &Path, name: &str) {
    let config = root.join("minutebook.yaml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str(&format!("theme: {name}\n"));
    fs::write(config, text).unwrap();
}

#[test]
fn theme_file_linking_outside_the_site_is_refused() {
    let site = scratch_copy("clean");
    let (_outside, secret) = outside_secret("theme-file");
    let theme = site.path().join("themes/evil/static");
    fs::create_dir_all(&theme).unwrap();
    symlink(&secret, theme.join("secret.txt")).unwrap();
    with_theme(site.path(), "evil");
    let out_dir = site.path().join("public");
    let out = build_to(site.path(), &out_dir);
    out.expect(&[2]);
    assert!(out.stderr.contains("outside the site"), "{}", out.stderr);
    assert_no_secret_published(&out_dir);
}

#[test]
fn theme_folder_linking_outside_the_site_is_refused() {
    let site = scratch_copy("clean");
    let (outside, _secret) = outside_secret("theme-dir");
    fs::create_dir_all(site.path().join("themes")).unwrap();
    symlink(outside.path(), site.path().join("themes/evil")).unwrap();
    with_theme(site.path(), "evil");
    let out_dir = site.path().join("public");
    let out = build_to(site.path(), &out_dir);
    out.expect(&[2]);
    assert_no_secret_published(&out_dir);
}

const OUTSIDE_CATALOG: &str =
    "id: outside\ntitle: Outside\nitems:\n  - {id: X.1, title: From outside the site}\n";

// ---------------------------------------------------------------------------
// verify: hostile bundles and SHA256SUMS

/// Writes a zip with the given (name, bytes, deflated) entries.
fn make_zip(path: &Path, entries: &[(&str, &[u8], bool)]) {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};
    let mut zip = ZipWriter::new(fs::File::create(path).unwrap());
    for (name, bytes, deflated) in entries {
        let method = if *deflated {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() as u64 > u64::from(u32::MAX));
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn verify(path: &Path) -> Outcome {
    minutebook(&[OsStr::new("verify"), path.as_os_str()])
}

/// Asserts every stdout line is one the report format defines (a hostile
/// name cannot forge a line) and returns them.
fn report_lines(out: &Outcome) -> Vec<String> {
    let text = out.stdout_text();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        let known = [
            "MALFORMED ",
            "UNSAFE ",
            "MISMATCH ",
            "MISSING ",
            "EXTRA ",
            "INCONSISTENT ",
            "NO ",
        ]
        .iter()
        .any(|p| line.starts_with(p));
        let first =
            i == 0 && (line.starts_with("SHA-256 of the bundle: ") && line.len() == 23 + 64);
        let refused = line.starts_with("REFUSED not a faithful bundle: ");
        assert!(
            known || first || refused || (i == last && line.starts_with("verified ")),
            "unexpected report line {line:?} in\n{text}"
        );
    }
    lines
}

fn sums(entries: &[(&str, &[u8])]) -> String {
    entries
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", sha256_bytes(bytes)))
        .collect()
}

#[test]
fn zip_slip_and_absolute_entries_are_unsafe() {
    let dir = temp_dir("zipslip");
    let zip = dir.path().join("bundle.zip");
    let page = b"<p>minutes</p>".as_slice();
    let listed = sums(&[("site/index.html", page)]);
    make_zip(
        &zip,
        &[
            (
                "site/SHA256SUMS",
                listed.replace("site/", "").as_bytes(),
                false,
            ),
            ("site/index.html", page, true),
            ("site/../../escaped.txt", b"x", false),
            ("../escaped.txt", b"x", false),
            ("/tmp/absolute.txt", b"x", false),
            ("C:\\windows.txt", b"x", false),
        ],
    );
    let out = verify(&zip);
    out.expect(&[1]);
    let lines = report_lines(&out);
    for name in [
        "site/../../escaped.txt",
        "../escaped.txt",
        "/tmp/absolute.txt",
    ] {
        assert!(lines.contains(&format!("UNSAFE {name}")), "{lines:#?}");
    }
    assert!(!dir.path().join("escaped.txt").exists());
    assert!(!Path::new("/tmp/absolute.txt").exists());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing extracted"
    );
}

#[test]
fn zip_entry_claiming_a_huge_size_is_refused() {
    let dir = temp_dir("zipclaim");
    let zip = dir.path().join("bundle.zip");
    let listed = sums(&[("index.html", b"x")]);
    make_zip(
        &zip,
        &[
            ("SHA256SUMS", listed.as_bytes(), false),
            ("index.html", b"x", false),
        ],
    );
    // Patch the central directory: both entries now claim 4 GiB − 16 bytes
    // uncompressed, while their data is what it was.
    let mut bytes = fs::read(&zip).unwrap();
    let mut patched = 0;
    for i in 0..bytes.len() - 4 {
        if &bytes[i..i + 4] == b"PK\x01\x02" {
            bytes[i + 24..i + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2);
    fs::write(&zip, &bytes).unwrap();
    let out = verify(&zip);
    // The claim is a lie: the entry is not the file that was listed.
    out.expect(&[1, 2]);
    if out.code() == 1 {
        assert!(
            report_lines(&out).contains(&"MISMATCH index.html".to_string()),
            "{}",
            out.stdout_text()
        );
    }
}

#[test]
fn zip_bomb_entry_is_streamed_in_bounded_memory() {
    // 80 MiB of zeros deflates to 80 KB: verifying it under a 64 MB address
    // space shows it is streamed, never held whole (a 64 GiB bomb is the
    // same loop, only longer), and it is the mismatch it is.
    let dir = temp_dir("zipbomb");
    let zip = dir.path().join("bundle.zip");
    {
        use zip::write::SimpleFileOptions;
        use zip::{CompressionMethod, ZipWriter};
        let mut w = ZipWriter::new(fs::File::create(&zip).unwrap());
        let listed = format!("{}  bomb.bin\n", "0".repeat(64));
        w.start_file(
            "SHA256SUMS",
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .unwrap();
        w.write_all(listed.as_bytes()).unwrap();
        w.start_file(
            "bomb.bin",
            SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(9)),
        )
        .unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..80 {
            w.write_all(&zeros).unwrap();
        }
        w.finish().unwrap();
    }
    assert!(fs::metadata(&zip).unwrap().len() < 1 << 20);
    let out = bounded_with(
        64 << 20,
        Duration::from_secs(60),
        &[],
        &[OsStr::new("verify"), zip.as_os_str()],
    );
    out.expect(&[1]);
    assert!(
        report_lines(&out).contains(&"MISMATCH bomb.bin".to_string()),
        "{}",
        out.stdout_text()
    );
}

#[test]
fn sums_with_hostile_names_are_reported_not_followed() {
    let dir = temp_dir("sums");
    let site = dir.path().join("site");
    write(&site, "index.html", b"<p>minutes</p>");
    write(dir.path(), "outside.txt", b"outside");
    let good = sha256_bytes(b"<p>minutes</p>");
    let outside = sha256_bytes(b"outside");
    let text = format!(
        "{good}  index.html\n\
         {outside}  ../outside.txt\n\
         {outside}  /etc/passwd\n\
         \\{good}  evil\\nverified 1 file: 1 ok, 0 mismatched, 0 missing, 0 extra\n\
         \\{good}  a\\rb\n\
         {good}  ./index.html\n\
         {good}  a\u{1b}[2Jb\n\
         {good}  index.html\0.txt\n\
         {good}  {}\n\
         not a line at all\n",
        "x/".repeat(10_000)
    );
    write(&site, "SHA256SUMS", text.as_bytes());
    let out = verify(&site);
    out.expect(&[1]);
    let lines = report_lines(&out);
    assert!(
        lines.contains(&"UNSAFE ../outside.txt".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"UNSAFE /etc/passwd".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("MISSING evil\\nverified")),
        "{lines:#?}"
    );
    assert!(
        !out.stdout_text().contains('\u{1b}'),
        "escape sequences are not printed raw"
    );
}

// ---------------------------------------------------------------------------
// Script through the minutes

#[test]
fn script_in_minutes_never_reaches_a_page() {
    let site = scratch_copy("clean");
    let marker = "mb-hostile-xss";
    let body = format!(
        "## Notes\n\n<script>alert('{marker}')</script>\n\n\
         <img src=x onerror=\"alert('{marker}')\">\n\n\
         [ok](https://example.com/ \"t\\\" onmouseover=alert('{marker}')\")\n"
    );
    write(
        site.path(),
        RECORD,
        &record(
            &format!("title: \"<script>alert('{marker}')</script>\"\n"),
            &body,
        ),
    );
    let out_dir = site.path().join("public");
    build_to(site.path(), &out_dir).expect(&[0]);
    // Pages only: data files (JSON, CSV, the search index) hold the text as
    // data, never parsed as HTML.
    let pages = snapshot(&out_dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html" || e == "svg"));
    for (path, bytes) in pages {
        let text = String::from_utf8_lossy(&bytes);
        for bad in [
            format!("<script>alert('{marker}')"),
            "<img src=x onerror".to_string(),
            "\" onmouseover=alert".to_string(),
        ] {
            assert!(!text.contains(&bad), "{} holds {bad:?}", path.display());
        }
    }

    // Script URLs are MB070 and fail the build, whatever their spelling.
    for link in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "javascript&#58;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
    ] {
        write(
            site.path(),
            RECORD,
            &record("", &format!("[x]({link}) and <{link}>\n")),
        );
        let found = check(site.path());
        assert!(
            found.iter().any(|f| f.code == "MB070" && f.file == RECORD),
            "{link}: {found:#?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Identifiers that become paths

#[test]
fn ids_that_look_like_paths_never_escape_the_output() {
    let parent = temp_dir("ids");
    let root = parent.path().join("site");
    common::copy_tree(&common::fixture("clean"), &root);
    for (i, id) in ["..", ".", "...", "a..b"].iter().enumerate() {
        let rel = format!("content/records/2025-09-0{}-id.md", i + 1);
        let yaml = format!(
            "id: \"{id}\"\ndate: 2025-09-0{}\nkind: note\nactions:\n  - {{id: \"{id}x\", title: T, owner: ciso, due: 2026-01-01}}\n",
            i + 1
        );
        write(&root, &rel, &document(&yaml, "body\n"));
    }
    let out_dir = parent.path().join("out");
    let out = build_to(&root, &out_dir);
    // Dots are legal id characters; whether the build takes or refuses
    // them, nothing may be written outside the output folder.
    out.expect(&[0, 1, 2]);
    let entries: Vec<_> = fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let mut names: Vec<OsString> = entries;
    names.sort();
    let expected: Vec<OsString> = if out_dir.exists() {
        vec!["out".into(), "site".into()]
    } else {
        vec!["site".into()]
    };
    assert_eq!(names, expected, "nothing written beside the output");
    let index = root.join("index.html");
    assert!(!index.exists(), "nothing written into the site root");
    assert!(!root.join("content/index.html").exists());
}

#[test]
fn external_images_are_links_not_loads() {
    let site = scratch_copy("clean");
    let body = "![tracker](https://tracker.example/pixel.png)\n\n\
                [![badge](https://badge.example/b.svg)](https://example.com/)\n";
    write(site.path(), RECORD, &record("", body));
    let out_dir = site.path().join("public");
    build_to(site.path(), &out_dir).expect(&[0]);
    let page = fs::read_to_string(out_dir.join("records/n-2025-09/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"https://tracker.example/pixel.png\">tracker</a>"),
        "{page}"
    );
    assert!(!page.contains("<img src=\"https://"), "{page}");
    assert!(!page.contains("badge.example"), "{page}");
}

// ---------------------------------------------------------------------------
// Site files that lead outside the site

/// A file outside the site whose first line is a secret (a CI token, say).
fn outside_file(tag: &str) -> (TempDir, PathBuf) {
    let dir = temp_dir(tag);
    let file = dir.path().join("credentials");
    fs::write(&file, "https://user:TOP-SECRET-TOKEN@git.example.com\n").unwrap();
    (dir, file)
}

// ---------------------------------------------------------------------------
// Records minutebook keeps beside the content

fn approve(root: &Path, file: &OsStr) -> Outcome {
    minutebook(&[
        OsStr::new("approve"),
        file,
        OsStr::new("--by"),
        OsStr::new("ceo"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(AS_OF),
    ])
}

/// `approve` reads the document to approve (and the sheet it appends to)
/// bounded and only inside the site: a FIFO, `/dev/zero` or a link leading
/// outside is a clear error (exit 2) at once, never a hang, never an
/// approval of bytes from outside the site, and nothing is written.
#[test]
fn approving_a_fifo_a_device_or_a_link_out_of_the_site_is_refused() {
    let site = scratch_copy("clean");
    let root = site.path();
    let sheet = root.join("content/signoffs.yaml");
    let before = fs::read(&sheet).unwrap();
    let (_outside, secret) = outside_file("approve-outside");
    // A valid review outside the site, behind a link inside it.
    let minutes = fs::read(root.join("content/reviews/2025-07-15-mr-2025-07.md")).unwrap();
    let mut outside_review = minutes.clone();
    outside_review.extend_from_slice(b"\nTOP-SECRET-TOKEN\n");
    fs::write(&secret, &outside_review).unwrap();

    let pipe = "content/reviews/2025-09-01-pipe.md";
    assert!(
        Command::new("mkfifo")
            .arg(root.join(pipe))
            .status()
            .unwrap()
            .success()
    );
    let zero = "content/reviews/2025-09-02-zero.md";
    symlink("/dev/zero", root.join(zero)).unwrap();
    let link = "content/reviews/2025-09-03-link.md";
    symlink(&secret, root.join(link)).unwrap();
    let absolute = root.join(link).into_os_string();
    let cases: [(&OsStr, &str); 4] = [
        (OsStr::new(pipe), "not a regular file"),
        (OsStr::new(zero), "outside the site"),
        (OsStr::new(link), "outside the site"),
        (&absolute, "outside the site"),
    ];
    for (file, why) in cases {
        let out = approve(root, file);
        out.expect(&[2]);
        assert!(
            out.stderr.contains("error") && out.stderr.contains(why),
            "{}: {}",
            out.what,
            out.stderr
        );
        assert!(!out.stderr.contains("TOP-SECRET") && !out.stdout_text().contains("TOP-SECRET"));
        assert_eq!(
            fs::read(&sheet).unwrap(),
            before,
            "{}: nothing written",
            out.what
        );
    }

    // The sheet itself is a FIFO, or a link leading outside: refused, the
    // outside file is not written to and the link stays a link.
    let review = OsStr::new("content/reviews/2025-07-15-mr-2025-07.md");
    fs::remove_file(&sheet).unwrap();
    mkfifo(&sheet);
    let out = approve(root, review);
    out.expect(&[2]);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
    fs::remove_file(&sheet).unwrap();
    fs::write(&secret, &before).unwrap();
    symlink(&secret, &sheet).unwrap();
    let out = approve(root, review);
    out.expect(&[2]);
    assert!(out.stderr.contains("outside the site"), "{}", out.stderr);
    assert_eq!(
        fs::read(&secret).unwrap(),
        before,
        "the outside file is untouched"
    );
    assert!(
        fs::symlink_metadata(&sheet)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Found by `fuzz/` (target `markdown`): heading attributes
/// (`{key=value}`) were copied onto the page's heading, so minutes could
/// add an event handler to the auditor's page.
#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let site = scratch_copy("clean");
    let body = "## Notes {#notes .wide onmouseover=alert(document.domain) style=position:fixed}\n\n\
                text\n\n### Heading {#x &c}\n";
    write(site.path(), RECORD, &record("", body));
    let out_dir = site.path().join("public");
    build_to(site.path(), &out_dir).expect(&[0]);
    let page = fs::read_to_string(out_dir.join("records/n-2025-09/index.html")).unwrap();
    assert!(
        page.contains("<h3 id=\"notes\" class=\"wide\">Notes</h3>"),
        "{page}"
    );
    assert!(!page.contains("onmouseover"), "{page}");
    assert!(!page.contains("position:fixed"), "{page}");
    assert!(page.contains("<h4 id=\"x\">Heading</h4>"), "{page}");
}

/// Issue 18 item 10: a 1 MiB title over 1,000 headings repeated the title
/// in every section entry of the search index (1.1 GB). Every entry is now
/// bounded, so the index grows with the site, not with title × headings.
#[test]
fn a_huge_title_over_many_headings_gives_a_bounded_search_index() {
    let site = scratch_copy("clean");
    let title = "T".repeat(1 << 20);
    let body: String = (0..1000)
        .map(|i| format!("## Heading {i}\n\nSome text for section {i}.\n\n"))
        .collect();
    write(
        site.path(),
        RECORD,
        &record(&format!("title: {title}\n"), &body),
    );
    let out_dir = site.path().join("public");
    build_to(site.path(), &out_dir).expect(&[0]);
    let mut index_bytes = fs::metadata(out_dir.join("search-index.js")).unwrap().len();
    if let Ok(shards) = fs::read_dir(out_dir.join("search")) {
        for s in shards.flatten() {
            index_bytes += s.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    assert!(
        index_bytes < 2_000_000,
        "the search index is {index_bytes} bytes for one document"
    );
    let index = fs::read_to_string(out_dir.join("search-index.js")).unwrap();
    assert!(
        index.contains("#heading-999"),
        "every section is still found"
    );
}

/// Issue 18 item 10: 100,000 unknown attendees took 16 s (each compared
/// with every name before it, and each quoted line scanned again); 199,000
/// took 52 s. Both the checks and the human output are now linear: the run
/// fits the memory bound and a deadline far below what quadratic work takes.
#[test]
fn a_hundred_thousand_unknown_attendees_are_checked_in_linear_time() {
    let site = scratch_copy("clean");
    let review = site.path().join("content/reviews/2025-07-15-mr-2025-07.md");
    let text = fs::read_to_string(&review).unwrap();
    let many: Vec<String> = (0..100_000).map(|i| format!("visitor-{i}")).collect();
    let text = text.replacen(
        "attendees: [ceo, ciso, it-lead]",
        &format!("attendees: [ceo, ciso, it-lead, {}]", many.join(", ")),
        1,
    );
    fs::write(&review, text).unwrap();
    let root = site.path().as_os_str();
    for format in ["json", "human"] {
        let run = bounded_with(
            MEMORY_LIMIT,
            Duration::from_secs(40),
            &[],
            &[
                OsStr::new("check"),
                OsStr::new("--root"),
                root,
                OsStr::new("--as-of"),
                OsStr::new(AS_OF),
                OsStr::new("--format"),
                OsStr::new(format),
            ],
        );
        run.expect(&[1]);
        let printed = run.stdout_text();
        assert_eq!(
            printed.matches("unknown person `visitor-").count(),
            100_000,
            "--format {format}"
        );
    }
}

// ---------------------------------------------------------------------------
// verify: zips that say one thing to a verifier and another to unzip
// (issue 18 item 11)

/// CRC-32 (IEEE) of `bytes`, for zips written by hand.
fn crc32(bytes: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|n| {
            (0..8).fold(n, |c, _| {
                if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                }
            })
        })
        .collect();
    !bytes.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// A STORED local file header.
fn local_header(name: &str, data: &[u8]) -> Vec<u8> {
    let mut h = b"PK\x03\x04".to_vec();
    h.extend(20u16.to_le_bytes()); // version needed
    h.extend(0u16.to_le_bytes()); // flags
    h.extend(0u16.to_le_bytes()); // STORED
    h.extend(0u16.to_le_bytes()); // time
    h.extend(0x21u16.to_le_bytes()); // 1980-01-01
    h.extend(crc32(data).to_le_bytes());
    h.extend((data.len() as u32).to_le_bytes());
    h.extend((data.len() as u32).to_le_bytes());
    h.extend((name.len() as u16).to_le_bytes());
    h.extend(0u16.to_le_bytes()); // extra
    h.extend(name.as_bytes());
    h
}

/// A central-directory header for a STORED entry at `offset`.
fn central_header(name: &str, data: &[u8], offset: usize) -> Vec<u8> {
    let mut h = b"PK\x01\x02".to_vec();
    h.extend(0x031Eu16.to_le_bytes()); // made by Unix
    h.extend(20u16.to_le_bytes());
    h.extend(0u16.to_le_bytes());
    h.extend(0u16.to_le_bytes());
    h.extend(0u16.to_le_bytes());
    h.extend(0x21u16.to_le_bytes());
    h.extend(crc32(data).to_le_bytes());
    h.extend((data.len() as u32).to_le_bytes());
    h.extend((data.len() as u32).to_le_bytes());
    h.extend((name.len() as u16).to_le_bytes());
    h.extend(0u16.to_le_bytes()); // extra
    h.extend(0u16.to_le_bytes()); // comment
    h.extend(0u16.to_le_bytes()); // disk
    h.extend(0u16.to_le_bytes()); // internal attributes
    h.extend((0o100_644u32 << 16).to_le_bytes());
    h.extend((offset as u32).to_le_bytes());
    h.extend(name.as_bytes());
    h
}

/// The central directory of `entries` (name, data, local header offset)
/// and the end record, appended to `zip`.
fn finish_zip(zip: &mut Vec<u8>, entries: &[(String, Vec<u8>, usize)]) {
    let start = zip.len();
    for (name, data, offset) in entries {
        zip.extend(central_header(name, data, *offset));
    }
    let size = zip.len() - start;
    zip.extend(b"PK\x05\x06");
    zip.extend(0u16.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend((entries.len() as u16).to_le_bytes());
    zip.extend((entries.len() as u16).to_le_bytes());
    zip.extend((size as u32).to_le_bytes());
    zip.extend((start as u32).to_le_bytes());
    zip.extend(0u16.to_le_bytes());
}

/// `unzip -t`'s verdict on a zip (true: no errors).
fn unzip_accepts(zip: &Path) -> bool {
    Command::new("unzip")
        .arg("-tqq")
        .arg(zip)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("unzip is installed (apt-get install -y unzip)")
        .success()
}

/// The line `verify` prints for a refused zip, which must name `why`.
fn assert_refused(out: &Outcome, why: &str) {
    out.expect(&[1]);
    let lines = report_lines(out);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("REFUSED not a faithful bundle: ") && l.contains(why)),
        "{}",
        out.stdout_text()
    );
    assert!(!lines.iter().any(|l| l.contains(" ok,")), "{lines:#?}");
}

#[test]
fn overlapping_entries_zip_bomb_is_refused() {
    // David Fifield's overlapping-files construction, STORED: each file's
    // data is the local header of the next file, and the next file's data,
    // down to one shared kernel. 200 entries share 64 KiB; `SHA256SUMS`
    // lists every one with the digest of what it reads, so the old verify
    // hashed 200 × 64 KiB and passed it. `unzip -t` refuses it.
    let dir = temp_dir("overlap");
    let zip_path = dir.path().join("bomb.zip");
    let kernel = vec![0u8; 64 * 1024];
    let n = 200;
    let names: Vec<String> = (0..n).map(|i| format!("top/files/f{i:03}.bin")).collect();
    let mut region = kernel.clone();
    let mut chained: Vec<(String, Vec<u8>)> = Vec::new();
    for name in names.iter().rev() {
        let data = region.clone();
        let mut with_header = local_header(name, &data);
        with_header.extend(&region);
        region = with_header;
        chained.push((name.clone(), data));
    }
    chained.reverse();
    let site_json = b"{\"documents\":[],\"evidence\":[]}\n".to_vec();
    let mut sums_text = format!("{}  data/site.json\n", sha256_bytes(&site_json));
    for (name, data) in &chained {
        let rel = name.strip_prefix("top/").unwrap();
        sums_text.push_str(&format!("{}  {rel}\n", sha256_bytes(data)));
    }
    let mut zip = Vec::new();
    let mut entries = Vec::new();
    for (name, data) in [
        ("top/SHA256SUMS".to_string(), sums_text.into_bytes()),
        ("top/data/site.json".to_string(), site_json),
    ] {
        let offset = zip.len();
        zip.extend(local_header(&name, &data));
        zip.extend(&data);
        entries.push((name, data, offset));
    }
    let mut offset = zip.len();
    zip.extend(&region);
    for (name, data) in chained {
        let header = 30 + name.len();
        entries.push((name, data, offset));
        offset += header;
    }
    finish_zip(&mut zip, &entries);
    fs::write(&zip_path, &zip).unwrap();
    assert!(
        !unzip_accepts(&zip_path),
        "unzip -t refuses overlapping entries"
    );
    assert_refused(&verify(&zip_path), "overlap");
}

#[test]
fn local_header_naming_another_file_is_refused() {
    // The central directory (what verify reads) says `b.txt`; the local
    // header (what a streaming extractor writes) says `a.txt`.
    let dir = temp_dir("names");
    let zip_path = dir.path().join("names.zip");
    let page = b"<p>the approved minutes</p>".to_vec();
    let site_json = b"{\"documents\":[],\"evidence\":[]}\n".to_vec();
    let sums_text = format!(
        "{}  b.txt\n{}  data/site.json\n",
        sha256_bytes(&page),
        sha256_bytes(&site_json)
    );
    let mut zip = Vec::new();
    let mut entries = Vec::new();
    for (central, local, data) in [
        ("SHA256SUMS", "SHA256SUMS", sums_text.into_bytes()),
        ("b.txt", "a.txt", page),
        ("data/site.json", "data/site.json", site_json),
    ] {
        let offset = zip.len();
        zip.extend(local_header(local, &data));
        zip.extend(&data);
        entries.push((central.to_string(), data, offset));
    }
    finish_zip(&mut zip, &entries);
    fs::write(&zip_path, &zip).unwrap();
    assert_refused(&verify(&zip_path), "is named `a.txt` in its local header");

    // The same zip with honest local headers verifies (the check is the
    // name, not the hand-made layout).
    let mut honest = Vec::new();
    let mut entries2 = Vec::new();
    for (name, data, _) in &entries {
        let offset = honest.len();
        honest.extend(local_header(name, data));
        honest.extend(data);
        entries2.push((name.clone(), data.clone(), offset));
    }
    finish_zip(&mut honest, &entries2);
    fs::write(&zip_path, &honest).unwrap();
    assert!(unzip_accepts(&zip_path));
    let out = verify(&zip_path);
    out.expect(&[0]);
}

#[test]
fn a_sums_file_of_a_million_lines_is_read_in_bounded_memory() {
    // 76 MB of `SHA256SUMS` (a million distinct lines) beside two files:
    // the old verify read it whole and built maps of every line (a 9 MB
    // zip with 3 million lines took 1.45 GB). It is now read line by line
    // and reading stops past 2 × files + 1,024 lines, under a 64 MB
    // address space, for a zip and for a folder.
    let dir = temp_dir("million");
    let page = b"<p>minutes</p>";
    let site_json = b"{\"documents\":[],\"evidence\":[]}\n";
    let mut text = sums(&[("index.html", page), ("data/site.json", site_json)]);
    text.reserve(77_000_000);
    for i in 0..1_000_000u32 {
        text.push_str(&format!("{i:064x}  f/{i:07}\n"));
    }
    let zip_path = dir.path().join("million.zip");
    make_zip(
        &zip_path,
        &[
            ("SHA256SUMS", text.as_bytes(), false),
            ("index.html", page, false),
            ("data/site.json", site_json, false),
        ],
    );
    let folder = dir.path().join("site");
    write(&folder, "SHA256SUMS", text.as_bytes());
    write(&folder, "index.html", page);
    write(&folder, "data/site.json", site_json);
    drop(text);
    for target in [&zip_path, &folder] {
        let out = bounded_with(
            64 << 20,
            Duration::from_secs(60),
            &[],
            &[OsStr::new("verify"), target.as_os_str()],
        );
        out.expect(&[1]);
        let lines = report_lines(&out);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("MALFORMED SHA256SUMS line 1031: more than 1030 lines")),
            "{}",
            out.stdout_text()
        );
        // Every line read before the cap is still reported as it is.
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("MISSING f/")).count(),
            1028,
            "{target:?}"
        );
    }
}
