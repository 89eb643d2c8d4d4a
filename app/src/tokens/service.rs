//! The API tokens page's data: the account's tokens, and the outcome of
//! the POST being answered (a token made just now, or why not), which the
//! create handler provides as context for that one render.

use super::{db, model::ApiTokensPage};
use crate::{error::AppError, state::AppState};

/// What the create POST did, for the page it answers with. Never stored.
#[derive(Debug, Clone, Default)]
pub struct Created {
    new_token: Option<String>,
    error: Option<String>,
}

impl Created {
    pub fn token(token: String) -> Self {
        Self {
            new_token: Some(token),
            error: None,
        }
    }

    pub fn refused(message: String) -> Self {
        Self {
            new_token: None,
            error: Some(message),
        }
    }
}

/// The page's data: the tokens, and a token just made (in the create
/// POST's answer only).
///
/// # Errors
/// Database errors.
pub async fn load(state: &AppState, account_id: &str) -> Result<ApiTokensPage, AppError> {
    let created = leptos::prelude::use_context::<Created>().unwrap_or_default();
    Ok(ApiTokensPage {
        tokens: db::list(&state.db, account_id).await?,
        new_token: created.new_token,
        error: created.error,
    })
}
