//! The Callflows pages' server functions (compiled for both targets; the
//! bodies run on the server only).

use leptos::server;

use super::model::{CallflowsPage, CallflowsQuery, ImportForm};
use crate::error::AppError;

/// One page of the account's live callflows, from the routing snapshot;
/// first read from Kazoo when the account has none yet. A search Postgres
/// could not take (NUL) or too long is refused first (422, `search`).
#[server(endpoint = "callflows/list")]
pub async fn list_callflows(query: CallflowsQuery) -> Result<CallflowsPage, AppError> {
    use super::db;
    use crate::{error::with_status, numbers::refresh, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            if let Some(problem) = query.search_problem() {
                return Err(AppError::Validation(
                    [("search".to_owned(), problem)].into(),
                ));
            }
            let state = AppState::from_context()?;
            let caller = crate::session::Caller::from(&user);
            refresh::first_snapshot(&state, &caller, refresh::FIRST_SNAPSHOT_WAIT).await?;
            Ok(db::fetch_callflows_page(&state.db, &user.account_id, &query).await?)
        }
        .await,
    )
}

/// The Import JSON page's form: empty, or the text of the import refused
/// just before, with why.
#[server(endpoint = "callflows/import-form")]
pub async fn get_import_form() -> Result<ImportForm, AppError> {
    use crate::{error::with_status, session};
    with_status(
        async {
            session::require_user().await?;
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::Unauthenticated)?;
            Ok(super::handlers::take_kept_import(&session).await)
        }
        .await,
    )
}
