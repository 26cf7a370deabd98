//! The report crate's integration tests: one test binary, one module per subject.
#![allow(clippy::unwrap_used)]

mod annex;
mod document;
mod snapshot;
mod vocabulary;
