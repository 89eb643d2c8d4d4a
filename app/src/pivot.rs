//! The pivot action form: route numbers to your TwiML or Kazoo JSON
//! server. `/pivot/new` starts a draft, `/drafts/<id>` edits one.
//!
//! - `model.rs`: what the form page needs (both targets)
//! - `page.rs` (+ `page/`): the form, its fields, the live JSON preview,
//!   the draft's status and sync log
//! - `server_fns.rs`: `get_pivot_form`
//! - `service.rs`: the form's data, and saving a pivot action as a draft
//!   (server; the JSON API saves through it too)
//! - `handlers.rs`: `POST /pivot/save` (save, sync, remove, discard)
//!   (server)

#[cfg(feature = "ssr")]
pub mod handlers;
pub mod model;
pub mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
mod service;

#[cfg(feature = "ssr")]
pub use service::{not_a_pivot, save_pivot};

/// `POST /pivot/save`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    axum::Router::new().route("/pivot/save", axum::routing::post(handlers::save_handler))
}
