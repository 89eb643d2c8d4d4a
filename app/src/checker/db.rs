//! The checker's SQL: reports (kept a day, so the page a form post leads
//! to and its reloads show them) and walks (kept a week after their last
//! move: a transcript and the state to go on from), at most
//! [`KEPT_PER_ACCOUNT`] of each per account. Rows belong to an account:
//! another account's id reads as not found. JSON is bound as text and
//! stored as jsonb. Server only.

use serde::{de::DeserializeOwned, Serialize};
use sqlx::{types::Json, PgPool};
use uuid::Uuid;

use super::model::{CheckForm, CheckReport, Source, WalkEntry};
use crate::session::Caller;

/// The most reports, and the most walks, an account keeps: making one
/// more deletes its oldest.
pub const KEPT_PER_ACCOUNT: i64 = 50;

/// `value` as JSON text.
///
/// # Errors
/// `Encode` when it cannot be written as JSON (nothing is stored then).
fn text<T: Serialize>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Stores a report; deletes reports older than a day and the account's
/// beyond the newest [`KEPT_PER_ACCOUNT`]. A pasted answer is stored once:
/// in the report's lines, not in the form too (it is read back from
/// them).
///
/// # Errors
/// Any database error.
pub async fn insert_report(
    db: &PgPool,
    caller: &Caller,
    form: &CheckForm,
    report: &CheckReport,
) -> sqlx::Result<Uuid> {
    sqlx::query!(r#"delete from checker_report where created_at < now() - interval '1 day'"#)
        .execute(db)
        .await?;
    let mut form = form.clone();
    if form.source == Source::Paste && report.answer.is_some() {
        form.answer = String::new();
    }
    let id = sqlx::query_scalar!(
        r#"insert into checker_report (account_id, created_by, form, report)
           values ($1, $2, $3::text::jsonb, $4::text::jsonb)
           returning checker_report_id"#,
        caller.account_id,
        caller.actor,
        text(&form)?,
        text(report)?,
    )
    .fetch_one(db)
    .await?;
    sqlx::query!(
        r#"delete from checker_report
            where account_id = $1
              and checker_report_id not in (
                  select checker_report_id from checker_report where account_id = $1
                   order by created_at desc, checker_report_id limit $2)"#,
        caller.account_id,
        KEPT_PER_ACCOUNT,
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// A report of the account, with the form it answered.
///
/// # Errors
/// Any database error.
pub async fn fetch_report(
    db: &PgPool,
    account_id: &str,
    id: Uuid,
) -> sqlx::Result<Option<(CheckForm, CheckReport)>> {
    let row = sqlx::query!(
        r#"select form as "form: Json<CheckForm>", report as "report: Json<CheckReport>"
             from checker_report where checker_report_id = $1 and account_id = $2"#,
        id,
        account_id,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let (mut form, report) = (r.form.0, r.report.0);
        if form.source == Source::Paste && form.answer.is_empty() {
            form.answer = report.lines.join("\n");
        }
        (form, report)
    }))
}

/// A walk as stored: how it calls, the transcript, the state to go on
/// from (the server's own type, `S`) and the requests made.
#[derive(Debug, Clone)]
pub struct WalkRow<Setup, S> {
    pub id: Uuid,
    pub setup: Setup,
    pub transcript: Vec<WalkEntry>,
    pub state: S,
    pub requests: i32,
    /// One more at every move (the lock a post names).
    pub version: i32,
}

/// Stores a new walk; deletes walks that have not moved for a week and
/// the account's beyond the [`KEPT_PER_ACCOUNT`] moved last.
///
/// # Errors
/// Any database error.
pub async fn insert_walk<Setup: Serialize, S: Serialize>(
    db: &PgPool,
    caller: &Caller,
    setup: &Setup,
    transcript: &[WalkEntry],
    state: &S,
    requests: i32,
) -> sqlx::Result<Uuid> {
    sqlx::query!(r#"delete from checker_walk where updated_at < now() - interval '7 days'"#)
        .execute(db)
        .await?;
    let id = sqlx::query_scalar!(
        r#"insert into checker_walk (account_id, created_by, setup, transcript, state, requests)
           values ($1, $2, $3::text::jsonb, $4::text::jsonb, $5::text::jsonb, $6)
           returning checker_walk_id"#,
        caller.account_id,
        caller.actor,
        text(setup)?,
        text(&transcript)?,
        text(state)?,
        requests,
    )
    .fetch_one(db)
    .await?;
    sqlx::query!(
        r#"delete from checker_walk
            where account_id = $1
              and checker_walk_id not in (
                  select checker_walk_id from checker_walk where account_id = $1
                   order by updated_at desc, checker_walk_id limit $2)"#,
        caller.account_id,
        KEPT_PER_ACCOUNT,
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// A walk of the account. A row whose JSON no longer reads (written by
/// another version of the app) is not found.
///
/// # Errors
/// Any database error.
pub async fn fetch_walk<Setup: DeserializeOwned, S: DeserializeOwned>(
    db: &PgPool,
    account_id: &str,
    id: Uuid,
) -> sqlx::Result<Option<WalkRow<Setup, S>>> {
    let row = sqlx::query!(
        r#"select setup::text as "setup!", transcript::text as "transcript!",
                  state::text as "state!", requests, version
             from checker_walk where checker_walk_id = $1 and account_id = $2"#,
        id,
        account_id,
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let read = || -> serde_json::Result<WalkRow<Setup, S>> {
        Ok(WalkRow {
            id,
            setup: serde_json::from_str(&row.setup)?,
            transcript: serde_json::from_str(&row.transcript)?,
            state: serde_json::from_str(&row.state)?,
            requests: row.requests,
            version: row.version,
        })
    };
    match read() {
        Ok(walk) => Ok(Some(walk)),
        Err(e) => {
            tracing::warn!(walk.id = %id, error = %e, "a stored walk could not be read");
            Ok(None)
        }
    }
}

/// Saves a walk's progress, if it still stands where the page showed it
/// (its `version` then). Returns false when it moved on meanwhile (another
/// tab, a double click): nothing is written then.
///
/// # Errors
/// Any database error.
pub async fn update_walk<S: Serialize>(
    db: &PgPool,
    account_id: &str,
    id: Uuid,
    version: i32,
    transcript: &[WalkEntry],
    state: &S,
    requests: i32,
) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        r#"update checker_walk
              set transcript = $4::text::jsonb, state = $5::text::jsonb, requests = $6,
                  version = version + 1, updated_at = now()
            where checker_walk_id = $1 and account_id = $2 and version = $3"#,
        id,
        account_id,
        version,
        text(&transcript)?,
        text(state)?,
        requests,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
