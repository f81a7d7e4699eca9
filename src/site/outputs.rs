//! Where `build -o` and `bundle -o` may write, and how a previous output is
//! replaced without losing anything that minutebook did not write.
//!
//! An output path is typed by a person, often with tab completion, and one
//! wrong word must never destroy work:
//!
//! - `build -o DIR` replaces a folder only when it is absent, empty, or a
//!   previous build: a folder whose `SHA256SUMS` (which every build writes
//!   last, listing every other file it wrote) lists every file in it, and
//!   lists a `data/site.json` that names minutebook as its generator. A
//!   `.git/`, a `CNAME` or notes added to the folder are not listed, so the
//!   build refuses (exit 2) and names them, unless `--force` says to
//!   replace the folder anyway. A planted `data/site.json` alone no longer
//!   makes a folder look like an old output.
//! - `bundle -o FILE.zip` refuses what `build -o` refuses (the site root,
//!   a folder holding it, anything in `content/`), any path inside the
//!   site's sources (`minutebook.yaml`, `evidence.lock`, `content/`,
//!   `catalogs/`, `themes/`, `.minutebook/`), and replaces an existing file
//!   only when it is a bundle minutebook wrote: a regular file whose zip
//!   comment is [`BUNDLE_COMMENT`] (every bundle carries it).
//! - A build is written into `.<name>.building-<pid>` beside the output and
//!   swapped in at the end ([`swap_in`]): on Linux with one atomic
//!   `renameat2(RENAME_EXCHANGE)`, so there is no moment without an output;
//!   elsewhere (or on a file system without it) with two renames. Folders
//!   of that naming left by a build that was killed (its process is gone)
//!   are removed by the next build ([`remove_stale`]).

use crate::site::sums::{SUMS_FILE, parse_sums};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};

/// How many unexpected files a refusal names (then "and N more").
pub(crate) const SHOWN: usize = 10;

/// The largest `SHA256SUMS` of a previous output that is read (as `verify`).
pub(crate) const MAX_SUMS_BYTES: u64 = crate::site::verify::MAX_SUMS_BYTES;

/// The comment every bundle zip carries, by which `bundle -o` knows that an
/// existing file is a bundle it wrote and may be replaced. It sits at the
/// very end of the file (the zip's end record), so recognising it reads at
/// most a few dozen bytes of a file of any size.
pub(crate) const BUNDLE_COMMENT: &str =
    "minutebook bundle: a static evidence site and its SHA256SUMS";

/// Top-level names of a site root that are its sources: nothing may be
/// written over or inside them.
pub(crate) const SOURCES: &[&str] = &[
    "minutebook.yaml",
    "evidence.lock",
    "content",
    "catalogs",
    "themes",
    ".minutebook",
];

/// What an existing output folder is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Existing {
    /// Nothing there yet.
    Absent,
    /// An empty folder.
    Empty,
    /// A previous build: every file is listed in its `SHA256SUMS`.
    PreviousOutput,
    /// A folder with files no build listed (relative paths, a folder with a
    /// trailing `/`, the first [`SHOWN`]) and how many there are in all.
    Unexpected(Vec<String>, usize),
    /// Not a previous output at all, and why.
    NotAnOutput(String),
}

/// Judges the folder a build would replace, reading at most the bounded
/// `SHA256SUMS`, the two ends of `data/site.json` and the folder listing.
#[cfg(test)]
pub(crate) fn judge_folder(out: &Path) -> Existing {
    judge(out).0
}

/// A previous output, as a rebuild in place needs it: every file its
/// `SHA256SUMS` lists, and the files a killed rebuild left half-written
/// (`.<name>.mb-new-<pid>`, its process gone), to remove.
#[derive(Debug, Default)]
pub(crate) struct Previous {
    /// The files listed and found in the folder (by a walk that follows
    /// no link), relative to it.
    pub(crate) files: BTreeSet<String>,
    /// Left-over new files of killed rebuilds, relative to the folder.
    pub(crate) stale: Vec<String>,
    /// Each listed file's SHA-256 as `SHA256SUMS` gives it.
    pub(crate) digests: BTreeMap<String, String>,
    /// When `SHA256SUMS` itself last changed (its ctime: seconds,
    /// nanoseconds), which a build makes after every file it wrote: a file
    /// changed later (by anyone: a ctime cannot be set back) changed since.
    pub(crate) sums_changed: Option<(i64, i64)>,
}

/// The previous output at `out`, when it is one ([`Existing::PreviousOutput`]).
pub(crate) fn previous_output(out: &Path) -> Option<Previous> {
    match judge(out) {
        (Existing::PreviousOutput, previous) => Some(previous),
        _ => None,
    }
}

/// The tag of a file a rebuild in place writes beside the one it replaces:
/// `.<name>.mb-new-<pid>`.
pub(crate) const NEW_TAG: &str = ".mb-new-";

/// Whether a file name is a new file a rebuild in place left when it was
/// killed: the tag and the number of a process that is gone.
fn is_stale_new_file(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.rsplit_once(NEW_TAG))
        .and_then(|(_, pid)| pid_number(pid))
        .is_some_and(process_gone)
}

/// A process id written at the end of a temporary name: digits only.
fn pid_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether the process that named a temporary entry is gone: not this one,
/// and not running.
fn process_gone(pid: u32) -> bool {
    pid != std::process::id() && !process_alive(pid)
}

/// When the file at `path` last changed (ctime), where that is known.
fn changed_at(path: &Path) -> Option<(i64, i64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::symlink_metadata(path)
            .ok()
            .map(|m| (m.ctime(), m.ctime_nsec()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Judges the folder (as `judge_folder`), with the listing of a previous output.
fn judge(out: &Path) -> (Existing, Previous) {
    let nothing = Previous::default();
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (Existing::Absent, nothing),
        Err(e) => {
            return (
                Existing::NotAnOutput(format!("it cannot be examined: {e}")),
                nothing,
            );
        }
    };
    if meta.file_type().is_symlink() {
        return (
            Existing::NotAnOutput("it is a symbolic link; give the folder it leads to".to_string()),
            nothing,
        );
    }
    if !meta.is_dir() {
        return (
            Existing::NotAnOutput("it is a file, not a folder".to_string()),
            nothing,
        );
    }
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_none() {
                return (Existing::Empty, nothing);
            }
        }
        Err(e) => {
            return (
                Existing::NotAnOutput(format!("it cannot be listed: {e}")),
                nothing,
            );
        }
    }
    let listed = match listed_files(out) {
        Ok(l) => l,
        Err(why) => return (Existing::NotAnOutput(why), nothing),
    };
    let mut folders: BTreeSet<String> = BTreeSet::new();
    for path in listed.keys() {
        let mut rest = path.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            folders.insert(parent.to_string());
            rest = parent;
        }
    }
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    let mut present = BTreeSet::new();
    let mut total = 0usize;
    let mut walk = crate::fsx::walk::Walk::new(out);
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                return (
                    Existing::NotAnOutput(format!("it cannot be listed: {e}")),
                    nothing,
                );
            }
        };
        let ft = entry.file_type();
        let rel = entry.rel;
        let expected = if ft.is_dir() {
            folders.contains(&rel)
        } else if ft.is_file() && is_stale_new_file(rel.rsplit('/').next().unwrap_or(&rel)) {
            stale.push(rel.clone());
            true
        } else if ft.is_file() && listed.contains_key(&rel) {
            // Only files seen here are ever removed by a rebuild: a line
            // of SHA256SUMS naming `../x` or `/x` names nothing in the folder.
            present.insert(rel.clone());
            true
        } else {
            ft.is_file() && rel == SUMS_FILE
        };
        if !expected {
            total += 1;
            if unexpected.len() < SHOWN {
                unexpected.push(if ft.is_dir() { format!("{rel}/") } else { rel });
            }
            if ft.is_dir() {
                walk.skip_current_dir();
            }
        }
    }
    if total == 0 {
        (
            Existing::PreviousOutput,
            Previous {
                files: present,
                stale,
                sums_changed: changed_at(&out.join(SUMS_FILE)),
                digests: listed,
            },
        )
    } else {
        (Existing::Unexpected(unexpected, total), nothing)
    }
}

/// The files a previous build listed in its `SHA256SUMS`, when the folder
/// is one: a readable, well-formed sums file that lists a `data/site.json`
/// naming minutebook as generator.
fn listed_files(out: &Path) -> Result<BTreeMap<String, String>, String> {
    let not_ours =
        |why: &str| format!("it is not empty and not a previous minutebook output ({why})");
    let sums = out.join(SUMS_FILE);
    if !fs::symlink_metadata(&sums).is_ok_and(|m| m.is_file()) {
        return Err(not_ours("it has no SHA256SUMS file"));
    }
    let bytes = crate::fsx::read::read_bounded_to(&sums, MAX_SUMS_BYTES)
        .map_err(|e| not_ours(&format!("its SHA256SUMS cannot be read: {e}")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| not_ours("its SHA256SUMS is not UTF-8 text"))?;
    let (entries, problems) = parse_sums(&text);
    if let Some((line, problem)) = problems.first() {
        return Err(not_ours(&format!(
            "its SHA256SUMS line {line} is malformed: {problem}"
        )));
    }
    let site_json = "data/site.json";
    let ours = entries.contains_key(site_json)
        && fs::symlink_metadata(out.join(site_json)).is_ok_and(|m| m.is_file())
        && crate::fsx::read::read_ends(&out.join(site_json), SITE_JSON_PROBE_BYTES).is_some_and(
            |ends| {
                ends.iter().any(|bytes| {
                    String::from_utf8_lossy(bytes).contains("\"generator\": \"minutebook")
                })
            },
        );
    if !ours {
        return Err(not_ours(
            "its data/site.json does not name minutebook as generator",
        ));
    }
    Ok(entries)
}

/// Whether `build` may replace `out`: `Ok` when it is absent, empty or a
/// previous build, or when `force` is set and it is a real folder; else
/// the message for the refusal (exit 2), naming the files in the way.
pub(crate) fn check_replaceable(out: &Path, force: bool) -> Result<(), String> {
    judge_replaceable(out, force).map(|_| ())
}

/// [`check_replaceable`], with the previous output's listing when `out` is
/// one (a rebuild in place needs it), from one walk of the folder.
pub(crate) fn judge_replaceable(out: &Path, force: bool) -> Result<Option<Previous>, String> {
    let (existing, previous) = judge(out);
    match existing {
        Existing::PreviousOutput => Ok(Some(previous)),
        Existing::Absent | Existing::Empty => Ok(None),
        // --force replaces a real folder whatever it holds; never a file or a link.
        Existing::Unexpected(_, _) if force => Ok(None),
        Existing::NotAnOutput(_)
            if force && fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) =>
        {
            Ok(None)
        }
        Existing::Unexpected(shown, total) => {
            let more = total.saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            Err(format!(
                "refusing to replace {}: it holds {total} file(s) or folder(s) that no previous \
                 build wrote (not listed in its SHA256SUMS): {}{more}; move them elsewhere (a \
                 build replaces the whole folder), or pass --force to replace it with them",
                out.display(),
                shown.join(", ")
            ))
        }
        Existing::NotAnOutput(why) => Err(format!(
            "refusing to replace {}: {why}{}",
            out.display(),
            if fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
                "; choose another folder, or pass --force to replace it"
            } else {
                ""
            }
        )),
    }
}

/// `p` made absolute (against the current folder) with `.` and `..`
/// resolved as text, without touching the disk: an output may not exist yet.
pub(crate) fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `p` made absolute and normalised without touching the disk below its
/// parent: the parent's real path (links resolved) when it exists, plus
/// the file name, so that a link anywhere above is judged by its target.
pub(crate) fn real_target(p: &Path) -> PathBuf {
    let p = absolute(p);
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) => match fs::canonicalize(parent) {
            Ok(real) => real.join(name),
            Err(_) => p,
        },
        _ => p,
    }
}

/// Refuses a bundle path that would overwrite or pollute the site, or
/// replace a file that is not a bundle minutebook wrote (see the module
/// docs). `root` is the site root.
pub fn check_bundle_output(root: &Path, out: &Path) -> Result<(), String> {
    let shown = out.display();
    let root_real =
        fs::canonicalize(root).map_err(|e| format!("cannot open {}: {e}", root.display()))?;
    let target = real_target(out);
    if root_real.starts_with(&target) {
        return Err(format!(
            "refusing to write the bundle to {shown}: it is the site or a folder holding it"
        ));
    }
    if let Ok(inside) = target.strip_prefix(&root_real)
        && let Some(first) = inside.components().next()
    {
        let first = first.as_os_str().to_string_lossy();
        if SOURCES.iter().any(|s| first.eq_ignore_ascii_case(s)) {
            return Err(format!(
                "refusing to write the bundle to {shown}: it is inside the site's sources \
                 ({first}); write it beside them, e.g. in the site root or outside the site"
            ));
        }
    }
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot examine {shown}: {e}")),
        Ok(m) if m.is_file() && is_our_bundle(out) => Ok(()),
        Ok(m) => {
            let what = if m.file_type().is_symlink() {
                "a symbolic link"
            } else if m.is_dir() {
                "a folder"
            } else if m.is_file() {
                "a file that is not a bundle minutebook wrote"
            } else {
                "a special file"
            };
            Err(format!(
                "refusing to replace {shown}: it is {what}; remove it or choose another name"
            ))
        }
    }
}

/// Whether `path` is a regular file ending in a zip end record whose
/// comment is [`BUNDLE_COMMENT`]: only its last bytes are read, and only
/// when it is a regular file (checked before and after opening).
pub fn is_our_bundle(path: &Path) -> bool {
    let want = BUNDLE_COMMENT.as_bytes();
    let tail_len = 22 + want.len() as u64;
    let read = || -> io::Result<bool> {
        if !fs::symlink_metadata(path)?.is_file() {
            return Ok(false);
        }
        let mut file = fs::File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() || meta.len() < tail_len {
            return Ok(false);
        }
        file.seek(io::SeekFrom::Start(meta.len() - tail_len))?;
        let mut tail = Vec::with_capacity(tail_len as usize);
        file.take(tail_len).read_to_end(&mut tail)?;
        let comment_len = u16::try_from(want.len()).unwrap_or(0).to_le_bytes();
        Ok(tail.len() as u64 == tail_len
            && tail.starts_with(b"PK\x05\x06")
            && tail[20..22] == comment_len
            && &tail[22..] == want)
    };
    read().unwrap_or(false)
}

/// The process id in the name of a temporary entry minutebook made, when
/// the name is one of `.<stem>.building-<pid>`, `.<stem>.previous-<pid>`.
fn temp_pid(name: &str, stem: &str) -> Option<u32> {
    let rest = name
        .strip_prefix('.')?
        .strip_prefix(stem)?
        .strip_prefix('.')?;
    pid_number(
        rest.strip_prefix("building-")
            .or_else(|| rest.strip_prefix("previous-"))?,
    )
}

/// Whether a process with this id still runs (on Unix: `kill(pid, 0)` says
/// it does not exist). Elsewhere every process counts as running, so
/// nothing is removed that may be in use.
pub(crate) fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(raw) = i32::try_from(pid) else {
            return true;
        };
        if raw <= 0 {
            return true;
        }
        !matches!(
            nix::sys::signal::kill(nix::unistd::Pid::from_raw(raw), None),
            Err(nix::errno::Errno::ESRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the temporary folders `.<stem>.building-<pid>` and
/// `.<stem>.previous-<pid>` in `dir` that an interrupted build left (its
/// process is gone; never this process's own, never a link or a file).
/// Returns the names removed.
pub(crate) fn remove_stale(dir: &Path, stem: &str) -> Vec<String> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = temp_pid(name, stem) else {
            continue;
        };
        if !process_gone(pid) {
            continue;
        }
        let path = entry.path();
        if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && fs::remove_dir_all(&path).is_ok()
        {
            removed.push(name.to_string());
        }
    }
    removed.sort();
    removed
}

/// The folder a bundle is rendered into before it is zipped (in the
/// system's temporary folder, named after this process); folders of that
/// naming whose process is gone are removed first, with their
/// `.…building-<pid>` siblings, so killed bundles do not pile up.
pub fn bundle_scratch() -> PathBuf {
    let tmp = std::env::temp_dir();
    const PREFIX: &str = "minutebook-bundle-";
    if let Ok(entries) = fs::read_dir(&tmp) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            // `.minutebook-bundle-<pid>.building-<pid>`: a render killed
            // before its folder was swapped in.
            if let Some(stem) = name
                .strip_prefix('.')
                .filter(|n| n.starts_with(PREFIX))
                .and_then(|n| n.rsplit_once('.'))
                .map(|(stem, _)| stem)
            {
                remove_stale(&tmp, stem);
                continue;
            }
            let Some(pid) = name.strip_prefix(PREFIX).and_then(pid_number) else {
                continue;
            };
            if process_gone(pid) && fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    tmp.join(format!("{PREFIX}{}", std::process::id()))
}

/// Removes the temporary zips `.<name>.<pid>.<n>.tmp` in `dir` that a
/// killed bundle left (its process is gone; regular files only).
pub(crate) fn remove_stale_zips(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let Some(rest) = file
            .strip_prefix('.')
            .and_then(|r| r.strip_prefix(name))
            .and_then(|r| r.strip_prefix('.'))
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('.') else {
            continue;
        };
        let (Some(pid), Some(_)) = (pid_number(pid), pid_number(n)) else {
            continue;
        };
        if process_gone(pid) && fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Puts the finished folder `new` in the place of `out`. When `out` exists
/// it ends up at `new`'s path (for the caller to delete) and the result is
/// true. On Linux (glibc) the two are exchanged by one `renameat2` with
/// `RENAME_EXCHANGE`, so a reader always finds either the old or the new
/// output; where that call is missing or refused, `out` is renamed to
/// `new`-side and `new` into place (a moment without an output). Nothing
/// is lost on failure: the old output is moved back.
pub(crate) fn swap_in(new: &Path, out: &Path) -> io::Result<bool> {
    if fs::symlink_metadata(out).is_err() {
        fs::rename(new, out)?;
        return Ok(false);
    }
    if exchange(new, out)? {
        return Ok(true);
    }
    let aside = {
        let mut s = new.as_os_str().to_os_string();
        s.push(".old");
        PathBuf::from(s)
    };
    fs::rename(out, &aside)?;
    if let Err(e) = fs::rename(new, out) {
        let _ = fs::rename(&aside, out);
        return Err(e);
    }
    if fs::rename(&aside, new).is_err() {
        // The new output is in place; the old one only has to go.
        let _ = fs::remove_dir_all(&aside);
    }
    Ok(true)
}

/// Exchanges two paths atomically; `Ok(false)` when the platform or the
/// file system cannot, so the caller falls back to renames.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use nix::errno::Errno;
    use nix::fcntl::{RenameFlags, renameat2};
    let dir_of = |p: &Path| match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (Some(a_name), Some(b_name)) = (a.file_name(), b.file_name()) else {
        return Ok(false);
    };
    let a_dir = fs::File::open(dir_of(a))?;
    let b_dir = fs::File::open(dir_of(b))?;
    match renameat2(
        &a_dir,
        Path::new(a_name),
        &b_dir,
        Path::new(b_name),
        RenameFlags::RENAME_EXCHANGE,
    ) {
        Ok(()) => Ok(true),
        Err(Errno::EINVAL | Errno::ENOSYS | Errno::ENOTSUP) => Ok(false),
        Err(e) => Err(io::Error::from(e)),
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// How much of each end of a previous output's `data/site.json` is read to
/// recognise it: minutebook writes `generator` first (outputs of earlier
/// versions, with sorted keys, have it near the end), so the two ends are
/// enough whatever the size of the site, and a huge file (or a link to
/// `/dev/zero`) costs nothing.
pub(crate) const SITE_JSON_PROBE_BYTES: u64 = 4096;

/// Whether a folder may be replaced by a build: absent, empty, or a previous
/// minutebook output (every file in it is listed in its `SHA256SUMS`, which
/// lists a `data/site.json` naming minutebook as `generator`; see
/// [`crate::site::outputs`]). Only the two ends of that file are read, and
/// only when it is a regular file: a FIFO (which would block), a device or
/// an unreadable file means "not a previous output", and the folder is left
/// alone.
#[cfg(test)]
pub(crate) fn is_replaceable(out: &Path) -> bool {
    matches!(
        judge_folder(out),
        Existing::Absent | Existing::Empty | Existing::PreviousOutput
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn previous_output(out: &Path, files: &[&str]) {
        let mut entries = std::collections::BTreeMap::new();
        for f in files {
            let p = out.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, "x").unwrap();
            entries.insert(f.to_string(), "0".repeat(64));
        }
        let site_json = out.join("data/site.json");
        fs::create_dir_all(site_json.parent().unwrap()).unwrap();
        fs::write(&site_json, "{\n  \"generator\": \"minutebook 0.1.0\"\n}\n").unwrap();
        entries.insert("data/site.json".into(), "0".repeat(64));
        fs::write(out.join(SUMS_FILE), crate::site::sums::sha256sums(&entries)).unwrap();
    }

    #[test]
    fn a_previous_output_is_every_file_listed_in_its_sums() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let out = dir.join("out");
        assert_eq!(judge_folder(&out), Existing::Absent);
        fs::create_dir_all(&out).unwrap();
        assert_eq!(judge_folder(&out), Existing::Empty);
        previous_output(&out, &["index.html", "reviews/a/index.html"]);
        assert_eq!(judge_folder(&out), Existing::PreviousOutput);
        assert!(check_replaceable(&out, false).is_ok());

        fs::write(out.join("CNAME"), "evidence.example.org\n").unwrap();
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref").unwrap();
        fs::create_dir_all(out.join("reviews/empty")).unwrap();
        assert_eq!(
            judge_folder(&out),
            Existing::Unexpected(
                vec![".git/".into(), "CNAME".into(), "reviews/empty/".into()],
                3
            )
        );
        let e = check_replaceable(&out, false).unwrap_err();
        assert!(e.contains(".git/, CNAME, reviews/empty/"), "{e}");
        assert!(e.contains("--force"), "{e}");
        assert!(check_replaceable(&out, true).is_ok());

        // A planted data/site.json without sums is not a previous output.
        let planted = dir.join("planted");
        fs::create_dir_all(planted.join("data")).unwrap();
        fs::write(
            planted.join("data/site.json"),
            "{\"generator\": \"minutebook 0.1.0\"}",
        )
        .unwrap();
        fs::write(planted.join("thesis.tex"), "x").unwrap();
        assert!(matches!(judge_folder(&planted), Existing::NotAnOutput(_)));
        let e = check_replaceable(&planted, false).unwrap_err();
        assert!(e.contains("not a previous minutebook output"), "{e}");
        // Sums listing everything but no minutebook site.json: not ours.
        fs::write(planted.join("data/site.json"), "{}").unwrap();
        let mut all = std::collections::BTreeMap::new();
        all.insert("thesis.tex".to_string(), "0".repeat(64));
        all.insert("data/site.json".to_string(), "0".repeat(64));
        fs::write(planted.join(SUMS_FILE), crate::site::sums::sha256sums(&all)).unwrap();
        assert!(matches!(judge_folder(&planted), Existing::NotAnOutput(_)));
        // A file is never replaced, even with --force.
        let file = dir.join("file");
        fs::write(&file, "x").unwrap();
        assert!(check_replaceable(&file, true).is_err());
        #[cfg(unix)]
        {
            let link = dir.join("link");
            std::os::unix::fs::symlink(&out, &link).unwrap();
            assert!(check_replaceable(&link, true).is_err(), "a link is refused");
        }
        // Malformed sums: not an output.
        let bad = dir.join("bad");
        previous_output(&bad, &["index.html"]);
        fs::write(bad.join(SUMS_FILE), "garbage\n").unwrap();
        assert!(matches!(judge_folder(&bad), Existing::NotAnOutput(_)));
    }

    #[test]
    fn refusals_name_the_first_files_and_count_the_rest() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let out = dir.join("out");
        previous_output(&out, &["index.html"]);
        for i in 0..25 {
            fs::write(out.join(format!("extra-{i:02}.txt")), "x").unwrap();
        }
        let Existing::Unexpected(shown, total) = judge_folder(&out) else {
            panic!("not unexpected");
        };
        assert_eq!((shown.len(), total), (SHOWN, 25));
        let e = check_replaceable(&out, false).unwrap_err();
        assert!(e.contains("and 15 more"), "{e}");
    }

    #[test]
    fn temp_names_and_stale_folders() {
        assert_eq!(temp_pid(".public.building-123", "public"), Some(123));
        assert_eq!(temp_pid(".public.previous-9", "public"), Some(9));
        for no in [
            ".public.building-",
            ".public.building-12x",
            "public.building-1",
            ".publicx.building-1",
            ".public.other-1",
        ] {
            assert_eq!(temp_pid(no, "public"), None, "{no}");
        }
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        // A pid that cannot be running (above the Linux maximum).
        let dead = 4_194_399u32;
        assert!(!process_alive(dead) || cfg!(not(unix)));
        let own = std::process::id();
        for name in [
            format!(".public.building-{dead}"),
            format!(".public.previous-{dead}"),
            format!(".public.building-{own}"),
            format!(".other.building-{dead}"),
        ] {
            fs::create_dir_all(dir.join(&name).join("reviews")).unwrap();
            fs::write(dir.join(&name).join("reviews/x.html"), "x").unwrap();
        }
        // A file of that naming is not a folder minutebook made: kept.
        fs::write(dir.join(format!(".public.building-{}", dead + 1)), "x").unwrap();
        let removed = remove_stale(dir, "public");
        if cfg!(unix) {
            assert_eq!(
                removed,
                vec![
                    format!(".public.building-{dead}"),
                    format!(".public.previous-{dead}")
                ]
            );
        }
        assert!(dir.join(format!(".public.building-{own}")).is_dir());
        assert!(dir.join(format!(".other.building-{dead}")).is_dir());
        assert!(dir.join(format!(".public.building-{}", dead + 1)).is_file());
    }

    #[test]
    fn swap_puts_the_new_folder_in_place_and_the_old_aside() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let new = dir.join(".out.building-1");
        let out = dir.join("out");
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("v"), "1").unwrap();
        assert!(!swap_in(&new, &out).unwrap());
        assert_eq!(fs::read_to_string(out.join("v")).unwrap(), "1");
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("v"), "2").unwrap();
        assert!(swap_in(&new, &out).unwrap());
        assert_eq!(fs::read_to_string(out.join("v")).unwrap(), "2");
        assert_eq!(fs::read_to_string(new.join("v")).unwrap(), "1");
    }

    #[test]
    fn bundles_are_recognised_by_their_comment() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let zip = dir.join("b.zip");
        let mut tail = b"PK\x05\x06".to_vec();
        tail.extend_from_slice(&[0; 16]);
        tail.extend_from_slice(&(BUNDLE_COMMENT.len() as u16).to_le_bytes());
        tail.extend_from_slice(BUNDLE_COMMENT.as_bytes());
        let mut bytes = b"entries".to_vec();
        bytes.extend_from_slice(&tail);
        fs::write(&zip, &bytes).unwrap();
        assert!(is_our_bundle(&zip));
        fs::write(&zip, &tail[1..]).unwrap();
        assert!(!is_our_bundle(&zip), "truncated");
        fs::write(&zip, b"# my review\n").unwrap();
        assert!(!is_our_bundle(&zip));
        assert!(!is_our_bundle(&dir.join("absent.zip")));
        #[cfg(unix)]
        {
            let fifo = dir.join("fifo.zip");
            assert!(
                std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap()
                    .success()
            );
            assert!(!is_our_bundle(&fifo), "a FIFO is not opened");
        }
    }
}
