//! Page builders: one function per page kind, each turning the site and index
//! into the view struct its template receives.

pub mod actions;
pub mod clauses;
pub mod common;
pub(crate) mod dashboard;
pub mod document;
pub(crate) mod nonconformities;
pub mod people;
pub mod registers;
pub(crate) mod split;
pub(crate) mod uses;
