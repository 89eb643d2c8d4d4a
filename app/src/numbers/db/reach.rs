//! The account's numbers one callflow answers now, however Kazoo finds
//! it (listed, by pattern, as the catch-all): what removing it affects.

use sqlx::PgPool;

use crate::numbers::model::Reach;

/// How many numbers [`Reach`] names at most (a catch-all may answer
/// thousands; the rest are counted).
pub const REACH_SHOWN: i64 = 20;

/// The numbers the snapshot routes to `callflow_id`, the first
/// [`REACH_SHOWN`] in order, and how many there are in all.
///
/// # Errors
/// Any database error.
pub async fn reach(db: &PgPool, account_id: &str, callflow_id: &str) -> sqlx::Result<Reach> {
    let mut conn = db.acquire().await?;
    let numbers = sqlx::query_scalar!(
        r#"select number from routed_number
            where account_id = $1 and callflow_id = $2
            order by number limit $3"#,
        account_id,
        callflow_id,
        REACH_SHOWN,
    )
    .fetch_all(&mut *conn)
    .await?;
    let total = sqlx::query_scalar!(
        r#"select count(*) as "total!" from routed_number
            where account_id = $1 and callflow_id = $2"#,
        account_id,
        callflow_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Reach { numbers, total })
}
