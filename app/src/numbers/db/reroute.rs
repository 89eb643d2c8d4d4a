//! After a sync: the numbers whose route may have changed, routed again.

use std::collections::{BTreeSet, HashSet};

use kazoo::callflow::Callflow;
use sqlx::{PgConnection, PgPool};

use super::{fetch_callflows, insert_callflows, upsert_numbers};
use crate::numbers::{
    model::{NumberRow, Route},
    routing::{NumberRouter, RoutedCallflow},
};

/// Updates the snapshot after a sync changed one callflow: `previous_id`
/// (the draft's callflow before the sync) and the live document (`id`,
/// `doc`; `None` after a delete). Every number whose route may have
/// changed is routed again over the account's callflows: the callflow's
/// numbers before and after, and — when a pattern or the catch-all is
/// involved — every number not routed by its own number. A number that is
/// no DID of the account stays only while a callflow lists it, as a full
/// refresh would have it. Does nothing until the account has a snapshot.
///
/// # Errors
/// Any database error.
pub async fn route_callflow(
    db: &PgPool,
    account_id: &str,
    previous_id: Option<&str>,
    live: Option<(&str, &Callflow)>,
) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    // One recompute per account at a time; none without a snapshot.
    let snapshot = sqlx::query_scalar!(
        "select account_id from account_snapshot where account_id = $1 for update",
        account_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if snapshot.is_none() {
        return Ok(());
    }
    let touched: Vec<String> = [previous_id, live.map(|(id, _)| id)]
        .into_iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    let (before, mut callflows): (Vec<_>, Vec<_>) = fetch_callflows(&mut tx, account_id)
        .await?
        .into_iter()
        .partition(|c| touched.contains(&c.callflow_id));
    let after = live.map(|(id, doc)| RoutedCallflow::of(id, doc));
    let changed: Vec<&RoutedCallflow> = before.iter().chain(after.iter()).collect();
    let wide = changed.iter().any(|c| c.reaches_beyond_its_numbers());
    let listed_by_them: BTreeSet<String> = changed
        .iter()
        .flat_map(|c| c.numbers.iter().cloned())
        .collect();
    callflows.extend(after.clone());

    sqlx::query!(
        "delete from routed_callflow where account_id = $1 and callflow_id = any($2)",
        account_id,
        &touched,
    )
    .execute(&mut *tx)
    .await?;
    if let Some(after) = &after {
        insert_callflows(&mut tx, account_id, std::slice::from_ref(after)).await?;
    }
    let affected = affected_numbers(&mut tx, account_id, &touched, &listed_by_them, wide).await?;
    let (rows, gone) = route_again(&callflows, affected, listed_by_them);
    sqlx::query!(
        "delete from routed_number where account_id = $1 and number = any($2)",
        account_id,
        &gone,
    )
    .execute(&mut *tx)
    .await?;
    upsert_numbers(&mut tx, account_id, &rows).await?;
    tx.commit().await
}

/// A snapshot row's number and its Kazoo number state (`None`: no DID).
struct Affected {
    number: String,
    number_state: Option<String>,
}

/// The rows whose route may change: those of the touched callflows, the
/// numbers they list, and when `wide` every row not routed by its own
/// number (a pattern or the catch-all may now take or drop it).
async fn affected_numbers(
    tx: &mut PgConnection,
    account_id: &str,
    touched: &[String],
    listed: &BTreeSet<String>,
    wide: bool,
) -> sqlx::Result<Vec<Affected>> {
    sqlx::query_as!(
        Affected,
        r#"select number, number_state from routed_number
            where account_id = $1
              and (callflow_id = any($2) or number = any($3)
                   or ($4 and route_via is distinct from 'number'))"#,
        account_id,
        touched,
        &listed.iter().cloned().collect::<Vec<_>>(),
        wide,
    )
    .fetch_all(tx)
    .await
}

/// The affected numbers routed over `callflows`: the rows to write, and
/// the numbers to drop (no DID, and no callflow lists them any more).
/// Numbers a changed callflow lists that had no row yet get one.
fn route_again(
    callflows: &[RoutedCallflow],
    affected: Vec<Affected>,
    mut new: BTreeSet<String>,
) -> (Vec<NumberRow>, Vec<String>) {
    let router = NumberRouter::new(callflows);
    let listed: HashSet<&str> = callflows
        .iter()
        .flat_map(|c| c.numbers.iter().map(String::as_str))
        .collect();
    let mut rows = Vec::new();
    let mut gone = Vec::new();
    for row in affected {
        new.remove(&row.number);
        if row.number_state.is_none() && !listed.contains(row.number.as_str()) {
            gone.push(row.number);
            continue;
        }
        rows.push(NumberRow {
            route: router.route(&row.number),
            number: row.number,
            state: row.number_state,
            draft: None,
        });
    }
    for number in new.into_iter().filter(|n| listed.contains(n.as_str())) {
        rows.push(NumberRow {
            route: router.route(&number),
            number,
            state: None,
            draft: None,
        });
    }
    debug_assert!(rows
        .iter()
        .all(|r| r.state.is_some() || r.route != Route::NotRouted));
    (rows, gone)
}
