//! A Kazoo JSON answer (PIVOT_TWIML.md §3, §5): one callflow node
//! `{"module", "data", "children"}`, validated against `callflows.action`
//! and the module's schema before the callflow app runs it
//! (`kzt_kazoo:exec` → `kzd_callflows:validate_flow`).
//!
//! The text is read strictly (`serde_json`, as Kazoo's own decoder
//! refuses anything but JSON); when that fails it is read again leniently
//! (`json5`: trailing commas, comments) so the shape can still be checked
//! and every fault named at once. Nesting is measured first: deeper
//! than [`crate::checker::NESTING_MAX`] is refused unread, and the
//! lenient reader never runs on text serde_json refused for depth.

mod action;

mod syntax;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{depth, finding, Finding, Handling, Position};
use crate::callflow::Node;

pub use action::{module_exists, ACTION_MODULE_MAX_CHARS, MODULES_WITHOUT_SCHEMA};

/// Why the text is not JSON, and where (serde_json's line and column,
/// moved back to the offending comma for a trailing comma).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonSyntaxError {
    pub at: Position,
    pub message: String,
}

/// The shape of the parsed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A single node: what Kazoo wants.
    Node,
    /// A node wrapped in `{"flow": …}` (a stored callflow's shape, maybe
    /// with `numbers`): Kazoo validates the wrapper as a node and fails.
    FlowWrapper,
    /// An object that is no node (no `module`).
    OtherObject,
    /// Not an object at all.
    NotAnObject,
    /// Unreadable even leniently.
    Unreadable,
    /// Nested deeper than [`crate::checker::NESTING_MAX`]: not read.
    TooDeep,
}

/// What the checker found in a Kazoo JSON answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonReport {
    /// The strict parse failed (Kazoo's decoder fails the same way).
    pub syntax_error: Option<JsonSyntaxError>,
    /// Whether the lenient parse was needed and succeeded.
    pub read_leniently: bool,
    /// The shape of what was read.
    pub shape: Shape,
    /// Every fault: syntax, shape, `callflows.action`, module data, in
    /// that order.
    pub findings: Vec<Finding>,
    /// The node Kazoo would run (the one inside a `flow` wrapper when
    /// wrapped), when it reads as a node.
    pub node: Option<Node>,
}

impl JsonReport {
    /// Whether Kazoo would accept it: strict JSON, a bare node, and
    /// nothing that makes it hang up (a module Kazoo lacks is only
    /// skipped).
    pub fn is_valid(&self) -> bool {
        self.syntax_error.is_none()
            && self.shape == Shape::Node
            && !self.findings.iter().any(Finding::is_fatal)
    }
}

/// Checks a Kazoo JSON answer: syntax (strict, then lenient), shape and
/// schema (`callflows.action`, then each node's module data through
/// [`crate::catalogue::validate`]).
pub fn check_kazoo_json(body: &str) -> JsonReport {
    let mut findings = Vec::new();
    if let Some(too_deep) = depth::json(body) {
        return JsonReport {
            syntax_error: None,
            read_leniently: false,
            shape: Shape::TooDeep,
            findings: vec![depth::finding(too_deep, "JSON")],
            node: None,
        };
    }
    let (value, syntax_error) = match serde_json::from_str::<Value>(body) {
        Ok(value) => (Some(value), None),
        Err(error) => {
            // serde_json's own depth limit (128): never re-read that text.
            let too_deep = error.to_string().starts_with("recursion limit exceeded");
            let error = syntax::locate(body, &error);
            findings.push(syntax::finding(&error));
            let lenient = if too_deep {
                None
            } else {
                json5::from_str::<Value>(body).ok()
            };
            (lenient, Some(error))
        }
    };
    let read_leniently = syntax_error.is_some() && value.is_some();
    let Some(value) = value else {
        return JsonReport {
            syntax_error,
            read_leniently,
            shape: Shape::Unreadable,
            findings,
            node: None,
        };
    };
    let (shape, node_value) = shape_of(body, value, &mut findings);
    let mut node = None;
    if let Some(node_value) = node_value {
        action::validate(&node_value, "", &mut findings);
        node = Node::from_value(node_value).ok();
    }
    JsonReport {
        syntax_error,
        read_leniently,
        shape,
        findings: finding::cap(findings),
        node,
    }
}

/// The shape, a finding when it is not a bare node, and the value to
/// validate as a node (the inner one of a `flow` wrapper).
fn shape_of(body: &str, value: Value, findings: &mut Vec<Finding>) -> (Shape, Option<Value>) {
    let Value::Object(mut map) = value else {
        findings.push(shape_finding(
            None,
            "",
            "The answer is not a JSON object: Kazoo wants one callflow node, {\"module\": …, \
             \"data\": {…}, \"children\": {…}}. It fails validation and hangs up.",
        ));
        return (Shape::NotAnObject, None);
    };
    if map.contains_key("module") {
        return (Shape::Node, Some(Value::Object(map)));
    }
    if let Some(flow) = map.shift_remove("flow") {
        let extra = if map.contains_key("numbers") {
            " (with numbers)"
        } else {
            ""
        };
        findings.push(Finding {
            fix: Some(
                "Return only the node inside \"flow\": {\"module\": …, \"data\": {…}, \
                 \"children\": {…}}, without \"flow\", \"numbers\" or other callflow keys."
                    .into(),
            ),
            ..shape_finding(
                syntax::key_position(body, "flow"),
                "flow",
                &format!(
                    "The node is wrapped in {{\"flow\": …}}{extra}: that is a stored callflow's \
                     shape, not a Pivot answer. Kazoo validates the wrapper itself as a node (no \
                     module, no data), fails and hangs up."
                ),
            )
        });
        return (Shape::FlowWrapper, Some(flow));
    }
    // Validated as a node: "module is required" says what is wrong.
    (Shape::OtherObject, Some(Value::Object(map)))
}

fn shape_finding(at: Option<Position>, element: &str, message: &str) -> Finding {
    Finding {
        at,
        element: element.to_owned(),
        attribute: None,
        value: None,
        handling: Handling::HangsUp,
        message: message.to_owned(),
        fix: Some(
            "Return a single node: {\"module\": \"tts\", \"data\": {\"text\": \"Hello\"}, \
             \"children\": {}}."
                .into(),
        ),
    }
}
