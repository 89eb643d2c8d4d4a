//! API tokens for the JSON API: made by an admin on the API tokens page,
//! shown once, stored as SHA-256, revoked there.
//!
//! - `model.rs`: the page's data (both targets)
//! - `page.rs`: the page; `server_fns.rs`: `get_api_tokens`
//! - `service.rs`: the page's data, with a token made just now (server)
//! - `handlers.rs`: `POST /api-tokens` (answers with the page showing the
//!   new token: it is never stored in plaintext, not even in the session),
//!   `POST /api-tokens/{id}/revoke` (server)
//! - `db.rs`: the `api_token` table, and who a token stands for (server;
//!   the JSON API authenticates with it)

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod model;
pub mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

/// Where the page lives.
#[cfg(feature = "ssr")]
pub const PAGE: &str = "/api-tokens";

/// `POST /api-tokens` and `POST /api-tokens/{id}/revoke`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route(PAGE, post(handlers::create_handler))
        .route("/api-tokens/{id}/revoke", post(handlers::revoke_handler))
}
