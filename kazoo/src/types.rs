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

/// Kazoo's response envelope (API.md §2). `data` is typed by the caller;
/// the other keys are the ones a client acts on.
#[derive(Debug, Clone, Deserialize)]
pub struct Envelope<T = Value> {
    /// `success` or `error`.
    pub status: String,
    pub data: T,
    #[serde(default)]
    pub request_id: Option<String>,
    /// After `user_auth` / `api_auth`: the new token.
    #[serde(default)]
    pub auth_token: Option<AuthToken>,
    /// `_rev` of a single document, or a hash of a listing.
    #[serde(default)]
    pub revision: Option<String>,
    /// Listings: rows in this page.
    #[serde(default)]
    pub page_size: Option<u64>,
    /// Listings: the opaque key of the next page, absent on the last one.
    #[serde(default)]
    pub next_start_key: Option<Value>,
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

/// One row of `GET /v2/accounts/{id}/menus` (Kazoo's `menus/crossbar_listing`
/// view: `id`, `name`, `flags`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MenuSummary {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// One row of `GET /v2/accounts/{id}/media` (Kazoo's `media/crossbar_listing`
/// view: `id`, `name`, `media_source`, `language`, `is_prompt`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaSummary {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// `tts`, `upload` or `recording`.
    #[serde(default)]
    pub media_source: Option<String>,
    /// Lower-cased, `""` when unset.
    #[serde(default)]
    pub language: Option<String>,
    /// Whether it is a system prompt translation (`prompt_id` set).
    #[serde(default)]
    pub is_prompt: bool,
}

/// One row of `GET /v2/accounts/{id}/users` (Kazoo's `users/crossbar_listing`
/// view, sorted by last then first name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// One row of `GET /v2/accounts/{id}/devices` (Kazoo's `crossbar_listing`
/// view of devices).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceSummary {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// `sip_device` when unset, `softphone`, `cellphone`, …
    #[serde(default)]
    pub device_type: Option<String>,
    /// The user the device belongs to.
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// One row of `GET /v2/accounts/{id}/vmboxes` (Kazoo's `vmboxes/crossbar_listing`
/// view).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VmboxSummary {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// The box number callers and owners dial, e.g. `"2000"`.
    #[serde(default)]
    pub mailbox: Option<String>,
    #[serde(default)]
    pub owner_id: Option<String>,
}

/// A document a picker offers: its id and the name an admin knows it by.
pub trait Pickable {
    /// The document id.
    fn id(&self) -> &str;
    /// The name to show: the document's name, a user's "First Last", a
    /// box's "Name (mailbox)"; the id when it has none.
    fn display_name(&self) -> String;
}

fn named(name: Option<&str>, id: &str) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.to_owned(),
        None => id.to_owned(),
    }
}

impl Pickable for MenuSummary {
    fn id(&self) -> &str {
        &self.id
    }
    fn display_name(&self) -> String {
        named(self.name.as_deref(), &self.id)
    }
}

impl Pickable for MediaSummary {
    fn id(&self) -> &str {
        &self.id
    }
    fn display_name(&self) -> String {
        named(self.name.as_deref(), &self.id)
    }
}

impl Pickable for UserSummary {
    fn id(&self) -> &str {
        &self.id
    }
    fn display_name(&self) -> String {
        let full = [&self.first_name, &self.last_name]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let fallback = self.username.as_deref().unwrap_or(&self.id);
        named(Some(&full), fallback)
    }
}

impl Pickable for DeviceSummary {
    fn id(&self) -> &str {
        &self.id
    }
    fn display_name(&self) -> String {
        named(self.name.as_deref(), &self.id)
    }
}

impl Pickable for VmboxSummary {
    fn id(&self) -> &str {
        &self.id
    }
    fn display_name(&self) -> String {
        let name = named(self.name.as_deref(), &self.id);
        match self.mailbox.as_deref().filter(|m| !m.is_empty()) {
            Some(mailbox) => format!("{name} ({mailbox})"),
            None => name,
        }
    }
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

/// Keys Crossbar adds to a document it answers with that are not part of
/// the document (API.md: `id`, `metadata`, `_read_only`).
pub const RESPONSE_ONLY_KEYS: [&str; 3] = ["id", "metadata", "_read_only"];

/// A document as Crossbar returns it, without [`RESPONSE_ONLY_KEYS`], its
/// other keys where they were; an empty object when `body` is none.
pub fn document_of(body: Value) -> serde_json::Map<String, Value> {
    let mut map = match body {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    for key in RESPONSE_ONLY_KEYS {
        map.shift_remove(key);
    }
    map
}

/// A single document read or written through the API, with its revision
/// (`_rev`, also the `ETag`).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub id: String,
    pub revision: Option<String>,
    pub body: Value,
    /// Kazoo's id of the request that returned it.
    pub request_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_parse_with_and_without_paging_keys() {
        let listing: Envelope<Vec<CallflowSummary>> = serde_json::from_value(serde_json::json!({
            "status": "success", "request_id": "r", "page_size": 1, "next_start_key": "g2",
            "data": [{"id": "a", "name": "A", "numbers": ["1001"], "modules": ["user"], "featurecode": false}]
        }))
        .unwrap();
        assert_eq!(listing.data[0].numbers, vec!["1001"]);
        assert_eq!(listing.next_start_key, Some(Value::from("g2")));
        let auth: Envelope = serde_json::from_value(
            serde_json::json!({"status": "success", "auth_token": "t", "data": {}}),
        )
        .unwrap();
        assert_eq!(
            auth.auth_token.map(|t| t.expose().to_owned()),
            Some("t".to_owned())
        );
    }

    #[test]
    fn picker_rows_read_kazoos_listings_and_name_themselves() {
        let users: Vec<UserSummary> = serde_json::from_value(serde_json::json!([
            {"id": "u1", "features": [], "first_name": "Ada", "last_name": "Lovelace", "flags": []},
            {"id": "u2", "username": "sam"}
        ]))
        .unwrap();
        assert_eq!(users[0].display_name(), "Ada Lovelace");
        assert_eq!(users[1].display_name(), "sam");
        let boxes: Vec<VmboxSummary> = serde_json::from_value(serde_json::json!([
            {"id": "b1", "name": "Support", "mailbox": "2000", "messages": 0, "flags": []}
        ]))
        .unwrap();
        assert_eq!(boxes[0].display_name(), "Support (2000)");
        let menu: MenuSummary = serde_json::from_value(serde_json::json!({"id": "m1"})).unwrap();
        assert_eq!((menu.id(), menu.display_name()), ("m1", "m1".to_owned()));
    }

    #[test]
    fn token_debug_is_redacted() {
        let t = AuthToken::new("secret-value");
        assert_eq!(format!("{t:?}"), "AuthToken(<redacted>)");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"secret-value\"");
    }
}
