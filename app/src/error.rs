//! The error type every server function returns. It crosses the wire as
//! JSON, so it only ever carries text that is safe to show an admin;
//! internal details are logged on the server under an id (see
//! `internal`). The server-side helpers that make these errors live in
//! `error/ssr.rs`.

use std::collections::BTreeMap;

use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError, error::ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr;
#[cfg(feature = "ssr")]
pub use ssr::{internal, kazoo_error, with_status};

/// What went wrong, in an admin's words.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Please sign in.")]
    Unauthenticated,
    #[error("Your Kazoo session expired. Please sign in again.")]
    KazooSessionExpired,
    #[error(
        "Syncing needs a Kazoo session: sign in, or send X-Kazoo-Auth-Token with the API token."
    )]
    KazooTokenMissing,
    #[error("Not found.")]
    NotFound,
    #[error("Please fix the highlighted fields.")]
    Validation(BTreeMap<String, String>),
    /// Someone saved first, or the live callflow changed: nothing was
    /// overwritten.
    #[error("{0}")]
    Conflict(String),
    #[error("Kazoo could not be reached. Try again in a moment.")]
    KazooUnavailable,
    #[error("Kazoo said: {0}")]
    Kazoo(String),
    #[error("Something went wrong on our side (reference {0}).")]
    Internal(String),
    #[error("The request could not be handled: {0}")]
    ServerFn(String),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated | Self::KazooSessionExpired | Self::KazooTokenMissing => 401,
            Self::NotFound => 404,
            Self::Validation(_) => 422,
            Self::Conflict(_) => 409,
            Self::KazooUnavailable | Self::Kazoo(_) => 502,
            Self::Internal(_) | Self::ServerFn(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::ServerFn(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_kind_of_error() {
        assert_eq!(AppError::Unauthenticated.status(), 401);
        assert_eq!(AppError::Validation(BTreeMap::new()).status(), 422);
        assert_eq!(AppError::KazooUnavailable.status(), 502);
        assert_eq!(AppError::Internal("x".into()).status(), 500);
    }
}
