//! `SHA256SUMS`: the digest of every file of a built site, in GNU coreutils
//! `sha256sum` format.
//!
//! An auditor who receives the site must be able to check it with nothing
//! but the tools already on their machine: `sha256sum -c SHA256SUMS` run in
//! the site folder has to pass. So the file is written exactly as coreutils
//! writes it (`<64 lowercase hex>  <path>`, LF line ends, sorted by path in
//! byte order), including coreutils' escaping of awkward names: a name
//! holding `\`, a newline or a carriage return is written on a line that
//! starts with `\`, with those characters spelled `\\`, `\n` and `\r`.
//!
//! Reading accepts whatever `sha256sum` can write or read back: text (`  `)
//! and binary (` *`) separators, the `--tag` form (`SHA256 (path) = hex`),
//! upper-case hex, CRLF line ends, a UTF-8 BOM, blank lines and `#` comment
//! lines. Bad lines and duplicate paths are reported with their line
//! number, never silently dropped, so a tampered sums file cannot hide a
//! file by listing it twice.

use crate::coreutils_names::{escape, needs_escape, unescape};
use crate::fsx::atomic::write_atomic;
use crate::fsx::hash::sha256_file;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// The sums file's name at the root of a site (and of a bundle's top folder).
pub const SUMS_FILE: &str = "SHA256SUMS";

/// Renders `entries` (site-relative path with `/` separators -> hex digest)
/// as a `SHA256SUMS` file that `sha256sum -c` accepts, byte for byte what
/// coreutils would write, so a site can be checked without minutebook.
///
/// Entries come out sorted by path in byte order (the map's order); digests
/// are written in lower case whatever case they were given in.
pub fn sha256sums(entries: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(entries.len() * 100);
    for (path, hex) in entries {
        let hex = hex.to_ascii_lowercase();
        if needs_escape(path) {
            // Writing to a String cannot fail.
            let _ = writeln!(out, "\\{hex}  {}", escape(path));
        } else {
            let _ = writeln!(out, "{hex}  {path}");
        }
    }
    out
}

/// Reads a `SHA256SUMS` text as `sha256sum -c` would: path -> lowercase hex,
/// plus every line that could not be read or repeats a path, as
/// (1-based line number, what is wrong), so that verification can report
/// them instead of trusting a damaged list. The first occurrence of a
/// duplicated path is kept.
pub fn parse_sums(text: &str) -> (BTreeMap<String, String>, Vec<(u32, String)>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    let mut first_seen: BTreeMap<String, u32> = BTreeMap::new();
    for (i, raw) in text.split('\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (path, hex) = match parse_sums_line(raw) {
            None => continue,
            Some(Ok(entry)) => entry,
            Some(Err(problem)) => {
                problems.push((number, problem));
                continue;
            }
        };
        match entries.entry(path.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(hex);
                first_seen.insert(path, number);
            }
            Entry::Occupied(_) => {
                let first = first_seen.get(&path).copied().unwrap_or(0);
                problems.push((
                    number,
                    format!(
                        "`{}` is listed again (first on line {first})",
                        path.escape_debug()
                    ),
                ));
            }
        }
    }
    (entries, problems)
}

/// One line of a `SHA256SUMS` text (without its line end) as `sha256sum -c`
/// reads it: None for a blank or `#` comment line, else the (path,
/// lowercase hex) it lists or what is wrong with it. [`parse_sums`] line by
/// line, so that a verifier can stream a sums file instead of holding it.
pub fn parse_sums_line(line: &str) -> Option<Result<(String, String), String>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    Some(parse_line(line))
}

/// Hashes every regular file under `site_dir` (except `SHA256SUMS` itself)
/// in parallel and writes `SHA256SUMS` at its root atomically, so the
/// build's last step is one call. Returns the number of files listed.
/// Symlinks and special files are refused (an error): a site folder must
/// only hold files the auditor receives.
pub fn write_sums(site_dir: &Path) -> io::Result<usize> {
    let files = list_site_files(site_dir)?;
    let hashed: Vec<io::Result<(String, String)>> = files
        .par_iter()
        .with_max_len(1)
        .map(|(rel, path)| {
            let (hex, _) = sha256_file(path).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot hash {}: {e}", path.display()))
            })?;
            Ok((rel.clone(), hex))
        })
        .collect();
    let mut entries = BTreeMap::new();
    for result in hashed {
        let (rel, hex) = result?;
        entries.insert(rel, hex);
    }
    write_atomic(&site_dir.join(SUMS_FILE), sha256sums(&entries).as_bytes())?;
    Ok(entries.len())
}

/// Every regular file under `site_dir` except the root `SHA256SUMS`, as
/// (relative path with `/` separators, full path), sorted by relative path.
/// A symlink, a special file or a name that is not UTF-8 is an error.
fn list_site_files(site_dir: &Path) -> io::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(site_dir).follow_links(false) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.depth() == 0 {
            continue;
        }
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        let rel = relative_name(site_dir, entry.path())?;
        if !ft.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{rel}: not a regular file (symlink or special file) in the site folder"),
            ));
        }
        if rel == SUMS_FILE {
            continue;
        }
        files.push((rel, entry.path().to_path_buf()));
    }
    files.sort();
    Ok(files)
}

/// `path` relative to `root`, with `/` separators; an error when a name is
/// not UTF-8 (the sums file and zip names are UTF-8 text).
pub(crate) fn relative_name(root: &Path, path: &Path) -> io::Result<String> {
    let rel = path.strip_prefix(root).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not inside {}", path.display(), root.display()),
        )
    })?;
    let mut parts = Vec::new();
    for part in rel.components() {
        let part = part.as_os_str().to_str().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: file name is not UTF-8", path.display()),
            )
        })?;
        parts.push(part);
    }
    Ok(parts.join("/"))
}

/// One non-blank line: (path, lowercase hex) or what is wrong with it.
fn parse_line(line: &str) -> Result<(String, String), String> {
    let (escaped, rest) = match line.strip_prefix('\\') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let (hex, name) = split_gnu(rest).or_else(|| split_tag(rest)).ok_or_else(|| {
        format!(
            "expected `<64 hex digits>  <path>` (sha256sum format), found `{}`",
            shorten(line)
        )
    })?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "`{}` is not a SHA-256 digest (64 hexadecimal digits)",
            shorten(hex)
        ));
    }
    let path = if escaped {
        unescape(name).ok_or_else(|| format!("`{}` has an invalid `\\` escape", shorten(name)))?
    } else {
        name.to_string()
    };
    if path.is_empty() {
        return Err("the file name is empty".to_string());
    }
    Ok((path, hex.to_ascii_lowercase()))
}

/// `<hex>  <name>` (text mode) or `<hex> *<name>` (binary mode).
fn split_gnu(rest: &str) -> Option<(&str, &str)> {
    let (hex, tail) = rest.split_once(' ')?;
    let name = tail.strip_prefix(' ').or_else(|| tail.strip_prefix('*'))?;
    Some((hex, name))
}

/// `SHA256 (<name>) = <hex>`, what `sha256sum --tag` writes.
fn split_tag(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_prefix("SHA256 (")?;
    let (name, hex) = inner.rsplit_once(") = ")?;
    Some((hex, name))
}

/// A bounded, printable excerpt of untrusted text for a message.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    out.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const E: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn map(items: &[(&str, &str)]) -> BTreeMap<String, String> {
        items
            .iter()
            .map(|(p, h)| (p.to_string(), h.to_string()))
            .collect()
    }

    #[test]
    fn writes_sorted_gnu_lines() {
        let text = sha256sums(&map(&[("z.txt", E), ("a b/index.html", A), ("B", E)]));
        assert_eq!(text, format!("{E}  B\n{A}  a b/index.html\n{E}  z.txt\n"));
    }

    #[test]
    fn escapes_like_coreutils() {
        let text = sha256sums(&map(&[("a\\b", A), ("c\nd", E), ("e\rf", E)]));
        assert_eq!(text, format!("\\{A}  a\\\\b\n\\{E}  c\\nd\n\\{E}  e\\rf\n"));
        let (back, problems) = parse_sums(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, map(&[("a\\b", A), ("c\nd", E), ("e\rf", E)]));
    }

    #[test]
    fn round_trips_and_lowercases() {
        let entries = map(&[("x", &A.to_uppercase()), ("y/z.png", E)]);
        let (back, problems) = parse_sums(&sha256sums(&entries));
        assert!(problems.is_empty());
        assert_eq!(back, map(&[("x", A), ("y/z.png", E)]));
    }

    #[test]
    fn accepts_what_sha256sum_writes() {
        let upper = A.to_uppercase();
        let text =
            format!("\u{feff}{upper}  one\r\n{E} *two\r\n\n# comment\nSHA256 (three (3)) = {A}\n");
        let (entries, problems) = parse_sums(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(entries, map(&[("one", A), ("two", E), ("three (3)", A)]));
    }

    #[test]
    fn a_name_with_a_backslash_but_no_escape_marker_is_literal() {
        let (entries, problems) = parse_sums(&format!("{A}  a\\nb\n"));
        assert!(problems.is_empty());
        assert_eq!(entries, map(&[("a\\nb", A)]));
    }

    #[test]
    fn reports_malformed_lines_and_duplicates() {
        let text = format!(
            "{A}  ok\nnot a line\n{}  short\n{A}  ok\n\\{A}  bad\\x\n{A}  \n{A} nospace\n",
            &A[..10]
        );
        let (entries, problems) = parse_sums(&text);
        assert_eq!(entries, map(&[("ok", A)]));
        let lines: Vec<u32> = problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7]);
        assert!(problems[2].1.contains("first on line 1"), "{problems:?}");
        assert!(problems[3].1.contains("escape"), "{problems:?}");
    }
}
