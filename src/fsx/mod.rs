//! The bottom layer of file-system work every stage may use and that uses
//! none of them: contained, bounded reads of site files, the one "regular
//! file only" open, atomic writes, and the walker of outputs with the one
//! spelling of a relative path.

pub mod atomic;
pub mod read;
pub mod walk;
