//! The worker every app instance runs: takes ready items from Postgres
//! (at most [`JobSettings::per_account`] running per Kazoo account across
//! all instances, at most [`JobSettings::capacity`] in this instance),
//! runs each in a task that renews its lease, and records how it ended.
//! It wakes on a Postgres `NOTIFY` (a new job, a retry, a resume) and
//! every second (items whose retry time came, leases that ran out after a
//! crash). Losing Postgres only slows it: every step is retried on the
//! next wake.

use std::time::Duration;

use sqlx::postgres::PgListener;
use tokio::task::{AbortHandle, JoinSet};

use super::{
    db::{self, Claimed},
    run,
};
use crate::state::AppState;

/// How often a running item's lease is renewed (a third of
/// [`db::LEASE`]).
pub const RENEW_EVERY: Duration = Duration::from_secs(5);

/// How often the worker looks for ready items without being notified.
const POLL_EVERY: Duration = Duration::from_secs(1);

/// Bounds of the background work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobSettings {
    /// Items running at once per Kazoo account, all instances together
    /// (`JOB_CONCURRENCY_PER_ACCOUNT`, default 4): Kazoo's rate limit is
    /// per account. A routing refresh reads this many callflows at once.
    pub per_account: usize,
    /// Items running at once in this instance, all accounts together.
    pub capacity: usize,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            per_account: 4,
            capacity: 32,
        }
    }
}

/// Starts this instance's worker; it runs until aborted.
pub fn spawn(state: AppState) -> AbortHandle {
    let worker = format!(
        "{}-{}",
        std::process::id(),
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    tokio::spawn(work(state, worker)).abort_handle()
}

async fn work(state: AppState, worker: String) {
    tracing::info!(worker, "job worker started");
    let mut listener = listen(&state).await;
    let mut running = JoinSet::new();
    loop {
        if let Err(e) = take_ready(&state, &worker, &mut running).await {
            tracing::warn!(error = %e, "job worker could not take items; trying again");
        }
        let notified = async {
            match listener.as_mut() {
                Some(l) => l.recv().await.map(drop),
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            Some(_) = running.join_next(), if !running.is_empty() => {}
            heard = notified => {
                if let Err(e) = heard {
                    // The connection dropped (Postgres restarted): sqlx
                    // reconnects on the next recv; polling covers the gap.
                    tracing::warn!(error = %e, "job notifications interrupted");
                    tokio::time::sleep(POLL_EVERY).await;
                }
            }
            () = tokio::time::sleep(POLL_EVERY) => {
                if listener.is_none() {
                    listener = listen(&state).await;
                }
            }
        }
    }
}

async fn listen(state: &AppState) -> Option<PgListener> {
    let mut listener = PgListener::connect_with(&state.db).await.ok()?;
    listener.listen(db::CHANNEL).await.ok()?;
    Some(listener)
}

/// Takes what this instance may run now and starts a task for each.
async fn take_ready(state: &AppState, worker: &str, running: &mut JoinSet<()>) -> sqlx::Result<()> {
    let settings = state.jobs;
    for account in db::accounts_with_work(&state.db).await? {
        let room = settings.capacity.saturating_sub(running.len());
        if room == 0 {
            break;
        }
        let items = db::claim(
            &state.db,
            worker,
            &account,
            settings.per_account as i64,
            room as i64,
        )
        .await?;
        for item in items {
            running.spawn(run_item(state.clone(), worker.to_owned(), item));
        }
    }
    Ok(())
}

/// Runs one item, renewing its lease meanwhile, and records the ending
/// (trying again while Postgres is away: the lease keeps the item ours
/// only while we renew, so after a long outage another run may take it,
/// which the sync's intent records make safe).
async fn run_item(state: AppState, worker: String, item: Claimed) {
    let work = run::run(&state, &item);
    tokio::pin!(work);
    let mut renew = tokio::time::interval(RENEW_EVERY);
    renew.tick().await;
    let ending = loop {
        tokio::select! {
            ending = &mut work => break ending,
            _ = renew.tick() => {
                match db::renew(&state.db, &item, &worker).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(job.id = %item.job_id, item = item.item_no, "job item taken by another worker"),
                    Err(e) => tracing::warn!(error = %e, "job item lease not renewed"),
                }
            }
        }
    };
    tracing::info!(job.id = %item.job_id, item = item.item_no, ending = ?ending, "job item ran");
    for pause in [1, 2, 4, 8, 15] {
        match db::finish(&state.db, &item, &worker, &ending).await {
            Ok(_) => return,
            Err(e) => {
                tracing::warn!(error = %e, "job item ending not recorded; trying again");
                tokio::time::sleep(Duration::from_secs(pause)).await;
            }
        }
    }
}
