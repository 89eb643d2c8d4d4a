//! Drafts' plain form post: "Edit" on a live pivot number in Numbers
//! Routing opens its draft.

use axum::{
    extract::{Path, State},
    response::Redirect,
};
use tower_sessions::Session;

use super::service;
use crate::{
    error::AppError,
    session::{self, Caller},
    state::AppState,
};

/// `POST /callflows/{id}/draft`: opens the draft of a live callflow (made
/// from the document Kazoo has now, if there is none yet).
pub async fn open_live_handler(
    State(state): State<AppState>,
    session: Session,
    Path(kazoo_id): Path<String>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    // Kazoo ids are short and plain (32 hex digits); anything else names
    // no callflow and is not worth a database or Kazoo call.
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if kazoo_id.is_empty() || kazoo_id.len() > 64 || !kazoo_id.chars().all(plain) {
        return Redirect::to("/?notice=open_failed");
    }
    match service::open_live(&state, &Caller::from(&user), &kazoo_id).await {
        Ok(id) => Redirect::to(&format!("/drafts/{id}")),
        Err(AppError::KazooSessionExpired) => {
            let _ = session::sign_out(&session).await;
            Redirect::to("/login?error=expired")
        }
        Err(AppError::KazooUnavailable) => Redirect::to("/?notice=unreachable"),
        Err(_) => Redirect::to("/?notice=open_failed"),
    }
}
