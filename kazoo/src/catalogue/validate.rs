//! A node's data checked against its module's catalogue entry: the
//! errors Kazoo's schema would give (required keys, types, bounds,
//! choices, lengths), in the admin's words, without the schema files.

use serde_json::Value;

use super::{check, module};

/// One thing wrong with a node's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The key in `data` (empty when the data itself is not an object).
    pub key: String,
    /// What is wrong, in words ("Timeout must be a whole number from 1
    /// to 5000").
    pub message: String,
}

/// What Kazoo's schema `callflows.<module>` would refuse in `data`, field
/// by field in the form's order. A module the catalogue does not know
/// (no schema: a raw node) has no errors; keys the spec does not name are
/// not checked (Kazoo's callflow schemas allow them).
pub fn validate(module_name: &str, data: &Value) -> Vec<FieldError> {
    let Some(spec) = module(module_name) else {
        return Vec::new();
    };
    let Some(obj) = data.as_object() else {
        return vec![FieldError {
            key: String::new(),
            message: format!("The data of a {} step must be a JSON object", spec.label),
        }];
    };
    spec.fields
        .iter()
        .filter_map(|field| {
            let message = match obj.get(field.key) {
                None if field.required => format!("{} is required", field.label),
                None => return None,
                Some(value) => check::check_value(field, value)?,
            };
            Some(FieldError {
                key: field.key.to_owned(),
                message,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn schema_errors_by_field() {
        let errors = validate(
            "pivot",
            &json!({"req_timeout_ms": 9000, "method": "put", "x": {}}),
        );
        let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["voice_url", "method", "req_timeout_ms"]);
        assert_eq!(errors[0].message, "Voice URL is required");
        assert!(validate("pivot", &json!({"voice_url": "https://a.example"})).is_empty());
    }

    #[test]
    fn unknown_modules_and_odd_data() {
        assert!(validate("not_a_module", &json!(7)).is_empty());
        assert_eq!(validate("tts", &json!([])).len(), 1);
    }
}
