//! `POST /api/v1/check`: the Pivot checker for scripts. The body is a
//! pasted answer (`answer`, `content_type`, `status`) or a voice URL to
//! request the way Kazoo Pivot does (`voice_url`, `method`, `req_format`,
//! `req_body_format`, `req_timeout_ms`), with `cdr_url` (true when the
//! pivot node has one) for either; the answer is the report the page
//! shows, as JSON. Requests go through the checker's SSRF guard.

use std::collections::BTreeMap;

use axum::{extract::State, response::IntoResponse, Json};
use serde::Deserialize;

use super::{
    error::{ApiError, ApiResult},
    extract::ApiJson,
};
use crate::{
    checker::{
        model::{CheckForm, Source},
        service,
    },
    session::Caller,
    state::AppState,
};

/// The body, as sent. Absent fields take the form's defaults; an absent
/// (or null) `content_type` is an answer sent without one.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CheckBody {
    answer: Option<String>,
    content_type: Option<String>,
    status: Option<u16>,
    voice_url: Option<String>,
    method: Option<String>,
    req_format: Option<String>,
    req_body_format: Option<String>,
    req_timeout_ms: Option<u32>,
    cdr_url: bool,
}

impl CheckBody {
    /// The checker's form for this body, or what is wrong with its shape.
    fn into_form(self) -> Result<CheckForm, BTreeMap<String, String>> {
        let defaults = CheckForm::default();
        let source = match (&self.answer, &self.voice_url) {
            (Some(_), Some(_)) => {
                return Err(BTreeMap::from([(
                    "voice_url".to_owned(),
                    "Send either an answer to check or a voice_url to request, not both."
                        .to_owned(),
                )]))
            }
            (None, None) => {
                return Err(BTreeMap::from([(
                    "answer".to_owned(),
                    "Send the answer to check, or a voice_url to request.".to_owned(),
                )]))
            }
            (Some(_), None) => Source::Paste,
            (None, Some(_)) => Source::Url,
        };
        Ok(CheckForm {
            source,
            answer: self.answer.unwrap_or_default(),
            content_type: self.content_type.unwrap_or_default(),
            status: self.status.unwrap_or(200).to_string(),
            voice_url: self.voice_url.unwrap_or_default(),
            method: self.method.unwrap_or(defaults.method),
            req_format: self.req_format.unwrap_or(defaults.req_format),
            req_body_format: self.req_body_format.unwrap_or(defaults.req_body_format),
            req_timeout_ms: self
                .req_timeout_ms
                .map(|ms| ms.to_string())
                .unwrap_or_default(),
            cdr_url: self.cdr_url,
        })
    }
}

/// `POST /check`: the report (200), or 422 naming each wrong field.
pub(super) async fn check(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CheckBody>,
) -> ApiResult {
    let form = body.into_form().map_err(ApiError::fields)?;
    let report = service::check(&state, &caller, &form).await?;
    Ok(Json(report).into_response())
}
