//! The API tokens page's data: the account's tokens, and the one made by
//! the last post (kept in the flash, so it is shown exactly once).

use tower_sessions::Session;

use super::{db, model::ApiTokensPage, PAGE};
use crate::{error::AppError, flash, flash::Flash, state::AppState};

/// The page's data: the tokens and a token just made (shown once).
///
/// # Errors
/// Database errors.
pub async fn load(
    state: &AppState,
    session: &Session,
    account_id: &str,
) -> Result<ApiTokensPage, AppError> {
    let flash = flash::take(session, PAGE).await.and_then(|f| f.message);
    let (new_token, error) = match flash {
        Some(Flash { text, error: false }) => (Some(text), None),
        Some(Flash { text, error: true }) => (None, Some(text)),
        None => (None, None),
    };
    Ok(ApiTokensPage {
        tokens: db::list(&state.db, account_id).await?,
        new_token,
        error,
    })
}
