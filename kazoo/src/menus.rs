//! Kazoo menu documents (`/v2/accounts/{id}/menus`): what a callflow's
//! `menu` node runs, by id (`callflows.menu.json`: `data.id`). Fields,
//! bounds and defaults are those of Kazoo's `menus.json` schema
//! (`shared/kazoo/docs/crossbar-menus.md`); the greeting is the id of a
//! media document (a text greeting is a TTS media, see [`crate::media`]).
//!
//! A [`MenuDoc`] prints back byte for byte what it read: keys it does not
//! name (`suppress_media`, `record_pin`, `ui_metadata`…) and values of an
//! unexpected type stay in `extra`, and keys keep their order.

use std::ops::RangeInclusive;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::doc_keys::{json, write, Reader};

/// `retries`: plays of the menu before it gives up (`menus.json`: 1–10).
pub const RETRIES: RangeInclusive<u32> = 1..=10;
/// Kazoo's `retries` when unset.
pub const DEFAULT_RETRIES: u32 = 3;
/// `timeout`: milliseconds to wait for the first key (1–60000). Unset,
/// Kazoo's callflow app waits 10 s.
pub const TIMEOUT_MS: RangeInclusive<u32> = 1..=60_000;
/// `interdigit_timeout`: milliseconds to wait between keys (1–10000).
pub const INTERDIGIT_TIMEOUT_MS: RangeInclusive<u32> = 1..=10_000;
/// `max_extension_length`: most digits collected (1–6).
pub const MAX_EXTENSION_LENGTH: RangeInclusive<u32> = 1..=6;
/// Kazoo's `max_extension_length` when unset.
pub const DEFAULT_MAX_EXTENSION_LENGTH: u32 = 4;
/// Kazoo's `hunt` (callers may dial an extension) when unset.
pub const DEFAULT_HUNT: bool = true;
/// Length of a media id or URL in `media` (`menus.json`: 3–2048).
pub const MEDIA_REF_LENGTH: RangeInclusive<usize> = 3..=2048;

/// Keys crossbar adds to a menu in its answers; not part of the document.
const RESPONSE_ONLY_KEYS: [&str; 2] = ["id", "_read_only"];

/// A menu document. `None` means the key is absent (Kazoo's default
/// applies); `name` is required by Kazoo.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MenuDoc {
    /// `name`: a friendly name, 1–128 characters.
    pub name: Option<String>,
    /// `retries`: see [`RETRIES`], default [`DEFAULT_RETRIES`].
    pub retries: Option<u32>,
    /// `timeout` in milliseconds, see [`TIMEOUT_MS`].
    pub timeout: Option<u32>,
    /// `interdigit_timeout` in milliseconds, see [`INTERDIGIT_TIMEOUT_MS`].
    pub interdigit_timeout: Option<u32>,
    /// `hunt`: whether callers may dial internal extensions directly,
    /// default [`DEFAULT_HUNT`].
    pub hunt: Option<bool>,
    /// `max_extension_length`, see [`MAX_EXTENSION_LENGTH`], default
    /// [`DEFAULT_MAX_EXTENSION_LENGTH`].
    pub max_extension_length: Option<u32>,
    /// `media`: the menu's prompts.
    pub media: Option<MenuMedia>,
    /// Every other key, unchanged.
    pub extra: Map<String, Value>,
    order: Vec<String>,
}

/// A menu's `media` object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MenuMedia {
    /// `greeting`: id (or URL) of the media played as the greeting.
    pub greeting: Option<String>,
    /// Every other key (`exit_media`, `invalid_media`, `transfer_media`:
    /// `false` for silence or a media id), unchanged.
    pub extra: Map<String, Value>,
    order: Vec<String>,
}

impl MenuDoc {
    /// A new menu with only its name.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Reads a menu document.
    ///
    /// # Errors
    /// When `value` is not a JSON object.
    pub fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(value)
    }

    /// Reads a menu as crossbar returns it, without what it adds to
    /// answers (`id`, `_read_only`), so that what is sent back is only the
    /// document.
    ///
    /// # Errors
    /// When `value` is not a JSON object.
    pub fn from_kazoo(mut value: Value) -> Result<Self, serde_json::Error> {
        if let Value::Object(map) = &mut value {
            for key in RESPONSE_ONLY_KEYS {
                map.shift_remove(key);
            }
        }
        Self::from_value(value)
    }

    fn from_map(map: Map<String, Value>) -> Self {
        let mut reader = Reader::new(map);
        let name = reader.take("name");
        let retries = reader.take("retries");
        let timeout = reader.take("timeout");
        let interdigit_timeout = reader.take("interdigit_timeout");
        let hunt = reader.take("hunt");
        let max_extension_length = reader.take("max_extension_length");
        let media = reader.take_with("media", |v| v.as_object().cloned().map(MenuMedia::from_map));
        let (extra, order) = reader.finish();
        Self {
            name,
            retries,
            timeout,
            interdigit_timeout,
            hunt,
            max_extension_length,
            media,
            extra,
            order,
        }
    }

    /// The document as JSON, keys in the order they were read.
    pub fn to_value(&self) -> Value {
        let typed = vec![
            ("name", json(&self.name)),
            ("retries", json(&self.retries)),
            ("timeout", json(&self.timeout)),
            ("interdigit_timeout", json(&self.interdigit_timeout)),
            ("hunt", json(&self.hunt)),
            ("max_extension_length", json(&self.max_extension_length)),
            ("media", self.media.as_ref().map(MenuMedia::to_value)),
        ];
        Value::Object(write(&self.order, typed, &self.extra))
    }

    /// The greeting's media id, if any.
    pub fn greeting(&self) -> Option<&str> {
        self.media.as_ref()?.greeting.as_deref()
    }

    /// Sets (or with `None` removes) the greeting, keeping the other
    /// prompts.
    pub fn set_greeting(&mut self, media_id: Option<String>) {
        match (&mut self.media, media_id) {
            (Some(media), id) => media.greeting = id,
            (None, Some(id)) => {
                self.media = Some(MenuMedia {
                    greeting: Some(id),
                    ..MenuMedia::default()
                });
            }
            (None, None) => {}
        }
    }
}

impl MenuMedia {
    fn from_map(map: Map<String, Value>) -> Self {
        let mut reader = Reader::new(map);
        let greeting = reader.take("greeting");
        let (extra, order) = reader.finish();
        Self {
            greeting,
            extra,
            order,
        }
    }

    fn to_value(&self) -> Value {
        let typed = vec![("greeting", json(&self.greeting))];
        Value::Object(write(&self.order, typed, &self.extra))
    }
}

impl Serialize for MenuDoc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for MenuDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Self::from_map)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn prints_back_byte_for_byte_with_unknown_keys_and_odd_values() {
        let text = r#"{"media":{"exit_media":false,"greeting":"m1"},"retries":"3","name":"Main","ui_metadata":{"ui":"monster-ui"},"hunt":false,"timeout":10000.0}"#;
        let menu: MenuDoc = serde_json::from_str(text).unwrap();
        assert_eq!(menu.name.as_deref(), Some("Main"));
        assert_eq!(menu.greeting(), Some("m1"));
        assert_eq!(menu.hunt, Some(false));
        assert_eq!(menu.retries, None, "a string is not a number: kept as is");
        assert_eq!(menu.timeout, None, "10000.0 would print as 10000");
        assert_eq!(serde_json::to_string(&menu).unwrap(), text);
    }

    #[test]
    fn edits_keep_places_and_new_keys_follow() {
        let mut menu = MenuDoc::from_kazoo(json!({"name": "A", "retries": 2, "id": "x",
            "_read_only": {"deleted": true}}))
        .unwrap();
        menu.retries = Some(5);
        menu.name = None;
        menu.set_greeting(Some("m2".into()));
        menu.max_extension_length = Some(3);
        assert_eq!(
            menu.to_value().to_string(),
            r#"{"retries":5,"max_extension_length":3,"media":{"greeting":"m2"}}"#
        );
        let new = MenuDoc::new("Main");
        assert_eq!(new.to_value(), json!({"name": "Main"}));
    }

    #[test]
    fn a_value_that_is_not_an_object_is_refused() {
        assert!(MenuDoc::from_value(json!([1])).is_err());
        let menu = MenuDoc::from_value(json!({"media": "nope"})).unwrap();
        assert_eq!(menu.media, None);
        assert_eq!(menu.extra["media"], "nope");
    }
}
