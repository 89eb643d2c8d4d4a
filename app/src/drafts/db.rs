//! Postgres access for drafts: rows, revisions and their numbers. Server
//! only. Queries are checked against the schema at compile time
//! (`query!`, offline data in `.sqlx/`, see `scripts/sqlx-prepare.sh`).

mod list;
mod row;

use kazoo::callflow::Callflow;
use sqlx::{types::Json, PgConnection, PgExecutor, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

pub use list::{fetch_drafts_page, fetch_matching_ids};
pub use row::{DraftRow, SyncState};

use super::model::{DraftKind, DraftState};
use crate::{
    editor::model::{MenuDraft, Working},
    sync::model::Operation,
};

/// What a new draft is based on, when it edits a live callflow.
#[derive(Debug, Clone)]
pub struct LiveBase {
    pub kazoo_id: String,
    pub revision: Option<String>,
    pub document: Callflow,
}

/// Which drafts of an account to read.
#[derive(Debug, Clone, Copy)]
enum Which<'a> {
    All,
    Id(Uuid),
    OfCallflow(&'a str),
}

/// The one query that reads drafts (through `draft_status`, which adds the
/// state), newest first.
async fn select(
    db: impl PgExecutor<'_>,
    account_id: &str,
    which: Which<'_>,
) -> sqlx::Result<Vec<DraftRow>> {
    let (id, kazoo_id) = match which {
        Which::All => (None, None),
        Which::Id(id) => (Some(id), None),
        Which::OfCallflow(kazoo_id) => (None, Some(kazoo_id)),
    };
    sqlx::query_as!(
        DraftRow,
        r#"select draft_id as "draft_id!", account_id as "account_id!", name as "name!",
                  kind as "kind!: DraftKind", document as "document!: Json<Callflow>",
                  kazoo_id, kazoo_revision, synced_document as "synced_document: Json<Callflow>",
                  menus as "menus!: Json<Vec<MenuDraft>>",
                  synced_menus as "synced_menus: Json<Vec<MenuDraft>>",
                  sync_state as "sync_state!: SyncState",
                  pending_operation as "pending_operation: Operation", last_error,
                  version as "version!", updated_by as "updated_by!", updated_at as "updated_at!",
                  synced_at, live_read_at, state as "state!: DraftState",
                  sync_running as "sync_running!"
             from draft_status
            where account_id = $1
              and ($2::uuid is null or draft_id = $2)
              and ($3::text is null or kazoo_id = $3)
            order by updated_at desc, name"#,
        account_id,
        id,
        kazoo_id,
    )
    .fetch_all(db)
    .await
}

/// Inserts a draft (version 1) with its first revision and numbers.
///
/// # Errors
/// `draft_kazoo_id_key` when a draft of that live callflow exists.
pub async fn insert_draft(
    tx: &mut PgConnection,
    account_id: &str,
    kind: DraftKind,
    document: &Callflow,
    actor: &str,
    base: Option<&LiveBase>,
) -> sqlx::Result<Uuid> {
    let working = Working {
        doc: document.clone(),
        menus: Vec::new(),
    };
    insert_working(tx, account_id, kind, &working, actor, base).await
}

/// [`insert_draft`] with the menus a callflow draft edits; a draft based
/// on a live callflow takes them as what Kazoo has (`synced_menus`).
///
/// # Errors
/// As [`insert_draft`].
pub async fn insert_working(
    tx: &mut PgConnection,
    account_id: &str,
    kind: DraftKind,
    working: &Working,
    actor: &str,
    base: Option<&LiveBase>,
) -> sqlx::Result<Uuid> {
    let document = &working.doc;
    let id = sqlx::query_scalar!(
        r#"insert into draft (account_id, name, kind, document, kazoo_id, kazoo_revision,
                              synced_document, created_by, updated_by, live_read_at,
                              menus, synced_menus)
           values ($1, $2, $3, $4::text::json, $5, $6, $7::text::json, $8, $8,
                   case when $5::text is null then null else now() end, $9::text::json,
                   case when $5::text is null then null else $9::text::json end)
           returning draft_id"#,
        account_id,
        name_of(document),
        kind as DraftKind,
        json_text(document),
        base.map(|b| b.kazoo_id.as_str()),
        base.and_then(|b| b.revision.as_deref()),
        base.map(|b| json_text(&b.document)),
        actor,
        json_text(&working.menus),
    )
    .fetch_one(&mut *tx)
    .await?;
    insert_revision(tx, id, 1, working, actor).await?;
    replace_numbers(tx, id, account_id, document).await?;
    Ok(id)
}

/// Replaces the document if the draft is still at `expected_version`;
/// returns the new version, or `None` when someone saved first (or the
/// draft is gone).
///
/// # Errors
/// Any database error.
pub async fn update_document(
    tx: &mut PgConnection,
    account_id: &str,
    id: Uuid,
    expected_version: i32,
    document: &Callflow,
    actor: &str,
) -> sqlx::Result<Option<i32>> {
    let row = fetch_draft(&mut *tx, account_id, id).await?;
    let menus = row.map(|r| r.menus.0).unwrap_or_default();
    let working = Working {
        doc: document.clone(),
        menus,
    };
    update_working(tx, account_id, id, expected_version, &working, actor).await
}

/// [`update_document`] with the draft's menus.
///
/// # Errors
/// Any database error.
pub async fn update_working(
    tx: &mut PgConnection,
    account_id: &str,
    id: Uuid,
    expected_version: i32,
    working: &Working,
    actor: &str,
) -> sqlx::Result<Option<i32>> {
    let document = &working.doc;
    let version = sqlx::query_scalar!(
        r#"update draft set document = $4::text::json, name = $5, updated_by = $6,
                            updated_at = now(), version = version + 1, menus = $7::text::json
            where account_id = $1 and draft_id = $2 and version = $3
           returning version"#,
        account_id,
        id,
        expected_version,
        json_text(document),
        name_of(document),
        actor,
        json_text(&working.menus),
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(version) = version {
        insert_revision(tx, id, version, working, actor).await?;
        replace_numbers(tx, id, account_id, document).await?;
    }
    Ok(version)
}

/// One draft of the account.
///
/// # Errors
/// Any database error.
pub async fn fetch_draft(
    db: impl PgExecutor<'_>,
    account_id: &str,
    id: Uuid,
) -> sqlx::Result<Option<DraftRow>> {
    Ok(select(db, account_id, Which::Id(id)).await?.pop())
}

/// Locks a draft for the rest of the transaction (one sync at a time) and
/// reads it.
///
/// # Errors
/// Any database error.
pub async fn lock_draft(
    tx: &mut PgConnection,
    account_id: &str,
    id: Uuid,
) -> sqlx::Result<Option<DraftRow>> {
    let locked = sqlx::query_scalar!(
        "select draft_id from draft where account_id = $1 and draft_id = $2 for update",
        account_id,
        id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match locked {
        Some(_) => fetch_draft(&mut *tx, account_id, id).await,
        None => Ok(None),
    }
}

/// Stores the Kazoo ids a sync got for the draft's new menus and
/// greetings (in its menus and its menu nodes), as soon as Kazoo gives
/// them. The version moves on, so an editor still showing the old
/// placeholders cannot save over them.
///
/// # Errors
/// Any database error.
pub async fn store_sync_ids(db: &PgPool, id: Uuid, working: &Working) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update draft set document = $2::text::json, menus = $3::text::json,
                            version = version + 1
            where draft_id = $1"#,
        id,
        json_text(&working.doc),
        json_text(&working.menus),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the live callflow (deleted in Kazoo): the next sync creates it
/// anew.
///
/// # Errors
/// Any database error.
pub async fn forget_live(db: &PgPool, id: Uuid) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update draft set kazoo_id = null, kazoo_revision = null, synced_document = null,
                            synced_at = null, live_read_at = null, pending_operation = null
            where draft_id = $1"#,
        id,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The draft of a live callflow, if one exists.
///
/// # Errors
/// Any database error.
pub async fn fetch_draft_of_callflow(
    db: &PgPool,
    account_id: &str,
    kazoo_id: &str,
) -> sqlx::Result<Option<DraftRow>> {
    Ok(select(db, account_id, Which::OfCallflow(kazoo_id))
        .await?
        .pop())
}

/// The account's drafts, last edited first.
///
/// # Errors
/// Any database error.
pub async fn list_drafts(db: &PgPool, account_id: &str) -> sqlx::Result<Vec<DraftRow>> {
    select(db, account_id, Which::All).await
}

/// Deletes a draft still at `expected_version` and with no sync running
/// (that sync may be creating its callflow in Kazoo now; a running sync
/// keeps its heartbeat fresh, see `sync::db::LIVENESS`); `false` when
/// someone saved first, a sync runs, or it is gone. Its sync log stays.
///
/// # Errors
/// Any database error.
pub async fn delete_draft(
    db: &PgPool,
    account_id: &str,
    id: Uuid,
    expected_version: i32,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        r#"delete from draft
            where account_id = $1 and draft_id = $2 and version = $3
              and not sync_is_running(sync_state, sync_started_at)"#,
        account_id,
        id,
        expected_version,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A saved version of a draft's document (`draft_revision`).
#[derive(Debug, Clone)]
pub struct Revision {
    pub version: i32,
    pub document: Json<Callflow>,
    pub saved_by: String,
    pub saved_at: OffsetDateTime,
}

/// Every saved version of a draft's document, newest first.
///
/// # Errors
/// Any database error.
pub async fn fetch_revisions(db: &PgPool, id: Uuid) -> sqlx::Result<Vec<Revision>> {
    sqlx::query_as!(
        Revision,
        r#"select version, document as "document: Json<Callflow>", saved_by, saved_at
             from draft_revision where draft_id = $1 order by version desc"#,
        id,
    )
    .fetch_all(db)
    .await
}

async fn insert_revision(
    tx: &mut PgConnection,
    id: Uuid,
    version: i32,
    working: &Working,
    actor: &str,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"insert into draft_revision (draft_id, version, document, saved_by, menus)
           values ($1, $2, $3::text::json, $4, $5::text::json)"#,
        id,
        version,
        json_text(&working.doc),
        actor,
        json_text(&working.menus),
    )
    .execute(tx)
    .await?;
    Ok(())
}

async fn replace_numbers(
    tx: &mut PgConnection,
    id: Uuid,
    account_id: &str,
    document: &Callflow,
) -> sqlx::Result<()> {
    sqlx::query!("delete from draft_number where draft_id = $1", id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        r#"insert into draft_number (draft_id, account_id, number)
           select $1, $2, n from unnest($3::text[]) as n on conflict do nothing"#,
        id,
        account_id,
        document.numbers(),
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// A document as JSON text, keys in their order. Bound as text and cast
/// to `json` in SQL: a `Json<T>` parameter is sent as `jsonb`, which sorts
/// the keys before the column sees them.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn name_of(document: &Callflow) -> &str {
    document.name.as_deref().unwrap_or("Untitled")
}
