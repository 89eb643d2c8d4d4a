//! Key order: how the objects of a document were ordered when it was read,
//! so that printing it again gives the same bytes.
//!
//! The typed module data print their fields in struct order, and the model
//! takes `name`, `numbers`, `flow`, … out of their objects; a [`KeyOrder`]
//! remembers where each key was and puts it back there. Keys it does not
//! know (added by an edit) go after the known ones, in the order they are
//! printed in, which is stable.

use serde_json::{Map, Value};

/// The order of an object's keys (or, for an array, of each item's keys),
/// and of the objects nested under them, as read.
///
/// Two orders always compare equal: order is how a document prints, not
/// what it says, just as `serde_json`'s maps compare equal whatever their
/// order. Compare printed JSON to compare bytes.
#[derive(Debug, Clone, Default)]
pub struct KeyOrder {
    /// The object's keys, in order; empty for an array or a scalar.
    keys: Vec<String>,
    /// Orders of the values under some keys (objects, arrays).
    nested: Vec<(String, KeyOrder)>,
    /// For an array: the order of each item, by index.
    items: Vec<KeyOrder>,
}

impl PartialEq for KeyOrder {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for KeyOrder {}

impl KeyOrder {
    /// The order of `value` at every depth.
    pub fn of(value: &Value) -> Self {
        match value {
            Value::Object(map) => Self {
                keys: map.keys().cloned().collect(),
                nested: map
                    .iter()
                    .filter(|(_, v)| v.is_object() || v.is_array())
                    .map(|(k, v)| (k.clone(), Self::of(v)))
                    .collect(),
                items: Vec::new(),
            },
            Value::Array(items) => Self {
                items: items.iter().map(Self::of).collect(),
                ..Self::default()
            },
            _ => Self::default(),
        }
    }

    /// The order of the keys of `map` only, not of what is under them.
    pub fn shallow(map: &Map<String, Value>) -> Self {
        Self {
            keys: map.keys().cloned().collect(),
            ..Self::default()
        }
    }

    /// Whether nothing was recorded (a new document or node).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.nested.is_empty() && self.items.is_empty()
    }

    /// The recorded order of the value under `key`.
    pub fn get(&self, key: &str) -> Option<&KeyOrder> {
        self.nested.iter().find(|(k, _)| k == key).map(|(_, o)| o)
    }

    /// Records (or, with `None`, forgets) the order of the value under
    /// `key`.
    pub fn set(&mut self, key: &str, order: Option<KeyOrder>) {
        self.nested.retain(|(k, _)| k != key);
        if let Some(order) = order {
            self.nested.push((key.to_owned(), order));
        }
    }

    /// Puts the keys of `value` (and of the objects under it that were
    /// recorded) in the recorded order; keys not recorded follow, in their
    /// current order.
    pub fn apply(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                if !self.keys.is_empty() {
                    reorder(map, &self.keys);
                }
                for (key, order) in &self.nested {
                    if let Some(inner) = map.get_mut(key) {
                        order.apply(inner);
                    }
                }
            }
            Value::Array(items) => {
                for (item, order) in items.iter_mut().zip(&self.items) {
                    order.apply(item);
                }
            }
            _ => {}
        }
    }
}

fn reorder(map: &mut Map<String, Value>, keys: &[String]) {
    let mut old = std::mem::take(map);
    for key in keys {
        if let Some(value) = old.shift_remove(key) {
            map.insert(key.clone(), value);
        }
    }
    map.extend(old);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn text(value: &Value) -> String {
        serde_json::to_string(value).unwrap()
    }

    #[test]
    fn recorded_order_is_put_back_at_every_depth() {
        let original: Value = serde_json::from_str(
            r#"{"b":1,"a":{"y":[{"q":1,"p":2}],"x":2},"c":[{"n":1,"m":2},3]}"#,
        )
        .unwrap();
        let order = KeyOrder::of(&original);
        let mut sorted: Value = serde_json::from_str(
            r#"{"a":{"x":2,"y":[{"p":2,"q":1}]},"b":1,"c":[{"m":2,"n":1},3]}"#,
        )
        .unwrap();
        assert_ne!(text(&sorted), text(&original));
        order.apply(&mut sorted);
        assert_eq!(text(&sorted), text(&original));
    }

    #[test]
    fn new_keys_follow_the_known_ones_in_their_own_order() {
        let order = KeyOrder::of(&json!({"b": 1, "a": 2}));
        let mut value: Value = serde_json::from_str(r#"{"z":0,"a":2,"c":3,"b":1}"#).unwrap();
        order.apply(&mut value);
        assert_eq!(text(&value), r#"{"b":1,"a":2,"z":0,"c":3}"#);
    }

    #[test]
    fn a_shallow_order_leaves_nested_objects_as_they_are() {
        let order = KeyOrder::shallow(
            serde_json::from_str::<Value>(r#"{"b":{"y":1,"x":2},"a":1}"#)
                .unwrap()
                .as_object()
                .unwrap(),
        );
        let mut value: Value = serde_json::from_str(r#"{"a":1,"b":{"x":2,"y":1}}"#).unwrap();
        order.apply(&mut value);
        assert_eq!(text(&value), r#"{"b":{"x":2,"y":1},"a":1}"#);
        assert!(KeyOrder::default().is_empty());
        assert_eq!(KeyOrder::default(), order, "order is not content");
    }
}
