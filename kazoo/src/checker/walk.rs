//! One answer interpreted in Kazoo's execution model (PIVOT_TWIML.md
//! §4.1): verbs in order, what the caller hears or what happens, up to
//! the first verb that issues a request, a `<Gather>` waiting for keys,
//! an element that stops the document or hangs up, or the end of
//! `<Response>`. A Kazoo JSON answer is shown as the node the callflow
//! app would run.
//!
//! A walk is a list of [`Step`]s, one per answer; the app makes each
//! request (with [`crate::checker::request`]) and stores the steps
//! (every type here is serde-serialisable).

use serde::{Deserialize, Serialize};

mod json;
pub(crate) mod twiml;

use super::{
    request::{CallFacts, FollowUp},
    Answer, CheckContext, Outcome, OutcomeRow, Position, Report,
};

/// Something the caller hears or that happens to the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Event {
    /// `<Say>`: text spoken; `voice` and `language` as Kazoo maps them
    /// (`None`: the platform default); `loops` 0 = forever.
    Say {
        at: Position,
        text: String,
        voice: Option<String>,
        language: Option<String>,
        loops: u32,
    },
    /// `<Play>`: a media URL or path; `loops` 0 = forever.
    Play {
        at: Position,
        url: String,
        loops: u32,
    },
    /// `<Pause>`: silence, in seconds.
    Pause { at: Position, seconds: u32 },
    /// `<Dial>`: the endpoints rung (all at once when several).
    Dial {
        at: Position,
        targets: Vec<DialTarget>,
        timeout_s: u32,
    },
    /// `<Dial><Conference>`: the caller joins a conference room.
    Conference { at: Position, room: String },
    /// `<Record>`: a recording of at most `max_length_s` seconds.
    Record { at: Position, max_length_s: u32 },
    /// `<Hangup/>`: the call is hung up.
    Hangup { at: Position },
    /// `<Reject>`: refused with `reason` (`rejected` → SIP 503, `busy` →
    /// 486).
    Reject { at: Position, reason: String },
    /// `<Set><Variable>`: a variable sent on every later request.
    Set {
        at: Position,
        key: String,
        value: String,
    },
    /// A Kazoo JSON answer: the node the callflow app runs.
    Node { module: String, summary: String },
    /// Something worth saying that is none of the above ("Kazoo assumes
    /// the caller kept silent during the recording").
    Note { at: Option<Position>, text: String },
}

/// One endpoint of a `<Dial>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialTarget {
    /// `number` (body digits or `<Number>`, dialled through carriers),
    /// `sip`, `user`, `device`.
    pub kind: String,
    /// The number, URI or id as written.
    pub value: String,
}

/// A `<Gather>` waiting for keys: where keys go, and where the document
/// resumes when none are pressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatherWait {
    pub at: Position,
    /// Where the keys are sent (the `action`, default the current URL)
    /// and how (POST unless `method` says GET).
    pub follow_up: FollowUp,
    /// The index (in the root's child elements) of the verb after the
    /// Gather: pass it to [`walk_twiml`] to go on when no key is pressed.
    pub resume_at: usize,
    /// `numDigits`: keys collected at most (`None`: until the finish key
    /// or the timeout).
    pub num_digits: Option<u32>,
    /// `finishOnKey` (`#` by default; `None` when disabled with `""`).
    pub finish_on_key: Option<String>,
    /// Seconds Kazoo waits for keys (5 by default).
    pub timeout_s: u32,
}

/// The request a verb makes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextRequest {
    /// The verb that makes it (`Redirect`, `Gather`, `Record`, `Dial`).
    pub verb: String,
    pub at: Option<Position>,
    pub follow_up: FollowUp,
    /// Request variables it sets (`Digits`, `DialCallStatus`, …; §4.2):
    /// give them to [`CallFacts::set_request_var`].
    pub vars: Vec<(String, String)>,
}

/// How a step ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum StepEnd {
    /// Kazoo requests the server again.
    Request(NextRequest),
    /// A `<Gather>` waits for keys: [`after_gather`] with the keys, or
    /// [`walk_twiml`] from `resume_at` with none.
    WaitForKeys(GatherWait),
    /// The document ended the call on purpose (`<Hangup/>`, `<Reject>`).
    HungUp { at: Position },
    /// The document stops here and the call goes on without Pivot or
    /// ends (`<Dial><Queue>`, after `<Dial><Conference>`).
    Stopped { at: Position, message: String },
    /// An element Kazoo cannot run: the verbs before it ran, then Kazoo
    /// hangs up (or leaves the caller in silence with a CDR URL).
    Crashed {
        at: Position,
        element: String,
        message: String,
    },
    /// The end of `<Response>`: Kazoo hangs up (or leaves the caller in
    /// silence with a CDR URL).
    EndOfDocument,
    /// The callflow app runs the returned node; no further request
    /// unless a pivot node in it makes one (`pivot_urls`).
    CallflowTakesOver { pivot_urls: Vec<String> },
    /// The answer does not run at all (error status, unreadable body,
    /// schema failure): see the step's outcome.
    NotRun,
}

/// One answer walked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What Kazoo does with the answer as a whole (§1), when the step
    /// came from an answer ([`step`]).
    pub outcome: Option<Outcome>,
    /// What the caller hears and what happens, in order.
    pub events: Vec<Event>,
    /// `<Set>` variables set in this step: give them to
    /// [`CallFacts::set_user_var`] before the next request.
    pub variables: Vec<(String, String)>,
    pub end: StepEnd,
}

/// Walks a TwiML document from verb `resume_at` (0 for a new answer;
/// [`GatherWait::resume_at`] after a Gather with no keys). `current_url`
/// is the URL that answered, against which relative `action`s and
/// Redirects resolve. A body that is not TwiML ends with
/// [`StepEnd::NotRun`] and a note.
pub fn walk_twiml(body: &str, resume_at: usize, current_url: &str) -> Step {
    twiml::walk(body, resume_at, current_url)
}

/// The request after a Gather when the caller pressed `digits`: to its
/// action with `Digits` set (§4, §4.2).
pub fn after_gather(wait: &GatherWait, digits: &str) -> NextRequest {
    NextRequest {
        verb: "Gather".into(),
        at: Some(wait.at),
        follow_up: wait.follow_up.clone(),
        vars: vec![("Digits".into(), digits.to_owned())],
    }
}

/// Walks a Kazoo JSON answer: the node the callflow app runs, and the
/// voice URLs of pivot nodes in it (the only way to more requests, §5).
/// An answer Kazoo would refuse ends with [`StepEnd::NotRun`].
pub fn walk_kazoo_json(body: &str) -> Step {
    json::walk(body)
}

/// Walks one answer: the translator and outcome (§1, §3) first; TwiML
/// that Kazoo runs is walked from `resume_at`, Kazoo JSON shown as its
/// node; anything else ends the walk with the outcome. Checks the answer
/// with [`crate::checker::check_answer`]; when the report is at hand
/// already, use [`step_with_report`].
pub fn step(answer: &Answer, ctx: &CheckContext, resume_at: usize) -> Step {
    let report = super::check_answer(answer, ctx);
    step_with_report(&report, answer, ctx, resume_at)
}

/// [`step`] with the answer's [`Report`] already made by
/// [`crate::checker::check_answer`] (same `answer` and `ctx`), so an
/// answer is checked once.
pub fn step_with_report(
    report: &Report,
    answer: &Answer,
    ctx: &CheckContext,
    resume_at: usize,
) -> Step {
    let mut step = match report.outcome.row {
        OutcomeRow::TwimlRunsToEnd | OutcomeRow::TwimlContinues | OutcomeRow::UnsupportedTwiml => {
            walk_twiml(
                &answer.body,
                resume_at,
                ctx.current_url.as_deref().unwrap_or_default(),
            )
        }
        OutcomeRow::KazooJsonRuns => walk_kazoo_json(&answer.body),
        _ => Step {
            outcome: None,
            events: Vec::new(),
            variables: Vec::new(),
            end: StepEnd::NotRun,
        },
    };
    step.outcome = Some(report.outcome.clone());
    step
}

/// Applies a step's variables and a next request's variables to the
/// call's facts before the next request.
pub fn apply(facts: &mut CallFacts, step: &Step, next: Option<&NextRequest>) {
    for (k, v) in &step.variables {
        facts.set_user_var(k, v);
    }
    if let Some(next) = next {
        facts.request_vars.clear();
        facts.digits = None;
        for (k, v) in &next.vars {
            if k == "Digits" {
                facts.digits = Some(v.clone());
            }
            facts.set_request_var(k, v);
        }
    }
}
