//! The checker pages' server functions (compiled for both targets; the
//! bodies run on the server only).

use leptos::server;

use super::model::{CheckerPage, WalkView};
use crate::error::AppError;

/// What the checker page shows besides a link's prefill: the stored
/// report `report` (an id from the page's URL) with its form, else the
/// form refused just before with why; `None` for a fresh page.
#[server(endpoint = "checker/page")]
pub async fn get_checker(report: Option<String>) -> Result<Option<CheckerPage>, AppError> {
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            if let Some(id) = report {
                let state = AppState::from_context()?;
                let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
                let (form, report) = super::db::fetch_report(&state.db, &user.account_id, id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                return Ok(Some(CheckerPage {
                    form,
                    errors: Default::default(),
                    report: Some(report),
                }));
            }
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::Unauthenticated)?;
            Ok(super::handlers::take_kept(&session).await)
        }
        .await,
    )
}

/// A walk of the account.
#[server(endpoint = "checker/walk")]
pub async fn get_walk(id: String) -> Result<WalkView, AppError> {
    use crate::{error::with_status, session, session::Caller, state::AppState};
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
            super::walk::get(&state, &Caller::from(&user), id).await
        }
        .await,
    )
}
