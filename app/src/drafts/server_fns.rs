//! The drafts list's server function (compiled for both targets; the body
//! runs on the server only).

use leptos::server;

use super::model::DraftView;
use crate::error::AppError;

/// The account's drafts, last edited first.
#[server(endpoint = "drafts/list")]
pub async fn list_drafts() -> Result<Vec<DraftView>, AppError> {
    use super::db;
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            let rows = db::list_drafts(&state.db, &user.account_id).await?;
            Ok(rows.iter().map(db::DraftRow::view).collect())
        }
        .await,
    )
}
