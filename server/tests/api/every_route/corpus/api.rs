//! The JSON API's cases: every field case on create, update and preview;
//! bodies that are not JSON, of the wrong types, missing fields or too
//! large; stale and future versions; unknown ids and another account's.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{action_with, Category, Tally, Things, FIELD_CASES, UNKNOWN_ID};
use crate::helpers::TestApp;

fn api(app: &TestApp, path: &str) -> String {
    format!("{}/api/v1{path}", app.address)
}

/// A request with a raw JSON body.
fn raw(app: &TestApp, method: Method, path: &str, body: String) -> reqwest::RequestBuilder {
    app.client
        .request(method, api(app, path))
        .header("content-type", "application/json")
        .body(body)
}

pub async fn cases(app: &TestApp, t: &Things, tally: &mut Tally) {
    fields(app, t, tally).await;
    bodies(app, t, tally).await;
    versions(app, t, tally).await;
    ids(app, t, tally).await;
}

/// Every field case: 422 naming the field on create and update, the
/// field's error in a preview (which stores nothing).
async fn fields(app: &TestApp, t: &Things, tally: &mut Tally) {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    for case in FIELD_CASES {
        let body = action_with(case.set);
        let what = |route: &str| format!("API {route} {:?}", case.set);
        let create = app.client.post(api(app, "/drafts")).json(&body);
        tally
            .api(
                case.category,
                what("create"),
                create,
                unprocessable,
                Some(case.field),
                case.words,
            )
            .await;
        let mut update = body.clone();
        update["version"] = json!(t.version);
        let put = app
            .client
            .put(api(app, &format!("/drafts/{}", t.draft)))
            .json(&update);
        tally
            .api(
                case.category,
                what("update"),
                put,
                unprocessable,
                Some(case.field),
                case.words,
            )
            .await;
        // A preview answers 200 with the field's error (a NUL is refused
        // first, 422, as the bounds are).
        let preview = app.client.post(api(app, "/preview")).json(&body);
        let (status, field) = if case.words == super::NUL {
            (unprocessable, Some(case.field))
        } else {
            (StatusCode::OK, None)
        };
        let answer = tally
            .api(
                case.category,
                what("preview"),
                preview,
                status,
                field,
                case.words,
            )
            .await;
        let error = answer["errors"][case.field].as_str();
        if status == StatusCode::OK && !error.is_some_and(|e| e.contains(case.words)) {
            tally.fail(&what("preview"), format!("{answer}"));
        }
    }
}

/// Bodies that are not JSON, not objects, of the wrong types, missing
/// what a route needs, or too large.
async fn bodies(app: &TestApp, t: &Things, tally: &mut Tally) {
    let draft = format!("/drafts/{}", t.draft);
    let sync = format!("/drafts/{}/sync", t.draft);
    let routes = [
        (Method::POST, "/drafts"),
        (Method::PUT, draft.as_str()),
        (Method::POST, "/preview"),
        (Method::POST, sync.as_str()),
        (Method::POST, "/migrate/twilio"),
        (Method::POST, "/check"),
    ];
    for (method, path) in &routes {
        for body in [
            "{",
            "{\"name\": ",
            "[1, 2",
            "{\"name\": \"x\",}",
            "nul",
            "\u{FEFF}{}",
        ] {
            let what = format!("API {method} {path} body {body:?}");
            let request = raw(app, method.clone(), path, body.into());
            tally
                .api(
                    Category::MalformedJson,
                    what,
                    request,
                    StatusCode::BAD_REQUEST,
                    None,
                    "JSON",
                )
                .await;
        }
        // Past the 256 KiB limit (the Twilio import takes 16 MiB:
        // `migrate.rs` sends its head alone).
        if *path != "/migrate/twilio" {
            let big = format!("{{\"name\": \"{}\"}}", "x".repeat(300 * 1024));
            let request = reqwest::Client::new()
                .request(method.clone(), api(app, path))
                .header("content-type", "application/json")
                .body(big);
            let what = format!("API {method} {path} 300 KiB");
            tally
                .api(
                    Category::Oversize,
                    what,
                    request,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    None,
                    "256 KiB",
                )
                .await;
        }
    }
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let mut wrong: Vec<(Method, String, Value, &str)> = Vec::new();
    for (field, value) in [
        ("name", json!(5)),
        ("name", json!(["a"])),
        ("numbers", json!({"a": 1})),
        ("numbers", json!([4155550104_u64])),
        ("voice_url", json!([])),
        ("debug", json!("yes")),
        ("req_timeout_ms", json!(5000)),
        ("fallback", json!(null)),
    ] {
        let mut body = action_with(&[]);
        body[field] = value;
        wrong.push((Method::POST, "/drafts".into(), body.clone(), field));
        body["version"] = json!(t.version);
        wrong.push((Method::PUT, draft.clone(), body, field));
    }
    for (field, value) in [
        ("version", json!("2")),
        ("version", json!(2.5)),
        ("overwrite", json!("yes")),
    ] {
        wrong.push((Method::POST, sync.clone(), json!({ field: value }), field));
    }
    for (field, value) in [
        ("status", json!("200")),
        ("req_timeout_ms", json!("abc")),
        ("cdr_url", json!("yes")),
    ] {
        let mut body = json!({"voice_url": "https://voice.example.com/"});
        body[field] = value;
        wrong.push((Method::POST, "/check".into(), body, field));
    }
    wrong.push((
        Method::POST,
        "/migrate/twilio".into(),
        json!({"export": 5}),
        "export",
    ));
    wrong.push((
        Method::POST,
        "/migrate/twilio".into(),
        json!({"export": "[]", "dry_run": "yes"}),
        "dry_run",
    ));
    for (method, path, body, field) in wrong {
        let what = format!("API {method} {path} {field}={}", body[field]);
        let request = app.client.request(method, api(app, &path)).json(&body);
        tally
            .api(
                Category::WrongType,
                what,
                request,
                unprocessable,
                Some(field),
                "",
            )
            .await;
    }
    // Missing what the route needs.
    let mut no_version = action_with(&[]);
    no_version.as_object_mut().unwrap().remove("version");
    for (method, path, body, field, words) in [
        (Method::PUT, draft.clone(), no_version, "version", ""),
        (
            Method::POST,
            "/migrate/twilio".to_owned(),
            json!({}),
            "export",
            "",
        ),
        (
            Method::POST,
            "/check".to_owned(),
            json!({}),
            "answer",
            "Send the answer to check",
        ),
        (
            Method::POST,
            "/check".to_owned(),
            json!({"voice_url": ""}),
            "voice_url",
            "Enter the voice URL",
        ),
    ] {
        let what = format!("API {method} {path} without {field}");
        let request = app.client.request(method, api(app, &path)).json(&body);
        tally
            .api(
                Category::MissingField,
                what,
                request,
                unprocessable,
                Some(field),
                words,
            )
            .await;
    }
    let empty = app.client.post(api(app, "/drafts")).json(&json!({}));
    tally
        .api(
            Category::MissingField,
            "API create {}".into(),
            empty,
            unprocessable,
            Some("name"),
            "Give the action a name.",
        )
        .await;
}

/// Stale and future versions of A's draft (at version 2): 409 on every
/// route that takes one; one past `i32` is no version at all (422).
async fn versions(app: &TestApp, t: &Things, tally: &mut Tally) {
    let stale = t.version - 1;
    let cases = [
        (Category::StaleVersion, stale),
        (Category::StaleVersion, 0),
        (Category::FutureVersion, t.version + 1),
        (Category::FutureVersion, 999_999),
        (Category::FutureVersion, i64::from(i32::MAX)),
    ];
    // "Someone saved this draft after you opened it" (a save), "This
    // draft was saved again after you opened it" (a sync).
    let said = "after you opened it";
    for (category, version) in cases {
        let mut update = action_with(&[("name", "Probe four")]);
        update["version"] = json!(version);
        let draft = format!("/drafts/{}", t.draft);
        let requests = [
            ("update", app.client.put(api(app, &draft)).json(&update)),
            (
                "discard",
                app.client
                    .delete(api(app, &format!("{draft}?version={version}&confirm=true"))),
            ),
            (
                "sync",
                app.client
                    .post(api(app, &format!("{draft}/sync")))
                    .json(&json!({ "version": version })),
            ),
            (
                "remove routing",
                app.client
                    .post(api(app, &format!("{draft}/remove-routing")))
                    .json(&json!({"version": version, "confirm": true})),
            ),
        ];
        for (route, request) in requests {
            let what = format!("API {route} at version {version}");
            tally
                .api(category, what, request, StatusCode::CONFLICT, None, said)
                .await;
        }
    }
    let mut update = action_with(&[]);
    update["version"] = json!(i64::from(i32::MAX) + 1);
    let request = app
        .client
        .put(api(app, &format!("/drafts/{}", t.draft)))
        .json(&update);
    tally
        .api(
            Category::FutureVersion,
            "API update at version 2^31".into(),
            request,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("version"),
            "",
        )
        .await;
}

/// Unknown ids and another account's draft: 404 on every id route, by
/// every method.
async fn ids(app: &TestApp, t: &Things, tally: &mut Tally) {
    for (category, id) in [
        (Category::UnknownId, UNKNOWN_ID),
        (Category::OtherAccountId, t.other_draft.as_str()),
    ] {
        for (path, methods) in app::api_v1::ROUTES
            .iter()
            .filter(|(p, _)| p.contains("{id}"))
        {
            for method in methods.iter() {
                let path = path.replace("{id}", id);
                let mut body = action_with(&[]);
                body["version"] = json!(1);
                let request = match *method {
                    Method::DELETE => app
                        .client
                        .delete(api(app, &format!("{path}?version=1&confirm=true"))),
                    Method::GET => app.client.get(api(app, &path)),
                    Method::PUT => app.client.put(api(app, &path)).json(&body),
                    _ if path.ends_with("/remove-routing") => app
                        .client
                        .post(api(app, &path))
                        .json(&json!({"version": 1, "confirm": true})),
                    _ => app
                        .client
                        .request(method.clone(), api(app, &path))
                        .json(&json!({"version": 1})),
                };
                let what = format!("API {method} {path}");
                tally
                    .api(category, what, request, StatusCode::NOT_FOUND, None, "")
                    .await;
            }
        }
    }
}
