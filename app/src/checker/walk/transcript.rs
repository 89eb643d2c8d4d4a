//! One move of a walk: the requests it makes (through the SSRF guard and
//! the account's bound on checks at once), each answer read off the async
//! workers, and what it records: the transcript's entries, the `<Set>`
//! variables carried to later requests, the Gather it ends waiting at.
//! Everything stored is bounded: [`TRANSCRIPT_MAX_ENTRIES`] entries of at
//! most [`ENTRY_MAX_CHARS`] characters of detail, [`VARIABLES_MAX`]
//! variables of at most [`VARIABLE_MAX_CHARS`], and a waiting answer of at
//! most [`WAITING_BODY_MAX`] bytes.

use std::time::Instant;

use kazoo::checker::{
    self, apply, build_request, first_request, CallFacts, CheckContext, NextRequest, Release,
    StepEnd,
};

use super::{Waiting, WalkState, MOVE_BUDGET};
use crate::{
    checker::{
        model::{WalkEntry, WALK_MAX_REQUESTS},
        service::{self, failure_outcome, off_the_workers},
        view,
    },
    state::AppState,
};

/// The most entries a walk's transcript keeps: past it the walk stops.
pub const TRANSCRIPT_MAX_ENTRIES: usize = 400;

/// The most characters of one entry's detail (a `<Say>`'s text); longer
/// is cut with "…".
pub const ENTRY_MAX_CHARS: usize = 500;

/// The most `<Set>` variables a walk carries to its requests.
pub const VARIABLES_MAX: usize = 20;

/// The most characters of a `<Set>` variable's name or value.
pub const VARIABLE_MAX_CHARS: usize = 256;

/// The largest answer kept while a `<Gather>` waits (to go on after it
/// when nothing is pressed): 64 KiB, many times a menu.
pub const WAITING_BODY_MAX: usize = 64 * 1024;

/// A walk in progress (one move).
pub(super) struct Walker {
    pub(super) state: WalkState,
    pub(super) transcript: Vec<WalkEntry>,
    pub(super) requests: i32,
    started: Instant,
}

/// `text` cut at [`ENTRY_MAX_CHARS`] characters.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max).collect();
        short.push('…');
        short
    }
}

impl Walker {
    pub(super) fn new(state: WalkState, transcript: Vec<WalkEntry>, requests: i32) -> Self {
        Self {
            state,
            transcript,
            requests,
            started: Instant::now(),
        }
    }

    fn context(&self, url: &str) -> CheckContext {
        CheckContext {
            current_url: Some(url.to_owned()),
            cdr_url_set: self.state.settings.cdr_url.is_some(),
            release: Release::Master,
        }
    }

    /// Adds an entry, unless the transcript is full (the walk ends at the
    /// next request then).
    fn push(&mut self, entry: WalkEntry) {
        if self.transcript.len() < TRANSCRIPT_MAX_ENTRIES {
            self.transcript.push(entry);
        }
    }

    pub(super) fn note_input(&mut self, text: String) {
        self.push(WalkEntry::Input { text });
    }

    fn end(&mut self, text: String) {
        // The end is recorded even in a full transcript (one past it).
        self.transcript.push(WalkEntry::Note { text: text.clone() });
        self.state.ended = Some(text);
    }

    /// Goes on after a Gather where no digits were gathered: the rest of
    /// the waiting answer, from the verb after the Gather.
    pub(super) async fn after_gather_without_keys(&mut self, app: &AppState, waiting: Waiting) {
        let Some(answer) = waiting.answer else {
            self.end(format!(
                "The walk cannot go on after this Gather: its answer is over {} KiB, more than a \
                 walk keeps while it waits. Kazoo would go on with the verb after the Gather.",
                WAITING_BODY_MAX / 1024
            ));
            return;
        };
        let ctx = self.context(&waiting.url);
        let resume_at = waiting.gather.resume_at;
        let read = {
            let answer = answer.clone();
            off_the_workers(move || checker::step(&answer, &ctx, resume_at)).await
        };
        let Ok(step) = read else {
            self.end("The answer could not be read again.".to_owned());
            return;
        };
        if let Some(next) = self.follow(&step, &answer, &waiting.url) {
            self.run(app, Some(next)).await;
        }
    }

    /// Requests and follows until a Gather waits, the call ends or a
    /// bound is reached; `next` is the request to make (`None`: the first
    /// of the call).
    pub(super) async fn run(&mut self, app: &AppState, mut next: Option<(NextRequest, String)>) {
        loop {
            if self.requests >= WALK_MAX_REQUESTS {
                self.end(format!(
                    "Stopped: this walk made {WALK_MAX_REQUESTS} requests, the most a walk makes. \
                     A <Redirect> that leads back to itself loops like this on a real call."
                ));
                return;
            }
            if self.transcript.len() >= TRANSCRIPT_MAX_ENTRIES {
                self.end(format!(
                    "Stopped: the transcript holds {TRANSCRIPT_MAX_ENTRIES} entries, the most a walk keeps."
                ));
                return;
            }
            if self.started.elapsed() > MOVE_BUDGET {
                self.end(format!(
                    "Stopped: the requests took more than {} s in all.",
                    MOVE_BUDGET.as_secs()
                ));
                return;
            }
            let settings = &self.state.settings;
            // The URL as set (the voice URL, or the follow-up's), never
            // the request's own (a GET's carries the parameters) nor a
            // redirect's: relative URLs in the answer resolve against it.
            let (built, reason, current_url) = match &next {
                None => (
                    first_request(settings, &self.state.facts),
                    "First request of the call".to_owned(),
                    settings.voice_url.clone(),
                ),
                Some((request, reason)) => (
                    build_request(
                        &request.follow_up.url,
                        request.follow_up.method,
                        settings.req_format,
                        settings.req_body_format,
                        &self.state.facts,
                        settings.timeout_ms(),
                    ),
                    reason.clone(),
                    request.follow_up.url.clone(),
                ),
            };
            let request = match built {
                Ok(r) => r,
                Err(e) => {
                    self.end(format!("Kazoo cannot make the next request: {e}"));
                    return;
                }
            };
            self.requests += 1;
            let shown = view::request(&request);
            let got = match service::send(app, &request).await {
                Err(failure) => {
                    let outcome = failure_outcome(&failure).map(|o| o.summary);
                    self.push(WalkEntry::Request {
                        request: shown,
                        reason,
                        status: None,
                        content_type: None,
                        translator: None,
                        latency_ms: None,
                        failure: Some(failure.to_string()),
                        outcome: outcome.clone(),
                    });
                    self.end(outcome.unwrap_or_else(|| "The walk cannot go on.".to_owned()));
                    return;
                }
                Ok(got) => got,
            };
            let answer = checker::Answer {
                status: got.status,
                content_type: got.content_type.clone(),
                body: got.body,
            };
            let latency = checker::latency(got.latency_ms, request.timeout_ms);
            let ctx = self.context(&current_url);
            let read = {
                let answer = answer.clone();
                off_the_workers(move || {
                    // Checked once: the step reuses the report.
                    let report = checker::check_answer(&answer, &ctx);
                    let step = checker::step_with_report(&report, &answer, &ctx, 0);
                    (view::translator(&report), step)
                })
                .await
            };
            let Ok((translator, step)) = read else {
                self.end("The answer could not be read.".to_owned());
                return;
            };
            let outcome = step.outcome.as_ref().map(|o| o.summary.clone());
            self.push(WalkEntry::Request {
                request: shown,
                reason,
                status: Some(got.status),
                content_type: got.content_type,
                translator: Some(translator),
                latency_ms: Some(got.latency_ms),
                failure: latency.too_slow().then(|| latency.message()),
                outcome,
            });
            if latency.too_slow() {
                self.end(
                    checker::connect_failure(checker::ConnectFailure::Timeout, Release::Master)
                        .summary,
                );
                return;
            }
            match self.follow(&step, &answer, &current_url) {
                Some(n) => next = Some(n),
                None => return,
            }
        }
    }

    /// Records a step's events and where it ends: the next request to
    /// make, or `None` when the walk waits or ended. `answer` is the one
    /// the step walked and `url` the URL its relative URLs resolve
    /// against (kept when a Gather waits in it).
    fn follow(
        &mut self,
        step: &checker::Step,
        answer: &checker::Answer,
        url: &str,
    ) -> Option<(NextRequest, String)> {
        for event in &step.events {
            let (what, detail) = view::event(event);
            self.push(WalkEntry::Step {
                what,
                detail: cut(&detail, ENTRY_MAX_CHARS),
            });
        }
        let step = &self.bounded_variables(step);
        let outcome = step.outcome.as_ref().map(|o| o.summary.clone());
        match &step.end {
            StepEnd::Request(next) => {
                apply(&mut self.state.facts, step, Some(next));
                let reason = match next.verb.as_str() {
                    "Redirect" => format!("<Redirect> to {}", next.follow_up.url),
                    verb => format!("<{verb}> action"),
                };
                Some((next.clone(), cut(&reason, ENTRY_MAX_CHARS)))
            }
            StepEnd::WaitForKeys(gather) => {
                apply(&mut self.state.facts, step, None);
                self.push(WalkEntry::Note {
                    text: "A <Gather> waits for keys.".to_owned(),
                });
                self.state.waiting = Some(Waiting {
                    answer: (answer.body.len() <= WAITING_BODY_MAX).then(|| answer.clone()),
                    url: url.to_owned(),
                    gather: gather.clone(),
                });
                None
            }
            StepEnd::HungUp { .. } => {
                self.end("The call ended: the document hung up.".to_owned());
                None
            }
            StepEnd::Stopped { message, .. } => {
                self.end(message.clone());
                None
            }
            // The outcome says what follows the crash: a hang-up, or the
            // caller left in silence when the node has a CDR URL (the
            // finding's own message speaks of the hang-up only).
            StepEnd::Crashed { message, .. } => {
                self.end(outcome.unwrap_or_else(|| message.clone()));
                None
            }
            StepEnd::EndOfDocument => {
                self.end(
                    outcome.unwrap_or_else(|| {
                        "The document ran to its end: Kazoo hangs up.".to_owned()
                    }),
                );
                None
            }
            StepEnd::CallflowTakesOver { pivot_urls } => {
                let more = if pivot_urls.is_empty() {
                    "No further request: the node has no pivot step.".to_owned()
                } else {
                    format!(
                        "Its pivot step would request {} next (not walked here).",
                        pivot_urls.join(", ")
                    )
                };
                self.end(cut(
                    &format!("The callflow app takes over the call with the node above. {more}"),
                    ENTRY_MAX_CHARS,
                ));
                None
            }
            StepEnd::NotRun => {
                self.end(outcome.unwrap_or_else(|| "Kazoo does not run this answer.".to_owned()));
                None
            }
        }
    }

    /// The step with only the `<Set>` variables the walk carries: at most
    /// [`VARIABLES_MAX`] in all, names and values of at most
    /// [`VARIABLE_MAX_CHARS`]; a note for those left out.
    fn bounded_variables(&mut self, step: &checker::Step) -> checker::Step {
        let (kept, left_out) = bound_variables(&self.state.facts, &step.variables);
        if left_out > 0 {
            self.push(WalkEntry::Note {
                text: format!(
                    "{left_out} <Set> variable(s) not carried on: a walk carries at most \
                     {VARIABLES_MAX}, each name and value at most {VARIABLE_MAX_CHARS} characters."
                ),
            });
        }
        checker::Step {
            variables: kept,
            ..step.clone()
        }
    }
}

/// The variables of `new` the walk carries given those `facts` already
/// has, and how many it leaves out.
fn bound_variables(facts: &CallFacts, new: &[(String, String)]) -> (Vec<(String, String)>, usize) {
    let mut names: Vec<&str> = facts.user_vars.iter().map(|(k, _)| k.as_str()).collect();
    let mut kept = Vec::new();
    for (k, v) in new {
        let fits =
            k.chars().count() <= VARIABLE_MAX_CHARS && v.chars().count() <= VARIABLE_MAX_CHARS;
        let known = names.contains(&k.as_str());
        if fits && (known || names.len() < VARIABLES_MAX) {
            if !known {
                names.push(k);
            }
            kept.push((k.clone(), v.clone()));
        }
    }
    let left_out = new.len() - kept.len();
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_bounded_in_count_and_size() {
        let mut facts = CallFacts::default();
        for i in 0..VARIABLES_MAX - 1 {
            facts.set_user_var(&format!("v{i}"), "x");
        }
        let long = "y".repeat(VARIABLE_MAX_CHARS + 1);
        let new = vec![
            ("v0".to_owned(), "again".to_owned()),
            ("fresh".to_owned(), "1".to_owned()),
            ("one_too_many".to_owned(), "1".to_owned()),
            ("v1".to_owned(), long),
        ];
        let (kept, left_out) = bound_variables(&facts, &new);
        assert_eq!(
            kept,
            [
                ("v0".to_owned(), "again".to_owned()),
                ("fresh".to_owned(), "1".to_owned())
            ]
        );
        assert_eq!(left_out, 2);
    }

    #[test]
    fn long_details_are_cut() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "abc…");
    }
}
