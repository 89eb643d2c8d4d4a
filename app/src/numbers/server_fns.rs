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
    use super::refresh;
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
            refresh::page(&state, &session::Caller::from(&user), &query).await
        }
        .await,
    )
}

/// The account's numbers for the number picker (the pivot form, the
/// callflow editor's root), each with the callflow that answers it now,
/// from the routing snapshot (empty before the first one).
#[server(endpoint = "numbers/options")]
pub async fn list_number_options() -> Result<super::model::NumberOptions, AppError> {
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            Ok(super::db::number_options(&state.db, &user.account_id).await?)
        }
        .await,
    )
}

/// The routing refresh's status for the pages that show the snapshot
/// (Numbers Routing, Callflows), asked every second while a refresh runs.
/// Like the pages' lists, it first makes sure the account has a snapshot
/// or that one is being taken (`refresh::first_snapshot`), so the status
/// and the list agree; a failure there is the status's `refresh_error`.
#[server(endpoint = "numbers/refresh_status")]
pub async fn refresh_status() -> Result<super::model::RefreshStatus, AppError> {
    use super::refresh;
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            // One statement when the account has a snapshot (every page
            // view but the first).
            let status = super::db::refresh_status(&state.db, &user.account_id).await?;
            if status.refreshed_at.is_some() {
                return Ok(status);
            }
            let caller = session::Caller::from(&user);
            if let Err(e) =
                refresh::first_snapshot(&state, &caller, refresh::FIRST_SNAPSHOT_WAIT).await
            {
                tracing::debug!(error = %e, "first snapshot not taken");
            }
            Ok(super::db::refresh_status(&state.db, &user.account_id).await?)
        }
        .await,
    )
}
