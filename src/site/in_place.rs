//! Rebuilding into a previous output in place: a rebuild costs what
//! changed, not the whole site written again.
//!
//! Why: on a disk, creating files and folders is most of what a build
//! costs, and far more right after many were deleted (ext4 passes over the
//! inodes freed in the last minutes when it allocates one). Writing a fresh
//! folder beside the old output and deleting the old one paid for every
//! page and every folder twice on each rebuild: 2.3–4.9 s for a
//! 1,000-review site whose first build takes 0.8 s, where Hugo, writing in
//! place, takes 1.3–1.6 s.
//!
//! How a failed build still leaves the previous output as it was: a file
//! whose bytes differ from the old one is first written new beside it, as
//! `.<name>.mb-new-<pid>` (never opened over the old file: a previous
//! output's `files/` may be hard links into `content/evidence/`). Only when
//! the whole render succeeded are those new files renamed over the old ones
//! (`SHA256SUMS` last) and the files this build no longer makes removed. A
//! render that fails removes its new files and the folders it made.
//! Unchanged files and every folder stay as they are.
//!
//! What this gives up against a fresh folder swapped in whole: during the
//! rename step (milliseconds to a second) a reader may see pages of either
//! build, as with Hugo or Zola writing in place. A build killed in that
//! step leaves a folder whose `SHA256SUMS` no longer matches (`verify` says
//! so); the next build repairs it and removes the new files a killed build
//! left. Only a folder judged a previous output (every entry a folder or a
//! regular file its `SHA256SUMS` lists: no links, nothing added) is rebuilt
//! in place, never under `--force`.

use super::outputs::{NEW_TAG, Previous};
use super::write::{EvidenceCopies, create_new, refuse_unsafe, store_file, stream_file};
use crate::render::Sink;
use crate::site::sums::SUMS_FILE;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A sink rebuilding a previous output in place (see the module docs).
pub(crate) struct InPlaceSink<'a> {
    dir: PathBuf,
    previous: &'a Previous,
    evidence: EvidenceCopies,
    /// Folders known to exist.
    known: Mutex<HashSet<PathBuf>>,
    /// Folders this build made, in the order made (removed on failure).
    made: Mutex<Vec<PathBuf>>,
    /// New files by the file they replace.
    staged: Mutex<BTreeMap<PathBuf, PathBuf>>,
    /// Site paths this build put.
    written: Mutex<HashSet<String>>,
}

/// The state is a set of lists: a poisoned lock (a panic elsewhere) still
/// holds a usable list.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<'a> InPlaceSink<'a> {
    /// A sink rebuilding `previous`, the previous output `dir`.
    pub(crate) fn new(dir: &Path, previous: &'a Previous, evidence: EvidenceCopies) -> Self {
        InPlaceSink {
            dir: dir.to_path_buf(),
            previous,
            evidence,
            known: Mutex::new(HashSet::new()),
            made: Mutex::new(Vec::new()),
            staged: Mutex::new(BTreeMap::new()),
            written: Mutex::new(HashSet::new()),
        }
    }

    /// The file for site path `path`, its folders made (and remembered).
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        refuse_unsafe(path, "write")?;
        let full = self.dir.join(path);
        lock(&self.written).insert(path.to_string());
        // The judging walk saw a regular file here, in a folder: nothing to
        // look up or make (most of a rebuild's files: 100,000 lookups saved
        // at 10,000 reviews).
        if self.previous.files.contains(path) {
            return Ok(full);
        }
        // A folder where a file goes cannot be renamed over: found now, the
        // build fails before anything is committed (and a fresh folder is
        // tried), not at the rename step on every rebuild.
        if fs::symlink_metadata(&full).is_ok_and(|m| m.is_dir()) {
            return Err(io::Error::other(format!(
                "{} is a folder where the site has a file",
                full.display()
            )));
        }
        let Some(parent) = full.parent() else {
            return Ok(full);
        };
        if lock(&self.known).contains(parent) {
            return Ok(full);
        }
        // The missing folders, deepest first, up to the output itself.
        let mut missing = Vec::new();
        let mut at = parent;
        while at != self.dir {
            match fs::symlink_metadata(at) {
                Ok(m) if m.is_dir() => break,
                Ok(_) => {
                    return Err(io::Error::other(format!(
                        "{} is in the way of a folder",
                        at.display()
                    )));
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => missing.push(at.to_path_buf()),
                Err(e) => return Err(e),
            }
            match at.parent() {
                Some(p) => at = p,
                None => break,
            }
        }
        for folder in missing.into_iter().rev() {
            match fs::create_dir(&folder) {
                Ok(()) => lock(&self.made).push(folder),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        lock(&self.known).insert(parent.to_path_buf());
        Ok(full)
    }

    /// The name of the new file that will replace `target`.
    fn new_name(target: &Path) -> PathBuf {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        target.with_file_name(format!(".{name}{NEW_TAG}{}", std::process::id()))
    }

    /// Records that `new` replaces `target` when the build succeeds.
    fn stage(&self, target: PathBuf, new: PathBuf) {
        lock(&self.staged).insert(target, new);
    }

    /// Forgets a new file staged for `target` (a later put at the same path
    /// found the old file right after all).
    fn unstage(&self, target: &Path) {
        if let Some(new) = lock(&self.staged).remove(target) {
            let _ = fs::remove_file(new);
        }
    }

    /// Puts the new files in place (`SHA256SUMS` last), removes the files
    /// of `previous` this build did not make and the folders left empty,
    /// and the new files killed rebuilds left. An error leaves the folder
    /// partly updated, and says so.
    pub(crate) fn commit(self) -> io::Result<()> {
        let previous = self.previous;
        let staged = std::mem::take(&mut *lock(&self.staged));
        let written = std::mem::take(&mut *lock(&self.written));
        let sums = self.dir.join(SUMS_FILE);
        let partly = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("{e}; {} is partly updated: build again", self.dir.display()),
            )
        };
        for (target, new) in staged.iter().filter(|(t, _)| **t != sums) {
            fs::rename(new, target).map_err(partly)?;
        }
        for gone in previous
            .files
            .iter()
            .filter(|p| !written.contains(p.as_str()))
            .chain(&previous.stale)
        {
            let full = self.dir.join(gone);
            if fs::symlink_metadata(&full).is_ok_and(|m| m.is_file()) {
                fs::remove_file(&full).map_err(partly)?;
            }
            // Folders left empty (remove_dir refuses any other).
            let mut at = full.parent();
            while let Some(folder) = at.filter(|f| *f != self.dir) {
                if fs::remove_dir(folder).is_err() {
                    break;
                }
                at = folder.parent();
            }
        }
        if let Some(new) = staged.get(&sums) {
            fs::rename(new, &sums).map_err(partly)?;
        }
        Ok(())
    }

    /// Removes what a failed build added: its new files and the folders it
    /// made. The previous output is then as it was.
    pub(crate) fn roll_back(self) {
        for new in lock(&self.staged).values() {
            let _ = fs::remove_file(new);
        }
        for folder in lock(&self.made).iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

impl InPlaceSink<'_> {
    /// Whether the file at `target` (site path `path`) is the one the
    /// previous build wrote with the digest `sha256`, untouched since: its
    /// `SHA256SUMS` line says so, its size agrees, and it last changed
    /// (ctime, which no one can set back) no later than that `SHA256SUMS`,
    /// which a build writes after every other file. Anything else is read
    /// and compared ([`holds`]).
    fn unchanged(&self, path: &str, target: &Path, len: usize, sha256: &str) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let Some(sums_changed) = self.previous.sums_changed else {
                return false;
            };
            if self.previous.digests.get(path).map(String::as_str) != Some(sha256) {
                return false;
            }
            fs::symlink_metadata(target).is_ok_and(|m| {
                m.is_file() && m.len() == len as u64 && (m.ctime(), m.ctime_nsec()) <= sums_changed
            })
        }
        #[cfg(not(unix))]
        {
            let _ = (path, target, len, sha256);
            false
        }
    }

    /// The digest of `source` when `target` already holds it as this build
    /// would place it, so that nothing is written: a hard link to it when
    /// linking on one file system, else a copy. A link's digest is the one
    /// the old `SHA256SUMS` lists when the file is unchanged since
    /// ([`Self::unchanged`]: a write through either name changes the one
    /// inode's ctime), so 45,000 linked evidence files are not read again on
    /// each rebuild; otherwise the source is hashed, and a copy must also
    /// be the unchanged one the previous build wrote. Without the copy case
    /// every rebuild with `--copy-evidence`, or onto another disk, copied
    /// all evidence again.
    #[cfg(unix)]
    fn placed_already(
        &self,
        path: &str,
        source: &Path,
        target: &Path,
    ) -> io::Result<Option<String>> {
        use std::os::unix::fs::MetadataExt;
        let (Ok(named), Ok(placed)) = (fs::symlink_metadata(source), fs::symlink_metadata(target))
        else {
            return Ok(None);
        };
        if !named.is_file() || !placed.is_file() || named.len() != placed.len() {
            return Ok(None);
        }
        let one_disk = named.dev() == placed.dev();
        let linked = one_disk && named.ino() == placed.ino();
        let wanted_link = one_disk && self.evidence == EvidenceCopies::LinkWhenPossible;
        if linked != wanted_link {
            return Ok(None);
        }
        let len = usize::try_from(placed.len()).unwrap_or(usize::MAX);
        if linked
            && let Some(sha) = self.previous.digests.get(path)
            && self.unchanged(path, target, len, sha)
        {
            return Ok(Some(sha.clone()));
        }
        let Some((sha, _)) = super::write::hash_steady(source, &named)? else {
            return Ok(None);
        };
        Ok((linked || self.unchanged(path, target, len, &sha)).then_some(sha))
    }

    /// Elsewhere evidence is always placed again.
    #[cfg(not(unix))]
    fn placed_already(
        &self,
        _path: &str,
        _source: &Path,
        _target: &Path,
    ) -> io::Result<Option<String>> {
        Ok(None)
    }

    /// Stages `bytes` for `target` unless the old file holds them already.
    fn put_bytes(&self, target: PathBuf, bytes: &[u8], kept: bool) -> io::Result<()> {
        if kept || holds(&target, bytes) {
            self.unstage(&target);
            return Ok(());
        }
        let new = Self::new_name(&target);
        create_new(&new)?.write_all(bytes)?;
        self.stage(target, new);
        Ok(())
    }
}

/// Whether the regular file at `target` holds exactly `bytes`.
fn holds(target: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(file) = fs::File::open(target) else {
        return false;
    };
    let mut old = Vec::with_capacity(bytes.len());
    file.take(bytes.len() as u64 + 1)
        .read_to_end(&mut old)
        .is_ok()
        && old == bytes
}

impl Sink for InPlaceSink<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.target(path)?;
        if path == SUMS_FILE {
            // Always written new, so that its change time is after every
            // file this build placed ([`InPlaceSink::unchanged`] relies on
            // it), even when the list is the same as before (a file placed
            // again with the same bytes: an evidence copy where a link was).
            let new = Self::new_name(&target);
            create_new(&new)?.write_all(bytes)?;
            self.stage(target, new);
            return Ok(());
        }
        self.put_bytes(target, bytes, false)
    }

    fn put_hashed(&self, path: &str, bytes: &[u8], sha256: &str) -> io::Result<()> {
        if path == SUMS_FILE {
            return self.put(path, bytes);
        }
        let target = self.target(path)?;
        let kept = self.unchanged(path, &target, bytes.len(), sha256);
        self.put_bytes(target, bytes, kept)
    }

    fn put_file(&self, path: &str, source: &Path) -> io::Result<String> {
        let target = self.target(path)?;
        if let Some(sha) = self.placed_already(path, source, &target)? {
            self.unstage(&target);
            return Ok(sha);
        }
        let new = Self::new_name(&target);
        let sha = store_file(&new, source, self.evidence)?;
        self.stage(target, new);
        Ok(sha)
    }

    fn put_stream(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<String> {
        let target = self.target(path)?;
        let new = Self::new_name(&target);
        let sha = stream_file(&new, write)?;
        self.stage(target, new);
        Ok(sha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder as a previous build leaves it: pages, a `data/site.json`
    /// naming minutebook, and a `SHA256SUMS` listing them.
    fn previous(dir: &Path) -> Previous {
        let files = [
            ("index.html", "old dashboard"),
            ("reviews/mr-1/index.html", "review one"),
            ("reviews/mr-2/index.html", "review two"),
            ("data/site.json", "{\"generator\": \"minutebook 1\"}"),
        ];
        let mut sums = String::new();
        for (path, text) in files {
            let full = dir.join(path);
            fs::create_dir_all(full.parent().unwrap()).unwrap();
            fs::write(&full, text).unwrap();
            sums.push_str(&format!(
                "{}  {path}\n",
                crate::fsx::hash::sha256_bytes(text.as_bytes())
            ));
        }
        fs::write(dir.join(SUMS_FILE), sums).unwrap();
        crate::site::outputs::previous_output(dir).expect("a previous output")
    }

    fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut walk = crate::fsx::walk::Walk::new(dir);
        while let Some(Ok(e)) = walk.next() {
            let bytes = if e.file_type().is_dir() {
                b"/".to_vec()
            } else {
                fs::read(dir.join(&e.rel)).unwrap()
            };
            out.push((e.rel, bytes));
        }
        out
    }

    #[test]
    fn a_failed_rebuild_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let old = previous(dir.path());
        let before = listing(dir.path());
        let sink = InPlaceSink::new(dir.path(), &old, EvidenceCopies::Copy);
        sink.put("index.html", b"new dashboard").unwrap();
        sink.put("reviews/mr-1/index.html", b"review one").unwrap();
        sink.put("records/r-1/index.html", b"a new record").unwrap();
        assert!(
            dir.path().join("records/r-1").is_dir(),
            "written as it goes"
        );
        sink.roll_back();
        assert_eq!(listing(dir.path()), before);
    }

    #[test]
    fn a_rebuild_replaces_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let old = previous(dir.path());
        use std::os::unix::fs::MetadataExt;
        let ino = |p: &str| fs::metadata(dir.path().join(p)).unwrap().ino();
        let kept = ino("reviews/mr-1/index.html");
        let sink = InPlaceSink::new(dir.path(), &old, EvidenceCopies::Copy);
        sink.put("index.html", b"new dashboard").unwrap();
        sink.put("reviews/mr-1/index.html", b"review one").unwrap();
        sink.put("records/r-1/index.html", b"a new record").unwrap();
        sink.put("data/site.json", b"{\"generator\": \"minutebook 2\"}")
            .unwrap();
        // The old dashboard stays until the build is committed.
        assert_eq!(
            fs::read(dir.path().join("index.html")).unwrap(),
            b"old dashboard"
        );
        sink.put(SUMS_FILE, b"new sums").unwrap();
        sink.commit().unwrap();
        assert_eq!(
            fs::read(dir.path().join("index.html")).unwrap(),
            b"new dashboard"
        );
        assert_eq!(ino("reviews/mr-1/index.html"), kept, "unchanged: kept");
        assert_eq!(
            fs::read(dir.path().join("records/r-1/index.html")).unwrap(),
            b"a new record"
        );
        assert!(
            !dir.path().join("reviews/mr-2").exists(),
            "a page no longer made is removed with its folder"
        );
        assert!(dir.path().join("reviews").is_dir());
        assert_eq!(fs::read(dir.path().join(SUMS_FILE)).unwrap(), b"new sums");
        let names: Vec<String> = listing(dir.path()).into_iter().map(|(n, _)| n).collect();
        assert!(names.iter().all(|n| !n.contains(NEW_TAG)), "{names:?}");
    }

    #[test]
    fn a_rebuild_removes_nothing_outside_the_folder_whatever_its_sums_say() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("public");
        fs::create_dir(&dir).unwrap();
        let _ = previous(&dir);
        let outside = top.path().join("notes.txt");
        fs::write(&outside, "mine").unwrap();
        let mut sums = fs::read_to_string(dir.join(SUMS_FILE)).unwrap();
        for name in ["../notes.txt", &outside.display().to_string()] {
            sums.push_str(&format!(
                "{}  {name}\n",
                crate::fsx::hash::sha256_bytes(b"mine")
            ));
        }
        fs::write(dir.join(SUMS_FILE), sums).unwrap();
        if let Some(old) = crate::site::outputs::previous_output(&dir) {
            assert!(
                old.files.iter().all(|f| !f.contains("notes")),
                "{:?}",
                old.files
            );
            let sink = InPlaceSink::new(&dir, &old, EvidenceCopies::Copy);
            sink.put("index.html", b"new dashboard").unwrap();
            sink.commit().unwrap();
        }
        assert_eq!(fs::read(&outside).unwrap(), b"mine");
    }

    #[test]
    fn a_folder_where_the_site_has_a_file_fails_the_put_not_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        let old = previous(dir.path());
        fs::create_dir_all(dir.path().join("reviews/mr-3/index.html/x")).unwrap();
        let sink = InPlaceSink::new(dir.path(), &old, EvidenceCopies::Copy);
        let e = sink.put("reviews/mr-3/index.html", b"page").unwrap_err();
        assert!(e.to_string().contains("is a folder"), "{e}");
        sink.roll_back();
    }
}
