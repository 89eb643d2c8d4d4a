//! A check's report as the page and the JSON API show it: the request
//! made (for a URL), the answer (status, Content-Type and the translator
//! Kazoo picks, latency against the timeout), what Kazoo would do, the
//! findings, and the answer's text by line.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Source;

/// A check's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub source: Source,
    /// The request the console made, as Kazoo Pivot would (URL checks).
    pub request: Option<RequestView>,
    /// Why no answer came (refused by the guard, or no answer at all).
    pub failure: Option<FailureView>,
    /// The answer, when one came (or was pasted).
    pub answer: Option<AnswerView>,
    /// What Kazoo would do with the call (PIVOT_TWIML.md §1).
    pub outcome: Option<OutcomeView>,
    /// What the caller would hear or what would happen, in order, up to
    /// the first request, wait or end (a TwiML answer).
    pub hears: Vec<String>,
    /// Every problem or notable fact, in document order.
    pub findings: Vec<FindingView>,
    /// The answer's text, one entry a line (empty without an answer).
    pub lines: Vec<String>,
}

impl CheckReport {
    /// The lines a problem finding points at (1-based); a finding that
    /// only notes how something runs marks no line.
    pub fn flagged_lines(&self) -> BTreeSet<u32> {
        self.findings
            .iter()
            .filter(|f| f.problem)
            .filter_map(|f| f.line)
            .collect()
    }
}

/// A request as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    /// `GET` or `POST`.
    pub method: String,
    /// The full URL (with the parameters in the query for a GET).
    pub url: String,
    /// The body's type, for a POST.
    pub content_type: Option<String>,
    /// The parameters sent, in order (objects and lists as JSON).
    pub params: Vec<(String, String)>,
    /// How long Kazoo waits, in milliseconds.
    pub timeout_ms: u64,
}

/// No answer: why, and whether Kazoo would meet the same (a timeout, a
/// server that cannot be reached) or only the checker refused to call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailureView {
    pub message: String,
    /// True when the SSRF guard refused to make the request.
    pub refused: bool,
}

/// The answer's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerView {
    pub status: u16,
    /// The Content-Type header as sent; `None` without one.
    pub content_type: Option<String>,
    /// Which translator Kazoo picks for it (§3), in words.
    pub translator: String,
    /// The measured latency against the timeout (URL checks).
    pub latency: Option<LatencyView>,
    /// True when the body was longer than the checker reads.
    pub truncated: bool,
}

/// A latency and what it means against the node's timeout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatencyView {
    pub latency_ms: u64,
    pub timeout_ms: u64,
    /// True when Kazoo would give up before the answer.
    pub too_slow: bool,
    /// In words ("Answered in 120 ms, within the 5000 ms timeout …").
    pub message: String,
}

/// What Kazoo would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeView {
    /// In a few words: "Hangs up", "Goes to the `_` child", "Runs", …
    pub effect: String,
    /// True when the call is lost (hung up, left in silence, failed).
    pub bad: bool,
    /// What happens and why.
    pub summary: String,
    /// What to change, when something should.
    pub fix: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingView {
    /// 1-based line and column; `None` for the answer as a whole.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The element (`Say`, `Dial/Number`) or JSON path.
    pub element: String,
    pub attribute: Option<String>,
    pub value: Option<String>,
    /// What Kazoo does, in a few words ("hangs up", "attribute ignored").
    pub handling: String,
    /// True for a problem (something ignored, skipped or fatal); false for
    /// a note of how something runs. Only problems flag their line.
    pub problem: bool,
    /// True when the call is lost here.
    pub fatal: bool,
    /// What happens and why.
    pub message: String,
    /// How to fix it.
    pub fix: Option<String>,
}
