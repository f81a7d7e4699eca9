//! minutebook: ISMS management-review minutes in, a verifiable evidence site out.
//!
//! The stable entry points, the ones the `minutebook` binary is a thin shell
//! around, are:
//!
//! - [`check_site`]: load, derive and check a site root in one call, giving
//!   the [`Checked`] site and the [`Report`] of findings an auditor acts on;
//! - [`load::load`]: only read the site into a typed [`model::Site`];
//! - [`render::render_site`]: turn a checked site into pages, written to a
//!   folder by [`site::write`];
//! - [`site::bundle::write_zip`]: the deterministic zip handed to an auditor;
//! - [`site::verify::verify`]: check a built folder or zip against its
//!   `SHA256SUMS` without trusting the tool that made it;
//! - [`site::serve::serve`]: the live preview while minutes are written.
//!
//! The pipeline runs in one direction (see docs/architecture.md): [`load`]
//! reads a site root with spans, [`derive`](mod@derive) builds the cross
//! references once, [`check`] turns both into findings, and rendering and the
//! sinks (write, bundle, serve) come after. The other public modules and
//! items are internals exposed for the binary, the integration tests, the
//! examples and the fuzz targets; they change whenever the pipeline does.
//! Everything nobody outside the crate uses is `pub(crate)`.

#![forbid(unsafe_code)]
// The docs are for maintainers (`cargo doc --document-private-items`): a
// public item's doc may point at the pub(crate) helper that does the work.
#![allow(rustdoc::private_intra_doc_links)]

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
