//! Writes of menus and media: crossbar's pipeline for a plain account
//! document (Kazoo's `cb_menus`, `cb_media`: `crossbar_doc` save with the
//! schema validation of `menus.json` / `media.json`). Like callflows
//! (API.md §5.1, §5.5): private keys are dropped, the rest is validated,
//! schema defaults are filled in, keys keep the order they were sent in,
//! POST replaces, PATCH merges, DELETE is a soft delete.

use std::sync::OnceLock;

use serde_json::{json, Value};

use super::{
    account::StoredDoc,
    collection::Kind,
    rules,
    world::{merge_left, ApiError, World, Write},
};
use crate::schema::SchemaSet;

impl World {
    /// PUT / POST / PATCH of a menu or a media document. Returns the saved
    /// public document (fields + `id`) and its revision.
    pub fn write_doc(
        &mut self,
        account_id: &str,
        kind: Kind,
        id: Option<&str>,
        body: Value,
        write: Write,
        schemas: Option<&SchemaSet>,
    ) -> Result<(Value, String), ApiError> {
        let Value::Object(mut incoming) = body else {
            return Err(ApiError::validation(rules::single(
                "data",
                "type",
                json!({"message": "Value did not match type(s): object"}),
            )));
        };
        let docs = self.accounts[account_id].docs(kind);
        if write == Write::Patch {
            let id = id.unwrap_or_default();
            let stored = docs.live(id).ok_or_else(|| ApiError::bad_identifier(id))?;
            let mut merged = Value::Object(stored.doc.clone());
            merge_left(&mut merged, Value::Object(incoming));
            incoming = merged.as_object().cloned().unwrap_or_default();
        }
        incoming.shift_remove("id");
        incoming.retain(|k, _| !k.starts_with('_') && !k.starts_with("pvt_"));
        let mut doc = Value::Object(incoming);
        let errors = validator(schemas, kind).validate(kind.noun(), &doc);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if let Some(set) = schemas {
            set.apply_defaults(kind.noun(), &mut doc);
        }
        let new_id = match (write, id) {
            (Write::Create, Some(requested)) if docs.docs.contains_key(requested) => {
                return Err(ApiError::new(
                    409,
                    "datastore_conflict",
                    json!({"message": "conflicting documents"}),
                ));
            }
            (Write::Create, requested) => requested
                .map(str::to_owned)
                .unwrap_or_else(|| hex::encode(rand::random::<[u8; 16]>())),
            (_, Some(existing)) if docs.live(existing).is_some() => existing.to_owned(),
            (_, other) => return Err(ApiError::bad_identifier(other.unwrap_or_default())),
        };
        let docs = self
            .accounts
            .get_mut(account_id)
            .expect("authorised account exists")
            .docs_mut(kind);
        let rev = docs.docs.get(&new_id).map_or(1, |d| d.rev + 1);
        let stored = StoredDoc {
            doc: doc.as_object().cloned().unwrap_or_default(),
            rev,
            deleted: false,
        };
        docs.docs.insert(new_id.clone(), stored);
        docs.public(&new_id)
    }

    /// Soft delete; returns the last public document with
    /// `"_read_only": {"deleted": true}` and the revision it had.
    pub fn delete_doc(
        &mut self,
        account_id: &str,
        kind: Kind,
        id: &str,
    ) -> Result<(Value, String), ApiError> {
        let docs = self
            .accounts
            .get_mut(account_id)
            .expect("authorised account exists")
            .docs_mut(kind);
        let (mut doc, rev) = docs.public(id)?;
        let stored = docs.docs.get_mut(id).expect("just read");
        stored.deleted = true;
        stored.rev += 1;
        doc["_read_only"] = json!({"deleted": true});
        Ok((doc, rev))
    }
}

/// Kazoo's schema files when they hold this kind's schema, else the
/// sandbox's built-in subset of them.
fn validator(schemas: Option<&SchemaSet>, kind: Kind) -> &SchemaSet {
    match schemas {
        Some(set) if set.has(kind.noun()) => set,
        _ => builtin(),
    }
}

/// The rules of `menus.json` and `media.json` that matter most, used when
/// Kazoo's schema files are absent (no defaults: those come from the files).
fn builtin() -> &'static SchemaSet {
    static BUILTIN: OnceLock<SchemaSet> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        let name = json!({"type": "string", "minLength": 1, "maxLength": 128});
        let media_ref = json!({"type": "string", "minLength": 3, "maxLength": 2048});
        let bounded = |min: u64, max: u64| json!({"type": "integer", "minimum": min, "maximum": max});
        let menus = json!({"type": "object", "required": ["name"], "properties": {
            "name": name,
            "retries": bounded(1, 10),
            "timeout": bounded(1, 60_000),
            "interdigit_timeout": bounded(1, 10_000),
            "max_extension_length": bounded(1, 6),
            "hunt": {"type": "boolean"},
            "media": {"type": "object", "properties": {"greeting": media_ref}}}});
        let media = json!({"type": "object", "required": ["media_source", "name"], "properties": {
            "name": name,
            "media_source": {"type": "string", "enum": ["recording", "upload", "tts"]},
            "tts": {"type": "object", "properties": {"text": {"type": "string", "minLength": 1}}}}});
        SchemaSet::from_schemas([("menus".to_owned(), menus), ("media".to_owned(), media)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_report_kazoos_shapes() {
        let errors = builtin().validate("menus", &json!({"retries": 11}));
        assert_eq!(errors["name"]["required"]["value"], "name");
        assert_eq!(
            errors["retries"]["maximum"]["message"],
            "Value must be at most 10"
        );
        let errors = builtin().validate("media", &json!({"name": "x", "media_source": "tape"}));
        assert!(errors["media_source"].contains_key("enum"), "{errors:?}");
    }
}
