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
    /// The checker does not read this part (nested deeper than
    /// [`crate::checker::NESTING_MAX`], or findings past
    /// [`FINDINGS_MAX`]); it says nothing of what Kazoo does there.
    NotChecked,
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
            Self::NotChecked => "not checked",
        }
    }

    /// Whether this is a problem to fix: everything but [`Self::Runs`],
    /// which is a note on how something that works runs.
    pub fn is_problem(self) -> bool {
        self != Self::Runs
    }

    /// How serious it is, for choosing the worst of several: a note
    /// 0, up to an unreadable answer.
    fn severity(self) -> u8 {
        match self {
            Self::Runs => 0,
            Self::AttributeIgnored => 1,
            Self::ElementIgnored => 2,
            Self::NotChecked => 3,
            Self::DocumentStops => 4,
            Self::HangsUp => 5,
            Self::Unreadable => 6,
        }
    }
}

/// The most findings a report lists; past it one finding says how many
/// more there are, so a 1 MB answer cannot yield tens of thousands.
pub const FINDINGS_MAX: usize = 500;

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

    /// Whether this is a problem to fix (the app marks its line), not a
    /// note on how something that works runs: see [`Handling::is_problem`].
    /// A note with a fix (a verb Twilio would refuse inside `<Gather>`)
    /// is a problem too.
    pub fn is_problem(&self) -> bool {
        self.handling.is_problem() || self.fix.is_some()
    }
}

/// A list of findings that keeps the first [`FINDINGS_MAX`] and counts
/// the rest, by kind, into one last finding ([`FindingList::finish`]).
#[derive(Debug, Default)]
pub(crate) struct FindingList {
    kept: Vec<Finding>,
    dropped: usize,
    /// The kinds of the dropped findings, worst first once finished.
    dropped_kinds: Vec<Handling>,
}

impl FindingList {
    pub fn push(&mut self, finding: Finding) {
        if self.kept.len() < FINDINGS_MAX {
            self.kept.push(finding);
            return;
        }
        self.dropped += 1;
        if !self.dropped_kinds.contains(&finding.handling) {
            self.dropped_kinds.push(finding.handling);
        }
    }

    /// The kept findings, then "… and N more" when some were dropped.
    pub fn finish(mut self) -> Vec<Finding> {
        if self.dropped > 0 {
            self.dropped_kinds
                .sort_by_key(|h| std::cmp::Reverse(h.severity()));
            let kinds: Vec<&str> = self.dropped_kinds.iter().map(|h| h.label()).collect();
            self.kept.push(Finding {
                at: None,
                element: String::new(),
                attribute: None,
                value: None,
                handling: self.dropped_kinds[0],
                message: format!(
                    "… and {} more findings of the same kinds ({}), not listed: the checker \
                     lists at most {FINDINGS_MAX}.",
                    self.dropped,
                    kinds.join(", ")
                ),
                fix: Some("Fix the findings above, then check again.".into()),
            });
        }
        self.kept
    }
}

/// `findings` capped as [`FindingList`] does.
pub(crate) fn cap(findings: Vec<Finding>) -> Vec<Finding> {
    let mut list = FindingList::default();
    for f in findings {
        list.push(f);
    }
    list.finish()
}
