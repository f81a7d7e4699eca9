//! What `serve` checks on every request before it answers from disk or at
//! all: the evidence file is still the one the last good build verified,
//! and the request was meant for this server (its `Host` header).
//!
//! - **Evidence** is served from its real path as the last good build
//!   resolved and hashed it ([`Verified`]). When a later rebuild fails (a
//!   file swapped for a link to `/etc/passwd` is MB041), the last good site
//!   keeps serving, so at request time [`open_verified`] checks again that
//!   the path still resolves to itself (no link added anywhere on it), that
//!   it is a regular file (checked before opening, so a FIFO or a device is
//!   never opened, and opened with `O_NOFOLLOW | O_NONBLOCK` so a swap in
//!   between neither follows a link nor blocks), that it has the verified
//!   size, and that its content still has the verified SHA-256 (hashed
//!   again whenever its device, inode, size, modification or change time
//!   differ from the last time it was hashed). Anything else is refused
//!   (409) and nothing of the file is sent.
//! - **Host**: a page on another site can make the browser resolve its own
//!   name to 127.0.0.1 (DNS rebinding) and then read the preview as its
//!   own origin. Such a request carries the attacker's name in `Host`, so
//!   only `localhost`, `127.0.0.1`, `[::1]` and the bound address (any port:
//!   an SSH tunnel may forward another one) are answered; when serving on
//!   all addresses (`--bind 0.0.0.0`), any IP address too, which no
//!   rebinding page can use as its name. Others get 421.

use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{self, Read, Seek};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Mutex;

/// An evidence file as the build that publishes it verified it.
#[derive(Debug)]
pub struct Verified {
    /// Its real path (links resolved) at the build.
    pub real: PathBuf,
    /// Its lowercase hex SHA-256 at the build.
    pub sha256: String,
    /// Its size in bytes at the build.
    pub size: u64,
    /// The file's stamp when its content last matched `sha256`.
    matched: Mutex<Option<Stamp>>,
}

/// What identifies the content of an open file without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    #[cfg(not(unix))]
    fn of(meta: &fs::Metadata) -> Stamp {
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or((0, 0), |d| {
                (d.as_secs() as i64, i64::from(d.subsec_nanos()))
            });
        Stamp {
            dev: 0,
            ino: 0,
            len: meta.len(),
            mtime,
            ctime: (0, 0),
        }
    }
}

impl Verified {
    /// A file the build resolved to `real` and hashed to `sha256`.
    pub(crate) fn new(real: PathBuf, sha256: String, size: u64) -> Verified {
        Verified {
            real,
            sha256,
            size,
            matched: Mutex::new(None),
        }
    }
}

/// Opens the file for sending when it is still exactly what was verified,
/// or says why not (see the module docs). Never follows a link at the last
/// part, never opens a FIFO or a device, never blocks.
pub(crate) fn open_verified(v: &Verified) -> Result<File, String> {
    let now = fs::canonicalize(&v.real).map_err(|e| format!("it cannot be found: {e}"))?;
    if now != v.real {
        return Err("a symbolic link was put on its path since the last good build".into());
    }
    let before = fs::symlink_metadata(&v.real).map_err(|e| e.to_string())?;
    if !before.file_type().is_file() {
        return Err("it is no longer a regular file".into());
    }
    let mut file = open_no_follow(&v.real).map_err(|e| format!("it cannot be opened: {e}"))?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is no longer a regular file".into());
    }
    if meta.len() != v.size {
        return Err(format!(
            "its size changed since the last good build ({} bytes, verified {})",
            meta.len(),
            v.size
        ));
    }
    let stamp = Stamp::of(&meta);
    let known = v.matched.lock().is_ok_and(|m| *m == Some(stamp));
    if !known {
        let sha = hash_open(&mut file, v.size).map_err(|e| format!("it cannot be read: {e}"))?;
        if sha != v.sha256 {
            return Err("its content changed since the last good build".into());
        }
        file.seek(io::SeekFrom::Start(0))
            .map_err(|e| e.to_string())?;
        if let Ok(mut m) = v.matched.lock() {
            *m = Some(stamp);
        }
    }
    Ok(file)
}

#[cfg(unix)]
fn open_no_follow(path: &std::path::Path) -> io::Result<File> {
    use nix::fcntl::OFlag;
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK).bits())
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &std::path::Path) -> io::Result<File> {
    File::open(path)
}

/// SHA-256 of at most `limit + 1` bytes of an open file.
fn hash_open(file: &mut File, limit: u64) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut reader = file.take(limit.saturating_add(1));
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Whether a request with this `Host` header may be answered by a server
/// bound to `bound` (see the module docs). A request without one is
/// refused: every browser sends it, and HTTP/1.1 requires it.
pub(crate) fn host_allowed(host: Option<&str>, bound: SocketAddr) -> bool {
    let Some(host) = host.map(str::trim) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        // `[v6]` or `[v6]:port`
        Some(rest) => match rest.split_once(']') {
            Some((ip, tail)) if tail.is_empty() || valid_port(tail) => format!("[{ip}]"),
            _ => return false,
        },
        None => match host.split_once(':') {
            Some((name, port)) if valid_port(&format!(":{port}")) => name.to_string(),
            Some(_) => return false,
            None => host.to_string(),
        },
    };
    let name = name.to_ascii_lowercase();
    if matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
        return true;
    }
    let literal: Option<IpAddr> = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse().ok().filter(IpAddr::is_ipv6),
        None => name.parse().ok().filter(IpAddr::is_ipv4),
    };
    match literal {
        Some(ip) => ip == bound.ip() || bound.ip().is_unspecified(),
        None => false,
    }
}

fn valid_port(tail: &str) -> bool {
    tail.strip_prefix(':')
        .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_this_machine_only() {
        let local: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:8080",
            "127.0.0.1:1111",
            "127.0.0.1",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(host_allowed(Some(ok), local), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.5:1111",
            "[::1",
            "localhost:",
            "localhost:x",
            "[::1]x",
            "",
        ] {
            assert!(!host_allowed(Some(bad), local), "{bad}");
        }
        assert!(!host_allowed(None, local));
        let lan: SocketAddr = "192.168.1.20:1111".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.20:1111"), lan));
        assert!(!host_allowed(Some("192.168.1.21:1111"), lan));
        let all: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.21:1111"), all));
        assert!(!host_allowed(Some("my-laptop.local:1111"), all));
        let all6: SocketAddr = "[::]:1111".parse().unwrap();
        assert!(host_allowed(Some("[fe80::1]:1111"), all6));
    }

    #[cfg(unix)]
    #[test]
    fn only_the_verified_file_is_opened() {
        use std::os::unix::fs::symlink;
        let dir_tmp = tempfile::tempdir().unwrap();
        let dir = dir_tmp.path();
        let real = fs::canonicalize(dir).unwrap().join("x.pdf");
        fs::write(&real, b"evidence").unwrap();
        let sha = crate::fsx::hash::sha256_bytes(b"evidence");
        let v = Verified::new(real.clone(), sha.clone(), 8);
        let mut f = open_verified(&v).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        assert_eq!(s, "evidence");
        // Cached by stamp: still fine.
        assert!(open_verified(&v).is_ok());

        // Same size, other bytes.
        fs::write(&real, b"EVIDENCE").unwrap();
        assert!(open_verified(&v).unwrap_err().contains("content changed"));
        fs::write(&real, b"evidence").unwrap();
        assert!(open_verified(&v).is_ok());

        // Swapped for a link.
        fs::remove_file(&real).unwrap();
        symlink("/etc/passwd", &real).unwrap();
        assert!(open_verified(&v).unwrap_err().contains("symbolic link"));
        fs::remove_file(&real).unwrap();

        // A FIFO is refused without blocking.
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&real)
                .status()
                .unwrap()
                .success()
        );
        assert!(open_verified(&v).unwrap_err().contains("regular file"));
        fs::remove_file(&real).unwrap();
        assert!(open_verified(&v).is_err(), "gone");

        // A link on a parent of the path.
        let sub = dir.join("sub");
        fs::create_dir_all(&sub).unwrap();
        let real_sub = fs::canonicalize(&sub).unwrap().join("y.txt");
        fs::write(&real_sub, b"evidence").unwrap();
        let v = Verified::new(real_sub, sha, 8);
        assert!(open_verified(&v).is_ok());
        fs::rename(&sub, dir.join("moved")).unwrap();
        fs::create_dir_all(dir.join("else")).unwrap();
        fs::write(dir.join("else/y.txt"), b"evidence").unwrap();
        symlink(dir.join("else"), &sub).unwrap();
        assert!(open_verified(&v).unwrap_err().contains("symbolic link"));
    }
}
