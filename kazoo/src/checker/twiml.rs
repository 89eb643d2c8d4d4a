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

pub use doc::{Doc, DocError, Element, SyntaxError};

use super::{depth, finding, Finding};

/// What the checker found in a TwiML document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwimlReport {
    /// The XML does not parse: where and why. Kazoo recognises no TwiML
    /// (§4.3: under text/xml the call falls to the `_` child).
    pub syntax_error: Option<SyntaxError>,
    /// The root element's name when the XML parses (`Response` is the
    /// only one Kazoo runs).
    pub root: Option<String>,
    /// Elements nest deeper than [`crate::checker::NESTING_MAX`]: the
    /// checker did not read the document (one finding says where).
    pub too_deep: bool,
    /// Problems and notable facts, in document order, at most
    /// [`crate::checker::FINDINGS_MAX`] and one that counts the rest.
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
    check(body).0
}

/// [`check_twiml`], with the parsed document for the walk.
pub(crate) fn check(body: &str) -> (TwimlReport, Option<Doc>) {
    match Doc::parse(body) {
        Err(DocError::Syntax(error)) => (
            TwimlReport {
                syntax_error: Some(error),
                root: None,
                too_deep: false,
                findings: Vec::new(),
            },
            None,
        ),
        Err(DocError::TooDeep { at, depth }) => (
            TwimlReport {
                syntax_error: None,
                root: None,
                too_deep: true,
                findings: vec![depth::finding(depth::TooDeep { at, depth }, "XML")],
            },
            None,
        ),
        Ok(doc) => (
            TwimlReport {
                syntax_error: None,
                root: Some(doc.root.name.clone()),
                too_deep: false,
                findings: finding::cap(matrix::findings(&doc)),
            },
            Some(doc),
        ),
    }
}
