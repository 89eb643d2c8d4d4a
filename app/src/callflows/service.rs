//! New drafts from the Callflows page: a duplicate of a live callflow, and
//! a pasted document (Import JSON). Both are new drafts not yet in Kazoo
//! (no live base): syncing one creates a callflow. Server only.

use kazoo::callflow::Callflow;
use uuid::Uuid;

use super::import;
use crate::{
    drafts::{db, model::DraftKind},
    error::{kazoo_error, AppError},
    session::Caller,
    state::AppState,
};

/// What a duplicate's name ends with.
const COPY_SUFFIX: &str = " (copy)";

/// A new draft copying the live callflow `kazoo_id` as Kazoo has it now,
/// without its numbers and patterns (so it routes nothing until numbers
/// are given), named "<name> (copy)". The draft's kind follows its first
/// node (`DraftKind::of`).
///
/// # Errors
/// `NotFound` when Kazoo has no such callflow, Kazoo errors
/// (`KazooSessionExpired`, `KazooUnavailable`, …), database errors.
pub async fn duplicate(
    state: &AppState,
    caller: &Caller,
    kazoo_id: &str,
) -> Result<Uuid, AppError> {
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
    insert(state, caller, &copy_of(doc)).await
}

/// The copy a duplicate starts as: no numbers (an empty list, as Kazoo's
/// default), no patterns, "(copy)" after the name (or after what the
/// lists call an unnamed callflow: its numbers).
pub fn copy_of(mut doc: Callflow) -> Callflow {
    let base = match doc.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ if !doc.numbers().is_empty() => doc.numbers().join(", "),
        _ => "Untitled".to_owned(),
    };
    doc.name = Some(format!("{base}{COPY_SUFFIX}"));
    doc.numbers = Some(Vec::new());
    doc.patterns = None;
    doc
}

/// A new draft of the callflow document pasted as `text` (see
/// [`import::parse`]).
///
/// # Errors
/// `Validation` (field `document`) saying what is wrong with the text,
/// nothing saved; database errors.
pub async fn import(state: &AppState, caller: &Caller, text: &str) -> Result<Uuid, AppError> {
    let doc = import::parse(text)
        .map_err(|message| AppError::Validation([("document".to_owned(), message)].into()))?;
    insert(state, caller, &doc).await
}

async fn insert(state: &AppState, caller: &Caller, doc: &Callflow) -> Result<Uuid, AppError> {
    let mut tx = state.db.begin().await?;
    let id = db::insert_draft(
        &mut tx,
        &caller.account_id,
        DraftKind::of(doc),
        doc,
        &caller.actor,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_copy_has_no_numbers_nor_patterns_and_says_it_is_a_copy() {
        let doc = Callflow::from_value(json!({"name": "Support menu", "numbers": ["+14155550101"],
            "patterns": ["^1$"], "featurecode": false, "flow": {"module": "menu", "data": {"id": "m1"}}}))
        .unwrap();
        let copy = copy_of(doc.clone());
        assert_eq!(copy.name.as_deref(), Some("Support menu (copy)"));
        assert_eq!(copy.numbers, Some(vec![]));
        assert_eq!(copy.patterns, None);
        assert_eq!(copy.flow, doc.flow);
        assert_eq!(copy.extra, doc.extra);
        let unnamed =
            Callflow::from_value(json!({"numbers": ["1001"], "flow": {"module": "user"}}));
        assert_eq!(
            copy_of(unnamed.unwrap()).name.as_deref(),
            Some("1001 (copy)")
        );
        assert_eq!(
            copy_of(Callflow::default()).name.as_deref(),
            Some("Untitled (copy)")
        );
    }
}
