//! The `job` and `job_item` tables: making jobs, taking items under a
//! lease (`FOR UPDATE SKIP LOCKED`), and what pages read of them.

use std::time::Duration;

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::drafts::model::DraftState;

use super::model::{ItemState, ItemView, JobDetail, JobKind, JobState, JobView, Progress};

/// The channel a worker listens on; anything that makes an item ready
/// notifies it, so idle workers start at once instead of at their next
/// poll.
pub const CHANNEL: &str = "pivot_console_jobs";

/// How long a taken item stays its worker's without a renewal. The worker
/// renews every [`super::worker::RENEW_EVERY`]; after a crash (even
/// `kill -9`) another instance takes the item once this ran out. It
/// matches the draft's sync liveness (`crate::sync::db`), so the draft of
/// a cut-off sync no longer reads "syncing" when the item is taken again.
pub const LEASE: Duration = Duration::from_secs(15);

fn lease_secs() -> f64 {
    LEASE.as_secs_f64()
}

/// An item a worker has taken, with what it needs to run it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub job_id: Uuid,
    pub item_no: i32,
    pub kind: JobKind,
    pub account_id: String,
    /// Who made the job (written to the sync log).
    pub created_by: String,
    pub draft_id: Option<Uuid>,
    /// Runs started, this one included.
    pub attempts: i32,
    /// The job's Kazoo token; `None` only if it was cleared meanwhile.
    pub token: Option<String>,
}

/// Makes a sync job of `drafts` (id and name, in the order given); returns
/// its id.
///
/// # Errors
/// Any database error.
pub async fn create_sync(
    db: &PgPool,
    account_id: &str,
    actor: &str,
    token: &str,
    drafts: &[(Uuid, String)],
) -> sqlx::Result<Uuid> {
    let mut tx = db.begin().await?;
    let job_id = sqlx::query_scalar!(
        r#"insert into job (account_id, kind, created_by, kazoo_token)
           values ($1, 'sync', $2, $3) returning job_id"#,
        account_id,
        actor,
        token,
    )
    .fetch_one(&mut *tx)
    .await?;
    let (ids, names): (Vec<Uuid>, Vec<String>) = drafts.iter().cloned().unzip();
    sqlx::query!(
        r#"insert into job_item (job_id, item_no, draft_id, draft_name)
           select $1, n::int, d, name
             from unnest($2::uuid[], $3::text[]) with ordinality as t(d, name, n)"#,
        job_id,
        &ids,
        &names,
    )
    .execute(&mut *tx)
    .await?;
    notify(&mut tx).await?;
    tx.commit().await?;
    Ok(job_id)
}

/// Starts the account's routing refresh, or joins the one that runs (its
/// token is renewed); returns its id and whether it was already running.
///
/// # Errors
/// Any database error.
pub async fn start_refresh(
    db: &PgPool,
    account_id: &str,
    actor: &str,
    token: &str,
) -> sqlx::Result<(Uuid, bool)> {
    let mut tx = db.begin().await?;
    let made = sqlx::query_scalar!(
        r#"insert into job (account_id, kind, created_by, kazoo_token)
           values ($1, 'refresh', $2, $3)
           on conflict (account_id) where kind = 'refresh' and state in ('running', 'paused')
           do nothing returning job_id"#,
        account_id,
        actor,
        token,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let joined = made.is_none();
    let job_id = match made {
        Some(job_id) => {
            sqlx::query!(
                "insert into job_item (job_id, item_no) values ($1, 1)",
                job_id
            )
            .execute(&mut *tx)
            .await?;
            job_id
        }
        None => {
            // Joined: if it is already reading, it reads again when done.
            sqlx::query_scalar!(
                r#"update job j set kazoo_token = $2, updated_at = now(),
                                    rerun = exists (select 1 from job_item i
                                                     where i.job_id = j.job_id
                                                       and i.state = 'running')
                    where account_id = $1 and kind = 'refresh' and state in ('running', 'paused')
                returning job_id"#,
                account_id,
                token,
            )
            .fetch_one(&mut *tx)
            .await?
        }
    };
    notify(&mut tx).await?;
    tx.commit().await?;
    Ok((job_id, joined))
}

/// Gives the account's unfinished jobs a new Kazoo token (an admin just
/// signed in) and resumes the paused ones; returns how many resumed.
///
/// # Errors
/// Any database error.
pub async fn resume_account(db: &PgPool, account_id: &str, token: &str) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    sqlx::query!(
        r#"update job set kazoo_token = $2, updated_at = now()
            where account_id = $1 and state = 'running'"#,
        account_id,
        token,
    )
    .execute(&mut *tx)
    .await?;
    let resumed = sqlx::query!(
        r#"update job set kazoo_token = $2, state = 'running', pause_reason = null,
                          updated_at = now()
            where account_id = $1 and state = 'paused'"#,
        account_id,
        token,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    notify(&mut tx).await?;
    tx.commit().await?;
    Ok(resumed)
}

/// Accounts with an item ready to run (queued and due, or running with
/// its lease run out) in a running job.
///
/// # Errors
/// Any database error.
pub async fn accounts_with_work(db: &PgPool) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"select distinct j.account_id as "account_id!"
             from job j join job_item i using (job_id)
            where j.state = 'running'
              and ((i.state = 'queued' and i.not_before <= now())
                or (i.state = 'running' and i.lease_until < now()))"#,
    )
    .fetch_all(db)
    .await
}

/// Takes up to `want` ready items of the account for `worker`, keeping the
/// account's running items (all instances together) at most `limit`. A
/// transaction-scoped advisory lock per account makes the count and the
/// taking one step; `SKIP LOCKED` keeps two instances off the same item,
/// and an item whose draft another item syncs now waits.
///
/// # Errors
/// Any database error.
pub async fn claim(
    db: &PgPool,
    worker: &str,
    account_id: &str,
    limit: i64,
    want: i64,
) -> sqlx::Result<Vec<Claimed>> {
    let mut tx = db.begin().await?;
    sqlx::query!(
        "select pg_advisory_xact_lock(hashtextextended('pivot_console_jobs:' || $1, 0))",
        account_id,
    )
    .execute(&mut *tx)
    .await?;
    let running = sqlx::query_scalar!(
        r#"select count(*) as "n!" from job_item i join job j using (job_id)
            where j.account_id = $1 and i.state = 'running' and i.lease_until >= now()"#,
        account_id,
    )
    .fetch_one(&mut *tx)
    .await?;
    let take = (limit - running).min(want);
    if take <= 0 {
        return Ok(Vec::new());
    }
    let claimed = sqlx::query!(
        r#"update job_item i
              set state = 'running', worker = $2, attempts = i.attempts + 1,
                  lease_until = now() + make_interval(secs => $4),
                  started_at = coalesce(i.started_at, now())
             from job j
            where j.job_id = i.job_id
              and (i.job_id, i.item_no) in (
                   select r.job_id, r.item_no
                     from job_item r join job rj using (job_id)
                    where rj.account_id = $1 and rj.state = 'running'
                      and ((r.state = 'queued' and r.not_before <= now())
                        or (r.state = 'running' and r.lease_until < now()))
                      and (r.draft_id is null or not exists (
                           select 1 from job_item o
                            where o.draft_id = r.draft_id and o.state = 'running'
                              and o.lease_until >= now()
                              and (o.job_id, o.item_no) <> (r.job_id, r.item_no)))
                    order by rj.created_at, r.item_no
                    limit $3
                    for update of r skip locked)
        returning i.job_id, i.item_no, j.kind as "kind: JobKind", j.account_id,
                  j.created_by, i.draft_id, i.attempts, j.kazoo_token"#,
        account_id,
        worker,
        take,
        lease_secs(),
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(claimed
        .into_iter()
        .map(|r| Claimed {
            job_id: r.job_id,
            item_no: r.item_no,
            kind: r.kind,
            account_id: r.account_id,
            created_by: r.created_by,
            draft_id: r.draft_id,
            attempts: r.attempts,
            token: r.kazoo_token,
        })
        .collect())
}

/// Renews the lease of an item `worker` runs; false when it is no longer
/// the worker's (it was taken again after the lease ran out).
///
/// # Errors
/// Any database error.
pub async fn renew(db: &PgPool, item: &Claimed, worker: &str) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        r#"update job_item set lease_until = now() + make_interval(secs => $4)
            where job_id = $1 and item_no = $2 and worker = $3 and state = 'running'"#,
        item.job_id,
        item.item_no,
        worker,
        lease_secs(),
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How a run of an item ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    Done,
    /// Final, with the reason in the admin's words.
    Failed(String),
    Skipped(String),
    /// Run again after `after` (a failure Kazoo may get over).
    Retry {
        after: Duration,
        message: String,
    },
    /// The Kazoo token expired: the item waits, the job pauses until a
    /// sign-in; this run does not count as an attempt.
    Pause,
    /// Another sync of the draft runs (started from its page): run again
    /// after `after`, not counted as an attempt.
    Wait {
        after: Duration,
    },
}

/// Records how `worker`'s run of the item ended, and ends the job when no
/// item is left; false when the item was no longer the worker's.
///
/// # Errors
/// Any database error.
pub async fn finish(
    db: &PgPool,
    item: &Claimed,
    worker: &str,
    ending: &Ending,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    // The job's items end one at a time: two last items ending at once
    // would each still see the other running, and the job would never be
    // marked done.
    sqlx::query!(
        "select job_id from job where job_id = $1 for update",
        item.job_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    // A refresh asked for again while it read: it reads once more.
    let rerun = sqlx::query_scalar!(
        "update job set rerun = false where job_id = $1 and rerun returning job_id",
        item.job_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    let again = Ending::Retry {
        after: Duration::ZERO,
        message: String::new(),
    };
    let ending = if rerun && *ending == Ending::Done {
        &again
    } else {
        ending
    };
    let (state, message, after) = match ending {
        Ending::Done => (ItemState::Done, None, None),
        Ending::Failed(m) => (ItemState::Failed, Some(m.as_str()), None),
        Ending::Skipped(m) => (ItemState::Skipped, Some(m.as_str()), None),
        Ending::Retry { after, message } => (
            ItemState::Queued,
            Some(message.as_str()).filter(|m| !m.is_empty()),
            Some(*after),
        ),
        Ending::Pause => (ItemState::Queued, None, Some(Duration::ZERO)),
        Ending::Wait { after } => (
            ItemState::Queued,
            Some("Waiting for another sync of this draft to end."),
            Some(*after),
        ),
    };
    let pause = matches!(ending, Ending::Pause);
    // Neither a pause nor a second read is a failed attempt.
    let uncounted = pause || std::ptr::eq(ending, &again) || matches!(ending, Ending::Wait { .. });
    let updated = sqlx::query!(
        r#"update job_item
              set state = $4::job_item_state, lease_until = null,
                  message = case when $4::job_item_state = 'done' then null
                                 else coalesce($5, message) end,
                  -- The worker that ended it stays on record.
                  worker = case when $4::job_item_state = 'queued' then null else worker end,
                  attempts = attempts - case when $7 then 1 else 0 end,
                  not_before = now() + make_interval(secs => coalesce($6::float8, 0)),
                  finished_at = case when $4::job_item_state in ('queued', 'running') then null else now() end
            where job_id = $1 and item_no = $2 and worker = $3 and state = 'running'"#,
        item.job_id,
        item.item_no,
        worker,
        state as ItemState,
        message,
        after.map(|d| d.as_secs_f64()),
        uncounted,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if pause {
        sqlx::query!(
            r#"update job set state = 'paused', updated_at = now(),
                              pause_reason = 'The Kazoo session expired: sign in again to resume.'
                where job_id = $1 and state = 'running'"#,
            item.job_id,
        )
        .execute(&mut *tx)
        .await?;
    }
    // A run that ended after its job was cancelled is not queued again.
    sqlx::query!(
        r#"update job_item i set state = 'cancelled', finished_at = now()
             from job j
            where j.job_id = i.job_id and i.job_id = $1 and i.item_no = $2
              and j.state = 'cancelled' and i.state = 'queued'"#,
        item.job_id,
        item.item_no,
    )
    .execute(&mut *tx)
    .await?;
    end_if_finished(&mut tx, item.job_id).await?;
    if after.is_some() {
        notify(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(updated == 1)
}

/// Marks the job done when none of its items is left to run, and forgets
/// its token.
async fn end_if_finished(tx: &mut Transaction<'_, Postgres>, job_id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update job set state = 'done', finished_at = now(), kazoo_token = null,
                          updated_at = now()
            where job_id = $1 and state = 'running'
              and not exists (select 1 from job_item
                               where job_id = $1 and state in ('queued', 'running'))"#,
        job_id,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records a refresh's progress: `done` callflows read of `total`.
///
/// # Errors
/// Any database error.
pub async fn set_read(db: &PgPool, job_id: Uuid, done: u32, total: u32) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update job set progress_done = $2, progress_total = $3, updated_at = now()
            where job_id = $1"#,
        job_id,
        done as i32,
        total as i32,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Cancels a job of the account: items not yet run are cancelled, items
/// running now finish. Returns false when the account has no such
/// unfinished job.
///
/// # Errors
/// Any database error.
pub async fn cancel(db: &PgPool, account_id: &str, job_id: Uuid) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let cancelled = sqlx::query!(
        r#"update job set state = 'cancelled', finished_at = now(), kazoo_token = null,
                          pause_reason = null, updated_at = now()
            where job_id = $1 and account_id = $2 and state in ('running', 'paused')"#,
        job_id,
        account_id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if cancelled == 0 {
        return Ok(false);
    }
    sqlx::query!(
        r#"update job_item set state = 'cancelled', finished_at = now()
            where job_id = $1 and state = 'queued'"#,
        job_id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Queues a job's failed items again (fresh attempts) and runs the job
/// with `token`; returns how many were queued (0: none failed, or no such
/// job of the account).
///
/// # Errors
/// Any database error.
pub async fn retry_failed(
    db: &PgPool,
    account_id: &str,
    job_id: Uuid,
    token: &str,
) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    let queued = sqlx::query!(
        r#"update job_item i
              set state = 'queued', attempts = 0, not_before = now(), finished_at = null
             from job j
            where j.job_id = i.job_id and j.account_id = $2 and i.job_id = $1
              and i.state = 'failed'"#,
        job_id,
        account_id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if queued > 0 {
        sqlx::query!(
            r#"update job set state = 'running', finished_at = null, pause_reason = null,
                              kazoo_token = $2, updated_at = now()
                where job_id = $1"#,
            job_id,
            token,
        )
        .execute(&mut *tx)
        .await?;
        notify(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(queued)
}

/// A job of the account, with its counts and pace.
///
/// # Errors
/// Any database error.
pub async fn job(db: &PgPool, account_id: &str, job_id: Uuid) -> sqlx::Result<Option<JobView>> {
    Ok(jobs(db, account_id, Some(job_id), 1).await?.pop())
}

/// The account's newest jobs (or the one `job_id`), newest first.
///
/// # Errors
/// Any database error.
pub async fn jobs(
    db: &PgPool,
    account_id: &str,
    job_id: Option<Uuid>,
    limit: i64,
) -> sqlx::Result<Vec<JobView>> {
    let rows = sqlx::query!(
        r#"select j.job_id, j.kind as "kind: JobKind", j.state as "state: JobState",
                  j.pause_reason, j.created_by, j.created_at, j.finished_at,
                  j.progress_done, j.progress_total,
                  extract(epoch from coalesce(j.finished_at, now()) - j.created_at)::float8
                      as "elapsed!",
                  c.total as "total!", c.done as "done!", c.failed as "failed!",
                  c.skipped as "skipped!", c.left_ as "left!"
             from job j,
                  lateral (select count(*) as total,
                                  count(*) filter (where state = 'done') as done,
                                  count(*) filter (where state = 'failed') as failed,
                                  count(*) filter (where state in ('skipped', 'cancelled')) as skipped,
                                  count(*) filter (where state in ('queued', 'running')) as left_
                             from job_item i where i.job_id = j.job_id) c
            where j.account_id = $1 and ($2::uuid is null or j.job_id = $2)
            order by j.created_at desc
            limit $3"#,
        account_id,
        job_id,
        limit,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
            let progress = Progress {
                total: count(r.total),
                done: count(r.done),
                failed: count(r.failed),
                skipped: count(r.skipped),
                left: count(r.left),
                per_minute: None,
                seconds_left: None,
            }
            .with_pace(r.elapsed);
            JobView {
                job_id: r.job_id.to_string(),
                kind: r.kind,
                state: r.state,
                pause_reason: r.pause_reason,
                created_by: r.created_by,
                created_at: r.created_at,
                finished_at: r.finished_at,
                progress,
                read: (
                    u32::try_from(r.progress_done).unwrap_or(0),
                    u32::try_from(r.progress_total).unwrap_or(0),
                ),
            }
        })
        .collect())
}

/// A job of the account with up to `limit` of its items from `offset`:
/// failed first, then running, waiting, the rest, each in job order.
///
/// # Errors
/// Any database error.
pub async fn detail(
    db: &PgPool,
    account_id: &str,
    job_id: Uuid,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Option<JobDetail>> {
    let Some(job) = job(db, account_id, job_id).await? else {
        return Ok(None);
    };
    let items = sqlx::query!(
        r#"select item_no, draft_id, draft_name, state as "state: ItemState", attempts, message
             from job_item where job_id = $1
            order by case state when 'failed' then 0 when 'running' then 1
                                when 'queued' then 2 else 3 end, item_no
            offset $2 limit $3"#,
        job_id,
        offset,
        limit,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| ItemView {
        item_no: r.item_no,
        draft_id: r.draft_id.map(|id| id.to_string()),
        draft_name: r.draft_name,
        state: r.state,
        attempts: r.attempts,
        message: r.message,
    })
    .collect();
    Ok(Some(JobDetail { job, items }))
}

/// The account's routing refresh that runs now, if one does.
///
/// # Errors
/// Any database error.
pub async fn active_refresh(db: &PgPool, account_id: &str) -> sqlx::Result<Option<JobView>> {
    let id = sqlx::query_scalar!(
        r#"select job_id from job
            where account_id = $1 and kind = 'refresh' and state in ('running', 'paused')"#,
        account_id,
    )
    .fetch_optional(db)
    .await?;
    match id {
        Some(id) => job(db, account_id, id).await,
        None => Ok(None),
    }
}

/// The drafts of the account that are queued or running in an unfinished
/// job (a second bulk sync leaves them out).
///
/// # Errors
/// Any database error.
pub async fn drafts_in_jobs(db: &PgPool, account_id: &str) -> sqlx::Result<Vec<Uuid>> {
    sqlx::query_scalar!(
        r#"select i.draft_id as "draft_id!" from job_item i join job j using (job_id)
            where j.account_id = $1 and j.state in ('running', 'paused')
              and i.state in ('queued', 'running') and i.draft_id is not null"#,
        account_id,
    )
    .fetch_all(db)
    .await
}

/// Every draft of the account: id, name and state, in the Drafts page's
/// order (what a bulk sync chooses from).
///
/// # Errors
/// Any database error.
pub async fn draft_choices(
    db: &PgPool,
    account_id: &str,
) -> sqlx::Result<Vec<(Uuid, String, DraftState)>> {
    Ok(sqlx::query!(
        r#"select draft_id as "draft_id!", name as "name!", state as "state!: DraftState"
             from draft_status where account_id = $1
            order by updated_at desc, name"#,
        account_id,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.draft_id, r.name, r.state))
    .collect())
}

async fn notify(tx: &mut Transaction<'_, Postgres>) -> sqlx::Result<()> {
    sqlx::query!("select pg_notify($1, '')", CHANNEL)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
