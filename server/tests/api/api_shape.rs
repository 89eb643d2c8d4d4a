//! The JSON API's errors: whatever refuses a request under `/api/v1` (bad
//! JSON, wrong types, missing fields, bad ids and query strings, unknown
//! routes and methods, the body limit, the guards), the answer is the
//! documented `{"error", "fields"}` JSON naming the field, never a Rust
//! type name. `documented` is shared with the generated set.

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{header, spawn_app, TestApp};

pub const URL: &str = "https://voice.example.com/twiml";

/// Words of Rust's type system that an API error must never show.
pub const RUST_WORDS: [&str; 12] = [
    "i32",
    "u32",
    "i64",
    "u64",
    "String",
    "Vec<",
    "Option<",
    "struct ",
    "PivotInput",
    "SyncBody",
    "invalid type",
    "expected ",
];

/// Asserts the documented `{"error": "…", "fields": {…}}` JSON and returns
/// it.
pub async fn documented(response: Response, what: &str) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = header(response.headers(), "content-type");
    let text = response.text().await.unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{what}: {status} {content_type}: {text}"
    );
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{what}: {text}"));
    assert!(
        value["error"].is_string() && value["fields"].is_object(),
        "{what}: {text}"
    );
    for word in RUST_WORDS {
        assert!(!text.contains(word), "{what}: {word:?} in {text}");
    }
    (status, value)
}

pub fn api(app: &TestApp, path: &str) -> String {
    format!("{}/api/v1{path}", app.address)
}

pub async fn post_json(app: &TestApp, path: &str, body: String) -> Response {
    app.client
        .post(api(app, path))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

pub async fn create_draft(app: &TestApp, name: &str, number: &str) -> Value {
    let body = json!({"name": name, "numbers": [number], "voice_url": URL});
    let response = post_json(app, "/drafts", body.to_string()).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_json_api_error_has_the_documented_shape() {
    let app = spawn_app().await;
    // Anonymous: 401 in the shape.
    let (status, _) = documented(
        app.client.get(api(&app, "/drafts")).send().await.unwrap(),
        "anonymous",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    app.login_as_admin().await;
    let draft = create_draft(&app, "Shape", "4155550104").await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let before = app.table_fingerprint().await;
    let send = |method: &str, path: String, body: Option<(&str, String)>| {
        let mut request = app
            .client
            .request(method.parse().unwrap(), api(&app, &path));
        if let Some((content_type, body)) = body {
            request = request.header("content-type", content_type).body(body);
        }
        request.send()
    };
    let json = |body: &str| Some(("application/json", body.to_owned()));
    // Method, path, body (content type, text), status, field named.
    type Case<'a> = (
        &'a str,
        String,
        Option<(&'a str, String)>,
        u16,
        Option<&'a str>,
    );
    let cases: Vec<Case<'_>> = vec![
        // Bad JSON.
        (
            "POST",
            "/drafts".into(),
            json(r#"{"name": "x","#),
            400,
            None,
        ),
        // Wrong types, naming the field.
        (
            "POST",
            "/drafts".into(),
            json(r#"{"name": 5}"#),
            422,
            Some("name"),
        ),
        (
            "POST",
            "/preview".into(),
            json(r#"{"debug": "yes"}"#),
            422,
            Some("debug"),
        ),
        (
            "POST",
            "/preview".into(),
            json(r#"{"numbers": [1]}"#),
            422,
            Some("numbers"),
        ),
        ("POST", "/drafts".into(), json("[]"), 422, None),
        // Missing fields.
        (
            "PUT",
            format!("/drafts/{id}"),
            json(r#"{"name": "x"}"#),
            422,
            Some("version"),
        ),
        (
            "PUT",
            format!("/drafts/{id}"),
            json(r#"{"version": "1"}"#),
            422,
            Some("version"),
        ),
        // Bad path ids.
        ("GET", "/drafts/not-a-uuid".into(), None, 404, None),
        ("GET", "/drafts/%FF%FE".into(), None, 404, None),
        ("POST", "/drafts/%00/sync".into(), None, 404, None),
        // Bad query strings.
        (
            "DELETE",
            format!("/drafts/{id}?version=abc"),
            None,
            422,
            Some("version"),
        ),
        (
            "DELETE",
            format!("/drafts/{id}"),
            None,
            422,
            Some("version"),
        ),
        (
            "DELETE",
            format!("/drafts/{id}?version=%00"),
            None,
            422,
            Some("version"),
        ),
        // Bodies that are not JSON, or too large.
        (
            "POST",
            "/preview".into(),
            Some(("text/plain", "{}".into())),
            415,
            None,
        ),
        (
            "POST",
            format!("/drafts/{id}/sync"),
            Some(("application/json", "{\"version\": []}".into())),
            422,
            Some("version"),
        ),
        (
            "POST",
            "/preview".into(),
            json(&format!("\"{}\"", "x".repeat(300 * 1024))),
            413,
            None,
        ),
        // Unknown routes and methods.
        ("GET", "/nope".into(), None, 404, None),
        ("GET", "/drafts/x/y/z".into(), None, 404, None),
        ("PATCH", "/drafts".into(), None, 405, None),
        ("GET", "/preview".into(), None, 405, None),
    ];
    for (method, path, body, want, field) in cases {
        let what = format!("{method} {path}");
        let (status, error) = documented(send(method, path, body).await.unwrap(), &what).await;
        assert_eq!(status.as_u16(), want, "{what}: {error}");
        if let Some(field) = field {
            assert!(error["fields"][field].is_string(), "{what}: {error}");
        }
    }
    let not_allowed = app.client.patch(api(&app, "/drafts")).send().await.unwrap();
    let allow = header(not_allowed.headers(), "allow");
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    // A cross-site post: 403 in the shape.
    let cross = app
        .client
        .post(api(&app, "/preview"))
        .header("origin", "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        documented(cross, "cross-site").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.table_fingerprint().await, before, "nothing changed");
}
