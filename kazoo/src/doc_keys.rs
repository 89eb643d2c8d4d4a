//! Typed documents that print back exactly what they read: each known key
//! is taken only when its value reads back to the same JSON text, every
//! other key is kept as it came, and keys are written in the order they
//! were read (new ones after them). Used by [`crate::menus`] and
//! [`crate::media`]; serde only, so it builds for WASM.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};

/// Reads `value` as `T` only if printing `T` again gives the same text.
fn exact<T: DeserializeOwned + Serialize>(value: &Value) -> Option<T> {
    let typed = T::deserialize(value).ok()?;
    let again = serde_json::to_string(&typed).ok()?;
    let original = serde_json::to_string(value).ok()?;
    (again == original).then_some(typed)
}

/// A document's keys being read into typed fields.
pub(crate) struct Reader {
    rest: Map<String, Value>,
    order: Vec<String>,
}

impl Reader {
    pub(crate) fn new(map: Map<String, Value>) -> Self {
        let order = map.keys().cloned().collect();
        Self { rest: map, order }
    }

    /// The value at `key` as `T`, if it is one exactly; else it stays
    /// among the unnamed keys.
    pub(crate) fn take<T: DeserializeOwned + Serialize>(&mut self, key: &str) -> Option<T> {
        self.take_with(key, exact)
    }

    /// The value at `key` read by `read`; kept unnamed when `read` says no.
    pub(crate) fn take_with<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(&Value) -> Option<T>,
    ) -> Option<T> {
        let typed = read(self.rest.get(key)?)?;
        self.rest.shift_remove(key);
        Some(typed)
    }

    /// The unnamed keys (in order) and the order of every key read.
    pub(crate) fn finish(self) -> (Map<String, Value>, Vec<String>) {
        (self.rest, self.order)
    }
}

/// Writes a document: keys in `order` first (a typed value when set, else
/// the unnamed one), then typed values not in `order` in the order given,
/// then unnamed keys not in `order`.
pub(crate) fn write(
    order: &[String],
    typed: Vec<(&str, Option<Value>)>,
    extra: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = Map::new();
    let typed_value = |key: &str| {
        typed
            .iter()
            .find(|(name, _)| *name == key)
            .and_then(|(_, value)| value.clone())
    };
    for key in order {
        if let Some(value) = typed_value(key).or_else(|| extra.get(key).cloned()) {
            out.insert(key.clone(), value);
        }
    }
    for (key, value) in &typed {
        if let (Some(value), false) = (value, out.contains_key(*key)) {
            out.insert((*key).to_owned(), value.clone());
        }
    }
    for (key, value) in extra {
        if !out.contains_key(key) {
            out.insert(key.clone(), value.clone());
        }
    }
    out
}

/// A typed value as JSON.
pub(crate) fn json<T: Serialize>(value: &Option<T>) -> Option<Value> {
    value.as_ref().and_then(|v| serde_json::to_value(v).ok())
}
