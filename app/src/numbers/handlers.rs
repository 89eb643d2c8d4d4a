//! Numbers Routing's plain form post: "Refresh from Kazoo" (also on the
//! Callflows page, which reads the same snapshot).

use axum::{
    extract::{Query, State},
    response::Redirect,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::refresh::refresh;
use crate::{error::AppError, session, state::AppState};

/// Where to go back to after a refresh (`?back=callflows`): the page the
/// button was on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Back {
    pub back: String,
}

/// `POST /numbers/refresh`: re-reads the routing from Kazoo, then back to
/// Numbers Routing (or the Callflows page, `?back=callflows`) with the
/// outcome in the query string.
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
    match refresh(&state, &user.account_id, &user.token).await {
        Ok(_) => Redirect::to(&format!("{page}?notice=refreshed")),
        Err(AppError::KazooSessionExpired) => {
            let _ = session::sign_out(&session).await;
            Redirect::to("/login?error=expired")
        }
        Err(AppError::KazooUnavailable) => Redirect::to(&format!("{page}?notice=unreachable")),
        Err(_) => Redirect::to(&format!("{page}?notice=refresh_failed")),
    }
}
