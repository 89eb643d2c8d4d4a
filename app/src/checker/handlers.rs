//! The checker's plain form posts (they work with and without
//! JavaScript: post, redirect, get): check a pasted answer or a voice
//! URL, start a walk, and press keys (or nothing) in one. A refused form
//! goes back to the checker with what was typed and why, kept in the
//! server-side session for one read; a report or a walk is stored and
//! its page shown. The posts are read straight into [`CheckForm`] (its
//! fields are the form's names); the session is read by hand, as every
//! plain route does (there is no extractor for plain routes).

use axum::{
    extract::{Path, State},
    response::Redirect,
    Form,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    db,
    model::{CheckForm, CheckerPage, Source},
    service,
    walk::{self, Move},
};
use crate::{
    error::AppError,
    session::{self, Caller},
    state::AppState,
};

/// The session key of a refused form, for the checker page's next read.
const KEPT: &str = "checker_kept";

/// `POST /checker/paste`: checks a pasted answer.
pub async fn paste_handler(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<CheckForm>,
) -> Redirect {
    check(
        &state,
        &session,
        CheckForm {
            source: Source::Paste,
            ..form
        },
    )
    .await
}

/// `POST /checker/url`: requests the voice URL as Pivot does and checks
/// the answer.
pub async fn url_handler(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<CheckForm>,
) -> Redirect {
    check(
        &state,
        &session,
        CheckForm {
            source: Source::Url,
            ..form
        },
    )
    .await
}

async fn check(state: &AppState, session: &Session, form: CheckForm) -> Redirect {
    let Ok(Some(user)) = session::current(session).await else {
        return Redirect::to("/login");
    };
    let caller = Caller::from(&user);
    let stored = match service::check(state, &caller, &form).await {
        Ok(report) => db::insert_report(&state.db, &caller, &form, &report)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match stored {
        Ok(id) => Redirect::to(&format!("/checker?report={id}#report")),
        Err(error) => refused(session, form, error).await,
    }
}

/// `POST /checker/walks`: starts a walk of the voice URL.
pub async fn start_walk_handler(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<CheckForm>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let form = CheckForm {
        source: Source::Url,
        ..form
    };
    match walk::start(&state, &Caller::from(&user), &form).await {
        Ok(id) => Redirect::to(&format!("/checker/walks/{id}")),
        Err(error) => refused(&session, form, error).await,
    }
}

/// Back to the checker with the form as typed and what is wrong.
async fn refused(session: &Session, form: CheckForm, error: AppError) -> Redirect {
    let errors = match error {
        AppError::Validation(fields) => fields,
        other => [("form".to_owned(), format!("Nothing was checked: {other}"))].into(),
    };
    let kept = CheckerPage {
        form,
        errors,
        report: None,
    };
    if let Err(e) = session.insert(KEPT, kept).await {
        tracing::warn!(error = %e, "could not keep a refused check in the session");
    }
    Redirect::to("/checker")
}

/// The refused form kept for the checker page, if any (it is then gone).
pub async fn take_kept(session: &Session) -> Option<CheckerPage> {
    session.remove(KEPT).await.ok().flatten()
}

/// A move in a walk, as posted from its page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MovePost {
    /// The walk's version its page showed.
    pub version: String,
    /// `keys` or `nothing` (the button pressed).
    pub press: String,
    pub digits: String,
}

/// `POST /checker/walks/{id}`: keys pressed (or none) at the Gather the
/// walk waits at; back to the walk's page.
pub async fn move_handler(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(post): Form<MovePost>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let Ok(uuid) = uuid::Uuid::parse_str(&id) else {
        return Redirect::to("/checker?notice=walk_not_found");
    };
    let page = format!("/checker/walks/{uuid}");
    let Ok(version) = post.version.trim().parse::<i32>() else {
        return Redirect::to(&format!("{page}?error=moved"));
    };
    let keys = match post.press.as_str() {
        "nothing" => Move::Nothing,
        _ => Move::Keys(post.digits.clone()),
    };
    match walk::go_on(&state, &Caller::from(&user), uuid, version, keys).await {
        Ok(()) => Redirect::to(&format!("{page}#now")),
        Err(AppError::NotFound) => Redirect::to("/checker?notice=walk_not_found"),
        Err(AppError::Validation(_)) => Redirect::to(&format!(
            "{page}?error=digits&digits={}#keys",
            crate::url::urlencode(&post.digits.chars().take(64).collect::<String>())
        )),
        Err(AppError::Conflict(_)) => Redirect::to(&format!("{page}?error=moved")),
        Err(_) => Redirect::to(&format!("{page}?error=failed")),
    }
}
