//! The callflow modules the editor knows, with the fields of each node's
//! `data`: what the product carries of Kazoo's schemas
//! (`callflows.<module>.json`), since it cannot read them at run time.
//!
//! Every module with a schema has a [`ModuleSpec`]: most are generated
//! once from the schema (`scripts/catalogue-from-schemas.py`, the table in
//! `catalogue/modules.rs`); the ones admins use most are made by hand for
//! them (`catalogue/curated.rs`: field order, plain labels, pickers). Both
//! hold the schema's facts — type, bounds, choices, required, default —
//! and `tests/catalogue.rs` holds them against every schema in
//! `../shared/kazoo/schemas`. Labels are our own words, made from key
//! names; Kazoo's descriptions are not copied.
//!
//! [`form`] turns a spec into form values and back (a patch on the node's
//! data); [`validate`] checks a node's data the way the schema would.

mod check;
mod curated;
pub mod form;
mod labels;
pub mod lists;
mod modules;
mod validate;

pub use labels::{choice_label, humanize};
pub use validate::{validate, FieldError};

/// One module a callflow node can run, and the fields of its `data`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModuleSpec {
    /// The module name Kazoo knows it by (`"tts"`).
    pub name: &'static str,
    /// What it does in plain words (`"Say"`).
    pub label: &'static str,
    /// Every field of the module's schema, in the order the form shows
    /// them.
    pub fields: &'static [FieldSpec],
    /// Made by hand for admins (pickers, labels, order), not generated.
    pub curated: bool,
}

impl ModuleSpec {
    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// One key of a node's `data`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// The key in `data`.
    pub key: &'static str,
    /// The form's label for it.
    pub label: &'static str,
    /// What values it takes (and so which input shows it).
    pub kind: Kind,
    /// The schema lists the key in `required`.
    pub required: bool,
    /// The schema's `default`, as JSON text (`"20"`, `"\"female\""`,
    /// `"[]"`): what Kazoo uses when the key is absent.
    pub default: Option<&'static str>,
    /// How the form shows the input beyond what `kind` says.
    pub hint: Hint,
    /// Rarely changed: the form may fold it under "More options".
    pub advanced: bool,
}

/// The values a field takes; each names the input that edits it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A string; lengths in characters. `pattern` is the schema's regular
    /// expression; the catalogue checks the ones Kazoo's callflow schemas
    /// use (see [`pattern_known`]) and passes any other.
    Text {
        min_len: Option<u32>,
        max_len: Option<u32>,
        pattern: Option<&'static str>,
    },
    /// A whole number (JSON integer).
    Integer { min: Option<i64>, max: Option<i64> },
    /// Any JSON number.
    Number { min: Option<f64>, max: Option<f64> },
    /// `true` or `false`.
    Boolean,
    /// One string of a fixed list (the schema's `enum`).
    Choice(&'static [&'static str]),
    /// A list of strings, one per line in the form; `choices` when the
    /// schema lists the values an item may take.
    StringList {
        choices: Option<&'static [&'static str]>,
        min_items: Option<u32>,
        unique: bool,
    },
    /// Anything deeper (objects, lists of objects, `oneOf`), edited as
    /// JSON text.
    Json(Shape),
    /// The id (a string) of one of the account's documents, picked from a
    /// list the app fills.
    Pick {
        resource: Resource,
        min_len: Option<u32>,
        max_len: Option<u32>,
    },
    /// A notification's `recipients`: `[{"type": "email"|"user", "id": …}]`,
    /// edited as one address or user id per line ([`lists`]).
    Recipients,
    /// A ring group's `endpoints`: at least one
    /// `{"id", "endpoint_type": "user"|"device"|"group", …}`, edited as
    /// `type:id` lines ([`lists`]).
    Endpoints,
}

/// What JSON a [`Kind::Json`] field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A JSON object.
    Object,
    /// A JSON list, with at least `min_items` items.
    Array { min_items: Option<u32> },
    /// A value of exactly one of these types (the schema's `oneOf`).
    OneOf(&'static [JsonType]),
}

/// A JSON-schema type name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Boolean,
    Integer,
    Number,
    String,
    Object,
    Array,
}

impl JsonType {
    /// The schema's name for it (`"boolean"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Boolean => "boolean",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::String => "string",
            Self::Object => "object",
            Self::Array => "array",
        }
    }
}

/// The account documents a [`Kind::Pick`] field picks from (crossbar's
/// `/users`, `/devices`, `/vmboxes`, `/callflows`, `/media`, `/menus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Users,
    Devices,
    Vmboxes,
    Callflows,
    Media,
    Menus,
}

/// How the form shows an input beyond its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// The input its kind calls for.
    Plain,
    /// A multi-line text area (a text to speak).
    MultiLine,
    /// A phone number or extension; the form takes out the spaces, dashes
    /// and brackets people type inside numbers.
    PhoneNumber,
    /// An `http(s)://` URL naming a server, checked as the pivot form does
    /// ([`crate::pivot::is_web_url`], at most [`crate::pivot::URL_MAX_CHARS`]
    /// characters): stricter than the schema.
    WebUrl,
}

impl FieldSpec {
    /// A field that is not required, has no default, plain and not
    /// advanced.
    pub const fn new(key: &'static str, label: &'static str, kind: Kind) -> Self {
        Self {
            key,
            label,
            kind,
            required: false,
            default: None,
            hint: Hint::Plain,
            advanced: false,
        }
    }

    /// The same field, required.
    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    /// The same field with Kazoo's default (JSON text).
    pub const fn with_default(self, json: &'static str) -> Self {
        Self {
            default: Some(json),
            ..self
        }
    }

    /// The same field with a hint.
    pub const fn hint(self, hint: Hint) -> Self {
        Self { hint, ..self }
    }

    /// The same field, folded under "More options".
    pub const fn advanced(self) -> Self {
        Self {
            advanced: true,
            ..self
        }
    }
}

/// Every module with a schema, by name.
pub fn modules() -> &'static [ModuleSpec] {
    modules::MODULES
}

/// The spec of module `name`; `None` for a module without a schema (a
/// raw node, kept as it is).
pub fn module(name: &str) -> Option<&'static ModuleSpec> {
    modules::MODULES
        .binary_search_by(|m| m.name.cmp(name))
        .ok()
        .map(|i| &modules::MODULES[i])
}

/// Whether the catalogue checks this `pattern` itself (it carries no
/// regular-expression engine, so it knows Kazoo's patterns by heart).
pub fn pattern_known(pattern: &str) -> bool {
    check::pattern_matches(pattern, "").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_sorted_and_found_by_name() {
        let names: Vec<_> = modules().iter().map(|m| m.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        assert_eq!(module("tts").map(|m| m.label), Some("Say"));
        assert!(module("no_such_module").is_none());
    }

    #[test]
    fn every_pattern_in_the_catalogue_is_checked() {
        for m in modules() {
            for f in m.fields {
                if let Kind::Text {
                    pattern: Some(p), ..
                } = f.kind
                {
                    assert!(pattern_known(p), "{}.{}: {p}", m.name, f.key);
                }
            }
        }
    }

    #[test]
    fn defaults_are_json() {
        for m in modules() {
            for f in m.fields {
                if let Some(d) = f.default {
                    assert!(
                        serde_json::from_str::<serde_json::Value>(d).is_ok(),
                        "{}.{}: {d}",
                        m.name,
                        f.key
                    );
                }
            }
        }
    }
}
