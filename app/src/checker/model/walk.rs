//! A walk of a call as the page shows it: how the console calls, the
//! transcript (each request and what followed) and, when the call waits
//! at a `<Gather>`, what it waits for.

use serde::{Deserialize, Serialize};

use super::RequestView;

/// The most requests one walk makes: a `<Redirect>` loop is cut there.
pub const WALK_MAX_REQUESTS: i32 = 20;

/// A walk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkView {
    pub id: String,
    pub setup: WalkSetup,
    pub transcript: Vec<WalkEntry>,
    /// Set while the call waits for keys at a `<Gather>`.
    pub waiting: Option<GatherPrompt>,
    /// How the call ended, once it did.
    pub ended: Option<String>,
    /// Requests made so far.
    pub requests: i32,
    /// The walk's version: a post names it, so a stale page (another tab,
    /// a double click) cannot walk on.
    pub version: i32,
}

/// How the walk calls: the pivot node's values and the made-up call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkSetup {
    pub voice_url: String,
    /// `get` or `post`.
    pub method: String,
    /// `twiml` or `kazoo`.
    pub req_format: String,
    /// `form` or `json`.
    pub req_body_format: String,
    pub timeout_ms: u64,
    /// The made-up call's facts, as (name, value): From, To, CallSid.
    pub call: Vec<(String, String)>,
    /// Whether the node has a CDR URL.
    pub cdr_url: bool,
}

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WalkEntry {
    /// A request and its answer.
    Request {
        request: RequestView,
        /// Why it was made ("First request", "Gather action with Digits=1",
        /// "Redirect").
        reason: String,
        status: Option<u16>,
        content_type: Option<String>,
        /// Which translator Kazoo picks, in words.
        translator: Option<String>,
        latency_ms: Option<u64>,
        /// Why no answer came.
        failure: Option<String>,
        /// What Kazoo does with the answer, when it is not simply "runs".
        outcome: Option<String>,
    },
    /// What the caller hears or what happens (a verb run, a Kazoo JSON
    /// node taking over).
    Step { what: String, detail: String },
    /// What the admin did at a `<Gather>`.
    Input { text: String },
    /// The walk's own remark (a limit reached).
    Note { text: String },
}

/// A `<Gather>` waiting for keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatherPrompt {
    /// Where the digits go, and how.
    pub action: String,
    pub method: String,
    /// `numDigits`, when set.
    pub num_digits: Option<u32>,
    /// `finishOnKey` ('#' by default; empty when disabled).
    pub finish_on_key: String,
    /// Seconds Kazoo waits for the first key.
    pub timeout_s: u32,
}
