//! `minutebook serve`: the site built into memory, served over HTTP on the
//! local machine, rebuilt when a file changes, and open pages reloaded.
//!
//! - [`rebuild`](fn@rebuild) is the one place a build happens: check, then render into a
//!   [`MemorySink`] with the live-reload script. A build with findings is
//!   served with them on its pages; only a build stopped by MB001–MB006 or
//!   MB041 (or a template error) is a [`Failure`]: the server keeps the last
//!   good site and tells open pages what failed.
//! - [`serve`](fn@serve) binds the address ([`conn`]: one accept thread, a bounded
//!   queue), answers requests from a fixed pool of worker threads
//!   out of the current in-memory site only ([`http::target`] refuses any
//!   path that could leave it), streams live-reload events ([`events`]) and
//!   watches the site ([`watch`]).
//!
//! Serving writes nothing to disk but the evidence hash cache under
//! `.minutebook/`, so stopping it at any moment (Ctrl-C) leaves nothing
//! half-written.
//!
//! One job per file: `sink` (the built site held in memory), `rebuild`
//! (a build, and what is served when it fails), `server` (the server's life
//! cycle: start, rebuild on change, stop), `respond` (one request answered),
//! and below them `conn`, `http`, `guard`, `events`, `lazy` and `watch`.
//! The types callers use are re-exported here, so the paths stay
//! `site::serve::MemorySink`, `site::serve::serve` and so on.

pub(crate) mod conn;
pub(crate) mod events;
pub(crate) mod guard;
pub(crate) mod http;
pub(crate) mod lazy;
pub(crate) mod watch;

mod rebuild;
mod respond;
mod server;
mod sink;

pub(crate) use lazy::Served;
pub use rebuild::{BuildOptions, Built, Failure, Rebuilder, failure_site, rebuild};
pub use server::{Note, Notes, Running, ServeOptions, Stopper, serve};
pub use sink::{IN_MEMORY_LIMIT, MemorySink, Stored};

/// The URL of the live-reload event stream.
pub(crate) const EVENTS_PATH: &str = "/__minutebook/events";
