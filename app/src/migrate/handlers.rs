//! The Twilio import's plain routes: the upload (a form post that works
//! without JavaScript, redirecting to the preview, or back to the form
//! with the pasted text and what is wrong), Create drafts, and the result
//! as CSV.

use axum::{
    extract::{Path, Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

use super::{
    model::{UploadForm, UPLOAD_MAX_BYTES},
    service,
    upload::{self, UploadError},
};
use crate::{
    error::AppError,
    session::{self, Caller},
    state::AppState,
};

/// The session key of a refused upload, for the form's next read.
const UPLOAD_KEPT: &str = "migrate_upload";

/// Pasted text past this is not kept for the form to show again.
const KEPT_MAX_BYTES: usize = 256 * 1024;

/// `POST /migrate/twilio`: stores the import and shows its preview; a
/// refused one goes back to the form (nothing saved).
pub async fn upload_handler(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let posted = match upload::read(request).await {
        Ok(posted) => posted,
        Err(error) => {
            let text = match error {
                UploadError::TooLarge => format!(
                    "That is more than {} MiB: upload at most {} MiB at a time (split a larger \
                     export). Nothing was saved.",
                    UPLOAD_MAX_BYTES >> 20,
                    UPLOAD_MAX_BYTES >> 20
                ),
                UploadError::Unreadable => {
                    "The form could not be read. Choose the file or paste the export again. \
                     Nothing was saved."
                        .to_owned()
                }
            };
            return refuse(&session, UploadForm::default(), text).await;
        }
    };
    let caller = Caller::from(&user);
    match service::import(&state, &caller, posted.export(), posted.applications()).await {
        Ok(id) => Redirect::to(&format!("/migrate/twilio/{id}")),
        Err(AppError::KazooSessionExpired) => {
            let _ = session::sign_out(&session).await;
            Redirect::to("/login?error=expired&next=%2Fmigrate%2Ftwilio")
        }
        Err(error) => {
            let text = match error {
                AppError::Validation(fields) => fields.into_values().collect::<Vec<_>>().join(" "),
                other => format!("Nothing was saved: {other}"),
            };
            let kept = |text: String| {
                if text.len() <= KEPT_MAX_BYTES {
                    text
                } else {
                    String::new()
                }
            };
            let form = UploadForm {
                text: kept(posted.export_text),
                applications: kept(posted.applications_text),
                error: None,
            };
            refuse(&session, form, text).await
        }
    }
}

async fn refuse(session: &Session, mut form: UploadForm, text: String) -> Redirect {
    form.error = Some(text);
    if let Err(e) = session.insert(UPLOAD_KEPT, form).await {
        tracing::warn!(error = %e, "could not keep a refused upload in the session");
    }
    Redirect::to("/migrate/twilio")
}

/// The refused upload kept for the form, if any (it is then gone).
pub async fn take_kept_upload(session: &Session) -> UploadForm {
    let kept: Option<UploadForm> = session.remove(UPLOAD_KEPT).await.ok().flatten();
    kept.unwrap_or_default()
}

/// `POST /migrate/twilio/{id}/drafts`: Create drafts, then the import's
/// page with what was made (or, while another run for the account goes,
/// with a notice to wait: `?notice=running`).
pub async fn create_handler(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let Ok(import_id) = uuid::Uuid::parse_str(&id) else {
        return Redirect::to("/migrate/twilio?notice=not_found");
    };
    match service::create_drafts(&state, &Caller::from(&user), import_id).await {
        Ok(view) => Redirect::to(&format!("{}?notice=created", view.path())),
        Err(AppError::NotFound) => Redirect::to("/migrate/twilio?notice=not_found"),
        Err(AppError::Conflict(_)) => {
            Redirect::to(&format!("/migrate/twilio/{import_id}?notice=running"))
        }
        Err(_) => Redirect::to(&format!("/migrate/twilio/{import_id}?notice=create_failed")),
    }
}

/// `GET /migrate/twilio/{id}/result.csv`: every number with its class,
/// reason, group and draft.
pub async fn csv_handler(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Response {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login").into_response();
    };
    let not_found = || (StatusCode::NOT_FOUND, "No such import.").into_response();
    let Ok(import_id) = uuid::Uuid::parse_str(&id) else {
        return not_found();
    };
    match service::result_csv(&state, &Caller::from(&user), import_id).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"twilio-import-{import_id}.csv\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(AppError::NotFound) => not_found(),
        Err(e) => (
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            e.to_string(),
        )
            .into_response(),
    }
}
