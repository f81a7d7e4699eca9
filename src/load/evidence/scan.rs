//! Every evidence file on disk, to find unreferenced ones (MB043) and to
//! fill `evidence.lock`.
//!
//! The walk covers `content/evidence/` without following symbolic links (a
//! link to `/` must not make a build walk the whole disk) but lists the
//! links themselves, so the caller can resolve and report them like any
//! written path. Hidden entries (names starting with `.`, such as
//! `.DS_Store`, `.gitkeep` or a stray `.git/`) and the desktop litter
//! `Thumbs.db` and `desktop.ini` are skipped: they are not evidence and would
//! only produce noise. Paths come back relative to `content/` with `/`
//! separators (`evidence/2025/x.pdf`), sorted in byte order, so the result
//! is deterministic on every platform.
//!
//! A file or folder whose name is not valid UTF-8 cannot be named in a
//! document (YAML is UTF-8), in `evidence.lock` or in a link of the site, so
//! it is not listed as evidence: it is set apart in
//! [`EvidenceScan::not_utf8`] (a folder with everything in it) for the
//! checks to report as unusable evidence (MB040), rather than as an
//! unreferenced file under a lossy spelling that does not exist on disk.

use crate::fsx::walk::rel_lossy;
use std::path::Path;
use walkdir::WalkDir;

/// The folder under `content/` that holds evidence.
pub(crate) const EVIDENCE_DIR: &str = "evidence";

/// Names that are never evidence (besides hidden ones).
const LITTER: [&str; 2] = ["Thumbs.db", "desktop.ini"];

/// What a walk of `content/evidence/` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EvidenceScan {
    /// Regular files and symbolic links, relative to `content/`, sorted.
    pub files: Vec<String>,
    /// Those of `files` that are symbolic links (to be judged by their
    /// target); every other one is a regular file reached through folders
    /// that are not links.
    pub links: std::collections::BTreeSet<String>,
    /// Parts of the tree that could not be read (path and reason), sorted,
    /// so a permission problem is reported rather than silently skipped.
    pub unreadable: Vec<(String, String)>,
    /// Files and folders whose name is not valid UTF-8, relative to
    /// `content/` and shown lossily (`evidence/2025/scan-\u{fffd}.pdf`),
    /// with whether each is a folder; sorted. Neither listed in `files` nor
    /// walked into.
    pub not_utf8: Vec<(String, bool)>,
    /// Files and folders whose name holds a backslash, relative to
    /// `content/`, with whether each is a folder; sorted. A written path
    /// reads `\\` as a folder separator (minutes written on Windows), and so
    /// do browsers in URLs and zip tools in entry names, so such a file can
    /// be neither referenced nor published faithfully: it is reported
    /// (MB040) instead of being silently left unlocked.
    pub backslashed: Vec<(String, bool)>,
}

/// Every regular file and symbolic link under `content/evidence/`,
/// relative to `content/` (`evidence/2025/x.pdf`), sorted; empty when the
/// folder does not exist.
#[cfg(test)]
pub(crate) fn evidence_files(content_dir: &Path) -> Vec<String> {
    scan(content_dir).files
}

/// Like [`evidence_files`], also naming what could not be read.
pub(crate) fn scan(content_dir: &Path) -> EvidenceScan {
    let mut out = EvidenceScan::default();
    let top = content_dir.join(EVIDENCE_DIR);
    if !top.is_dir() {
        return out;
    }
    let mut not_utf8 = Vec::new();
    let mut backslashed = Vec::new();
    let walk = WalkDir::new(&top)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || is_skipped(&e.file_name().to_string_lossy()) {
                return e.depth() == 0;
            }
            match e.file_name().to_str() {
                None => {
                    not_utf8.push((rel_lossy(content_dir, e.path()), e.file_type().is_dir()));
                    return false;
                }
                Some(name) if name.contains('\\') => {
                    backslashed.push((rel_lossy(content_dir, e.path()), e.file_type().is_dir()));
                    return false;
                }
                Some(_) => {}
            }
            true
        });
    for entry in walk {
        match entry {
            Ok(e) => {
                let ft = e.file_type();
                if ft.is_file() || ft.is_symlink() {
                    let rel = rel_lossy(content_dir, e.path());
                    if ft.is_symlink() {
                        out.links.insert(rel.clone());
                    }
                    out.files.push(rel);
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| EVIDENCE_DIR.to_string(), |p| rel_lossy(content_dir, p));
                let why = err
                    .io_error()
                    .map_or_else(|| err.to_string(), ToString::to_string);
                out.unreadable.push((path, why));
            }
        }
    }
    out.files.sort();
    out.files.dedup();
    out.unreadable.sort();
    not_utf8.sort();
    out.not_utf8 = not_utf8;
    backslashed.sort();
    out.backslashed = backslashed;
    out
}

fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || LITTER.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn lists_files_sorted_relative_to_content() {
        let tmp_tmp = tempfile::tempdir().unwrap();
        let tmp = tmp_tmp.path();
        let content = tmp.join("content");
        for p in [
            "evidence/2025/b.pdf",
            "evidence/2025/a.xlsx",
            "evidence/a-b.txt",
            "evidence/a/z.txt",
            "evidence/.DS_Store",
            "evidence/2025/.gitkeep",
            "evidence/.git/config",
            "evidence/Thumbs.db",
            "reviews/x.md",
        ] {
            let path = content.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, b"x").unwrap();
        }
        fs::create_dir_all(content.join("evidence/empty")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", content.join("evidence/etc")).unwrap();
        }
        let mut want = vec![
            "evidence/2025/a.xlsx",
            "evidence/2025/b.pdf",
            "evidence/a-b.txt",
            "evidence/a/z.txt",
        ];
        if cfg!(unix) {
            want.push("evidence/etc");
        }
        assert_eq!(evidence_files(&content), want);
        assert!(scan(&content).unreadable.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_set_apart() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let tmp_tmp = tempfile::tempdir().unwrap();
        let tmp = tmp_tmp.path();
        let content = tmp.join("content");
        let ev = content.join("evidence");
        fs::create_dir_all(ev.join(OsStr::from_bytes(b"dir-\xfe"))).unwrap();
        fs::write(ev.join(OsStr::from_bytes(b"dir-\xfe/inner.pdf")), b"x").unwrap();
        fs::write(ev.join(OsStr::from_bytes(b"scan-\xff.pdf")), b"x").unwrap();
        fs::write(ev.join(OsStr::from_bytes(b".hidden-\xff")), b"x").unwrap();
        fs::write(ev.join("ok.pdf"), b"x").unwrap();
        let found = scan(&content);
        assert_eq!(found.files, vec!["evidence/ok.pdf"]);
        assert_eq!(
            found.not_utf8,
            vec![
                ("evidence/dir-\u{fffd}".to_string(), true),
                ("evidence/scan-\u{fffd}.pdf".to_string(), false),
            ]
        );
        assert!(found.unreadable.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn names_with_a_backslash_are_set_apart() {
        let tmp_tmp = tempfile::tempdir().unwrap();
        let tmp = tmp_tmp.path();
        let content = tmp.join("content");
        let ev = content.join("evidence");
        fs::create_dir_all(ev.join("dir\\x")).unwrap();
        fs::write(ev.join("dir\\x/inner.pdf"), b"x").unwrap();
        fs::write(ev.join("odd\\name.txt"), b"x").unwrap();
        fs::write(ev.join("ok.pdf"), b"x").unwrap();
        let found = scan(&content);
        assert_eq!(found.files, vec!["evidence/ok.pdf"]);
        assert_eq!(
            found.backslashed,
            vec![
                ("evidence/dir\\x".to_string(), true),
                ("evidence/odd\\name.txt".to_string(), false),
            ]
        );
    }

    #[test]
    fn no_evidence_folder_is_empty() {
        let tmp_tmp = tempfile::tempdir().unwrap();
        let tmp = tmp_tmp.path();
        let content = tmp.join("content");
        assert!(evidence_files(&content).is_empty());
    }
}
