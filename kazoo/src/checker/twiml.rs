//! A TwiML document held against Kazoo's verb/noun/attribute matrix
//! (PIVOT_TWIML.md §4, from `kzt_twiml.erl`, `kzt_twiml_dial.erl`,
//! `kzt_twiml_say.erl`, `kzt_twiml_util.erl`): every element and
//! attribute with its line and column, what Kazoo does (runs, ignores,
//! skips, stops, hangs up) and how to fix it.
//!
//! Parsed with `roxmltree` into [`Doc`], an owned tree the walk uses
//! too. Only problems and notable facts are findings: a plain `<Say>`
//! gives none.

mod doc;
pub(crate) mod matrix;
pub mod rules;

use serde::{Deserialize, Serialize};

pub use doc::{Doc, Element, SyntaxError};

use super::Finding;

/// What the checker found in a TwiML document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwimlReport {
    /// The XML does not parse: where and why. Kazoo recognises no TwiML
    /// (§4.3: under text/xml the call falls to the `_` child).
    pub syntax_error: Option<SyntaxError>,
    /// The root element's name when the XML parses (`Response` is the
    /// only one Kazoo runs).
    pub root: Option<String>,
    /// Problems and notable facts, in document order.
    pub findings: Vec<Finding>,
}

impl TwimlReport {
    /// Whether Kazoo recognises the body as TwiML: XML whose root is
    /// `<Response>` (§3, `kzt_twiml:parse_cmds`).
    pub fn is_twiml(&self) -> bool {
        self.syntax_error.is_none() && self.root.as_deref() == Some("Response")
    }
}

/// Checks a TwiML document against the §4 matrix.
pub fn check_twiml(body: &str) -> TwimlReport {
    match Doc::parse(body) {
        Err(error) => TwimlReport {
            syntax_error: Some(error),
            root: None,
            findings: Vec::new(),
        },
        Ok(doc) => TwimlReport {
            syntax_error: None,
            root: Some(doc.root.name.clone()),
            findings: matrix::findings(&doc),
        },
    }
}
