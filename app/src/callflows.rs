//! Callflows: every live callflow of the account (from the routing
//! snapshot), searchable and paged, each opened as a draft ("Edit") or
//! copied into a new one without numbers ("Duplicate"); and Import JSON,
//! a pasted callflow document made a draft. The editor itself is the
//! `editor` feature's (`/callflows/new`, a callflow draft's page).
//!
//! - `model.rs`: a callflow row, the query, a page, the import form (both
//!   targets)
//! - `page.rs` (+ `page/`): the list and the Import JSON page
//! - `server_fns.rs`: `list_callflows`, `get_import_form`
//! - `db.rs`: the list's query (server)
//! - `import.rs`: reading a pasted document (server)
//! - `service.rs`: duplicate, import (server)
//! - `handlers.rs`: `POST /callflows/{id}/duplicate`,
//!   `POST /callflows/import` (server); "Edit" posts to the drafts
//!   feature's `POST /callflows/{id}/draft`

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod import;
pub mod model;
pub mod page;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;

/// `POST /callflows/{id}/duplicate` and `POST /callflows/import`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/callflows/import", post(handlers::import_handler))
        .route(
            "/callflows/{id}/duplicate",
            post(handlers::duplicate_handler),
        )
}
