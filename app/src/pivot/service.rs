//! The work behind the pivot action form and the JSON API's create and
//! update: loading the form's data and saving a pivot action as a draft.

use kazoo::pivot::PivotInput;
use tower_sessions::Session;
use uuid::Uuid;

use super::model::PivotFormData;
use crate::{
    drafts::{
        self,
        model::{DraftKind, DraftView},
    },
    error::AppError,
    flash, numbers,
    session::Caller,
    state::AppState,
    sync,
};

/// The form page's data: the draft (if any) with its sync log, the free
/// numbers, and the feedback of a refused post.
///
/// # Errors
/// `NotFound`, database errors.
pub async fn load(
    state: &AppState,
    session: &Session,
    caller: &Caller,
    draft_id: Option<&str>,
    number: Option<String>,
) -> Result<PivotFormData, AppError> {
    let (draft, path) = match draft_id {
        Some(id) => {
            let id = drafts::parse_id(id)?;
            let row = drafts::get(state, caller, id).await?;
            (Some(row), format!("/drafts/{id}"))
        }
        None => (None, "/pivot/new".to_owned()),
    };
    let mut input = match &draft {
        Some(row) => PivotInput::from_callflow(&row.document).unwrap_or_default(),
        None => PivotInput {
            numbers: number.into_iter().collect(),
            ..PivotInput::default()
        },
    };
    // A callflow draft is the editor's page: its feedback is the editor's
    // to take (this page only hands over to it).
    let editor_page = draft
        .as_ref()
        .is_some_and(|r| r.kind == DraftKind::Callflow);
    let feedback = if editor_page {
        flash::FormFlash::default()
    } else {
        flash::take(session, &path).await.unwrap_or_default()
    };
    if let Some(typed) = feedback.input {
        input = typed;
    }
    let sync_log = match &draft {
        Some(row) => sync::db::fetch_log(&state.db, &caller.account_id, row.draft_id).await?,
        None => Vec::new(),
    };
    Ok(PivotFormData {
        draft: draft.map(|row| row.view()),
        input,
        errors: feedback.errors,
        flash: feedback.message,
        free_numbers: numbers::db::fetch_free_numbers(&state.db, &caller.account_id).await?,
        sync_log,
    })
}

/// Saves a pivot action: a new draft when `existing` is `None`, else over
/// the draft at the version the admin started from.
///
/// # Errors
/// `Validation` with field messages (nothing saved), `Conflict` when
/// someone saved first, `NotFound`.
pub async fn save_pivot(
    state: &AppState,
    caller: &Caller,
    existing: Option<(Uuid, i32)>,
    input: &PivotInput,
) -> Result<DraftView, AppError> {
    // A new action: the hard bounds first, nothing oversized is built.
    // An edit checks the fields the admin changed (the patch does), not
    // values the live document already had.
    if existing.is_none() {
        input.check_bounds().map_err(AppError::Validation)?;
    }
    let current = match existing {
        Some((id, version)) => {
            let row = drafts::get(state, caller, id).await?;
            if row.kind != DraftKind::Pivot {
                return Err(not_a_pivot());
            }
            if row.version != version {
                return Err(drafts::stale_version());
            }
            Some(row)
        }
        None => None,
    };
    let base = current.as_ref().map(|row| &row.document.0);
    let doc = input.parse(base).map_err(AppError::Validation)?;
    if let Some(row) = current {
        // Saving what is already saved (say, "Sync to Kazoo" right after
        // "Save draft") adds no version and no revision.
        if row.document.0 == doc {
            return Ok(row.view());
        }
    }
    let mut tx = state.db.begin().await?;
    let id = match existing {
        None => {
            drafts::db::insert_draft(
                &mut tx,
                &caller.account_id,
                DraftKind::Pivot,
                &doc,
                &caller.actor,
                None,
            )
            .await?
        }
        Some((id, version)) => {
            drafts::db::update_document(
                &mut tx,
                &caller.account_id,
                id,
                version,
                &doc,
                &caller.actor,
            )
            .await?
            .ok_or_else(drafts::stale_version)?;
            id
        }
    };
    tx.commit().await?;
    Ok(drafts::get(state, caller, id).await?.view())
}

/// The answer to a pivot-shaped save of a callflow draft: nothing saved.
pub fn not_a_pivot() -> AppError {
    AppError::Conflict(
        "This draft is a callflow, not a pivot action: the pivot form cannot save it, and saving \
         it as one would replace its whole flow. Nothing was saved."
            .into(),
    )
}
