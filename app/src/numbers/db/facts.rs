//! What the snapshot knows of numbers typed in a form: owned or not, and
//! what answers them now.

use std::collections::{BTreeSet, HashMap};

use kazoo::pivot::NumberFacts;
use sqlx::PgPool;

use super::fetch_callflows;
use crate::numbers::{model::Route, routing::NumberRouter};

/// What the snapshot knows of each of `numbers`: whether the account owns
/// it (a DID row), and what answers it now (routed over the account's
/// callflows as the snapshot has them). No facts before the first
/// snapshot.
///
/// # Errors
/// Any database error.
pub async fn number_facts(
    db: &PgPool,
    account_id: &str,
    numbers: &[String],
) -> sqlx::Result<HashMap<String, NumberFacts>> {
    use kazoo::pivot::NumberRoute;
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
    let router = NumberRouter::new(&callflows);
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
                    via,
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
