//! The JSON API's errors: `{"error": message, "fields": {…}}` with the
//! error's HTTP status, for every failure under `/api/v1`: the handlers'
//! own (`AppError`), the extractors' (`extract.rs`), and, through
//! [`documented_errors`], whatever answers before a handler runs (unknown
//! routes and methods, the session guard, the body limit, timeouts).

use std::collections::BTreeMap;

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use crate::error::AppError;

/// What every API handler returns.
pub type ApiResult = Result<Response, ApiError>;

/// Where the JSON API lives.
pub const PREFIX: &str = "/api/v1";

/// An error as the API answers it: a status, a sentence, and the fields
/// it is about (field → message).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    fields: BTreeMap<String, String>,
}

impl ApiError {
    /// An error about the request as a whole.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    /// 422 with field messages.
    pub fn fields(fields: BTreeMap<String, String>) -> Self {
        AppError::Validation(fields).into()
    }

    /// The answer for a status nothing more is known about (no route, no
    /// such method, too large, …), in words.
    pub fn for_status(status: StatusCode) -> Self {
        let message = match status {
            StatusCode::UNAUTHORIZED => AppError::Unauthenticated.to_string(),
            StatusCode::FORBIDDEN => "Cross-site requests are not allowed.".to_owned(),
            StatusCode::NOT_FOUND => "No such API route: see the README's JSON API.".to_owned(),
            StatusCode::METHOD_NOT_ALLOWED => {
                "This route does not take that method (the Allow header lists those it takes)."
                    .to_owned()
            }
            StatusCode::PAYLOAD_TOO_LARGE => too_large(crate::BODY_LIMIT_BYTES),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                "Send the body as JSON, with Content-Type: application/json.".to_owned()
            }
            StatusCode::REQUEST_TIMEOUT => "The request took too long. Try again.".to_owned(),
            StatusCode::TOO_MANY_REQUESTS => "Too many requests. Wait a little.".to_owned(),
            s if s.is_server_error() => "Something went wrong on our side.".to_owned(),
            _ => "The request could not be handled.".to_owned(),
        };
        Self::new(status, message)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let fields = match &e {
            AppError::Validation(fields) => fields.clone(),
            _ => BTreeMap::new(),
        };
        Self {
            status,
            message: e.to_string(),
            fields,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(json!({"error": self.message, "fields": self.fields})),
        )
            .into_response()
    }
}

/// Middleware over everything: an error answered under `/api/v1` that is
/// not already the API's JSON (axum's 404 and 405, the session guard's
/// 401, the CSRF 403, the body limit's 413, the timeout's 408) gets the
/// documented shape, keeping its status and headers (`Allow`,
/// `Retry-After`).
pub async fn documented_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let is_api = path == PREFIX || path.starts_with("/api/v1/");
    let response = next.run(request).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let documented = match status {
        // The route's own limit (the Twilio import takes more).
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(status, too_large(crate::body_limit_for(&path)))
        }
        _ => ApiError::for_status(status),
    }
    .into_response();
    let (documented_parts, body) = documented.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        documented_parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("application/json")),
    );
    Response::from_parts(parts, body)
}

/// What a body past `limit` bytes is told.
fn too_large(limit: usize) -> String {
    if limit >= 1 << 20 {
        format!(
            "The request body is too large: at most {} MiB.",
            limit >> 20
        )
    } else {
        format!(
            "The request body is too large: at most {} KiB.",
            limit / 1024
        )
    }
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}
