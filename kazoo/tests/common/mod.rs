//! What the sandbox tests share: a sandbox on a free port, a client and a
//! raw HTTP client for it, and Kazoo's schema files when they are at hand.
#![allow(dead_code)]

use std::{path::PathBuf, time::Duration};

use kazoo::{
    sandbox::{seed, Faults, Sandbox, SandboxConfig},
    KazooClient, KazooError,
};
use serde_json::Value;

/// `../shared/kazoo/schemas` relative to the repository, if present.
pub fn shared_schemas() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
    dir.is_dir().then_some(dir)
}

/// A sandbox serving on a free local port.
pub struct Running {
    pub base: String,
    pub client: KazooClient,
    pub http: reqwest::Client,
}

pub async fn spawn(config: SandboxConfig) -> Running {
    let sandbox = Sandbox::new(config).expect("sandbox");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = sandbox.router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = KazooClient::new(&base, Duration::from_secs(2)).unwrap();
    Running {
        base,
        client,
        http: reqwest::Client::new(),
    }
}

/// A sandbox with Kazoo's schema files when they are at hand.
pub async fn spawn_default() -> Running {
    spawn(SandboxConfig {
        schemas_dir: shared_schemas(),
        ..SandboxConfig::default()
    })
    .await
}

impl Running {
    pub async fn login(&self) -> kazoo::types::AuthSession {
        self.client
            .user_auth(seed::ACCOUNT_NAME, seed::USERNAME, seed::PASSWORD)
            .await
            .expect("login")
    }

    /// One request; the answer's status, headers and JSON body.
    pub async fn raw(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.header("X-Auth-Token", t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        (status, headers, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn set_faults(&self, faults: Faults) {
        self.http
            .put(format!("{}/sandbox/faults", self.base))
            .json(&faults)
            .send()
            .await
            .unwrap();
    }

    pub async fn expire_tokens(&self) {
        self.http
            .post(format!("{}/sandbox/expire-tokens", self.base))
            .send()
            .await
            .unwrap();
    }
}

/// A header's value as text (empty when absent).
pub fn header(headers: &reqwest::header::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The details of the validation error at `path` / `rule`; panics when the
/// error is another one.
pub fn assert_validation(e: KazooError, path: &str, rule: &str) -> Value {
    match e {
        KazooError::Validation { errors, request_id } => {
            assert!(
                request_id.is_some(),
                "validation errors keep the request id"
            );
            errors
                .get(path)
                .and_then(|r| r.get(rule))
                .cloned()
                .unwrap_or_else(|| panic!("no {path}.{rule} in {errors:?}"))
        }
        other => panic!("expected validation error at {path}, got {other:?}"),
    }
}
