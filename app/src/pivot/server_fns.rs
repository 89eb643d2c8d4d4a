//! The pivot action form's server function (compiled for both targets;
//! the body runs on the server only).

use leptos::server;

use super::model::PivotFormData;
use crate::error::AppError;

/// The pivot action form: a new one (`draft_id` none, `number` to start
/// with) or a draft, with the feedback of a refused post.
#[server(endpoint = "pivot/form")]
pub async fn get_pivot_form(
    draft_id: Option<String>,
    number: Option<String>,
) -> Result<PivotFormData, AppError> {
    use super::service;
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
            service::load(&state, &session, &caller, draft_id.as_deref(), number).await
        }
        .await,
    )
}
