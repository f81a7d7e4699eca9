//! From an evidence path written in a document to the real file it names.
//!
//! Evidence paths are relative to `content/` with `/` separators, as they
//! work when the repository is browsed on a git host. A path must never
//! make minutebook read (hash, copy into the site, zip into a bundle) a file
//! outside `content/`: an absolute path, a `..` part, or a symbolic link
//! whose real target lies outside is refused (MB041) before anything is
//! opened, and only a regular file is accepted, so a directory, FIFO or
//! device is never read. Backslashes are read as separators, so a path
//! typed on Windows means what its author meant.

use crate::model::evidence::PathProblem;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// An evidence path that names a real file inside `content/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The normalised path relative to `content/` (`evidence/2025/x.pdf`):
    /// the one spelling used for the lock, links and the register.
    pub rel: String,
    /// The real file (symbolic links resolved), the one to hash or copy.
    pub path: PathBuf,
}

/// Checks an evidence path as written against `content_dir` and returns its
/// normalised spelling and real file, or the problem; never reads the file.
/// For many paths, make one [`ContentDir`] and resolve through it.
pub(crate) fn resolve(content_dir: &Path, written: &str) -> Result<Resolved, PathProblem> {
    ContentDir::new(content_dir).resolve(written)
}

/// `content/` with its real location worked out once: resolving the 45,000
/// evidence paths of a large site then costs one `lstat` per path part, not
/// two full `canonicalize` walks per path.
pub(crate) struct ContentDir {
    dir: PathBuf,
    /// The real `content/`, or `None` when it does not exist.
    base: Option<PathBuf>,
    /// The real `content/` is not inside the real site root (`content/` is
    /// a link leading out of the site): every path escapes.
    escapes: bool,
    /// `content/evidence/` is a real folder, not a link.
    evidence_plain: bool,
}

impl ContentDir {
    /// Looks up the real location of `content_dir`.
    pub(crate) fn new(content_dir: &Path) -> ContentDir {
        let base = fs::canonicalize(content_dir).ok();
        ContentDir {
            dir: content_dir.to_path_buf(),
            escapes: base.as_ref().is_some_and(|b| !inside_site(content_dir, b)),
            base,
            evidence_plain: fs::symlink_metadata(content_dir.join(super::scan::EVIDENCE_DIR))
                .is_ok_and(|m| m.is_dir()),
        }
    }

    /// [`ContentDir::resolve`] for a file the walk of `content/evidence/`
    /// found, knowing whether it is a link. A regular file the walk reached
    /// (it follows no link) under a real `content/evidence/` is where it was
    /// found: no `lstat` per part (three per file, 135,000 at 10,000 reviews).
    pub(crate) fn resolve_found(&self, rel: &str, is_link: bool) -> Result<Resolved, PathProblem> {
        if self.escapes {
            return Err(PathProblem::Escapes);
        }
        match &self.base {
            Some(base) if !is_link && self.evidence_plain && !rel.contains('\\') => {
                let mut real = base.clone();
                real.extend(rel.split('/'));
                Ok(Resolved {
                    rel: rel.to_string(),
                    path: real,
                })
            }
            _ => self.resolve(rel),
        }
    }

    /// [`resolve`] against this folder.
    pub(crate) fn resolve(&self, written: &str) -> Result<Resolved, PathProblem> {
        let parts = normalise(written)?;
        let rel = parts.join("/");
        if self.escapes {
            return Err(PathProblem::Escapes);
        }
        let base = self.base.as_deref().ok_or(PathProblem::Missing)?;

        // Walk part by part so a link in any parent is judged by its target.
        let mut current = self.dir.clone();
        let mut linked = false;
        let mut last = None;
        for part in &parts {
            current.push(part);
            let meta = fs::symlink_metadata(&current).map_err(io_problem)?;
            if meta.file_type().is_symlink() {
                linked = true;
                match fs::canonicalize(&current) {
                    Ok(target) if !target.starts_with(base) => return Err(PathProblem::Escapes),
                    Ok(_) => {}
                    Err(_) => return Err(dangling(&current, base)),
                }
            }
            last = Some(meta);
        }
        // No link on the way: the real file is the real content/ plus the
        // parts (none is `.` or `..`), and its lstat is its metadata.
        if !linked && let Some(meta) = last {
            if !meta.is_file() {
                return Err(PathProblem::NotAFile);
            }
            let mut real = base.to_path_buf();
            real.extend(&parts);
            return Ok(Resolved { rel, path: real });
        }
        let real = fs::canonicalize(&current).map_err(io_problem)?;
        if !real.starts_with(base) {
            return Err(PathProblem::Escapes);
        }
        let meta = fs::metadata(&real).map_err(io_problem)?;
        if !meta.is_file() {
            return Err(PathProblem::NotAFile);
        }
        Ok(Resolved { rel, path: real })
    }
}

/// Whether the real `content/` (`real_content`) lies inside the real site
/// root, the folder that holds `content_dir`: containment is judged against
/// the site, so a `content/` that is a link to a folder elsewhere (a home
/// folder, a mounted share) publishes nothing from there.
pub(crate) fn inside_site(content_dir: &Path, real_content: &Path) -> bool {
    let root = match content_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::canonicalize(root).is_ok_and(|root| real_content.starts_with(root))
}

/// Whether `content/` of the site at `root` is a link leading outside it
/// (false when there is no `content/`).
pub fn content_leaves_site(root: &Path) -> bool {
    let content = root.join("content");
    fs::canonicalize(&content).is_ok_and(|real| !inside_site(&content, &real))
}

/// The normalised spelling of a written path (`./evidence//x` ->
/// `evidence/x`), refusing absolute and `..` paths, without touching the
/// disk; [`resolve`] then judges the real file.
pub(crate) fn normalised(written: &str) -> Result<String, PathProblem> {
    normalise(written).map(|parts| parts.join("/"))
}

/// The parts of a written path, `.` and empty parts dropped; refuses what
/// could leave `content/` on any platform.
fn normalise(written: &str) -> Result<Vec<&str>, PathProblem> {
    if written.is_empty() {
        return Err(PathProblem::Empty);
    }
    if is_url(written) {
        return Err(PathProblem::Url);
    }
    if written.starts_with(['/', '\\']) || has_drive(written) {
        return Err(PathProblem::Absolute);
    }
    let mut parts = Vec::new();
    for part in written.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(PathProblem::ParentDir),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(PathProblem::Empty);
    }
    Ok(parts)
}

/// `https://…`, `ftp://…`: a scheme of two or more letters, then `://`.
fn is_url(written: &str) -> bool {
    written.split_once("://").is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `C:`, `c:\x`, `C:x`: a Windows drive, absolute or drive-relative.
fn has_drive(written: &str) -> bool {
    matches!(written.as_bytes(), [letter, b':', ..] if letter.is_ascii_alphabetic())
}

fn io_problem(e: io::Error) -> PathProblem {
    match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => PathProblem::Missing,
        _ => PathProblem::Unreadable(e.to_string()),
    }
}

/// A link whose target does not exist: outside content/ when its target,
/// read lexically, is outside; otherwise simply missing.
fn dangling(link: &Path, base: &Path) -> PathProblem {
    let Ok(target) = fs::read_link(link) else {
        return PathProblem::Missing;
    };
    let start = link
        .parent()
        .and_then(|p| fs::canonicalize(p).ok())
        .unwrap_or_else(|| base.to_path_buf());
    let mut out = if target.is_absolute() {
        PathBuf::new()
    } else {
        start
    };
    for c in target.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    if out.starts_with(base) {
        PathProblem::Missing
    } else {
        PathProblem::Escapes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder (kept alive by the returned guard) and its `content/`.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        fs::create_dir_all(content.join("evidence/2025")).unwrap();
        fs::write(content.join("evidence/2025/x.pdf"), b"x").unwrap();
        (root, content)
    }

    #[test]
    fn normalises_the_written_path() {
        let (_root, content) = site();
        for written in [
            "evidence/2025/x.pdf",
            "./evidence//2025/./x.pdf",
            "evidence\\2025\\x.pdf",
        ] {
            let r = resolve(&content, written).unwrap();
            assert_eq!(r.rel, "evidence/2025/x.pdf");
            assert_eq!(fs::read(&r.path).unwrap(), b"x");
            // Without a link on the way the real path is built, not looked
            // up: it must be what the file system says it is.
            let real = fs::canonicalize(content.join("evidence/2025/x.pdf")).unwrap();
            assert_eq!(r.path, real);
        }
    }

    /// A site reached through a link to its `content/` (a checkout moved
    /// elsewhere) resolves to the same real files.
    #[cfg(unix)]
    #[test]
    fn content_reached_through_a_link() {
        let (root_tmp, content) = site();
        let root = root_tmp.path();
        let alias = root.join("alias");
        std::os::unix::fs::symlink(&content, &alias).unwrap();
        let r = resolve(&alias, "evidence/2025/x.pdf").unwrap();
        assert_eq!(r.rel, "evidence/2025/x.pdf");
        assert_eq!(
            r.path,
            fs::canonicalize(content.join("evidence/2025/x.pdf")).unwrap()
        );
    }

    #[test]
    fn refuses_paths_that_leave_content() {
        let (_root, content) = site();
        let cases = [
            ("/etc/hostname", PathProblem::Absolute),
            ("C:\\x.pdf", PathProblem::Absolute),
            ("c:x.pdf", PathProblem::Absolute),
            ("\\\\server\\share\\x.pdf", PathProblem::Absolute),
            ("../minutebook.yaml", PathProblem::ParentDir),
            ("evidence/../../x", PathProblem::ParentDir),
            ("evidence\\..\\x", PathProblem::ParentDir),
            ("", PathProblem::Empty),
            ("./", PathProblem::Empty),
        ];
        for (written, want) in cases {
            let got = resolve(&content, written).unwrap_err();
            assert_eq!(got, want, "{written}");
            assert!(!got.message(written).is_empty());
        }
        assert_eq!(
            PathProblem::ParentDir.code(),
            crate::diag::findings::Code::MB041
        );
        assert_eq!(
            PathProblem::Missing.code(),
            crate::diag::findings::Code::MB040
        );
    }

    #[test]
    fn missing_and_directories() {
        let (_root, content) = site();
        assert_eq!(
            resolve(&content, "evidence/2025/nope.pdf"),
            Err(PathProblem::Missing)
        );
        assert_eq!(
            resolve(&content, "evidence/2025/x.pdf/more"),
            Err(PathProblem::Missing)
        );
        assert_eq!(
            resolve(&content, "evidence/2025"),
            Err(PathProblem::NotAFile)
        );
        assert_eq!(
            resolve(&content.join("nope"), "evidence/2025/x.pdf"),
            Err(PathProblem::Missing)
        );
    }

    /// The walk's shortcut gives what the part-by-part resolution gives,
    /// for every kind of file the walk can find: regular files, links in and
    /// out, a name with a backslash, and an evidence folder that is itself a
    /// link out of `content/`.
    #[cfg(unix)]
    #[test]
    fn found_files_resolve_as_written_paths_do() {
        use std::os::unix::fs::symlink;
        let (root_tmp, content) = site();
        let root = root_tmp.path();
        let ev = content.join("evidence");
        fs::write(ev.join("2025/back\\slash.pdf"), b"b").unwrap();
        fs::create_dir_all(ev.join("deep/er")).unwrap();
        fs::write(ev.join("deep/er/y.txt"), b"y").unwrap();
        symlink("/etc/hostname", ev.join("host.txt")).unwrap();
        symlink("2025/x.pdf", ev.join("inside.pdf")).unwrap();
        symlink("/nonexistent/x", ev.join("dangling-out")).unwrap();
        symlink("/etc", ev.join("etc")).unwrap();
        let check = |content: &Path| {
            let found = crate::load::evidence::scan::scan(content);
            assert!(found.files.len() >= 3, "{:?}", found.files);
            let dir = ContentDir::new(content);
            for rel in &found.files {
                assert_eq!(
                    dir.resolve_found(rel, found.links.contains(rel)),
                    dir.resolve(rel),
                    "{rel}"
                );
            }
        };
        check(&content);
        // content/evidence itself a link to a folder outside content/.
        let other = root.join("other");
        fs::create_dir_all(other.join("content")).unwrap();
        symlink(&ev, other.join("content/evidence")).unwrap();
        check(&other.join("content"));
        let dir = ContentDir::new(&other.join("content"));
        assert_eq!(
            dir.resolve_found("evidence/2025/x.pdf", false),
            Err(PathProblem::Escapes)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_content_folder_linking_out_of_the_site_escapes_as_a_whole() {
        use std::os::unix::fs::symlink;
        let (root_tmp, content) = site();
        let root = root_tmp.path();
        let elsewhere = root.join("../").join(format!(
            "{}-elsewhere",
            root.file_name().unwrap().to_string_lossy()
        ));
        fs::rename(&content, &elsewhere).unwrap();
        symlink(&elsewhere, &content).unwrap();
        assert!(content_leaves_site(root));
        assert_eq!(
            resolve(&content, "evidence/2025/x.pdf"),
            Err(PathProblem::Escapes)
        );
        let dir = ContentDir::new(&content);
        assert_eq!(
            dir.resolve_found("evidence/2025/x.pdf", false),
            Err(PathProblem::Escapes)
        );
        fs::remove_file(&content).unwrap();
        // A content/ linked to a folder inside the site is fine.
        fs::rename(&elsewhere, root.join("kept")).unwrap();
        symlink("kept", &content).unwrap();
        assert!(!content_leaves_site(root));
        assert!(resolve(&content, "evidence/2025/x.pdf").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_judged_by_their_target() {
        use std::os::unix::fs::symlink;
        let (_root, content) = site();
        let ev = content.join("evidence");
        symlink("/etc/hostname", ev.join("host.txt")).unwrap();
        symlink("/etc", ev.join("etc")).unwrap();
        symlink("/nonexistent/x", ev.join("dangling-out")).unwrap();
        symlink("2025/none.pdf", ev.join("dangling-in")).unwrap();
        symlink("2025/x.pdf", ev.join("inside.pdf")).unwrap();
        symlink("../../outside.txt", ev.join("up.txt")).unwrap();
        fs::write(content.parent().unwrap().join("outside.txt"), b"o").unwrap();

        assert_eq!(
            resolve(&content, "evidence/host.txt"),
            Err(PathProblem::Escapes)
        );
        assert_eq!(
            resolve(&content, "evidence/etc/hostname"),
            Err(PathProblem::Escapes)
        );
        assert_eq!(
            resolve(&content, "evidence/up.txt"),
            Err(PathProblem::Escapes)
        );
        assert_eq!(
            resolve(&content, "evidence/dangling-out"),
            Err(PathProblem::Escapes)
        );
        assert_eq!(
            resolve(&content, "evidence/dangling-in"),
            Err(PathProblem::Missing)
        );
        let inside = resolve(&content, "evidence/inside.pdf").unwrap();
        assert_eq!(inside.rel, "evidence/inside.pdf");
        assert!(inside.path.ends_with("evidence/2025/x.pdf"));
    }

    #[cfg(unix)]
    #[test]
    fn fifo_is_not_a_file_and_is_not_opened() {
        let (_root, content) = site();
        let fifo = content.join("evidence/pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(
                resolve(&content, "evidence/pipe"),
                Err(PathProblem::NotAFile)
            );
        }
    }
}
