//! The JSON API's handlers: list, create, get, update and delete drafts,
//! preview a draft's callflow JSON, sync it or remove its routing. Same
//! validation as the form (`pivot::save_pivot`); a body out of the
//! model's hard bounds is refused (422) before any other work.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use kazoo::pivot::PivotInput;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    error::{ApiError, ApiResult},
    extract::{self, ApiJson, ApiPath, ApiQuery},
};
use crate::{
    drafts::{self, db::DraftRow},
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
    ApiJson(input): ApiJson<PivotInput>,
) -> ApiResult {
    input.check_bounds().map_err(ApiError::fields)?;
    let view = pivot::save_pivot(&state, &caller, None, &input).await?;
    Ok((StatusCode::CREATED, Json(json!(view))).into_response())
}

/// `GET /drafts/{id}`.
pub(super) async fn fetch(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult {
    Ok(draft_json(
        &drafts::get(&state, &caller, drafts::parse_id(&id)?).await?,
    ))
}

/// The `version` of a `PUT` body (read apart from the fields, so an error
/// in either names its field).
#[derive(Deserialize)]
pub(super) struct Version {
    version: i32,
}

/// `PUT /drafts/{id}`: saves over the `version` read. The body is the
/// `version` plus the fields to change, named as on create; a field left
/// out keeps the draft's value (so `{"version": 3, "voice_url": "…"}`
/// changes the voice URL and nothing else).
pub(super) async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult {
    let Version { version } = extract::from_value(body.clone())?;
    // A key that is no field would change nothing: say so.
    let known = match serde_json::to_value(PivotInput::default()) {
        Ok(Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    if let Value::Object(keys) = &body {
        let unknown: BTreeMap<String, String> = keys
            .keys()
            .filter(|k| *k != "version" && !known.contains_key(*k))
            .map(|k| {
                (
                    k.clone(),
                    "There is no such field of a pivot action.".to_owned(),
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::fields(unknown));
        }
    }
    // The body's own fields within bounds before any other work.
    let changes: PivotInput = extract::from_value(body.clone())?;
    changes.check_bounds().map_err(ApiError::fields)?;
    let id = drafts::parse_id(&id)?;
    let row = drafts::get(&state, &caller, id).await?;
    let Some(current) = PivotInput::from_callflow(&row.document) else {
        return Err(pivot::not_a_pivot().into());
    };
    // The draft's values, with the body's fields over them.
    let mut fields = match serde_json::to_value(current) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    if let Value::Object(changes) = body {
        fields.extend(changes.into_iter().filter(|(key, _)| key != "version"));
    }
    let input: PivotInput = extract::from_value(Value::Object(fields))?;
    let view = pivot::save_pivot(&state, &caller, Some((id, version)), &input).await?;
    Ok(Json(json!(view)).into_response())
}

/// A 422 naming one field.
fn field_error(field: &str, message: &str) -> ApiError {
    ApiError::fields(BTreeMap::from([(field.to_owned(), message.to_owned())]))
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
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<DiscardQuery>,
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
    ApiPath(id): ApiPath<String>,
) -> ApiResult {
    let row = drafts::get(&state, &caller, drafts::parse_id(&id)?).await?;
    Ok(Json(row.document.0).into_response())
}

/// `POST /preview`: a body's callflow JSON, without saving. Signed-in
/// callers only, though it touches no draft.
pub(super) async fn preview_input(
    _caller: Caller,
    ApiJson(input): ApiJson<PivotInput>,
) -> ApiResult {
    input.check_bounds().map_err(ApiError::fields)?;
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
    ApiPath(id): ApiPath<String>,
    body: Option<ApiJson<SyncBody>>,
) -> ApiResult {
    let body = body.map(|ApiJson(b)| b).unwrap_or_default();
    let intent = Intent::Push {
        overwrite: body.overwrite,
    };
    run_sync(&state, &caller, &id, body.version, intent).await
}

/// `POST /drafts/{id}/remove-routing`: deletes the live callflow.
pub(super) async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    body: Option<ApiJson<SyncBody>>,
) -> ApiResult {
    let body = body.map(|ApiJson(b)| b).unwrap_or_default();
    if !body.confirm {
        return Err(field_error(
            "confirm",
            "Removing the routing deletes the callflow in Kazoo: send \"confirm\": true to do it.",
        ));
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
