//! Postgres access for the Twilio import: the stored imports (their plan
//! and the outcome of Create drafts), the account's numbers in the routing
//! snapshot, and the drafts that already route a number.

use std::collections::HashSet;

use kazoo::twilio::Plan;
use serde::{Deserialize, Serialize};
use sqlx::{types::Json, PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::model::GroupOutcome;

/// What Create drafts did, as stored: one outcome per group of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Created {
    pub groups: Vec<GroupOutcome>,
    /// Drafts that run made.
    pub drafts_created: usize,
}

/// An import as stored.
#[derive(Debug)]
pub struct ImportRow {
    pub id: Uuid,
    pub created_by: String,
    pub created_at: OffsetDateTime,
    pub plan: Plan,
    pub created: Option<(Created, String, OffsetDateTime)>,
}

/// Stores a new import's plan.
///
/// # Errors
/// Any database error.
pub async fn insert_import(
    db: &PgPool,
    account_id: &str,
    actor: &str,
    plan: &Plan,
) -> sqlx::Result<Uuid> {
    sqlx::query_scalar!(
        r#"insert into twilio_import (account_id, created_by, plan)
           values ($1, $2, $3) returning twilio_import_id"#,
        account_id,
        actor,
        Json(plan) as _,
    )
    .fetch_one(db)
    .await
}

/// The account's import `id`, if it has it.
///
/// # Errors
/// Any database error.
pub async fn fetch_import(
    db: &PgPool,
    account_id: &str,
    id: Uuid,
) -> sqlx::Result<Option<ImportRow>> {
    let row = sqlx::query!(
        r#"select twilio_import_id, created_by, created_at, plan as "plan: Json<Plan>",
                  result as "result: Json<Created>", result_by, result_at
             from twilio_import where account_id = $1 and twilio_import_id = $2"#,
        account_id,
        id,
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| ImportRow {
        id: r.twilio_import_id,
        created_by: r.created_by,
        created_at: r.created_at,
        plan: r.plan.0,
        created: match (r.result, r.result_by, r.result_at) {
            (Some(result), Some(by), Some(at)) => Some((result.0, by, at)),
            _ => None,
        },
    }))
}

/// Records what Create drafts did.
///
/// # Errors
/// Any database error.
pub async fn store_created(
    db: &mut PgConnection,
    account_id: &str,
    id: Uuid,
    actor: &str,
    created: &Created,
) -> sqlx::Result<()> {
    sqlx::query!(
        r#"update twilio_import set result = $3, result_by = $4, result_at = now()
            where account_id = $1 and twilio_import_id = $2"#,
        account_id,
        id,
        Json(created) as _,
        actor,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The key of the account's Create drafts lock (a Postgres advisory
/// lock): `hashtextextended('twilio_import:<account>', 0)`.
pub fn lock_key(account_id: &str) -> String {
    format!("twilio_import:{account_id}")
}

/// Takes the account's Create drafts lock until `tx` ends, without
/// waiting: `false` when another run holds it. Two runs at once (two
/// admins, a double click) would each find no draft for the same
/// numbers; a run that waited would hold a pooled connection while the
/// one it waits for needs more (12 at once emptied the pool).
///
/// # Errors
/// Any database error.
pub async fn try_lock_account(tx: &mut PgConnection, account_id: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as "locked!""#,
        lock_key(account_id),
    )
    .fetch_one(tx)
    .await
}

/// Which of `numbers` the account has: its DIDs in the routing snapshot
/// (Kazoo's phone numbers, whatever their state).
///
/// # Errors
/// Any database error.
pub async fn account_numbers(
    db: &PgPool,
    account_id: &str,
    numbers: &[String],
) -> sqlx::Result<HashSet<String>> {
    Ok(sqlx::query_scalar!(
        r#"select number from routed_number
            where account_id = $1 and number = any($2) and number_state is not null"#,
        account_id,
        numbers,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .collect())
}

/// A number some draft of the account routes.
#[derive(Debug, Clone)]
pub struct Drafted {
    pub number: String,
    pub draft_id: Uuid,
    pub name: String,
}

/// The drafts that route any of `numbers`.
///
/// # Errors
/// Any database error.
pub async fn drafts_with(
    db: &PgPool,
    account_id: &str,
    numbers: &[String],
) -> sqlx::Result<Vec<Drafted>> {
    sqlx::query_as!(
        Drafted,
        r#"select n.number, d.draft_id, d.name from draft_number n
             join draft d on d.draft_id = n.draft_id
            where n.account_id = $1 and n.number = any($2)
            order by d.created_at, n.number"#,
        account_id,
        numbers,
    )
    .fetch_all(db)
    .await
}

/// A number a live Kazoo callflow routes (by the number itself) that no
/// draft of the account is: syncing a new draft with it would conflict.
#[derive(Debug, Clone)]
pub struct RoutedElsewhere {
    pub number: String,
    pub callflow_id: String,
    pub callflow_name: Option<String>,
}

/// Which of `numbers` a callflow of the routing snapshot routes by
/// number (not by a pattern) when that callflow is no draft's.
///
/// # Errors
/// Any database error.
pub async fn routed_elsewhere(
    db: &PgPool,
    account_id: &str,
    numbers: &[String],
) -> sqlx::Result<Vec<RoutedElsewhere>> {
    sqlx::query_as!(
        RoutedElsewhere,
        r#"select r.number, r.callflow_id as "callflow_id!", r.callflow_name
             from routed_number r
            where r.account_id = $1 and r.number = any($2) and r.callflow_id is not null
              and coalesce(r.route_via, 'number') = 'number'
              and not exists (select 1 from draft d
                               where d.account_id = r.account_id and d.kazoo_id = r.callflow_id)
            order by r.number"#,
        account_id,
        numbers,
    )
    .fetch_all(db)
    .await
}
