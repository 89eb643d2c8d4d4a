//! A node against `callflows.action` (module: required string of 1..64
//! characters; data: required object; children: object whose every value
//! is a node) and each node's data against its module's schema through
//! the catalogue. `tests/checker` holds these facts against
//! `../shared/kazoo/schemas/callflows.action.json`.

use serde_json::Value;

use crate::{
    catalogue,
    checker::{Finding, Handling},
};

/// `callflows.action` `module.maxLength`.
pub const ACTION_MODULE_MAX_CHARS: usize = 64;

/// Callflow modules Kazoo's callflow app has (a `cf_<name>.erl` in
/// `applications/callflow/src/module`) that have no
/// `callflows.<name>.json` schema, so the catalogue does not list them.
pub const MODULES_WITHOUT_SCHEMA: [&str; 9] = [
    "aaa",
    "branch_property",
    "call_group",
    "customer_defined_notification",
    "kvs_set",
    "log_in_out_ring_group",
    "number_rewrite",
    "pickup_any_group",
    "qubicle",
];

/// Whether Kazoo has a callflow module of this name.
pub fn module_exists(name: &str) -> bool {
    catalogue::module(name).is_some() || MODULES_WITHOUT_SCHEMA.contains(&name)
}

/// Validates `value` as a node at `path` (`""` for the answer itself,
/// `children._` below it), its children with it.
pub(super) fn validate(value: &Value, path: &str, out: &mut Vec<Finding>) {
    let Some(node) = value.as_object() else {
        out.push(schema(
            path,
            None,
            "must be an object (a callflow node)".into(),
        ));
        return;
    };
    let module = match node.get("module") {
        None => {
            out.push(schema(
                path,
                Some("module"),
                "module is required: the name of the callflow module to run".into(),
            ));
            None
        }
        Some(Value::String(name)) => {
            let chars = name.chars().count();
            if chars == 0 || chars > ACTION_MODULE_MAX_CHARS {
                out.push(schema(
                    path,
                    Some("module"),
                    format!("module must be 1 to {ACTION_MODULE_MAX_CHARS} characters"),
                ));
                None
            } else {
                Some(name.as_str())
            }
        }
        Some(_) => {
            out.push(schema(
                path,
                Some("module"),
                "module must be a string".into(),
            ));
            None
        }
    };
    match node.get("data") {
        None => out.push(schema(
            path,
            Some("data"),
            "data is required: an object, {} when the module needs nothing".into(),
        )),
        Some(data @ Value::Object(_)) => {
            if let Some(name) = module {
                module_data(name, data, path, out);
            }
        }
        Some(_) => out.push(schema(path, Some("data"), "data must be an object".into())),
    }
    if let Some(name) = module.filter(|n| !module_exists(n)) {
        out.push(Finding {
            at: None,
            element: join(path, "module"),
            attribute: Some("module".into()),
            value: Some(name.to_owned()),
            handling: Handling::ElementIgnored,
            message: format!(
                "Kazoo has no callflow module named \"{name}\" [infer: the callflow app cannot \
                 run this node and passes over it]."
            ),
            fix: Some("Use a module Kazoo has (tts, play, menu, pivot, transfer, …).".into()),
        });
    }
    match node.get("children") {
        None => {}
        Some(Value::Object(children)) => {
            for (key, child) in children {
                validate(child, &join(path, &format!("children.{key}")), out);
            }
        }
        Some(_) => out.push(schema(
            path,
            Some("children"),
            "children must be an object of nodes keyed by branch (\"_\", digits…)".into(),
        )),
    }
}

fn module_data(name: &str, data: &Value, path: &str, out: &mut Vec<Finding>) {
    for error in catalogue::validate(name, data) {
        let key = if error.key.is_empty() {
            "data".to_owned()
        } else {
            format!("data.{}", error.key)
        };
        out.push(Finding {
            at: None,
            element: join(path, &key),
            attribute: (!error.key.is_empty()).then(|| error.key.clone()),
            value: None,
            handling: Handling::HangsUp,
            message: format!(
                "{} (schema callflows.{name}). Kazoo's validation fails and the call is hung up.",
                error.message
            ),
            fix: Some(if error.key.is_empty() {
                format!("Make the {name} node's data a JSON object.")
            } else {
                format!("Correct data.{} of the {name} node.", error.key)
            }),
        });
    }
}

fn schema(path: &str, key: Option<&str>, what: String) -> Finding {
    Finding {
        at: None,
        element: key.map_or_else(|| path.to_owned(), |k| join(path, k)),
        attribute: key.map(str::to_owned),
        value: None,
        handling: Handling::HangsUp,
        message: format!(
            "{} (schema callflows.action). Kazoo's validation fails and the call is hung up.",
            upper_first(&what)
        ),
        fix: Some(match key {
            Some("module") => {
                "Give the node a \"module\": the name of a callflow module, such as \"tts\".".into()
            }
            Some("data") => {
                "Give the node a \"data\" object ({} when the module needs nothing).".into()
            }
            Some("children") => {
                "Make \"children\" an object of nodes keyed by branch: {\"_\": {…}}.".into()
            }
            _ => "Make it a node: {\"module\": …, \"data\": {…}}.".into(),
        }),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
