//! The menu document's part of a menu step's form (both targets): name,
//! greeting (text to speak, or an existing media), retries, timeout and
//! whether callers may dial an extension. Bounds from Kazoo's
//! `menus.json`: name 1..128 characters, retries 1..10, timeout
//! 1..60000 ms; `hunt` (dial an extension) defaults to true.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::model::{Greeting, MenuDraft};

/// Longest menu name (`menus.json` `name.maxLength`).
pub const NAME_MAX: usize = 128;
/// Longest greeting text we send for TTS, in characters (as `tts`
/// nodes: `callflows.tts.json`).
pub const GREETING_MAX: usize = kazoo::rules::TTS_TEXT_MAX_CHARS;

/// The form's fields for a menu: `name`, `greeting_kind` (`speak`,
/// `media`, `none`), `greeting` (text), `greeting_media` (a media id),
/// `retries`, `timeout` (ms) and `hunt` (`true`/`false`).
pub fn values(menu: &MenuDraft) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("name".into(), menu.name().to_owned());
    let (kind, text, media) = match &menu.greeting {
        // "Text to speak" is the form's first choice; left empty, there is
        // no greeting.
        Greeting::None => ("speak", String::new(), String::new()),
        Greeting::Speak { text, .. } => ("speak", text.clone(), String::new()),
        Greeting::Media { id } => ("media", String::new(), id.clone()),
    };
    out.insert("greeting_kind".into(), kind.into());
    out.insert("greeting".into(), text);
    out.insert("greeting_media".into(), media);
    for key in ["retries", "timeout"] {
        let value = menu.doc.get(key).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        out.insert(key.into(), value.unwrap_or_default());
    }
    let hunt = menu
        .doc
        .get("hunt")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    out.insert("hunt".into(), hunt.to_string());
    out
}

/// Applies the fields the admin changed (compared with [`values`]).
///
/// # Errors
/// Field messages; the menu is unchanged then.
pub fn apply(
    menu: &mut MenuDraft,
    input: &BTreeMap<String, String>,
) -> Result<(), BTreeMap<String, String>> {
    let before = values(menu);
    let changed = |key: &str| {
        input
            .get(key)
            .is_some_and(|v| v.trim() != before.get(key).map_or("", |b| b.trim()))
    };
    let mut errors = BTreeMap::new();
    let mut doc = menu.doc.clone();
    if changed("name") {
        let name = input["name"].trim();
        if name.is_empty() || name.chars().count() > NAME_MAX {
            errors.insert(
                "name".into(),
                format!("Give the menu a name of 1 to {NAME_MAX} characters."),
            );
        } else {
            doc.insert("name".into(), Value::from(name));
        }
    }
    for (key, label, max) in [("retries", "Retries", 10), ("timeout", "Timeout", 60000)] {
        if !changed(key) {
            continue;
        }
        let text = input[key].trim();
        if text.is_empty() {
            doc.shift_remove(key);
            continue;
        }
        match text.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => {
                doc.insert(key.into(), Value::from(n));
            }
            _ => {
                errors.insert(
                    key.into(),
                    format!("{label} must be a whole number from 1 to {max}."),
                );
            }
        }
    }
    // A checkbox: present ("true"/"on") when ticked, absent when not; the
    // form sends `hunt_shown` so an unticked box reads as false.
    if input.contains_key("hunt_shown") {
        let hunt = input
            .get("hunt")
            .is_some_and(|v| v.lines().any(|l| l == "true" || l == "on"));
        if hunt != before.get("hunt").is_some_and(|b| b == "true") {
            doc.insert("hunt".into(), Value::from(hunt));
        }
    }
    let greeting = greeting(menu, input, &before, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    menu.doc = doc;
    menu.greeting = greeting;
    Ok(())
}

fn greeting(
    menu: &MenuDraft,
    input: &BTreeMap<String, String>,
    before: &BTreeMap<String, String>,
    errors: &mut BTreeMap<String, String>,
) -> Greeting {
    // A form without the greeting's fields leaves it as it is.
    if !input.contains_key("greeting_kind") && !input.contains_key("greeting") {
        return menu.greeting.clone();
    }
    let kind = input
        .get("greeting_kind")
        .map_or(before["greeting_kind"].as_str(), |k| k.trim());
    // Browsers send a text area's line breaks as CRLF.
    let typed = input.get("greeting").map(|t| t.replace("\r\n", "\n"));
    let text = typed.as_deref().map_or("", str::trim);
    match kind {
        "none" => Greeting::None,
        "media" => {
            let id = input.get("greeting_media").map_or("", |t| t.trim());
            if id.is_empty() {
                errors.insert(
                    "greeting_media".into(),
                    "Pick the media callers hear.".into(),
                );
            }
            Greeting::Media { id: id.to_owned() }
        }
        _ if text.is_empty() => Greeting::None,
        _ => {
            if text.chars().count() > GREETING_MAX {
                errors.insert(
                    "greeting".into(),
                    format!("Keep the greeting to {GREETING_MAX} characters."),
                );
            }
            match &menu.greeting {
                // The same text: the greeting (and its media) as it was.
                Greeting::Speak { text: was, .. } if was == text => menu.greeting.clone(),
                Greeting::Speak {
                    media_id, media, ..
                } => Greeting::Speak {
                    text: text.to_owned(),
                    media_id: media_id.clone(),
                    media: media.clone(),
                },
                _ => Greeting::Speak {
                    text: text.to_owned(),
                    media_id: None,
                    media: None,
                },
            }
        }
    }
}

/// A new menu document: just its name (Kazoo fills the schema's defaults).
pub fn new_menu(key: String, name: &str) -> MenuDraft {
    let mut doc = Map::new();
    doc.insert("name".into(), Value::from(name));
    MenuDraft {
        key,
        doc,
        greeting: Greeting::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_menu_takes_its_fields_and_keeps_what_was_not_changed() {
        let mut menu = new_menu("new-menu-1".into(), "Main");
        menu.doc
            .insert("allow_record_from_offnet".into(), Value::from(false));
        let form = input(&[
            ("name", "Main menu"),
            ("greeting_kind", "speak"),
            ("greeting", "Welcome."),
            ("retries", "3"),
            ("timeout", ""),
        ]);
        apply(&mut menu, &form).unwrap();
        assert_eq!(menu.name(), "Main menu");
        assert_eq!(menu.doc["retries"], 3);
        assert_eq!(menu.doc["allow_record_from_offnet"], false);
        assert!(matches!(&menu.greeting, Greeting::Speak { text, .. } if text == "Welcome."));
    }

    #[test]
    fn out_of_range_values_change_nothing() {
        let mut menu = new_menu("new-menu-1".into(), "Main");
        let before = menu.clone();
        let err = apply(
            &mut menu,
            &input(&[
                ("retries", "11"),
                ("greeting_kind", "speak"),
                ("greeting", "Hi"),
            ]),
        )
        .unwrap_err();
        assert!(err["retries"].contains("1 to 10"));
        assert_eq!(menu, before);
    }
}
