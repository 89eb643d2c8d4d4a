//! The query behind a Callflows page: the account's live callflows from
//! the routing snapshot (`routed_callflow`), searched and paged in
//! Postgres, each with its draft. Checked at compile time (`.sqlx/`).

use kazoo::callflow::Module;
use sqlx::PgPool;

use super::model::{CallflowRow, CallflowsPage, CallflowsQuery};
use crate::{drafts::model::DraftState, numbers::model::DraftMark};

/// One page of the account's callflows matching `query`, ordered by what
/// the list calls them (name, else first number), case aside.
///
/// The search is a plain substring match (strpos, so `%` and `_` mean
/// themselves) in the name, the numbers and the patterns, without case; a
/// number typed with spaces, dashes or brackets is also looked for as its
/// digits.
///
/// # Errors
/// Any database error.
pub async fn fetch_callflows_page(
    db: &PgPool,
    account_id: &str,
    query: &CallflowsQuery,
) -> sqlx::Result<CallflowsPage> {
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
    let page = query.page.max(1);
    let size = i64::from(CallflowsQuery::PAGE_SIZE);
    let mut conn = db.acquire().await?;
    let counts = sqlx::query!(
        r#"select count(*) filter (
                    where $2 = '' or strpos(lower(coalesce(c.name, '')), $2) > 0
                       or exists (select 1 from unnest(c.numbers || c.patterns) n
                                   where strpos(lower(n), $2) > 0
                                      or ($3 <> '' and strpos(n, $3) > 0))) as "total!",
                  count(*) as "account_total!",
                  (select refreshed_at from account_snapshot where account_id = $1) as refreshed_at
             from routed_callflow c
            where c.account_id = $1"#,
        account_id,
        search,
        digits,
    )
    .fetch_one(&mut *conn)
    .await?;
    let rows = sqlx::query!(
        r#"select c.callflow_id, c.name, c.numbers, c.patterns, c.modules,
                  d.draft_id as "draft_id?", d.state as "draft_state?: DraftState"
             from routed_callflow c
             left join lateral (
                  select s.draft_id, s.state from draft_status s
                   where s.account_id = c.account_id and s.kazoo_id = c.callflow_id
                   order by s.updated_at desc limit 1) d on true
            where c.account_id = $1
              and ($2 = '' or strpos(lower(coalesce(c.name, '')), $2) > 0
                   or exists (select 1 from unnest(c.numbers || c.patterns) n
                               where strpos(lower(n), $2) > 0
                                  or ($3 <> '' and strpos(n, $3) > 0)))
            order by lower(coalesce(nullif(btrim(c.name), ''), c.numbers[1], c.patterns[1],
                                    c.callflow_id)),
                     c.callflow_id
            limit $4 offset $5"#,
        account_id,
        search,
        digits,
        size,
        i64::from(page - 1) * size,
    )
    .fetch_all(&mut *conn)
    .await?;
    let rows = rows
        .into_iter()
        .map(|r| CallflowRow {
            callflow_id: r.callflow_id,
            name: r.name,
            numbers: r.numbers,
            patterns: r.patterns,
            modules: labels(r.modules),
            draft: r.draft_id.map(|id| DraftMark {
                id: id.to_string(),
                state: r.draft_state.unwrap_or(DraftState::Draft),
            }),
        })
        .collect();
    Ok(CallflowsPage {
        rows,
        total: u64::try_from(counts.total).unwrap_or_default(),
        account_total: u64::try_from(counts.account_total).unwrap_or_default(),
        query: CallflowsQuery {
            page,
            ..query.clone()
        },
        refreshed_at: counts.refreshed_at,
    })
}

/// Module names in plain words (`tts` → "Say"), each label once (`offnet`
/// and `resources` read the same).
fn labels(modules: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in modules {
        let label = Module::from_parts(name, None).label().to_owned();
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn modules_read_as_plain_words_once() {
        let names = ["menu", "tts", "offnet", "resources", "acdc_member"].map(str::to_owned);
        assert_eq!(
            super::labels(names.to_vec()),
            ["Menu", "Say", "Call out through carriers", "acdc_member"]
        );
    }
}
