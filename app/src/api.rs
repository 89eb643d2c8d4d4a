//! Server functions: the browser's only way into server data. Each one
//! checks the session first (`require_user`), as the guard in front of
//! `/api` does too.

use leptos::server;

use crate::{error::AppError, model::ApiTokensPage};

/// The API tokens page: the account's tokens, and one made just now.
#[server(endpoint = "api-tokens/list")]
pub async fn get_api_tokens() -> Result<ApiTokensPage, AppError> {
    use crate::{error::with_status, session, ssr::api_tokens, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::Unauthenticated)?;
            api_tokens::load(&state, &session, &user.account_id).await
        }
        .await,
    )
}
