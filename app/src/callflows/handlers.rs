//! The Callflows page's plain form posts: Duplicate a live callflow, and
//! Import JSON. Plain posts and redirects, so they work with and without
//! JavaScript; a refused import goes back to its page with the text kept
//! (in the server-side session, for one read).

use axum::{
    extract::{Path, State},
    response::Redirect,
    Form,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{model::ImportForm, service};
use crate::{
    error::AppError,
    session::{self, Caller},
    state::AppState,
};

/// The session key of a refused import, for the import page's next read.
const IMPORT_KEPT: &str = "callflows_import";

/// `POST /callflows/{id}/duplicate`: a new draft copying the live callflow
/// without its numbers, then that draft's page.
pub async fn duplicate_handler(
    State(state): State<AppState>,
    session: Session,
    Path(kazoo_id): Path<String>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    // Kazoo ids are short and plain (32 hex digits): anything else names
    // no callflow and is not worth a Kazoo call.
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if kazoo_id.is_empty() || kazoo_id.len() > 64 || !kazoo_id.chars().all(plain) {
        return Redirect::to("/callflows?notice=not_found");
    }
    match service::duplicate(&state, &Caller::from(&user), &kazoo_id).await {
        Ok(id) => Redirect::to(&format!("/drafts/{id}?notice=duplicated")),
        Err(AppError::KazooSessionExpired) => {
            let _ = session::sign_out(&session).await;
            Redirect::to("/login?error=expired&next=%2Fcallflows")
        }
        Err(AppError::NotFound) => Redirect::to("/callflows?notice=not_found"),
        Err(AppError::KazooUnavailable) => Redirect::to("/callflows?notice=unreachable"),
        Err(_) => Redirect::to("/callflows?notice=duplicate_failed"),
    }
}

/// The Import JSON form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportPost {
    /// The pasted callflow document.
    pub document: String,
}

/// `POST /callflows/import`: a new draft of the pasted document, then that
/// draft's page; refused (nothing saved), back to the import page with
/// the text and what is wrong.
pub async fn import_handler(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<ImportPost>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    match service::import(&state, &Caller::from(&user), &form.document).await {
        Ok(id) => Redirect::to(&format!("/drafts/{id}?notice=imported")),
        Err(error) => {
            let error = match error {
                AppError::Validation(mut fields) => fields.remove("document"),
                other => Some(format!("Nothing was saved: {other}")),
            };
            let kept = ImportForm {
                text: form.document,
                error,
            };
            if let Err(e) = session.insert(IMPORT_KEPT, kept).await {
                tracing::warn!(error = %e, "could not keep a refused import in the session");
            }
            Redirect::to("/callflows/import")
        }
    }
}

/// The refused import kept for the import page, if any (it is then gone).
pub async fn take_kept_import(session: &Session) -> ImportForm {
    let kept: Option<ImportForm> = session.remove(IMPORT_KEPT).await.ok().flatten();
    kept.unwrap_or_default()
}
