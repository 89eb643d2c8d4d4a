//! A step's form (both targets): the module's fields from the catalogue
//! (`kazoo::catalogue`: made for purpose for the common modules,
//! generated from Kazoo's schema for the others), or, for a module with
//! no schema, its data as JSON text, kept exactly as it came until the
//! admin changes it.

use std::collections::BTreeMap;

use kazoo::catalogue;
use serde_json::{Map, Value};

/// The field that holds a raw node's data as JSON text.
pub const RAW_FIELD: &str = "@json";

/// What each input shows for `data`.
pub fn values(module: &str, data: &Map<String, Value>) -> BTreeMap<String, String> {
    match catalogue::module(module) {
        Some(spec) => catalogue::form::values(spec, data),
        None => BTreeMap::from([(RAW_FIELD.to_owned(), raw_text(data))]),
    }
}

/// The data as a raw node's text area shows it.
pub fn raw_text(data: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(data).unwrap_or_default()
}

/// The form applied to `data`: only the fields whose input differs from
/// what the form showed are written.
///
/// # Errors
/// Field messages (keys as in [`values`]); nothing is changed then.
pub fn apply(
    module: &str,
    data: &Map<String, Value>,
    input: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, BTreeMap<String, String>> {
    match catalogue::module(module) {
        Some(spec) => {
            let before = catalogue::form::values(spec, data);
            catalogue::form::apply(spec, data, &before, input)
        }
        None => {
            let Some(text) = input.get(RAW_FIELD) else {
                return Ok(data.clone());
            };
            if text.trim() == raw_text(data).trim() {
                return Ok(data.clone());
            }
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => Ok(map),
                Ok(_) => Err(BTreeMap::from([(
                    RAW_FIELD.to_owned(),
                    "The data must be a JSON object: { … }.".to_owned(),
                )])),
                Err(e) => Err(BTreeMap::from([(
                    RAW_FIELD.to_owned(),
                    format!("This is not JSON: {e}."),
                )])),
            }
        }
    }
}
