//! Store tests: every test runs on a fresh SQLite database and, with GRENZELOOS_TEST_POSTGRES,
//! on a fresh PostgreSQL database too.
#![allow(clippy::unwrap_used)]

mod audit;
mod erasure;
mod migrations;
mod registry;
