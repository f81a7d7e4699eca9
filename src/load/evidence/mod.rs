//! Reading a site's evidence from disk: the files under `content/evidence/`
//! (and any other file a document references), `evidence.lock` and the
//! sign-off sheet, into the types of [`crate::model::evidence`].
//!
//! Auditors must be able to trust that an evidence file shown in the site is
//! the file that was reviewed. This module only reads; hashing is
//! [`crate::fsx::hash`] (with its cache), writing the lock and appending
//! approvals is [`crate::authoring`], and what the records mean together
//! (locked, signed off) is derived once in [`crate::derive`]:
//!
//! - [`resolve`] turns a path written in a document into a real file inside
//!   `content/` (or says why it cannot: MB040 / MB041);
//! - [`scan`] lists every evidence file on disk (MB043, the lock);
//! - [`inventory`] takes the whole picture once per run;
//! - [`lock`] reads `evidence.lock` in `sha256sum` format;
//! - [`signoff`] reads `content/signoffs.yaml`;
//! - [`outside`] says which addresses may be written as outside evidence
//!   (`url:`), which is never fetched, hashed or locked.

pub mod inventory;
pub mod lock;
pub mod outside;
pub mod resolve;
pub mod scan;
pub mod signoff;

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
