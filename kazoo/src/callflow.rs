//! The callflow model: the one place where callflow JSON is parsed and
//! printed. The form, the preview, the API and the sync all go through it.
//!
//! A document is `name`, `numbers`, `patterns` and a tree of nodes in
//! `flow`; every other key (`featurecode`, `ui_metadata`, …) is kept as it
//! came. A node is typed for the modules we edit and raw for any other, and
//! a known module whose data does not read back exactly (an unexpected type,
//! an upper-case enum value) is kept raw too, so parsing then printing any
//! Kazoo callflow gives back the same JSON, byte for byte: the order of
//! every object's keys and of each node's children is kept too
//! ([`KeyOrder`]).

pub mod branches;
mod describe;
mod diff;
mod edit;
mod history;
mod module;
mod node;
mod order;
mod path;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use diff::{diff, Difference};
pub use edit::{Edit, EditError};
pub use history::{History, HISTORY_DEPTH};
pub use module::{
    BodyFormat, CallflowRef, Endpoint, Hangup, HttpMethod, Menu, Module, Notification, Offnet,
    Pivot, Play, Recipient, ReqFormat, Ring, RingGroup, Transfer, Tts, Voicemail,
};
pub use node::{Children, Node, FALLBACK_BRANCH};
pub use order::KeyOrder;
pub use path::{NodePath, PathError};

/// Why a JSON value is not a callflow document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The value (or a node) is not a JSON object.
    #[error("{0} must be a JSON object")]
    NotAnObject(String),
    /// A node has no `module` string.
    #[error("{0}.module must be a string")]
    NoModule(String),
    /// `name`, `numbers` or `patterns` has the wrong type.
    #[error("{0} has the wrong type")]
    WrongType(&'static str),
}

/// A Kazoo callflow document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Callflow {
    /// Friendly name.
    pub name: Option<String>,
    /// Numbers the callflow answers; `None` when the key is absent.
    pub numbers: Option<Vec<String>>,
    /// Regular expressions the callflow answers.
    pub patterns: Option<Vec<String>>,
    /// The first node.
    pub flow: Option<Node>,
    /// Every other top-level key, unchanged.
    pub extra: Map<String, Value>,
    /// The order of the top-level keys as read (empty for a new
    /// document); printing puts them back in it, new keys last.
    pub order: KeyOrder,
}

impl Callflow {
    /// Parses a callflow document.
    ///
    /// # Errors
    /// When the value or one of its nodes is not shaped like a callflow.
    pub fn from_value(value: Value) -> Result<Self, ModelError> {
        let Value::Object(mut map) = value else {
            return Err(ModelError::NotAnObject("callflow".into()));
        };
        let order = KeyOrder::shallow(&map);
        let name = match map.shift_remove("name") {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                map.insert("name".into(), other);
                return Err(ModelError::WrongType("name"));
            }
        };
        let numbers = take_strings(&mut map, "numbers")?;
        let patterns = take_strings(&mut map, "patterns")?;
        let flow = map
            .shift_remove("flow")
            .map(|v| Node::parse(v, "flow"))
            .transpose()?;
        Ok(Self {
            name,
            numbers,
            patterns,
            flow,
            extra: map,
            order,
        })
    }

    /// Parses a document as Crossbar returns it, dropping what it adds to
    /// responses (`id`, `metadata`, `_read_only`) so that what is sent back
    /// is only the document.
    ///
    /// # Errors
    /// As [`Callflow::from_value`].
    pub fn from_kazoo(value: Value) -> Result<Self, ModelError> {
        match value {
            Value::Object(_) => Self::from_value(Value::Object(crate::types::document_of(value))),
            other => Self::from_value(other),
        }
    }

    /// The document as JSON, every key where it was read; keys the model
    /// adds to a document that lacked them (`name`, `numbers`, …) go last.
    pub fn to_value(&self) -> Value {
        let mut map = self.extra.clone();
        if let Some(name) = &self.name {
            map.insert("name".into(), Value::String(name.clone()));
        }
        for (key, list) in [("numbers", &self.numbers), ("patterns", &self.patterns)] {
            if let Some(list) = list {
                map.insert(
                    key.into(),
                    list.iter().cloned().map(Value::String).collect(),
                );
            }
        }
        if let Some(flow) = &self.flow {
            map.insert("flow".into(), flow.to_value());
        }
        let mut value = Value::Object(map);
        self.order.apply(&mut value);
        value
    }

    /// The numbers, empty when absent.
    pub fn numbers(&self) -> &[String] {
        self.numbers.as_deref().unwrap_or_default()
    }

    /// Pretty JSON, as the preview shows it.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Every node of the tree (children before their parent) with its path
    /// (`flow`, `flow.children._`, …).
    pub fn nodes(&self) -> Vec<(String, &Node)> {
        let mut out = Vec::new();
        if let Some(flow) = &self.flow {
            flow.walk("flow".into(), &mut out);
        }
        out
    }
}

fn take_strings(
    map: &mut Map<String, Value>,
    key: &'static str,
) -> Result<Option<Vec<String>>, ModelError> {
    let Some(value) = map.shift_remove(key) else {
        return Ok(None);
    };
    let strings = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
    });
    match strings {
        Some(list) => Ok(Some(list)),
        None => {
            map.insert(key.into(), value);
            Err(ModelError::WrongType(key))
        }
    }
}

impl Serialize for Callflow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Callflow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn unknown_keys_and_modules_survive_a_round_trip() {
        let doc = json!({
            "name": "Odd",
            "numbers": ["1001"],
            "featurecode": false,
            "ui_metadata": {"version": "4.3"},
            "flow": {"module": "conference", "data": {"id": "x"}, "children": {
                "_": {"module": "pivot", "data": {"voice_url": "http://a", "method": "GET"}},
                "1": {"module": "tts", "data": {"text": "hi"}, "weird": 1}
            }}
        });
        let parsed = Callflow::from_value(doc.clone()).unwrap();
        assert_eq!(parsed.to_value(), doc);
        let flow = parsed.flow.as_ref().unwrap();
        assert!(matches!(flow.module, Module::Raw { .. }));
        // `GET` does not read back as `get`, so that node stays raw.
        assert!(matches!(
            flow.child("_").unwrap().module,
            Module::Raw { .. }
        ));
        assert!(matches!(flow.child("1").unwrap().module, Module::Tts(_)));
    }

    #[test]
    fn response_only_keys_are_dropped_from_kazoo_documents() {
        let doc = json!({"id": "abc", "metadata": {}, "name": "A", "numbers": []});
        let parsed = Callflow::from_kazoo(doc).unwrap();
        assert_eq!(parsed.to_value(), json!({"name": "A", "numbers": []}));
    }

    #[test]
    fn malformed_documents_are_rejected() {
        assert!(Callflow::from_value(json!([])).is_err());
        assert!(Callflow::from_value(json!({"numbers": "1"})).is_err());
        assert!(Callflow::from_value(json!({"flow": {"data": {}}})).is_err());
        assert!(Callflow::from_value(json!({"flow": 5})).is_err());
        assert!(
            Callflow::from_value(json!({"flow": {"module": "x", "children": {"_": 1}}})).is_err()
        );
    }
}
