//! The API tokens page's server function (compiled for both targets; the
//! body runs on the server only).

use leptos::server;

use super::model::ApiTokensPage;
use crate::error::AppError;

/// The API tokens page: the account's tokens, and one made just now (when
/// rendered as the answer of the create POST).
#[server(endpoint = "api-tokens/list")]
pub async fn get_api_tokens() -> Result<ApiTokensPage, AppError> {
    use super::service;
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            service::load(&state, &user.account_id).await
        }
        .await,
    )
}
