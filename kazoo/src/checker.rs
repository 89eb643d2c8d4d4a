//! The Pivot checker's core: what Kazoo Pivot would send to a customer's
//! server and what it would do with the answer, as pure functions (no
//! I/O). The app makes the requests (through its SSRF guard), measures
//! latency and stores walks; everything it shows comes from here.
//!
//! Every rule follows `shared/kazoo/PIVOT_TWIML.md` (sections cited as
//! §n), itself read from Kazoo's `applications/pivot` and
//! `core/kazoo_translator` sources:
//!
//! * [`request`]: the request Pivot sends (§2): parameter names per
//!   request format, GET query or POST form/JSON body, follow-up requests
//!   (method and relative URLs), the node's timeout.
//! * [`outcome`]: which translator Kazoo picks from the Content-Type (§3)
//!   and what it does with the answer (every row of the §1 table); what a
//!   latency means against the timeout; connect failures.
//! * [`twiml`]: every element and attribute of a TwiML document held
//!   against the §4 matrix, with its line and column, what Kazoo does and
//!   how to fix it.
//! * [`kazoo_json`]: a Kazoo JSON answer (§3, §5): strict parse, lenient
//!   parse when strict fails (so both a syntax fault and a shape fault are
//!   named), shape, `callflows.action` and module data checks.
//! * [`walk`]: one answer interpreted in Kazoo's execution model (§4.1):
//!   what the caller hears, up to the next request, a Gather waiting for
//!   digits, or the end of the call.
//! * [`check_answer`]: all of the above for one answer, as one
//!   [`Report`].
//!
//! Every result type is serde-serialisable, so the app can store a walk's
//! transcript as JSON.

mod depth;
mod finding;
pub mod kazoo_json;
pub mod outcome;
mod report;
pub mod request;
pub mod twiml;
pub mod walk;

pub use depth::NESTING_MAX;
pub use finding::{Finding, Handling, Position, FINDINGS_MAX};
pub use kazoo_json::{check_kazoo_json, JsonReport, JsonSyntaxError, Shape};
pub use outcome::{
    case_mismatch, connect_failure, latency, media_type, translators, Answer, ConnectFailure,
    Effect, Latency, Outcome, OutcomeRow, Release, Translator,
};
pub use report::{check_answer, CheckContext, Report};
pub use request::{
    build_request, first_request, follow_up, request_params, timeout_ms, CallFacts, FollowUp,
    PivotRequest, PivotSettings, RequestError, DEFAULT_TIMEOUT_MS, EVENT_WAIT_S,
};
pub use twiml::{check_twiml, SyntaxError, TwimlReport};
pub use walk::{
    after_gather, apply, step, step_with_report, walk_kazoo_json, walk_twiml, DialTarget, Event,
    GatherWait, NextRequest, Step, StepEnd,
};
