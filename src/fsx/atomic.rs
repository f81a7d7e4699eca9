//! Atomic file replacement: write a temporary file next to the target, flush
//! it to disk, then rename it over the target.
//!
//! `evidence.lock`, `signoffs.yaml` and the hash cache are records an auditor
//! relies on; an interrupted write (Ctrl-C, full disk, power loss) must leave
//! either the old file or the new one, never a truncated mix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temporary files of concurrent writers in one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `bytes` atomically (temp file in the same folder,
/// fsync, rename), keeping the permissions of the regular file it replaces
/// (not those of a symbolic link's target), so a reader or a crash never
/// sees a partial file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |mut file| {
        file.write_all(bytes)?;
        // Best effort: a rename must not silently widen or narrow access.
        // Only the permissions of the regular file being replaced are kept:
        // the rename replaces a symbolic link itself, never its target, so
        // the mode of whatever a link points to (`/etc/shadow`, a world-
        // writable file) must not be copied onto the new file.
        if let Ok(old) = fs::symlink_metadata(path)
            && old.file_type().is_file()
        {
            let _ = file.set_permissions(old.permissions());
        }
        Ok(file)
    })
}

/// Replaces `path` atomically with whatever `write` puts in a fresh
/// temporary file next to it (fsynced, then renamed over `path`), for
/// output too large to hold in memory first: the site bundle streams its
/// zip through here. `write` hands the file back when it is done; on any
/// error the temporary file is removed and `path` is left untouched.
pub(crate) fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(File) -> io::Result<File>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name to write"))?;
    let (tmp, file) = create_temp(&dir, &name.to_string_lossy())?;
    let result = write(file).and_then(|file| {
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates a fresh temporary file in `dir`, never reusing an existing name.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temp_file() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let path = dir.join("f.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("f.txt")]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_of_a_regular_file_only_never_of_a_link_target() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let mode = |p: &Path| fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777;

        // A regular file keeps its own mode.
        let plain = dir.join("plain.txt");
        fs::write(&plain, b"old").unwrap();
        fs::set_permissions(&plain, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&plain, b"new").unwrap();
        assert_eq!(mode(&plain), 0o640);
        assert_eq!(fs::read(&plain).unwrap(), b"new");

        // A link is replaced by a new file with the default mode; its
        // target's mode (here world-writable) is not copied, nor is the
        // target written.
        let target = dir.join("target.txt");
        fs::write(&target, b"target").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o777)).unwrap();
        let link = dir.join("link.txt");
        symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_file());
        assert_eq!(fs::read(&target).unwrap(), b"target");
        assert_eq!(mode(&target), 0o777);
        let fresh = dir.join("fresh.txt");
        write_atomic(&fresh, b"x").unwrap();
        assert_eq!(mode(&link), mode(&fresh), "the default mode of a new file");
        assert_ne!(mode(&link), 0o777);
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        assert!(write_atomic(&dir.join("no/such/f.txt"), b"x").is_err());
    }
}
