//! Postgres access for Numbers Routing: the routing snapshot (each
//! number's route, and the account's callflows as routing needs them),
//! kept up to date after a sync. `db/search.rs` holds the query behind a
//! page. Fixed queries are checked at compile time (`.sqlx/`).

mod search;

use std::collections::{BTreeSet, HashMap};

use kazoo::{callflow::Callflow, pivot::NumberFacts};
use serde::Serialize;
use sqlx::{types::Json, PgConnection, PgPool};

pub use search::fetch_numbers_page;

use super::{
    model::{Entry, NumberRow, Route, Via},
    routing::{RoutedCallflow, Router},
};

/// A `routed_number` row as written (through `jsonb_to_recordset`).
#[derive(Serialize)]
struct StoredNumber<'a> {
    number: &'a str,
    number_state: Option<&'a str>,
    route_kind: &'static str,
    callflow_id: Option<&'a str>,
    callflow_name: Option<&'a str>,
    voice_url: Option<&'a str>,
    pivot_method: Option<&'a str>,
    req_format: Option<&'a str>,
    route_via: Option<&'static str>,
    matched_pattern: Option<&'a str>,
    entry_module: Option<&'a str>,
    entry_summary: Option<&'a str>,
    skipped_modules: &'a [String],
}

/// The columns that say what runs first (`routed_number` and
/// `routed_callflow` share them).
struct EntryColumns<'a> {
    module: Option<&'a str>,
    summary: Option<&'a str>,
    voice_url: Option<&'a str>,
    method: Option<&'a str>,
    req_format: Option<&'a str>,
}

fn entry_columns(entry: &Entry) -> EntryColumns<'_> {
    match entry {
        Entry::Pivot {
            voice_url,
            method,
            req_format,
        } => EntryColumns {
            module: Some("pivot"),
            summary: None,
            voice_url: Some(voice_url),
            method: Some(method),
            req_format: Some(req_format),
        },
        Entry::Node { module, summary } => EntryColumns {
            module: Some(module),
            summary: Some(summary),
            voice_url: None,
            method: None,
            req_format: None,
        },
        Entry::Ends => EntryColumns {
            module: None,
            summary: None,
            voice_url: None,
            method: None,
            req_format: None,
        },
    }
}

impl<'a> StoredNumber<'a> {
    fn of(row: &'a NumberRow) -> Self {
        let mut stored = Self {
            number: &row.number,
            number_state: row.state.as_deref(),
            route_kind: row.route.kind(),
            callflow_id: None,
            callflow_name: None,
            voice_url: None,
            pivot_method: None,
            req_format: None,
            route_via: None,
            matched_pattern: None,
            entry_module: None,
            entry_summary: None,
            skipped_modules: &[],
        };
        if let Route::Routed {
            callflow_id,
            callflow_name,
            via,
            entry,
            skipped,
        } = &row.route
        {
            let entry = entry_columns(entry);
            stored.callflow_id = Some(callflow_id);
            stored.callflow_name = callflow_name.as_deref();
            stored.voice_url = entry.voice_url;
            stored.pivot_method = entry.method;
            stored.req_format = entry.req_format;
            stored.entry_module = entry.module;
            stored.entry_summary = entry.summary;
            stored.skipped_modules = skipped;
            (stored.route_via, stored.matched_pattern) = match via {
                Via::Number => (Some("number"), None),
                Via::Pattern(p) => (Some("pattern"), Some(p.as_str())),
                Via::NoMatch => (Some("no_match"), None),
            };
        }
        stored
    }
}

/// A `routed_callflow` row as written and read.
#[derive(Serialize)]
struct StoredCallflow<'a> {
    callflow_id: &'a str,
    name: Option<&'a str>,
    numbers: &'a [String],
    patterns: &'a [String],
    route_kind: &'static str,
    entry_module: Option<&'a str>,
    entry_summary: Option<&'a str>,
    voice_url: Option<&'a str>,
    pivot_method: Option<&'a str>,
    req_format: Option<&'a str>,
    skipped_modules: &'a [String],
}

impl<'a> StoredCallflow<'a> {
    fn of(c: &'a RoutedCallflow) -> Self {
        let entry = entry_columns(&c.entry);
        Self {
            callflow_id: &c.callflow_id,
            name: c.name.as_deref(),
            numbers: &c.numbers,
            patterns: &c.patterns,
            route_kind: if matches!(c.entry, Entry::Pivot { .. }) {
                "pivot"
            } else {
                "callflow"
            },
            entry_module: entry.module,
            entry_summary: entry.summary,
            voice_url: entry.voice_url,
            pivot_method: entry.method,
            req_format: entry.req_format,
            skipped_modules: &c.skipped,
        }
    }
}

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
    // Fresh statistics for the planner: a refresh can replace thousands of
    // rows at once, long before autovacuum would notice.
    if let Err(e) = sqlx::query!("analyze routed_number").execute(db).await {
        tracing::warn!(error = %e, "analyze after the routing refresh failed");
    }
    Ok(())
}

async fn insert_callflows(
    tx: &mut PgConnection,
    account_id: &str,
    callflows: &[RoutedCallflow],
) -> sqlx::Result<()> {
    let stored: Vec<StoredCallflow<'_>> = callflows.iter().map(StoredCallflow::of).collect();
    sqlx::query!(
        r#"insert into routed_callflow (account_id, callflow_id, name, numbers, patterns, route_kind,
                                        entry_module, entry_summary, voice_url, pivot_method,
                                        req_format, skipped_modules)
           select $1, c.callflow_id, c.name, c.numbers, c.patterns, c.route_kind, c.entry_module,
                  c.entry_summary, c.voice_url, c.pivot_method, c.req_format, c.skipped_modules
             from jsonb_to_recordset($2::jsonb) as c(callflow_id text, name text, numbers text[],
                  patterns text[], route_kind text, entry_module text, entry_summary text,
                  voice_url text, pivot_method text, req_format text, skipped_modules text[])"#,
        account_id,
        Json(&stored) as _,
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// Writes rows; a number already there keeps its Kazoo number state
/// unless the row brings one.
async fn upsert_numbers(
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
async fn fetch_callflows(
    db: &mut PgConnection,
    account_id: &str,
) -> sqlx::Result<Vec<RoutedCallflow>> {
    let rows = sqlx::query!(
        r#"select callflow_id, name, numbers, patterns, entry_module, entry_summary, voice_url,
                  pivot_method, req_format, skipped_modules
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
            entry: match (r.entry_module, r.entry_summary) {
                (Some(module), _) if module == "pivot" => Entry::Pivot {
                    voice_url: r.voice_url.unwrap_or_default(),
                    method: r.pivot_method.unwrap_or_else(|| "get".into()),
                    req_format: r.req_format.unwrap_or_else(|| "kazoo".into()),
                },
                (Some(module), summary) => Entry::Node {
                    summary: summary.unwrap_or_else(|| module.clone()),
                    module,
                },
                (None, _) => Entry::Ends,
            },
            skipped: r.skipped_modules,
        })
        .collect())
}

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

/// What the snapshot knows of each of `numbers`: whether the account owns
/// it, and what answers it now (routed over the account's callflows when
/// the number has no row). Empty facts before the first snapshot.
///
/// # Errors
/// Any database error.
pub async fn number_facts(
    db: &PgPool,
    account_id: &str,
    numbers: &[String],
) -> sqlx::Result<HashMap<String, NumberFacts>> {
    use kazoo::pivot::{NumberRoute, RouteVia};
    let mut conn = db.acquire().await?;
    let has_snapshot = sqlx::query_scalar!(
        "select account_id from account_snapshot where account_id = $1",
        account_id,
    )
    .fetch_optional(&mut *conn)
    .await?
    .is_some();
    if !has_snapshot || numbers.is_empty() {
        return Ok(HashMap::new());
    }
    let owned: BTreeSet<String> = sqlx::query_scalar!(
        r#"select number from routed_number
            where account_id = $1 and number = any($2) and number_state is not null"#,
        account_id,
        numbers,
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let callflows = fetch_callflows(&mut conn, account_id).await?;
    let router = Router::new(&callflows);
    Ok(numbers
        .iter()
        .map(|number| {
            let route = match router.route(number) {
                Route::Routed {
                    callflow_id,
                    callflow_name,
                    via,
                    ..
                } => Some(NumberRoute {
                    callflow_id,
                    callflow_name,
                    via: match via {
                        Via::Number => RouteVia::Number,
                        Via::Pattern(p) => RouteVia::Pattern(p),
                        Via::NoMatch => RouteVia::NoMatch,
                    },
                }),
                Route::NotRouted => None,
            };
            let facts = NumberFacts {
                owned: Some(owned.contains(number)),
                route,
            };
            (number.clone(), facts)
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
