//! minutebook: ISMS management-review minutes in, a verifiable evidence site out.
//!
//! The pipeline runs in one direction (see docs/architecture.md): [`load`] reads a site
//! root into a typed [`model::Site`] with spans, [`derive`](mod@derive) builds the cross
//! references once, [`check`] turns both into findings, and rendering and the
//! sinks (write, bundle, serve) come after.

#![forbid(unsafe_code)]

pub mod authoring;
pub mod check;
pub(crate) mod coreutils_names;
pub mod date;
pub mod derive;
pub mod diag;
pub mod fsx;
pub mod load;
pub mod model;
pub(crate) mod progress;
pub mod render;
pub mod site;
pub mod suggest;
pub mod words;

pub use check::checked::{Checked, check_site, check_site_cached};
pub use date::{Date, default_as_of};
pub use diag::findings::{Code, Finding, Report, Severity, Span};
