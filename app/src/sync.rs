//! Sync: makes Kazoo match a draft (create or replace its callflow) or
//! removes its routing, recording the intent before each Kazoo call and the
//! outcome after, so a crash or an error in between loses nothing.
//!
//! - `model.rs`: a sync log entry as pages show it (both targets)
//! - `service.rs`: the sync itself, with retries (server)
//! - `menus.rs`: a callflow draft's menus and greetings, written first
//!   (server)
//! - `lost.rs`: what an earlier call whose answer was lost did in Kazoo
//!   (server)
//! - `outcome.rs`: Kazoo's answer in the admin's words (server)
//! - `db.rs`: the draft's sync state and the `sync_log` table (server)
//!
//! Sync has no routes of its own: the pivot form and the JSON API call it.

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod lost;
#[cfg(feature = "ssr")]
mod menus;
pub mod model;
#[cfg(feature = "ssr")]
mod outcome;
#[cfg(feature = "ssr")]
mod service;

#[cfg(feature = "ssr")]
pub use service::{retry, retry_unless_limited, sync, Intent};
