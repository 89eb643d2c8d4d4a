//! The editor's server functions (compiled for both targets; the bodies
//! run on the server only).

use leptos::server;

use super::model::EditorData;
use crate::error::AppError;

/// The editor: a draft (`draft_id`), or a new callflow from start shape
/// `start` (`blank`, `pivot`, `menu`, `forward`), with the pickers' lists
/// and the feedback of a refused post.
#[server(endpoint = "editor/get")]
pub async fn get_editor(
    draft_id: Option<String>,
    start: Option<String>,
) -> Result<EditorData, AppError> {
    use crate::{
        error::with_status,
        session::{self, Caller},
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
            super::service::load(&state, &session, &caller, draft_id.as_deref(), start).await
        }
        .await,
    )
}

/// Saves what the page edited (`working`: the editor's `Working` as JSON)
/// over the draft at `version` (a new draft when `draft_id` is none), then
/// syncs when `intent` is `sync`. Returns the page to open next.
///
/// # Errors
/// `Validation` (field messages; nothing saved), `Conflict` when someone
/// saved first, and sync's errors (the draft is saved then).
#[server(endpoint = "editor/save")]
pub async fn save_editor(
    draft_id: Option<String>,
    version: Option<i32>,
    working: String,
    intent: String,
) -> Result<String, AppError> {
    use crate::{
        error::with_status,
        session::{self, Caller},
        state::AppState,
    };
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            let caller = Caller::from(&user);
            super::service::save_from_page(
                &state,
                &caller,
                draft_id.as_deref(),
                version,
                &working,
                &intent,
            )
            .await
        }
        .await,
    )
}
