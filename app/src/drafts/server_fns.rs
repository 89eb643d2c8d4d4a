//! The drafts list's server function (compiled for both targets; the body
//! runs on the server only).

use leptos::server;

use super::model::{DraftsPage, DraftsQuery};
use crate::error::AppError;

/// One page of the account's drafts, last edited first, searched by name
/// and number, with why a bulk sync posted from the page did not start
/// (read once). A search Postgres could not take (NUL) or too long is
/// refused first (422, `search`).
#[server(endpoint = "drafts/list")]
pub async fn list_drafts(query: DraftsQuery) -> Result<DraftsPage, AppError> {
    use super::db;
    use crate::{error::with_status, numbers::model::search_problem, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            if let Some(problem) = search_problem(&query.search) {
                return Err(AppError::Validation(
                    [("search".to_owned(), problem)].into(),
                ));
            }
            let state = AppState::from_context()?;
            let mut page = db::fetch_drafts_page(&state.db, &user.account_id, &query).await?;
            if let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await {
                let path = crate::jobs::handlers::DRAFTS_PAGE;
                page.flash = crate::flash::take(&session, path)
                    .await
                    .and_then(|f| f.message);
            }
            Ok(page)
        }
        .await,
    )
}

/// One draft, for the pages that act on it as a whole (confirm an action,
/// the read-only view of a callflow draft).
#[server(endpoint = "drafts/get")]
pub async fn get_draft(id: String) -> Result<super::model::DraftView, AppError> {
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let caller = session::Caller::from(&session::require_user().await?);
            let state = AppState::from_context()?;
            let id = super::parse_id(&id)?;
            Ok(super::get(&state, &caller, id).await?.view())
        }
        .await,
    )
}

/// A draft beside the callflow Kazoo has now.
#[server(endpoint = "drafts/compare")]
pub async fn compare_draft(id: String) -> Result<super::model::Comparison, AppError> {
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let caller = session::Caller::from(&session::require_user().await?);
            let state = AppState::from_context()?;
            super::compare(&state, &caller, super::parse_id(&id)?).await
        }
        .await,
    )
}

/// The account's numbers the draft's live callflow answers now (listed,
/// by pattern, as the catch-all), from the routing snapshot: what removing
/// its routing affects. Empty for a draft not in Kazoo.
#[server(endpoint = "drafts/reach")]
pub async fn draft_reach(id: String) -> Result<crate::numbers::model::Reach, AppError> {
    use crate::{error::with_status, numbers, session, state::AppState};
    with_status(
        async {
            let caller = session::Caller::from(&session::require_user().await?);
            let state = AppState::from_context()?;
            let draft = super::get(&state, &caller, super::parse_id(&id)?).await?;
            match draft.kazoo_id {
                Some(callflow_id) => {
                    Ok(numbers::db::reach(&state.db, &caller.account_id, &callflow_id).await?)
                }
                None => Ok(Default::default()),
            }
        }
        .await,
    )
}
