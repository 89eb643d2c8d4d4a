//! Moving off Twilio: upload or paste a Twilio IncomingPhoneNumbers export
//! (and optionally the Applications export) at `/migrate/twilio`; see
//! every number classified, the movable ones grouped by voice
//! configuration, one pivot draft per group (`/migrate/twilio/<id>`);
//! **Create drafts** makes them (a number already in a draft is not put in
//! another); the result downloads as CSV. The reading, classifying and
//! grouping is `kazoo::twilio`'s; drafts are saved through
//! `pivot::save_pivot`, so they are ordinary drafts.
//!
//! - `model.rs`: the import as pages and the API show it (both targets)
//! - `page.rs` (+ `page/`): the upload form, the preview and result
//! - `server_fns.rs`: `get_upload_form`, `get_twilio_import`
//! - `service.rs`: read an export against the account, store it, create
//!   the drafts (server)
//! - `view.rs`: a stored plan as the pages show it; `download.rs`: the
//!   result as CSV (server)
//! - `upload.rs`: the form post read (multipart or url-encoded) (server)
//! - `db.rs`: imports, the account's numbers, drafts by number (server)
//! - `handlers.rs`: `POST /migrate/twilio`, `POST
//!   /migrate/twilio/{id}/drafts`, `GET /migrate/twilio/{id}/result.csv`;
//!   `api.rs`: `POST /api/v1/migrate/twilio` (server)

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
mod db;
#[cfg(feature = "ssr")]
mod download;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod model;
pub mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
mod upload;
#[cfg(feature = "ssr")]
mod view;

/// The paths that take an upload of up to
/// [`model::UPLOAD_MAX_BYTES`] (the form post and the API), instead of
/// the 256 KiB every other route takes.
pub const UPLOAD_PATHS: [&str; 2] = [UPLOAD_FORM_PATH, "/api/v1/migrate/twilio"];

/// The import form's post: the one route whose oversized body is still
/// read (for a signed-in, same-origin browser) so the browser sees the
/// page saying so.
pub const UPLOAD_FORM_PATH: &str = "/migrate/twilio";

/// `POST /migrate/twilio`, `POST /migrate/twilio/{id}/drafts` and
/// `GET /migrate/twilio/{id}/result.csv`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/migrate/twilio", post(handlers::upload_handler))
        .route(
            "/migrate/twilio/{id}/drafts",
            post(handlers::create_handler),
        )
        .route(
            "/migrate/twilio/{id}/result.csv",
            get(handlers::csv_handler),
        )
}
