//! Walk a call: the console plays a caller. It makes Pivot's first
//! request, shows what the caller hears, follows `<Redirect>`s and, at a
//! `<Gather>`, waits for the admin's keys (or none) before it goes on.
//! This file holds the moves (start, keys or none, the page's view);
//! `walk/transcript.rs` the requests a move makes and what it records.
//! Each move is bounded: at most [`WALK_MAX_REQUESTS`] requests in a walk
//! (a Redirect loop is cut there), [`MOVE_BUDGET`] of requests per move,
//! and the stored transcript, variables and waiting answer are bounded
//! (`walk/transcript.rs`). The walk is stored (`db.rs`) after every move,
//! so a reload or a post without JavaScript goes on from where it stands.
//! Server only.

mod transcript;

use std::time::Duration;

use kazoo::checker::{self, after_gather, apply, CallFacts, GatherWait, PivotSettings, StepEnd};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use self::transcript::Walker;
pub use self::transcript::{
    TRANSCRIPT_MAX_ENTRIES, VARIABLES_MAX, VARIABLE_MAX_CHARS, WAITING_BODY_MAX,
};
use super::{
    db,
    model::{CheckForm, GatherPrompt, WalkSetup, WalkView},
    service, view,
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
    /// The answer, when its body is at most [`WAITING_BODY_MAX`] bytes
    /// (a menu is a few KiB); `None` past it: pressing nothing then ends
    /// the walk with why.
    pub answer: Option<checker::Answer>,
    /// The URL the answer's relative URLs resolve against: the voice URL
    /// or the follow-up's URL as set, without the parameters a GET adds.
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
    let _permit = state.outbound.permit(&caller.account_id)?;
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
    let mut walk = Walker::new(
        WalkState {
            settings,
            facts,
            waiting: None,
            ended: None,
        },
        Vec::new(),
        0,
    );
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
    let _permit = state.outbound.permit(&caller.account_id)?;
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
    let mut walk = Walker::new(row.state, row.transcript, row.requests);
    walk.state.waiting = None;
    // Keys that give no digits (`#` alone, or only what follows the
    // finish key): Kazoo goes on with the verb after the Gather, as when
    // nothing is pressed (kzt_twiml gather_finished; PIVOT_TWIML.md §4).
    let keys = match keys {
        Move::Keys(keys) => {
            let digits = gathered(&keys, &waiting.gather);
            if digits.is_empty() {
                walk.note_input(format!(
                    "Pressed {}: no digits gathered, so Kazoo goes on with the verb after the Gather",
                    keys.trim()
                ));
                Move::Nothing
            } else {
                walk.note_input(format!("Pressed {digits}"));
                Move::Keys(digits)
            }
        }
        Move::Nothing => {
            walk.note_input(
                "Pressed nothing: Kazoo goes on with the verb after the Gather".to_owned(),
            );
            Move::Nothing
        }
    };
    match keys {
        Move::Keys(digits) => {
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
        Move::Nothing => walk.after_gather_without_keys(state, waiting).await,
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
