//! The §1 outcome of an answer read as TwiML: not TwiML → `_` child;
//! else walked as a caller who presses no key, to where it ends.

use crate::checker::{
    outcome::{Effect, Outcome, OutcomeRow},
    twiml::{Doc, TwimlReport},
    walk::{twiml::walk_doc, StepEnd},
    CheckContext,
};

/// The most Gathers followed with no keys before giving up (a document
/// has finitely many verbs, so this only bounds odd input).
const GATHERS_MAX: usize = 1000;

/// The outcome; `doc` is the document `report` was made from (`None`
/// when it did not parse). The document is parsed once and walked from
/// Gather to Gather, so the work grows with its length, not with length
/// times Gathers.
pub(super) fn outcome(report: &TwimlReport, doc: Option<&Doc>, ctx: &CheckContext) -> Outcome {
    let doc = match doc {
        Some(doc) if report.is_twiml() => doc,
        _ => return not_twiml(report),
    };
    let url = ctx
        .current_url
        .as_deref()
        .unwrap_or("https://pasted.invalid/");
    let mut resume_at = 0;
    let mut gathers = Vec::new();
    let end = loop {
        let step = walk_doc(doc, resume_at, url);
        match step.end {
            StepEnd::WaitForKeys(wait) if gathers.len() < GATHERS_MAX => {
                gathers.push(wait.at.line);
                resume_at = wait.resume_at;
            }
            other => break other,
        }
    };
    let keys = if gathers.is_empty() {
        String::new()
    } else {
        let mut lines: Vec<String> = gathers.iter().take(10).map(u32::to_string).collect();
        if gathers.len() > 10 {
            lines.push(format!("and {} more", gathers.len() - 10));
        }
        let what = if gathers.len() == 1 {
            "the <Gather> on line"
        } else {
            "each <Gather>, on lines"
        };
        format!(
            " At {what} {} Kazoo waits for keys: with keys it requests the Gather's action; \
             with none it goes on, and then:",
            lines.join(", ")
        )
    };
    match end {
        StepEnd::Crashed { at, element, message } => Outcome::hang_up(
            OutcomeRow::UnsupportedTwiml,
            ctx.cdr_url_set,
            &format!(
                "Kazoo runs the verbs before line {} and then fails at <{element}>:{keys} {message}",
                at.line
            ),
        )
        .fix("Fix or remove the element named in the findings."),
        StepEnd::EndOfDocument => Outcome::hang_up(
            OutcomeRow::TwimlRunsToEnd,
            ctx.cdr_url_set,
            &format!("Kazoo runs the document to the end of <Response>.{keys}"),
        ),
        StepEnd::Request(next) => Outcome::new(
            OutcomeRow::TwimlContinues,
            Effect::Runs,
            format!(
                "Kazoo runs the document;{keys} <{}> then makes a {} request to {}.",
                next.verb,
                next.follow_up.method.as_str().to_uppercase(),
                next.follow_up.url
            ),
        ),
        StepEnd::HungUp { at } => Outcome::new(
            OutcomeRow::TwimlContinues,
            Effect::HangsUp,
            format!("Kazoo runs the document;{keys} the call is ended on purpose at line {}.", at.line),
        ),
        StepEnd::Stopped { message, .. } => Outcome::new(
            OutcomeRow::TwimlContinues,
            Effect::Runs,
            format!("Kazoo runs the document;{keys} {message}"),
        ),
        StepEnd::WaitForKeys(_)
        | StepEnd::CallflowTakesOver { .. }
        | StepEnd::NotRun => Outcome::new(
            OutcomeRow::TwimlContinues,
            Effect::Runs,
            format!("Kazoo runs the document.{keys}"),
        ),
    }
}

/// The outcome of a body that is not TwiML: to the `_` child (§1).
fn not_twiml(report: &TwimlReport) -> Outcome {
    let why = match (&report.syntax_error, &report.root) {
        (Some(e), _) => format!("The XML does not parse ({} at {})", e.message, e.at),
        (None, Some(root)) => format!("The root element is <{root}>, not <Response>"),
        (None, None) => "The body is not TwiML".to_owned(),
    };
    Outcome::new(
        OutcomeRow::XmlNotResponse,
        Effect::FallsToChild { after_s: 0 },
        format!(
            "{why}: no translator recognises it, so Pivot fails and the callflow goes on at \
             the pivot node's `_` child at once; without one the call ends."
        ),
    )
    .fix("Return well-formed XML with <Response> as its root.")
}
