//! The pivot action form: what an admin types (`PivotInput`), turned into a
//! callflow through the model, with field errors in the admin's words.
//!
//! One function, [`PivotInput::build`], serves the live preview (it always
//! gives a document, even for half-typed input) and saving (which refuses
//! input with errors). Editing keeps everything of the base document the
//! form does not show: other top-level keys, patterns, node keys, the
//! fallback node's own settings and branches.

mod check;
mod fallback;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use fallback::FallbackKind;

use crate::callflow::{
    BodyFormat, Callflow, HttpMethod, Module, Node, Pivot, ReqFormat, FALLBACK_BRANCH,
};

/// Field name → what is wrong with it, in the admin's words.
pub type FieldErrors = BTreeMap<String, String>;

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
    /// `none`, `say`, `forward`, `hangup` or `keep`.
    pub fallback: String,
    pub fallback_text: String,
    pub fallback_number: String,
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
        }
    }
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
                _ => {}
            }
        }
        input
    }

    /// The document this input makes, on top of `base` when editing, and
    /// what is wrong with the input. The document is built even when there
    /// are errors, for the preview.
    pub fn build(&self, base: Option<&Callflow>) -> (Callflow, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut doc = base.cloned().unwrap_or_default();

        let name = self.name.trim();
        check::name(name, &mut errors);
        doc.name = Some(name.to_owned());
        doc.numbers = Some(check::numbers(&self.numbers, &mut errors));

        let mut node = doc
            .flow
            .take()
            .filter(|n| pivot_data(n).is_some())
            .unwrap_or_else(|| Node::new(Module::Pivot(Pivot::default())));
        let mut pivot = pivot_data(&node).unwrap_or_default();
        self.fill_pivot(&mut pivot, &mut errors);
        node.module = Module::Pivot(pivot);
        let kind = FallbackKind::parse(&self.fallback);
        let branch = fallback::build(kind, self, node.child(FALLBACK_BRANCH), &mut errors);
        node.set_child(FALLBACK_BRANCH, branch);
        doc.flow = Some(node);
        (doc, errors)
    }

    /// The document, or the field errors when the input is not valid.
    ///
    /// # Errors
    /// Field name → message for every field that is wrong.
    pub fn parse(&self, base: Option<&Callflow>) -> Result<Callflow, FieldErrors> {
        let (doc, errors) = self.build(base);
        if errors.is_empty() {
            Ok(doc)
        } else {
            Err(errors)
        }
    }

    fn fill_pivot(&self, pivot: &mut Pivot, errors: &mut FieldErrors) {
        pivot.voice_url = self.voice_url.trim().to_owned();
        check::voice_url(&pivot.voice_url, errors);
        let method = if self.method.eq_ignore_ascii_case("get") {
            HttpMethod::Get
        } else {
            HttpMethod::Post
        };
        pivot.method = Some(method);
        pivot.req_format = Some(if self.req_format.eq_ignore_ascii_case("kazoo") {
            ReqFormat::Kazoo
        } else {
            ReqFormat::Twiml
        });
        // Kazoo reads the body format only for POST.
        pivot.req_body_format = (method == HttpMethod::Post).then(|| {
            if self.req_body_format.eq_ignore_ascii_case("json") {
                BodyFormat::Json
            } else {
                BodyFormat::Form
            }
        });
        pivot.req_timeout_ms = check::timeout(&self.req_timeout_ms, errors);
        pivot.debug = Some(self.debug);
        let cdr_url = self.cdr_url.trim();
        pivot.cdr_url = (!cdr_url.is_empty()).then(|| cdr_url.to_owned());
        check::cdr_url(cdr_url, errors);
    }

    /// The form filled from a document whose first node is `pivot`; `None`
    /// for any other callflow.
    pub fn from_callflow(doc: &Callflow) -> Option<Self> {
        let node = doc.flow.as_ref()?;
        let pivot = pivot_data(node)?;
        let mut input = Self {
            name: doc.name.clone().unwrap_or_default(),
            numbers: vec![doc.numbers().join(", ")],
            voice_url: pivot.voice_url.clone(),
            // Kazoo's defaults when a key is missing.
            method: pivot.method.unwrap_or(HttpMethod::Get).as_str().into(),
            req_format: pivot.req_format.unwrap_or(ReqFormat::Kazoo).as_str().into(),
            req_body_format: pivot
                .req_body_format
                .unwrap_or(BodyFormat::Form)
                .as_str()
                .into(),
            req_timeout_ms: pivot
                .req_timeout_ms
                .map(|t| t.to_string())
                .unwrap_or_default(),
            debug: pivot.debug.unwrap_or(false),
            cdr_url: pivot.cdr_url.clone().unwrap_or_default(),
            ..Self::default()
        };
        fallback::read(node.child(FALLBACK_BRANCH), &mut input);
        Some(input)
    }
}

/// The pivot data of a node: typed, or read leniently from a raw `pivot`
/// node (upper-case `GET`, say) so such callflows can still be edited.
pub fn pivot_data(node: &Node) -> Option<Pivot> {
    match &node.module {
        Module::Pivot(pivot) => Some(pivot.clone()),
        Module::Raw {
            module,
            data: Some(data),
        } if module == "pivot" => {
            let mut data = data.clone();
            for key in ["method", "req_format", "req_body_format"] {
                if let Some(serde_json::Value::String(s)) = data.get_mut(key) {
                    *s = s.to_lowercase();
                }
            }
            serde_json::from_value(data).ok()
        }
        _ => None,
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
        "flow.data.req_timeout_ms" => "req_timeout_ms",
        "flow.data.cdr_url" => "cdr_url",
        "flow.children._.data.text" => "fallback_text",
        "flow.children._.data.to_did" => "fallback_number",
        _ => return None,
    };
    Some(field)
}
