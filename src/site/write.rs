//! Writing a built site to a folder atomically: every file goes into a
//! temporary folder beside the output, which replaces the previous output
//! only when the whole build succeeded. A failed or interrupted build leaves
//! the previous output untouched.

use crate::render::Sink;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// A sink writing into a folder.
pub struct FolderSink {
    dir: PathBuf,
}

impl FolderSink {
    /// A sink writing under `dir` (which must exist).
    pub fn new(dir: &Path) -> FolderSink {
        FolderSink {
            dir: dir.to_path_buf(),
        }
    }

    fn target(&self, path: &str) -> io::Result<PathBuf> {
        if path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
            || path.contains('\\')
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write unsafe path {path:?}"),
            ));
        }
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(full)
    }
}

impl Sink for FolderSink {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.target(path)?, bytes)
    }

    fn put_file(&self, path: &str, source: &Path) -> io::Result<String> {
        let target = self.target(path)?;
        let mut input = fs::File::open(source)?;
        let mut output = io::BufWriter::new(fs::File::create(&target)?);
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = input.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            output.write_all(&buf[..n])?;
        }
        output.flush()?;
        Ok(hex::encode(hasher.finalize()))
    }
}

/// Whether a folder may be replaced by a build: absent, empty, or a previous
/// minutebook output (it has `data/site.json` written by minutebook).
pub fn is_replaceable(out: &Path) -> bool {
    match fs::read_dir(out) {
        Err(_) => !out.exists(),
        Ok(mut entries) => {
            if entries.next().is_none() {
                return true;
            }
            fs::read_to_string(out.join("data/site.json"))
                .map(|s| s.contains("\"generator\": \"minutebook"))
                .unwrap_or(false)
        }
    }
}

/// Refuses outputs that would destroy or pollute the site: the root itself,
/// a folder containing it, or anything inside `content/`.
pub fn check_output(root: &Path, out: &Path) -> Result<(), String> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Normalise `.` and `..` without touching the disk (the output may not exist).
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
    };
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
    if !is_replaceable(out) {
        return Err(format!(
            "refusing to replace {}: it is not empty and not a previous minutebook output",
            out.display()
        ));
    }
    Ok(())
}

/// Builds into a temporary folder beside `out` with `build`, then swaps it in.
/// On any error the temporary folder is removed and `out` is left as it was.
pub fn write_atomically<T>(
    out: &Path,
    build: impl FnOnce(&FolderSink) -> Result<T, String>,
) -> Result<T, String> {
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
    let tmp = parent.join(format!(".{name}.building-{pid}"));
    let old = parent.join(format!(".{name}.previous-{pid}"));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let result = build(&FolderSink::new(&tmp));
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&tmp);
            format!(
                "cannot move the previous output {} aside: {e}",
                out.display()
            )
        })?;
    }
    if let Err(e) = fs::rename(&tmp, out) {
        if had_previous {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(format!(
            "cannot move the new output into {}: {e}",
            out.display()
        ));
    }
    if had_previous {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(value)
}
