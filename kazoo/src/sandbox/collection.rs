//! The account documents the sandbox keeps besides callflows: menus and
//! media (read and written), users, devices and voicemail boxes (read
//! only, for the editor's pickers), with the row crossbar's listing view
//! gives of each and the `metadata` a callflow GET shows for them.
//!
//! Listing rows follow Kazoo's CouchDB views (2600hz/kazoo
//! `core/kazoo_apps/priv/couchdb/account/{menus,media,users,vmboxes}.json`
//! and the `device` case of `crossbar_listing.json`): keys whose value is
//! undefined are left out, as CouchDB leaves them out.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{account::StoredDoc, world::ApiError};

/// A kind of account document served under `/v2/accounts/{id}/<noun>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `/menus` (schema `menus`).
    Menu,
    /// `/media` (schema `media`); documents only, no audio.
    Media,
    /// `/users` (read only here).
    User,
    /// `/devices` (read only here).
    Device,
    /// `/vmboxes` (read only here).
    Vmbox,
}

impl Kind {
    /// Every kind, in route order.
    pub const ALL: [Self; 5] = [
        Self::Menu,
        Self::Media,
        Self::User,
        Self::Device,
        Self::Vmbox,
    ];

    /// The URL noun; for menus and media also the schema id.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Menu => "menus",
            Self::Media => "media",
            Self::User => "users",
            Self::Device => "devices",
            Self::Vmbox => "vmboxes",
        }
    }

    /// The documents' `pvt_type`, shown in a callflow's `metadata`.
    pub fn pvt_type(self) -> &'static str {
        match self {
            Self::Menu => "menu",
            Self::Media => "media",
            Self::User => "user",
            Self::Device => "device",
            Self::Vmbox => "vmbox",
        }
    }

    /// Whether the sandbox takes PUT, POST, PATCH and DELETE for it.
    pub fn writable(self) -> bool {
        matches!(self, Self::Menu | Self::Media)
    }

    /// The listing view's sort key and row for one document.
    fn listing(self, id: &str, doc: &Map<String, Value>) -> (String, Value) {
        let mut row = Map::new();
        row.insert("id".into(), json!(id));
        let text = |key: &str| doc.get(key).and_then(Value::as_str);
        let key = match self {
            Self::Menu => {
                copy(doc, &mut row, &["name"]);
                id.to_owned()
            }
            Self::Media => {
                copy(doc, &mut row, &["name", "media_type", "media_source"]);
                let language = text("language").unwrap_or_default().to_lowercase();
                row.insert("language".into(), json!(language));
                row.insert("is_prompt".into(), json!(doc.contains_key("prompt_id")));
                id.to_owned()
            }
            Self::User => {
                row.insert(
                    "features".into(),
                    doc.get("features").cloned().unwrap_or_else(|| json!([])),
                );
                copy(
                    doc,
                    &mut row,
                    &[
                        "username",
                        "email",
                        "first_name",
                        "last_name",
                        "priv_level",
                        "feature_level",
                        "presence_id",
                        "timezone",
                        "call_recording",
                        "service",
                    ],
                );
                // The view emits `last_name + ' ' + first_name` (JavaScript
                // prints a missing name as "undefined").
                let name = |k| text(k).unwrap_or("undefined");
                format!("{} {}", name("last_name"), name("first_name"))
            }
            Self::Device => {
                copy(doc, &mut row, &["name"]);
                if let Some(user) = doc.pointer_str("sip", "username") {
                    row.insert("username".into(), json!(user));
                }
                let mac = text("mac_address").unwrap_or_default();
                row.insert("mac_address".into(), json!(mac));
                copy(doc, &mut row, &["owner_id", "enabled"]);
                let device_type = text("device_type").unwrap_or("sip_device");
                row.insert("device_type".into(), json!(device_type));
                copy(doc, &mut row, &["mobile", "call_recording"]);
                id.to_owned()
            }
            Self::Vmbox => {
                copy(doc, &mut row, &["name", "mailbox", "owner_id"]);
                let messages = doc
                    .get("messages")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                row.insert("messages".into(), json!(messages));
                id.to_owned()
            }
        };
        if self != Self::Media {
            row.insert(
                "flags".into(),
                doc.get("flags").cloned().unwrap_or_else(|| json!([])),
            );
        }
        (key, Value::Object(row))
    }

    /// What a callflow GET's `metadata` says of a document of this kind:
    /// `name` (a user's first and last name), `numbers`, `pvt_type`
    /// (Kazoo's `cb_callflows:create_metadata/1`).
    fn metadata(self, doc: &Map<String, Value>) -> Value {
        let mut meta = Map::new();
        let name = if self == Self::User {
            let part = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or_default();
            let full = format!("{} {}", part("first_name"), part("last_name"));
            (full.trim() != "").then(|| json!(full))
        } else {
            doc.get("name").cloned()
        };
        if let Some(name) = name {
            meta.insert("name".into(), name);
        }
        copy(doc, &mut meta, &["numbers"]);
        meta.insert("pvt_type".into(), json!(self.pvt_type()));
        Value::Object(meta)
    }
}

/// Copies the keys that are present, in the order given.
fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}

trait PointerStr {
    fn pointer_str(&self, outer: &str, inner: &str) -> Option<&str>;
}

impl PointerStr for Map<String, Value> {
    fn pointer_str(&self, outer: &str, inner: &str) -> Option<&str> {
        self.get(outer)?.get(inner)?.as_str()
    }
}

/// The stored documents of one kind in one account, by id.
#[derive(Default)]
pub struct Collection {
    pub docs: BTreeMap<String, StoredDoc>,
}

impl Collection {
    /// A live (not deleted) document.
    pub fn live(&self, id: &str) -> Option<&StoredDoc> {
        self.docs.get(id).filter(|d| !d.deleted)
    }

    /// The public document as GET returns it (fields + `id`) and its
    /// revision; 404 `bad_identifier` for an unknown or deleted id.
    pub fn public(&self, id: &str) -> Result<(Value, String), ApiError> {
        let stored = self.live(id).ok_or_else(|| ApiError::bad_identifier(id))?;
        let mut doc = stored.doc.clone();
        doc.insert("id".to_owned(), json!(id));
        Ok((Value::Object(doc), stored.revision()))
    }

    /// Listing rows of the live documents with their sort keys.
    pub fn rows(&self, kind: Kind) -> Vec<(String, Value)> {
        self.docs
            .iter()
            .filter(|(_, d)| !d.deleted)
            .map(|(id, d)| kind.listing(id, &d.doc))
            .collect()
    }

    /// `metadata` of a live document, if there is one with this id.
    pub fn metadata(&self, kind: Kind, id: &str) -> Option<Value> {
        self.live(id).map(|d| kind.metadata(&d.doc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn listing_rows_follow_kazoos_views() {
        let media = map(json!({"name": "Hi", "media_source": "tts", "language": "EN-US"}));
        let (_, row) = Kind::Media.listing("m1", &media);
        assert_eq!(
            row.to_string(),
            r#"{"id":"m1","name":"Hi","media_source":"tts","language":"en-us","is_prompt":false}"#
        );
        let user = map(json!({"first_name": "Ada", "last_name": "Lovelace", "username": "ada"}));
        let (key, row) = Kind::User.listing("u1", &user);
        assert_eq!(key, "Lovelace Ada");
        assert_eq!(row["features"], json!([]));
        assert_eq!(row["flags"], json!([]));
        let device = map(json!({"name": "Desk", "sip": {"username": "desk"}}));
        let (_, row) = Kind::Device.listing("d1", &device);
        assert_eq!(
            row.to_string(),
            r#"{"id":"d1","name":"Desk","username":"desk","mac_address":"","device_type":"sip_device","flags":[]}"#
        );
        let (_, row) = Kind::Vmbox.listing("b1", &map(json!({"name": "Box", "mailbox": "2000"})));
        assert_eq!(row["messages"], 0);
    }

    #[test]
    fn metadata_names_users_by_first_and_last_name() {
        let user = map(json!({"first_name": "Ada", "last_name": "Lovelace"}));
        assert_eq!(
            Kind::User.metadata(&user),
            json!({"name": "Ada Lovelace", "pvt_type": "user"})
        );
        assert_eq!(
            Kind::User.metadata(&Map::new()),
            json!({"pvt_type": "user"})
        );
        let menu = map(json!({"name": "Main"}));
        assert_eq!(
            Kind::Menu.metadata(&menu),
            json!({"name": "Main", "pvt_type": "menu"})
        );
    }
}
