//! Page builders: one function per page kind, each turning the site and index
//! into the view struct its template receives.

pub mod actions;
pub mod clauses;
pub mod common;
pub mod dashboard;
pub mod document;
pub mod nonconformities;
pub mod people;
pub mod registers;
pub mod split;
pub mod uses;
