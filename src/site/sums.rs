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
//! upper-case hex, CRLF line ends, a UTF-8 BOM, leading blanks, blank lines
//! and `#` comment lines. Bad lines and duplicate paths are reported with
//! their line number, never silently dropped, so a tampered sums file cannot
//! hide a file by listing it twice. The format is read and written by
//! [`crate::coreutils_names`], which `evidence.lock` shares.

use crate::coreutils_names::{Comments, Line, parse_line, parse_list};
use crate::fsx::atomic::write_atomic;
use crate::fsx::hash::sha256_file;
use crate::fsx::walk::regular_files;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The sums file's name at the root of a site (and of a bundle's top folder).
pub const SUMS_FILE: &str = "SHA256SUMS";

/// A whole `SHA256SUMS` text from path -> digest; written by the one
/// `sha256sum` list writer that rendering and the lock share.
pub use crate::coreutils_names::write_list as sha256sums;

/// Reads a `SHA256SUMS` text as `sha256sum -c` would: path -> lowercase hex,
/// plus every line that could not be read or repeats a path, as
/// (1-based line number, what is wrong), so that verification can report
/// them instead of trusting a damaged list. The first occurrence of a
/// duplicated path is kept.
pub fn parse_sums(text: &str) -> (BTreeMap<String, String>, Vec<(u32, String)>) {
    parse_list(text, Comments::Skip, |_| Ok(()))
}

/// One line of a `SHA256SUMS` text (without its line end) as `sha256sum -c`
/// reads it: None for a blank or `#` comment line, else the (path,
/// lowercase hex) it lists or what is wrong with it. [`parse_sums`] line by
/// line, so that a verifier can stream a sums file instead of holding it.
pub(crate) fn parse_sums_line(line: &str) -> Option<Result<(String, String), String>> {
    match parse_line(line) {
        Ok(Line::Blank | Line::Comment) => None,
        Ok(Line::Digest { name, hex }) => Some(Ok((name, hex))),
        Err(problem) => Some(Err(problem)),
    }
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
    let files = regular_files(
        site_dir,
        "not a regular file (symlink or special file) in the site folder",
    )?;
    Ok(files
        .into_iter()
        .filter(|f| f.rel != SUMS_FILE)
        .map(|f| (f.rel.clone(), f.into_path()))
        .collect())
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

    /// The rules `evidence.lock` brought to the shared reader hold for
    /// `SHA256SUMS` too: blanks before the digest are skipped as
    /// `sha256sum -c` skips them, and a first field that is not a word is
    /// not a digest line.
    #[test]
    fn leading_blanks_and_odd_first_fields() {
        let text = format!("  {A}  one\n\t{E} *two\n{A}! x\n   # x\n");
        let (entries, problems) = parse_sums(&text);
        assert_eq!(entries, map(&[("one", A), ("two", E)]));
        let lines: Vec<u32> = problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 4], "{problems:?}");
        assert!(problems[0].1.contains("sha256sum format"), "{problems:?}");
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
