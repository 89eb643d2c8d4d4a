//! Server functions: the browser's only way into server data. Each one
//! checks the session first (`require_user`), as the guard in front of
//! `/api` does too.

use leptos::server;

use crate::{
    error::AppError,
    model::{ApiTokensPage, PivotFormData},
};

/// The pivot action form: a new one (`draft_id` none, `number` to start
/// with) or a draft, with the feedback of a refused post.
#[server(endpoint = "pivot/form")]
pub async fn get_pivot_form(
    draft_id: Option<String>,
    number: Option<String>,
) -> Result<PivotFormData, AppError> {
    use crate::{
        error::with_status,
        session::{self, Caller},
        ssr::pivot_form,
        state::AppState,
    };
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::Unauthenticated)?;
            let caller = Caller::from(&user);
            pivot_form::load(&state, &session, &caller, draft_id.as_deref(), number).await
        }
        .await,
    )
}

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
