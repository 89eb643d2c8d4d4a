//! Postgres access for drafts: rows, revisions and their numbers.
//! Server only. The row itself, and the draft state in SQL, are in
//! `db/row.rs`.

mod row;

use serde_json::Value;
use sqlx::{types::Json, PgConnection, PgPool};
use uuid::Uuid;

pub use row::{DraftRow, STATE_SQL};

use super::model::document_numbers;
use row::COLUMNS;

/// What a new draft is based on, when it edits a live callflow.
#[derive(Debug, Clone)]
pub struct LiveBase {
    pub kazoo_id: String,
    pub revision: Option<String>,
    pub document: Value,
}

/// Inserts a draft (version 1) with its first revision and numbers.
///
/// # Errors
/// `draft_kazoo_id_key` when a draft of that live callflow exists.
pub async fn insert_draft(
    tx: &mut PgConnection,
    account_id: &str,
    kind: &str,
    document: &Value,
    actor: &str,
    base: Option<&LiveBase>,
) -> sqlx::Result<Uuid> {
    // language=PostgreSQL
    let id: Uuid = sqlx::query_scalar(
        r#"insert into draft (account_id, name, kind, document, kazoo_id, kazoo_revision,
                              synced_document, created_by, updated_by, synced_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $8, case when $5::text is null then null else now() end)
           returning draft_id"#,
    )
    .bind(account_id)
    .bind(name_of(document))
    .bind(kind)
    .bind(Json(document))
    .bind(base.map(|b| &b.kazoo_id))
    .bind(base.and_then(|b| b.revision.as_ref()))
    .bind(base.map(|b| Json(&b.document)))
    .bind(actor)
    .fetch_one(&mut *tx)
    .await?;
    insert_revision(tx, id, 1, document, actor).await?;
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
    document: &Value,
    actor: &str,
) -> sqlx::Result<Option<i32>> {
    // language=PostgreSQL
    let version: Option<i32> = sqlx::query_scalar(
        r#"update draft set document = $4, name = $5, updated_by = $6, updated_at = now(),
                            version = version + 1
            where account_id = $1 and draft_id = $2 and version = $3
           returning version"#,
    )
    .bind(account_id)
    .bind(id)
    .bind(expected_version)
    .bind(Json(document))
    .bind(name_of(document))
    .bind(actor)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(version) = version {
        insert_revision(tx, id, version, document, actor).await?;
        replace_numbers(tx, id, account_id, document).await?;
    }
    Ok(version)
}

/// One draft of the account.
///
/// # Errors
/// Any database error.
pub async fn fetch_draft(
    db: impl sqlx::PgExecutor<'_>,
    account_id: &str,
    id: Uuid,
) -> sqlx::Result<Option<DraftRow>> {
    let sql = format!("select {COLUMNS} from draft where account_id = $1 and draft_id = $2");
    sqlx::query_as(&sql)
        .bind(account_id)
        .bind(id)
        .fetch_optional(db)
        .await
}

/// Locks a draft for the rest of the transaction (one sync at a time).
///
/// # Errors
/// Any database error.
pub async fn lock_draft(
    tx: &mut PgConnection,
    account_id: &str,
    id: Uuid,
) -> sqlx::Result<Option<DraftRow>> {
    let sql =
        format!("select {COLUMNS} from draft where account_id = $1 and draft_id = $2 for update");
    sqlx::query_as(&sql)
        .bind(account_id)
        .bind(id)
        .fetch_optional(tx)
        .await
}

/// Forgets the live callflow (deleted in Kazoo): the next sync creates it
/// anew.
///
/// # Errors
/// Any database error.
pub async fn forget_live(db: &PgPool, id: Uuid) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query(
        r#"update draft set kazoo_id = null, kazoo_revision = null, synced_document = null,
                            synced_at = null, pending_operation = null
            where draft_id = $1"#,
    )
    .bind(id)
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
    let sql = format!("select {COLUMNS} from draft where account_id = $1 and kazoo_id = $2");
    sqlx::query_as(&sql)
        .bind(account_id)
        .bind(kazoo_id)
        .fetch_optional(db)
        .await
}

/// The account's drafts, last edited first.
///
/// # Errors
/// Any database error.
pub async fn list_drafts(db: &PgPool, account_id: &str) -> sqlx::Result<Vec<DraftRow>> {
    let sql =
        format!("select {COLUMNS} from draft where account_id = $1 order by updated_at desc, name");
    sqlx::query_as(&sql).bind(account_id).fetch_all(db).await
}

/// Deletes a draft still at `expected_version`; `false` when someone saved
/// first or it is gone. Its sync log stays.
///
/// # Errors
/// Any database error.
pub async fn delete_draft(
    db: &PgPool,
    account_id: &str,
    id: Uuid,
    expected_version: i32,
) -> sqlx::Result<bool> {
    // language=PostgreSQL
    let done =
        sqlx::query("delete from draft where account_id = $1 and draft_id = $2 and version = $3")
            .bind(account_id)
            .bind(id)
            .bind(expected_version)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A saved version of a draft's document (`draft_revision`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Revision {
    pub version: i32,
    #[sqlx(json)]
    pub document: Value,
    pub saved_by: String,
}

/// Every saved version of a draft's document, newest first.
///
/// # Errors
/// Any database error.
pub async fn fetch_revisions(db: &PgPool, id: Uuid) -> sqlx::Result<Vec<Revision>> {
    // language=PostgreSQL
    sqlx::query_as(
        "select version, document, saved_by from draft_revision where draft_id = $1 order by version desc",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

async fn insert_revision(
    tx: &mut PgConnection,
    id: Uuid,
    version: i32,
    document: &Value,
    actor: &str,
) -> sqlx::Result<()> {
    // language=PostgreSQL
    sqlx::query(
        "insert into draft_revision (draft_id, version, document, saved_by) values ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(version)
    .bind(Json(document))
    .bind(actor)
    .execute(tx)
    .await?;
    Ok(())
}

async fn replace_numbers(
    tx: &mut PgConnection,
    id: Uuid,
    account_id: &str,
    document: &Value,
) -> sqlx::Result<()> {
    sqlx::query("delete from draft_number where draft_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let numbers = document_numbers(document);
    // language=PostgreSQL
    sqlx::query(
        r#"insert into draft_number (draft_id, account_id, number)
           select $1, $2, n from unnest($3::text[]) as n on conflict do nothing"#,
    )
    .bind(id)
    .bind(account_id)
    .bind(numbers)
    .execute(tx)
    .await?;
    Ok(())
}

fn name_of(document: &Value) -> &str {
    document["name"].as_str().unwrap_or("Untitled")
}
