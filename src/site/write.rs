//! Writing a built site to a folder atomically: every file goes into a
//! temporary folder beside the output, which replaces the previous output
//! only when the whole build succeeded. A failed or interrupted build leaves
//! the previous output untouched.

use crate::render::Sink;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Size of each thread's buffer for copying evidence files.
const COPY_BUFFER_BYTES: usize = 256 * 1024;

thread_local! {
    /// One copy buffer per thread, cleared once: 45,000 copies each with a
    /// fresh buffer sized to its file cost an `fstat`, an allocation and
    /// clearing it per file.
    static COPY_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Refuses a site path that is empty, has an empty, `.` or `..` part, or a
/// backslash: a sink must never put a file outside the site (or where two
/// paths would name it). Shared by every sink, so the folder and the memory
/// one (`serve`) accept exactly the same paths; `verb` says which refused.
pub(in crate::site) fn refuse_unsafe(path: &str, verb: &str) -> io::Result<()> {
    if path
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
        || path.contains('\\')
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to {verb} unsafe path {path:?}"),
        ));
    }
    Ok(())
}

/// Reads `input` to its end through this thread's copy buffer, handing each
/// chunk to `each` (written to a file, kept in memory), and returns the
/// SHA-256 of all it read: how every sink takes in an evidence file, so the
/// digest listed is of the very bytes stored.
pub(in crate::site) fn copy_hashing(
    input: &mut impl Read,
    mut each: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<String> {
    let mut hasher = Sha256::new();
    COPY_BUFFER.with_borrow_mut(|buf| -> io::Result<()> {
        if buf.is_empty() {
            buf.resize(COPY_BUFFER_BYTES, 0);
        }
        loop {
            let n = input.read(buf)?;
            if n == 0 {
                return Ok(());
            }
            let chunk = buf.get(..n).unwrap_or(buf);
            hasher.update(chunk);
            each(chunk)?;
        }
    })?;
    Ok(hex::encode(hasher.finalize()))
}

/// How a folder build stores evidence files under `files/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvidenceCopies {
    /// Real copies, always.
    Copy,
    /// A hard link to the file in `content/evidence/` where the output is
    /// on the same file system (else a copy). Allocating a file is what a
    /// build on disk spends its time on: copying 45,000 evidence files took
    /// seconds of kernel time that linking them does not. The link is made
    /// only to a regular file whose bytes were hashed just before and whose
    /// size, modification time and inode are the same after linking.
    LinkWhenPossible,
}

/// A sink writing into a folder.
pub struct FolderSink {
    dir: PathBuf,
    /// Folders already made: 85,000 files share a few thousand folders, and
    /// asking the file system again for each file cost two system calls.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    evidence: EvidenceCopies,
}

impl FolderSink {
    /// A sink writing under `dir` (which must exist), copying evidence.
    #[cfg(test)]
    pub(crate) fn new(dir: &Path) -> FolderSink {
        FolderSink::storing(dir, EvidenceCopies::Copy)
    }

    /// A sink writing under `dir` (which must exist), storing evidence as
    /// `evidence` says.
    pub(crate) fn storing(dir: &Path, evidence: EvidenceCopies) -> FolderSink {
        FolderSink {
            dir: dir.to_path_buf(),
            made: std::sync::Mutex::new(std::collections::HashSet::new()),
            evidence,
        }
    }

    fn target(&self, path: &str) -> io::Result<PathBuf> {
        refuse_unsafe(path, "write")?;
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            let known = self.made.lock().is_ok_and(|m| m.contains(parent));
            if !known {
                fs::create_dir_all(parent)?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(parent.to_path_buf());
                }
            }
        }
        Ok(full)
    }
}

impl Sink for FolderSink {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        create_new(&self.target(path)?)?.write_all(bytes)
    }

    fn put_file(&self, path: &str, source: &Path) -> io::Result<String> {
        store_file(&self.target(path)?, source, self.evidence)
    }

    fn put_stream(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<String> {
        stream_file(&self.target(path)?, write)
    }
}

/// A new file at `target`, never an existing one opened for writing: a
/// file already at a path (a second output at one path, or an output
/// folder an earlier linking build wrote) may be a hard link to
/// `content/evidence/`, and truncating it would destroy the evidence
/// itself. One system call in the usual case (`O_EXCL`); the old name
/// is unlinked only when it exists. Shared by the folder sinks.
pub(in crate::site) fn create_new(target: &Path) -> io::Result<fs::File> {
    let open = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(target)
    };
    match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(target)?;
            open()
        }
        other => other,
    }
}

/// Places the file `source` at `target` as `evidence` says (a hard link
/// where possible, else a copy) and returns the SHA-256 of the bytes placed.
pub(in crate::site) fn store_file(
    target: &Path,
    source: &Path,
    evidence: EvidenceCopies,
) -> io::Result<String> {
    if evidence == EvidenceCopies::LinkWhenPossible
        && let Some(sha) = link_hashing(source, target)?
    {
        return Ok(sha);
    }
    let mut input = fs::File::open(source)?;
    let mut output = create_new(target)?;
    let sha = copy_hashing(&mut input, |chunk| output.write_all(chunk))?;
    output.flush()?;
    Ok(sha)
}

/// Writes at `target` what `write` produces piece by piece and returns the
/// SHA-256 of the bytes written.
pub(in crate::site) fn stream_file(
    target: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<String> {
    let file = create_new(target)?;
    // Buffered before hashing: serde writes a few bytes at a time, and
    // the hash is fed the buffer's 256 KiB at once.
    let mut out = io::BufWriter::with_capacity(
        256 * 1024,
        Hashing {
            inner: file,
            hasher: Sha256::new(),
        },
    );
    write(&mut out)?;
    let hashed = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok(hex::encode(hashed.hasher.finalize()))
}

/// Hashes `source` and hard-links it at `target`, returning the digest; or
/// None when no link was made (not a regular file, another file system, a
/// file system or policy refusing links) or the file changed while it was
/// read (the link is then removed): the caller copies instead.
#[cfg(unix)]
fn link_hashing(source: &Path, target: &Path) -> io::Result<Option<String>> {
    // Never a symbolic link: link(2) would link the link itself.
    let named = fs::symlink_metadata(source)?;
    if !named.is_file() {
        return Ok(None);
    }
    let Some((sha, read)) = hash_steady(source, &named)? else {
        return Ok(None);
    };
    if fs::hard_link(source, target).is_err() {
        return Ok(None);
    }
    if same_file(&read, &fs::symlink_metadata(target)?) {
        Ok(Some(sha))
    } else {
        fs::remove_file(target)?;
        Ok(None)
    }
}

/// Whether two descriptions are of one file, unchanged: device, inode,
/// size and modification time.
#[cfg(unix)]
pub(in crate::site) fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev()
        && a.ino() == b.ino()
        && a.len() == b.len()
        && a.mtime() == b.mtime()
        && a.mtime_nsec() == b.mtime_nsec()
}

/// The SHA-256 of `source`, read now, and the file's description, when it
/// is the file `named` describes and did not change while it was read;
/// None when it changed: a digest listed must be of bytes that held still.
#[cfg(unix)]
pub(in crate::site) fn hash_steady(
    source: &Path,
    named: &fs::Metadata,
) -> io::Result<Option<(String, fs::Metadata)>> {
    let mut input = fs::File::open(source)?;
    let before = input.metadata()?;
    if !same_file(named, &before) {
        return Ok(None);
    }
    let sha = copy_hashing(&mut input, |_| Ok(()))?;
    Ok(same_file(&before, &input.metadata()?).then_some((sha, before)))
}

/// Elsewhere evidence is always copied.
#[cfg(not(unix))]
fn link_hashing(_source: &Path, _target: &Path) -> io::Result<Option<String>> {
    Ok(None)
}

/// A writer that hashes what passes through it: the SHA-256 of a streamed
/// file is of the bytes actually written.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Refuses outputs that would destroy or pollute the site: the root itself,
/// a folder containing it, or anything inside `content/`; and a folder that
/// holds anything a previous build did not write (see
/// [`check_output_forced`]).
pub fn check_output(root: &Path, out: &Path) -> Result<(), String> {
    check_output_forced(root, out, false)
}

/// [`check_output`]; with `force` (`build --force`) an existing folder is
/// replaced whatever it holds, but the site, a folder holding it and
/// `content/` are still refused.
pub fn check_output_forced(root: &Path, out: &Path, force: bool) -> Result<(), String> {
    refuse_site_paths(root, out)?;
    crate::site::outputs::check_replaceable(out, force)
}

/// An output folder judged once and held (locked) for one build: what
/// [`write_claimed`] writes into.
pub struct Claim {
    out: PathBuf,
    previous: Option<crate::site::outputs::Previous>,
    _lock: Option<FolderLock>,
}

/// [`check_output_forced`], keeping the judgement and a lock on the folder
/// for the build: judging a previous output walks every file in it, and a
/// build that judged it again before writing walked it twice.
pub fn claim_output(root: &Path, out: &Path, force: bool) -> Result<Claim, String> {
    claim_output_while(root, out, force, || ()).map(|(claim, ())| claim)
}

/// [`claim_output`], running `alongside` (the checks, which read only the
/// sources) while the previous output is judged: that walk of every file
/// and folder in it waits on the disk, a tenth of a 10,000-review rebuild.
/// An output refused for where it is, or for what it holds when that is
/// seen without the walk (a link, a file, a folder without `SHA256SUMS`),
/// never runs `alongside`: a refused build leaves even the hash cache alone.
pub fn claim_output_while<T>(
    root: &Path,
    out: &Path,
    force: bool,
    alongside: impl FnOnce() -> T,
) -> Result<(Claim, T), String> {
    refuse_site_paths(root, out)?;
    let lock = lock_folder(out);
    // Only a real folder holding a SHA256SUMS file needs the walk.
    let walked = fs::symlink_metadata(out).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(out.join(crate::site::sums::SUMS_FILE)).is_ok_and(|m| m.is_file());
    let judge = || crate::site::outputs::judge_replaceable(out, force);
    let (previous, value) = if walked {
        std::thread::scope(|s| {
            let judging = s.spawn(judge);
            let value = alongside();
            let previous = judging
                .join()
                .unwrap_or_else(|_| Err("internal error: judging the output folder failed".into()));
            previous.map(|p| (p, value))
        })?
    } else {
        (judge()?, alongside())
    };
    Ok((
        Claim {
            out: out.to_path_buf(),
            previous,
            _lock: lock,
        },
        value,
    ))
}

/// The refusals of [`check_output_forced`] that are about where `out` is,
/// not what it holds.
fn refuse_site_paths(root: &Path, out: &Path) -> Result<(), String> {
    let abs = super::outputs::absolute;
    let root_abs = fs::canonicalize(root).unwrap_or_else(|_| abs(root));
    let out_abs = match out.parent().and_then(|p| {
        fs::canonicalize(if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        })
        .ok()
    }) {
        Some(parent) => parent.join(out.file_name().unwrap_or_default()),
        None => abs(out),
    };
    if root_abs.starts_with(&out_abs) {
        return Err(format!(
            "refusing to write the site into {}: it contains the site itself",
            out.display()
        ));
    }
    if out_abs.starts_with(root_abs.join("content")) {
        return Err(format!(
            "refusing to write the site into {}: it is inside content/",
            out.display()
        ));
    }
    // The other sources (a build replaces its folder whole, --force or not).
    if let Ok(inside) = out_abs.strip_prefix(&root_abs)
        && let Some(first) = inside.components().next()
    {
        let first = first.as_os_str().to_string_lossy();
        if crate::site::outputs::SOURCES
            .iter()
            .any(|s| first.eq_ignore_ascii_case(s))
        {
            return Err(format!(
                "refusing to write the site into {}: it is one of the site's sources ({first})",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Writes the site `build` renders into `out` (see [`write_claimed`]),
/// judging the folder itself.
pub fn write_atomically<T>(
    out: &Path,
    evidence: EvidenceCopies,
    build: impl Fn(&dyn Sink) -> Result<T, String>,
) -> Result<T, String> {
    write_claimed(claim_unchecked(out), evidence, build)
}

/// A claim on `out` with none of [`claim_output`]'s refusals: for a folder
/// the program chose itself (a bundle's scratch folder).
pub fn claim_unchecked(out: &Path) -> Claim {
    let lock = lock_folder(out);
    Claim {
        out: out.to_path_buf(),
        previous: crate::site::outputs::previous_output(out),
        _lock: lock,
    }
}

/// Writes the site `build` renders into the claimed folder; on any error it
/// is left as it was. A previous output is rebuilt in place
/// ([`crate::site::in_place`]: only what changed is written, every folder
/// kept); anything else, or an in-place rebuild that failed, is built into a
/// temporary folder beside it and swapped in.
pub fn write_claimed<T>(
    claim: Claim,
    evidence: EvidenceCopies,
    build: impl Fn(&dyn Sink) -> Result<T, String>,
) -> Result<T, String> {
    let out = claim.out.as_path();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    // Folders of this naming left by builds that were killed.
    crate::site::outputs::remove_stale(&parent, &name);
    // Judged under the lock: two builds into one folder take turns.
    if let Some(previous) = &claim.previous {
        let sink = crate::site::in_place::InPlaceSink::new(out, previous, evidence);
        match build(&sink) {
            Ok(value) => {
                return sink
                    .commit()
                    .map(|()| value)
                    .map_err(|e| format!("cannot update {}: {e}", out.display()));
            }
            // The folder is as it was; a fresh folder is tried (and fails
            // again, with its own message, when the cause is not the old
            // folder).
            Err(_) => sink.roll_back(),
        }
    }
    let tmp = parent.join(format!(".{name}.building-{pid}"));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let result = build(&FolderSink::storing(&tmp, evidence));
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    match crate::site::outputs::swap_in(&tmp, out) {
        Ok(_) => {
            // The previous output, now at the temporary name (or nothing).
            let _ = fs::remove_dir_all(&tmp);
            Ok(value)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(format!(
                "cannot move the new output into {}: {e}",
                out.display()
            ))
        }
    }
}

/// An exclusive lock on the folder `out` while it is written (released
/// when dropped); None when it is not a folder yet, or where locks are not
/// to be had.
#[cfg(unix)]
fn lock_folder(out: &Path) -> Option<FolderLock> {
    if !fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let folder = fs::File::open(out).ok()?;
    nix::fcntl::Flock::lock(folder, nix::fcntl::FlockArg::LockExclusive).ok()
}

/// Elsewhere there is no lock.
#[cfg(not(unix))]
fn lock_folder(_out: &Path) -> Option<FolderLock> {
    None
}

/// A held lock on an output folder.
#[cfg(unix)]
type FolderLock = nix::fcntl::Flock<fs::File>;
/// No lock where there are none.
#[cfg(not(unix))]
type FolderLock = ();

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::outputs::is_replaceable;

    /// A linking sink links a regular file and copies anything else: a
    /// symbolic link (link(2) would publish the link itself) and a file on
    /// another file system.
    #[cfg(unix)]
    #[test]
    fn evidence_is_linked_only_when_it_is_a_regular_file_on_this_file_system() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        let sink = FolderSink::storing(&out, EvidenceCopies::LinkWhenPossible);
        let plain = dir.path().join("plain.txt");
        fs::write(&plain, "evidence\n").unwrap();
        let sha = sink.put_file("files/plain.txt", &plain).unwrap();
        assert_eq!(sha, crate::fsx::hash::sha256_bytes(b"evidence\n"));
        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        assert_eq!(ino(&out.join("files/plain.txt")), ino(&plain));

        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&plain, &link).unwrap();
        let sha = sink.put_file("files/link.txt", &link).unwrap();
        assert_eq!(sha, crate::fsx::hash::sha256_bytes(b"evidence\n"));
        let stored = fs::symlink_metadata(out.join("files/link.txt")).unwrap();
        assert!(stored.is_file(), "a symbolic link was published");
        assert_ne!(stored.ino(), ino(&plain));

        // /dev/shm is another file system than the temporary folder here.
        if let Ok(shm) = tempfile::tempdir_in("/dev/shm")
            && fs::metadata(shm.path()).unwrap().dev() != fs::metadata(&out).unwrap().dev()
        {
            let far = shm.path().join("far.txt");
            fs::write(&far, "far\n").unwrap();
            sink.put_file("files/far.txt", &far).unwrap();
            assert_eq!(fs::read(out.join("files/far.txt")).unwrap(), b"far\n");
            assert_ne!(ino(&out.join("files/far.txt")), ino(&far));
        }

        // A second output at a linked path replaces the link, never writes
        // through it into the evidence (put, put_file and put_stream alike).
        sink.put("files/plain.txt", b"a page").unwrap();
        assert_eq!(fs::read(&plain).unwrap(), b"evidence\n");
        assert_eq!(fs::read(out.join("files/plain.txt")).unwrap(), b"a page");
        sink.put_file("files/again.txt", &plain).unwrap();
        sink.put_stream("files/again.txt", &mut |w| w.write_all(b"streamed"))
            .unwrap();
        assert_eq!(fs::read(&plain).unwrap(), b"evidence\n");
        sink.put_file("files/third.txt", &plain).unwrap();
        let other = dir.path().join("other.txt");
        fs::write(&other, "other\n").unwrap();
        sink.put_file("files/third.txt", &other).unwrap();
        assert_eq!(fs::read(&plain).unwrap(), b"evidence\n");
        assert_eq!(fs::read(out.join("files/third.txt")).unwrap(), b"other\n");

        // A copying sink never links.
        let copying = FolderSink::new(&out);
        copying.put_file("files/copy.txt", &plain).unwrap();
        assert_ne!(ino(&out.join("files/copy.txt")), ino(&plain));
        // Nor does it write through a link an earlier linking build left.
        sink.put_file("files/fourth.txt", &plain).unwrap();
        assert_eq!(ino(&out.join("files/fourth.txt")), ino(&plain));
        copying.put("files/fourth.txt", b"a page").unwrap();
        assert_eq!(fs::read(&plain).unwrap(), b"evidence\n");
    }

    #[test]
    fn a_streamed_file_is_written_whole_and_hashed_as_written() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let sink = FolderSink::new(dir);
        // More than the writer's buffer, in uneven pieces.
        let piece: Vec<u8> = (0..=255u8).cycle().take(100_003).collect();
        let sha = sink
            .put_stream("data/big.json", &mut |w| {
                (0..5).try_for_each(|_| w.write_all(&piece))
            })
            .unwrap();
        let written = fs::read(dir.join("data/big.json")).unwrap();
        assert_eq!(written.len(), 500_015);
        assert_eq!(written, piece.repeat(5));
        assert_eq!(sha, crate::fsx::hash::sha256_bytes(&written));
        // A failing producer fails the write.
        let failed = sink.put_stream("data/bad.json", &mut |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("producer failed"))
        });
        assert!(failed.is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_previous_output_is_recognised_only_by_a_bounded_regular_site_json() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        assert!(is_replaceable(&dir.join("absent")));
        let out = dir.join("out");
        fs::create_dir_all(&out).unwrap();
        assert!(is_replaceable(&out), "empty");
        fs::create_dir_all(out.join("data")).unwrap();
        assert!(!is_replaceable(&out), "not empty, no site.json");
        // Every build lists its files (data/site.json among them) in SHA256SUMS.
        fs::write(
            out.join("SHA256SUMS"),
            format!("{}  data/site.json\n", "0".repeat(64)),
        )
        .unwrap();
        let site_json = out.join("data/site.json");
        fs::write(&site_json, "{\n  \"generator\": \"minutebook 0.1.0\"\n}\n").unwrap();
        assert!(is_replaceable(&out), "a previous output");

        fs::remove_file(&site_json).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&site_json)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(!is_replaceable(&out), "a FIFO is not opened (would block)");

        fs::remove_file(&site_json).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &site_json).unwrap();
        assert!(!is_replaceable(&out), "a device is not read");

        fs::remove_file(&site_json).unwrap();
        let huge = fs::File::create(&site_json).unwrap();
        huge.set_len(100 << 30).unwrap(); // sparse: no disk used
        assert!(
            !is_replaceable(&out),
            "100 GiB of zeros: only the head is read"
        );

        // An export of an earlier version (sorted keys: generator near the
        // end, after megabytes of actions and documents) is recognised too.
        fs::remove_file(&site_json).unwrap();
        let mut old = fs::File::create(&site_json).unwrap();
        old.write_all(b"{\n  \"actions\": [").unwrap();
        old.write_all(&vec![b' '; 8 << 20]).unwrap();
        old.write_all(b"],\n  \"generator\": \"minutebook 0.1.0\",\n  \"title\": \"x\"\n}\n")
            .unwrap();
        drop(old);
        assert!(
            is_replaceable(&out),
            "an 8 MiB export with generator at the end"
        );

        // A very large site's export is still recognised by its head.
        fs::remove_file(&site_json).unwrap();
        let mut big = fs::File::create(&site_json).unwrap();
        big.write_all(b"{\n  \"generator\": \"minutebook 0.1.0\",\n")
            .unwrap();
        big.set_len(200 << 20).unwrap();
        assert!(is_replaceable(&out), "a 200 MiB export of a previous build");
    }
}
