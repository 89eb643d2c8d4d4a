//! Runs one item: a draft's sync (`crate::sync`) or an account's routing
//! refresh (`crate::numbers::refresh`), and says how it ended.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use kazoo::AuthToken;
use tokio::sync::watch;

use super::{
    db::{self, Claimed, Ending},
    model::JobKind,
};
use crate::{
    error::AppError,
    session::Caller,
    state::AppState,
    sync::{self, Intent},
};

/// Runs an item may take before a failure Kazoo may get over (5xx, 429,
/// timeouts, a database hiccup) is final. Each run already retries its
/// Kazoo calls a few times (`crate::sync`), so six runs are some twenty
/// tries over about two minutes.
pub const MAX_ATTEMPTS: i32 = 6;

/// The pause before run `attempts + 1`: exponential from 1 s, doubling,
/// at most 30 s, with jitter (backon's: up to as much again) so that many
/// items that failed together do not come back together.
pub fn backoff(attempts: i32) -> Duration {
    let nth = usize::try_from(attempts.max(1) - 1).unwrap_or(0);
    ExponentialBuilder::default()
        .with_min_delay(Duration::from_secs(1))
        .with_factor(2.0)
        .with_max_delay(Duration::from_secs(30))
        .with_max_times(usize::MAX)
        .with_jitter()
        .build()
        .nth(nth)
        .unwrap_or(Duration::from_secs(30))
}

/// Runs `item` and says how it ended; a refresh reports its progress.
pub async fn run(state: &AppState, item: &Claimed) -> Ending {
    let Some(token) = item.token.clone() else {
        return Ending::Pause;
    };
    let token = AuthToken::new(token);
    let result = match item.kind {
        JobKind::Sync => sync_draft(state, item, token).await,
        JobKind::Refresh => refresh(state, item, &token).await,
    };
    match result {
        Ok(()) => Ending::Done,
        Err(ending) => ending,
    }
}

async fn sync_draft(state: &AppState, item: &Claimed, token: AuthToken) -> Result<(), Ending> {
    let Some(draft_id) = item.draft_id else {
        return Err(Ending::Failed("This item names no draft.".into()));
    };
    let caller = Caller {
        account_id: item.account_id.clone(),
        actor: item.created_by.clone(),
        token: Some(token),
    };
    let intent = Intent::Push { overwrite: false };
    match sync::sync(state, &caller, draft_id, None, intent).await {
        Ok(_) => Ok(()),
        Err(AppError::NotFound) => Err(Ending::Skipped(
            "The draft was discarded before its turn.".into(),
        )),
        // A sync of this draft started elsewhere (a click on its page)
        // still runs: this one waits its turn.
        Err(AppError::Conflict(_)) if sync_running(state, &item.account_id, draft_id).await => {
            Err(Ending::Wait {
                after: Duration::from_secs(2),
            })
        }
        Err(e) => Err(ending_of(state, item, e, Some(draft_id)).await),
    }
}

/// Whether a sync of the draft runs now (its heartbeat is fresh).
async fn sync_running(state: &AppState, account_id: &str, draft_id: uuid::Uuid) -> bool {
    sqlx::query_scalar!(
        r#"select sync_running as "running!" from draft_status
            where account_id = $1 and draft_id = $2"#,
        account_id,
        draft_id,
    )
    .fetch_optional(&state.db)
    .await
    .ok()
    .flatten()
    .unwrap_or(false)
}

/// How often a refresh's progress is written at most.
const WRITE_EVERY: Duration = Duration::from_millis(500);

async fn refresh(state: &AppState, item: &Claimed, token: &AuthToken) -> Result<(), Ending> {
    let (progress, mut seen) = watch::channel((0, 0));
    let work = crate::numbers::refresh::refresh(
        state,
        &item.account_id,
        token,
        state.jobs.per_account,
        &progress,
    );
    tokio::pin!(work);
    // The page shows "n of m": written at most twice a second, never
    // holding the refresh up.
    let mut written = std::time::Instant::now() - WRITE_EVERY;
    let result = loop {
        tokio::select! {
            result = &mut work => break result,
            changed = seen.changed() => {
                if changed.is_err() || written.elapsed() < WRITE_EVERY {
                    continue;
                }
                written = std::time::Instant::now();
                let (done, total) = *seen.borrow_and_update();
                if let Err(e) = db::set_read(&state.db, item.job_id, done, total).await {
                    tracing::warn!(error = %e, "refresh progress not recorded");
                }
            }
        }
    };
    let (done, total) = *progress.borrow();
    let _ = db::set_read(&state.db, item.job_id, done, total).await;
    match result {
        Ok(_) => Ok(()),
        Err(e) => Err(ending_of(state, item, e, None).await),
    }
}

/// What a failed run means for the item: pause on an expired token, run
/// again later while Kazoo (or the database) may get over it, else fail
/// with the reason the admin can act on (the draft's own last error when
/// it has one: the sync recorded it in the admin's words).
async fn ending_of(
    state: &AppState,
    item: &Claimed,
    error: AppError,
    draft_id: Option<uuid::Uuid>,
) -> Ending {
    let retryable = matches!(error, AppError::KazooUnavailable | AppError::Internal(_));
    if matches!(error, AppError::KazooSessionExpired) {
        return Ending::Pause;
    }
    let message = match draft_id {
        Some(id) => last_error(state, &item.account_id, id)
            .await
            .unwrap_or_else(|| error.to_string()),
        None => error.to_string(),
    };
    if retryable && item.attempts < MAX_ATTEMPTS {
        Ending::Retry {
            after: backoff(item.attempts),
            message,
        }
    } else {
        Ending::Failed(message)
    }
}

/// The draft's last sync error, as the sync recorded it.
async fn last_error(state: &AppState, account_id: &str, draft_id: uuid::Uuid) -> Option<String> {
    sqlx::query_scalar!(
        "select last_error from draft where account_id = $1 and draft_id = $2",
        account_id,
        draft_id,
    )
    .fetch_optional(&state.db)
    .await
    .ok()
    .flatten()
    .flatten()
}
