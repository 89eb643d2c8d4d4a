//! What pages, plain forms and the JSON API ask of jobs: start a bulk
//! sync or a refresh, read a job, cancel it, retry its failed items. Every
//! function acts for a `Caller` and only on that caller's account.

use std::time::Duration;

use uuid::Uuid;

use super::{
    db,
    model::{JobDetail, JobView},
};
use crate::{drafts::model::DraftState, error::AppError, session::Caller, state::AppState};

/// Drafts one bulk sync may take (the Drafts page's selection, or "all
/// changed"): a migration moves hundreds of numbers at once.
pub const MAX_DRAFTS: usize = 5_000;

/// Items of a job one page (or API answer) lists.
pub const ITEMS_PER_PAGE: i64 = 200;

/// Which drafts a bulk sync takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// These drafts of the account (unknown ids are refused).
    Drafts(Vec<Uuid>),
    /// Every draft of the account not in Kazoo as it is now: never synced,
    /// changed since sync, or whose last sync failed (conflicts wait for
    /// the admin's decision).
    Changed,
}

fn token_of(caller: &Caller) -> Result<&str, AppError> {
    caller
        .token
        .as_ref()
        .map(kazoo::AuthToken::expose)
        .ok_or(AppError::KazooTokenMissing)
}

/// Starts a bulk sync of the selected drafts; drafts already queued or
/// running in another job are left to it. Returns the job.
///
/// # Errors
/// `KazooTokenMissing`; `Validation` (`drafts`) when nothing is selected,
/// too much is, or an id is not a draft of the account (nothing is
/// started then); database errors.
pub async fn start_sync(
    state: &AppState,
    caller: &Caller,
    selection: &Selection,
) -> Result<JobView, AppError> {
    let token = token_of(caller)?;
    let all = db::draft_choices(&state.db, &caller.account_id).await?;
    let busy = db::drafts_in_jobs(&state.db, &caller.account_id).await?;
    let refuse =
        |message: &str| AppError::Validation([("drafts".to_owned(), message.to_owned())].into());
    let chosen: Vec<(Uuid, String)> =
        match selection {
            Selection::Drafts(ids) => {
                if ids.len() > MAX_DRAFTS {
                    return Err(refuse(&format!(
                        "Select at most {MAX_DRAFTS} drafts for one sync."
                    )));
                }
                let mut chosen = Vec::with_capacity(ids.len());
                for id in ids {
                    match all.iter().find(|d| d.0 == *id) {
                        Some(d) if !chosen.iter().any(|(c, _)| c == id) => {
                            chosen.push((d.0, d.1.clone()));
                        }
                        Some(_) => {}
                        None => return Err(refuse(
                            "A selected draft no longer exists: reload the page and select again.",
                        )),
                    }
                }
                chosen
            }
            Selection::Changed => all
                .iter()
                .filter(|d| {
                    matches!(
                        d.2,
                        DraftState::Draft | DraftState::Changed | DraftState::Error
                    )
                })
                .map(|d| (d.0, d.1.clone()))
                .collect(),
        };
    let chosen: Vec<_> = chosen
        .into_iter()
        .filter(|(id, _)| !busy.contains(id))
        .collect();
    if chosen.is_empty() {
        return Err(refuse(match selection {
            Selection::Drafts(ids) if ids.is_empty() => "Select at least one draft to sync.",
            Selection::Drafts(_) => "The selected drafts are already being synced.",
            Selection::Changed => "No draft has changes to sync.",
        }));
    }
    if chosen.len() > MAX_DRAFTS {
        return Err(refuse(&format!(
            "{} drafts have changes: sync at most {MAX_DRAFTS} at once (select them on the Drafts page).",
            chosen.len()
        )));
    }
    let job_id =
        db::create_sync(&state.db, &caller.account_id, &caller.actor, token, &chosen).await?;
    tracing::info!(job.id = %job_id, drafts = chosen.len(), "bulk sync started");
    job(state, caller, job_id).await
}

/// Starts the account's routing refresh, or joins the one that runs.
///
/// # Errors
/// `KazooTokenMissing`; database errors.
pub async fn start_refresh(state: &AppState, caller: &Caller) -> Result<JobView, AppError> {
    let token = token_of(caller)?;
    let (job_id, joined) =
        db::start_refresh(&state.db, &caller.account_id, &caller.actor, token).await?;
    tracing::info!(job.id = %job_id, joined, "routing refresh started");
    job(state, caller, job_id).await
}

/// Starts (or joins) the account's refresh and waits up to `wait` for it
/// to end; returns the job as it stands then (still running when the
/// account is big).
///
/// # Errors
/// As [`start_refresh`].
pub async fn refresh_and_wait(
    state: &AppState,
    caller: &Caller,
    wait: Duration,
) -> Result<JobView, AppError> {
    let started = std::time::Instant::now();
    let mut job = start_refresh(state, caller).await?;
    let id = parse_id(&job.job_id)?;
    while job.state.is_active() && started.elapsed() < wait {
        tokio::time::sleep(Duration::from_millis(25)).await;
        job = self::job(state, caller, id).await?;
    }
    Ok(job)
}

fn parse_id(id: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id).map_err(|_| AppError::NotFound)
}

/// A job of the caller's account.
///
/// # Errors
/// `NotFound` (also for another account's job); database errors.
pub async fn job(state: &AppState, caller: &Caller, id: Uuid) -> Result<JobView, AppError> {
    db::job(&state.db, &caller.account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A job of the caller's account with a page of its items (failed first).
///
/// # Errors
/// `NotFound`; database errors.
pub async fn detail(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    page: u32,
) -> Result<JobDetail, AppError> {
    let offset = i64::from(page.saturating_sub(1)) * ITEMS_PER_PAGE;
    db::detail(&state.db, &caller.account_id, id, offset, ITEMS_PER_PAGE)
        .await?
        .ok_or(AppError::NotFound)
}

/// The account's newest jobs.
///
/// # Errors
/// Database errors.
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<JobView>, AppError> {
    Ok(db::jobs(&state.db, &caller.account_id, None, 50).await?)
}

/// Cancels a job: items not yet run are left as they are, running ones
/// finish.
///
/// # Errors
/// `NotFound`; `Conflict` when the job already ended.
pub async fn cancel(state: &AppState, caller: &Caller, id: Uuid) -> Result<JobView, AppError> {
    let current = job(state, caller, id).await?;
    if !db::cancel(&state.db, &caller.account_id, id).await? {
        return Err(AppError::Conflict(format!(
            "This job has already ended ({}).",
            current.state.label().to_lowercase()
        )));
    }
    job(state, caller, id).await
}

/// Queues a job's failed items again, acting with the caller's Kazoo
/// token.
///
/// # Errors
/// `KazooTokenMissing`, `NotFound`; `Conflict` when no item failed.
pub async fn retry_failed(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> Result<JobView, AppError> {
    let token = token_of(caller)?;
    job(state, caller, id).await?;
    if db::retry_failed(&state.db, &caller.account_id, id, token).await? == 0 {
        return Err(AppError::Conflict("No item of this job failed.".into()));
    }
    job(state, caller, id).await
}

/// What an admin may do to a job once it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// [`cancel`].
    Cancel,
    /// [`retry_failed`].
    RetryFailed,
}

/// Does `action` to a job of the caller's account.
///
/// # Errors
/// As [`cancel`] or [`retry_failed`].
pub async fn act(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    action: Action,
) -> Result<JobView, AppError> {
    match action {
        Action::Cancel => cancel(state, caller, id).await,
        Action::RetryFailed => retry_failed(state, caller, id).await,
    }
}

/// After a sign-in: the account's jobs act with the new token, and paused
/// ones resume. Best effort (logged).
pub async fn resume_after_sign_in(state: &AppState, account_id: &str, token: &str) {
    match db::resume_account(&state.db, account_id, token).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(jobs = n, "paused jobs resumed after a sign-in"),
        Err(e) => tracing::warn!(error = %e, "jobs not resumed after a sign-in"),
    }
}
