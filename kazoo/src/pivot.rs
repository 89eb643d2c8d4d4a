//! The pivot action form: what an admin types (`PivotInput`), turned into a
//! callflow through the model, with field errors and warnings in the
//! admin's words.
//!
//! One function, [`PivotInput::build`], serves the live preview (it always
//! gives a document, even for half-typed input) and saving (which refuses
//! input with errors). On a new action every field is written. On an
//! existing document the input is applied as a **patch**: a field the
//! admin left as the document had it is not written at all, so keys the
//! form does not show, Kazoo's stored defaults, other tools' keys and
//! values in spellings the form would not write (`"GET"`) stay byte for
//! byte.

mod bounds;
mod check;
mod fallback;
mod patch;
mod warnings;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use check::{is_web_url, NAME_MAX_CHARS, NUMBERS_MAX, TIMEOUT_MAX_MS, URL_MAX_CHARS};
pub use fallback::FallbackKind;
pub use warnings::{number_warnings, NumberFacts, NumberRoute, Warning};

use crate::{
    callflow::{Callflow, Node, FALLBACK_BRANCH},
    rules,
};

/// Field name → what is wrong with it, in the admin's words.
pub type FieldErrors = BTreeMap<String, String>;

/// The key of messages about the whole document, not one field.
pub const FORM: &str = "form";

/// The methods, request formats and body formats the form offers, with
/// their labels (Kazoo's pivot schema allows exactly these).
pub const METHODS: [(&str, &str); 2] = [("get", "GET"), ("post", "POST")];
/// See [`METHODS`].
pub const REQ_FORMATS: [(&str, &str); 2] = [("twiml", "TwiML"), ("kazoo", "Kazoo JSON")];
/// See [`METHODS`].
pub const BODY_FORMATS: [(&str, &str); 2] = [("form", "form"), ("json", "json")];

/// The form as typed. Every field is text (or a list of texts), so half
/// typed input can still be shown and previewed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PivotInput {
    pub name: String,
    /// Numbers as typed or picked; an entry may hold several separated by
    /// commas, semicolons or new lines.
    #[serde(deserialize_with = "check::one_or_many")]
    pub numbers: Vec<String>,
    pub voice_url: String,
    /// `get` or `post`.
    pub method: String,
    /// `twiml` or `kazoo`.
    pub req_format: String,
    /// `form` or `json` (POST only).
    pub req_body_format: String,
    /// Milliseconds, empty for Kazoo's default.
    pub req_timeout_ms: String,
    pub debug: bool,
    pub cdr_url: String,
    /// `none`, `say`, `forward`, `pivot`, `hangup` or `keep`.
    pub fallback: String,
    pub fallback_text: String,
    pub fallback_number: String,
    /// The fallback server's voice URL (`fallback` = `pivot`).
    pub fallback_url: String,
    /// `get` or `post`, the fallback server's method.
    pub fallback_method: String,
}

impl Default for PivotInput {
    /// A new action: POST and TwiML, as a Twilio number was set up.
    fn default() -> Self {
        Self {
            name: String::new(),
            numbers: Vec::new(),
            voice_url: String::new(),
            method: "post".into(),
            req_format: "twiml".into(),
            req_body_format: "form".into(),
            req_timeout_ms: String::new(),
            debug: false,
            cdr_url: String::new(),
            fallback: "none".into(),
            fallback_text: String::new(),
            fallback_number: String::new(),
            fallback_url: String::new(),
            fallback_method: "post".into(),
        }
    }
}

/// What an input makes: the document (always, for the preview), what is
/// wrong (nothing is saved while there is something) and what Kazoo would
/// refuse or ignore at sync (shown, not blocking).
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub doc: Callflow,
    pub errors: FieldErrors,
    pub warnings: Vec<Warning>,
}

impl PivotInput {
    /// Reads a submitted form (`name=value` pairs, in order). `numbers` and
    /// `number` (the free-number picker) may repeat; a checkbox counts when
    /// present.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut input = Self::default();
        for (key, value) in pairs {
            let value = value.to_owned();
            match key {
                "name" => input.name = value,
                "numbers" | "number" => input.numbers.push(value),
                "voice_url" => input.voice_url = value,
                "method" => input.method = value,
                "req_format" => input.req_format = value,
                "req_body_format" => input.req_body_format = value,
                "req_timeout_ms" => input.req_timeout_ms = value,
                "debug" => input.debug = matches!(value.as_str(), "on" | "true" | "1"),
                "cdr_url" => input.cdr_url = value,
                "fallback" => input.fallback = value,
                "fallback_text" => input.fallback_text = value,
                "fallback_number" => input.fallback_number = value,
                "fallback_url" => input.fallback_url = value,
                "fallback_method" => input.fallback_method = value,
                _ => {}
            }
        }
        input
    }

    /// The hard bounds of every field, checked before any other work: no
    /// text longer than its field can be, no NUL, at most
    /// [`NUMBERS_MAX`] numbers. An API answers these with 422 before it
    /// builds anything; [`PivotInput::build`] reports the same problems.
    ///
    /// # Errors
    /// Field name → message for every field out of bounds.
    pub fn check_bounds(&self) -> Result<(), FieldErrors> {
        let errors = bounds::bounds(self);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The document this input makes — a new one, or `base` with the
    /// fields the admin changed — with its errors and warnings.
    pub fn build(&self, base: Option<&Callflow>) -> Built {
        let mut built = Built {
            doc: base.cloned().unwrap_or_default(),
            errors: FieldErrors::new(),
            warnings: Vec::new(),
        };
        let before = match base.map(Self::from_callflow) {
            None => None,
            Some(Some(before)) => Some(before),
            Some(None) => {
                built.errors.insert(
                    FORM.into(),
                    "This callflow does not start with a pivot node, so the pivot form cannot edit it.".into(),
                );
                return built;
            }
        };
        let mut patch = patch::Patch {
            input: self,
            before: before.as_ref(),
            errors: &mut built.errors,
        };
        patch.document(&mut built.doc, &mut built.warnings);
        built.warnings.extend(warnings::of_document(&built.doc));
        built
    }

    /// The document, or the field errors when the input is not valid.
    ///
    /// # Errors
    /// Field name → message for every field that is wrong.
    pub fn parse(&self, base: Option<&Callflow>) -> Result<Callflow, FieldErrors> {
        let built = self.build(base);
        if built.errors.is_empty() {
            Ok(built.doc)
        } else {
            Err(built.errors)
        }
    }

    /// The form filled from a document whose first node is `pivot`; `None`
    /// for any other callflow. Values are read leniently (`"GET"`, a
    /// timeout written as a string) and absent keys read as Kazoo's
    /// defaults, so what the form shows is what Kazoo does.
    pub fn from_callflow(doc: &Callflow) -> Option<Self> {
        let node = doc.flow.as_ref()?;
        if node.module.name() != "pivot" {
            return None;
        }
        let data = match node.module.data() {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        let text = |key: &str| data.get(key).and_then(Value::as_str).unwrap_or_default();
        let lower_or = |key: &str, default: &str| match text(key) {
            "" => default.to_owned(),
            value => value.to_lowercase(),
        };
        let mut input = Self {
            name: doc.name.clone().unwrap_or_default(),
            numbers: vec![doc.numbers().join(", ")],
            voice_url: text("voice_url").to_owned(),
            method: lower_or("method", rules::PIVOT_DEFAULT_METHOD),
            req_format: lower_or("req_format", rules::PIVOT_DEFAULT_REQ_FORMAT),
            req_body_format: lower_or("req_body_format", rules::PIVOT_DEFAULT_BODY_FORMAT),
            req_timeout_ms: match data.get("req_timeout_ms") {
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            },
            debug: matches!(data.get("debug"), Some(Value::Bool(true))) || text("debug") == "true",
            cdr_url: text("cdr_url").to_owned(),
            ..Self::default()
        };
        fallback::read(node.child(FALLBACK_BRANCH), &mut input);
        Some(input)
    }
}

/// How Kazoo requests a pivot node's server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub voice_url: String,
    /// `get` or `post`.
    pub method: String,
    /// `twiml` or `kazoo`.
    pub req_format: String,
}

impl Request {
    /// A pivot node's request, read leniently (upper-case `GET`, absent
    /// keys as Kazoo's defaults); `None` for any other module.
    pub fn of(node: &Node) -> Option<Self> {
        if node.module.name() != "pivot" {
            return None;
        }
        let data = node.module.data().unwrap_or(Value::Null);
        let text = |key: &str, default: &str| {
            data.get(key)
                .and_then(Value::as_str)
                .map_or_else(|| default.to_owned(), str::to_lowercase)
        };
        Some(Self {
            voice_url: text("voice_url", ""),
            method: text("method", rules::PIVOT_DEFAULT_METHOD),
            req_format: text("req_format", rules::PIVOT_DEFAULT_REQ_FORMAT),
        })
    }
}

/// The form field a Kazoo validation error path belongs to
/// (`flow.data.voice_url` → `voice_url`); `None` for paths the form does
/// not show.
pub fn field_for_kazoo_path(path: &str) -> Option<&'static str> {
    let field = match path {
        "name" => "name",
        p if p == "numbers" || p.starts_with("numbers.") => "numbers",
        "flow.data.voice_url" => "voice_url",
        "flow.data.method" => "method",
        "flow.data.req_format" => "req_format",
        "flow.data.req_body_format" => "req_body_format",
        "flow.data.req_timeout_ms" => "req_timeout_ms",
        "flow.data.cdr_url" => "cdr_url",
        "flow.children._.data.text" => "fallback_text",
        "flow.children._.data.to_did" => "fallback_number",
        "flow.children._.data.voice_url" => "fallback_url",
        "flow.children._.data.method" => "fallback_method",
        _ => return None,
    };
    Some(field)
}

/// Numbers typed in a form (comma, semicolon or line separated) as Kazoo
/// stores them: cleaned, normalised, duplicates dropped; entries equal to
/// one of `stored` are kept as they are. Returns the list, the first
/// problem (the list then keeps the bad entry as typed) and what may
/// surprise (`555-113-0451` → `+5551130451`). The pivot form and the
/// callflow editor's root read numbers with it.
pub fn typed_numbers(
    typed: &str,
    stored: &[String],
) -> (Vec<String>, Option<String>, Vec<Warning>) {
    let parsed = check::numbers(&[typed.to_owned()], stored);
    (parsed.list, parsed.error, parsed.warnings)
}

/// Checks a callflow name as the pivot form does (one line, visible
/// characters, at most [`NAME_MAX_CHARS`]); the message when it is not.
pub fn name_problem(name: &str) -> Option<String> {
    let mut errors = FieldErrors::new();
    check::name(name, &mut errors);
    errors.remove("name")
}

#[cfg(test)]
mod tests;
