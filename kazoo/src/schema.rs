//! A JSON-schema (draft-04 subset) validator for Kazoo's own schemas that
//! reports errors in Kazoo's shape (API.md §3) and fills schema defaults
//! the way Kazoo does on save.
//!
//! Kazoo's schemas name each other by bare id (`"$ref": "callflows.action"`)
//! and validate each flow node's `data` against `callflows.<module>`
//! (its `kazoo-validation` extension); both are handled here. Keywords
//! covered: type, properties, patternProperties, additionalProperties,
//! required, enum, pattern, min/maxLength, minimum/maximum, min/maxItems,
//! uniqueItems, items, $ref, oneOf, anyOf. `format` is not checked.

use std::{collections::HashMap, io, path::Path};

use serde_json::{json, Map, Value};

use self::keywords::{add, check_number, check_string, type_matches, type_names};
use crate::{flow::children, types::ValidationErrors};

mod keywords;

/// A set of schemas keyed by their `_id` (file name without `.json`).
#[derive(Debug, Clone, Default)]
pub struct SchemaSet {
    schemas: HashMap<String, Value>,
}

impl SchemaSet {
    /// Loads every `*.json` file of a folder.
    ///
    /// # Errors
    /// When the folder cannot be read or a file is not JSON.
    pub fn load_dir(dir: &Path) -> io::Result<Self> {
        let mut schemas = HashMap::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: {e}", path.display()),
                )
            })?;
            let id = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            schemas.insert(id.to_owned(), value);
        }
        Ok(Self { schemas })
    }

    /// A set of the given `(id, schema)` pairs (built-in rules, tests).
    pub fn from_schemas(schemas: impl IntoIterator<Item = (String, Value)>) -> Self {
        Self {
            schemas: schemas.into_iter().collect(),
        }
    }

    /// Whether a schema with this id is loaded.
    pub fn has(&self, id: &str) -> bool {
        self.schemas.contains_key(id)
    }

    /// Validates `instance` against schema `id`; empty when valid.
    pub fn validate(&self, id: &str, instance: &Value) -> ValidationErrors {
        let mut errors = ValidationErrors::new();
        match self.schemas.get(id) {
            Some(schema) => self.check(schema, instance, &mut Vec::new(), &mut errors),
            None => add(
                &mut errors,
                &[],
                "error",
                json!({"message": format!("unable to find schema {id}")}),
            ),
        }
        errors
    }

    /// Validates a callflow document: `callflows`, then every node's `data`
    /// against `callflows.<module>`, as Kazoo's extra validation does.
    pub fn validate_callflow(&self, doc: &Value) -> ValidationErrors {
        let mut errors = self.validate("callflows", doc);
        if let Some(flow) = doc.get("flow") {
            self.check_node(flow, &mut vec!["flow".to_owned()], &mut errors);
        }
        errors
    }

    fn check_node(&self, node: &Value, path: &mut Vec<String>, errors: &mut ValidationErrors) {
        let Some(module) = node.get("module").and_then(Value::as_str) else {
            return;
        };
        let schema_id = format!("callflows.{module}");
        match self.schemas.get(&schema_id) {
            Some(schema) => {
                let data = node.get("data").cloned().unwrap_or_else(|| json!({}));
                path.push("data".to_owned());
                self.check(schema, &data, path, errors);
                path.pop();
            }
            None => {
                path.push("module".to_owned());
                let message = format!("unable to find callflow schema for module {module}");
                add(
                    errors,
                    path,
                    "error",
                    json!({"message": message, "value": module}),
                );
                path.pop();
            }
        }
        for (key, child) in children(node) {
            path.extend(["children".to_owned(), key.clone()]);
            self.check_node(child, path, errors);
            path.truncate(path.len() - 2);
        }
    }

    /// Fills `default` values into a callflow document, including each
    /// node's module defaults, as Kazoo does on save.
    pub fn apply_callflow_defaults(&self, doc: &mut Value) {
        if let Some(schema) = self.schemas.get("callflows") {
            self.fill_defaults(schema, doc);
        }
        if let Some(flow) = doc.get_mut("flow") {
            self.fill_node_defaults(flow);
        }
    }

    /// Fills `default` values of schema `id` into `instance` (a menu, a
    /// media document…), as Kazoo does on save; nothing when `id` is not
    /// loaded.
    pub fn apply_defaults(&self, id: &str, instance: &mut Value) {
        if let Some(schema) = self.schemas.get(id) {
            self.fill_defaults(schema, instance);
        }
    }

    fn fill_node_defaults(&self, node: &mut Value) {
        if let Some(schema) = self.schemas.get("callflows.action") {
            self.fill_defaults(schema, node);
        }
        let module = node
            .get("module")
            .and_then(Value::as_str)
            .map(|m| format!("callflows.{m}"));
        if let (Some(schema), Some(data)) = (
            module.and_then(|m| self.schemas.get(&m)),
            node.get_mut("data"),
        ) {
            self.fill_defaults(schema, data);
        }
        if let Some(children) = node.get_mut("children").and_then(Value::as_object_mut) {
            children
                .values_mut()
                .for_each(|child| self.fill_node_defaults(child));
        }
    }

    fn fill_defaults(&self, schema: &Value, instance: &mut Value) {
        let schema = self.resolve(schema);
        let (Some(props), Some(obj)) = (
            schema.get("properties").and_then(Value::as_object),
            instance.as_object_mut(),
        ) else {
            return;
        };
        for (name, sub) in props {
            let sub = self.resolve(sub);
            match obj.get_mut(name) {
                Some(value) => self.fill_defaults(sub, value),
                None => {
                    // A default object gets its own properties' defaults
                    // too (Kazoo's media: `tts` → `{"voice": "female/en-US"}`).
                    if let Some(default) = sub.get("default") {
                        let mut value = default.clone();
                        self.fill_defaults(sub, &mut value);
                        obj.insert(name.clone(), value);
                    }
                }
            }
        }
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(id) => self.schemas.get(id).unwrap_or(schema),
            None => schema,
        }
    }

    fn check(
        &self,
        schema: &Value,
        value: &Value,
        path: &mut Vec<String>,
        errors: &mut ValidationErrors,
    ) {
        let schema = self.resolve(schema);
        let Some(s) = schema.as_object() else { return };
        if let Some(expected) = s.get("type") {
            if !type_matches(expected, value) {
                let names = type_names(expected);
                let message = format!("Value did not match type(s): {names}");
                add(
                    errors,
                    path,
                    "type",
                    json!({"message": message, "target": expected, "value": value}),
                );
                return;
            }
        }
        if let Some(options) = s.get("enum").and_then(Value::as_array) {
            if !options.contains(value) {
                let message = "Value not found in enumerated list of values";
                add(
                    errors,
                    path,
                    "enum",
                    json!({"message": message, "target": options, "value": value}),
                );
            }
        }
        match value {
            Value::String(text) => check_string(s, text, value, path, errors),
            Value::Number(n) => {
                check_number(s, n.as_f64().unwrap_or_default(), value, path, errors)
            }
            Value::Array(items) => self.check_array(s, items, value, path, errors),
            Value::Object(obj) => self.check_object(s, obj, path, errors),
            _ => {}
        }
        self.check_combinators(s, value, path, errors);
    }

    fn check_combinators(
        &self,
        s: &Map<String, Value>,
        value: &Value,
        path: &[String],
        errors: &mut ValidationErrors,
    ) {
        let passes = |sub: &Value| {
            let mut scratch = ValidationErrors::new();
            self.check(sub, value, &mut path.to_vec(), &mut scratch);
            scratch.is_empty()
        };
        if let Some(options) = s.get("oneOf").and_then(Value::as_array) {
            if options.iter().filter(|o| passes(o)).count() != 1 {
                let message = "Value did not match exactly one schema";
                add(
                    errors,
                    path,
                    "oneOf",
                    json!({"message": message, "value": value}),
                );
            }
        }
        if let Some(options) = s.get("anyOf").and_then(Value::as_array) {
            if !options.iter().any(passes) {
                let message = "Value did not match any of the schemas";
                add(
                    errors,
                    path,
                    "anyOf",
                    json!({"message": message, "value": value}),
                );
            }
        }
    }

    fn check_array(
        &self,
        s: &Map<String, Value>,
        items: &[Value],
        value: &Value,
        path: &mut Vec<String>,
        errors: &mut ValidationErrors,
    ) {
        if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                let message = format!("The list must have at least {min} items");
                add(
                    errors,
                    path,
                    "minItems",
                    json!({"message": message, "target": min, "value": value}),
                );
            }
        }
        if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
            if items.len() as u64 > max {
                let message = format!("The list is more than {max} items");
                add(
                    errors,
                    path,
                    "maxItems",
                    json!({"message": message, "target": max, "value": value}),
                );
            }
        }
        if s.get("uniqueItems") == Some(&Value::Bool(true)) {
            let unique = items
                .iter()
                .enumerate()
                .all(|(i, a)| !items[..i].contains(a));
            if !unique {
                add(
                    errors,
                    path,
                    "uniqueItems",
                    json!({"message": "List of items is not unique", "value": value}),
                );
            }
        }
        if let Some(item_schema) = s.get("items").filter(|i| i.is_object()) {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                self.check(item_schema, item, path, errors);
                path.pop();
            }
        }
    }

    fn check_object(
        &self,
        s: &Map<String, Value>,
        obj: &Map<String, Value>,
        path: &mut Vec<String>,
        errors: &mut ValidationErrors,
    ) {
        for name in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !obj.contains_key(name) {
                path.push(name.to_owned());
                add(
                    errors,
                    path,
                    "required",
                    json!({"message": "Field is required but missing", "value": name}),
                );
                path.pop();
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        let patterns: Vec<(regex::Regex, &Value)> = s
            .get("patternProperties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(re, sub)| regex::Regex::new(re).ok().map(|re| (re, sub)))
            .collect();
        for (key, value) in obj {
            let mut matched = false;
            path.push(key.replace('.', "%2E"));
            if let Some(sub) = props.and_then(|p| p.get(key)) {
                matched = true;
                self.check(sub, value, path, errors);
            }
            for (re, sub) in &patterns {
                if re.is_match(key) {
                    matched = true;
                    self.check(sub, value, path, errors);
                }
            }
            if !matched {
                match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        let message = "Strict checking of data is enabled; only include schema-defined properties";
                        add(
                            errors,
                            path,
                            "additionalProperties",
                            json!({"message": message, "value": key}),
                        );
                    }
                    Some(sub @ Value::Object(_)) => self.check(sub, value, path, errors),
                    _ => {}
                }
            }
            path.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> SchemaSet {
        let mut schemas = HashMap::new();
        schemas.insert(
            "callflows".to_owned(),
            json!({"type":"object","properties":{
                "numbers":{"type":"array","default":[],"uniqueItems":true,"items":{"type":"string","minLength":1,"maxLength":36}},
                "flow":{"$ref":"callflows.action"}}}),
        );
        schemas.insert(
            "callflows.action".to_owned(),
            json!({"type":"object","required":["data","module"],"properties":{
                "module":{"type":"string","minLength":1},"data":{"type":"object","default":{}},
                "children":{"type":"object","patternProperties":{".+":{"$ref":"callflows.action"}}}}}),
        );
        schemas.insert(
            "callflows.pivot".to_owned(),
            json!({"type":"object","required":["voice_url"],"properties":{
                "voice_url":{"type":"string","pattern":"^https?://"},
                "method":{"type":"string","enum":["get","post"],"default":"get"},
                "req_timeout_ms":{"type":"integer","maximum":5000}}}),
        );
        SchemaSet { schemas }
    }

    #[test]
    fn missing_voice_url_is_reported_at_its_dotted_path() {
        let doc = json!({"numbers":["+14155550100"],"flow":{"module":"pivot","data":{}}});
        let errors = set().validate_callflow(&doc);
        let required = &errors["flow.data.voice_url"]["required"];
        assert_eq!(required["message"], "Field is required but missing");
        assert_eq!(required["value"], "voice_url");
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn child_nodes_and_unknown_modules_are_checked() {
        let doc = json!({"flow":{"module":"pivot","data":{"voice_url":"ftp://x","req_timeout_ms":9000},
            "children":{"_":{"module":"nope","data":{}}}}});
        let errors = set().validate_callflow(&doc);
        assert!(errors["flow.data.voice_url"].contains_key("pattern"));
        assert_eq!(
            errors["flow.data.req_timeout_ms"]["maximum"]["message"],
            "Value must be at most 5000"
        );
        assert!(errors["flow.children._.module"].contains_key("error"));
    }

    #[test]
    fn types_enums_and_unique_items() {
        let doc = json!({"numbers":["1","1",""],"flow":{"module":"pivot","data":{"voice_url":"http://a","method":"put"}}});
        let errors = set().validate_callflow(&doc);
        assert!(errors["numbers"].contains_key("uniqueItems"));
        assert!(errors["numbers.2"].contains_key("minLength"));
        assert!(errors["flow.data.method"].contains_key("enum"));
        let errors = set().validate_callflow(&json!({"numbers":"x"}));
        assert_eq!(
            errors["numbers"]["type"]["message"],
            "Value did not match type(s): array"
        );
    }

    #[test]
    fn defaults_are_filled_through_refs_and_modules() {
        let mut doc = json!({"flow":{"module":"pivot","data":{"voice_url":"http://a"}}});
        set().apply_callflow_defaults(&mut doc);
        assert_eq!(doc["numbers"], json!([]));
        assert_eq!(doc["flow"]["data"]["method"], "get");
    }
}
