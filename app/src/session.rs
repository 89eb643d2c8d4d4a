//! Who is signed in. The browser sees a [`UserView`] (no token) through
//! [`get_session`]; the server keeps the Kazoo token in the server-side
//! session (`session/ssr.rs`) and acts for a `Caller`
//! (`session/caller.rs`): a signed-in admin or a script with an API token.

#[cfg(feature = "ssr")]
mod caller;
#[cfg(feature = "ssr")]
mod ssr;

use leptos::{prelude::Resource, server};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub use caller::Caller;
#[cfg(feature = "ssr")]
pub use ssr::{
    current, keep_alive, request_user, require_user, sign_in, sign_out, SessionUser, RENEW_EVERY,
};

use crate::error::AppError;

/// The signed-in admin as the browser may know them: no token here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub account_name: String,
    /// The Kazoo username, or "API key" for key sign-ins.
    pub user_label: String,
    /// Whether the app talks to the built-in Kazoo sandbox.
    pub sandbox: bool,
}

/// Who is signed in (if anyone) and which Kazoo the app talks to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<UserView>,
    pub sandbox: bool,
}

/// Session information for the whole page, read before the first paint
/// (provided by `App`).
pub type SessionResource = Resource<Result<SessionInfo, AppError>>;

/// Who is signed in and whether the app runs against the sandbox.
#[server(endpoint = "session/info")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    use crate::state::AppState;
    let state = AppState::from_context()?;
    let user = request_user().await?;
    Ok(SessionInfo {
        user: user.map(|u| u.view(state.sandbox)),
        sandbox: state.sandbox,
    })
}
