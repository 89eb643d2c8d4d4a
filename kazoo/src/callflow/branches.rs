//! Branch keys: which a node offers for new children, how they read in an
//! admin's words, and the order they are shown in.
//!
//! Kazoo follows a menu's child on the digit pressed, or `timeout` when
//! none is (`applications/callflow/doc/menu.md`, `crossbar-menus.md`); a
//! pivot's `_` child when the server fails (`pivot.md`); and `_` after any
//! other module (`README.md`, "Children"). Documents read from Kazoo keep
//! whatever keys they have (`sip:404`, temporal rule ids, …); only new
//! children are held to these rules.

use super::{Node, FALLBACK_BRANCH};

/// Keys a menu offers, in the order they are shown.
const MENU_KEYS: [&str; 13] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#", "timeout",
];

/// Keys every other module offers.
const FALLBACK_ONLY: [&str; 1] = [FALLBACK_BRANCH];

/// The branch keys a node running `module` offers for new children, in
/// display order: a menu's digits, `*`, `#` and `timeout`; only `_` for a
/// pivot and every other module.
pub fn allowed(module: &str) -> &'static [&'static str] {
    match module {
        "menu" => &MENU_KEYS,
        _ => &FALLBACK_ONLY,
    }
}

/// Whether a node running `module` offers `key` for a new child.
pub fn allows(module: &str, key: &str) -> bool {
    allowed(module).contains(&key)
}

/// The keys `node` offers that no child holds yet, in display order.
pub fn free(node: &Node) -> Vec<&'static str> {
    allowed(node.module.name())
        .iter()
        .copied()
        .filter(|key| node.child(key).is_none())
        .collect()
}

/// A branch in the admin's words: "Press 1", "Press *", "No key pressed",
/// "Otherwise" (under a pivot: "If the server fails"); any other key as
/// it is.
pub fn label(parent_module: &str, key: &str) -> String {
    match key {
        "timeout" => "No key pressed".to_owned(),
        FALLBACK_BRANCH if parent_module == "pivot" => "If the server fails".to_owned(),
        FALLBACK_BRANCH => "Otherwise".to_owned(),
        _ if is_key_press(key) => format!("Press {key}"),
        _ => key.to_owned(),
    }
}

fn is_key_press(key: &str) -> bool {
    matches!(key.as_bytes(), [b'0'..=b'9' | b'*' | b'#'])
}

/// Where a branch is shown among its siblings (smaller first): digits 1–9,
/// then 0, `*`, `#`, `timeout`, `_`, then any other key. Storage order is
/// kept apart from this (see [`Node::children_for_display`]).
pub fn display_rank(key: &str) -> u8 {
    match key.as_bytes() {
        [d @ b'1'..=b'9'] => d - b'1',
        b"0" => 9,
        b"*" => 10,
        b"#" => 11,
        b"timeout" => 12,
        b"_" => 13,
        _ => 14,
    }
}

impl Node {
    /// The children in display order ([`display_rank`]; keys of the same
    /// rank in their stored order).
    pub fn children_for_display(&self) -> Vec<(&str, &Node)> {
        let mut out: Vec<(&str, &Node)> = self
            .children
            .iter()
            .flatten()
            .map(|(key, child)| (key.as_str(), child))
            .collect();
        out.sort_by_key(|(key, _)| display_rank(key));
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn menus_offer_digits_star_hash_and_timeout_others_only_the_fallback() {
        assert_eq!(allowed("menu").len(), 13);
        for key in ["0", "9", "*", "#", "timeout"] {
            assert!(allows("menu", key), "{key}");
        }
        assert!(!allows("menu", "_"));
        assert!(!allows("menu", "10"));
        assert_eq!(allowed("pivot"), ["_"]);
        assert_eq!(allowed("tts"), ["_"]);
        assert_eq!(allowed("acdc_member"), ["_"]);
        assert!(!allows("pivot", "1"));
    }

    #[test]
    fn branches_read_in_plain_words() {
        assert_eq!(label("menu", "1"), "Press 1");
        assert_eq!(label("menu", "*"), "Press *");
        assert_eq!(label("menu", "#"), "Press #");
        assert_eq!(label("menu", "timeout"), "No key pressed");
        assert_eq!(label("tts", "_"), "Otherwise");
        assert_eq!(label("pivot", "_"), "If the server fails");
        assert_eq!(label("user", "sip:404"), "sip:404");
        assert_eq!(label("menu", "12"), "12");
    }

    #[test]
    fn children_show_in_keypad_order_whatever_their_stored_order() {
        let node = Node::from_value(json!({"module": "menu", "data": {}, "children": {
            "_": {"module": "hangup", "data": {}},
            "zeta": {"module": "hangup", "data": {}},
            "timeout": {"module": "hangup", "data": {}},
            "0": {"module": "hangup", "data": {}},
            "#": {"module": "hangup", "data": {}},
            "2": {"module": "hangup", "data": {}},
            "alpha": {"module": "hangup", "data": {}},
            "*": {"module": "hangup", "data": {}},
            "1": {"module": "hangup", "data": {}}
        }}))
        .unwrap();
        let keys: Vec<&str> = node
            .children_for_display()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            keys,
            ["1", "2", "0", "*", "#", "timeout", "_", "zeta", "alpha"]
        );
        let stored: Vec<&String> = node.children.as_ref().unwrap().keys().collect();
        assert_eq!(stored[0], "_", "storage order is left alone");
        assert_eq!(
            free(&node),
            ["3", "4", "5", "6", "7", "8", "9"],
            "digits not taken yet"
        );
    }
}
