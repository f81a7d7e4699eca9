//! The bottom layer of diagnostics: what every stage may use to show text it
//! did not write (file names, lock lines, messages quoting input) safely.

pub mod escape;
pub mod findings;
pub mod output;

pub use findings::{Code, Finding, Report, Severity, Span};
