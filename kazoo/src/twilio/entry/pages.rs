//! An export's JSON: values one after another (REST pages pasted in a
//! row, CLI arrays), each read into entries.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{key, Entry, Format, Kind, Place, Problem, Read, HOW};
use crate::twilio::NUMBERS_MAX;

/// JSON values one after another (pasted pages), each a REST page, a CLI
/// array or a single object.
pub(super) fn read(text: &str, kind: &Kind) -> Result<Read, Problem> {
    let mut entries = Vec::new();
    let mut pages = 0;
    let mut rest_pages = 0;
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let value = value.map_err(json_problem)?;
        pages += 1;
        let list = match value {
            Value::Array(items) => items,
            Value::Object(mut object) => match object.remove(kind.list) {
                Some(Value::Array(items)) => {
                    rest_pages += 1;
                    items
                }
                Some(_) => {
                    return Err(Problem::WrongShape(format!(
                        "has \"{}\" that is not a list (page {pages}).",
                        kind.list
                    )))
                }
                None if object.keys().any(|k| {
                    kind.required
                        .iter()
                        .any(|(r, _)| key(k) == *r && *r != "voiceurl")
                }) =>
                {
                    rest_pages += 1;
                    vec![Value::Object(object)]
                }
                None => return Err(wrong_object(&object, kind, pages)),
            },
            other => {
                return Err(Problem::WrongShape(format!(
                    "is JSON but not a Twilio export: page {pages} is {}. {HOW}",
                    kind_of(&other)
                )))
            }
        };
        for (i, item) in list.into_iter().enumerate() {
            let place = Place::Json {
                page: pages,
                entry: i + 1,
            };
            let Value::Object(object) = item else {
                return Err(Problem::WrongShape(format!(
                    "is a list, but {place} is {}, not an object with a {}.",
                    kind_of(&item),
                    kind.required[0].1
                )));
            };
            entries.push(Entry {
                place,
                fields: flatten(object),
            });
            if entries.len() > NUMBERS_MAX {
                return Err(Problem::TooMany {
                    count: entries.len(),
                });
            }
        }
    }
    let format = if rest_pages == pages {
        Format::RestJson
    } else {
        Format::CliJson
    };
    Ok(Read {
        format,
        pages,
        entries,
        notes: Vec::new(),
    })
}

/// An object that is no page of this export: the other export, another
/// Twilio list (`calls`, `messages`, …), or something else.
fn wrong_object(object: &serde_json::Map<String, Value>, kind: &Kind, page: usize) -> Problem {
    if object.contains_key(kind.other_list) {
        return Problem::WrongShape(match kind.list {
            "applications" => "is a numbers export (incoming_phone_numbers): put it in the numbers field, and the Applications (TwiML Apps) export here.".to_owned(),
            _ => "is the Applications (TwiML Apps) export: put it in the Applications field, and the numbers export (incoming_phone_numbers) here.".to_owned(),
        });
    }
    let paging = [
        "uri",
        "page",
        "page_size",
        "first_page_uri",
        "next_page_uri",
        "previous_page_uri",
        "start",
        "end",
        "meta",
    ];
    let list = object
        .iter()
        .find(|(k, v)| v.is_array() && !paging.contains(&k.as_str()))
        .map(|(k, _)| k.clone());
    match list {
        Some(list) => Problem::WrongShape(format!(
            "is a Twilio \"{list}\" list, not {}: export the {} list instead (page {page}).",
            kind.noun,
            if kind.list == "applications" {
                "Applications (TwiML Apps)"
            } else {
                "IncomingPhoneNumbers"
            }
        )),
        None => {
            let keys: Vec<&str> = object.keys().map(String::as_str).take(8).collect();
            Problem::WrongShape(format!(
                "is JSON but not a Twilio export: page {page} has no \"{}\" list (its keys: {}). {HOW}",
                kind.list,
                if keys.is_empty() { "none".to_owned() } else { keys.join(", ") }
            ))
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn json_problem(e: serde_json::Error) -> Problem {
    if e.is_eof() {
        return Problem::Truncated { line: e.line() };
    }
    // serde_json says "expected value at line 1 column 2": keep the words.
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(words, _)| words)
        .to_owned();
    Problem::Json {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// An entry's fields by [`key`]: texts as they are, null as empty,
/// numbers and booleans as written, one level of nested objects as
/// `outerinner` (`capabilities.voice` → `capabilitiesvoice`).
fn flatten(object: serde_json::Map<String, Value>) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    for (name, value) in object {
        match value {
            Value::Object(inner) => {
                for (sub, v) in inner {
                    if let Some(text) = scalar(&v) {
                        fields.insert(key(&format!("{name}{sub}")), text);
                    }
                }
            }
            other => {
                if let Some(text) = scalar(&other) {
                    fields.insert(key(&name), text);
                }
            }
        }
    }
    fields
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}
