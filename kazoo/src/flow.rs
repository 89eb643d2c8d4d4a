//! Walking raw callflow JSON: a node is `{module, data, children}`, its
//! children keyed by branch (`_`, digits, …).

use serde_json::Value;

/// A node's children with their branch keys; none when `children` is
/// missing or not an object.
pub(crate) fn children(node: &Value) -> impl Iterator<Item = (&String, &Value)> {
    node.get("children")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}
