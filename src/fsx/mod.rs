//! The bottom layer of file-system work every stage may use and that uses
//! none of them: contained, bounded reads of site files and atomic writes.

pub mod atomic;
pub mod read;
