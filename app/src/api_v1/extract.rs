//! The API's extractors: a JSON body ([`ApiJson`]), a query string
//! ([`ApiQuery`]) and path parameters ([`ApiPath`]). Unlike axum's own,
//! they refuse with the documented `{"error", "fields"}` shape, naming the
//! field (`serde_path_to_error`) in words, never with Rust type names.

use std::collections::BTreeMap;

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, OptionalFromRequest, Path, Request},
    http::{header, request::Parts, HeaderMap, StatusCode},
};
use serde::de::DeserializeOwned;
use serde_path_to_error::{Path as FieldPath, Segment};

use super::error::ApiError;
use crate::error::AppError;

/// A JSON body, read into `T`.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        let bytes = body(request, state).await?;
        parse(&bytes).map(Self)
    }
}

/// An optional JSON body: none when the request has no body at all.
impl<T: DeserializeOwned, S: Send + Sync> OptionalFromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Option<Self>, ApiError> {
        let json = is_json(request.headers());
        let bytes = body(request, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        if !json {
            return Err(ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        parse(&bytes).map(|t| Some(Self(t)))
    }
}

/// A query string, read into `T`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let pairs = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(pairs)
            .map(Self)
            .map_err(|e| field_error(e.path(), &e.inner().to_string()))
    }
}

/// Path parameters (`{id}`). A path that does not decode (say, invalid
/// UTF-8) names nothing that exists: 404, as an unknown id.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| Self(t))
            .map_err(|_| AppError::NotFound.into())
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
}

/// The whole body, within the body limit (413 past it).
async fn body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            let status = rejection.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::for_status(status)
            } else {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "The request body could not be read.",
                )
            }
        })
}

/// The body as `T`: 400 when it is not JSON at all, 422 when it is not an
/// object, or naming the field when a value is missing or of the wrong
/// type.
///
/// # Errors
/// The documented error, ready to answer.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "The body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        )
    })?;
    // Every body is an object: serde would also read a struct from an
    // array (`[]` as all defaults), which no client means.
    if !value.is_object() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The body must be a JSON object.",
        ));
    }
    from_value(value)
}

/// A JSON value as `T`, 422 naming the field when it does not fit.
///
/// # Errors
/// The documented error, ready to answer.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| field_error(e.path(), &e.inner().to_string()))
}

/// 422 naming the field a deserialization error is about, in words.
fn field_error(path: &FieldPath, serde_message: &str) -> ApiError {
    let (field, message) = describe(path, serde_message);
    if field.is_empty() {
        return ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message);
    }
    ApiError::fields(BTreeMap::from([(field, message)]))
}

/// The field (a top-level name; empty for the body as a whole) and what
/// is wrong with it. serde's message is only read for its kind; what it
/// says about Rust types is never passed on.
fn describe(path: &FieldPath, serde_message: &str) -> (String, String) {
    let mut segments = path.iter();
    let mut field = match segments.next() {
        Some(Segment::Map { key }) => key.clone(),
        _ => String::new(),
    };
    let item = match segments.next() {
        Some(Segment::Seq { index }) => format!("Item {}: ", index + 1),
        _ => String::new(),
    };
    let message = if let Some(rest) = serde_message.strip_prefix("missing field `") {
        if field.is_empty() {
            field = rest.split('`').next().unwrap_or_default().to_owned();
        }
        "This field is required.".to_owned()
    } else if let Some(rest) = serde_message.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        match field.is_empty() {
            true => "The body must be a JSON object.".to_owned(),
            false => format!(
                "Expected {}, not {}.",
                kind_expected(expected),
                kind_got(got)
            ),
        }
    } else if let Some(rest) = serde_message.strip_prefix("unknown variant `") {
        match rest.split_once("expected one of ") {
            Some((_, choices)) => format!("Expected one of {}.", choices.replace('`', "\"")),
            None => "This value is not one of the choices.".to_owned(),
        }
    } else if serde_message.starts_with("invalid value: ") {
        "This value is out of range.".to_owned()
    } else if serde_message.starts_with("invalid length ") {
        "This list has the wrong number of items.".to_owned()
    } else if serde_message.starts_with("data did not match any variant") {
        "This value has the wrong type.".to_owned()
    } else if serde_message.contains("too large") || serde_message.contains("too small") {
        "This value is out of range.".to_owned()
    } else if ["digit", "integer", "number"]
        .iter()
        .any(|w| serde_message.contains(w))
    {
        "Expected a whole number.".to_owned()
    } else {
        "This value is not valid.".to_owned()
    };
    (field, format!("{item}{message}"))
}

/// What serde expected, in JSON's words.
fn kind_expected(expected: &str) -> &'static str {
    let e = expected.to_ascii_lowercase();
    let digits = |prefix: char| {
        e.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if e.contains("bool") {
        "true or false"
    } else if digits('i') || digits('u') || e.contains("integer") {
        "a whole number"
    } else if digits('f') || e.contains("float") || e.contains("number") {
        "a number"
    } else if e.contains("string") || e.contains("char") {
        "text"
    } else if e.contains("sequence") || e.contains("array") || e.contains("tuple") {
        "a list"
    } else if e.contains("struct") || e.contains("map") {
        "an object"
    } else {
        "another kind of value"
    }
}

/// What was sent instead, in JSON's words (never the value itself).
fn kind_got(got: &str) -> &'static str {
    let first = got.split_whitespace().next().unwrap_or_default();
    match first {
        "boolean" => "true or false",
        "integer" => "a whole number",
        "floating" => "a decimal number",
        "string" | "character" => "text",
        "null" | "unit" => "null",
        "sequence" => "a list",
        "map" => "an object",
        _ => "that",
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only deserialized")]
    struct Body {
        version: i32,
        name: String,
        #[serde(default)]
        numbers: Vec<String>,
        #[serde(default)]
        debug: bool,
    }

    fn refused(json: &str) -> (StatusCode, serde_json::Value) {
        let error = parse::<Body>(json.as_bytes()).unwrap_err();
        let response = axum::response::IntoResponse::into_response(error);
        let status = response.status();
        let body = futures_body(response);
        (status, body)
    }

    fn futures_body(response: axum::response::Response) -> serde_json::Value {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let bytes = runtime
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn errors_name_the_field_in_words() {
        let (status, body) = refused(r#"{"version": "x", "name": "a"}"#);
        assert_eq!(status, 422);
        assert_eq!(
            body["fields"]["version"],
            "Expected a whole number, not text."
        );

        let (_, body) = refused(r#"{"version": 1}"#);
        assert_eq!(body["fields"]["name"], "This field is required.");

        let (_, body) = refused(r#"{"version": 1, "name": "a", "numbers": ["1", 2]}"#);
        assert_eq!(
            body["fields"]["numbers"],
            "Item 2: Expected text, not a whole number."
        );

        let (_, body) = refused(r#"{"version": 1, "name": "a", "debug": null}"#);
        assert_eq!(body["fields"]["debug"], "Expected true or false, not null.");

        let (_, body) = refused(r#"{"version": 99999999999, "name": "a"}"#);
        assert_eq!(body["fields"]["version"], "This value is out of range.");
    }

    #[test]
    fn a_body_that_is_not_an_object_or_not_json_says_so() {
        let (status, body) = refused("[1, 2]");
        assert_eq!(status, 422);
        assert_eq!(body["error"], "The body must be a JSON object.");
        assert_eq!(body["fields"], serde_json::json!({}));

        let (status, body) = refused(r#"{"version": 1,"#);
        assert_eq!(status, 400);
        assert!(body["error"].as_str().unwrap().contains("not valid JSON"));
    }

    #[test]
    fn no_rust_type_names_leak() {
        for json in [
            r#"{"version": "x", "name": 1}"#,
            r#"{"version": 1.5, "name": "a"}"#,
            r#"{"version": 1, "name": {}}"#,
            r#"{"version": 1, "name": "a", "numbers": {"a": 1}}"#,
            r#""text""#,
            "null",
        ] {
            let (_, body) = refused(json);
            let text = body.to_string();
            for rust in [
                "i32", "String", "Vec", "struct", "Body", "bool", "u32", "sequence",
            ] {
                assert!(!text.contains(rust), "{json} → {text}");
            }
        }
    }
}
