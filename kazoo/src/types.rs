//! Data shapes of the crossbar API subset we use (API.md §2, §5.3, §6).

use std::{collections::BTreeMap, fmt};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Kazoo's validation-error map: dotted JSON path → rule name → details
/// (`{"flow.data.voice_url":{"required":{"message":…}}}`, API.md §3).
pub type ValidationErrors = BTreeMap<String, BTreeMap<String, Value>>;

/// A Kazoo auth token. Opaque; its `Debug` never shows the value so it
/// cannot reach a log by accident, and it has no `Display`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AuthToken(String);

impl AuthToken {
    /// Wraps a token string received from Kazoo.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The raw token, for the `X-Auth-Token` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(<redacted>)")
    }
}

/// One row of `GET /v2/accounts/{id}/callflows` (the `crossbar_listing`
/// view): a summary without the flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallflowSummary {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub numbers: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Unique module names used in the flow.
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub flags: Vec<String>,
    /// `false` when unset, else `{name, number}`.
    #[serde(default)]
    pub featurecode: Value,
}

/// One number of `GET /v2/accounts/{id}/phone_numbers` (`data.numbers`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PhoneNumber {
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub assigned_to: Option<String>,
    /// The app using the number (`callflow`, …); absent when free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_by: Option<String>,
    #[serde(default)]
    pub features: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<u64>,
}

/// What a successful `user_auth` / `api_auth` gives back.
#[derive(Debug, Clone)]
pub struct AuthSession {
    pub token: AuthToken,
    pub account_id: String,
    pub account_name: String,
    /// The user's id; absent for API-key sessions.
    pub owner_id: Option<String>,
}

/// A single document read or written through the API, with its revision
/// (`_rev`, also the `ETag`).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub id: String,
    pub revision: Option<String>,
    pub body: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_debug_is_redacted() {
        let t = AuthToken::new("secret-value");
        assert_eq!(format!("{t:?}"), "AuthToken(<redacted>)");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"secret-value\"");
    }
}
