//! The JSON API for scripts (`/api/v1`, documented in the README): list,
//! create, get, update and delete drafts, preview a draft's callflow JSON,
//! sync it or remove its routing. Same validation as the form. Callers use
//! the session cookie or `Authorization: Bearer <API token>`; syncing with
//! a token needs a Kazoo token in `X-Kazoo-Auth-Token`.

pub mod tokens;

use axum::{
    extract::{FromRequestParts, Path, Query, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use kazoo::{pivot::PivotInput, AuthToken};
use serde::Deserialize;
use serde_json::json;
use tower_sessions::Session;

use crate::{
    drafts::{self, db as store},
    error::AppError,
    pivot,
    session::{self, Caller},
    state::AppState,
    sync::{self, Intent},
};

/// The API's routes, to nest under `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/drafts", get(list).post(create))
        .route("/drafts/{id}", get(fetch).put(update).delete(discard))
        .route("/drafts/{id}/preview", get(preview))
        .route("/drafts/{id}/sync", post(push))
        .route("/drafts/{id}/remove-routing", post(remove))
        .route("/preview", post(preview_input))
}

/// Errors as `{"error": message, "fields": {…}}` with the error's status.
pub struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let fields = match &self.0 {
            AppError::Validation(fields) => json!(fields),
            _ => json!({}),
        };
        (
            status,
            Json(json!({"error": self.0.to_string(), "fields": fields})),
        )
            .into_response()
    }
}

type ApiResult = Result<Response, ApiError>;

/// The caller of every API route: an API token (with an optional Kazoo
/// token for syncing) or the signed-in session. As an extractor, no route
/// can forget to check it.
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(token) = header("authorization").and_then(|v| v.strip_prefix("Bearer ")) {
            let mut caller = tokens::authenticate(&state.db, token.trim())
                .await?
                .ok_or(AppError::Unauthenticated)?;
            caller.token = header("x-kazoo-auth-token").map(|t| AuthToken::new(t.to_owned()));
            return Ok(caller);
        }
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::Unauthenticated)?;
        let user = session::current(&session)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Caller::from(&user))
    }
}

fn draft_json(row: &store::DraftRow) -> Response {
    Json(json!(row.view())).into_response()
}

async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult {
    let rows = store::list_drafts(&state.db, &caller.account_id).await?;
    let views: Vec<_> = rows.iter().map(store::DraftRow::view).collect();
    Ok(Json(json!({ "drafts": views })).into_response())
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<PivotInput>,
) -> ApiResult {
    let view = pivot::save_pivot(&state, &caller, None, &input).await?;
    Ok((StatusCode::CREATED, Json(json!(view))).into_response())
}

async fn fetch(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult {
    Ok(draft_json(
        &drafts::get(&state, &caller, drafts::parse_id(&id)?).await?,
    ))
}

/// `PUT` body: the form fields plus the `version` the change is based on.
#[derive(Deserialize)]
struct Update {
    version: i32,
    #[serde(flatten)]
    input: PivotInput,
}

async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<Update>,
) -> ApiResult {
    let id = drafts::parse_id(&id)?;
    let view = pivot::save_pivot(&state, &caller, Some((id, body.version)), &body.input).await?;
    Ok(Json(json!(view)).into_response())
}

#[derive(Deserialize)]
struct VersionQuery {
    version: i32,
}

async fn discard(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<VersionQuery>,
) -> ApiResult {
    drafts::discard(&state, &caller, drafts::parse_id(&id)?, q.version).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn preview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    let row = drafts::get(&state, &caller, drafts::parse_id(&id)?).await?;
    Ok(Json(row.document.0).into_response())
}

/// Signed-in callers only, though it touches no draft.
async fn preview_input(_caller: Caller, Json(input): Json<PivotInput>) -> ApiResult {
    let (doc, errors) = input.build(None);
    Ok(Json(json!({"document": doc.to_value(), "errors": errors})).into_response())
}

/// `POST …/sync` body (optional): `version` to guard against syncing a
/// newer save, `overwrite` to replace a callflow changed in Kazoo.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SyncBody {
    version: Option<i32>,
    overwrite: bool,
}

async fn push(
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

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Option<Json<SyncBody>>,
) -> ApiResult {
    let version = body.and_then(|Json(b)| b.version);
    run_sync(&state, &caller, &id, version, Intent::Remove).await
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
