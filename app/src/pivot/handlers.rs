//! The pivot action form's plain POST (`/pivot/save`). Save, sync, sync
//! anyway, remove routing and discard are buttons of one form, so it all
//! works without JavaScript; a refused post goes back to the form with the
//! input kept (see `flash`).

use axum::{extract::State, response::Redirect, Form};
use kazoo::pivot::{FieldErrors, PivotInput};
use tower_sessions::Session;

use super::service;
use crate::{
    drafts::{
        self,
        model::{confirm_page, Action},
    },
    error::AppError,
    flash::{self, Flash, FormFlash},
    session::{self, Caller},
    state::AppState,
    sync::{self, Intent},
    url::urlencode,
};

/// `POST /pivot/save`: the form's fields plus `draft_id`, `version` and
/// `intent` (`save`, `sync`; `overwrite`, `remove` and `discard` go to
/// their confirmation page).
pub async fn save_handler(
    State(state): State<AppState>,
    session: Session,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let input = PivotInput::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let existing = match (field("draft_id").as_str(), field("version").parse::<i32>()) {
        ("", _) => None,
        (id, Ok(version)) => match drafts::parse_id(id) {
            Ok(id) => Some((id, version)),
            Err(_) => return Redirect::to("/drafts?notice=not_found"),
        },
        (_, Err(_)) => return Redirect::to("/drafts?notice=not_found"),
    };
    let form_path = existing.map_or("/pivot/new".to_owned(), |(id, _)| format!("/drafts/{id}"));
    let caller = Caller::from(&user);
    let intent = field("intent");
    match run(&state, &caller, existing, &input, &intent).await {
        Ok(to) => {
            // The live form warns while the admin types; a post (always,
            // without JavaScript) says it on the page it lands on.
            let asks_first = matches!(intent.as_str(), "discard" | "remove" | "overwrite");
            if let Some(text) = typed_number_notes(&input).filter(|_| !asks_first) {
                let path = to.split('?').next().unwrap_or(&to).to_owned();
                let message = Some(Flash { text, error: false });
                flash::put(
                    &session,
                    FormFlash {
                        path,
                        message,
                        ..FormFlash::default()
                    },
                )
                .await;
            }
            Redirect::to(&to)
        }
        // A draft that is not there (discarded, or not this account's):
        // the drafts list says so, as the editor's post does.
        Err((AppError::NotFound, None)) => Redirect::to("/drafts?notice=not_found"),
        Err((AppError::KazooSessionExpired, saved)) => {
            // The draft is saved; signing in again comes back to it.
            let back = saved.unwrap_or(form_path);
            let _ = session::sign_out(&session).await;
            Redirect::to(&format!("/login?error=expired&next={}", urlencode(&back)))
        }
        Err((error, saved)) => {
            // A draft saved before its sync failed: show it, not a new form.
            let refused_by_kazoo = saved.is_some();
            let back = saved.unwrap_or(form_path);
            let (errors, text) = match error {
                AppError::Validation(errors) if refused_by_kazoo => (
                    errors,
                    "The draft is saved, but Kazoo refused it: see the highlighted fields."
                        .to_owned(),
                ),
                AppError::Validation(errors) => (
                    errors,
                    "Nothing was saved: fix the highlighted fields.".to_owned(),
                ),
                other => (FieldErrors::new(), other.to_string()),
            };
            let flash = FormFlash {
                path: back.clone(),
                input: Some(input),
                errors,
                message: Some(Flash { text, error: true }),
                ..FormFlash::default()
            };
            flash::put(&session, flash).await;
            Redirect::to(&back)
        }
    }
}

/// Does what the button asked; returns where to go next, or the error with
/// the page of the draft when it was saved before the error.
async fn run(
    state: &AppState,
    caller: &Caller,
    existing: Option<(uuid::Uuid, i32)>,
    input: &PivotInput,
    intent: &str,
) -> Result<String, (AppError, Option<String>)> {
    let page = |id: uuid::Uuid| format!("/drafts/{id}");
    match (intent, existing) {
        // Destructive: asked first, on their confirmation page (which names
        // the callflow and its numbers); nothing is done here.
        ("discard", Some((id, _))) => Ok(confirm_page(&id.to_string(), Action::Discard)),
        ("remove", Some((id, _))) => Ok(confirm_page(&id.to_string(), Action::Remove)),
        ("overwrite", _) => {
            // The form's edits are saved first, so the confirmation is
            // about exactly what would be sent.
            let draft = service::save_pivot(state, caller, existing, input)
                .await
                .map_err(|e| (e, None))?;
            Ok(confirm_page(&draft.id, Action::SyncAnyway))
        }
        ("sync", _) => {
            let draft = service::save_pivot(state, caller, existing, input)
                .await
                .map_err(|e| (e, None))?;
            let id = drafts::parse_id(&draft.id).map_err(|e| (e, None))?;
            let intent = Intent::Push { overwrite: false };
            sync::sync(state, caller, id, Some(draft.version), intent)
                .await
                .map_err(|e| (e, Some(page(id))))?;
            Ok(format!("{}?notice=synced", page(id)))
        }
        _ => {
            let draft = service::save_pivot(state, caller, existing, input)
                .await
                .map_err(|e| (e, None))?;
            // Saving what is already saved adds no version: say so.
            let unchanged = existing.is_some_and(|(_, version)| version == draft.version);
            let notice = if unchanged { "unchanged" } else { "saved" };
            Ok(format!("/drafts/{}?notice={notice}", draft.id))
        }
    }
}

/// What may surprise in how Kazoo stores the numbers as typed
/// (`555-113-0451` → `+5551130451`), as one sentence; `None` when nothing.
fn typed_number_notes(input: &PivotInput) -> Option<String> {
    let notes: Vec<String> = input
        .build(None)
        .warnings
        .into_iter()
        .filter(|w| w.field == "numbers")
        .map(|w| w.message)
        .collect();
    (!notes.is_empty()).then(|| format!("Check the numbers: {}", notes.join(" ")))
}
