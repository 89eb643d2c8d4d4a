//! The job pages' server functions (compiled for both targets; the bodies
//! run on the server only).

use leptos::server;

use super::model::{JobDetail, JobView};
use crate::error::AppError;

/// A job of the account with one page (1-based, 200 items) of its items,
/// failed first. `NotFound` (404) for an id that is not one of the
/// account's jobs, another account's included. The job page asks again
/// every second while the job runs.
#[server(endpoint = "jobs/get")]
pub async fn get_job(id: String, page: u32) -> Result<JobDetail, AppError> {
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let caller = session::Caller::from(&session::require_user().await?);
            let state = AppState::from_context()?;
            let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
            super::service::detail(&state, &caller, id, page.max(1)).await
        }
        .await,
    )
}

/// The account's newest 50 jobs, newest first.
#[server(endpoint = "jobs/list")]
pub async fn list_jobs() -> Result<Vec<JobView>, AppError> {
    use crate::{error::with_status, session, state::AppState};
    with_status(
        async {
            let caller = session::Caller::from(&session::require_user().await?);
            let state = AppState::from_context()?;
            super::service::list(&state, &caller).await
        }
        .await,
    )
}
