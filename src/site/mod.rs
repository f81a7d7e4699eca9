//! The sinks that hand a built site to an auditor and let them trust it:
//! `SHA256SUMS` ([`sums`]), the deterministic bundle zip ([`bundle`]) and
//! offline verification of a folder or zip against its sums ([`verify`]).

pub mod bundle;
pub(crate) mod cross_check;
pub(crate) mod in_place;
pub mod outputs;
pub mod serve;
pub mod sums;
pub mod verify;
pub mod write;
pub(crate) mod zip_layout;
