//! Postgres access for Numbers Routing: the routing snapshot, with each
//! number's draft state.

use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};

use super::{drafts::store::STATE_SQL, routing::PivotNode};
use crate::model::{
    document_numbers, DraftMark, DraftState, NumberRow, NumbersPage, NumbersQuery, Route,
};

/// A `routed_number` row as stored.
#[derive(sqlx::FromRow)]
struct RoutedNumberRow {
    number: String,
    number_state: Option<String>,
    route_kind: String,
    callflow_id: Option<String>,
    callflow_name: Option<String>,
    voice_url: Option<String>,
    pivot_method: Option<String>,
    req_format: Option<String>,
    draft_id: Option<uuid::Uuid>,
    draft_state: Option<String>,
}

impl From<RoutedNumberRow> for NumberRow {
    fn from(r: RoutedNumberRow) -> Self {
        let callflow_id = r.callflow_id.unwrap_or_default();
        let route = match r.route_kind.as_str() {
            "pivot" => Route::Pivot {
                callflow_id,
                callflow_name: r.callflow_name,
                voice_url: r.voice_url.unwrap_or_default(),
                method: r.pivot_method.unwrap_or_else(|| "get".to_owned()),
                req_format: r.req_format.unwrap_or_else(|| "kazoo".to_owned()),
            },
            "callflow" => Route::Callflow {
                callflow_id,
                callflow_name: r.callflow_name,
            },
            _ => Route::NotRouted,
        };
        let draft = r.draft_id.map(|id| DraftMark {
            id: id.to_string(),
            state: r
                .draft_state
                .as_deref()
                .and_then(DraftState::parse)
                .unwrap_or(DraftState::Draft),
        });
        Self {
            number: r.number,
            state: r.number_state,
            route,
            draft,
        }
    }
}

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

/// One page of the account's numbers matching `query`, ordered by number.
///
/// # Errors
/// Any database error.
pub async fn fetch_numbers_page(
    db: &PgPool,
    account_id: &str,
    query: &NumbersQuery,
) -> sqlx::Result<NumbersPage> {
    // The search is a plain substring match (strpos), so `%` or `_` typed
    // by an admin mean themselves.
    const MATCHES: &str = r#"($2 = '' or strpos(search_text, $2) > 0)
        and ($3 = 'all' or route_kind = $3)
        and ($4 = 'all' or coalesce(draft_state, 'none') = $4)"#;
    let search = query.search.trim().to_lowercase();
    let route = query.route.key();
    let draft = query.draft.map_or("all", DraftState::key);
    let page = query.page.max(1);
    let size = i64::from(NumbersQuery::PAGE_SIZE);
    // Each number's draft: the newest that routes it (by number) or edits
    // its live callflow. Computed once for the account and hash-joined (a
    // per-number lateral look-up took seconds at 10,000 numbers and 200
    // drafts; see BENCHMARKS.md).
    let marks = format!(
        "(select distinct on (number) number, draft_id, draft_state
            from (select n.number, d.draft_id, d.updated_at, {STATE_SQL} as draft_state
                    from draft d join draft_number n on n.draft_id = d.draft_id
                   where d.account_id = $1
                  union all
                  select l.number, d.draft_id, d.updated_at, {STATE_SQL}
                    from draft d
                    join routed_number l
                      on l.account_id = d.account_id and l.callflow_id = d.kazoo_id
                   where d.account_id = $1) marks
           order by number, updated_at desc) m"
    );
    // Only a draft-state filter needs every number's mark before paging;
    // otherwise just the page's 50 rows are joined to them.
    let numbers = if query.draft.is_some() {
        format!(
            "(select r.*, m.draft_state from routed_number r
               left join {marks} on m.number = r.number
              where r.account_id = $1) numbers"
        )
    } else {
        "(select r.*, null::text as draft_state from routed_number r
           where r.account_id = $1) numbers"
            .to_owned()
    };

    // language=PostgreSQL
    let counts_sql = format!(
        "select count(*) filter (where {MATCHES}), count(*),
                (select to_char(refreshed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI')
                   from account_snapshot where account_id = $1)
           from {numbers}"
    );
    let (total, account_total, refreshed_at): (i64, i64, Option<String>) =
        sqlx::query_as(&counts_sql)
            .bind(account_id)
            .bind(&search)
            .bind(route)
            .bind(draft)
            .fetch_one(db)
            .await?;

    // language=PostgreSQL
    let rows_sql = format!(
        "select p.number, p.number_state, p.route_kind, p.callflow_id, p.callflow_name,
                p.voice_url, p.pivot_method, p.req_format, m.draft_id, m.draft_state
           from (select * from {numbers}
                  where {MATCHES}
                  order by number
                  limit $5 offset $6) p
           left join {marks} on m.number = p.number
          order by p.number"
    );
    let rows: Vec<RoutedNumberRow> = sqlx::query_as(&rows_sql)
        .bind(account_id)
        .bind(&search)
        .bind(route)
        .bind(draft)
        .bind(size)
        .bind(i64::from(page - 1) * size)
        .fetch_all(db)
        .await?;

    Ok(NumbersPage {
        rows: rows.into_iter().map(NumberRow::from).collect(),
        total: u64::try_from(total).unwrap_or_default(),
        account_total: u64::try_from(account_total).unwrap_or_default(),
        query: NumbersQuery {
            page,
            ..query.clone()
        },
        refreshed_at,
    })
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
    live: Option<(&str, &Value)>,
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
        let numbers = document_numbers(doc);
        let pivot = PivotNode::from_callflow(doc);
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
        .bind(doc["name"].as_str())
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
