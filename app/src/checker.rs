//! The Pivot checker (`/checker`): paste an answer (TwiML or Kazoo JSON),
//! or give a voice URL and the console requests it the way Kazoo Pivot
//! does; the report says which translator Kazoo picks, what it would do
//! with the call and every verb, noun and attribute it would not run.
//! **Walk a call** plays a caller through the IVR (`/checker/walks/<id>`).
//! The rules are `kazoo::checker`'s (PIVOT_TWIML.md); every request the
//! server makes goes through the SSRF guard (`outbound.rs`).
//!
//! - `model.rs` (+ `model/`): the form, the report, a walk (both targets)
//! - `page.rs` (+ `page/`): the checker and walk pages
//! - `server_fns.rs`: `get_checker`, `get_walk`
//! - `outbound.rs`: the SSRF guard and the outbound client (server)
//! - `service.rs`: a check (server); `view.rs`: the core's results in the
//!   page's words (server)
//! - `walk.rs`: walking a call (server)
//! - `db.rs`: stored reports and walks (server)
//! - `handlers.rs`: `POST /checker/paste`, `/checker/url`,
//!   `/checker/walks`, `/checker/walks/{id}` (server)

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod model;
#[cfg(feature = "ssr")]
pub mod outbound;
pub mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod view;
#[cfg(feature = "ssr")]
pub mod walk;

/// The checker's form posts.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/checker/paste", post(handlers::paste_handler))
        .route("/checker/url", post(handlers::url_handler))
        .route("/checker/walks", post(handlers::start_walk_handler))
        .route("/checker/walks/{id}", post(handlers::move_handler))
}
