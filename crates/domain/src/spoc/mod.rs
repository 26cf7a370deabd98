//! The single point of contact (SPOC) desk under Directive (EU) 2023/977: its pure rules.
//!
//! - [`deadline`]: the Art 5(1) time limits counted under Regulation 1182/71 art 3, with the
//!   Art 6(3) clarification suspensions (SPOC-05, SPOC-07), and the Benelux oral request's
//!   written confirmation (BNL-02).
//! - [`vocabulary`]: the closed lists a case is recorded in: direction, urgency and its
//!   Art 4(4) ground, availability, refusal grounds of Art 6(1), channel and its Art 13
//!   exception, handling and evaluation codes, data-subject categories (LED-02).
//! - [`case`]: the case status and the transitions the law allows (SPOC-06, SPOC-07,
//!   BNL-01), and the Art 11 language rule (SPOC-08).
//! - [`crosscheck`]: the keys under which the store indexes persons, vehicles, phones,
//!   documents and references, and the verifier that says why two of them match (SPOC-04).
//! - [`message`]: the versioned JSON message a case sends or receives
//!   (`grenzeloos.spoc.message/1`), its strict parser and its JSON Schema.
//! - [`registers`]: the registers beside the cases — languages per partner (SPOC-08), consent
//!   (BNL-01), oral confirmations (BNL-02), on-call judicial contacts (SPOC-15) — and the
//!   transfer assessment before anything goes to a third country (LED-03).
//!
//! docs/spoc.md describes the rules with their article numbers; docs/spoc-message.md the
//! message.

#[macro_use]
mod codes;
pub mod case;
pub mod crosscheck;
pub mod deadline;
pub mod intake;
pub mod message;
pub mod registers;
pub mod statistics;
pub mod vocabulary;
