//! The routing refresh's status as the snapshot's pages show it: the
//! account's newest refresh job (`crate::jobs`) beside the snapshot's
//! time.

use sqlx::PgPool;

use crate::{
    jobs::model::{ItemState, JobState},
    numbers::model::RefreshStatus,
};

/// The account's refresh status: the refresh that runs (callflows read of
/// listed, and why it waits, if it does), or why the newest one failed
/// when it failed after the snapshot was taken. One statement: the
/// snapshot's time and the newest refresh job.
///
/// # Errors
/// Any database error.
pub async fn refresh_status(db: &PgPool, account_id: &str) -> sqlx::Result<RefreshStatus> {
    // The newest refresh: one runs at a time, so a running one is newest.
    let job = sqlx::query!(
        r#"select s.refreshed_at as "refreshed_at?", j.state as "state?: JobState",
                  j.pause_reason, j.progress_done as "progress_done?",
                  j.progress_total as "progress_total?", j.finished_at,
                  j.item_state as "item_state?: ItemState", j.message, j.attempts as "attempts?"
             from (select $1::text as account_id) a
             left join account_snapshot s on s.account_id = a.account_id
             left join lateral (
                  select j.state, j.pause_reason, j.progress_done, j.progress_total,
                         j.finished_at, i.state as item_state, i.message, i.attempts
                    from job j join job_item i on i.job_id = j.job_id and i.item_no = 1
                   where j.account_id = a.account_id and j.kind = 'refresh'
                   order by j.created_at desc
                   limit 1) j on true"#,
        account_id,
    )
    .fetch_one(db)
    .await?;
    let refreshed_at = job.refreshed_at;
    let mut status = RefreshStatus {
        refreshed_at,
        ..RefreshStatus::default()
    };
    let (Some(state), Some(item_state)) = (job.state, job.item_state) else {
        return Ok(status);
    };
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    match state {
        JobState::Running | JobState::Paused => {
            status.refreshing = Some((count(job.progress_done), count(job.progress_total)));
            status.paused = state == JobState::Paused;
            status.waiting = match (state, item_state) {
                (JobState::Paused, _) => job.pause_reason,
                (_, ItemState::Queued) if job.attempts.unwrap_or(0) > 0 => job.message.map(|m| {
                    format!("The last try failed: {m} The console tries again by itself.")
                }),
                _ => None,
            };
        }
        JobState::Done | JobState::Cancelled => {
            let after_snapshot = match (job.finished_at, refreshed_at) {
                (Some(failed_at), Some(read_at)) => failed_at > read_at,
                _ => true,
            };
            if item_state == ItemState::Failed && after_snapshot {
                status.refresh_error = Some(
                    job.message
                        .unwrap_or_else(|| "Kazoo could not be reached.".to_owned()),
                );
            }
        }
    }
    Ok(status)
}
