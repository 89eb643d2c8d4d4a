//! The query behind a Drafts page: the account's drafts, searched by name
//! and number and paged in Postgres, last edited first.

use sqlx::PgPool;
use uuid::Uuid;

use crate::drafts::model::{DraftKind, DraftListItem, DraftState, DraftsPage, DraftsQuery};

/// What a search looks for: the text without case, and (when it reads
/// as a number typed with spaces, dashes or brackets) its digits.
fn needles(search: &str) -> (String, String) {
    let search = search.trim().to_lowercase();
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
    (search, digits)
}

/// One page of the account's drafts matching `query`, last edited first.
///
/// The search is a plain substring match (strpos: `%` and `_` mean
/// themselves) in the name (without case) and the numbers; a number typed
/// with spaces, dashes or brackets is also looked for as its digits.
///
/// # Errors
/// Any database error.
pub async fn fetch_drafts_page(
    db: &PgPool,
    account_id: &str,
    query: &DraftsQuery,
) -> sqlx::Result<DraftsPage> {
    let (search, digits) = needles(&query.search);
    let page = query.page.max(1);
    let size = i64::from(DraftsQuery::PAGE_SIZE);
    let mut conn = db.acquire().await?;
    let counts = sqlx::query!(
        r#"select count(*) filter (
                    where $2 = '' or strpos(lower(d.name), $2) > 0
                       or exists (select 1 from draft_number n
                                   where n.draft_id = d.draft_id
                                     and (strpos(lower(n.number), $2) > 0
                                          or ($3 <> '' and strpos(n.number, $3) > 0)))) as "total!",
                  count(*) as "account_total!"
             from draft d
            where d.account_id = $1"#,
        account_id,
        search,
        digits,
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query!(
        r#"select d.draft_id as "draft_id!", d.name as "name!", d.kind as "kind!: DraftKind",
                  d.state as "state!: DraftState", d.updated_by as "updated_by!",
                  d.updated_at as "updated_at!",
                  coalesce((select array_agg(n.number order by n.number) from draft_number n
                             where n.draft_id = d.draft_id), '{}') as "numbers!"
             from draft_status d
            where d.account_id = $1
              and ($2 = '' or strpos(lower(d.name), $2) > 0
                   or exists (select 1 from draft_number n
                               where n.draft_id = d.draft_id
                                 and (strpos(lower(n.number), $2) > 0
                                      or ($3 <> '' and strpos(n.number, $3) > 0))))
            order by d.updated_at desc, d.name, d.draft_id
            limit $4 offset $5"#,
        account_id,
        search,
        digits,
        size,
        i64::from(page - 1) * size,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(DraftsPage {
        rows: rows
            .into_iter()
            .map(|r| DraftListItem {
                id: r.draft_id.to_string(),
                name: r.name,
                kind: r.kind,
                numbers: r.numbers,
                state: r.state,
                updated_by: r.updated_by,
                updated_at: r.updated_at,
            })
            .collect(),
        total: u64::try_from(counts.total).unwrap_or_default(),
        account_total: u64::try_from(counts.account_total).unwrap_or_default(),
        query: DraftsQuery {
            page,
            ..query.clone()
        },
        flash: None,
    })
}

/// The ids of the account's drafts matching `search` (as
/// [`fetch_drafts_page`] matches), last edited first, at most `limit`:
/// what "Select all matching" on the Drafts page selects.
///
/// # Errors
/// Any database error.
pub async fn fetch_matching_ids(
    db: &PgPool,
    account_id: &str,
    search: &str,
    limit: i64,
) -> sqlx::Result<Vec<Uuid>> {
    let (search, digits) = needles(search);
    sqlx::query_scalar!(
        r#"select d.draft_id as "draft_id!"
             from draft d
            where d.account_id = $1
              and ($2 = '' or strpos(lower(d.name), $2) > 0
                   or exists (select 1 from draft_number n
                               where n.draft_id = d.draft_id
                                 and (strpos(lower(n.number), $2) > 0
                                      or ($3 <> '' and strpos(n.number, $3) > 0))))
            order by d.updated_at desc, d.name, d.draft_id
            limit $4"#,
        account_id,
        search,
        digits,
        limit,
    )
    .fetch_all(db)
    .await
}
