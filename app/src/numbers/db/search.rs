//! The query behind a Numbers Routing page: search, filters, draft marks
//! and paging, all in Postgres.

use sqlx::PgPool;
use time::OffsetDateTime;

use crate::{
    drafts::model::DraftState,
    numbers::model::{DraftMark, NumberRow, NumbersPage, NumbersQuery, Route, Via},
};

/// A `routed_number` row as stored, with its draft mark.
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
    route_via: Option<String>,
    matched_pattern: Option<String>,
    entry_module: Option<String>,
    entry_summary: Option<String>,
    skipped_modules: Vec<String>,
    draft_id: Option<uuid::Uuid>,
    draft_state: Option<DraftState>,
}

impl From<RoutedNumberRow> for NumberRow {
    fn from(r: RoutedNumberRow) -> Self {
        let route = if r.route_kind == "none" {
            Route::NotRouted
        } else {
            let entry = super::stored::entry_from_columns(
                r.route_kind == "pivot",
                r.entry_module,
                r.entry_summary,
                r.voice_url,
                r.pivot_method,
                r.req_format,
            );
            let via = match (r.route_via.as_deref(), r.matched_pattern) {
                (Some("pattern"), Some(pattern)) => Via::Pattern(pattern),
                (Some("no_match"), _) => Via::NoMatch,
                _ => Via::Number,
            };
            Route::Routed {
                callflow_id: r.callflow_id.unwrap_or_default(),
                callflow_name: r.callflow_name,
                via,
                entry,
                skipped: r.skipped_modules,
            }
        };
        let draft = r.draft_id.map(|id| DraftMark {
            id: id.to_string(),
            state: r.draft_state.unwrap_or(DraftState::Draft),
        });
        Self {
            number: r.number,
            state: r.number_state,
            route,
            draft,
        }
    }
}

/// The counts above a page, and the snapshot's age.
#[derive(sqlx::FromRow)]
struct Counts {
    /// Rows matching the query.
    total: i64,
    /// Rows of the account.
    account_total: i64,
    /// `None` when the account has no snapshot yet.
    refreshed_at: Option<OffsetDateTime>,
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
    // by an admin mean themselves; a number typed with spaces, dashes or
    // brackets is also looked for as its digits ($5).
    const MATCHES: &str = r#"($2 = '' or strpos(search_text, $2) > 0
             or ($5 <> '' and strpos(number, $5) > 0))
        and ($3 = 'all' or route_kind = $3)
        and ($4 = 'all' or coalesce(draft_state::text, 'none') = $4)"#;
    let search = query.search.trim().to_lowercase();
    let digits = kazoo::numbers::clean(&search);
    let digits = if digits
        .trim_start_matches('+')
        .bytes()
        .all(|b| b.is_ascii_digit())
    {
        digits
    } else {
        String::new()
    };
    let route = query.route.key();
    let draft = query.draft.map_or("all", DraftState::key);
    let page = query.page.max(1);
    let size = i64::from(NumbersQuery::PAGE_SIZE);
    // Each number's draft: the newest that routes it (by number) or edits
    // its live callflow. Computed once for the account and hash-joined (a
    // per-number lateral look-up took seconds at 10,000 numbers and 200
    // drafts; see BENCHMARKS.md).
    let marks = "(select distinct on (number) number, draft_id, draft_state
            from (select n.number, d.draft_id, d.updated_at, d.state as draft_state
                    from draft_status d join draft_number n on n.draft_id = d.draft_id
                   where d.account_id = $1
                  union all
                  select l.number, d.draft_id, d.updated_at, d.state
                    from draft_status d
                    join routed_number l
                      on l.account_id = d.account_id and l.callflow_id = d.kazoo_id
                   where d.account_id = $1) marks
           order by number, updated_at desc) m";
    // Only a draft-state filter needs every number's mark before paging;
    // otherwise just the page's 50 rows are joined to them.
    let numbers = if query.draft.is_some() {
        format!(
            "(select r.*, m.draft_state from routed_number r
               left join {marks} on m.number = r.number
              where r.account_id = $1) numbers"
        )
    } else {
        "(select r.*, null::draft_state as draft_state from routed_number r
           where r.account_id = $1) numbers"
            .to_owned()
    };

    // language=PostgreSQL
    let counts_sql = format!(
        "select count(*) filter (where {MATCHES}) as total, count(*) as account_total,
                (select refreshed_at from account_snapshot where account_id = $1) as refreshed_at
           from {numbers}"
    );
    let counts: Counts = sqlx::query_as(&counts_sql)
        .bind(account_id)
        .bind(&search)
        .bind(route)
        .bind(draft)
        .bind(&digits)
        .fetch_one(db)
        .await?;

    // language=PostgreSQL
    let rows_sql = format!(
        "select p.number, p.number_state, p.route_kind, p.callflow_id, p.callflow_name,
                p.voice_url, p.pivot_method, p.req_format, p.route_via, p.matched_pattern,
                p.entry_module, p.entry_summary, p.skipped_modules, m.draft_id, m.draft_state
           from (select * from {numbers}
                  where {MATCHES}
                  order by number
                  limit $6 offset $7) p
           left join {marks} on m.number = p.number
          order by p.number"
    );
    let rows: Vec<RoutedNumberRow> = sqlx::query_as(&rows_sql)
        .bind(account_id)
        .bind(&search)
        .bind(route)
        .bind(draft)
        .bind(&digits)
        .bind(size)
        .bind(i64::from(page - 1) * size)
        .fetch_all(db)
        .await?;

    Ok(NumbersPage {
        rows: rows.into_iter().map(NumberRow::from).collect(),
        total: u64::try_from(counts.total).unwrap_or_default(),
        account_total: u64::try_from(counts.account_total).unwrap_or_default(),
        query: NumbersQuery {
            page,
            ..query.clone()
        },
        refreshed_at: counts.refreshed_at,
    })
}
