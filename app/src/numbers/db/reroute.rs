//! After a sync: the numbers whose route may have changed, routed again.

use std::collections::BTreeSet;

use kazoo::callflow::Callflow;
use sqlx::PgPool;

use super::{fetch_callflows, insert_callflows, upsert_numbers};
use crate::numbers::{
    model::{NumberRow, Route},
    routing::{RoutedCallflow, Router},
};

/// Updates the snapshot after a sync changed one callflow: `previous_id`
/// (the draft's callflow before the sync) and the live document (`id`,
/// `doc`; `None` after a delete). Every number whose route may have
/// changed is routed again over the account's callflows: the callflow's
/// numbers before and after, and — when a pattern or the catch-all is
/// involved — every number not routed by its own number. Does nothing
/// until the account has a snapshot.
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
    let mut callflows = fetch_callflows(&mut tx, account_id).await?;
    let (before, others): (Vec<_>, Vec<_>) = callflows
        .into_iter()
        .partition(|c| touched.contains(&c.callflow_id));
    callflows = others;
    let after = live.map(|(id, doc)| RoutedCallflow::of(id, doc));
    let wide = before
        .iter()
        .chain(after.iter())
        .any(RoutedCallflow::reaches_beyond_its_numbers);
    let mut listed: BTreeSet<String> = before
        .iter()
        .chain(after.iter())
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
    let affected = sqlx::query!(
        r#"select number, number_state from routed_number
            where account_id = $1
              and (callflow_id = any($2) or number = any($3)
                   or ($4 and route_via is distinct from 'number'))"#,
        account_id,
        &touched,
        &listed.iter().cloned().collect::<Vec<_>>(),
        wide,
    )
    .fetch_all(&mut *tx)
    .await?;
    let router = Router::new(&callflows);
    let mut rows = Vec::new();
    let mut gone = Vec::new();
    for row in affected {
        listed.remove(&row.number);
        let route = router.route(&row.number);
        // A number that is no DID only exists while a callflow lists it.
        if row.number_state.is_none() && route == Route::NotRouted {
            gone.push(row.number);
            continue;
        }
        rows.push(NumberRow {
            number: row.number,
            state: row.number_state,
            route,
            draft: None,
        });
    }
    // Numbers the callflow lists now that the snapshot did not have yet.
    for number in listed {
        let route = router.route(&number);
        if route != Route::NotRouted {
            rows.push(NumberRow {
                number,
                state: None,
                route,
                draft: None,
            });
        }
    }
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
