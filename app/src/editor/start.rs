//! New steps and the start shapes of "New callflow" (both targets). The
//! shapes are built with the editor's own edits, so they are what an admin
//! would make by hand, not fixed documents.

use kazoo::callflow::{Callflow, Edit};
use serde_json::{Map, Value};

use super::{
    menu_form::new_menu,
    model::{Greeting, Working},
    ops::EditorOp,
};

/// The start shapes: key, name and what it gives.
pub const SHAPES: [(&str, &str, &str); 4] = [
    (
        "blank",
        "Blank",
        "An empty flow: add the first step yourself.",
    ),
    (
        "pivot",
        "Pivot with a fallback",
        "Ask your web server what to do; say a message if it fails.",
    ),
    (
        "menu",
        "Menu with two options",
        "Press 1 or 2, and a branch for callers who press nothing.",
    ),
    (
        "forward",
        "Forward to a number",
        "Send every call to another phone number.",
    ),
];

/// What "New callflow" starts from with shape `key` (blank when unknown).
pub fn shape(key: &str) -> Working {
    let mut working = Working {
        doc: Callflow {
            numbers: Some(Vec::new()),
            ..Callflow::default()
        },
        menus: Vec::new(),
    };
    let add = |working: &mut Working, parent: Option<&str>, key: &str, module: &str| {
        let op = EditorOp::Add {
            parent: parent.map(|p| p.parse().unwrap_or_default()),
            key: key.into(),
            module: module.into(),
        };
        let _ = op.apply(working);
    };
    match key {
        "pivot" => {
            add(&mut working, None, "", "pivot");
            add(&mut working, Some(""), "_", "tts");
            set(
                &mut working,
                "/_",
                "tts",
                &[("text", "Sorry, we cannot take your call right now.")],
            );
        }
        "menu" => {
            add(&mut working, None, "", "menu");
            if let Some(menu) = working.menus.first_mut() {
                menu.doc.insert("name".into(), Value::from("Main menu"));
                menu.greeting = Greeting::Speak {
                    text: "For sales, press 1. For support, press 2.".into(),
                    media_id: None,
                    media: None,
                };
            }
            add(&mut working, Some(""), "1", "transfer");
            add(&mut working, Some(""), "2", "transfer");
            add(&mut working, Some(""), "timeout", "tts");
            set(
                &mut working,
                "/timeout",
                "tts",
                &[("text", "Sorry, we did not get a choice. Goodbye.")],
            );
        }
        "forward" => add(&mut working, None, "", "resources"),
        _ => {}
    }
    working
}

/// Sets fields of the node at `path` directly (start shapes only).
fn set(working: &mut Working, path: &str, module: &str, fields: &[(&str, &str)]) {
    let Ok(at) = path.parse() else { return };
    let mut data = Map::new();
    for (k, v) in fields {
        data.insert((*k).into(), Value::from(*v));
    }
    let _ = working.doc.apply(&Edit::Replace {
        at,
        module: module.into(),
        data: Some(Value::Object(data)),
    });
}

/// The data of a new node running `module`: empty for the admin to fill
/// (its form says what is missing); a menu gets a new menu document of its
/// own. `None` for an empty or malformed module name.
pub fn new_data(working: &mut Working, module: &str) -> Option<Map<String, Value>> {
    let module = module.trim();
    let valid = !module.is_empty()
        && module.len() <= 64
        && module
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !valid {
        return None;
    }
    let mut data = Map::new();
    if module == "menu" {
        let key = working.next_menu_key();
        data.insert("id".into(), Value::from(key.clone()));
        let n = working.menus.len() + 1;
        let name = if n == 1 {
            "Main menu".to_owned()
        } else {
            format!("Menu {n}")
        };
        working.menus.push(new_menu(key, &name));
    }
    Some(data)
}
