//! Reads the account's routing from Kazoo (numbers and every callflow)
//! into the Postgres snapshot that Numbers Routing pages through
//! (`db.rs`), routed as Kazoo routes (`routing.rs`). Run at sign-in, on
//! "Refresh from Kazoo" and when an account has no snapshot.

use std::sync::Arc;

use kazoo::{callflow::Callflow, AuthToken, CallflowSummary, KazooClient};
use tokio::{sync::Semaphore, task::JoinSet};

use super::{
    db,
    routing::{self, RoutedCallflow},
};
use crate::{
    error::{internal, kazoo_error, AppError},
    state::AppState,
};

/// Callflow GETs in flight at once during a refresh: enough to be quick,
/// few enough to stay inside Kazoo's rate-limit bucket.
const FETCH_CONCURRENCY: usize = 8;

/// Rebuilds the account's snapshot from Kazoo; returns how many numbers it
/// holds.
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
) -> Result<usize, AppError> {
    let kazoo = &state.kazoo;
    let started = std::time::Instant::now();
    let (numbers, listing) = tokio::try_join!(
        kazoo.list_phone_numbers(token, account_id),
        kazoo.list_callflows(token, account_id),
    )
    .map_err(kazoo_error)?;
    let callflows = fetch_callflows(kazoo, account_id, token, &listing).await?;
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

/// GETs every callflow of the listing (which has no flow, and only the
/// listing knows none is skipped), a few at a time.
async fn fetch_callflows(
    kazoo: &KazooClient,
    account_id: &str,
    token: &AuthToken,
    listing: &[CallflowSummary],
) -> Result<Vec<RoutedCallflow>, AppError> {
    let permits = Arc::new(Semaphore::new(FETCH_CONCURRENCY));
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
            let doc = kazoo.get_callflow(&token, &account_id, &id).await;
            (id, doc)
        });
    }
    let mut callflows = Vec::with_capacity(listing.len());
    while let Some(joined) = tasks.join_next().await {
        let (id, doc) = joined.map_err(|e| internal("callflow fetch task", &e))?;
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

/// One page of Numbers Routing for an account, taking the first snapshot
/// from Kazoo when the account has none yet and a Kazoo token is at hand
/// (a script with only an API token gets the empty page, `refreshed_at`
/// null, until someone signs in).
///
/// # Errors
/// Database errors; Kazoo's, when it had to be read.
pub async fn page(
    state: &AppState,
    account_id: &str,
    token: Option<&AuthToken>,
    query: &super::model::NumbersQuery,
) -> Result<super::model::NumbersPage, AppError> {
    let page = db::fetch_numbers_page(&state.db, account_id, query).await?;
    match token {
        Some(token) if page.refreshed_at.is_none() => {
            refresh(state, account_id, token).await?;
            Ok(db::fetch_numbers_page(&state.db, account_id, query).await?)
        }
        _ => Ok(page),
    }
}
