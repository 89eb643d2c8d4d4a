//! API tokens: made by an admin in the UI, shown once, stored as SHA-256.

use sha2::{Digest, Sha256};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use super::model::ApiTokenView;
use crate::session::Caller;

/// Prefix of every token, so leaked ones are easy to recognise.
const PREFIX: &str = "pct_";

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates a token for the caller's account; returns it (the only time it
/// is seen).
///
/// # Errors
/// Any database error.
pub async fn create(
    db: &PgPool,
    caller: &Caller,
    account_name: &str,
    name: &str,
) -> sqlx::Result<String> {
    let token = format!(
        "{PREFIX}{}{}",
        Uuid::new_v4().simple(),
        Uuid::new_v4().simple()
    );
    sqlx::query!(
        r#"insert into api_token (account_id, account_name, name, token_hash, created_by)
           values ($1, $2, $3, $4, $5)"#,
        caller.account_id,
        account_name,
        name,
        hash(&token),
        caller.actor,
    )
    .execute(db)
    .await?;
    Ok(token)
}

/// The caller a token stands for, if it is valid; marks it used.
///
/// # Errors
/// Any database error.
pub async fn authenticate(db: &PgPool, token: &str) -> sqlx::Result<Option<Caller>> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    /// The account and name of a valid token.
    struct Owner {
        account_id: String,
        name: String,
    }
    let owner = sqlx::query_as!(
        Owner,
        r#"update api_token set last_used_at = now() where token_hash = $1
           returning account_id, name"#,
        hash(token),
    )
    .fetch_optional(db)
    .await?;
    Ok(owner.map(|o| Caller {
        account_id: o.account_id,
        actor: format!("API token “{}”", o.name),
        token: None,
    }))
}

/// An `api_token` row, without the hash.
struct TokenRow {
    api_token_id: Uuid,
    name: String,
    created_by: String,
    created_at: OffsetDateTime,
    last_used_at: Option<OffsetDateTime>,
}

impl From<TokenRow> for ApiTokenView {
    fn from(row: TokenRow) -> Self {
        Self {
            id: row.api_token_id.to_string(),
            name: row.name,
            created_by: row.created_by,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        }
    }
}

/// The account's tokens (never the secrets).
///
/// # Errors
/// Any database error.
pub async fn list(db: &PgPool, account_id: &str) -> sqlx::Result<Vec<ApiTokenView>> {
    let rows = sqlx::query_as!(
        TokenRow,
        r#"select api_token_id, name, created_by, created_at, last_used_at
             from api_token where account_id = $1 order by created_at desc"#,
        account_id,
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(ApiTokenView::from).collect())
}

/// Revokes a token of the account.
///
/// # Errors
/// Any database error.
pub async fn revoke(db: &PgPool, account_id: &str, id: Uuid) -> sqlx::Result<bool> {
    let done = sqlx::query!(
        "delete from api_token where account_id = $1 and api_token_id = $2",
        account_id,
        id,
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
