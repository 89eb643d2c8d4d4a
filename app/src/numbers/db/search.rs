//! The query behind a Numbers Routing page: search, filters, draft marks,
//! paging and the counts above the table, in one round trip to Postgres.
//!
//! The statement holds only the conditions the query uses, so each shape
//! gets its own plan: an unfiltered page walks the primary key, a search
//! uses the trigram index (`routed_number_search`), a route filter its
//! index. The counts come from the snapshot (`account_snapshot`'s counts
//! per route kind, kept by triggers) unless a search or a draft filter
//! asks for a count of its own.

use sqlx::{PgPool, Postgres, QueryBuilder};
use time::OffsetDateTime;

use crate::{
    drafts::model::DraftState,
    numbers::model::{DraftMark, NumberRow, NumbersPage, NumbersQuery, Route, RouteFilter, Via},
};

/// One row of the page's answer: the counts (on every row), and a
/// `routed_number` row with its draft mark (all `None` on the single row
/// of an empty page).
#[derive(sqlx::FromRow)]
struct PageRow {
    /// `None` when the account has no snapshot yet.
    refreshed_at: Option<OffsetDateTime>,
    /// Rows of the account.
    account_total: Option<i64>,
    /// Rows matching the query.
    total: Option<i64>,
    number: Option<String>,
    number_state: Option<String>,
    route_kind: Option<String>,
    callflow_id: Option<String>,
    callflow_name: Option<String>,
    voice_url: Option<String>,
    pivot_method: Option<String>,
    req_format: Option<String>,
    route_via: Option<String>,
    matched_pattern: Option<String>,
    entry_module: Option<String>,
    entry_summary: Option<String>,
    skipped_modules: Option<Vec<String>>,
    draft_id: Option<uuid::Uuid>,
    draft_state: Option<DraftState>,
}

impl PageRow {
    fn into_number_row(self) -> Option<NumberRow> {
        let number = self.number?;
        let route = if self.route_kind.as_deref() == Some("none") {
            Route::NotRouted
        } else {
            let entry = super::stored::entry_from_columns(
                self.route_kind.as_deref() == Some("pivot"),
                self.entry_module,
                self.entry_summary,
                self.voice_url,
                self.pivot_method,
                self.req_format,
            );
            let via = match (self.route_via.as_deref(), self.matched_pattern) {
                (Some("pattern"), Some(pattern)) => Via::Pattern(pattern),
                (Some("no_match"), _) => Via::NoMatch,
                _ => Via::Number,
            };
            Route::Routed {
                callflow_id: self.callflow_id.unwrap_or_default(),
                callflow_name: self.callflow_name,
                via,
                entry,
                skipped: self.skipped_modules.unwrap_or_default(),
            }
        };
        let draft = self.draft_id.map(|id| DraftMark {
            id: id.to_string(),
            state: self.draft_state.unwrap_or(DraftState::Draft),
        });
        Some(NumberRow {
            number,
            state: self.number_state,
            route,
            draft,
        })
    }
}

/// Each number's draft over the whole account: the newest that routes it
/// (by number) or edits its live callflow. Only a draft-state filter needs
/// it (a page joins its own rows' marks, [`PAGE_MARK`]); it is computed
/// once and hash-joined (a per-number look-up over every number took
/// seconds at 10,000 numbers and 200 drafts; see BENCHMARKS.md).
const ACCOUNT_MARKS: &str = "marks as (
    select distinct on (number) number, draft_id, draft_state
      from (select n.number, d.draft_id, d.updated_at, d.state as draft_state
              from draft_status d join draft_number n on n.draft_id = d.draft_id
             where d.account_id = $1
            union all
            select l.number, d.draft_id, d.updated_at, d.state
              from draft_status d
              join routed_number l on l.account_id = d.account_id and l.callflow_id = d.kazoo_id
             where d.account_id = $1) marks
     order by number, updated_at desc)";

/// The mark of one page row `p`, by index look-ups.
const PAGE_MARK: &str = "left join lateral (
    select draft_id, draft_state
      from (select d.draft_id, d.updated_at, d.state as draft_state
              from draft_number n join draft_status d on d.draft_id = n.draft_id
             where n.account_id = $1 and n.number = p.number and d.account_id = $1
            union all
            select d.draft_id, d.updated_at, d.state
              from draft_status d
             where d.account_id = $1 and d.kazoo_id = p.callflow_id) marks
     order by updated_at desc
     limit 1) m on true";

/// `text` as a `LIKE` pattern matching it anywhere, `%`, `_` and `\`
/// meaning themselves.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// What a query selects, ready for the statement.
struct Filters {
    /// Lower-cased search as a `LIKE` pattern, if any.
    search: Option<String>,
    /// The search's digits as a pattern, when it is a number typed with
    /// spaces, dashes or brackets.
    digits: Option<String>,
    route: RouteFilter,
    draft: Option<DraftState>,
}

impl Filters {
    fn of(query: &NumbersQuery) -> Self {
        let search = query.search.trim().to_lowercase();
        let digits = kazoo::numbers::clean(&search);
        let digits = (!digits.is_empty()
            && digits
                .trim_start_matches('+')
                .bytes()
                .all(|b| b.is_ascii_digit()))
        .then(|| contains_pattern(&digits));
        let search = (!search.is_empty()).then(|| contains_pattern(&search));
        Self {
            // Typed as digits already: the search finds them.
            digits: digits.filter(|d| Some(d) != search.as_ref()),
            search,
            route: query.route,
            draft: query.draft,
        }
    }

    /// `from …` of the matching rows as `r` (with `m`, their marks, under
    /// a draft filter) and `where …` of the search and route filter.
    fn push_matching(&self, sql: &mut QueryBuilder<'_, Postgres>) {
        match self.draft {
            None => sql.push(" from routed_number r where r.account_id = $1"),
            Some(DraftState::None) => sql.push(
                " from routed_number r left join marks m on m.number = r.number
                 where r.account_id = $1 and m.number is null",
            ),
            Some(state) => sql
                .push(
                    " from marks m join routed_number r
                        on r.account_id = $1 and r.number = m.number
                     where m.draft_state::text = ",
                )
                .push_bind(state.key()),
        };
        if let Some(search) = &self.search {
            // The search is a plain substring match, so `%` or `_` typed by
            // an admin mean themselves; a number typed with spaces, dashes
            // or brackets is also looked for as its digits, in the number.
            sql.push(" and (r.search_text like ")
                .push_bind(search.clone());
            if let Some(digits) = &self.digits {
                sql.push(" or (r.search_text like ")
                    .push_bind(digits.clone())
                    .push(" and r.number like ")
                    .push_bind(digits.clone())
                    .push(")");
            }
            sql.push(")");
        }
        if self.route != RouteFilter::All {
            sql.push(" and r.route_kind = ").push_bind(self.route.key());
        }
    }

    /// The count of matching rows: the snapshot's own when only the route
    /// filter (or nothing) applies.
    fn push_total(&self, sql: &mut QueryBuilder<'_, Postgres>) {
        if self.search.is_some() || self.draft.is_some() {
            sql.push("(select count(*)");
            self.push_matching(sql);
            sql.push(")");
            return;
        }
        sql.push(match self.route {
            RouteFilter::All => "s.account_total",
            RouteFilter::Pivot => "s.pivot_numbers",
            RouteFilter::Callflow => "s.callflow_numbers",
            RouteFilter::NotRouted => "s.unrouted_numbers",
        });
    }
}

/// One page of the account's numbers matching `query`, ordered by number,
/// with the counts above it and the snapshot's age, in one statement.
///
/// # Errors
/// Any database error.
pub async fn fetch_numbers_page(
    db: &PgPool,
    account_id: &str,
    query: &NumbersQuery,
) -> sqlx::Result<NumbersPage> {
    let filters = Filters::of(query);
    let page = query.page.max(1);
    let size = i64::from(NumbersQuery::PAGE_SIZE);

    let mut sql = QueryBuilder::<Postgres>::new("with ");
    // $1, named by every part of the statement.
    sql.push("account as (select ")
        .push_bind(account_id)
        .push("::text as id), ");
    if filters.draft.is_some() {
        sql.push(ACCOUNT_MARKS).push(", ");
    }
    // A search's matches, found once (the trigram index) for the count
    // and the page.
    let searched = filters.search.is_some() && filters.draft.is_none();
    if searched {
        sql.push("matched as materialized (select r.number");
        filters.push_matching(&mut sql);
        sql.push("), ");
    }
    sql.push(
        "s as (select refreshed_at, pivot_numbers, callflow_numbers, unrouted_numbers,
                      pivot_numbers + callflow_numbers + unrouted_numbers as account_total
                 from account_snapshot where account_id = $1),
         p as (",
    );
    if filters.draft.is_some() {
        sql.push("select r.*, m.draft_id, m.draft_state");
        filters.push_matching(&mut sql);
    } else if searched {
        sql.push(
            "select x.* from routed_number x
              where x.account_id = $1 and x.number in (select r.number from matched r",
        );
    } else {
        // The page's numbers first, from the index alone (a deep page
        // skips thousands of entries), then their rows.
        sql.push(
            "select x.* from routed_number x
              where x.account_id = $1 and x.number in (select r.number",
        );
        filters.push_matching(&mut sql);
    }
    // Written out, not bound: planned for a page of 50, the rows are
    // looked up by key (a bound limit is planned for a tenth of the table,
    // which reads all of it).
    sql.push(format_args!(
        " order by r.number limit {size} offset {}",
        i64::from(page - 1) * size
    ));
    if filters.draft.is_none() {
        sql.push(")");
    }
    sql.push(
        ")
         select s.refreshed_at, s.account_total, ",
    );
    if searched {
        sql.push("(select count(*) from matched)");
    } else {
        filters.push_total(&mut sql);
    }
    sql.push(
        " as total, p.number, p.number_state, p.route_kind, p.callflow_id, p.callflow_name,
                p.voice_url, p.pivot_method, p.req_format, p.route_via, p.matched_pattern,
                p.entry_module, p.entry_summary, p.skipped_modules,",
    );
    if filters.draft.is_some() {
        sql.push(" p.draft_id, p.draft_state from s left join p on true");
    } else {
        sql.push(" m.draft_id, m.draft_state from s left join p on true ")
            .push(PAGE_MARK);
    }
    sql.push(" order by p.number");

    let rows: Vec<PageRow> = sql.build_query_as().fetch_all(db).await?;
    let first = rows.first();
    let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok()).unwrap_or_default();
    let total = count(first.and_then(|r| r.total));
    let account_total = count(first.and_then(|r| r.account_total));
    let refreshed_at = first.and_then(|r| r.refreshed_at);
    Ok(NumbersPage {
        rows: rows
            .into_iter()
            .filter_map(PageRow::into_number_row)
            .collect(),
        total,
        account_total,
        query: NumbersQuery {
            page,
            ..query.clone()
        },
        refreshed_at,
    })
}
