//! The jobs' plain form posts, which work with and without JavaScript:
//! the Drafts page's **Sync selected** and **Sync all changed** (`POST
//! /jobs/sync`) start a bulk sync and go to its page, or back to Drafts
//! saying why nothing started; a job's **Cancel job** and **Retry failed**
//! go back to the job with a notice (`?notice=`, see `page.rs`); **Sign in
//! again** on a paused job ends the session whose Kazoo token expired and
//! goes to the sign-in page, which comes back to the job (and resumes it).

use axum::{
    body::Bytes,
    extract::{Path, State},
    response::Redirect,
};
use tower_sessions::Session;
use uuid::Uuid;

use super::service::{self, Action, Selection, MAX_DRAFTS};
use crate::{
    drafts,
    error::AppError,
    flash::{self, Flash, FormFlash},
    numbers::model::search_problem,
    session::{self, Caller},
    state::AppState,
    url::urlencode,
};

/// The Drafts page, where a refused bulk sync goes back to (its flash
/// key).
pub const DRAFTS_PAGE: &str = "/drafts";

/// Longest search kept in the way back to the Drafts page (encoded), so
/// the `Location` stays small.
const BACK_SEARCH_MAX_BYTES: usize = 1024;

/// What the Drafts page's form posts: `draft=<id>` per ticked draft,
/// `scope=matching` ("Select all N matching"), the button pressed
/// (`scope=selected`: Sync selected, the form's default; `scope=changed`:
/// Sync all changed), and the search `q` the page showed. Sync all changed
/// takes every changed draft whatever is ticked; otherwise "all matching"
/// takes every draft the search matches, else the ticked ones.
#[derive(Debug, Default, PartialEq)]
pub struct SyncForm {
    pub drafts: Vec<String>,
    pub scopes: Vec<String>,
    pub search: String,
}

impl SyncForm {
    /// Reads a url-encoded body; undecodable bytes become U+FFFD (and then
    /// name no draft), unknown fields are ignored.
    pub fn parse(body: &[u8]) -> Self {
        let mut form = Self::default();
        for (key, value) in form_urlencoded::parse(body) {
            match key.as_ref() {
                "draft" => form.drafts.push(value.into_owned()),
                "scope" => form.scopes.push(value.into_owned()),
                "q" => form.search = value.into_owned(),
                _ => {}
            }
        }
        form
    }

    /// Which drafts the admin asked for, or why the form cannot say. Every
    /// field must be one the page sends, whichever button was pressed: a
    /// form that was tampered with starts nothing.
    ///
    /// # Errors
    /// The refusal in the admin's words.
    pub fn choice(&self) -> Result<Choice, String> {
        let known = |s: &String| matches!(s.as_str(), "selected" | "matching" | "changed");
        if !self.scopes.iter().all(known) {
            return Err(
                "The form could not be read: reload the Drafts page and try again.".to_owned(),
            );
        }
        if search_problem(&self.search).is_some() {
            return Err(
                "The search cannot be used to select drafts: search again from the Drafts page."
                    .to_owned(),
            );
        }
        if self.drafts.len() > MAX_DRAFTS {
            return Err(format!("Select at most {MAX_DRAFTS} drafts for one sync."));
        }
        let ticked = self
            .drafts
            .iter()
            .map(|id| Uuid::parse_str(id.trim()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| {
                "A selected draft is not one of the account's drafts: reload the Drafts page \
                 and select again."
                    .to_owned()
            })?;
        let has = |scope: &str| self.scopes.iter().any(|s| s == scope);
        Ok(if has("changed") {
            Choice::Changed
        } else if has("matching") {
            Choice::Matching(self.search.trim().to_owned())
        } else {
            Choice::Selected(ticked)
        })
    }

    /// The Drafts page to go back to: with the search, when it is one the
    /// page can show and short enough for a `Location`.
    pub fn back(&self) -> String {
        let search = self.search.trim();
        let encoded = urlencode(search);
        if search.is_empty()
            || search_problem(search).is_some()
            || encoded.len() > BACK_SEARCH_MAX_BYTES
        {
            DRAFTS_PAGE.to_owned()
        } else {
            format!("{DRAFTS_PAGE}?q={encoded}")
        }
    }
}

/// The drafts a bulk sync is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The ticked drafts.
    Selected(Vec<Uuid>),
    /// Every draft matching this search (all of them when it is empty).
    Matching(String),
    /// Every draft with changes Kazoo does not have.
    Changed,
}

/// `POST /jobs/sync`: starts a bulk sync and shows its page; refused (and
/// nothing started), back to the Drafts page with why.
pub async fn sync_handler(
    State(state): State<AppState>,
    session: Session,
    body: Bytes,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let form = SyncForm::parse(&body);
    let caller = Caller::from(&user);
    match start(&state, &caller, &form).await {
        Ok(job_id) => Redirect::to(&format!("/jobs/{job_id}")),
        Err(text) => {
            let flash = FormFlash {
                path: DRAFTS_PAGE.to_owned(),
                message: Some(Flash {
                    text: format!("{text} Nothing was synced."),
                    error: true,
                }),
                ..FormFlash::default()
            };
            flash::put(&session, flash).await;
            Redirect::to(&form.back())
        }
    }
}

/// Starts the sync the form asks for; returns the job's id, or why not.
async fn start(state: &AppState, caller: &Caller, form: &SyncForm) -> Result<String, String> {
    let selection = match form.choice()? {
        Choice::Selected(ids) => Selection::Drafts(ids),
        Choice::Changed => Selection::Changed,
        Choice::Matching(search) => {
            let limit = i64::try_from(MAX_DRAFTS + 1).unwrap_or(i64::MAX);
            let ids = drafts::db::fetch_matching_ids(&state.db, &caller.account_id, &search, limit)
                .await
                .map_err(|e| AppError::from(e).to_string())?;
            if ids.is_empty() {
                return Err(format!("No draft matches “{search}”."));
            }
            Selection::Drafts(ids)
        }
    };
    match service::start_sync(state, caller, &selection).await {
        Ok(job) => Ok(job.job_id),
        Err(AppError::Validation(fields)) => {
            Err(fields.into_values().collect::<Vec<_>>().join(" "))
        }
        Err(other) => Err(other.to_string()),
    }
}

/// A job's page with a notice (`?notice=`).
fn job_page(id: Uuid, notice: &str) -> Redirect {
    Redirect::to(&format!("/jobs/{id}?notice={notice}"))
}

/// Where a post about a job that is not the account's (or not a job) goes.
fn not_found() -> Redirect {
    Redirect::to("/jobs?notice=not_found")
}

/// `POST /jobs/{id}/cancel`: items not yet run are left as they are.
pub async fn cancel_handler(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Redirect {
    act(&state, &session, &id, Action::Cancel).await
}

/// `POST /jobs/{id}/retry-failed`: the failed items run again, with the
/// admin's Kazoo session.
pub async fn retry_handler(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Redirect {
    act(&state, &session, &id, Action::RetryFailed).await
}

/// Does `action` for the signed-in admin, then back to the job with a
/// notice saying how it went.
async fn act(state: &AppState, session: &Session, id: &str, action: Action) -> Redirect {
    let Ok(Some(user)) = session::current(session).await else {
        return Redirect::to("/login");
    };
    let Ok(id) = Uuid::parse_str(id) else {
        return not_found();
    };
    let (done, refused) = match action {
        Action::Cancel => ("cancelled", "already_ended"),
        Action::RetryFailed => ("retrying", "none_failed"),
    };
    match service::act(state, &Caller::from(&user), id, action).await {
        Ok(_) => job_page(id, done),
        Err(AppError::NotFound) => not_found(),
        Err(AppError::Conflict(_)) => job_page(id, refused),
        Err(_) => job_page(id, "failed"),
    }
}

/// `POST /jobs/{id}/sign-in`: a paused job waits for a sign-in (its Kazoo
/// token expired, and so, most likely, did this session's): ends the
/// session and goes to the sign-in page, which comes back to the job.
pub async fn sign_in_handler(session: Session, Path(id): Path<String>) -> Redirect {
    let Ok(id) = Uuid::parse_str(&id) else {
        return not_found();
    };
    let _ = session::sign_out(&session).await;
    Redirect::to(&format!(
        "/login?error=expired&next={}",
        urlencode(&format!("/jobs/{id}"))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_says_which_drafts() {
        let id = Uuid::new_v4();
        let body = format!("q=&draft={id}&draft={id}&scope=selected");
        let form = SyncForm::parse(body.as_bytes());
        assert_eq!(form.choice(), Ok(Choice::Selected(vec![id, id])));
        let form = SyncForm::parse(b"q=Sales&scope=matching&scope=selected");
        assert_eq!(form.choice(), Ok(Choice::Matching("Sales".into())));
        let body = format!("q=Sales&scope=matching&draft={id}&scope=changed");
        let form = SyncForm::parse(body.as_bytes());
        assert_eq!(
            form.choice(),
            Ok(Choice::Changed),
            "Sync all changed takes all"
        );
        assert_eq!(SyncForm::parse(b"").choice(), Ok(Choice::Selected(vec![])));
    }

    #[test]
    fn a_form_it_cannot_read_is_refused() {
        for body in [
            &b"draft=not-a-uuid"[..],
            b"draft=%FF%FE",
            b"scope=everything",
            b"scope=matching&q=a%00b",
            // Tampered fields refuse the form, whichever button was pressed.
            b"scope=changed&q=a%09b",
            b"scope=changed&draft=%E2%80%AE",
        ] {
            assert!(SyncForm::parse(body).choice().is_err(), "{body:?}");
        }
    }

    #[test]
    fn the_way_back_keeps_a_plain_search_only() {
        assert_eq!(
            SyncForm::parse(b"q=Sales+line").back(),
            "/drafts?q=Sales%20line"
        );
        assert_eq!(SyncForm::parse(b"q=").back(), "/drafts");
        assert_eq!(SyncForm::parse(b"q=a%0Ab").back(), "/drafts");
        let long = format!("q={}", "%E2%80%A6".repeat(300));
        assert_eq!(SyncForm::parse(long.as_bytes()).back(), "/drafts");
    }
}
