//! Postgres access for Numbers Routing: the routing snapshot, with each
//! number's draft state. `db/search.rs` holds the query behind a page.

mod search;

use sqlx::{PgPool, Postgres, Transaction};

pub use search::fetch_numbers_page;

use super::{
    model::{NumberRow, Route},
    refresh::PivotNode,
};

/// Column values of one row, in `routed_number` order.
fn columns(row: &NumberRow) -> [Option<String>; 6] {
    let text = |s: &str| Some(s.to_owned());
    match &row.route {
        Route::Pivot {
            callflow_id,
            callflow_name,
            voice_url,
            method,
            req_format,
        } => [
            text("pivot"),
            text(callflow_id),
            callflow_name.clone(),
            text(voice_url),
            text(method),
            text(req_format),
        ],
        Route::Callflow {
            callflow_id,
            callflow_name,
        } => [
            text("callflow"),
            text(callflow_id),
            callflow_name.clone(),
            None,
            None,
            None,
        ],
        Route::NotRouted => [text("none"), None, None, None, None, None],
    }
}

/// Replaces the account's snapshot with `rows`, in one transaction.
///
/// # Errors
/// Any database error; the old snapshot is then kept.
pub async fn replace_snapshot(
    db: &PgPool,
    account_id: &str,
    rows: &[NumberRow],
) -> sqlx::Result<()> {
    let mut tx: Transaction<'_, Postgres> = db.begin().await?;
    // language=PostgreSQL
    sqlx::query(
        r#"insert into account_snapshot (account_id) values ($1)
           on conflict (account_id) do update set refreshed_at = now()"#,
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("delete from routed_number where account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let mut cols: [Vec<Option<String>>; 8] = Default::default();
    for row in rows {
        cols[0].push(Some(row.number.clone()));
        cols[1].push(row.state.clone());
        for (i, value) in columns(row).into_iter().enumerate() {
            cols[i + 2].push(value);
        }
    }
    let [number, state, kind, cf_id, cf_name, url, method, format] = cols;
    // language=PostgreSQL
    sqlx::query(
        r#"insert into routed_number (account_id, number, number_state, route_kind, callflow_id,
                                      callflow_name, voice_url, pivot_method, req_format)
           select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                    $7::text[], $8::text[], $9::text[])"#,
    )
    .bind(account_id)
    .bind(number)
    .bind(state)
    .bind(kind)
    .bind(cf_id)
    .bind(cf_name)
    .bind(url)
    .bind(method)
    .bind(format)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // Fresh statistics for the planner: a refresh can replace thousands of
    // rows at once, long before autovacuum would notice.
    if let Err(e) = sqlx::query("analyze routed_number").execute(db).await {
        tracing::warn!(error = %e, "analyze after the routing refresh failed");
    }
    Ok(())
}

/// Updates the snapshot after a sync: the numbers `previous_id` routed
/// lose that route, and the numbers of the live document (`id`, `doc`)
/// get it. Does nothing until the account has a snapshot.
///
/// # Errors
/// Any database error.
pub async fn route_callflow(
    db: &PgPool,
    account_id: &str,
    previous_id: Option<&str>,
    live: Option<(&str, &kazoo::callflow::Callflow)>,
) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    for id in [previous_id, live.map(|(id, _)| id)].into_iter().flatten() {
        // language=PostgreSQL
        sqlx::query(
            r#"delete from routed_number
                where account_id = $1 and callflow_id = $2 and number_state is null"#,
        )
        .bind(account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // language=PostgreSQL
        sqlx::query(
            r#"update routed_number set route_kind = 'none', callflow_id = null,
                      callflow_name = null, voice_url = null, pivot_method = null, req_format = null
                where account_id = $1 and callflow_id = $2"#,
        )
        .bind(account_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    if let Some((id, doc)) = live {
        let numbers = doc.numbers();
        let pivot = PivotNode::from_callflow(&doc.to_value());
        let kind = if pivot.is_some() { "pivot" } else { "callflow" };
        // language=PostgreSQL
        sqlx::query(
            r#"insert into routed_number (account_id, number, route_kind, callflow_id, callflow_name,
                                          voice_url, pivot_method, req_format)
               select $1, n, $3, $4, $5, $6, $7, $8 from unnest($2::text[]) as n
                where exists (select 1 from account_snapshot where account_id = $1)
               on conflict (account_id, number) do update
                  set route_kind = excluded.route_kind, callflow_id = excluded.callflow_id,
                      callflow_name = excluded.callflow_name, voice_url = excluded.voice_url,
                      pivot_method = excluded.pivot_method, req_format = excluded.req_format"#,
        )
        .bind(account_id)
        .bind(numbers)
        .bind(kind)
        .bind(id)
        .bind(doc.name.as_deref())
        .bind(pivot.as_ref().map(|p| p.voice_url.as_str()))
        .bind(pivot.as_ref().map(|p| p.method.as_str()))
        .bind(pivot.as_ref().map(|p| p.req_format.as_str()))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Numbers of the account that nothing routes and no draft claims (in
/// service DIDs), for the form's picker; at most 500.
///
/// # Errors
/// Any database error.
pub async fn fetch_free_numbers(db: &PgPool, account_id: &str) -> sqlx::Result<Vec<String>> {
    // language=PostgreSQL
    sqlx::query_scalar(
        r#"select r.number from routed_number r
            where r.account_id = $1 and r.route_kind = 'none' and r.number_state = 'in_service'
              and not exists (select 1 from draft_number n
                               where n.account_id = $1 and n.number = r.number)
            order by r.number limit 500"#,
    )
    .bind(account_id)
    .fetch_all(db)
    .await
}
