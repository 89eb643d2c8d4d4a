//! Walk a call: the console plays a caller. It makes Pivot's first
//! request, shows what the caller hears, follows `<Redirect>`s and, at a
//! `<Gather>`, waits for the admin's keys (or none) before it goes on.
//! Each move is bounded: at most [`WALK_MAX_REQUESTS`] requests in a walk
//! (a Redirect loop is cut there) and [`MOVE_BUDGET`] of requests per
//! move. The walk is stored (`db.rs`) after every move, so a reload or a
//! post without JavaScript goes on from where it stands. Server only.

use std::time::{Duration, Instant};

use kazoo::checker::{
    self, after_gather, apply, build_request, first_request, CallFacts, CheckContext, GatherWait,
    NextRequest, PivotSettings, Release, StepEnd,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    db,
    model::{CheckForm, GatherPrompt, WalkEntry, WalkSetup, WalkView, WALK_MAX_REQUESTS},
    service::{self, failure_outcome},
    view,
};
use crate::{error::AppError, session::Caller, state::AppState};

/// The longest one move (a post) spends on requests: past it, the walk
/// stops before its next request.
pub const MOVE_BUDGET: Duration = Duration::from_secs(20);

/// The most keys taken at once.
pub const DIGITS_MAX: usize = 32;

/// Where a walk stands, stored with it: what it needs to go on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WalkState {
    pub settings: PivotSettings,
    /// The call as the next request will describe it (`<Set>` variables,
    /// `Digits`).
    pub facts: CallFacts,
    /// Set while a `<Gather>` waits for keys.
    pub waiting: Option<Waiting>,
    /// How the call ended, once it did.
    pub ended: Option<String>,
}

/// A `<Gather>` waiting: the answer it is in (to go on after it when no
/// key is pressed) and the Gather's own facts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Waiting {
    pub answer: checker::Answer,
    /// The URL that answered.
    pub url: String,
    pub gather: GatherWait,
}

/// What the admin does at a `<Gather>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// Keys pressed (digits, `*`, `#`).
    Keys(String),
    /// No key: the document goes on after the Gather.
    Nothing,
}

/// Starts a walk from the URL form: the first request and what follows,
/// up to a Gather or the end; stored.
///
/// # Errors
/// `Validation` naming each wrong field (nothing requested, nothing
/// stored); database errors.
pub async fn start(state: &AppState, caller: &Caller, form: &CheckForm) -> Result<Uuid, AppError> {
    let mut form = form.clone();
    form.source = super::model::Source::Url;
    let problems = form.problems();
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    let settings = service::settings(&form);
    let facts = service::test_call(caller);
    let setup = WalkSetup {
        voice_url: settings.voice_url.clone(),
        method: settings.method.as_str().to_owned(),
        req_format: settings.req_format.as_str().to_owned(),
        req_body_format: settings.req_body_format.as_str().to_owned(),
        timeout_ms: settings.timeout_ms(),
        call: vec![
            ("From".to_owned(), facts.from.clone()),
            ("To".to_owned(), facts.to.clone()),
            ("CallSid".to_owned(), facts.call_id.clone()),
        ],
        cdr_url: form.cdr_url,
    };
    let mut walk = Walker {
        state: WalkState {
            settings,
            facts,
            waiting: None,
            ended: None,
        },
        transcript: Vec::new(),
        requests: 0,
        started: Instant::now(),
    };
    walk.run(state, None).await;
    let id = db::insert_walk(
        &state.db,
        caller,
        &setup,
        &walk.transcript,
        &walk.state,
        walk.requests,
    )
    .await?;
    Ok(id)
}

/// The admin's move at a waiting `<Gather>`, on the walk as its page
/// showed it (`version`).
///
/// # Errors
/// `NotFound` (no such walk in the account), `Conflict` (it moved on
/// since, or it is not waiting), `Validation` (keys other than digits,
/// `*` and `#`); database errors.
pub async fn go_on(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    version: i32,
    keys: Move,
) -> Result<(), AppError> {
    if let Move::Keys(k) = &keys {
        if let Some(problem) = keys_problem(k) {
            return Err(AppError::Validation(
                [("digits".to_owned(), problem)].into(),
            ));
        }
    }
    let row = db::fetch_walk::<WalkSetup, WalkState>(&state.db, &caller.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stale = || {
        AppError::Conflict(
            "This walk moved on since this page was shown: here is where it stands now.".to_owned(),
        )
    };
    if row.version != version {
        return Err(stale());
    }
    let Some(waiting) = row.state.waiting.clone() else {
        return Err(AppError::Conflict(
            "This call is not waiting for keys.".to_owned(),
        ));
    };
    let mut walk = Walker {
        state: row.state,
        transcript: row.transcript,
        requests: row.requests,
        started: Instant::now(),
    };
    walk.state.waiting = None;
    match keys {
        Move::Keys(keys) => {
            let digits = gathered(&keys, &waiting.gather);
            walk.note_input(format!("Pressed {digits}"));
            let next = after_gather(&waiting.gather, &digits);
            // The Gather's `<Set>` variables were kept when it began to
            // wait; now `Digits` for the action's request.
            let nothing_new = checker::Step {
                outcome: None,
                events: Vec::new(),
                variables: Vec::new(),
                end: StepEnd::NotRun,
            };
            apply(&mut walk.state.facts, &nothing_new, Some(&next));
            walk.run(
                state,
                Some((next, format!("Gather action with Digits={digits}"))),
            )
            .await;
        }
        Move::Nothing => {
            walk.note_input(
                "Pressed nothing: Kazoo goes on with the verb after the Gather".to_owned(),
            );
            let ctx = walk.context(&waiting.url);
            let step = checker::step(&waiting.answer, &ctx, waiting.gather.resume_at);
            if let Some(next) = walk.follow(&step, &waiting.answer, &waiting.url) {
                walk.run(state, Some(next)).await;
            }
        }
    }
    let saved = db::update_walk(
        &state.db,
        &caller.account_id,
        id,
        version,
        &walk.transcript,
        &walk.state,
        walk.requests,
    )
    .await?;
    if saved {
        Ok(())
    } else {
        Err(stale())
    }
}

/// A walk of the account, as its page shows it.
///
/// # Errors
/// `NotFound`; database errors.
pub async fn get(state: &AppState, caller: &Caller, id: Uuid) -> Result<WalkView, AppError> {
    let row = db::fetch_walk::<WalkSetup, WalkState>(&state.db, &caller.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let waiting = row.state.waiting.as_ref().map(|w| GatherPrompt {
        action: w.gather.follow_up.url.clone(),
        method: view::method(w.gather.follow_up.method),
        num_digits: w.gather.num_digits,
        finish_on_key: w.gather.finish_on_key.clone().unwrap_or_default(),
        timeout_s: w.gather.timeout_s,
    });
    Ok(WalkView {
        id: row.id.to_string(),
        setup: row.setup,
        transcript: row.transcript,
        waiting,
        ended: row.state.ended.clone(),
        requests: row.requests,
        version: row.version,
    })
}

/// What is wrong with typed keys, if anything.
pub fn keys_problem(keys: &str) -> Option<String> {
    let keys = keys.trim();
    if keys.is_empty() {
        return Some(
            "Type the keys to press (digits, * or #), or choose Press nothing.".to_owned(),
        );
    }
    if keys.chars().count() > DIGITS_MAX {
        return Some(format!("At most {DIGITS_MAX} keys at once."));
    }
    (!keys
        .chars()
        .all(|c| c.is_ascii_digit() || c == '*' || c == '#'))
    .then(|| "Keys are the digits 0 to 9, * and #.".to_owned())
}

/// The `Digits` Kazoo sends for typed keys: up to the finish key (not
/// included), at most `numDigits` of them.
fn gathered(keys: &str, gather: &GatherWait) -> String {
    let mut digits: String = keys.trim().to_owned();
    if let Some(finish) = gather
        .finish_on_key
        .as_deref()
        .and_then(|f| f.chars().next())
    {
        if let Some(at) = digits.find(finish) {
            digits.truncate(at);
        }
    }
    if let Some(n) = gather.num_digits {
        digits = digits.chars().take(n as usize).collect();
    }
    digits
}

/// A walk in progress (one move).
struct Walker {
    state: WalkState,
    transcript: Vec<WalkEntry>,
    requests: i32,
    started: Instant,
}

impl Walker {
    fn context(&self, url: &str) -> CheckContext {
        CheckContext {
            current_url: Some(url.to_owned()),
            cdr_url_set: self.state.settings.cdr_url.is_some(),
            release: Release::Master,
        }
    }

    fn note_input(&mut self, text: String) {
        self.transcript.push(WalkEntry::Input { text });
    }

    fn end(&mut self, text: String) {
        self.transcript.push(WalkEntry::Note { text: text.clone() });
        self.state.ended = Some(text);
    }

    /// Requests and follows until a Gather waits, the call ends or a
    /// bound is reached; `next` is the request to make (`None`: the first
    /// of the call).
    async fn run(&mut self, app: &AppState, mut next: Option<(NextRequest, String)>) {
        loop {
            if self.requests >= WALK_MAX_REQUESTS {
                self.end(format!(
                    "Stopped: this walk made {WALK_MAX_REQUESTS} requests, the most a walk makes. \
                     A <Redirect> that leads back to itself loops like this on a real call."
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
            let (built, reason) = match &next {
                None => (
                    first_request(settings, &self.state.facts),
                    "First request of the call".to_owned(),
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
            let got = service::send(app, &request).await;
            let got = match got {
                Err(failure) => {
                    let outcome = failure_outcome(&failure).map(|o| o.summary);
                    self.transcript.push(WalkEntry::Request {
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
            let url = got
                .redirected_to
                .clone()
                .unwrap_or_else(|| request.url.clone());
            let answer = checker::Answer {
                status: got.status,
                content_type: got.content_type.clone(),
                body: got.body.clone(),
            };
            let ctx = self.context(&url);
            let report = checker::check_answer(&answer, &ctx);
            let latency = checker::latency(got.latency_ms, request.timeout_ms);
            let step = checker::step(&answer, &ctx, 0);
            let outcome = step.outcome.as_ref().map(|o| o.summary.clone());
            self.transcript.push(WalkEntry::Request {
                request: shown,
                reason,
                status: Some(got.status),
                content_type: got.content_type.clone(),
                translator: Some(view::translator(&report)),
                latency_ms: Some(got.latency_ms),
                failure: latency.too_slow().then(|| latency.message()),
                outcome,
            });
            if latency.too_slow() {
                self.end(
                    kazoo::checker::connect_failure(
                        kazoo::checker::ConnectFailure::Timeout,
                        Release::Master,
                    )
                    .summary,
                );
                return;
            }
            match self.follow(&step, &answer, &url) {
                Some(n) => next = Some(n),
                None => return,
            }
        }
    }

    /// Records a step's events and where it ends: the next request to
    /// make, or `None` when the walk waits or ended. `answer` is the one
    /// the step walked and `url` the URL that gave it (kept when a Gather
    /// waits in it).
    fn follow(
        &mut self,
        step: &checker::Step,
        answer: &checker::Answer,
        url: &str,
    ) -> Option<(NextRequest, String)> {
        for event in &step.events {
            let (what, detail) = view::event(event);
            self.transcript.push(WalkEntry::Step { what, detail });
        }
        let outcome = step.outcome.as_ref().map(|o| o.summary.clone());
        match &step.end {
            StepEnd::Request(next) => {
                apply(&mut self.state.facts, step, Some(next));
                let reason = match next.verb.as_str() {
                    "Redirect" => format!("<Redirect> to {}", next.follow_up.url),
                    verb => format!("<{verb}> action"),
                };
                Some((next.clone(), reason))
            }
            StepEnd::WaitForKeys(gather) => {
                apply(&mut self.state.facts, step, None);
                self.transcript.push(WalkEntry::Note {
                    text: "A <Gather> waits for keys.".to_owned(),
                });
                self.state.waiting = Some(Waiting {
                    answer: answer.clone(),
                    url: url.to_owned(),
                    gather: gather.clone(),
                });
                None
            }
            StepEnd::HungUp { .. } => {
                self.end("The call ended: the document hung up.".to_owned());
                None
            }
            StepEnd::Stopped { message, .. } | StepEnd::Crashed { message, .. } => {
                self.end(message.clone());
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
                self.end(format!(
                    "The callflow app takes over the call with the node above. {more}"
                ));
                None
            }
            StepEnd::NotRun => {
                self.end(outcome.unwrap_or_else(|| "Kazoo does not run this answer.".to_owned()));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use kazoo::{
        callflow::HttpMethod,
        checker::{FollowUp, Position},
    };

    use super::*;

    fn gather(finish: Option<&str>, num: Option<u32>) -> GatherWait {
        GatherWait {
            at: Position { line: 1, column: 1 },
            follow_up: FollowUp {
                method: HttpMethod::Post,
                url: "https://voice.example.com/menu".into(),
            },
            resume_at: 1,
            num_digits: num,
            finish_on_key: finish.map(str::to_owned),
            timeout_s: 5,
        }
    }

    #[test]
    fn keys_are_cut_at_the_finish_key_and_num_digits() {
        assert_eq!(gathered("12#3", &gather(Some("#"), None)), "12");
        assert_eq!(gathered("12#3", &gather(None, None)), "12#3");
        assert_eq!(gathered("12345", &gather(Some("#"), Some(2))), "12");
        assert_eq!(gathered(" 7 ", &gather(Some("#"), Some(1))), "7");
    }

    #[test]
    fn only_phone_keys_are_taken() {
        assert_eq!(keys_problem("1*#0"), None);
        assert!(keys_problem("").is_some());
        assert!(keys_problem("12a").unwrap().contains("digits 0 to 9"));
        assert!(keys_problem(&"1".repeat(DIGITS_MAX + 1)).is_some());
    }
}
