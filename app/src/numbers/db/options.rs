//! The account's numbers for the number picker, with the callflow that
//! answers each now.

use sqlx::PgPool;

use crate::numbers::model::{NumberOption, NumberOptions, UsedBy, Via};

/// The account's numbers (its DIDs, not extensions), the first
/// [`NumberOptions::MAX`] in order, each with what answers it now as the
/// routing snapshot has it; and how many there are.
///
/// # Errors
/// Any database error.
pub async fn number_options(db: &PgPool, account_id: &str) -> sqlx::Result<NumberOptions> {
    let mut conn = db.acquire().await?;
    let rows = sqlx::query!(
        r#"select number, route_kind, callflow_id, callflow_name, route_via, matched_pattern
             from routed_number
            where account_id = $1 and number_state is not null
            order by number limit $2"#,
        account_id,
        NumberOptions::MAX as i64,
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = sqlx::query_scalar!(
        r#"select count(*) as "total!" from routed_number
            where account_id = $1 and number_state is not null"#,
        account_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    let options = rows
        .into_iter()
        .map(|r| {
            let used_by = (r.route_kind != "none").then(|| UsedBy {
                callflow: r.callflow_name.or(r.callflow_id).unwrap_or_default(),
                via: match (r.route_via.as_deref(), r.matched_pattern) {
                    (Some("pattern"), Some(pattern)) => Via::Pattern(pattern),
                    (Some("no_match"), _) => Via::NoMatch,
                    _ => Via::Number,
                },
            });
            NumberOption {
                number: r.number,
                used_by,
            }
        })
        .collect();
    Ok(NumberOptions {
        options,
        total: u64::try_from(total).unwrap_or_default(),
    })
}
