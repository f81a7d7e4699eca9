//! The bottom layer of diagnostics: what every stage may use to show text it
//! did not write (file names, lock lines, messages quoting input) safely.

pub(crate) mod escape;
pub mod findings;
pub mod output;

pub(crate) use findings::{Finding, Severity};
