//! Evidence integrity: streaming SHA-256, the hash cache, `evidence.lock` and
//! the sign-off sheet.
//!
//! Auditors must be able to trust that an evidence file shown in the site is
//! the file that was reviewed, and that an approved document has not changed
//! since it was signed. Everything that touches file bytes for that purpose
//! lives here, as small pure functions with their own tests, so the checks
//! (MB040–MB044, MB050–MB052) and the `lock` / `approve` commands stay thin:
//!
//! - [`resolve`] turns a path written in a document into a real file inside
//!   `content/` (or says why it cannot: MB040 / MB041);
//! - [`scan`] lists every evidence file on disk (MB043, the lock);
//! - [`hash`] streams files through SHA-256 in parallel, with [`cache`] making
//!   unchanged files free to re-check;
//! - [`lock`] reads and writes `evidence.lock` in `sha256sum` format;
//! - [`signoff`] reads `content/signoffs.yaml` and appends approvals to it;
//! - [`outside`] says which addresses may be written as outside evidence
//!   (`url:`), which is never fetched, hashed or locked;
//! - [`atomic`] writes every file by temp-and-rename so that a crash never
//!   leaves a half-written lock, cache or sign-off sheet.

pub mod cache;
pub mod hash;
pub mod inventory;
pub mod lock;
pub mod outside;
pub mod resolve;
pub mod scan;
pub mod signoff;
pub mod update;

#[cfg(test)]
pub(crate) mod testutil {
    //! Scratch folders for the tests of this module (no extra crates),
    //! removed when the test ends.

    use std::ops::Deref;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};

    static N: AtomicU64 = AtomicU64::new(0);

    /// An empty folder, deleted with everything in it when dropped.
    pub struct TempDir(PathBuf);

    impl Deref for TempDir {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl AsRef<Path> for TempDir {
        fn as_ref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// An empty folder unique to this test run and call.
    pub fn temp_dir(tag: &str) -> TempDir {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "minutebook-evidence-{tag}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}
