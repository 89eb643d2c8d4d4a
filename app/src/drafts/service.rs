//! Drafts: reading one, opening a live callflow as a draft, discarding.
//! Saving a pivot action is the pivot feature's (`pivot/service.rs`).

use kazoo::callflow::Callflow;
use uuid::Uuid;

use super::{
    db::{self, DraftRow, LiveBase},
    model::{Comparison, DraftKind},
};
use crate::{
    error::{kazoo_error, AppError},
    session::Caller,
    state::AppState,
};

/// Parses a draft id from a URL or form; unknown ids are `NotFound`.
///
/// # Errors
/// `NotFound` when it is not a UUID.
pub fn parse_id(id: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id).map_err(|_| AppError::NotFound)
}

/// A draft of the caller's account.
///
/// # Errors
/// `NotFound`, database errors.
pub async fn get(state: &AppState, caller: &Caller, id: Uuid) -> Result<DraftRow, AppError> {
    db::fetch_draft(&state.db, &caller.account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The draft of a live callflow: the existing one, or a new one based on
/// the document read from Kazoo now.
///
/// # Errors
/// Kazoo errors (`KazooSessionExpired`, `NotFound`, …), database errors.
pub async fn open_live(
    state: &AppState,
    caller: &Caller,
    kazoo_id: &str,
) -> Result<Uuid, AppError> {
    if let Some(row) = db::fetch_draft_of_callflow(&state.db, &caller.account_id, kazoo_id).await? {
        return Ok(row.draft_id);
    }
    let token = caller.token.as_ref().ok_or(AppError::KazooTokenMissing)?;
    let live = state
        .kazoo
        .get_callflow(token, &caller.account_id, kazoo_id)
        .await
        .map_err(|e| match e {
            kazoo::KazooError::NotFound { .. } => AppError::NotFound,
            e => kazoo_error(e),
        })?;
    let doc = Callflow::from_kazoo(live.body)
        .map_err(|e| AppError::Kazoo(format!("the callflow could not be read: {e}")))?;
    let kind = DraftKind::of(&doc);
    // The menus its menu nodes name, so the editor edits them with the
    // nodes (one it cannot read is left out: sync never touches it).
    let menus = crate::editor::service::read_menus(state, token, &caller.account_id, &doc).await;
    let base = LiveBase {
        kazoo_id: live.id,
        revision: live.revision,
        document: doc.clone(),
    };
    let working = crate::editor::model::Working { doc, menus };
    let mut tx = state.db.begin().await?;
    match db::insert_working(
        &mut tx,
        &caller.account_id,
        kind,
        &working,
        &caller.actor,
        Some(&base),
    )
    .await
    {
        Ok(id) => {
            tx.commit().await?;
            Ok(id)
        }
        // Another admin opened it at the same moment: use theirs.
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("draft_kazoo_id_key") => {
            drop(tx);
            let row = db::fetch_draft_of_callflow(&state.db, &caller.account_id, kazoo_id).await?;
            row.map(|r| r.draft_id).ok_or(AppError::NotFound)
        }
        Err(e) => Err(e.into()),
    }
}

/// Deletes a draft (not the live callflow) if still at `version`.
///
/// # Errors
/// `Conflict` when someone saved first, `NotFound`.
pub async fn discard(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    version: i32,
) -> Result<(), AppError> {
    if db::delete_draft(&state.db, &caller.account_id, id, version).await? {
        return Ok(());
    }
    // Nothing deleted: no such draft, a sync runs, or it moved on.
    if get(state, caller, id).await?.sync_running {
        return Err(AppError::Conflict(
            "A sync of this draft is running: wait until it ends, then discard it.".into(),
        ));
    }
    Err(stale_version())
}

/// The draft beside the callflow Kazoo has now.
///
/// # Errors
/// `NotFound`, Kazoo errors.
pub async fn compare(state: &AppState, caller: &Caller, id: Uuid) -> Result<Comparison, AppError> {
    let row = get(state, caller, id).await?;
    let Some(kazoo_id) = row.kazoo_id.as_deref() else {
        return Ok(Comparison {
            draft: row.view(),
            in_kazoo: false,
            live: None,
            changed_in_kazoo: false,
            differences: Vec::new(),
        });
    };
    let token = caller.token.as_ref().ok_or(AppError::KazooTokenMissing)?;
    let live = match state
        .kazoo
        .get_callflow(token, &caller.account_id, kazoo_id)
        .await
    {
        Ok(doc) => Some((
            Callflow::from_kazoo(doc.body)
                .map_err(|e| AppError::Kazoo(format!("the callflow could not be read: {e}")))?,
            doc.revision,
        )),
        Err(kazoo::KazooError::NotFound { .. }) => None,
        Err(e) => return Err(kazoo_error(e)),
    };
    let differences = live
        .as_ref()
        .map(|(doc, _)| kazoo::callflow::diff(doc, &row.document))
        .unwrap_or_default();
    let changed_in_kazoo = match &live {
        Some((_, revision)) => revision.is_some() && *revision != row.kazoo_revision,
        None => true,
    };
    Ok(Comparison {
        draft: row.view(),
        in_kazoo: true,
        live: live.map(|(doc, _)| doc),
        changed_in_kazoo,
        differences,
    })
}

/// The error of a save or discard based on a version someone else has
/// saved over.
pub fn stale_version() -> AppError {
    AppError::Conflict(
        "Someone saved this draft after you opened it, so your changes were not saved over theirs. \
         Open the draft again to see the latest version."
            .into(),
    )
}
