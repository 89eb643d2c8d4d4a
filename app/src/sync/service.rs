//! Sync: pushes a draft to Kazoo — create (PUT) when new, replace (POST)
//! when it is based on a live callflow, delete when the admin removes the
//! routing. The intent is recorded before the call and the outcome after,
//! so a crash or an error in between loses nothing, and a retried create
//! first looks for the callflow an earlier attempt may have made.

use std::{future::Future, time::Duration};

use kazoo::{callflow::Callflow, AuthToken, KazooError};
use uuid::Uuid;

use super::{
    db::{self, Outcome},
    menus,
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

/// Tries per Kazoo call when it fails with a 5xx, 429 or timeout.
const ATTEMPTS: usize = 3;
/// Pause before the second and third try.
const BACKOFF: [Duration; 2] = [Duration::from_millis(300), Duration::from_millis(1200)];

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
    let (draft, operation, log_id) = start(state, caller, id, expected_version, intent).await?;
    // Menus first: the callflow's menu nodes name them.
    let menus = match operation {
        Operation::Delete => Ok(draft.working()),
        _ => menus::push(state, caller, &token, &draft).await,
    };
    let (outcome, answer, doc) = match menus {
        Ok(mut working) => {
            // A step that starts this callflow again gets its id now, if
            // Kazoo has it.
            if let Some(id) = &draft.kazoo_id {
                if names_itself(&working.doc) {
                    working.doc = with_own_id(&working.doc, id);
                    store_ids(state, &draft, &working).await;
                }
            }
            let mut doc = working.doc.clone();
            let mut result = match operation {
                Operation::Delete => delete(state, &token, &draft, intent).await,
                _ => push(state, &token, &draft, &doc, intent).await,
            };
            // A new callflow that starts itself again: now it has an id.
            if let Some(created) = result.as_ref().ok().cloned() {
                if operation == Operation::Create && names_itself(&doc) {
                    let made = doc.clone();
                    doc = with_own_id(&doc, &created.id);
                    working.doc = doc.clone();
                    store_ids(state, &draft, &working).await;
                    let (kazoo, account, id) =
                        (&state.kazoo, draft.account_id.as_str(), created.id.clone());
                    let body = doc.to_value();
                    let replaced =
                        retry(|| kazoo.replace_callflow(&token, account, &id, &body, None)).await;
                    result = match replaced {
                        Ok(done) => Ok(done),
                        // Kazoo has the callflow, placeholder and all:
                        // record it as made (what Kazoo has as synced), so
                        // the next sync replaces it rather than making
                        // another; the draft reads "changed since sync".
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
        Err(failure) => {
            let outcome = Outcome::Failed {
                conflict: false,
                message: failure.message(),
                request_id: None,
            };
            (outcome, Err(failure), draft.document.0.clone())
        }
    };
    db::finish(&state.db, id, log_id, &outcome).await?;
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

/// Stores ids the sync got into the draft (best effort: the next sync
/// puts them in again).
async fn store_ids(state: &AppState, draft: &DraftRow, working: &crate::editor::model::Working) {
    if let Err(e) = drafts::db::store_sync_ids(&state.db, draft.draft_id, working).await {
        tracing::warn!(error = %e, "ids from Kazoo not stored in the draft");
    }
}

/// Locks the draft, decides the Kazoo call and records it.
async fn start(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    expected_version: Option<i32>,
    intent: Intent,
) -> Result<(DraftRow, Operation, i64), AppError> {
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
    tx.commit().await?;
    Ok((draft, operation, log_id))
}

async fn push(
    state: &AppState,
    token: &AuthToken,
    draft: &DraftRow,
    sent: &Callflow,
    intent: Intent,
) -> Result<kazoo::types::Doc, KazooError> {
    let kazoo = &state.kazoo;
    let doc = &sent.to_value();
    let account = draft.account_id.as_str();
    if let Some(id) = &draft.kazoo_id {
        let if_match = if_match(draft, intent);
        return retry(|| kazoo.replace_callflow(token, account, id, doc, if_match)).await;
    }
    // A create recorded earlier never recorded its outcome (a crash, a
    // timeout): it may have gone through, so look before creating again.
    let mut look_first = draft.pending_operation == Some(Operation::Create);
    let mut attempt = 0;
    loop {
        if look_first {
            if let Some(id) = find_created(state, token, account, sent).await? {
                tracing::info!(kazoo.callflow_id = %id, "adopting the callflow an earlier create made");
                return retry(|| kazoo.replace_callflow(token, account, &id, doc, None)).await;
            }
        }
        match kazoo.create_callflow(token, account, doc).await {
            Err(e) if e.is_retryable() && attempt + 1 < ATTEMPTS => {
                tokio::time::sleep(BACKOFF[attempt]).await;
                attempt += 1;
                look_first = true;
            }
            done => return done,
        }
    }
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

/// The callflow with the draft's name and exactly its numbers, if Kazoo
/// has one: what an earlier create of this draft made.
async fn find_created(
    state: &AppState,
    token: &AuthToken,
    account: &str,
    sent: &Callflow,
) -> Result<Option<String>, KazooError> {
    let mut numbers = sent.numbers().to_vec();
    numbers.sort_unstable();
    let name = sent.name.as_deref();
    let listing = retry(|| state.kazoo.list_callflows(token, account)).await?;
    Ok(listing.into_iter().find_map(|c| {
        let mut theirs = c.numbers.clone();
        theirs.sort_unstable();
        (c.name.as_deref() == name && theirs == numbers && !numbers.is_empty()).then_some(c.id)
    }))
}

/// Runs a Kazoo call up to [`ATTEMPTS`] times while it fails in a way a
/// retry may fix.
pub(super) async fn retry<T, F, Fut>(mut call: F) -> Result<T, KazooError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, KazooError>>,
{
    let mut attempt = 0;
    loop {
        match call().await {
            Err(e) if e.is_retryable() && attempt + 1 < ATTEMPTS => {
                tracing::warn!(kazoo.request_id = e.request_id(), error = %e, attempt, "Kazoo call failed, retrying");
                tokio::time::sleep(BACKOFF[attempt]).await;
                attempt += 1;
            }
            done => return done,
        }
    }
}
