//! The sync log as pages show it (both targets).

use serde::{Deserialize, Serialize};

/// One sync attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncLogEntry {
    /// UTC, `YYYY-MM-DD HH:MM:SS`.
    pub started_at: String,
    /// `create`, `replace` or `delete`.
    pub operation: String,
    pub actor: String,
    /// `ok`, `error`, `conflict`; `None` while in flight or cut off.
    pub result: Option<String>,
    pub message: Option<String>,
    pub kazoo_request_id: Option<String>,
}
