//! Walking a folder minutebook wrote or reads (a site output, a bundle's
//! source) and naming what is in it: the one walker of outputs, and the one
//! way to spell a path relative to a root (`/`-separated, whatever the
//! platform), so every list, sums file and zip names a file alike.
//!
//! The walk never follows a symbolic link (a link to `/` must not make a run
//! walk the whole disk) but reports it, so each caller decides what a link
//! or special file in its folder means: an error for `SHA256SUMS` and the
//! bundle, an unsafe entry for `verify`, "not a previous output" for
//! `build -o`.

use std::fs::FileType;
use std::io;
use std::path::{Path, PathBuf};

/// `p` as a `/`-separated string, lossy for names that are not UTF-8 (a
/// path already relative to its root).
pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` relative to `root` as [`rel_string`] spells it; `path` whole when
/// it is not inside `root`.
pub(crate) fn rel_lossy(root: &Path, path: &Path) -> String {
    rel_string(path.strip_prefix(root).unwrap_or(path))
}

/// One entry a [`Walk`] found below its root.
#[derive(Debug)]
pub(crate) struct Found {
    /// The path relative to the root, `/`-separated, lossy for a name that
    /// is not UTF-8 (it can never match a listed name, and showing it lets
    /// the caller report it); [`Found::utf8`] when that must be an error.
    pub rel: String,
    entry: walkdir::DirEntry,
}

impl Found {
    /// Fails ([`io::ErrorKind::InvalidData`]) when a name below the root is
    /// not UTF-8: `SHA256SUMS` and zip entry names are UTF-8 text, so such a
    /// file could not be listed faithfully.
    pub(crate) fn utf8(&self) -> io::Result<()> {
        let path = self.entry.path();
        let below = path.components().rev().take(self.entry.depth());
        if below.into_iter().all(|c| c.as_os_str().to_str().is_some()) {
            return Ok(());
        }
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: file name is not UTF-8", path.display()),
        ))
    }

    /// The full path.
    pub(crate) fn path(&self) -> &Path {
        self.entry.path()
    }

    /// The full path, owned.
    pub(crate) fn into_path(self) -> PathBuf {
        self.entry.into_path()
    }

    /// Its type, of the entry itself (a link is a link).
    pub(crate) fn file_type(&self) -> FileType {
        self.entry.file_type()
    }

    /// Its size in bytes (one `lstat`, only when asked).
    pub(crate) fn size(&self) -> io::Result<u64> {
        Ok(self.entry.metadata().map_err(io::Error::other)?.len())
    }
}

/// Every entry below a root (not the root itself), folders before what is
/// in them, sorted by file name within a folder, links not followed.
pub(crate) struct Walk {
    root: PathBuf,
    inner: walkdir::IntoIter,
}

impl Walk {
    /// A walk of everything below `root`.
    pub(crate) fn new(root: &Path) -> Walk {
        let inner = walkdir::WalkDir::new(root)
            .follow_links(false)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter();
        Walk {
            root: root.to_path_buf(),
            inner,
        }
    }

    /// Does not go into the folder just returned.
    pub(crate) fn skip_current_dir(&mut self) {
        self.inner.skip_current_dir();
    }
}

impl Iterator for Walk {
    type Item = io::Result<Found>;

    fn next(&mut self) -> Option<io::Result<Found>> {
        let entry = match self.inner.next()? {
            Ok(entry) => entry,
            Err(e) => return Some(Err(io::Error::other(e))),
        };
        let rel = rel_lossy(&self.root, entry.path());
        Some(Ok(Found { rel, entry }))
    }
}

/// Every regular file below `site_dir`, sorted by relative path in byte
/// order, for a list that must hold exactly what the folder shows (the
/// sums file, the bundle). A symlink or special file anywhere is an
/// [`io::ErrorKind::InvalidInput`] error `<rel>: <refusal>`; a name that is
/// not UTF-8 is an error too.
pub(crate) fn regular_files(site_dir: &Path, refusal: &str) -> io::Result<Vec<Found>> {
    let mut files = Vec::new();
    for found in Walk::new(site_dir) {
        let found = found?;
        let ft = found.file_type();
        if ft.is_dir() {
            continue;
        }
        found.utf8()?;
        if !ft.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: {refusal}", found.rel),
            ));
        }
        files.push(found);
    }
    files.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn relative_names() {
        let root = Path::new("/site");
        assert_eq!(rel_lossy(root, Path::new("/site/a/b.html")), "a/b.html");
        assert!(rel_lossy(root, Path::new("/elsewhere/x")).ends_with("elsewhere/x"));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = Path::new("/site").join(std::ffi::OsStr::from_bytes(b"scan-\xff.pdf"));
            assert_eq!(rel_lossy(root, &odd), "scan-\u{fffd}.pdf");
        }
    }

    #[test]
    fn walks_sorted_and_refuses_links_in_a_listed_folder() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        for rel in ["b/z.txt", "a-b", "a/y.txt", "c"] {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, b"x").unwrap();
        }
        let walked: Vec<String> = Walk::new(dir).map(|f| f.unwrap().rel).collect();
        assert_eq!(walked, ["a", "a/y.txt", "a-b", "b", "b/z.txt", "c"]);
        let files: Vec<String> = regular_files(dir, "refused")
            .unwrap()
            .into_iter()
            .map(|f| f.rel)
            .collect();
        assert_eq!(files, ["a-b", "a/y.txt", "b/z.txt", "c"], "byte order");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/", dir.join("b/root")).unwrap();
            let e = regular_files(dir, "not a regular file").unwrap_err();
            assert_eq!(e.to_string(), "b/root: not a regular file");
            fs::remove_file(dir.join("b/root")).unwrap();
            use std::os::unix::ffi::OsStrExt;
            fs::write(dir.join(std::ffi::OsStr::from_bytes(b"a/\xff")), b"x").unwrap();
            let e = regular_files(dir, "refused").unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidData);
            assert!(Walk::new(dir).any(|f| f.unwrap().rel == "a/\u{fffd}"));
        }
    }
}
