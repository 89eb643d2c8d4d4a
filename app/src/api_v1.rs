//! The JSON API for scripts (`/api/v1`, documented in the README): drafts
//! (list, create, get, update, delete), previews, sync and remove routing.
//! Callers use the session cookie or `Authorization: Bearer <API token>`;
//! syncing with a token needs a Kazoo token in `X-Kazoo-Auth-Token`.
//! Server only.
//!
//! - `caller.rs`: the `Caller` extractor, so no route can forget the check
//! - `error.rs`: errors as JSON with their status
//! - `handlers.rs`: the routes' handlers

mod caller;
pub mod error;
mod handlers;

use axum::{
    routing::{get, post},
    Router,
};

use self::handlers::{create, discard, fetch, list, preview, preview_input, push, remove, update};
use crate::state::AppState;

/// The API's routes, to nest under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/drafts", get(list).post(create))
        .route("/drafts/{id}", get(fetch).put(update).delete(discard))
        .route("/drafts/{id}/preview", get(preview))
        .route("/drafts/{id}/sync", post(push))
        .route("/drafts/{id}/remove-routing", post(remove))
        .route("/preview", post(preview_input))
}
