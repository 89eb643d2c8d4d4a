//! The signed-in admin, kept in the server-side session (Postgres). The
//! Kazoo token lives only here: the browser holds just the session id.
//! Server only.

use kazoo::AuthToken;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::UserView;
use crate::error::{internal, AppError};

/// Session key of the signed-in admin.
const USER_KEY: &str = "user";

/// Session key of when the session's idle time last started again (Unix
/// seconds).
const RENEWED_KEY: &str = "renewed_at";

/// How often, at most, a request renews its session's idle time: the
/// renewal is a write to Postgres (and a notification to every instance,
/// see the server's session store), so page views between two renewals
/// write nothing. A session thus ends between `SESSION_IDLE_MINUTES` less
/// this and `SESSION_IDLE_MINUTES` after its last request.
pub const RENEW_EVERY: time::Duration = time::Duration::minutes(1);

/// Who is signed in, with their Kazoo token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionUser {
    pub account_id: String,
    pub account_name: String,
    /// `None` when signed in with an API key.
    pub user_name: Option<String>,
    pub token: AuthToken,
}

impl SessionUser {
    /// What the browser may see of this admin.
    pub fn view(&self, sandbox: bool) -> UserView {
        UserView {
            account_name: self.account_name.clone(),
            user_label: self
                .user_name
                .clone()
                .unwrap_or_else(|| "API key".to_owned()),
            sandbox,
        }
    }
}

/// The signed-in admin, if any.
///
/// # Errors
/// When the session store fails.
pub async fn current(session: &Session) -> Result<Option<SessionUser>, AppError> {
    session
        .get::<SessionUser>(USER_KEY)
        .await
        .map_err(|e| internal("session read", &e))
}

/// Signs an admin in, under a new session id (no session fixation).
///
/// # Errors
/// When the session store fails.
pub async fn sign_in(session: &Session, user: &SessionUser) -> Result<(), AppError> {
    session
        .cycle_id()
        .await
        .map_err(|e| internal("session cycle", &e))?;
    session
        .insert(USER_KEY, user)
        .await
        .map_err(|e| internal("session write", &e))?;
    session
        .insert(
            RENEWED_KEY,
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await
        .map_err(|e| internal("session write", &e))
}

/// Starts the session's idle time again (`Expiry::OnInactivity` counts
/// from the session's last save), at most once per [`RENEW_EVERY`].
///
/// # Errors
/// When the session store fails.
pub async fn keep_alive(session: &Session) -> Result<(), AppError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let renewed = session
        .get::<i64>(RENEWED_KEY)
        .await
        .map_err(|e| internal("session read", &e))?
        .unwrap_or(0);
    if now.saturating_sub(renewed) < RENEW_EVERY.whole_seconds() {
        return Ok(());
    }
    session
        .insert(RENEWED_KEY, now)
        .await
        .map_err(|e| internal("session write", &e))
}

/// Ends the session and deletes it from the store.
///
/// # Errors
/// When the session store fails.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session
        .flush()
        .await
        .map_err(|e| internal("session flush", &e))
}

/// The signed-in admin of the request being handled, if any (server
/// functions and pages).
///
/// # Errors
/// `Unauthenticated` when the request has no session layer; store failures.
pub async fn request_user() -> Result<Option<SessionUser>, AppError> {
    let session = leptos_axum::extract::<Session>()
        .await
        .map_err(|_| AppError::Unauthenticated)?;
    current(&session).await
}

/// The first line of every protected server function: the signed-in admin
/// or `Unauthenticated` (answered with HTTP 401 through `with_status`).
///
/// # Errors
/// `Unauthenticated` when nobody is signed in.
pub async fn require_user() -> Result<SessionUser, AppError> {
    request_user().await?.ok_or(AppError::Unauthenticated)
}
