//! Sync bookkeeping in Postgres: the intent recorded before a Kazoo call,
//! the outcome after, and one `sync_log` row per attempt.

use kazoo::callflow::Callflow;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::model::{Operation, SyncLogEntry, SyncResult};
use crate::drafts::db::{DraftRow, SyncState};

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
    /// Failed; `conflict` when the live callflow changed meanwhile.
    Failed {
        conflict: bool,
        message: String,
        request_id: Option<String>,
    },
}

/// Records that `operation` is about to be sent for `draft`; returns the
/// sync log id. Run inside the transaction that locked the draft.
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
    sqlx::query_scalar!(
        r#"insert into sync_log (draft_id, account_id, draft_name, operation, kazoo_id, actor)
           values ($1, $2, $3, $4, $5, $6) returning sync_log_id"#,
        draft.draft_id,
        draft.account_id,
        draft.name,
        operation as Operation,
        draft.kazoo_id,
        actor,
    )
    .fetch_one(tx)
    .await
}

/// Records the outcome of the attempt `log_id` on the draft and the log.
///
/// # Errors
/// Any database error.
pub async fn finish(
    db: &PgPool,
    draft_id: Uuid,
    log_id: i64,
    outcome: &Outcome,
) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    let kazoo_id = match outcome {
        Outcome::Done { kazoo_id, .. } => kazoo_id.as_deref(),
        Outcome::Failed { .. } => None,
    };
    let (result, message, request_id) = match outcome {
        Outcome::Done {
            kazoo_id,
            revision,
            document,
            request_id,
        } => {
            sqlx::query!(
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
            (SyncResult::Ok, None, request_id)
        }
        Outcome::Failed {
            conflict,
            message,
            request_id,
        } => {
            let (state, result) = if *conflict {
                (SyncState::Conflict, SyncResult::Conflict)
            } else {
                (SyncState::Error, SyncResult::Error)
            };
            // The pending operation stays: a retry of a create first looks
            // for the callflow this attempt may have made.
            sqlx::query!(
                r#"update draft set sync_state = $2, last_error = $3, sync_started_at = null
                    where draft_id = $1"#,
                draft_id,
                state as SyncState,
                message,
            )
            .execute(&mut *tx)
            .await?;
            (result, Some(message.as_str()), request_id)
        }
    };
    // The log keeps the callflow the attempt made or replaced, so nothing
    // made in Kazoo is ever without a record, even if the draft goes.
    sqlx::query!(
        r#"update sync_log set finished_at = now(), result = $2, message = $3,
                               kazoo_request_id = $4, kazoo_id = coalesce($5, kazoo_id)
            where sync_log_id = $1"#,
        log_id,
        result as SyncResult,
        message,
        request_id.as_deref(),
        kazoo_id,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
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
