//! Grenzeloos domain: the pure types and rules of international police cooperation.
//!
//! Nothing here does I/O. Every rule is a function of its inputs so that it can be tested
//! exhaustively without a database; the `app` crate calls these rules inside its use cases.

pub mod access;
pub mod agreements;
pub mod assistance;
pub mod audit;
pub mod choice;
pub mod clock;
pub mod countries;
pub mod data_domain;
pub mod error;
pub mod instruments;
pub mod labels;
pub mod names;
pub mod number;
pub mod registry;
pub mod retention;
pub mod sign_in;
pub mod spoc;
pub mod status;
pub mod text;
pub mod time;

pub use error::{Invalid, Violation};
