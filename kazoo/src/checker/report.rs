//! One answer checked as a whole: translator (§3), findings (§4, §5)
//! and what Kazoo does with the call (§1).

use serde::{Deserialize, Serialize};

mod twiml_outcome;

use super::{
    kazoo_json::Shape,
    kazoo_json::{self, JsonReport},
    outcome::{
        case_mismatch, media_type, translators, Effect, Outcome, OutcomeRow, Release, Translator,
    },
    twiml::{self, TwimlReport},
    Answer, Finding, Handling, NESTING_MAX,
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
    /// The media type Kazoo looks at (before `;`, trimmed, case kept;
    /// `None` when the header is absent).
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
    /// Every finding of the TwiML or Kazoo JSON check, in order (a
    /// Content-Type finding first when the type's case is wrong).
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
    let mut report = Report {
        status: answer.status,
        media_type,
        translator,
        outcome: Outcome::new(OutcomeRow::EmptyBody, Effect::HangsUp, ""),
        twiml: None,
        kazoo_json: None,
    };
    report.outcome = if let Some(outcome) = status_outcome(answer.status) {
        outcome
    } else if answer.body.is_empty() {
        Outcome::hang_up(
            OutcomeRow::EmptyBody,
            ctx.cdr_url_set,
            "The server answered with an empty body: there is nothing to run and no fallback.",
        )
        .fix("Return TwiML (text/xml) or Kazoo JSON (application/json).")
    } else {
        match translator {
            Translator::Twiml => {
                let (twiml, doc) = twiml::check(&answer.body);
                let outcome = if twiml.too_deep {
                    too_deep()
                } else {
                    twiml_outcome::outcome(&twiml, doc.as_ref(), ctx)
                };
                report.twiml = Some(twiml);
                outcome
            }
            Translator::KazooJson => {
                let json = kazoo_json::check_kazoo_json(&answer.body);
                let outcome = json_outcome(&json, ctx, false);
                report.kazoo_json = Some(json);
                outcome
            }
            Translator::Both => {
                let json = kazoo_json::check_kazoo_json(&answer.body);
                let twiml = twiml::check_twiml(&answer.body);
                let outcome = if twiml.too_deep && json.syntax_error.is_some() {
                    too_deep()
                } else if json.syntax_error.is_some() && twiml.is_twiml() {
                    let served = match report.media_type.as_deref() {
                        Some("") => "an empty Content-Type".to_owned(),
                        media => media.unwrap_or_default().to_owned(),
                    };
                    Outcome::hang_up(
                        OutcomeRow::TwimlUnderOtherType,
                        ctx.cdr_url_set,
                        &format!(
                            "The body is TwiML but is served as {served}: for this type Kazoo \
                             runs its JSON parser too, which fails on XML and aborts the call; \
                             the TwiML is never run."
                        ),
                    )
                    .fix("Serve TwiML with Content-Type: text/xml (or application/xml).")
                } else {
                    json_outcome(&json, ctx, true)
                };
                if twiml.is_twiml() || twiml.too_deep {
                    report.twiml = Some(twiml);
                }
                report.kazoo_json = Some(json);
                outcome
            }
        }
    };
    let twiml_lost = report.outcome.row == OutcomeRow::TwimlUnderOtherType;
    let media = report.media_type.as_deref();
    if let Some(finding) = media.and_then(|m| content_type_finding(m, twiml_lost)) {
        match (&mut report.twiml, &mut report.kazoo_json) {
            (Some(t), _) => t.findings.insert(0, finding),
            (None, Some(j)) => j.findings.insert(0, finding),
            (None, None) => {}
        }
    }
    report
}

/// A finding when Kazoo misses the type only by its letter case or
/// because the header is empty (§3: `find_candidate_translators`
/// compares exactly). `twiml_lost`: the body is TwiML that hangs up for
/// it.
fn content_type_finding(media: &str, twiml_lost: bool) -> Option<Finding> {
    let (message, fix) = if media.is_empty() {
        (
            "The Content-Type header is present but empty: Kazoo matches no type and tries \
             both translators, so only Kazoo JSON works (TwiML under it hangs up)."
                .to_owned(),
            "Send Content-Type: text/xml for TwiML or application/json for Kazoo JSON (or no \
             Content-Type header at all for TwiML)."
                .to_owned(),
        )
    } else {
        let known = case_mismatch(media)?;
        (
            format!(
                "Kazoo compares the Content-Type exactly, letter case included: {media} is not \
                 {known}, so it tries both translators and only Kazoo JSON works (TwiML under it \
                 hangs up)."
            ),
            format!("Write the type in lower case: Content-Type: {known}."),
        )
    };
    Some(Finding {
        at: None,
        element: "Content-Type".into(),
        attribute: None,
        value: Some(media.to_owned()),
        handling: if twiml_lost {
            Handling::HangsUp
        } else {
            Handling::AttributeIgnored
        },
        message,
        fix: Some(fix),
    })
}

/// The outcome of an answer nested deeper than the checker reads.
fn too_deep() -> Outcome {
    Outcome::new(
        OutcomeRow::TooDeep,
        Effect::NotChecked,
        format!(
            "The answer nests deeper than the {NESTING_MAX} levels the checker reads, so it was \
             not checked: nothing here says what Kazoo does with it."
        ),
    )
    .fix(format!(
        "Nest at most {NESTING_MAX} levels: a Pivot answer needs only a few."
    ))
}

/// The outcome of a status that is not 2xx.
fn status_outcome(status: u16) -> Option<Outcome> {
    let row = match status {
        200..=299 => return None,
        400..=599 => OutcomeRow::ErrorStatus,
        _ => OutcomeRow::OtherStatus,
    };
    let why = if row == OutcomeRow::ErrorStatus {
        format!("The server answered {status}, an error status:")
    } else {
        format!(
            "The server answered {status}, not a 2xx status [infer: Pivot runs only 2xx answers]:"
        )
    };
    Some(
        Outcome::new(
            row,
            Effect::FallsToChild { after_s: 0 },
            format!(
                "{why} Pivot fails and the callflow goes on at the pivot node's `_` child at once; \
                 without one the call ends."
            ),
        )
        .fix("Answer 200 with TwiML or Kazoo JSON; give the pivot node a `_` child for when it fails."),
    )
}

/// The outcome of an answer read as Kazoo JSON. `other_type`: served
/// under a type that is neither XML nor JSON.
fn json_outcome(json: &JsonReport, ctx: &CheckContext, other_type: bool) -> Outcome {
    if json.shape == Shape::TooDeep {
        return too_deep();
    }
    if let Some(error) = &json.syntax_error {
        let (row, what) = if other_type {
            (
                OutcomeRow::NotJson,
                "The body is neither JSON nor TwiML under this Content-Type: Kazoo's JSON parser \
                 fails",
            )
        } else {
            (
                OutcomeRow::InvalidJson,
                "The body is served as application/json but is not valid JSON",
            )
        };
        // Under another type (an HTML error page, plain text) the answer
        // was most likely meant as TwiML or is not for Kazoo at all.
        let fix = if other_type {
            "Answer TwiML with Content-Type: text/xml, or Kazoo JSON with Content-Type: \
             application/json (an HTML page, such as an error or sign-in page, is neither)."
        } else {
            "Send strict JSON (no trailing commas, no comments) with Content-Type: application/json."
        };
        return Outcome::hang_up(
            row,
            ctx.cdr_url_set,
            &format!(
                "{what} ({} at {}); there is no fallback.",
                error.message, error.at
            ),
        )
        .fix(fix);
    }
    if !json.is_valid() {
        let first = json
            .findings
            .iter()
            .find(|f| f.is_fatal())
            .map(|f| f.message.clone())
            .unwrap_or_default();
        return Outcome::hang_up(
            OutcomeRow::SchemaFailure,
            ctx.cdr_url_set,
            &format!("The answer fails Kazoo's callflow validation: {first}"),
        )
        .fix("Return one valid callflow node; see the findings.");
    }
    let summary = json.node.as_ref().map(|n| n.summary()).unwrap_or_default();
    Outcome::new(
        OutcomeRow::KazooJsonRuns,
        Effect::CallflowTakesOver,
        format!(
            "Kazoo runs this node ({summary}) with its callflow app, in place of the rest of the \
             original flow; no further request is made unless a pivot node in it makes one."
        ),
    )
}
