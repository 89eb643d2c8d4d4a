//! Who calls the JSON API: the [`Caller`] extractor every route takes.

use axum::{extract::FromRequestParts, http::request::Parts};
use kazoo::AuthToken;
use tower_sessions::Session;

use super::error::ApiError;
use crate::{
    error::AppError,
    session::{self, Caller},
    state::AppState,
    tokens,
};

/// The caller of every API route: an API token (with an optional Kazoo
/// token for syncing) or the signed-in session. As an extractor, no route
/// can forget to check it.
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(token) = header("authorization").and_then(|v| v.strip_prefix("Bearer ")) {
            let mut caller = tokens::db::authenticate(&state.db, token.trim())
                .await?
                .ok_or(AppError::Unauthenticated)?;
            caller.token = header("x-kazoo-auth-token").map(|t| AuthToken::new(t.to_owned()));
            return Ok(caller);
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::Unauthenticated)?;
        let user = session::current(&session)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Caller::from(&user))
    }
}
