//! Drafts' plain form posts: "Edit" on a live number opens its draft, and
//! the actions that destroy something — remove the routing (deletes the
//! live callflow), discard the draft, sync anyway (overwrites Kazoo's
//! changes). Those run only with `confirm=yes`, which only the
//! confirmation page (`/drafts/{id}/confirm?action=…`) sends after naming
//! what the action affects; without it they go to that page and change
//! nothing. Plain posts, so they work with and without JavaScript.

use axum::{
    extract::{Path, State},
    response::Redirect,
    Form,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    model::{confirm_page, Action},
    service,
};
use crate::{
    error::AppError,
    flash::{self, Flash, FormFlash},
    session::{self, Caller},
    state::AppState,
    sync::{self, Intent},
    url::urlencode,
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

/// The form the confirmation page posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Confirmed {
    /// The version the admin saw.
    pub version: String,
    /// `yes` from the confirmation page.
    pub confirm: String,
}

/// `POST /drafts/{id}/{action}` (`remove`, `remove-anyway`, `discard`,
/// `sync-anyway`).
pub async fn act_handler(
    State(state): State<AppState>,
    session: Session,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<Confirmed>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let (Some(action), Ok(uuid)) = (Action::parse(&action), service::parse_id(&id)) else {
        return Redirect::to("/drafts?notice=not_found");
    };
    let page = format!("/drafts/{uuid}");
    let Ok(version) = form.version.trim().parse::<i32>() else {
        return Redirect::to(&confirm_page(&uuid.to_string(), action));
    };
    if form.confirm != "yes" {
        return Redirect::to(&confirm_page(&uuid.to_string(), action));
    }
    let caller = Caller::from(&user);
    let done = match action {
        Action::Discard => service::discard(&state, &caller, uuid, version)
            .await
            .map(|()| "/?notice=discarded".to_owned()),
        Action::Remove | Action::RemoveAnyway => {
            let intent = Intent::Remove {
                overwrite: action == Action::RemoveAnyway,
            };
            sync::sync(&state, &caller, uuid, Some(version), intent)
                .await
                .map(|_| format!("{page}?notice=removed"))
        }
        Action::SyncAnyway => {
            let intent = Intent::Push { overwrite: true };
            sync::sync(&state, &caller, uuid, Some(version), intent)
                .await
                .map(|_| format!("{page}?notice=synced"))
        }
    };
    match done {
        Ok(to) => Redirect::to(&to),
        Err(AppError::KazooSessionExpired) => {
            let _ = session::sign_out(&session).await;
            Redirect::to(&format!("/login?error=expired&next={}", urlencode(&page)))
        }
        Err(AppError::NotFound) => Redirect::to("/drafts?notice=not_found"),
        Err(error) => {
            let message = Flash {
                text: error.to_string(),
                error: true,
            };
            let flash = FormFlash {
                path: page.clone(),
                message: Some(message),
                ..FormFlash::default()
            };
            flash::put(&session, flash).await;
            Redirect::to(&page)
        }
    }
}
