//! Reads the account's routing from Kazoo (numbers and every callflow)
//! into the Postgres snapshot that Numbers Routing pages through
//! (`db.rs`), routed as Kazoo routes (`routing.rs`). Run at sign-in, on
//! "Refresh from Kazoo" and when an account has no snapshot.

use std::sync::Arc;

use kazoo::{callflow::Callflow, AuthToken, CallflowSummary, KazooClient};
use tokio::{
    sync::{watch, Semaphore},
    task::JoinSet,
};

use super::{
    db,
    routing::{self, RoutedCallflow},
};
use crate::{
    error::{internal, kazoo_error, AppError},
    jobs::model::JobState,
    session::Caller,
    state::AppState,
};

/// Callflows read (of those listed), as a refresh goes.
pub type ReadProgress = watch::Sender<(u32, u32)>;

/// Rebuilds the account's snapshot from Kazoo, reading callflows
/// `concurrency` at a time (the jobs' per-account bound: few enough to
/// stay inside Kazoo's rate-limit bucket) and counting them in `progress`;
/// returns how many numbers it holds. Runs as a job (`crate::jobs`).
///
/// # Errors
/// `KazooSessionExpired` when the token is no longer valid,
/// `KazooUnavailable` when Kazoo fails or cannot be reached; the previous
/// snapshot is then kept.
#[tracing::instrument(skip_all, fields(account.id = %account_id))]
pub async fn refresh(
    state: &AppState,
    account_id: &str,
    token: &AuthToken,
    concurrency: usize,
    progress: &ReadProgress,
) -> Result<usize, AppError> {
    let result = read_and_store(state, account_id, token, concurrency, progress).await;
    // What the refresh held (every number, its JSON twice) is free now.
    tokio::task::spawn_blocking(release_memory);
    result
}

/// The refresh itself: reads Kazoo, routes, replaces the snapshot.
async fn read_and_store(
    state: &AppState,
    account_id: &str,
    token: &AuthToken,
    concurrency: usize,
    progress: &ReadProgress,
) -> Result<usize, AppError> {
    let kazoo = &state.kazoo;
    let started = std::time::Instant::now();
    let (numbers, listing) = tokio::try_join!(
        crate::sync::retry(|| kazoo.list_phone_numbers(token, account_id)),
        crate::sync::retry(|| kazoo.list_callflows(token, account_id)),
    )
    .map_err(kazoo_error)?;
    let total = u32::try_from(listing.len()).unwrap_or(u32::MAX);
    progress.send_replace((0, total));
    let callflows =
        fetch_callflows(kazoo, account_id, token, &listing, concurrency, progress).await?;
    let rows = routing::rows(&numbers, &callflows);
    db::replace_snapshot(&state.db, account_id, &callflows, &rows).await?;
    tracing::info!(
        numbers = rows.len(),
        callflows = callflows.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "routing snapshot refreshed"
    );
    Ok(rows.len())
}

/// Gives the heap's free pages back to the system. glibc's allocator
/// keeps what a large refresh freed (at 10,000 numbers the server stayed
/// at about 100 MB after one, against about 36 MB once trimmed), and page
/// views reuse little of it. Elsewhere it does nothing.
fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim has no preconditions; it only returns free
    // memory at the top of the heaps and in their free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// GETs every callflow of the listing (which has no flow, and only the
/// listing knows none is skipped), a few at a time.
async fn fetch_callflows(
    kazoo: &KazooClient,
    account_id: &str,
    token: &AuthToken,
    listing: &[CallflowSummary],
    concurrency: usize,
    progress: &ReadProgress,
) -> Result<Vec<RoutedCallflow>, AppError> {
    let permits = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for summary in listing {
        let (kazoo, account_id, token, id, permits) = (
            kazoo.clone(),
            account_id.to_owned(),
            token.clone(),
            summary.id.clone(),
            Arc::clone(&permits),
        );
        tasks.spawn(async move {
            let _permit = permits
                .acquire_owned()
                .await
                .expect("semaphore is never closed");
            // Each read retried alone: one 503 does not cost the whole
            // refresh.
            let doc = crate::sync::retry(|| kazoo.get_callflow(&token, &account_id, &id)).await;
            (id, doc)
        });
    }
    let mut callflows = Vec::with_capacity(listing.len());
    while let Some(joined) = tasks.join_next().await {
        let (id, doc) = joined.map_err(|e| internal("callflow fetch task", &e))?;
        progress.send_modify(|(done, _)| *done += 1);
        match doc {
            Ok(doc) => match Callflow::from_kazoo(doc.body) {
                Ok(callflow) => callflows.push(RoutedCallflow::of(&id, &callflow)),
                Err(e) => {
                    tracing::warn!(kazoo.callflow_id = %id, error = %e, "callflow not readable, left out of the routing")
                }
            },
            // Deleted between the listing and the GET: nothing routes there.
            Err(kazoo::KazooError::NotFound { .. }) => {}
            Err(e) => return Err(kazoo_error(e)),
        }
    }
    // The same order whatever order the answers came in.
    callflows.sort_by(|a, b| a.callflow_id.cmp(&b.callflow_id));
    Ok(callflows)
}

/// How long a page waits for the account's first snapshot before it shows
/// "Refreshing from Kazoo…" instead (a small account takes well under a
/// second; the wait keeps its first page from looking empty).
pub const FIRST_SNAPSHOT_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Makes sure the account has a snapshot, or that one is being taken:
/// when it has none and the caller has a Kazoo token, starts (or joins)
/// the refresh job and waits up to `wait` for it.
///
/// # Errors
/// `KazooSessionExpired` when the refresh paused on an expired token,
/// `KazooUnavailable` when it failed; database errors.
pub async fn first_snapshot(
    state: &AppState,
    caller: &Caller,
    wait: std::time::Duration,
) -> Result<(), AppError> {
    if caller.token.is_none() || db::has_snapshot(&state.db, &caller.account_id).await? {
        return Ok(());
    }
    let job = crate::jobs::service::refresh_and_wait(state, caller, wait).await?;
    match job.state {
        JobState::Paused => Err(AppError::KazooSessionExpired),
        _ if job.progress.failed > 0 => Err(AppError::KazooUnavailable),
        _ => Ok(()),
    }
}

/// One page of Numbers Routing for an account, taking the first snapshot
/// from Kazoo when the account has none yet and a Kazoo token is at hand
/// ([`first_snapshot`]; a script with only an API token gets the empty
/// page, `refreshed_at` null, until someone signs in).
///
/// # Errors
/// Database errors; Kazoo's, when it had to be read.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    query: &super::model::NumbersQuery,
) -> Result<super::model::NumbersPage, AppError> {
    // The page's own statement says whether there is a snapshot.
    let page = db::fetch_numbers_page(&state.db, &caller.account_id, query).await?;
    if page.refreshed_at.is_some() || caller.token.is_none() {
        return Ok(page);
    }
    first_snapshot(state, caller, FIRST_SNAPSHOT_WAIT).await?;
    Ok(db::fetch_numbers_page(&state.db, &caller.account_id, query).await?)
}
