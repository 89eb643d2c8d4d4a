//! Server functions: the browser's only way into server data. Each one
//! checks the session first (`require_user`), as the guard in front of
//! `/api` does too.

use leptos::server;

use crate::{
    error::AppError,
    model::{NumbersPage, NumbersQuery, SessionInfo},
};

/// Who is signed in and whether the app runs against the sandbox.
#[server(endpoint = "session/info")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    use crate::ssr::{session, state::AppState};
    let state = AppState::from_context()?;
    let user = session::request_user().await?;
    Ok(SessionInfo {
        user: user.map(|u| u.view(state.sandbox)),
        sandbox: state.sandbox,
    })
}

/// One page of Numbers Routing. Reads the routing snapshot, first taking
/// one from Kazoo when the account has none yet.
#[server(endpoint = "numbers/list")]
pub async fn list_numbers(query: NumbersQuery) -> Result<NumbersPage, AppError> {
    use crate::ssr::{db, routing, session, state::AppState, with_status};
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            let page = db::fetch_numbers_page(&state.db, &user.account_id, &query).await?;
            if page.refreshed_at.is_some() {
                return Ok(page);
            }
            // No snapshot for this account yet: take one from Kazoo.
            routing::refresh(&state, &user).await?;
            Ok(db::fetch_numbers_page(&state.db, &user.account_id, &query).await?)
        }
        .await,
    )
}
