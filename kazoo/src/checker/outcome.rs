//! Which translator Kazoo picks for an answer (PIVOT_TWIML.md §3) and
//! what it does with the call (the §1 table), in the admin's words with
//! the fix; what a latency means against the timeout; connect failures.

use serde::{Deserialize, Serialize};

use super::request::EVENT_WAIT_S;

/// A server's answer as the app received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// HTTP status code.
    pub status: u16,
    /// The `Content-Type` header as sent; `None` when absent.
    pub content_type: Option<String>,
    /// The body as text.
    pub body: String,
}

/// The translators Kazoo tries for a Content-Type (§3,
/// `kzt_translator:find_candidate_translators`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Translator {
    /// `text/xml`, `application/xml` or no Content-Type: TwiML only.
    Twiml,
    /// `application/json`: Kazoo JSON only.
    KazooJson,
    /// Any other type: both parsers run, the JSON one first to throw, so
    /// only Kazoo JSON works (TwiML under it hangs up).
    Both,
}

impl Translator {
    /// In plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Twiml => "TwiML only",
            Self::KazooJson => "Kazoo JSON only",
            Self::Both => "both tried (Kazoo JSON must parse, so only Kazoo JSON works)",
        }
    }
}

/// The media type of a Content-Type header as Kazoo reads it: the part
/// before `;`, trimmed, case kept (`kzt_translator:just_the_type`: the
/// charset is ignored, nothing is lower-cased). `None` only when the
/// header is absent; a header present but empty gives `Some("")`.
pub fn media_type(content_type: Option<&str>) -> Option<String> {
    let text = content_type?;
    Some(text.split(';').next().unwrap_or_default().trim().to_owned())
}

/// The translators Kazoo tries for `content_type` (§3,
/// `kzt_translator:exec` and `find_candidate_translators`): an absent
/// header is read as `text/xml`; the media type must match `text/xml`,
/// `application/xml` or `application/json` exactly (case-sensitive), so
/// `Text/XML` or an empty header gets both translators.
pub fn translators(content_type: Option<&str>) -> Translator {
    match media_type(content_type).as_deref() {
        None | Some("text/xml") | Some("application/xml") => Translator::Twiml,
        Some("application/json") => Translator::KazooJson,
        Some(_) => Translator::Both,
    }
}

/// The exact type Kazoo would have matched when `media` differs from one
/// only in letter case (`Text/XML` → `text/xml`).
pub fn case_mismatch(media: &str) -> Option<&'static str> {
    ["text/xml", "application/xml", "application/json"]
        .into_iter()
        .find(|known| *known != media && known.eq_ignore_ascii_case(media))
}

/// The row of the §1 table an answer falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeRow {
    /// A 4xx or 5xx status.
    ErrorStatus,
    /// A status that is neither 2xx nor an error (1xx, 3xx) [infer:
    /// Pivot processes only 2xx bodies].
    OtherStatus,
    /// Connection refused, DNS failure, timeout (asynchronous errors).
    ConnectFailed,
    /// A URL the HTTP client refuses at once (synchronous error).
    RequestRefused,
    /// 2xx with an empty body.
    EmptyBody,
    /// 2xx XML type (or none) whose body is not `<Response>` XML.
    XmlNotResponse,
    /// 2xx other type whose body is TwiML (not JSON).
    TwimlUnderOtherType,
    /// 2xx other type whose body is neither JSON nor TwiML.
    NotJson,
    /// 2xx `application/json` that is not valid JSON.
    InvalidJson,
    /// 2xx Kazoo JSON failing `callflows.action` or a module schema.
    SchemaFailure,
    /// 2xx TwiML with an unsupported verb or a bad attribute value.
    UnsupportedTwiml,
    /// 2xx TwiML that runs to the end of `<Response>`.
    TwimlRunsToEnd,
    /// 2xx TwiML that ends with a request (Redirect, or a verb with an
    /// `action` once the caller acts) or stops (Queue, Conference, Hangup,
    /// Reject).
    TwimlContinues,
    /// 2xx Kazoo JSON that validates: the callflow app takes over.
    KazooJsonRuns,
    /// 2xx answer nested deeper than [`crate::checker::NESTING_MAX`]:
    /// the checker does not read it.
    TooDeep,
}

/// What happens to the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Effect {
    /// Pivot reports `failed` (or never reports): the callflow continues
    /// at the pivot node's `_` child, else the call ends. `after_s`: how
    /// long the caller waits first (0 = at once).
    FallsToChild { after_s: u64 },
    /// The call is hung up; no fallback.
    HangsUp,
    /// The §1 `cdr_url` quirk: Pivot does not hang up, the caller is left
    /// in silence until they hang up; then the CDR is posted.
    LeftInSilence,
    /// The document runs; the call goes on (another request, a wait for
    /// keys, a bridged call, a conference).
    Runs,
    /// The callflow app runs the returned node in place of the rest of
    /// the flow.
    CallflowTakesOver,
    /// The checker did not read the answer (nested too deeply) and
    /// cannot say what Kazoo does.
    NotChecked,
}

/// What Kazoo does with an answer: the §1 row, the effect, why and how
/// to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub row: OutcomeRow,
    pub effect: Effect,
    /// What happens and why, in plain words.
    pub summary: String,
    /// What to change on the server, when something should.
    pub fix: Option<String>,
}

impl Outcome {
    pub(super) fn new(row: OutcomeRow, effect: Effect, summary: impl Into<String>) -> Self {
        Self {
            row,
            effect,
            summary: summary.into(),
            fix: None,
        }
    }

    pub(super) fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// The outcome of a "hang up" row: the hang up, or the `cdr_url`
    /// quirk (§1 last row: with a CDR URL set Pivot does not hang up on
    /// this row either).
    pub(super) fn hang_up(row: OutcomeRow, cdr_url_set: bool, summary: &str) -> Self {
        if cdr_url_set {
            Self::new(
                row,
                Effect::LeftInSilence,
                format!(
                    "{summary} Kazoo would hang up here, but because this pivot node has a CDR URL \
                     it does not: the caller is left in silence until they hang up, then the CDR is \
                     posted to the CDR URL."
                ),
            )
        } else {
            // A finding's message may already end with the hang-up.
            let text = if summary.trim_end().ends_with("hangs up.") {
                summary.to_owned()
            } else {
                format!("{summary} Kazoo hangs up.")
            };
            Self::new(row, Effect::HangsUp, text)
        }
    }
}

/// Kinds of failure before any answer (§1 second row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectFailure {
    /// The server refused the connection.
    Refused,
    /// The host name did not resolve.
    Dns,
    /// No answer within the timeout.
    Timeout,
    /// The URL is malformed: the HTTP client refuses it at once.
    BadUrl,
}

/// The Kazoo release whose behaviour to describe where they differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Release {
    /// Kazoo master (`dcf86cbc6d06`).
    #[default]
    Master,
    /// Branch 4.3.
    V43,
}

/// What Kazoo does when the request fails before an answer (§1): an
/// asynchronous error (refused, DNS, timeout) is only logged on master,
/// so the callflow falls to `_` after its 10 s wait; 4.3 reports `failed`
/// at once. A malformed URL fails at once in both.
pub fn connect_failure(kind: ConnectFailure, release: Release) -> Outcome {
    let what = match kind {
        ConnectFailure::Refused => "The server refused the connection.",
        ConnectFailure::Dns => "The server's host name does not resolve.",
        ConnectFailure::Timeout => "The server did not answer within the timeout.",
        ConnectFailure::BadUrl => "The URL cannot be requested.",
    };
    let at_once = kind == ConnectFailure::BadUrl || release == Release::V43;
    let (after_s, when) = if at_once {
        (0, "at once".to_owned())
    } else {
        (
            EVENT_WAIT_S,
            format!(
                "after {EVENT_WAIT_S} s of silence (Kazoo master only logs this error; the pivot \
                 node gives up after its {EVENT_WAIT_S} s wait; Kazoo 4.3 does it at once)"
            ),
        )
    };
    Outcome::new(
        match kind {
            ConnectFailure::BadUrl => OutcomeRow::RequestRefused,
            _ => OutcomeRow::ConnectFailed,
        },
        Effect::FallsToChild { after_s },
        format!(
            "{what} Pivot fails and the callflow goes to the pivot node's `_` child {when}; \
             without one the call ends."
        ),
    )
    .fix(match kind {
        ConnectFailure::Timeout => {
            "Answer faster than the timeout (at most 5000 ms), or raise the node's timeout."
        }
        ConnectFailure::BadUrl => "Correct the voice URL.",
        _ => "Make the server reachable from Kazoo at this address.",
    })
}

/// A latency held against the request's timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Latency {
    /// Answered within the timeout; `margin_ms` to spare.
    InTime {
        latency_ms: u64,
        timeout_ms: u64,
        margin_ms: u64,
    },
    /// Slower than the timeout: Kazoo gives up before this answer (as a
    /// timeout, see [`connect_failure`]).
    TooSlow { latency_ms: u64, timeout_ms: u64 },
}

impl Latency {
    /// In plain words.
    pub fn message(&self) -> String {
        match *self {
            Self::InTime {
                latency_ms,
                timeout_ms,
                margin_ms,
            } => format!(
                "Answered in {latency_ms} ms, within the {timeout_ms} ms timeout \
                 ({margin_ms} ms to spare)."
            ),
            Self::TooSlow {
                latency_ms,
                timeout_ms,
            } => format!(
                "Answered in {latency_ms} ms, past the {timeout_ms} ms timeout: Kazoo gives up \
                 before this answer arrives and treats it as a timeout."
            ),
        }
    }

    /// Whether Kazoo gives up first.
    pub fn too_slow(&self) -> bool {
        matches!(self, Self::TooSlow { .. })
    }
}

/// What a measured latency means against `timeout_ms` (§1 HTTP timeout):
/// strictly over the timeout, Kazoo has given up.
pub fn latency(latency_ms: u64, timeout_ms: u64) -> Latency {
    if latency_ms > timeout_ms {
        Latency::TooSlow {
            latency_ms,
            timeout_ms,
        }
    } else {
        Latency::InTime {
            latency_ms,
            timeout_ms,
            margin_ms: timeout_ms - latency_ms,
        }
    }
}
