//! Numbers Routing's plain form post: "Refresh from Kazoo".

use axum::{extract::State, response::Redirect};
use tower_sessions::Session;

use super::refresh::refresh;
use crate::{error::AppError, session, state::AppState};

/// `POST /numbers/refresh`: re-reads the routing from Kazoo, then back to
/// Numbers Routing with the outcome in the query string.
pub async fn refresh_handler(State(state): State<AppState>, session: Session) -> Redirect {
    let user = match session::current(&session).await {
        Ok(Some(user)) => user,
        _ => return Redirect::to("/login"),
    };
    match refresh(&state, &user.account_id, &user.token).await {
        Ok(_) => Redirect::to("/?notice=refreshed"),
        Err(AppError::KazooSessionExpired) => {
            let _ = session::sign_out(&session).await;
            Redirect::to("/login?error=expired")
        }
        Err(AppError::KazooUnavailable) => Redirect::to("/?notice=unreachable"),
        Err(_) => Redirect::to("/?notice=refresh_failed"),
    }
}
