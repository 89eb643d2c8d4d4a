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
/// when it failed after the snapshot was taken.
///
/// # Errors
/// Any database error.
pub async fn refresh_status(db: &PgPool, account_id: &str) -> sqlx::Result<RefreshStatus> {
    let refreshed_at = sqlx::query_scalar!(
        "select refreshed_at from account_snapshot where account_id = $1",
        account_id,
    )
    .fetch_optional(db)
    .await?;
    // The newest refresh: one runs at a time, so a running one is newest.
    let newest = sqlx::query!(
        r#"select j.state as "state: JobState", j.pause_reason, j.progress_done,
                  j.progress_total, j.finished_at, i.state as "item_state: ItemState",
                  i.message, i.attempts
             from job j join job_item i on i.job_id = j.job_id and i.item_no = 1
            where j.account_id = $1 and j.kind = 'refresh'
            order by j.created_at desc
            limit 1"#,
        account_id,
    )
    .fetch_optional(db)
    .await?;
    let mut status = RefreshStatus {
        refreshed_at,
        ..RefreshStatus::default()
    };
    let Some(job) = newest else {
        return Ok(status);
    };
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    match job.state {
        JobState::Running | JobState::Paused => {
            status.refreshing = Some((count(job.progress_done), count(job.progress_total)));
            status.paused = job.state == JobState::Paused;
            status.waiting = match (job.state, job.item_state) {
                (JobState::Paused, _) => job.pause_reason,
                (_, ItemState::Queued) if job.attempts > 0 => job.message.map(|m| {
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
            if job.item_state == ItemState::Failed && after_snapshot {
                status.refresh_error = Some(
                    job.message
                        .unwrap_or_else(|| "Kazoo could not be reached.".to_owned()),
                );
            }
        }
    }
    Ok(status)
}
