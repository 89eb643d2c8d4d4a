//! Numbers Routing's server function (compiled for both targets; the body
//! runs on the server only).

use leptos::server;

use super::model::{NumbersPage, NumbersQuery};
use crate::error::AppError;

/// One page of Numbers Routing. Reads the routing snapshot, first taking
/// one from Kazoo when the account has none yet. A search Postgres could
/// not take (NUL) or too long is refused first (422, `search`).
#[server(endpoint = "numbers/list")]
pub async fn list_numbers(query: NumbersQuery) -> Result<NumbersPage, AppError> {
    use super::{db, refresh};
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            if let Some(problem) = query.search_problem() {
                return Err(AppError::Validation(
                    [("search".to_owned(), problem)].into(),
                ));
            }
            let state = AppState::from_context()?;
            let page = db::fetch_numbers_page(&state.db, &user.account_id, &query).await?;
            if page.refreshed_at.is_some() {
                return Ok(page);
            }
            // No snapshot for this account yet: take one from Kazoo.
            refresh::refresh(&state, &user).await?;
            Ok(db::fetch_numbers_page(&state.db, &user.account_id, &query).await?)
        }
        .await,
    )
}
