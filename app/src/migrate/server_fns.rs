//! The Twilio import pages' server functions (compiled for both targets;
//! the bodies run on the server only).

use leptos::server;

use super::model::{ImportView, UploadForm};
use crate::error::AppError;

/// The upload form: empty, or the text of the upload refused just before,
/// with why.
#[server(endpoint = "migrate/upload-form")]
pub async fn get_upload_form() -> Result<UploadForm, AppError> {
    use crate::{error::with_status, session};
    with_status(
        async {
            session::require_user().await?;
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::Unauthenticated)?;
            Ok(super::handlers::take_kept_upload(&session).await)
        }
        .await,
    )
}

/// An import of the account: its plan, and what Create drafts did.
#[server(endpoint = "migrate/import")]
pub async fn get_twilio_import(id: String) -> Result<ImportView, AppError> {
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let caller = session::Caller::from(&session::require_user().await?);
            let state = AppState::from_context()?;
            let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
            super::service::show(&state, &caller, id).await
        }
        .await,
    )
}
