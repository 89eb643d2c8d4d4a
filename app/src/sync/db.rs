//! Sync bookkeeping in Postgres: the intent recorded before a Kazoo call,
//! the outcome after, one `sync_log` row per attempt, and the heartbeat
//! that tells a running sync from one cut off.

use std::{future::Future, time::Duration};

use kazoo::callflow::Callflow;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::model::{Operation, SyncLogEntry, SyncResult};
use crate::drafts::db::{DraftRow, SyncState};

/// How often a running sync sets its draft's `sync_started_at` to now.
pub const HEARTBEAT: Duration = Duration::from_secs(5);

/// How long after its last heartbeat a draft still `syncing` counts as
/// having a sync running (three missed beats): until then a discard, a
/// save and a second sync are refused; after it, the sync was cut off (a
/// crash, `kill -9`) and the draft may be synced or discarded again. SQL
/// has the same rule in one function, `sync_is_running` (migration
/// `20261129180000_sync_heartbeat.sql`), which the `draft_status` view and
/// every query use; a test holds the two together.
pub const LIVENESS: Duration = Duration::from_secs(15);

/// How a sync attempt ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Kazoo now has `document` as `kazoo_id` (all `None` after a delete).
    Done {
        kazoo_id: Option<String>,
        revision: Option<String>,
        document: Option<Box<Callflow>>,
        request_id: Option<String>,
    },
    /// Failed; `conflict` when the live callflow changed meanwhile;
    /// `maybe_written` when Kazoo may have done the call all the same (no
    /// answer, a broken connection, a 5xx): a later create then looks for
    /// what this one made.
    Failed {
        conflict: bool,
        message: String,
        request_id: Option<String>,
        maybe_written: bool,
    },
}

/// The name and numbers an earlier create of a draft's callflow sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentCreate {
    /// `None`: the callflow had no name.
    pub name: Option<String>,
    /// Sorted.
    pub numbers: Vec<String>,
}

impl SentCreate {
    /// What a create of `document` sends.
    pub fn of(document: &Callflow) -> Self {
        let mut numbers = document.numbers().to_vec();
        numbers.sort_unstable();
        Self {
            name: document.name.clone(),
            numbers,
        }
    }
}

/// Records that `operation` is about to be sent for `draft` (for a create,
/// the name and numbers it sends); returns the sync log id. Run inside the
/// transaction that locked the draft.
///
/// # Errors
/// Any database error.
pub async fn begin(
    tx: &mut PgConnection,
    draft: &DraftRow,
    operation: Operation,
    actor: &str,
) -> sqlx::Result<i64> {
    sqlx::query!(
        r#"update draft set sync_state = 'syncing', pending_operation = $2,
                            sync_started_at = now()
            where draft_id = $1"#,
        draft.draft_id,
        operation as Operation,
    )
    .execute(&mut *tx)
    .await?;
    let sent = (operation == Operation::Create).then(|| SentCreate::of(&draft.document));
    sqlx::query_scalar!(
        r#"insert into sync_log (draft_id, account_id, draft_name, operation, kazoo_id, actor,
                                 sent_name, sent_numbers, maybe_written)
           values ($1, $2, $3, $4, $5, $6, $7, $8, true) returning sync_log_id"#,
        draft.draft_id,
        draft.account_id,
        draft.name,
        operation as Operation,
        draft.kazoo_id,
        actor,
        sent.as_ref().and_then(|s| s.name.as_deref()),
        sent.as_ref().map(|s| s.numbers.as_slice()),
    )
    .fetch_one(tx)
    .await
}

/// The creates of the draft's callflow before `log_id` that may have gone
/// through unseen (no success recorded, no refusal from Kazoo) since its
/// last successful sync, newest first: a callflow with one's name and
/// numbers is what that create made.
///
/// # Errors
/// Any database error.
pub async fn unresolved_creates(
    db: &mut PgConnection,
    draft_id: Uuid,
    log_id: i64,
) -> sqlx::Result<Vec<SentCreate>> {
    let rows = sqlx::query!(
        r#"select sent_name, sent_numbers as "sent_numbers!" from sync_log
            where draft_id = $1 and resource = 'callflow' and operation = 'create'
              and maybe_written and sent_numbers is not null
              and result is distinct from 'ok' and sync_log_id < $2
              and sync_log_id > coalesce((select max(sync_log_id) from sync_log
                                           where draft_id = $1 and resource = 'callflow'
                                             and result = 'ok'), 0)
            order by sync_log_id desc"#,
        draft_id,
        log_id,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SentCreate {
            name: r.sent_name,
            numbers: r.sent_numbers,
        })
        .collect())
}

/// One heartbeat: the draft's sync is still running.
///
/// # Errors
/// Any database error.
pub async fn heartbeat(db: &PgPool, draft_id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        "update draft set sync_started_at = now() where draft_id = $1 and sync_state = 'syncing'",
        draft_id,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Runs `work` (a sync, from [`begin`] to [`finish`]) with a heartbeat
/// every [`HEARTBEAT`] beside it, so the draft reads as syncing however
/// long Kazoo takes, and stops reading so [`LIVENESS`] after `work` is
/// dropped mid-way or the process dies. A failed beat is logged, not
/// fatal: the sync itself goes on.
pub async fn with_heartbeat<T>(db: &PgPool, draft_id: Uuid, work: impl Future<Output = T>) -> T {
    let beat = async {
        let mut ticks = tokio::time::interval(HEARTBEAT);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick is at once; `begin` has just set the time.
        ticks.tick().await;
        loop {
            ticks.tick().await;
            if let Err(e) = heartbeat(db, draft_id).await {
                tracing::warn!(error = %e, "sync heartbeat not recorded");
            }
        }
    };
    // The beat loops for ever: only `work` ends this (`beat`'s output
    // type is whatever `T` is, since it never produces one).
    tokio::select! {
        done = work => done,
        never = beat => never,
    }
}

/// Records the outcome of the attempt `log_id` on the draft and the log;
/// `false` when the draft is gone (discarded while its sync ran): the log
/// still records what Kazoo did, and names the callflow made.
///
/// # Errors
/// Any database error.
pub async fn finish(
    db: &PgPool,
    draft_id: Uuid,
    log_id: i64,
    outcome: &Outcome,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let kazoo_id = match outcome {
        Outcome::Done { kazoo_id, .. } => kazoo_id.as_deref(),
        Outcome::Failed { .. } => None,
    };
    let (result, message, request_id, maybe_written, draft_kept) = match outcome {
        Outcome::Done {
            kazoo_id,
            revision,
            document,
            request_id,
        } => {
            let updated = sqlx::query!(
                r#"update draft set sync_state = 'idle', pending_operation = null,
                                    sync_started_at = null, last_error = null,
                                    kazoo_id = $2, kazoo_revision = $3, synced_document = $4::text::json,
                                    synced_menus = case when $2::text is null then null else menus end,
                                    synced_at = case when $2::text is null then null else now() end,
                                    live_read_at = case when $2::text is null then null else live_read_at end
                    where draft_id = $1"#,
                draft_id,
                kazoo_id.as_deref(),
                revision.as_deref(),
                document.as_deref().map(crate::drafts::db::json_text),
            )
            .execute(&mut *tx)
            .await?;
            let kept = updated.rows_affected() == 1;
            (SyncResult::Ok, None, request_id, true, kept)
        }
        Outcome::Failed {
            conflict,
            message,
            request_id,
            maybe_written,
        } => {
            let (state, result) = if *conflict {
                (SyncState::Conflict, SyncResult::Conflict)
            } else {
                (SyncState::Error, SyncResult::Error)
            };
            // The pending operation stays: a retry of a create first looks
            // for the callflow this attempt may have made.
            let updated = sqlx::query!(
                r#"update draft set sync_state = $2, last_error = $3, sync_started_at = null
                    where draft_id = $1"#,
                draft_id,
                state as SyncState,
                message,
            )
            .execute(&mut *tx)
            .await?;
            let kept = updated.rows_affected() == 1;
            (
                result,
                Some(message.as_str()),
                request_id,
                *maybe_written,
                kept,
            )
        }
    };
    // The log keeps the callflow the attempt made or replaced, so nothing
    // made in Kazoo is ever without a record, even if the draft goes.
    sqlx::query!(
        r#"update sync_log set finished_at = now(), result = $2, message = $3,
                               kazoo_request_id = $4, kazoo_id = coalesce($5, kazoo_id),
                               maybe_written = maybe_written and $6
            where sync_log_id = $1"#,
        log_id,
        result as SyncResult,
        message,
        request_id.as_deref(),
        kazoo_id,
        maybe_written,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(draft_kept)
}

/// Which Kazoo document a sync call writes (Postgres enum
/// `sync_resource`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "sync_resource", rename_all = "lowercase")]
pub enum Resource {
    /// The draft's callflow.
    Callflow,
    /// One of its menus (`/menus`).
    Menu,
    /// A menu's greeting (`/media`).
    Media,
}

/// Records a call about to write one of a draft's menus or greetings
/// (`key`: the menu's key in the draft); returns the sync log id.
///
/// # Errors
/// Any database error.
pub async fn begin_resource(
    db: &PgPool,
    draft: &DraftRow,
    resource: Resource,
    key: &str,
    operation: Operation,
    kazoo_id: Option<&str>,
    actor: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"insert into sync_log (draft_id, account_id, draft_name, operation, kazoo_id, actor,
                                 resource, resource_ref)
           values ($1, $2, $3, $4, $5, $6, $7, $8) returning sync_log_id"#,
        draft.draft_id,
        draft.account_id,
        draft.name,
        operation as Operation,
        kazoo_id,
        actor,
        resource as Resource,
        key,
    )
    .fetch_one(db)
    .await
}

/// Records how the call `log_id` ended; `kazoo_id` is the document it
/// wrote.
///
/// # Errors
/// Any database error.
pub async fn finish_resource(
    db: &PgPool,
    log_id: i64,
    ok: bool,
    message: Option<&str>,
    request_id: Option<&str>,
    kazoo_id: Option<&str>,
) -> sqlx::Result<()> {
    let result = if ok {
        SyncResult::Ok
    } else {
        SyncResult::Error
    };
    sqlx::query!(
        r#"update sync_log set finished_at = now(), result = $2, message = $3,
                               kazoo_request_id = $4, kazoo_id = coalesce($5, kazoo_id)
            where sync_log_id = $1"#,
        log_id,
        result as SyncResult,
        message,
        request_id,
        kazoo_id,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether a create of this menu or greeting was recorded before (for a
/// menu still new in the draft): it may have gone through with its answer
/// lost, or its id not stored (a crash between the two).
///
/// # Errors
/// Any database error.
pub async fn unfinished_create(
    db: &PgPool,
    draft_id: Uuid,
    resource: Resource,
    key: &str,
) -> sqlx::Result<bool> {
    let found = sqlx::query_scalar!(
        r#"select exists (select 1 from sync_log
                           where draft_id = $1 and resource = $2 and resource_ref = $3
                             and operation = 'create') as "found!""#,
        draft_id,
        resource as Resource,
        key,
    )
    .fetch_one(db)
    .await?;
    Ok(found)
}

/// A draft's sync attempts, newest first.
///
/// # Errors
/// Any database error.
pub async fn fetch_log(
    db: &PgPool,
    account_id: &str,
    draft_id: Uuid,
) -> sqlx::Result<Vec<SyncLogEntry>> {
    sqlx::query_as!(
        SyncLogEntry,
        r#"select started_at, operation as "operation: Operation", actor,
                  result as "result: SyncResult", message, kazoo_request_id
             from sync_log where account_id = $1 and draft_id = $2
            order by started_at desc, sync_log_id desc"#,
        account_id,
        draft_id,
    )
    .fetch_all(db)
    .await
}
