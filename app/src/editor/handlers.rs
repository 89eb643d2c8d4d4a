//! The editor's plain POST (`/callflows/edit`), so every edit works
//! without JavaScript: the edit is applied to the draft and saved at once
//! (a new draft on the first edit of "New callflow"), and the page renders
//! again with the result; a refused edit goes back with the fields as
//! typed and the messages. Save draft, Sync, Discard and Remove are
//! buttons of the page's action form (`intent`).

use std::collections::BTreeMap;

use axum::{extract::State, response::Redirect, Form};
use tower_sessions::Session;
use uuid::Uuid;

use super::{
    model::Working,
    ops::{EditorOp, OpError},
    service::{self, editor_path},
    start,
};
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

/// `POST /callflows/edit`: `draft_id` and `version` (none for a new
/// callflow, which posts its `start` shape), and either `intent` (`sync`,
/// `save`, `discard`, `remove`, `overwrite`) or an edit (`op` and its
/// fields, see `ops`).
pub async fn edit_handler(
    State(state): State<AppState>,
    session: Session,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let caller = Caller::from(&user);
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let existing = match (field("draft_id").as_str(), field("version").parse::<i32>()) {
        ("", _) => None,
        (id, Ok(version)) => match drafts::parse_id(id) {
            Ok(id) => Some((id, version)),
            Err(_) => return Redirect::to("/drafts?notice=not_found"),
        },
        (_, Err(_)) => return Redirect::to("/drafts?notice=not_found"),
    };
    let row = match existing {
        Some((id, _)) => match drafts::get(&state, &caller, id).await {
            Ok(row) => Some(row),
            Err(_) => return Redirect::to("/drafts?notice=not_found"),
        },
        None => None,
    };
    let page = match &row {
        Some(row) => editor_path(&row.draft_id.to_string(), row.kind),
        None => "/callflows/new".to_owned(),
    };
    let intent = field("intent");
    let refuse = |message: String, errors: BTreeMap<String, String>| FormFlash {
        path: page.clone(),
        message: Some(Flash {
            text: message,
            error: true,
        }),
        errors,
        fields: pairs.iter().cloned().collect(),
        ..FormFlash::default()
    };
    match (intent.as_str(), existing) {
        ("discard", Some((id, _))) => {
            return Redirect::to(&confirm_page(&id.to_string(), Action::Discard))
        }
        ("remove", Some((id, _))) => {
            return Redirect::to(&confirm_page(&id.to_string(), Action::Remove))
        }
        ("overwrite", Some((id, _))) => {
            return Redirect::to(&confirm_page(&id.to_string(), Action::SyncAnyway))
        }
        ("sync", Some((id, version))) => {
            return match sync::sync(
                &state,
                &caller,
                id,
                Some(version),
                Intent::Push { overwrite: false },
            )
            .await
            {
                Ok(_) => Redirect::to(&format!("{page}?notice=synced")),
                Err(AppError::KazooSessionExpired) => {
                    let _ = session::sign_out(&session).await;
                    Redirect::to(&format!("/login?error=expired&next={}", urlencode(&page)))
                }
                Err(e) => {
                    let (errors, text) = match e {
                        AppError::Validation(errors) => (
                            errors,
                            "The draft is saved, but Kazoo refused it: see the messages."
                                .to_owned(),
                        ),
                        other => (BTreeMap::new(), other.to_string()),
                    };
                    flash::put(&session, refuse(text, errors)).await;
                    Redirect::to(&page)
                }
            };
        }
        // Each edit is saved as it is made: nothing more to save.
        ("save", Some(_)) => return Redirect::to(&format!("{page}?notice=unchanged")),
        _ => {}
    }
    let op = match EditorOp::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
        Ok(op) => op,
        Err(e) => {
            flash::put(&session, refuse(e.message, e.fields)).await;
            return Redirect::to(&page);
        }
    };
    let mut working = match &row {
        Some(row) => row.working(),
        None => start::shape(&field("start")),
    };
    let selected = match op.apply(&mut working) {
        Ok(selected) => selected,
        Err(OpError { message, fields }) => {
            flash::put(&session, refuse(message, fields)).await;
            return Redirect::to(&back_to(&page, path_field(&pairs)));
        }
    };
    match save(&state, &caller, existing, &working).await {
        Ok((id, kind)) => {
            let page = editor_path(&id.to_string(), kind);
            let node = selected
                .map(|p| format!("&node={}", urlencode(&p.to_string())))
                .unwrap_or_default();
            Redirect::to(&format!("{page}?notice=saved{node}"))
        }
        Err(e) => {
            let (errors, text) = match e {
                AppError::Validation(errors) => (
                    errors,
                    "Nothing was saved: fix the highlighted fields.".to_owned(),
                ),
                other => (BTreeMap::new(), other.to_string()),
            };
            flash::put(&session, refuse(text, errors)).await;
            Redirect::to(&back_to(&page, path_field(&pairs)))
        }
    }
}

/// The `path` field, if the form had one (`""` is the first node).
fn path_field(pairs: &[(String, String)]) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == "path")
        .map(|(_, v)| v.clone())
}

/// The page with the node the refused form was about still selected.
fn back_to(page: &str, path: Option<String>) -> String {
    match path {
        Some(path) => format!("{page}?node={}", urlencode(&path)),
        None => page.to_owned(),
    }
}

async fn save(
    state: &AppState,
    caller: &Caller,
    existing: Option<(Uuid, i32)>,
    working: &Working,
) -> Result<(Uuid, drafts::model::DraftKind), AppError> {
    let draft = service::save(state, caller, existing, working).await?;
    Ok((drafts::parse_id(&draft.id)?, draft.kind))
}
