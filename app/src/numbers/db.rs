//! Postgres access for Numbers Routing: the routing snapshot (each
//! number's route, and the account's callflows as routing needs them),
//! kept up to date after a sync (`db/reroute.rs`), and what it knows of a
//! typed number (`db/facts.rs`). `db/search.rs` holds the query behind a
//! page, `db/status.rs` the refresh's status beside it. Fixed queries
//! are checked at compile time (`.sqlx/`).

mod facts;
mod options;
mod reach;
mod reroute;
mod search;
mod status;
mod stored;

use sqlx::{types::Json, PgConnection, PgPool};

pub use facts::number_facts;
pub use options::number_options;
pub use reach::{reach, REACH_SHOWN};
pub use reroute::route_callflow;
pub use search::fetch_numbers_page;
pub use status::refresh_status;
use stored::{StoredCallflow, StoredNumber};

use super::{model::NumberRow, routing::RoutedCallflow};

/// Replaces the account's snapshot with `callflows` and `rows`, in one
/// transaction.
///
/// # Errors
/// Any database error; the old snapshot is then kept.
pub async fn replace_snapshot(
    db: &PgPool,
    account_id: &str,
    callflows: &[RoutedCallflow],
    rows: &[NumberRow],
) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query!(
        r#"insert into account_snapshot (account_id) values ($1)
           on conflict (account_id) do update set refreshed_at = now()"#,
        account_id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "delete from routed_number where account_id = $1",
        account_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "delete from routed_callflow where account_id = $1",
        account_id
    )
    .execute(&mut *tx)
    .await?;
    insert_callflows(&mut tx, account_id, callflows).await?;
    upsert_numbers(&mut tx, account_id, rows).await?;
    tx.commit().await?;
    // Fresh statistics for the planner, the replaced rows' space back and
    // the visibility map set (so a page's numbers come from the index
    // alone): a refresh can replace thousands of rows at once, long before
    // autovacuum would notice. VACUUM runs outside any transaction.
    if let Err(e) = sqlx::raw_sql("vacuum (analyze, skip_locked) routed_number")
        .execute(db)
        .await
    {
        tracing::warn!(error = %e, "vacuum after the routing refresh failed");
    }
    Ok(())
}

pub(super) async fn insert_callflows(
    tx: &mut PgConnection,
    account_id: &str,
    callflows: &[RoutedCallflow],
) -> sqlx::Result<()> {
    let stored: Vec<StoredCallflow<'_>> = callflows.iter().map(StoredCallflow::of).collect();
    sqlx::query!(
        r#"insert into routed_callflow (account_id, callflow_id, name, numbers, patterns, route_kind,
                                        entry_module, entry_summary, voice_url, pivot_method,
                                        req_format, skipped_modules, modules)
           select $1, c.callflow_id, c.name, c.numbers, c.patterns, c.route_kind, c.entry_module,
                  c.entry_summary, c.voice_url, c.pivot_method, c.req_format, c.skipped_modules,
                  c.modules
             from jsonb_to_recordset($2::jsonb) as c(callflow_id text, name text, numbers text[],
                  patterns text[], route_kind text, entry_module text, entry_summary text,
                  voice_url text, pivot_method text, req_format text, skipped_modules text[],
                  modules text[])"#,
        account_id,
        Json(&stored) as _,
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Writes rows; a number already there keeps its Kazoo number state
/// unless the row brings one.
pub(super) async fn upsert_numbers(
    tx: &mut PgConnection,
    account_id: &str,
    rows: &[NumberRow],
) -> sqlx::Result<()> {
    let stored: Vec<StoredNumber<'_>> = rows.iter().map(StoredNumber::of).collect();
    sqlx::query!(
        r#"insert into routed_number (account_id, number, number_state, route_kind, callflow_id,
                                      callflow_name, voice_url, pivot_method, req_format, route_via,
                                      matched_pattern, entry_module, entry_summary, skipped_modules)
           select $1, r.number, r.number_state, r.route_kind, r.callflow_id, r.callflow_name,
                  r.voice_url, r.pivot_method, r.req_format, r.route_via, r.matched_pattern,
                  r.entry_module, r.entry_summary, r.skipped_modules
             from jsonb_to_recordset($2::jsonb) as r(number text, number_state text,
                  route_kind text, callflow_id text, callflow_name text, voice_url text,
                  pivot_method text, req_format text, route_via text, matched_pattern text,
                  entry_module text, entry_summary text, skipped_modules text[])
           on conflict (account_id, number) do update
              set number_state = coalesce(excluded.number_state, routed_number.number_state),
                  route_kind = excluded.route_kind, callflow_id = excluded.callflow_id,
                  callflow_name = excluded.callflow_name, voice_url = excluded.voice_url,
                  pivot_method = excluded.pivot_method, req_format = excluded.req_format,
                  route_via = excluded.route_via, matched_pattern = excluded.matched_pattern,
                  entry_module = excluded.entry_module, entry_summary = excluded.entry_summary,
                  skipped_modules = excluded.skipped_modules"#,
        account_id,
        Json(&stored) as _,
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// The account's callflows as the snapshot has them.
pub(super) async fn fetch_callflows(
    db: &mut PgConnection,
    account_id: &str,
) -> sqlx::Result<Vec<RoutedCallflow>> {
    let rows = sqlx::query!(
        r#"select callflow_id, name, numbers, patterns, route_kind, entry_module, entry_summary,
                  voice_url, pivot_method, req_format, skipped_modules, modules
             from routed_callflow where account_id = $1 order by callflow_id"#,
        account_id,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RoutedCallflow {
            callflow_id: r.callflow_id,
            name: r.name,
            numbers: r.numbers,
            patterns: r.patterns,
            entry: stored::entry_from_columns(
                r.route_kind == "pivot",
                r.entry_module,
                r.entry_summary,
                r.voice_url,
                r.pivot_method,
                r.req_format,
            ),
            skipped: r.skipped_modules,
            modules: r.modules,
        })
        .collect())
}

/// Numbers of the account that nothing routes and no draft claims (in
/// service DIDs), for the form's picker; at most 500.
///
/// # Errors
/// Any database error.
pub async fn fetch_free_numbers(db: &PgPool, account_id: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar!(
        r#"select r.number from routed_number r
            where r.account_id = $1 and r.route_kind = 'none' and r.number_state = 'in_service'
              and not exists (select 1 from draft_number n
                               where n.account_id = $1 and n.number = r.number)
            order by r.number limit 500"#,
        account_id,
    )
    .fetch_all(db)
    .await
}

/// Whether the account's routing has been read from Kazoo yet.
///
/// # Errors
/// Any database error.
pub async fn has_snapshot(db: &PgPool, account_id: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query_scalar!(
        "select account_id from account_snapshot where account_id = $1",
        account_id,
    )
    .fetch_optional(db)
    .await?
    .is_some())
}
