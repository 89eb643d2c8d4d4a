//! A Kazoo JSON answer (PIVOT_TWIML.md §3, §5): one callflow node
//! `{"module", "data", "children"}`, validated against `callflows.action`
//! and the module's schema before the callflow app runs it.
//!
//! The text is read strictly (`serde_json`, as Kazoo's own decoder
//! refuses anything but JSON); when that fails it is read again leniently
//! (`json5`: trailing commas, comments) so the shape can still be checked
//! and every fault named at once.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Finding, Position};
use crate::callflow::Node;

/// Why the text is not JSON, and where (serde_json's line and column).
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
    /// Every fault: syntax, shape, `callflows.action`, module data.
    pub findings: Vec<Finding>,
    /// The node Kazoo would run (the one inside a `flow` wrapper when
    /// wrapped), when it reads as a node.
    pub node: Option<Node>,
}

impl JsonReport {
    /// Whether Kazoo would accept it: strict JSON, a node, valid.
    pub fn is_valid(&self) -> bool {
        self.syntax_error.is_none() && self.shape == Shape::Node && self.findings.is_empty()
    }
}

/// Checks a Kazoo JSON answer: syntax (strict, then lenient), shape and
/// schema (`callflows.action`, then each node's module data through
/// [`crate::catalogue::validate`]).
pub fn check_kazoo_json(body: &str) -> JsonReport {
    let strict: Result<Value, _> = serde_json::from_str(body);
    let (value, syntax_error) = match strict {
        Ok(value) => (Some(value), None),
        Err(e) => (
            json5::from_str::<Value>(body).ok(),
            Some(JsonSyntaxError {
                at: Position {
                    line: e.line() as u32,
                    column: e.column() as u32,
                },
                message: e.to_string(),
            }),
        ),
    };
    let read_leniently = syntax_error.is_some() && value.is_some();
    let node = value.clone().and_then(|v| Node::from_value(v).ok());
    JsonReport {
        syntax_error,
        read_leniently,
        shape: if node.is_some() {
            Shape::Node
        } else {
            Shape::Unreadable
        },
        findings: Vec::new(),
        node,
    }
}
