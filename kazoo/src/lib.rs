//! Kazoo (2600Hz) crossbar API: the types we exchange with it, a small
//! draft-04 JSON-schema validator that reports errors the way Kazoo does,
//! number normalisation, and — behind features — the reqwest client the
//! server uses (`client`) and the in-memory simulator of the API subset we
//! use (`sandbox`).
//!
//! The behaviour modelled here follows `shared/kazoo/API.md`.

pub mod callflow;
pub mod catalogue;
#[cfg(feature = "checker")]
pub mod checker;
mod doc_keys;
#[cfg(feature = "schema")]
mod flow;
pub mod media;
pub mod menus;
pub mod numbers;
pub mod pivot;
pub mod routing;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
pub mod text;
#[cfg(feature = "twilio")]
pub mod twilio;
pub mod types;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "sandbox")]
pub mod sandbox;

#[cfg(feature = "client")]
pub use client::{KazooClient, KazooError};
pub use types::{AuthToken, CallflowSummary, Envelope, PhoneNumber, ValidationErrors};
