//! Reading files a person or an earlier run wrote, safely: only regular
//! files, never more than a limit, never through a link that leads out of
//! the site folder. Every stage reads site files through these.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Seek};
use std::path::Path;

/// Largest document or YAML file read; real minutes are far smaller.
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a file, refusing anything that is not a regular file or is too large.
/// The type is checked before opening (opening a FIFO blocks) and again on
/// the open file, and at most one byte past the limit is ever read, so a
/// file swapped or grown between the check and the read cannot hang the run
/// or exhaust memory.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    read_bounded_to(path, MAX_FILE_BYTES)
}

/// [`read_bounded`] with another size limit (bytes), for files minutebook
/// writes itself and may be larger than a text file a person writes (the
/// `data/site.json` of a previous output).
pub(crate) fn read_bounded_to(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let (file, meta) = open_regular(path, Links::Follow).map_err(|e| e.to_string())?;
    check_size(&meta, limit)?;
    // Room for the whole file and the byte that would show it grew: read
    // in one call, not in growing pieces.
    let room = usize::try_from(meta.len().saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(room);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err("it grew past the size limit while being read".into());
    }
    Ok(bytes)
}

fn check_size(meta: &Metadata, limit: u64) -> Result<(), String> {
    if meta.len() > limit {
        return Err(format!(
            "it is {} bytes, over the {} MiB limit for this file",
            meta.len(),
            limit / 1024 / 1024
        ));
    }
    Ok(())
}

/// Whether [`open_regular`] follows a symbolic link at the path itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Links {
    /// Judge the file the link leads to (evidence named through a link,
    /// a document the site links in).
    Follow,
    /// A link is not a regular file: refused (a site output, a file being
    /// served), and on Unix the open itself will not follow one.
    Refuse,
}

/// Opens `path` for reading only when it is a regular file, the one check
/// every reader of untrusted paths needs: the type is checked before
/// opening (opening a FIFO blocks, a device may never end) and again on the
/// open file (the path may have been swapped in between). On Unix the open
/// is non-blocking, and with [`Links::Refuse`] does not follow a link, so a
/// swap neither hangs the run nor leads elsewhere. Returns the file and its
/// metadata as opened; anything else is [`io::ErrorKind::InvalidInput`]
/// naming what it is.
pub(crate) fn open_regular(path: &Path, links: Links) -> io::Result<(File, Metadata)> {
    let before = match links {
        Links::Follow => fs::metadata(path)?,
        Links::Refuse => fs::symlink_metadata(path)?,
    };
    ensure_regular(&before)?;
    let file = open_flags(path, links)?;
    let meta = file.metadata()?;
    ensure_regular(&meta)?;
    Ok((file, meta))
}

#[cfg(unix)]
fn open_flags(path: &Path, links: Links) -> io::Result<File> {
    use nix::fcntl::OFlag;
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = OFlag::O_NONBLOCK;
    if links == Links::Refuse {
        flags |= OFlag::O_NOFOLLOW;
    }
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits())
        .open(path)
}

#[cfg(not(unix))]
fn open_flags(path: &Path, _links: Links) -> io::Result<File> {
    File::open(path)
}

/// Refuses metadata of anything that is not a regular file, naming what it
/// is (`it is a FIFO, not a regular file`), as [`io::ErrorKind::InvalidInput`].
pub(crate) fn ensure_regular(meta: &Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", kind_of(meta)),
    ))
}

/// A word for a file type that is not a regular file, for messages.
fn kind_of(meta: &Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a folder";
    }
    if ft.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Reads the site file `rel` (relative to `root`) like [`read_bounded`], and
/// refuses one that a symbolic link leads outside the site folder: its text
/// would be quoted in findings and published in the site.
pub fn read_in_site(root: &Path, rel: &str) -> Result<Vec<u8>, String> {
    let real = std::fs::canonicalize(root.join(rel)).map_err(|e| e.to_string())?;
    let base = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
    if !real.starts_with(&base) {
        return Err(
            "it is a symbolic link leading outside the site folder; it was not read".into(),
        );
    }
    read_bounded(&real)
}

/// The first and the last `limit` bytes of a regular file (checked before
/// opening, as opening a FIFO blocks, and again on the open file).
pub(crate) fn read_ends(path: &Path, limit: u64) -> Option<[Vec<u8>; 2]> {
    let (mut file, meta) = open_regular(path, Links::Follow).ok()?;
    let mut head = Vec::new();
    (&mut file).take(limit).read_to_end(&mut head).ok()?;
    let mut tail = Vec::new();
    if meta.len() > limit {
        file.seek(io::SeekFrom::Start(meta.len() - limit)).ok()?;
        file.take(limit).read_to_end(&mut tail).ok()?;
    }
    Some([head, tail])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row per kind of path: whether each mode opens it, and the word
    /// a refusal names it by. A FIFO is refused without blocking.
    #[test]
    fn only_regular_files_are_opened() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        fs::create_dir_all(dir.join("folder")).unwrap();
        fs::write(dir.join("file"), b"abc").unwrap();
        let mut rows = vec![
            ("file", Links::Follow, None),
            ("file", Links::Refuse, None),
            ("folder", Links::Follow, Some("a folder")),
            ("folder", Links::Refuse, Some("a folder")),
        ];
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("file"), dir.join("link")).unwrap();
            let fifo = std::process::Command::new("mkfifo")
                .arg(dir.join("fifo"))
                .status();
            assert!(fifo.is_ok_and(|s| s.success()));
            rows.extend([
                ("link", Links::Follow, None),
                ("link", Links::Refuse, Some("a symbolic link")),
                ("fifo", Links::Follow, Some("a FIFO")),
                ("fifo", Links::Refuse, Some("a FIFO")),
            ]);
        }
        for (name, links, refused) in rows {
            let got = open_regular(&dir.join(name), links);
            match refused {
                None => assert_eq!(got.map(|(_, m)| m.len()).ok(), Some(3), "{name}"),
                Some(word) => {
                    let e = got.err().map(|e| (e.kind(), e.to_string()));
                    assert_eq!(
                        e,
                        Some((
                            io::ErrorKind::InvalidInput,
                            format!("it is {word}, not a regular file")
                        )),
                        "{name} {links:?}"
                    );
                }
            }
        }
        assert!(read_bounded_to(&dir.join("file"), 2).is_err_and(|e| e.contains("over")));
    }
}
