//! What every handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use kazoo::KazooClient;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

use crate::{auth::limits::SignInLimits, checker::outbound::Outbound, jobs::JobSettings};

/// Shared application state; cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: PgPool,
    pub kazoo: KazooClient,
    /// True when `kazoo` points at the built-in sandbox.
    pub sandbox: bool,
    /// Sign-in attempts per account name and client address (this
    /// instance's memory).
    pub sign_in_limits: Arc<SignInLimits>,
    /// The Pivot checker's requests to customers' servers, through the
    /// SSRF guard (with the operator's allowed ranges).
    pub outbound: Outbound,
    /// Bounds of the background jobs (bulk sync, routing refresh).
    pub jobs: JobSettings,
}

impl AppState {
    /// The state provided to server functions and pages. Absent only when
    /// the app is rendered outside a request (route discovery at
    /// start-up); that is an error, never a panic.
    ///
    /// # Errors
    /// `Internal` when no state is in context.
    pub fn from_context() -> Result<Self, crate::error::AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::debug!("AppState asked for outside a request");
            crate::error::AppError::Internal("no-state".to_owned())
        })
    }
}
