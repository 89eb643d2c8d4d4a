//! The sync log as pages show it (both targets).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One sync attempt (a `sync_log` row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SyncLogEntry {
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// `create`, `replace` or `delete`.
    pub operation: String,
    pub actor: String,
    /// `ok`, `error`, `conflict`; `None` while in flight or cut off.
    pub result: Option<String>,
    pub message: Option<String>,
    pub kazoo_request_id: Option<String>,
}
