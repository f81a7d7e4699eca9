//! The library's stages depend one way: model ← load ← derive ← check ←
//! render ← site (and authoring beside site), with a bottom layer (diag,
//! fsx, date, words, suggest, coreutils_names, progress) every stage may use and that
//! uses none of them. This test reads every `crate::…` path in `src/` (code
//! and tests alike, comments skipped) and fails when a module reaches up or
//! across, so a change that tangles the layers is caught where it is made.
//! docs/architecture.md draws the same picture.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of the library and its layer (0 = bottom).
/// A module not listed here fails the test: a new module must be placed.
const LAYERS: &[(&str, u8)] = &[
    ("diag", 0),
    ("fsx", 0),
    ("date", 0),
    ("words", 0),
    ("suggest", 0),
    ("coreutils_names", 0),
    ("progress", 0),
    ("model", 1),
    ("load", 2),
    ("derive", 3),
    ("check", 4),
    ("render", 5),
    ("site", 6),
    ("authoring", 6),
];

/// Imports against the layers that are known and being removed, as
/// `file: module uses module`. Only ever shrinks: an entry that no longer
/// happens fails the test too, so it is deleted when its import is.
const KNOWN: &[&str] = &[];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

/// May code in `from` name `to`? Within a module, always; the bottom layer
/// may use itself; otherwise only a lower layer (site and authoring, both on
/// layer 6, do not use each other).
fn allowed(from: &str, to: &str) -> bool {
    if from == to {
        return true;
    }
    match (layer(from), layer(to)) {
        (Some(0), Some(0)) => true,
        (Some(a), Some(b)) => b < a,
        _ => false,
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a source text names through `crate::`, with the
/// 1-based line of each mention; `//` comment lines are skipped.
fn mentions(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // `use crate::{a, b::c}` groups may span lines: join them first.
    let mut joined = String::new();
    let mut line_of = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for _ in 0..=line.len() {
            line_of.push(i + 1);
        }
        joined.push_str(line);
        joined.push('\n');
    }
    let bytes = joined.as_bytes();
    let mut at = 0;
    while let Some(found) = joined[at..].find("crate::") {
        let start = at + found;
        at = start + "crate::".len();
        // `minutebook::crate::` does not exist; `$crate::` is a macro's own crate.
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        if joined[at..].starts_with('{') {
            let end = joined[at..].find('}').map_or(joined.len(), |e| at + e);
            for item in joined[at + 1..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((line_of[start], name));
                }
            }
            continue;
        }
        let name: String = joined[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push((line_of[start], name));
        }
    }
    out
}

#[test]
fn modules_import_only_from_layers_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut unplaced = BTreeSet::new();
    let mut upward = Vec::new();
    let mut seen_known = BTreeSet::new();
    for path in &files {
        let rel = path.strip_prefix(&src).expect("under src/");
        let first = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a name");
        let module = first.trim_end_matches(".rs");
        // The crate root and the binary (which reaches the library by name,
        // not through `crate::`) sit above every layer.
        if matches!(module, "lib" | "main" | "cli") {
            continue;
        }
        if layer(module).is_none() {
            unplaced.insert(module.to_string());
            continue;
        }
        let text = fs::read_to_string(path).expect("read source");
        for (line, to) in mentions(&text) {
            let what = format!("{}: {module} uses {to}", rel.display());
            if KNOWN.contains(&what.as_str()) {
                seen_known.insert(what);
                continue;
            }
            if layer(&to).is_none() {
                // Items of the crate root (`crate::Checked`) are above every layer.
                upward.push(format!(
                    "{}:{line}: {module} uses the crate root's {to}",
                    rel.display()
                ));
            } else if !allowed(module, &to) {
                upward.push(format!("{}:{line}: {module} uses {to}", rel.display()));
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules with no layer in tests/layers.rs: {unplaced:?}"
    );
    let stale: Vec<&&str> = KNOWN.iter().filter(|k| !seen_known.contains(**k)).collect();
    assert!(
        stale.is_empty(),
        "these imports are gone: delete them from KNOWN in tests/layers.rs: {stale:?}"
    );
    assert!(
        upward.is_empty(),
        "imports against the layers (model ← load ← derive ← check ← render ← site/authoring, \
         bottom: diag fsx date words suggest coreutils_names):\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_spread_imports() {
    let text = "use crate::diag::Span;\n// crate::site in a comment\nuse crate::{\n    load::x,\n    model,\n};\nfn f() { crate::render::go(); }\n";
    let got = mentions(text);
    assert_eq!(
        got,
        vec![
            (1, "diag".to_string()),
            (3, "load".to_string()),
            (3, "model".to_string()),
            (7, "render".to_string())
        ]
    );
    assert!(allowed("check", "derive"));
    assert!(!allowed("derive", "check"));
    assert!(!allowed("site", "authoring"));
    assert!(allowed("fsx", "diag"));
    assert!(!allowed("fsx", "load"));
}
