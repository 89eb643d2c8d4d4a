//! The API tokens page's data (both targets). Never a token's secret,
//! except one made just now, shown once.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// An API token as the UI lists it (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: String,
    pub name: String,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
}

/// The API tokens page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokensPage {
    pub tokens: Vec<ApiTokenView>,
    /// A token made just now: shown this once.
    pub new_token: Option<String>,
    pub error: Option<String>,
}
