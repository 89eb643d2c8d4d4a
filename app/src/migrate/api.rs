//! `POST /api/v1/migrate/twilio`: a Twilio numbers export (and the
//! Applications export) as JSON text. A dry run answers the plan (groups,
//! numbers, classes, reasons) and stores nothing; otherwise the import is
//! stored and its drafts are made or found (201), as Create drafts does.

use axum::{body::Bytes, extract::State, http::StatusCode, response::IntoResponse, Json};
use serde::Deserialize;
use serde_json::json;

use super::service;
use crate::{
    api_v1::{error::ApiResult, extract::ApiJson},
    session::Caller,
    state::AppState,
};

/// The body.
#[derive(Debug, Deserialize)]
pub struct ImportBody {
    /// The IncomingPhoneNumbers export, as text (REST JSON pages, CLI
    /// JSON or CSV).
    pub export: String,
    /// The Applications (TwiML Apps) export, as text.
    #[serde(default)]
    pub applications: String,
    /// `true`: answer the plan, store nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// `POST /api/v1/migrate/twilio`.
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ImportBody>,
) -> ApiResult {
    let applications = Bytes::from(body.applications);
    let export = Bytes::from(body.export);
    if body.dry_run {
        let plan = service::dry_run(&state, &caller, export, applications).await?;
        return Ok(Json(json!(plan)).into_response());
    }
    let id = service::import(&state, &caller, export, applications).await?;
    let view = service::create_drafts(&state, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(json!(view))).into_response())
}
