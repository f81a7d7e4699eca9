//! The bottom layer of file-system work every stage may use and that uses
//! none of them: contained, bounded reads of site files, the one "regular
//! file only" open, atomic writes, the walker of outputs with the one
//! spelling of a relative path, and streaming SHA-256 of files with the
//! cache that makes re-checks free.

pub(crate) mod atomic;
pub mod hash;
pub(crate) mod hash_cache;
pub mod read;
pub mod walk;
