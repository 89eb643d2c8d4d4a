//! Numbers Routing: every number of the account with what it is routed to
//! in Kazoo now (and its draft), searchable, filterable and paged on the
//! server.
//!
//! - `model.rs`: the rows, the query and a page (both targets)
//! - `page.rs` (+ `page/`): the screen, its search form and table
//! - `server_fns.rs`: `list_numbers`, `list_number_options` (the picker)
//! - `refresh.rs`: reads the routing from Kazoo into the snapshot (server)
//! - `routing.rs`: routes numbers as Kazoo does (server)
//! - `db.rs` (+ `db/`): the snapshot in Postgres (server)
//! - `handlers.rs`: `POST /numbers/refresh` (server)

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod refresh;
#[cfg(feature = "ssr")]
pub mod routing;
pub mod server_fns;

/// `POST /numbers/refresh`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    axum::Router::new().route(
        "/numbers/refresh",
        axum::routing::post(handlers::refresh_handler),
    )
}
