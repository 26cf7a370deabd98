//! Integration tests of the DNA engine: the engines against each other on random databases,
//! the reader against arbitrary bytes, the statistics against the specification's figures.
#![allow(clippy::unwrap_used)]

mod engines;
mod reader;
mod statistics;
