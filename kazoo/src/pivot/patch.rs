//! The form applied to a document: on a new action every field is
//! written; on an existing document only the fields the admin changed, as
//! a patch on the node's JSON data, so everything else stays byte for
//! byte.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{
    check, fallback, FallbackKind, FieldErrors, PivotInput, Warning, BODY_FORMATS, METHODS,
    REQ_FORMATS,
};
use crate::{
    callflow::{Callflow, Module, Node, Pivot, FALLBACK_BRANCH},
    rules,
};

/// The input applied to a document: every field on a new one (`before`
/// none), only the changed fields on an existing one.
pub(super) struct Patch<'a> {
    pub input: &'a PivotInput,
    pub before: Option<&'a PivotInput>,
    pub errors: &'a mut FieldErrors,
}

impl Patch<'_> {
    /// Whether the admin changed the field `get` reads (compared as typed,
    /// without surrounding spaces).
    fn changed(&self, get: impl Fn(&PivotInput) -> &str) -> bool {
        self.before
            .is_none_or(|before| get(before).trim() != get(self.input).trim())
    }

    /// [`Patch::changed`] for a choice, whose case does not matter.
    fn changed_choice(&self, get: impl Fn(&PivotInput) -> &str) -> bool {
        self.before.is_none_or(|before| {
            !get(before)
                .trim()
                .eq_ignore_ascii_case(get(self.input).trim())
        })
    }

    pub fn document(&mut self, doc: &mut Callflow, warnings: &mut Vec<Warning>) {
        let input = self.input;
        if self.changed(|i| &i.name) {
            let name = input.name.trim();
            check::name(name, self.errors);
            doc.name = Some(name.to_owned());
        }
        self.numbers(doc, warnings);
        let mut node = doc
            .flow
            .take()
            .unwrap_or_else(|| Node::new(Module::Pivot(Pivot::default())));
        let mut data = match node.module.data() {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        self.pivot_data(&mut data);
        node.module = Module::from_parts("pivot".into(), Some(Value::Object(data)));
        self.fallback(&mut node);
        doc.flow = Some(node);
    }

    fn numbers(&mut self, doc: &mut Callflow, warnings: &mut Vec<Warning>) {
        let typed = check::numbers(&self.input.numbers, doc.numbers());
        if self.before.is_some() {
            let now: HashSet<&String> = typed.list.iter().collect();
            let was: HashSet<&String> = doc.numbers().iter().collect();
            if typed.error.is_none() && now == was {
                return;
            }
        }
        warnings.extend(typed.warnings);
        let has_patterns = doc.patterns.as_ref().is_some_and(|p| !p.is_empty());
        match typed.error {
            Some(error) => {
                self.errors.insert("numbers".into(), error);
            }
            None if typed.list.is_empty() && !has_patterns => {
                self.errors
                    .insert("numbers".into(), "Pick or type at least one number.".into());
            }
            None => {}
        }
        doc.numbers = Some(typed.list);
    }

    /// Writes the pivot node's settings the admin changed into its data.
    fn pivot_data(&mut self, data: &mut Map<String, Value>) {
        let input = self.input;
        let is_new = self.before.is_none();
        let method = check::choice("method", &input.method, &METHODS, self.errors);
        let format = check::choice("req_format", &input.req_format, &REQ_FORMATS, self.errors);
        let body = check::choice(
            "req_body_format",
            &input.req_body_format,
            &BODY_FORMATS,
            self.errors,
        );
        if self.changed(|i| &i.voice_url) {
            let url = input.voice_url.trim();
            check::web_url("voice_url", url, true, self.errors);
            data.insert("voice_url".into(), url.into());
        }
        if let Some(method) = method.filter(|_| self.changed_choice(|i| &i.method)) {
            data.insert("method".into(), method.into());
        }
        if let Some(format) = format.filter(|_| self.changed_choice(|i| &i.req_format)) {
            data.insert("req_format".into(), format.into());
        }
        // A new action writes the body format for POST, the one method
        // Kazoo reads it for, or when the admin chose JSON (kept, with a
        // warning for GET); an edit writes what the admin set.
        let wanted = !is_new
            || method == Some("post")
            || body.is_some_and(|b| b != rules::PIVOT_DEFAULT_BODY_FORMAT);
        if let Some(body) = body.filter(|_| wanted && self.changed_choice(|i| &i.req_body_format)) {
            data.insert("req_body_format".into(), body.into());
        }
        if self.changed(|i| &i.req_timeout_ms) {
            match check::timeout(&input.req_timeout_ms, self.errors) {
                Some(ms) => data.insert("req_timeout_ms".into(), ms.into()),
                None => data.remove("req_timeout_ms"),
            };
        }
        if self.before.is_none_or(|b| b.debug != input.debug) {
            data.insert("debug".into(), input.debug.into());
        }
        if self.changed(|i| &i.cdr_url) {
            let url = input.cdr_url.trim();
            check::web_url("cdr_url", url, false, self.errors);
            if url.is_empty() {
                data.remove("cdr_url");
            } else {
                data.insert("cdr_url".into(), url.into());
            }
        }
    }

    /// Rebuilds the `_` branch when the admin changed what it does.
    fn fallback(&mut self, node: &mut Node) {
        let input = self.input;
        let Some(kind) = FallbackKind::parse(&input.fallback) else {
            self.errors.insert(
                "fallback".into(),
                "Choose what callers get when your server fails.".into(),
            );
            return;
        };
        let can_keep = node.child(FALLBACK_BRANCH).is_some();
        if kind == FallbackKind::Keep && !can_keep {
            self.errors.insert(
                "fallback".into(),
                "There is no current fallback to keep: choose another.".into(),
            );
            return;
        }
        let same_kind = self.before.is_some_and(|b| b.fallback == kind.as_str());
        let unchanged = same_kind
            && match kind {
                FallbackKind::Say => !self.changed(|i| &i.fallback_text),
                FallbackKind::Forward => !self.changed(|i| &i.fallback_number),
                FallbackKind::Pivot => {
                    !self.changed(|i| &i.fallback_url)
                        && !self.changed_choice(|i| &i.fallback_method)
                }
                _ => true,
            };
        if unchanged {
            return;
        }
        let branch = fallback::build(kind, input, node.child(FALLBACK_BRANCH), self.errors);
        node.set_child(FALLBACK_BRANCH, branch);
    }
}
