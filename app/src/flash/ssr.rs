//! What a refused form post hands to the page it redirects to: the values
//! as typed, the field errors and a message, kept in the server-side
//! session for one read. This is how forms keep the admin's input without
//! JavaScript (post, redirect, get). Server only.

use kazoo::pivot::{FieldErrors, PivotInput};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::Flash;

const FLASH_KEY: &str = "flash";

/// One page's worth of feedback.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FormFlash {
    /// The page it is for (`/pivot/new`, `/drafts/<id>`).
    pub path: String,
    pub input: Option<PivotInput>,
    pub errors: FieldErrors,
    pub message: Option<Flash>,
    /// Another form's fields as posted (the callflow editor's).
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// Keeps `flash` for the next read of its page. Best effort: a store
/// failure only loses the message.
pub async fn put(session: &Session, flash: FormFlash) {
    if let Err(e) = session.insert(FLASH_KEY, flash).await {
        tracing::warn!(error = %e, "could not keep a form message in the session");
    }
}

/// Takes the feedback for `path`, if any (it is then gone).
pub async fn take(session: &Session, path: &str) -> Option<FormFlash> {
    let flash: FormFlash = session.get(FLASH_KEY).await.ok().flatten()?;
    if flash.path != path {
        return None;
    }
    let _ = session.remove::<FormFlash>(FLASH_KEY).await;
    Some(flash)
}
