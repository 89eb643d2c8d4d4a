//! Where two callflow documents differ, key by key, for showing a draft
//! beside the live callflow: "Compare it" when Kazoo's copy changed.
//! (An RFC 6902 patch says how to turn one into the other; this says what
//! each side holds at each place they differ, which is what a reader
//! compares.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Callflow;

/// One place the documents differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// Dotted path in Kazoo's style (`flow.data.voice_url`,
    /// `numbers.1`); empty for the whole document.
    pub path: String,
    /// The value on the left (`None`: the key is absent there).
    pub left: Option<Value>,
    /// The value on the right (`None`: absent there).
    pub right: Option<Value>,
}

/// Every place `left` and `right` differ, in document order (keys sorted).
/// Objects are compared key by key, arrays index by index; any other
/// difference is reported whole.
pub fn diff(left: &Callflow, right: &Callflow) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(
        String::new(),
        Some(&left.to_value()),
        Some(&right.to_value()),
        &mut out,
    );
    out
}

fn walk(path: String, left: Option<&Value>, right: Option<&Value>, out: &mut Vec<Difference>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (left, right) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                walk(join(key), a.get(key), b.get(key), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                walk(join(&i.to_string()), a.get(i), b.get(i), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference {
            path,
            left: a.cloned(),
            right: b.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn differences_are_listed_by_path_with_both_sides() {
        let live = Callflow::from_value(json!({"name": "Support", "numbers": ["+1", "+2"],
            "flow": {"module": "menu", "data": {"id": "m"}, "children": {"1": {"module": "hangup", "data": {}}}}}))
        .unwrap();
        let draft = Callflow::from_value(json!({"name": "Support", "numbers": ["+1"],
            "flow": {"module": "menu", "data": {"id": "m2"}, "children": {}}, "ui_metadata": {"x": 1}}))
        .unwrap();
        let found = diff(&live, &draft);
        let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "flow.children.1",
                "flow.data.id",
                "numbers.1",
                "ui_metadata"
            ]
        );
        assert_eq!(found[1].left, Some(json!("m")));
        assert_eq!(found[1].right, Some(json!("m2")));
        assert_eq!(found[2].right, None);
        assert_eq!(found[3].left, None);
        assert!(diff(&live, &live).is_empty());
    }
}
