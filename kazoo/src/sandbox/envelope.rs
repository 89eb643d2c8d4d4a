//! The crossbar response envelope (API.md §2) and request context.

use axum::{
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

use super::world::ApiError;

/// Kazoo version string the sandbox reports.
const VERSION: &str = "5.0.0-sandbox";

/// Per-request context: the request id and the token presented.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub request_id: String,
    pub token: Option<String>,
}

/// A successful answer before it is wrapped in the envelope.
#[derive(Debug, Default)]
pub struct Success {
    pub status: u16,
    pub data: Value,
    /// `_rev` of a single document (also sent as `ETag`).
    pub revision: Option<String>,
    /// `page_size`, `start_key`, `next_start_key` of listings.
    pub paging: Map<String, Value>,
    /// `Location` of a created document.
    pub location: Option<String>,
    /// A token to put in the envelope instead of the presented one (auth).
    pub new_token: Option<String>,
}

impl Success {
    pub fn ok(data: Value) -> Self {
        Self {
            status: 200,
            data,
            ..Self::default()
        }
    }
}

impl Ctx {
    /// Adopts `X-Request-ID` (else a random 32-hex id) and finds the token
    /// in `X-Auth-Token` or `Authorization: Bearer`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = text("x-request-id")
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| hex::encode(rand::random::<[u8; 16]>()));
        let bearer =
            text("authorization").and_then(|a| a.strip_prefix("Bearer ").map(str::to_owned));
        Self {
            request_id,
            token: text("x-auth-token").or(bearer),
        }
    }

    fn base(&self, status: &str, authenticated: bool) -> Map<String, Value> {
        let mut env = Map::new();
        env.insert("status".into(), json!(status));
        env.insert("request_id".into(), json!(self.request_id));
        env.insert("timestamp".into(), json!(timestamp()));
        env.insert("node".into(), json!("c2FuZGJveA"));
        if authenticated {
            env.insert("version".into(), json!(VERSION));
        }
        if let Some(token) = &self.token {
            env.insert("auth_token".into(), json!(token));
        }
        env
    }

    /// The success envelope with its headers.
    pub fn success(&self, s: Success) -> Response {
        let mut env = self.base("success", true);
        if let Some(token) = s.new_token {
            env.insert("auth_token".into(), json!(token));
        }
        let revision = s.revision.clone().or_else(|| list_revision(&s.data));
        if let Some(rev) = &revision {
            env.insert("revision".into(), json!(rev));
        }
        env.extend(s.paging);
        env.insert("data".into(), s.data);
        let mut response = self.json(s.status, Value::Object(env));
        if let Some(rev) = s
            .revision
            .and_then(|r| HeaderValue::from_str(&format!("\"{r}\"")).ok())
        {
            response.headers_mut().insert(header::ETAG, rev);
        }
        if let Some(loc) = s.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            response.headers_mut().insert(header::LOCATION, loc);
        }
        response
    }

    /// The error envelope: `error` is the HTTP code as a string.
    pub fn error(&self, e: ApiError) -> Response {
        let mut env = self.base("error", false);
        env.insert("error".into(), json!(e.status.to_string()));
        env.insert("message".into(), json!(e.message));
        env.insert("data".into(), e.data);
        self.json(e.status, Value::Object(env))
    }

    fn json(&self, status: u16, body: Value) -> Response {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response();
        if let Ok(id) = HeaderValue::from_str(&self.request_id) {
            response.headers_mut().insert("x-request-id", id);
        }
        response
    }
}

/// md5-hex of a non-empty listing's body; none for other bodies.
fn list_revision(data: &Value) -> Option<String> {
    let non_empty_list = data.as_array().is_some_and(|a| !a.is_empty());
    non_empty_list.then(|| hex::encode(Md5::digest(data.to_string())))
}

fn timestamp() -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default()
}
