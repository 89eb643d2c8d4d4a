//! What can go wrong when talking to Kazoo, in terms a caller can act on.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::types::ValidationErrors;

/// A failed Kazoo call. Every variant that came from a Kazoo response keeps
/// its `request_id` so logs and the sync log can point at Kazoo's own logs.
#[derive(Debug, thiserror::Error)]
pub enum KazooError {
    /// 401: bad credentials, or a token that is missing, invalid or expired.
    #[error("Kazoo refused the credentials or token (request {request_id:?})")]
    Unauthorized { request_id: Option<String> },
    /// 403: the token may not act on that account or number.
    #[error("Kazoo forbids this: {message} (request {request_id:?})")]
    Forbidden {
        message: String,
        request_id: Option<String>,
    },
    /// 404: unknown (or deleted) id, account or api key.
    #[error("Kazoo has no such document (request {request_id:?})")]
    NotFound { request_id: Option<String> },
    /// 400 with Kazoo's dotted-path validation map.
    #[error(
        "Kazoo rejected the document: {} (request {request_id:?})",
        summary(errors)
    )]
    Validation {
        errors: ValidationErrors,
        request_id: Option<String>,
    },
    /// 409 (datastore conflict) or 412 (stale `If-Match`).
    #[error("Kazoo reported a conflicting change (request {request_id:?})")]
    Conflict { request_id: Option<String> },
    /// 429: the account's rate-limit bucket is empty. `retry_after` is
    /// the answer's `Retry-After` header, when there is one: Kazoo itself
    /// sends none (API.md §3), a proxy in front of it may.
    #[error("Kazoo is rate-limiting us (request {request_id:?})")]
    RateLimited {
        request_id: Option<String>,
        retry_after: Option<Duration>,
    },
    /// 5xx: Kazoo or its datastore failed.
    #[error("Kazoo failed with HTTP {status}: {message} (request {request_id:?})")]
    Server {
        status: u16,
        message: String,
        request_id: Option<String>,
    },
    /// Any other HTTP error status.
    #[error("Kazoo answered HTTP {status}: {message} (request {request_id:?})")]
    Unexpected {
        status: u16,
        message: String,
        request_id: Option<String>,
    },
    /// No answer within the client's timeout.
    #[error("Kazoo did not answer in time")]
    Timeout,
    /// Connection refused, DNS failure and the like.
    #[error("Kazoo could not be reached: {0}")]
    Unreachable(String),
    /// A 2xx answer we could not understand.
    #[error("Kazoo sent an answer we could not read: {0}")]
    InvalidResponse(String),
}

impl KazooError {
    /// Kazoo's request id of the failed call, when it answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Unauthorized { request_id }
            | Self::Forbidden { request_id, .. }
            | Self::NotFound { request_id }
            | Self::Validation { request_id, .. }
            | Self::Conflict { request_id }
            | Self::RateLimited { request_id, .. }
            | Self::Server { request_id, .. }
            | Self::Unexpected { request_id, .. } => request_id.as_deref(),
            Self::Timeout | Self::Unreachable(_) | Self::InvalidResponse(_) => None,
        }
    }

    /// Whether trying the same call again later may succeed (5xx, 429,
    /// timeouts, connection failures).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Server { .. } | Self::RateLimited { .. } | Self::Timeout | Self::Unreachable(_)
        )
    }

    /// How long Kazoo (or a proxy in front of it) asked us to wait before
    /// trying again: a 429's `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Builds the error for a non-2xx answer from its status and body;
    /// `retry_after` is the answer's `Retry-After` header, read by
    /// [`retry_after_header`].
    pub(crate) fn from_response(
        status: u16,
        body: &Value,
        header_request_id: Option<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        let request_id = body
            .get("request_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or(header_request_id);
        let message = body
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let data = body.get("data").cloned().unwrap_or(Value::Null);
        match status {
            401 => Self::Unauthorized { request_id },
            403 => {
                let message = data
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or(message);
                Self::Forbidden {
                    message,
                    request_id,
                }
            }
            404 => Self::NotFound { request_id },
            400 => match serde_json::from_value::<ValidationErrors>(data) {
                Ok(errors) if !errors.is_empty() => Self::Validation { errors, request_id },
                _ => Self::Unexpected {
                    status,
                    message,
                    request_id,
                },
            },
            409 | 412 => Self::Conflict { request_id },
            429 => Self::RateLimited {
                request_id,
                retry_after,
            },
            500..=599 => Self::Server {
                status,
                message,
                request_id,
            },
            _ => Self::Unexpected {
                status,
                message,
                request_id,
            },
        }
    }
}

/// A `Retry-After` value (RFC 9110 §10.2.3): delay-seconds, or an HTTP
/// date, read as the time from `now` until then (zero when it is past).
/// `None` when it is neither.
pub(crate) fn retry_after_header(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

fn summary(errors: &ValidationErrors) -> String {
    errors
        .iter()
        .map(|(path, rules)| {
            let rules: Vec<&str> = rules.keys().map(String::as_str).collect();
            format!("{path} ({})", rules.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(
            retry_after_header(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        // RFC 9110's example date is `now` above; 30 s later and earlier.
        assert_eq!(
            retry_after_header("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after_header("Sun, 06 Nov 1994 08:49:07 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after_header("soon", now), None);
        assert_eq!(retry_after_header("-3", now), None);
    }

    #[test]
    fn maps_statuses_and_keeps_request_ids() {
        let body =
            |data: Value| json!({"status":"error","request_id":"r1","message":"m","data":data});
        let e = KazooError::from_response(401, &body(json!({})), None, None);
        assert!(matches!(e, KazooError::Unauthorized { .. }));
        assert_eq!(e.request_id(), Some("r1"));
        let e = KazooError::from_response(
            400,
            &body(json!({"numbers":{"unique":{"cause":"+1"}}})),
            None,
            None,
        );
        let KazooError::Validation { errors, .. } = e else {
            panic!("not validation: {e:?}")
        };
        assert_eq!(errors["numbers"]["unique"]["cause"], "+1");
        let e = KazooError::from_response(503, &json!({}), Some("hdr".into()), None);
        assert!(e.is_retryable());
        assert_eq!(e.request_id(), Some("hdr"));
        let e = KazooError::from_response(
            403,
            &body(json!({"message":"unauthorized to use +1"})),
            None,
            None,
        );
        assert!(
            matches!(e, KazooError::Forbidden { ref message, .. } if message == "unauthorized to use +1")
        );
        let limited = KazooError::from_response(429, &json!({}), None, None);
        assert!(matches!(limited, KazooError::RateLimited { .. }));
        assert_eq!(limited.retry_after(), None);
        let wait = Some(Duration::from_secs(7));
        let limited = KazooError::from_response(429, &json!({}), None, wait);
        assert_eq!(limited.retry_after(), wait);
        assert!(matches!(
            KazooError::from_response(409, &json!({}), None, None),
            KazooError::Conflict { .. }
        ));
    }
}
