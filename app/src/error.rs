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
    /// The request itself was malformed: a server function's arguments
    /// missing or unreadable. The details stay in the server's log.
    #[error("The request was incomplete or malformed: {0}")]
    BadRequest(String),
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
            Self::BadRequest(_) => 400,
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

    /// Arguments the server could not read are the client's fault (400);
    /// everything else the framework reports is a fault of ours (500). On
    /// the server the answer's status is set here, because the framework
    /// answers its own errors with 500 unless told otherwise.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => {
                #[cfg(feature = "ssr")]
                tracing::debug!(error = %value, "server function called with bad arguments");
                Self::BadRequest("its arguments could not be read.".to_owned())
            }
            other => Self::ServerFn(other.to_string()),
        };
        #[cfg(feature = "ssr")]
        ssr::set_response_status(&error);
        error
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
        assert_eq!(AppError::BadRequest("x".into()).status(), 400);
    }

    #[test]
    fn unreadable_arguments_are_the_clients_fault() {
        for e in [
            ServerFnErrorErr::Args("invalid digit found in string".into()),
            ServerFnErrorErr::MissingArg("query".into()),
            ServerFnErrorErr::Deserialization("expected value".into()),
        ] {
            let error = AppError::from_server_fn_error(e);
            assert_eq!(error.status(), 400, "{error}");
            assert!(
                !error.to_string().contains("digit"),
                "details stay in the log"
            );
        }
        let fault = AppError::from_server_fn_error(ServerFnErrorErr::Response("x".into()));
        assert_eq!(fault.status(), 500);
    }
}
