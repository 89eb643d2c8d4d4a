//! The JSON API's errors: `{"error": message, "fields": {…}}` with the
//! error's HTTP status.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use crate::error::AppError;

/// What every API handler returns.
pub type ApiResult = Result<Response, ApiError>;

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
