//! A built site held in memory: [`Stored`], what the served site holds for
//! a path (bytes, or a large evidence file left on disk and verified again
//! when asked for), and [`MemorySink`], the render [`Sink`] that fills such
//! a map. Separate because every other serve module passes [`Stored`]
//! around, and the sink is how tests render a whole site without a disk.

use super::guard;
use crate::render::Sink;
use crate::site::write::{copy_hashing, refuse_unsafe};
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Evidence files up to this size are copied into memory at build time;
/// larger ones are streamed from their (checked) place in `content/` when asked for.
pub const IN_MEMORY_LIMIT: u64 = 4 * 1024 * 1024;

/// A file of the built site.
#[derive(Clone, Debug)]
pub enum Stored {
    /// Its bytes.
    Bytes(Arc<[u8]>),
    /// An evidence file, read from disk when requested, and only while it
    /// is still the file the build verified ([`guard::open_verified`]).
    File(Arc<guard::Verified>),
}

/// A [`Sink`] keeping the built site in memory: site path -> bytes.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Stored>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> MemorySink {
        MemorySink::default()
    }

    /// The bytes of a file held in memory (not of a large file kept on disk).
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        match self.files.lock().ok()?.get(path)? {
            Stored::Bytes(b) => Some(b.clone()),
            Stored::File(_) => None,
        }
    }

    fn insert(&self, path: &str, stored: Stored) -> io::Result<()> {
        refuse_unsafe(path, "store")?;
        self.files
            .lock()
            .map_err(|_| io::Error::other("memory sink poisoned"))?
            .insert(path.to_string(), stored);
        Ok(())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(path, Stored::Bytes(Arc::from(bytes)))
    }

    fn put_file(&self, path: &str, source: &Path) -> io::Result<String> {
        let mut input = std::fs::File::open(source)?;
        let small = input.metadata()?.len() <= IN_MEMORY_LIMIT;
        let mut kept = Vec::new();
        let sha = copy_hashing(&mut input, |chunk| {
            if small {
                kept.extend_from_slice(chunk);
            }
            Ok(())
        })?;
        let stored = if small {
            Stored::Bytes(Arc::from(kept))
        } else {
            let size = input.metadata()?.len();
            Stored::File(Arc::new(guard::Verified::new(
                source.to_path_buf(),
                sha.clone(),
                size,
            )))
        };
        self.insert(path, stored)?;
        Ok(sha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sink_keeps_bytes_and_refuses_unsafe_paths() {
        let sink = MemorySink::new();
        sink.put("a/b.html", b"x").unwrap();
        assert_eq!(&*sink.get("a/b.html").unwrap(), b"x");
        assert!(sink.put("../x", b"x").is_err());
        assert!(sink.put("a//b", b"x").is_err());
        assert!(sink.put("a\\b", b"x").is_err());
    }
}
