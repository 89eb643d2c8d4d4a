//! The request Kazoo Pivot sends to the customer's server
//! (PIVOT_TWIML.md §2): the parameters of each request format, how they
//! travel (GET query, POST form or JSON body), where follow-up requests
//! go and with which method, and the node's timeout (§1).

mod encode;
mod params;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    callflow::{BodyFormat, HttpMethod, Pivot, ReqFormat},
    rules,
};

pub use params::request_params;

/// Kazoo's request timeout when the node sets none: system config
/// `pivot.request_timeout_ms`, default 5000 (§1, `pivot_call`
/// `?DEFAULT_REQ_TIMEOUT_MS`). Also the schema's maximum.
pub const DEFAULT_TIMEOUT_MS: u64 = 5000;

/// How long the callflow's pivot node waits for Pivot to report
/// `processing` or `failed`, in seconds (§1, `cf_pivot`
/// `?DEFAULT_EVENT_WAIT`): past it, the call goes to the `_` child.
pub const EVENT_WAIT_S: u64 = 10;

/// The timeout of one request in milliseconds: the node's
/// `req_timeout_ms`, capped at 5000 (`callflows.pivot.json` maximum);
/// 5000 when absent. A value of 0 or less is treated as absent [infer:
/// the schema refuses it, so no stored node has one].
pub fn timeout_ms(req_timeout_ms: Option<i64>) -> u64 {
    match req_timeout_ms {
        Some(ms) if ms > 0 => (ms as u64).min(rules::PIVOT_TIMEOUT_MAX_MS as u64),
        _ => DEFAULT_TIMEOUT_MS,
    }
}

/// Why no request can be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RequestError {
    /// The URL (or a relative one resolved against the current URL) is
    /// not an absolute http(s) URL.
    #[error("{url} is not a web address Kazoo can request (it must start with http:// or https://): {reason}")]
    BadUrl { url: String, reason: String },
}

/// The pivot node's keys that shape the requests (§1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PivotSettings {
    /// Where the first request goes.
    pub voice_url: String,
    /// The first request's method.
    pub method: HttpMethod,
    /// Parameter naming of every request (§2).
    pub req_format: ReqFormat,
    /// Body of POST requests.
    pub req_body_format: BodyFormat,
    /// The node's `req_timeout_ms`, as stored.
    pub req_timeout_ms: Option<i64>,
    /// Whether the node has a `cdr_url` (the §1 "left in silence" quirk).
    pub cdr_url: Option<String>,
}

impl PivotSettings {
    /// The settings of a pivot node's data, with Kazoo's run-time
    /// defaults for absent keys: method `get`, body `form`, and request
    /// format **`twiml`** — `cf_pivot` passes `req_format` without a
    /// default and `pivot_call` takes `twiml` (§1; the schema's `kazoo`
    /// default only applies when Crossbar saved the node).
    pub fn from_pivot(pivot: &Pivot) -> Self {
        Self {
            voice_url: pivot.voice_url.clone(),
            method: pivot.method.unwrap_or(HttpMethod::Get),
            req_format: pivot
                .req_format
                .unwrap_or(crate::rules::PIVOT_RUNTIME_REQ_FORMAT),
            req_body_format: pivot.req_body_format.unwrap_or(BodyFormat::Form),
            req_timeout_ms: pivot.req_timeout_ms,
            cdr_url: pivot.cdr_url.clone().filter(|u| !u.trim().is_empty()),
        }
    }

    /// The timeout of each request, see [`timeout_ms`].
    pub fn timeout_ms(&self) -> u64 {
        timeout_ms(self.req_timeout_ms)
    }
}

/// What Kazoo knows of the call when it makes a request: the facts it
/// turns into parameters (§2). Values left `None` are not sent
/// ("undefined values are omitted").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallFacts {
    /// The call's id (`CallSid` / `Call-ID`).
    pub call_id: String,
    /// The Kazoo account id (`AccountSid` / `Account-ID`).
    pub account_id: String,
    /// Caller's user part (`From`).
    pub from: String,
    /// Dialled user part (`To`; `Request` in the Kazoo format too).
    pub to: String,
    /// The account's SIP realm (`FromRealm`, `ToRealm`, `Request-Realm`).
    pub realm: Option<String>,
    /// Caller ID name (`CallerName` / `Caller-ID-Name`).
    pub caller_name: Option<String>,
    /// Caller ID number (`CallerNumber` / `Caller-ID-Number`).
    pub caller_number: Option<String>,
    /// `CallStatus` / `Call-Status`: `queued, ringing, in-progress,
    /// completed, busy, failed, no-answer, canceled` (`kzt.hrl`).
    pub call_status: Option<String>,
    /// Keys pressed at the last `<Gather>` (`Digits`).
    pub digits: Option<String>,
    /// The call's language (`Language`, Kazoo format only).
    pub language: Option<String>,
    /// Owners of the calling device (`User-ID`, Kazoo format only: one id
    /// as a string, several as a list).
    pub user_ids: Vec<String>,
    /// `Custom-Application-Vars` (Kazoo format only; sent when not empty).
    pub custom_application_vars: Vec<(String, String)>,
    /// `Custom-SIP-Headers` (Kazoo format only; sent when not empty).
    pub custom_sip_headers: Vec<(String, String)>,
    /// Request variables a verb set, named as Kazoo names them in every
    /// format (`Digits`, `RecordingUrl`, `RecordingDuration`,
    /// `DialCallStatus`, `DialCallSid`, `DialCallDuration`; §2, §4.2).
    pub request_vars: Vec<(String, String)>,
    /// Variables set with `<Set><Variable>`, sent on every later request
    /// (§2: the base parameters win on a clash).
    pub user_vars: Vec<(String, String)>,
}

impl CallFacts {
    /// A made-up test call to `to` from `+15555550100`, as the checker
    /// uses when no real call exists: ringing, realm `checker.invalid`.
    pub fn test_call(account_id: &str, to: &str) -> Self {
        Self {
            call_id: "pivot-checker-0000000000000000".into(),
            account_id: account_id.into(),
            from: "+15555550100".into(),
            to: to.into(),
            realm: Some("checker.invalid".into()),
            caller_name: Some("Pivot checker".into()),
            caller_number: Some("+15555550100".into()),
            call_status: Some("ringing".into()),
            ..Self::default()
        }
    }

    /// Sets a request variable, replacing one of the same name.
    pub fn set_request_var(&mut self, key: &str, value: &str) {
        set(&mut self.request_vars, key, value);
    }

    /// Sets a `<Set>` variable, replacing one of the same name.
    pub fn set_user_var(&mut self, key: &str, value: &str) {
        set(&mut self.user_vars, key, value);
    }
}

fn set(list: &mut Vec<(String, String)>, key: &str, value: &str) {
    match list.iter_mut().find(|(k, _)| k == key) {
        Some(entry) => entry.1 = value.to_owned(),
        None => list.push((key.to_owned(), value.to_owned())),
    }
}

/// A request as Pivot would send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PivotRequest {
    pub method: HttpMethod,
    /// The full URL, with the parameters in the query for a GET.
    pub url: String,
    /// `application/x-www-form-urlencoded` or `application/json` for a
    /// POST; `None` for a GET.
    pub content_type: Option<String>,
    /// The POST body; `None` for a GET.
    pub body: Option<String>,
    /// The parameters sent, in order (objects and lists as JSON), for
    /// showing them.
    pub params: Vec<(String, Value)>,
    /// How long Kazoo waits for the answer, in milliseconds.
    pub timeout_ms: u64,
}

/// Builds a request (§2): GET appends the parameters to the URL's query
/// (`&` when it has one already); POST sends them PHP-style
/// form-encoded (`req_body_format` `form`) or as a flat JSON object
/// (`json`).
///
/// # Errors
/// When `url` is not an absolute http(s) URL.
pub fn build_request(
    url: &str,
    method: HttpMethod,
    req_format: ReqFormat,
    body_format: BodyFormat,
    facts: &CallFacts,
    timeout_ms: u64,
) -> Result<PivotRequest, RequestError> {
    let parsed = parse_web_url(url)?;
    let params = request_params(req_format, facts);
    let (url, content_type, body) = match (method, body_format) {
        (HttpMethod::Get, _) => {
            let query = encode::form(&params);
            let full = encode::append_query(parsed.as_str(), &query);
            (full, None, None)
        }
        (HttpMethod::Post, BodyFormat::Form) => (
            parsed.to_string(),
            Some("application/x-www-form-urlencoded".to_owned()),
            Some(encode::form(&params)),
        ),
        (HttpMethod::Post, BodyFormat::Json) => (
            parsed.to_string(),
            Some("application/json".to_owned()),
            Some(encode::json(&params)),
        ),
    };
    Ok(PivotRequest {
        method,
        url,
        content_type,
        body,
        params,
        timeout_ms,
    })
}

/// The first request of a call: the node's voice URL and method.
///
/// # Errors
/// As [`build_request`].
pub fn first_request(
    settings: &PivotSettings,
    facts: &CallFacts,
) -> Result<PivotRequest, RequestError> {
    build_request(
        &settings.voice_url,
        settings.method,
        settings.req_format,
        settings.req_body_format,
        facts,
        settings.timeout_ms(),
    )
}

/// Where a verb sends the call next and how: a Gather/Record/Dial
/// `action`, a Redirect's URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub method: HttpMethod,
    /// Absolute URL (a relative one resolved against the current URL).
    pub url: String,
}

/// A follow-up request's target (§2): `target` resolved against
/// `current_url` (`kz_http_util:resolve_uri`; no target or an empty one →
/// the current URL), method **POST** unless `method_attr` says GET
/// (`kzt_util:http_method`: compared without case; any other value is
/// POST).
///
/// # Errors
/// When the current URL is not an http(s) URL or the target does not
/// resolve to one.
pub fn follow_up(
    current_url: &str,
    target: Option<&str>,
    method_attr: Option<&str>,
) -> Result<FollowUp, RequestError> {
    let base = parse_web_url(current_url)?;
    let url = match target.map(str::trim).filter(|t| !t.is_empty()) {
        None => base,
        Some(target) => {
            let joined = base.join(target).map_err(|e| RequestError::BadUrl {
                url: target.to_owned(),
                reason: e.to_string(),
            })?;
            parse_web_url(joined.as_str())?
        }
    };
    let method = match method_attr.map(str::trim) {
        Some(m) if m.eq_ignore_ascii_case("get") => HttpMethod::Get,
        _ => HttpMethod::Post,
    };
    Ok(FollowUp {
        method,
        url: url.to_string(),
    })
}

fn parse_web_url(url: &str) -> Result<url::Url, RequestError> {
    let bad = |reason: String| RequestError::BadUrl {
        url: url.to_owned(),
        reason,
    };
    let parsed = url::Url::parse(url.trim()).map_err(|e| bad(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(bad("only http and https addresses with a host".into()));
    }
    Ok(parsed)
}
