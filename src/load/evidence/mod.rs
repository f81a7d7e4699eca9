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
pub(crate) mod lock;
pub(crate) mod outside;
pub mod resolve;
pub(crate) mod scan;
pub(crate) mod signoff;
