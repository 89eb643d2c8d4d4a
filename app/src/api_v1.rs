//! The JSON API for scripts (`/api/v1`, documented in the README): drafts
//! (list, create, get, update, delete), previews, sync and remove routing,
//! Numbers Routing (`numbers.rs`), background jobs (`jobs.rs`: bulk sync,
//! the routing refresh), the Pivot checker (`check.rs`) and the Twilio
//! import (`crate::migrate::api`).
//! Callers use the session cookie or `Authorization: Bearer <API token>`;
//! syncing with a token needs a Kazoo token in `X-Kazoo-Auth-Token`.
//! Server only.
//!
//! - `caller.rs`: the `Caller` extractor, so no route can forget the check
//! - `error.rs`: errors as JSON with their status, for every failure
//!   under `/api/v1`
//! - `extract.rs`: body, query and path extractors that refuse in that
//!   shape, naming the field
//! - `handlers.rs`: the routes' handlers

mod caller;
mod check;
pub mod error;
pub mod extract;
mod handlers;
mod jobs;
mod numbers;

use axum::{
    http::{Method, StatusCode},
    routing::{get, post},
    Router,
};

use self::{
    error::ApiError,
    handlers::{create, discard, fetch, list, preview, preview_input, push, remove, update},
};
use crate::state::AppState;

/// Every route and its methods (the README's table). Tests walk this list;
/// one of them checks that the router answers exactly these.
pub const ROUTES: &[(&str, &[Method])] = &[
    ("/drafts", &[Method::GET, Method::POST]),
    ("/drafts/{id}", &[Method::GET, Method::PUT, Method::DELETE]),
    ("/drafts/{id}/preview", &[Method::GET]),
    ("/drafts/{id}/sync", &[Method::POST]),
    ("/drafts/{id}/remove-routing", &[Method::POST]),
    ("/preview", &[Method::POST]),
    ("/numbers", &[Method::GET]),
    ("/jobs", &[Method::GET, Method::POST]),
    ("/jobs/{id}", &[Method::GET]),
    ("/jobs/{id}/cancel", &[Method::POST]),
    ("/jobs/{id}/retry-failed", &[Method::POST]),
    ("/migrate/twilio", &[Method::POST]),
    ("/check", &[Method::POST]),
];

/// The API's routes, to nest under `/api/v1`. Unknown paths answer 404 in
/// the API's shape (not the app's HTML page).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/drafts", get(list).post(create))
        .route("/drafts/{id}", get(fetch).put(update).delete(discard))
        .route("/drafts/{id}/preview", get(preview))
        .route("/drafts/{id}/sync", post(push))
        .route("/drafts/{id}/remove-routing", post(remove))
        .route("/preview", post(preview_input))
        .route("/numbers", get(numbers::list))
        .route("/jobs", get(jobs::list).post(jobs::start))
        .route("/jobs/{id}", get(jobs::fetch))
        .route("/jobs/{id}/cancel", post(jobs::cancel))
        .route("/jobs/{id}/retry-failed", post(jobs::retry_failed))
        .route("/migrate/twilio", post(crate::migrate::api::import))
        .route("/check", post(check::check))
        .fallback(|| async { ApiError::for_status(StatusCode::NOT_FOUND) })
}
