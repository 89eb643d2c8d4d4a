//! Numbers Routing's plain form post: "Refresh from Kazoo" (also on the
//! Callflows page, which reads the same snapshot), which starts the
//! refresh job (`crate::jobs`).

use axum::{
    extract::{Query, State},
    response::Redirect,
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{error::AppError, jobs, jobs::model::JobState, session, state::AppState};

/// Where to go back to after a refresh (`?back=callflows`): the page the
/// button was on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Back {
    pub back: String,
}

/// How long the refresh button waits for the refresh before the page
/// comes back showing its progress instead.
const REFRESH_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// `POST /numbers/refresh`: starts the routing refresh (a background job;
/// a refresh already running is joined), waits a moment for it, then back
/// to Numbers Routing (or the Callflows page, `?back=callflows`) with the
/// outcome, or "refreshing" when it still runs (the page shows its
/// progress).
pub async fn refresh_handler(
    State(state): State<AppState>,
    session: Session,
    Query(back): Query<Back>,
) -> Redirect {
    let user = match session::current(&session).await {
        Ok(Some(user)) => user,
        _ => return Redirect::to("/login"),
    };
    let page = if back.back == "callflows" {
        "/callflows"
    } else {
        "/"
    };
    let caller = session::Caller::from(&user);
    let notice = match jobs::service::refresh_and_wait(&state, &caller, REFRESH_WAIT).await {
        Ok(job) => match job.state {
            JobState::Paused => {
                let _ = session::sign_out(&session).await;
                return Redirect::to("/login?error=expired");
            }
            JobState::Running => "refreshing",
            _ if job.progress.failed > 0 => "unreachable",
            _ => "refreshed",
        },
        Err(AppError::KazooSessionExpired) => {
            let _ = session::sign_out(&session).await;
            return Redirect::to("/login?error=expired");
        }
        Err(_) => "refresh_failed",
    };
    Redirect::to(&format!("{page}?notice={notice}"))
}
