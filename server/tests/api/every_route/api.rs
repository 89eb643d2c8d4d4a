//! The JSON API part of the generated set: every route of
//! `api_v1::ROUTES` with every method (the others must answer 405, which
//! holds the list to the router), malformed ids, bad query strings, bodies
//! that are not JSON or not objects, wrong types and bad texts field by
//! field (the fields and their types come from the model), bodies past
//! the limit.

use app::{api_v1, url::urlencode};
use kazoo::pivot::PivotInput;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{bad_texts, query_sized, send_api, url, BAD_IDS, RAW_QUERY_VALUES, URL};
use crate::helpers::TestApp;

/// One route and method under probe.
struct Target<'a> {
    app: &'a TestApp,
    path: &'static str,
    method: Method,
    url: String,
    what: String,
}

impl Target<'_> {
    fn request(&self) -> reqwest::RequestBuilder {
        self.app.client.request(self.method.clone(), &self.url)
    }

    /// Sends, and returns the status and JSON answered.
    async fn send(&self, what: &str, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        send_api(&format!("{} {what}", self.what), request).await
    }
}

/// The whole JSON API.
pub async fn probe(app: &TestApp, id: &str, version: i64) {
    for (path, methods) in api_v1::ROUTES {
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
        ] {
            let target = Target {
                app,
                path,
                url: url(app, &format!("/api/v1{}", path.replace("{id}", id))),
                what: format!("{method} {path}"),
                method,
            };
            if !methods.contains(&target.method) {
                let (status, _) = target.send("", target.request()).await;
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{}: ROUTES and the router differ",
                    target.what
                );
                continue;
            }
            probe_ids(&target, version).await;
            if target.method == Method::GET || target.method == Method::DELETE {
                probe_query(&target).await;
            } else {
                probe_bodies(&target, version).await;
            }
        }
    }
    for unknown in [
        "/api/v1",
        "/api/v1/",
        "/api/v1/nope",
        "/api/v1/drafts/x/y",
        "/api/v1/%00",
    ] {
        let (status, _) = send_api(unknown, app.client.get(url(app, unknown))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
    }
}

/// A valid body for every route that takes one (extra fields are ignored).
fn valid_body(version: i64) -> Value {
    json!({"name": "Probe", "numbers": ["4155550104"], "voice_url": URL,
           "fallback": "say", "fallback_text": "Sorry.", "version": version})
}

/// Ids that name nothing: a client error, whatever the body.
async fn probe_ids(target: &Target<'_>, version: i64) {
    if !target.path.contains("{id}") {
        return;
    }
    for bad in BAD_IDS {
        let bad_url = url(
            target.app,
            &format!("/api/v1{}", target.path.replace("{id}", bad)),
        );
        let request = target.app.client.request(target.method.clone(), &bad_url);
        let (status, _) = target
            .send(&format!("id {bad}"), request.json(&valid_body(version)))
            .await;
        assert!(
            status.is_client_error(),
            "{} id {bad}: {status}",
            target.what
        );
    }
}

/// Bad `version` values (DELETE takes it in the query), and junk queries.
async fn probe_query(target: &Target<'_>) {
    if target.method == Method::DELETE {
        let mut values: Vec<String> = bad_texts()
            .into_iter()
            .map(|(_, v)| urlencode(&query_sized(&v)))
            .collect();
        values.extend(RAW_QUERY_VALUES.map(str::to_owned));
        values.extend(["abc", "1.5", "99999999999", ""].map(str::to_owned));
        for value in values {
            let request = target
                .app
                .client
                .delete(format!("{}?version={value}", target.url));
            let (status, _) = target.send(&format!("version={value:.20}"), request).await;
            assert!(
                status.is_client_error(),
                "{} version={value:.20}: {status}",
                target.what
            );
        }
    }
    let junk = target.app.client.request(
        target.method.clone(),
        format!("{}?%FF=%00&&=&version", target.url),
    );
    target.send("junk query", junk).await;
}

/// The fields of the route's body and their JSON types (from the model),
/// and a valid body to change one field of.
fn body_fields(target: &Target<'_>, version: i64) -> (Vec<(String, Value)>, Value) {
    let pivot = serde_json::to_value(PivotInput::default()).unwrap();
    let fields = |example: Value| -> Vec<(String, Value)> {
        example
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    match (target.path, &target.method) {
        ("/drafts" | "/preview", &Method::POST) => (fields(pivot), valid_body(version)),
        ("/drafts/{id}", &Method::PUT) => {
            let mut f = fields(pivot);
            f.push(("version".into(), json!(1)));
            (f, valid_body(version))
        }
        ("/migrate/twilio", &Method::POST) => (
            fields(json!({"export": "", "applications": "", "dry_run": true})),
            json!({"export": super::TWILIO_EXPORT, "dry_run": true}),
        ),
        // A pasted answer (a voice URL would be requested: the walk and
        // SSRF tests do that against their own servers).
        ("/check", &Method::POST) => (
            fields(
                json!({"answer": "<Response/>", "content_type": "text/xml", "status": 200,
                          "voice_url": URL, "method": "post", "req_format": "twiml",
                          "req_body_format": "form", "req_timeout_ms": 1000, "cdr_url": false}),
            ),
            json!({"answer": "<Response/>", "content_type": "text/xml", "status": 200}),
        ),
        // A job: every field's type probed on "sync every changed draft"
        // (the probes never send a valid body: nothing starts).
        ("/jobs", &Method::POST) => (
            fields(json!({"kind": "sync", "drafts": [URL], "changed": true})),
            json!({"kind": "sync", "changed": true}),
        ),
        // Cancel and retry take no fields (an empty body or `{}`).
        (p, _) if p.ends_with("/cancel") || p.ends_with("/retry-failed") => (Vec::new(), json!({})),
        // A sync's body is optional: only wrong fields may be sent.
        (p, _) if p.ends_with("/sync") || p.ends_with("/remove-routing") => {
            (fields(json!({"version": 1, "overwrite": false})), json!({}))
        }
        _ => panic!("{}: add its body fields to body_fields", target.what),
    }
}

/// Values of a JSON type other than `like`'s.
fn wrong_types(like: &Value) -> Vec<Value> {
    let all = [
        json!(5),
        json!(1.5),
        json!(true),
        json!("text"),
        json!([]),
        json!({}),
        json!([1]),
        json!(null),
    ];
    all.into_iter()
        .filter(|v| std::mem::discriminant(v) != std::mem::discriminant(like))
        .filter(|v| !(like.is_number() && v.is_number()))
        // A list of texts may be sent as one text ("numbers": "415…, 416…").
        .filter(|v| !(like.is_array() && v.is_string()))
        .collect()
}

/// Bodies: not JSON, not objects, each field of a wrong type or holding a
/// bad text, past the limit, another content type.
async fn probe_bodies(target: &Target<'_>, version: i64) {
    for body in [
        "{",
        "[]",
        "\"x\"",
        "null",
        "1",
        "{\"name\": \"\\u0000\"",
        "\u{0}",
    ] {
        let request = target
            .request()
            .header("content-type", "application/json")
            .body(body);
        let (status, _) = target.send(&format!("body {body:?}"), request).await;
        assert!(
            status.is_client_error(),
            "{} body {body:?}: {status}",
            target.what
        );
    }
    let (fields, base) = body_fields(target, version);
    for (field, like) in &fields {
        // A sync's `version` is optional: null is "no version"; so is
        // every field of a check (null is "not sent").
        let optional = (field == "version" && base.as_object().is_some_and(|b| b.is_empty()))
            || target.path == "/check";
        for wrong in wrong_types(like)
            .into_iter()
            .filter(|w| !(optional && w.is_null()))
        {
            let mut body = base.clone();
            body[field.as_str()] = wrong.clone();
            let (status, _) = target
                .send(&format!("{field}={wrong}"), target.request().json(&body))
                .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{} {field}={wrong}",
                target.what
            );
        }
        if like.is_string() {
            probe_texts(target, field, &base, version).await;
        }
    }
    // A fresh connection: the server closes one it answered 413 without
    // reading the rest of the body. The Twilio import's 16 MiB would
    // still be on its way when the connection closes: `migrate.rs` sends
    // that one's head alone.
    let limit = app::body_limit_for(&format!("/api/v1{}", target.path));
    if limit == app::BODY_LIMIT_BYTES {
        let big = reqwest::Client::new()
            .request(target.method.clone(), &target.url)
            .header("content-type", "application/json")
            .body(format!("\"{}\"", "9".repeat(limit + 1024)));
        let (status, _) = target.send("oversized", big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{}", target.what);
    }
    let not_json = target
        .request()
        .header("content-type", "text/plain")
        .body("{}");
    let (status, _) = target.send("not JSON", not_json).await;
    assert_eq!(
        status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        target.what
    );
}

/// Each bad text in one text field: refused (422), or, when the action
/// does not use the field (a forward number when the fallback says a
/// message), ignored: never stored, and a save adds nothing.
async fn probe_texts(target: &Target<'_>, field: &str, base: &Value, version: i64) {
    for (bad, text) in bad_texts() {
        let mut body = base.clone();
        body[field] = json!(text);
        let what = format!("{} {field}={bad}", target.what);
        let (status, answer) = target
            .send(&format!("{field}={bad}"), target.request().json(&body))
            .await;
        // A preview or a check stores nothing, whatever it shows.
        if status == StatusCode::UNPROCESSABLE_ENTITY
            || matches!(target.path, "/preview" | "/check")
        {
            continue;
        }
        assert!(status.is_success(), "{what}: {status}");
        let escaped = json!(text).to_string();
        assert!(
            !answer.to_string().contains(escaped.trim_matches('"')),
            "{what}: stored"
        );
        if target.method == Method::PUT {
            assert_eq!(answer["version"], version, "{what}: saved a new version");
        } else {
            discard(target.app, &answer).await;
        }
    }
}

/// Discards a draft a probe made (so the tables are as before).
async fn discard(app: &TestApp, draft: &Value) {
    let path = format!(
        "/api/v1/drafts/{}?version={}&confirm=true",
        draft["id"].as_str().unwrap(),
        draft["version"]
    );
    let response = app.client.delete(url(app, &path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "{draft}");
}
