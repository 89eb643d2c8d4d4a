//! What every handler and server function can reach.

use axum::extract::FromRef;
use kazoo::KazooClient;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

/// Shared application state; cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: PgPool,
    pub kazoo: KazooClient,
    /// True when `kazoo` points at the built-in sandbox.
    pub sandbox: bool,
}
