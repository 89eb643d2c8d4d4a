//! Drafts: changes kept in Postgres until they are synced to Kazoo. Every
//! save names the version it was based on, so two admins never silently
//! overwrite each other.
//!
//! - `model.rs`: a draft and its state as pages and the API show them
//!   (both targets)
//! - `page.rs`: the drafts list, whose form (tick drafts, or all matching
//!   the search; Sync selected, Sync all changed) starts a bulk sync job
//!   (`crate::jobs::handlers`); `server_fns.rs`: `list_drafts`
//! - `service.rs`: read, open a live callflow as a draft, discard (server)
//! - `db.rs`: drafts, revisions and their numbers in Postgres (server)
//! - `handlers.rs`: `POST /callflows/{id}/draft`, and remove routing,
//!   discard and sync anyway once confirmed (server)

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod model;
pub mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
mod service;

#[cfg(feature = "ssr")]
pub use service::{compare, discard, get, open_live, parse_id, stale_version};

/// `POST /callflows/{id}/draft` and `POST /drafts/{id}/{action}`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/callflows/{id}/draft", post(handlers::open_live_handler))
        .route("/drafts/{id}/{action}", post(handlers::act_handler))
}
