//! The JSON API's handlers: list, create, get, update and delete drafts,
//! preview a draft's callflow JSON, sync it or remove its routing. Same
//! validation as the form (`pivot::save_pivot`).

use std::collections::BTreeMap;

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use kazoo::pivot::PivotInput;
use serde::Deserialize;
use serde_json::json;

use super::error::ApiResult;
use crate::{
    drafts::{self, db::DraftRow},
    error::AppError,
    pivot,
    session::Caller,
    state::AppState,
    sync::{self, Intent},
};

fn draft_json(row: &DraftRow) -> Response {
    Json(json!(row.view())).into_response()
}

/// `GET /drafts`: the account's drafts, last edited first.
pub(super) async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult {
    let rows = drafts::db::list_drafts(&state.db, &caller.account_id).await?;
    let views: Vec<_> = rows.iter().map(DraftRow::view).collect();
    Ok(Json(json!({ "drafts": views })).into_response())
}

/// `POST /drafts`: a new pivot draft (201).
pub(super) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<PivotInput>,
) -> ApiResult {
    let view = pivot::save_pivot(&state, &caller, None, &input).await?;
    Ok((StatusCode::CREATED, Json(json!(view))).into_response())
}

/// `GET /drafts/{id}`.
pub(super) async fn fetch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    Ok(draft_json(
        &drafts::get(&state, &caller, drafts::parse_id(&id)?).await?,
    ))
}

/// `PUT /drafts/{id}`: saves over the `version` read. The body is the
/// `version` plus the fields to change, named as on create; a field left
/// out keeps the draft's value (so `{"version": 3, "voice_url": "…"}`
/// changes the voice URL and nothing else).
pub(super) async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult {
    let id = drafts::parse_id(&id)?;
    let Some(version) = body
        .get("version")
        .and_then(serde_json::Value::as_i64)
        .and_then(|v| i32::try_from(v).ok())
    else {
        return Err(field_error(
            "version",
            "Send the draft's version you read, as a whole number.",
        ));
    };
    let row = drafts::get(&state, &caller, id).await?;
    let Some(current) = PivotInput::from_callflow(&row.document) else {
        return Err(pivot::not_a_pivot().into());
    };
    let mut fields = match serde_json::to_value(current) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    fields.extend(body.into_iter().filter(|(key, _)| key != "version"));
    let input: PivotInput =
        serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| {
            field_error(
                "body",
                &format!("The body does not read as a pivot action: {e}"),
            )
        })?;
    let view = pivot::save_pivot(&state, &caller, Some((id, version)), &input).await?;
    Ok(Json(json!(view)).into_response())
}

/// A 422 naming one field.
fn field_error(field: &str, message: &str) -> super::error::ApiError {
    AppError::Validation(BTreeMap::from([(field.to_owned(), message.to_owned())])).into()
}

#[derive(Deserialize)]
pub(super) struct DiscardQuery {
    version: i32,
    /// Discarding deletes every saved version: it must be asked for.
    #[serde(default)]
    confirm: bool,
}

/// `DELETE /drafts/{id}?version=N&confirm=true` (Kazoo is not touched).
pub(super) async fn discard(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<DiscardQuery>,
) -> ApiResult {
    if !q.confirm {
        return Err(field_error(
            "confirm",
            "Discarding deletes the draft and every saved version: add confirm=true to do it.",
        ));
    }
    drafts::discard(&state, &caller, drafts::parse_id(&id)?, q.version).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /drafts/{id}/preview`: the callflow JSON sync sends.
pub(super) async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    let row = drafts::get(&state, &caller, drafts::parse_id(&id)?).await?;
    Ok(Json(row.document.0).into_response())
}

/// `POST /preview`: a body's callflow JSON, without saving. Signed-in
/// callers only, though it touches no draft.
pub(super) async fn preview_input(_caller: Caller, Json(input): Json<PivotInput>) -> ApiResult {
    let built = input.build(None);
    Ok(Json(json!({"document": built.doc.to_value(), "errors": built.errors, "warnings": built.warnings})).into_response())
}

/// `POST …/sync` and `…/remove-routing` body (optional for sync):
/// `version` to guard against acting on a newer save, `overwrite` to act
/// on a callflow changed in Kazoo, `confirm` (remove routing only: it
/// deletes the live callflow, so it must be asked for in so many words).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SyncBody {
    version: Option<i32>,
    overwrite: bool,
    confirm: bool,
}

/// `POST /drafts/{id}/sync`.
pub(super) async fn push(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Option<Json<SyncBody>>,
) -> ApiResult {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let intent = Intent::Push {
        overwrite: body.overwrite,
    };
    run_sync(&state, &caller, &id, body.version, intent).await
}

/// `POST /drafts/{id}/remove-routing`: deletes the live callflow.
pub(super) async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Option<Json<SyncBody>>,
) -> ApiResult {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    if !body.confirm {
        return Err(AppError::Validation(BTreeMap::from([(
            "confirm".to_owned(),
            "Removing the routing deletes the callflow in Kazoo: send \"confirm\": true to do it."
                .to_owned(),
        )]))
        .into());
    }
    let intent = Intent::Remove {
        overwrite: body.overwrite,
    };
    run_sync(&state, &caller, &id, body.version, intent).await
}

async fn run_sync(
    state: &AppState,
    caller: &Caller,
    id: &str,
    version: Option<i32>,
    intent: Intent,
) -> ApiResult {
    let view = sync::sync(state, caller, drafts::parse_id(id)?, version, intent).await?;
    Ok(Json(json!(view)).into_response())
}
