//! The sync log as pages show it (both targets).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// A Kazoo call a sync makes (Postgres enum `sync_operation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "sync_operation", rename_all = "lowercase")
)]
pub enum Operation {
    /// `PUT` a new callflow.
    Create,
    /// `POST` over the live callflow.
    Replace,
    /// `DELETE` the live callflow (remove routing).
    Delete,
}

impl Operation {
    /// The name shown in the sync log.
    pub fn label(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Replace => "replace",
            Self::Delete => "delete",
        }
    }
}

/// How a sync attempt ended (Postgres enum `sync_result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "sync_result", rename_all = "lowercase")
)]
pub enum SyncResult {
    Ok,
    Error,
    /// The live callflow changed since the draft was based on it.
    Conflict,
}

/// One sync attempt (a `sync_log` row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncLogEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    pub operation: Operation,
    pub actor: String,
    /// `None` while in flight, or when a crash cut the attempt off.
    pub result: Option<SyncResult>,
    pub message: Option<String>,
    pub kazoo_request_id: Option<String>,
}
