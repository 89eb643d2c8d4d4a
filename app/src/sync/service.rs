//! Sync: pushes a draft to Kazoo — create (PUT) when new, replace (POST)
//! when it is based on a live callflow, delete when the admin removes the
//! routing. The intent is recorded before the call and the outcome after,
//! so a crash or an error in between loses nothing; a retried create first
//! looks for the callflow an earlier attempt may have made (`lost.rs`).
//! While it runs, a heartbeat keeps the draft reading "syncing"
//! (`db::with_heartbeat`).

use std::{
    future::Future,
    sync::atomic::{AtomicBool, Ordering},
    time::Duration,
};

use backon::{ExponentialBuilder, Retryable};
use kazoo::{callflow::Callflow, AuthToken, KazooError};
use uuid::Uuid;

use super::{
    db::{self, Outcome, SentCreate},
    lost, menus,
    model::Operation,
    outcome,
};
use crate::{
    drafts::{self, db::DraftRow, model::DraftView},
    editor::model::{names_itself, with_own_id},
    error::AppError,
    session::Caller,
    state::AppState,
};

/// Tries per Kazoo call when it fails with a 5xx, 429, timeout or broken
/// connection: few, so that one sync stays bounded (about three client
/// timeouts plus the pauses); a bulk job retries a draft later instead.
const ATTEMPTS: usize = 3;
/// The pause before the second try; each later pause doubles. Jitter adds
/// up to as much again, so the pauses are 300–600 ms, then 600–1200 ms.
const FIRST_PAUSE: Duration = Duration::from_millis(300);
/// No pause is longer than this, jitter aside.
const LONGEST_PAUSE: Duration = Duration::from_secs(2);
/// A 429's `Retry-After` is waited out up to this long; a longer one ends
/// the retries at once (trying sooner than asked is pointless), and the
/// caller sees Kazoo as unavailable.
const RETRY_AFTER_CAP: Duration = Duration::from_secs(30);

/// What the admin asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Make Kazoo match the draft; `overwrite` skips the check that the
    /// live callflow is still the one the draft was based on.
    Push { overwrite: bool },
    /// Delete the live callflow (the draft is kept); `overwrite` skips the
    /// same check.
    Remove { overwrite: bool },
}

impl Intent {
    /// Whether the admin chose to overwrite a callflow changed in Kazoo.
    fn overwrites(self) -> bool {
        matches!(
            self,
            Self::Push { overwrite: true } | Self::Remove { overwrite: true }
        )
    }
}

/// Syncs a draft; `expected_version` (from a form) guards against syncing
/// something other than what the admin saw.
///
/// # Errors
/// `Validation` (Kazoo refused the document, mapped to form fields),
/// `Conflict`, `KazooSessionExpired`, `KazooUnavailable`, `NotFound`; the
/// draft is kept in every case and the attempt is in the sync log.
#[tracing::instrument(skip_all, fields(draft.id = %id))]
pub async fn sync(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    expected_version: Option<i32>,
    intent: Intent,
) -> Result<DraftView, AppError> {
    let token = caller.token.clone().ok_or(AppError::KazooTokenMissing)?;
    let (draft, operation, log_id, earlier) =
        start(state, caller, id, expected_version, intent).await?;
    let work = async {
        let (outcome, answer, doc) =
            call_kazoo(state, caller, &token, &draft, operation, intent, &earlier).await;
        let kept = db::finish(&state.db, id, log_id, &outcome).await?;
        Ok::<_, sqlx::Error>((outcome, answer, doc, kept))
    };
    let (outcome, answer, doc, kept) = db::with_heartbeat(&state.db, id, work).await?;
    // Kazoo's routing changed (or the callflow turned out gone): the
    // snapshot follows. Best effort: the sync itself is recorded, and a
    // refresh puts the snapshot right.
    let live = match &outcome {
        Outcome::Done { kazoo_id, .. } => Some(kazoo_id.as_deref()),
        Outcome::Failed { .. } if answer == Err(outcome::Failure::Gone) => Some(None),
        Outcome::Failed { .. } => None,
    };
    if let Some(live) = live {
        let live = live.map(|id| (id, &doc));
        let previous = draft.kazoo_id.as_deref();
        let account = &caller.account_id;
        if let Err(e) = crate::numbers::db::route_callflow(&state.db, account, previous, live).await
        {
            tracing::warn!(error = %e, "routing snapshot not updated after a sync");
        }
    }
    if !kept {
        // Discarded while this sync ran (its heartbeat failed for longer
        // than the liveness window): what Kazoo did is in the sync log.
        let made = match &outcome {
            Outcome::Done {
                kazoo_id: Some(made),
                ..
            } => format!(" Kazoo's callflow {made} is recorded in the sync log."),
            _ => String::new(),
        };
        tracing::warn!(
            operation = operation.label(),
            "the draft was discarded while its sync ran"
        );
        return Err(AppError::Conflict(format!(
            "This draft was discarded while it was being synced.{made}"
        )));
    }
    if answer == Err(outcome::Failure::Gone) {
        drafts::db::forget_live(&state.db, id).await?;
    }
    tracing::info!(
        operation = operation.label(),
        ok = answer.is_ok(),
        "draft sync finished"
    );
    answer.map_err(outcome::Failure::into_app_error)?;
    Ok(drafts::get(state, caller, id).await?.view())
}

/// Makes the Kazoo calls of a started sync (menus first, then the
/// callflow) and judges them: the outcome to record, the answer to give,
/// and the callflow document as sent.
async fn call_kazoo(
    state: &AppState,
    caller: &Caller,
    token: &AuthToken,
    draft: &DraftRow,
    operation: Operation,
    intent: Intent,
    earlier: &[SentCreate],
) -> (Outcome, Result<(), outcome::Failure>, Callflow) {
    // Menus first: the callflow's menu nodes name them.
    let menus = match operation {
        Operation::Delete => Ok(draft.working()),
        _ => menus::push(state, caller, token, draft).await,
    };
    let mut working = match menus {
        Ok(working) => working,
        Err(failure) => {
            let outcome = Outcome::Failed {
                conflict: false,
                message: failure.message(),
                request_id: None,
                // The callflow call was never sent.
                maybe_written: false,
            };
            return (outcome, Err(failure), draft.document.0.clone());
        }
    };
    // A step that starts this callflow again gets its id now, if Kazoo
    // has it.
    if let Some(id) = &draft.kazoo_id {
        if names_itself(&working.doc) {
            working.doc = with_own_id(&working.doc, id);
            store_ids(state, draft, &working).await;
        }
    }
    let mut doc = working.doc.clone();
    let mut result = match operation {
        Operation::Delete => delete(state, token, draft, intent).await,
        _ => push(state, token, draft, &doc, intent, earlier).await,
    };
    // A new callflow that starts itself again: now it has an id.
    if let Some(created) = result.as_ref().ok().cloned() {
        if operation == Operation::Create && names_itself(&doc) {
            let made = doc.clone();
            doc = with_own_id(&doc, &created.id);
            working.doc = doc.clone();
            store_ids(state, draft, &working).await;
            let (kazoo, account, id) = (&state.kazoo, draft.account_id.as_str(), &created.id);
            let body = &doc.to_value();
            let replaced =
                retry(move || kazoo.replace_callflow(token, account, id, body, None)).await;
            result = match replaced {
                Ok(done) => Ok(done),
                // Kazoo has the callflow, placeholder and all: record it
                // as made (what Kazoo has as synced), so the next sync
                // replaces it rather than making another; the draft reads
                // "changed since sync".
                Err(e) => {
                    tracing::warn!(error = %e, "a callflow naming itself was made; its id is not in it yet");
                    doc = made;
                    Ok(created)
                }
            };
        }
    }
    let (outcome, answer) = outcome::judge(operation, result, &doc);
    (outcome, answer, doc)
}

/// Stores ids the sync got into the draft (best effort: the next sync
/// puts them in again).
async fn store_ids(state: &AppState, draft: &DraftRow, working: &crate::editor::model::Working) {
    if let Err(e) = drafts::db::store_sync_ids(&state.db, draft.draft_id, working).await {
        tracing::warn!(error = %e, "ids from Kazoo not stored in the draft");
    }
}

/// Locks the draft, decides the Kazoo call and records it; for a create,
/// also reads what earlier creates that may have gone through sent.
async fn start(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    expected_version: Option<i32>,
    intent: Intent,
) -> Result<(DraftRow, Operation, i64, Vec<SentCreate>), AppError> {
    let mut tx = state.db.begin().await?;
    let draft = drafts::db::lock_draft(&mut tx, &caller.account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if expected_version.is_some_and(|v| v != draft.version) {
        return Err(AppError::Conflict(
            "This draft was saved again after you opened it. Open it again to see what would be synced.".into(),
        ));
    }
    if draft.sync_running {
        return Err(AppError::Conflict(
            "A sync of this draft is already running. Wait a moment, then reload.".into(),
        ));
    }
    let operation = match (intent, &draft.kazoo_id) {
        (Intent::Remove { .. }, None) => {
            return Err(AppError::Conflict(
                "This draft is not in Kazoo, so there is no routing to remove.".into(),
            ))
        }
        (Intent::Remove { .. }, Some(_)) => Operation::Delete,
        (Intent::Push { .. }, Some(_)) => Operation::Replace,
        (Intent::Push { .. }, None) => Operation::Create,
    };
    let log_id = db::begin(&mut tx, &draft, operation, &caller.actor).await?;
    let earlier = match operation {
        Operation::Create => db::unresolved_creates(&mut tx, draft.draft_id, log_id).await?,
        _ => Vec::new(),
    };
    tx.commit().await?;
    Ok((draft, operation, log_id, earlier))
}

/// Creates or replaces the draft's callflow, with retries. A create looks
/// first for a callflow an earlier create made (one recorded before this
/// sync, `earlier`, or this sync's own try whose answer was lost) and
/// adopts it; a replace refused as stale (412) is done when Kazoo already
/// has exactly this document (its own earlier try, answer lost).
async fn push(
    state: &AppState,
    token: &AuthToken,
    draft: &DraftRow,
    sent: &Callflow,
    intent: Intent,
    earlier: &[SentCreate],
) -> Result<kazoo::types::Doc, KazooError> {
    let kazoo = &state.kazoo;
    let doc = &sent.to_value();
    let account = draft.account_id.as_str();
    if let Some(id) = &draft.kazoo_id {
        let if_match = if_match(draft, intent);
        let replaced =
            retry(move || kazoo.replace_callflow(token, account, id, doc, if_match)).await;
        return match replaced {
            Err(KazooError::Conflict { .. }) if if_match.is_some() => {
                match retry(move || lost::already_written(state, token, account, id, sent)).await {
                    Ok(Some(live)) => {
                        tracing::info!(kazoo.callflow_id = %id, "Kazoo already has this document: an earlier try's answer was lost");
                        Ok(live)
                    }
                    _ => replaced,
                }
            }
            other => other,
        };
    }
    // What this create sends, and what earlier ones sent.
    let mut candidates = vec![SentCreate::of(sent)];
    candidates.extend_from_slice(earlier);
    let candidates = &candidates;
    // A create recorded earlier never recorded its outcome (a crash, a
    // timeout): it may have gone through, so look before creating again.
    let look_first =
        &AtomicBool::new(draft.pending_operation == Some(Operation::Create) || !earlier.is_empty());
    retry(move || async move {
        if look_first.load(Ordering::Relaxed) {
            if let Some(id) = lost::find_created(state, token, account, candidates).await? {
                tracing::info!(kazoo.callflow_id = %id, "adopting the callflow an earlier create made");
                return kazoo.replace_callflow(token, account, &id, doc, None).await;
            }
        }
        let made = kazoo.create_callflow(token, account, doc).await;
        if made.as_ref().is_err_and(KazooError::is_retryable) {
            look_first.store(true, Ordering::Relaxed);
        }
        made
    })
    .await
}

async fn delete(
    state: &AppState,
    token: &AuthToken,
    draft: &DraftRow,
    intent: Intent,
) -> Result<kazoo::types::Doc, KazooError> {
    let id = draft.kazoo_id.as_deref().unwrap_or_default();
    let if_match = if_match(draft, intent);
    retry(|| {
        state
            .kazoo
            .delete_callflow(token, &draft.account_id, id, if_match)
    })
    .await
}

/// The revision Kazoo must still have for the call to go through: the one
/// the draft is based on, unless the admin chose to overwrite.
fn if_match(draft: &DraftRow, intent: Intent) -> Option<&str> {
    if intent.overwrites() {
        None
    } else {
        draft.kazoo_revision.as_deref()
    }
}

/// Runs a Kazoo call up to [`ATTEMPTS`] times while it fails in a way a
/// retry may fix (5xx, 429, timeout, broken connection), pausing with
/// exponential backoff and jitter, and at least as long as a 429's
/// `Retry-After` asks (up to [`RETRY_AFTER_CAP`]).
pub async fn retry<T, F, Fut>(call: F) -> Result<T, KazooError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, KazooError>>,
{
    retry_when(call, KazooError::is_retryable).await
}

/// [`retry`] for a call an admin waits on at a form (sign-in): the same
/// brief tries for 5xx, timeouts and broken connections, but a 429 is
/// answered at once ("too many attempts") rather than waited out.
pub async fn retry_unless_limited<T, F, Fut>(call: F) -> Result<T, KazooError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, KazooError>>,
{
    retry_when(call, |e| {
        e.is_retryable() && !matches!(e, KazooError::RateLimited { .. })
    })
    .await
}

async fn retry_when<T, F, Fut>(call: F, when: fn(&KazooError) -> bool) -> Result<T, KazooError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, KazooError>>,
{
    let backoff = ExponentialBuilder::default()
        .with_min_delay(FIRST_PAUSE)
        .with_factor(2.0)
        .with_max_delay(LONGEST_PAUSE)
        .with_max_times(ATTEMPTS - 1)
        .with_jitter();
    call.retry(backoff)
        .when(when)
        .adjust(pause_for)
        .notify(|e, pause| {
            tracing::warn!(kazoo.request_id = e.request_id(), error = %e, pause_ms = pause.as_millis() as u64, "Kazoo call failed, retrying");
        })
        .await
}

/// The pause before the next try: the backoff's (`None` when the tries are
/// used up), or a 429's `Retry-After` when longer; `None` when that is
/// longer than [`RETRY_AFTER_CAP`].
fn pause_for(error: &KazooError, backoff: Option<Duration>) -> Option<Duration> {
    let pause = backoff?;
    match error.retry_after() {
        Some(wait) if wait > RETRY_AFTER_CAP => None,
        Some(wait) => Some(pause.max(wait)),
        None => Some(pause),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn limited(retry_after: Option<Duration>) -> KazooError {
        KazooError::RateLimited {
            request_id: None,
            retry_after,
        }
    }

    #[test]
    fn retry_after_is_waited_out_up_to_the_cap() {
        let pause = Some(Duration::from_millis(400));
        assert_eq!(pause_for(&limited(None), pause), pause);
        let two = Duration::from_secs(2);
        assert_eq!(pause_for(&limited(Some(two)), pause), Some(two));
        let short = Duration::from_millis(100);
        assert_eq!(pause_for(&limited(Some(short)), pause), pause);
        let long = RETRY_AFTER_CAP + Duration::from_secs(1);
        assert_eq!(pause_for(&limited(Some(long)), pause), None);
        assert_eq!(pause_for(&limited(Some(two)), None), None, "tries used up");
        assert_eq!(pause_for(&KazooError::Timeout, pause), pause);
    }

    #[tokio::test]
    async fn a_failing_call_is_tried_three_times_with_growing_pauses() {
        let tries = Cell::new(0);
        let started = std::time::Instant::now();
        let result: Result<(), KazooError> = retry(|| async {
            tries.set(tries.get() + 1);
            Err(KazooError::Timeout)
        })
        .await;
        assert!(matches!(result, Err(KazooError::Timeout)));
        assert_eq!(tries.get(), ATTEMPTS);
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(900) && waited <= Duration::from_millis(1800),
            "{waited:?}"
        );

        tries.set(0);
        let refused: Result<(), KazooError> = retry(|| async {
            tries.set(tries.get() + 1);
            Err(KazooError::NotFound { request_id: None })
        })
        .await;
        assert!(refused.is_err());
        assert_eq!(tries.get(), 1, "a refusal is not tried again");
    }
}
