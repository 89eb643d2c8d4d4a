//! Server-side helpers that turn failures into an [`AppError`]: the one
//! place an internal error is logged, Kazoo's errors in the admin's words,
//! and the HTTP status of a server function's answer.

use kazoo::KazooError;

use crate::error::AppError;

/// Logs an internal failure once, under a fresh id, and returns the error
/// the admin sees (which carries only that id).
pub fn internal(area: &str, error: &dyn std::error::Error) -> AppError {
    let id = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
    tracing::error!(error.id = %id, error = %error, "{area} failed (ref {id})");
    AppError::Internal(id)
}

/// Turns a Kazoo failure into the admin's words.
pub fn kazoo_error(error: KazooError) -> AppError {
    match error {
        KazooError::Unauthorized { .. } => AppError::KazooSessionExpired,
        e if e.is_retryable() => {
            tracing::warn!(kazoo.request_id = e.request_id(), error = %e, "Kazoo unavailable");
            AppError::KazooUnavailable
        }
        e => internal("Kazoo call", &e),
    }
}

/// Sets the response status from the error (401, 404, 422, 502, 500), for
/// server-function calls and for the page rendering them, then passes the
/// result on.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        set_response_status(e);
    }
    result
}

/// Sets the status of the response being made (a server function's or a
/// page's) from `error`, when there is one in context.
pub(super) fn set_response_status(error: &AppError) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(error.status()) {
            response.set_status(status);
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        internal("database", &e)
    }
}
