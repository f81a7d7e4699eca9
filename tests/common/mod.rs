//! Helpers shared by the integration tests: run the real binary on a fixture.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) use tempfile::TempDir;

/// The folder of a fixture site.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `minutebook` with the given arguments.
pub(crate) fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("minutebook runs")
}

/// Runs `build --quiet` of a site into `out` as of a date.
pub(crate) fn build(root: &Path, out: &Path, as_of: &str) -> Output {
    build_with(root, out, as_of, &[])
}

/// Runs `build --quiet` as [`build`] does, with `extra` flags after it.
pub(crate) fn build_with(root: &Path, out: &Path, as_of: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().expect("UTF-8 test paths"),
        "--as-of",
        as_of,
        "-o",
        out.to_str().expect("UTF-8 test paths"),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// A finding as the tests compare it: code, file, line (0 when none).
pub(crate) type Seen = (String, String, u32);

/// Runs `check --format json` on a site and returns (exit code, findings).
pub(crate) fn check(root: &Path, as_of: &str) -> (i32, Vec<Seen>, serde_json::Value) {
    let out = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check printed no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut seen: Vec<Seen> = json["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0) as u32,
            )
        })
        .collect();
    seen.sort();
    (out.status.code().unwrap_or(-1), seen, json)
}

/// A fresh empty folder, removed with everything in it when dropped (also
/// when the test fails), named after `tag` to tell runs apart while they last.
pub(crate) fn temp_dir(tag: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("minutebook-test-{tag}-"))
        .tempdir()
        .expect("a temporary folder")
}

/// Copies a fixture into a fresh temporary folder the test may change.
pub(crate) fn scratch_copy(name: &str) -> TempDir {
    let dir = temp_dir(name);
    copy_tree(&fixture(name), dir.path());
    dir
}

/// Recursively copies a folder.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir`: path relative to it with `/` -> bytes.
pub(crate) fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            let path = e.path();
            let ty = e.file_type().unwrap();
            if ty.is_dir() {
                walk(base, &path, out);
            } else if ty.is_symlink() {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, format!("symlink -> {}", target.display()).into_bytes());
            } else {
                let rel = path.strip_prefix(base).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_str().expect("UTF-8 file name"))
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Compares two trees file by file and names the first differences.
pub(crate) fn assert_same_tree(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let names_a: std::collections::BTreeSet<_> = a.keys().collect();
    let names_b: std::collections::BTreeSet<_> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: different file sets");
    let differ: Vec<_> = a
        .iter()
        .filter(|(k, v)| b[*k] != **v)
        .map(|(k, _)| k.as_str())
        .collect();
    assert!(differ.is_empty(), "{what}: files differ: {differ:?}");
}

/// Asserts that a run exited with `code`, showing its output when not.
pub(crate) fn assert_exit(o: &Output, code: i32, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
