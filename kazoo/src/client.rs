//! The reqwest client for the crossbar API subset we use (API.md §4–§6).
//! It speaks to a real Kazoo and to our sandbox alike.

mod documents;
mod error;
mod pickers;

use std::{collections::BTreeMap, time::Duration};

use md5::{Digest, Md5};
use reqwest::{header::HeaderMap, Method, RequestBuilder};
use serde_json::{json, Value};

pub use self::error::KazooError;
use crate::types::{AuthSession, AuthToken, CallflowSummary, Doc, Envelope, PhoneNumber};

/// Rows asked for per listing page; Kazoo's default is 50.
const PAGE_SIZE: u32 = 500;

/// A Kazoo crossbar client bound to one base URL (`http://host:8000/v2`).
#[derive(Debug, Clone)]
pub struct KazooClient {
    http: reqwest::Client,
    base: url::Url,
}

impl KazooClient {
    /// A client for `base_url` (with or without the trailing `/v2`) whose
    /// calls give up after `timeout`.
    ///
    /// # Errors
    /// When the URL cannot be parsed.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, KazooError> {
        let trimmed = base_url.trim_end_matches('/');
        let with_version = if trimmed.ends_with("/v2") {
            trimmed.to_owned()
        } else {
            format!("{trimmed}/v2")
        };
        let base = url::Url::parse(&format!("{with_version}/"))
            .map_err(|e| KazooError::Unreachable(format!("invalid Kazoo URL {base_url:?}: {e}")))?;
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .build()
            .map_err(|e| KazooError::Unreachable(e.to_string()))?;
        Ok(Self { http, base })
    }

    /// `PUT /v2/user_auth` with `md5(lower(username):password)`.
    ///
    /// # Errors
    /// `Unauthorized` for wrong credentials or an unknown account.
    pub async fn user_auth(
        &self,
        account_name: &str,
        username: &str,
        password: &str,
    ) -> Result<AuthSession, KazooError> {
        let hash = Md5::digest(format!("{}:{password}", username.to_lowercase()));
        let data = json!({"credentials": hex::encode(hash), "account_name": account_name, "method": "md5"});
        self.authenticate("user_auth", data).await
    }

    /// `PUT /v2/api_auth` with an account API key.
    ///
    /// # Errors
    /// `NotFound` (Kazoo's answer) for an unknown key, `Validation` for a
    /// key that is not 64 characters long.
    pub async fn api_auth(&self, api_key: &str) -> Result<AuthSession, KazooError> {
        self.authenticate("api_auth", json!({"api_key": api_key}))
            .await
    }

    async fn authenticate(&self, path: &str, data: Value) -> Result<AuthSession, KazooError> {
        let reply = self.call(Method::PUT, path, None, &[], Some(data)).await?;
        let field = |k: &str| reply.data.get(k).and_then(Value::as_str).map(str::to_owned);
        let account_id = field("account_id");
        let account_name = field("account_name").unwrap_or_default();
        let owner_id = field("owner_id");
        let token = reply.auth_token.filter(|t| !t.expose().is_empty());
        Ok(AuthSession {
            token: token.ok_or_else(|| {
                KazooError::InvalidResponse("no auth_token in the envelope".into())
            })?,
            account_id: account_id
                .ok_or_else(|| KazooError::InvalidResponse("no account_id".into()))?,
            account_name,
            owner_id,
        })
    }

    /// Every callflow summary of the account, following `next_start_key`.
    ///
    /// # Errors
    /// Any error of the underlying calls.
    pub async fn list_callflows(
        &self,
        token: &AuthToken,
        account_id: &str,
    ) -> Result<Vec<CallflowSummary>, KazooError> {
        self.list_rows(token, &format!("accounts/{account_id}/callflows"))
            .await
    }

    /// Every row of a listing, following `next_start_key`.
    async fn list_rows<T: serde::de::DeserializeOwned>(
        &self,
        token: &AuthToken,
        path: &str,
    ) -> Result<Vec<T>, KazooError> {
        let mut all = Vec::new();
        for page in self.list_pages(token, path).await? {
            let rows: Vec<T> = serde_json::from_value(page)
                .map_err(|e| KazooError::InvalidResponse(format!("{path}: {e}")))?;
            all.extend(rows);
        }
        Ok(all)
    }

    /// Every phone number of the account keyed by E.164 number, following
    /// `next_start_key`.
    ///
    /// # Errors
    /// Any error of the underlying calls.
    pub async fn list_phone_numbers(
        &self,
        token: &AuthToken,
        account_id: &str,
    ) -> Result<BTreeMap<String, PhoneNumber>, KazooError> {
        let mut all = BTreeMap::new();
        for page in self
            .list_pages(token, &format!("accounts/{account_id}/phone_numbers"))
            .await?
        {
            let numbers = page.get("numbers").cloned().unwrap_or_else(|| json!({}));
            let numbers: BTreeMap<String, PhoneNumber> = serde_json::from_value(numbers)
                .map_err(|e| KazooError::InvalidResponse(e.to_string()))?;
            all.extend(numbers);
        }
        Ok(all)
    }

    async fn list_pages(&self, token: &AuthToken, path: &str) -> Result<Vec<Value>, KazooError> {
        let mut pages = Vec::new();
        let mut start_key: Option<String> = None;
        loop {
            let mut query = vec![("page_size", PAGE_SIZE.to_string())];
            if let Some(key) = &start_key {
                query.push(("start_key", key.clone()));
            }
            let reply = self
                .call(Method::GET, path, Some(token), &query, None)
                .await?;
            let next = reply.next_start_key.map(|key| match key {
                Value::String(text) => text,
                other => other.to_string(),
            });
            pages.push(reply.data);
            match next {
                Some(key) if Some(&key) != start_key.as_ref() => start_key = Some(key),
                _ => return Ok(pages),
            }
        }
    }

    /// `GET` one callflow with its revision.
    ///
    /// # Errors
    /// `NotFound` for an unknown or deleted id.
    pub async fn get_callflow(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/callflows/{id}");
        self.call(Method::GET, &path, Some(token), &[], None)
            .await?
            .into_doc()
    }

    /// `PUT` a new callflow (201).
    ///
    /// # Errors
    /// `Validation` (including `numbers.unique`), `Forbidden` and the rest.
    pub async fn create_callflow(
        &self,
        token: &AuthToken,
        account_id: &str,
        doc: &Value,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/callflows");
        self.call(Method::PUT, &path, Some(token), &[], Some(doc.clone()))
            .await?
            .into_doc()
    }

    /// `POST` (replace) an existing callflow. With `if_match` (the
    /// revision the change is based on) Kazoo refuses with 412 when the
    /// callflow changed since.
    ///
    /// # Errors
    /// `NotFound`, `Validation`, `Conflict` (stale `if_match`) and the rest.
    pub async fn replace_callflow(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
        doc: &Value,
        if_match: Option<&str>,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/callflows/{id}");
        self.change(Method::POST, &path, token, Some(doc.clone()), if_match)
            .await
    }

    /// `DELETE` a callflow (soft delete); returns the last document. With
    /// `if_match` (the revision the admin's view is based on) Kazoo
    /// refuses with 412 when the callflow changed since.
    ///
    /// # Errors
    /// `NotFound` when already deleted, `Conflict` (stale `if_match`).
    pub async fn delete_callflow(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
        if_match: Option<&str>,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/callflows/{id}");
        self.change(Method::DELETE, &path, token, None, if_match)
            .await
    }

    /// POST or DELETE of one document, with `If-Match: "<rev>"` when given.
    async fn change(
        &self,
        method: Method,
        path: &str,
        token: &AuthToken,
        data: Option<Value>,
        if_match: Option<&str>,
    ) -> Result<Doc, KazooError> {
        let request = self.request(method.clone(), path, Some(token), &[], data);
        let request = request.map(|r| match if_match {
            Some(rev) => r.header("If-Match", format!("\"{rev}\"")),
            None => r,
        });
        Self::send(request, method, path).await?.into_doc()
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&AuthToken>,
        query: &[(&str, String)],
        data: Option<Value>,
    ) -> Result<Envelope, KazooError> {
        let request = self.request(method.clone(), path, token, query, data);
        Self::send(request, method, path).await
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&AuthToken>,
        query: &[(&str, String)],
        data: Option<Value>,
    ) -> Result<RequestBuilder, KazooError> {
        let url = self
            .base
            .join(path)
            .map_err(|e| KazooError::Unreachable(e.to_string()))?;
        let mut request = self.http.request(method, url).query(query);
        if let Some(token) = token {
            request = request.header("X-Auth-Token", token.expose());
        }
        if let Some(data) = data {
            request = request.json(&json!({ "data": data }));
        }
        Ok(request)
    }

    async fn send(
        request: Result<RequestBuilder, KazooError>,
        method: Method,
        path: &str,
    ) -> Result<Envelope, KazooError> {
        let response = request?.send().await.map_err(transport_error)?;
        let status = response.status();
        let header_request_id = request_id_header(response.headers());
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| error::retry_after_header(v, std::time::SystemTime::now()));
        let bytes = response.bytes().await.map_err(transport_error)?;
        if !status.is_success() {
            let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            let error =
                KazooError::from_response(status.as_u16(), &body, header_request_id, retry_after);
            tracing::warn!(kazoo.request_id = error.request_id(), http.status = status.as_u16(), %method, "Kazoo call to {path} failed: {error}");
            return Err(error);
        }
        serde_json::from_slice(&bytes)
            .map_err(|e| KazooError::InvalidResponse(format!("{path}: not a Kazoo envelope: {e}")))
    }
}

impl Envelope {
    /// The single document this envelope carries, with its revision.
    fn into_doc(self) -> Result<Doc, KazooError> {
        let id = self
            .data
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let id = id.ok_or_else(|| KazooError::InvalidResponse("document without id".into()))?;
        Ok(Doc {
            id,
            revision: self.revision,
            body: self.data,
            request_id: self.request_id,
        })
    }
}

fn request_id_header(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn transport_error(e: reqwest::Error) -> KazooError {
    if e.is_timeout() {
        KazooError::Timeout
    } else {
        // reqwest's message names the URL, never headers, so no token leaks.
        KazooError::Unreachable(e.to_string())
    }
}
