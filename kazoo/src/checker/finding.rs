//! One thing the checker says about a place in an answer: where it is,
//! what Kazoo does there and how to fix it.

use serde::{Deserialize, Serialize};

/// A place in the answer's text: line and column, both counted from 1
/// (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// What Kazoo does with an element or attribute (PIVOT_TWIML.md §4, §4.3)
/// or with a part of a Kazoo JSON answer (§1, §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handling {
    /// It runs (a notable fact about how, e.g. Gather hears only keys).
    Runs,
    /// The attribute is read but has no effect, or is not read at all.
    AttributeIgnored,
    /// The element is ignored or skipped (an unknown `<Dial>` noun, a
    /// non-`Variable` child of `<Set>`).
    ElementIgnored,
    /// The document stops here: later verbs do not run, the call ends or
    /// waits (`<Dial><Queue>`, after `<Dial><Conference>`).
    DocumentStops,
    /// The element errors and Kazoo hangs up (unknown element or a value
    /// outside Kazoo's accepted set: "crash", §4.3). Verbs before it ran.
    HangsUp,
    /// The answer cannot be read at all (an XML or JSON syntax error, a
    /// wrong shape); what follows is in the report's outcome.
    Unreadable,
}

impl Handling {
    /// In plain words, for a findings table.
    pub fn label(self) -> &'static str {
        match self {
            Self::Runs => "runs",
            Self::AttributeIgnored => "attribute ignored",
            Self::ElementIgnored => "element skipped",
            Self::DocumentStops => "document stops",
            Self::HangsUp => "hangs up",
            Self::Unreadable => "not readable",
        }
    }
}

/// One finding: a problem or a notable fact, at a place in the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Where; `None` for the document as a whole.
    pub at: Option<Position>,
    /// The element (`Say`, `Dial/Number`) or JSON path (`data.to`,
    /// `children._`) it is about; empty for the whole answer.
    pub element: String,
    /// The attribute (or JSON key) it is about, when one.
    pub attribute: Option<String>,
    /// The value as written, when it matters.
    pub value: Option<String>,
    /// What Kazoo does.
    pub handling: Handling,
    /// What happens and why, in plain words.
    pub message: String,
    /// How to fix it, when something should change.
    pub fix: Option<String>,
}

impl Finding {
    /// Whether the call is lost here (hang up or unreadable answer).
    pub fn is_fatal(&self) -> bool {
        matches!(self.handling, Handling::HangsUp | Handling::Unreadable)
    }
}
