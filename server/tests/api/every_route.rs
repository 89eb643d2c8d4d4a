//! A generated set over every route: the pages (Leptos's route list), the
//! server functions (their registry), the plain form posts (read from the
//! forms the pages render), and the JSON API (`api_v1::ROUTES`, which a
//! test holds to the router). Each gets oversized bodies and fields, NUL
//! and control characters in every field and query parameter, wrong JSON
//! types, malformed ids; sign-in gets bad `next` values. For every answer:
//! no 5xx, no `Location` longer than a plain path, and under `/api/v1` the
//! documented error shape. Between groups, no row of `draft`,
//! `draft_revision`, `sync_log` or `api_token` changed.

mod crawl;

use std::{collections::BTreeSet, num::NonZeroU32};

use app::{api_v1, auth::limits::SignInQuota, url::urlencode};
use kazoo::pivot::PivotInput;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use self::crawl::Form;
use crate::{
    helpers::{header, location, spawn_app_with, Options, TestApp},
    security::documented,
};

const URL: &str = "https://voice.example.com/twiml";

/// Texts no field should take: NUL, control and bidi characters, an
/// invisible-only text, and one far too long (but under the body limit).
fn bad_texts() -> Vec<(&'static str, String)> {
    vec![
        ("NUL", "\u{0}".into()),
        ("NUL inside", "a\u{0}b".into()),
        ("CR LF", "a\r\nb".into()),
        ("tab", "a\tb".into()),
        ("DEL", "a\u{7f}".into()),
        ("bidi override", "a\u{202E}b".into()),
        ("invisible only", "\u{FEFF}\u{200B}".into()),
        ("70,000 characters", "9".repeat(70_000)),
    ]
}

/// Ids that name nothing (or cannot be ids), as path segments.
const BAD_IDS: [&str; 8] = [
    "not-a-uuid",
    "%00",
    "%FF%FE",
    "00000000-0000-0000-0000-000000000000",
    "a%0D%0Ab",
    "..%2F..%2Fhealthz",
    "%E2%80%AE",
    "1%20or%201%3D1",
];

/// Query values that are not even well-formed percent-encoding.
const RAW_QUERY_VALUES: [&str; 4] = ["%", "%ZZ", "%FF%FE", "%C0%80"];

/// Query keys only redirects set (no page links to them).
const REDIRECT_KEYS: [&str; 6] = ["error", "notice", "next", "method", "account", "user"];

/// A bad text cut to what fits a URL (the long one stays long).
fn query_sized(text: &str) -> String {
    text.chars().take(4_000).collect()
}

/// Bodies past the 256 KiB limit.
fn oversized() -> String {
    format!("x={}", "9".repeat(300 * 1024))
}

/// Requests sent by this test (printed at the end).
static SENT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

struct Answer {
    status: StatusCode,
    location: String,
    response: Option<reqwest::Response>,
}

/// Sends and checks what every answer must be: no 5xx, a small Location.
async fn send(what: &str, request: reqwest::RequestBuilder) -> Answer {
    SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{what}: {}", e.without_url()));
    let status = response.status();
    let location = header(response.headers(), "location");
    assert!(!status.is_server_error(), "{what}: {status}");
    assert!(
        location.len() <= 2_048,
        "{what}: Location of {} bytes",
        location.len()
    );
    Answer {
        status,
        location,
        response: Some(response),
    }
}

/// Under `/api/v1`, an error must be the documented JSON. Returns the
/// status and the JSON answered (null when none).
async fn send_api(what: &str, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let mut answer = send(what, request).await;
    let response = answer.response.take().unwrap();
    if answer.status.is_client_error() {
        return documented(response, what).await;
    }
    let json = response.json().await.unwrap_or(Value::Null);
    (answer.status, json)
}

async fn assert_unchanged(app: &TestApp, before: &[(&'static str, i64, String)], group: &str) {
    assert_eq!(
        app.table_fingerprint().await,
        before,
        "{group} changed rows"
    );
}

fn url(app: &TestApp, path: &str) -> String {
    format!("{}{path}", app.address)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_route_answers_5xx_or_changes_rows_for_bad_input() {
    let app = spawn_app_with(Options {
        // Hundreds of refused sign-ins below: the limit has its own test.
        sign_in_quota: SignInQuota {
            per_account: NonZeroU32::MAX,
            per_address: NonZeroU32::MAX,
        },
        ..Options::default()
    })
    .await;
    let anonymous = app.get("/login").await.text().await.unwrap();
    app.login_as_admin().await;

    // What exists: a draft (so id routes have a real id) and a token.
    let draft: Value = app
        .client
        .post(url(&app, "/api/v1/drafts"))
        .json(
            &json!({"name": "Probe", "numbers": ["4155550104"], "voice_url": URL,
                      "fallback": "say", "fallback_text": "Sorry."}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = draft["id"].as_str().unwrap().to_owned();
    let version = draft["version"].as_i64().unwrap();
    app.post_form("/api-tokens", &[("name", "probe")]).await;
    let before = app.table_fingerprint().await;

    // The pages, from Leptos's route list, ids filled in.
    let page_paths: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().replace("{id}", &id).replace(":id", &id))
        .collect();
    assert!(page_paths.len() >= 5, "{page_paths:?}");
    let mut html = vec![anonymous];
    for path in page_paths.iter().filter(|p| *p != "/login") {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        html.push(response.text().await.unwrap());
    }
    let forms: Vec<Form> = html.iter().flat_map(|h| crawl::forms(h)).collect();
    let mut query_keys: BTreeSet<String> = html
        .iter()
        .flat_map(|h| crawl::link_query_keys(h))
        .collect();
    for form in forms.iter().filter(|f| f.method == "get") {
        query_keys.extend(form.names());
    }
    query_keys.extend(REDIRECT_KEYS.map(str::to_owned));

    probe_pages(&app, &page_paths, &query_keys, &id).await;
    assert_unchanged(&app, &before, "page GETs").await;
    probe_forms(&app, &forms, &id).await;
    assert_unchanged(&app, &before, "form posts").await;
    probe_server_fns(&app, &id).await;
    assert_unchanged(&app, &before, "server functions").await;
    probe_api(&app, &id, version).await;
    assert_unchanged(&app, &before, "JSON API").await;
    probe_sign_in_next(&app).await;
    assert_unchanged(&app, &before, "sign-in next").await;
    let sent = SENT.load(std::sync::atomic::Ordering::Relaxed);
    println!("{sent} requests, no 5xx, no row changed");
}

/// Every page with every query key set to every bad value, and id pages
/// with malformed ids.
async fn probe_pages(app: &TestApp, paths: &[String], keys: &BTreeSet<String>, id: &str) {
    let mut values: Vec<String> = bad_texts()
        .into_iter()
        .map(|(_, v)| urlencode(&query_sized(&v)))
        .collect();
    values.extend(RAW_QUERY_VALUES.map(str::to_owned));
    for path in paths.iter().filter(|p| *p != "/login") {
        for key in keys {
            for value in &values {
                let target = format!("{path}?{key}={value}");
                send(
                    &format!("GET {}", &target[..target.len().min(80)]),
                    app.client.get(url(app, &target)),
                )
                .await;
            }
        }
        if path.contains(id) {
            for bad in BAD_IDS {
                let target = path.replace(id, bad);
                send(&format!("GET {target}"), app.client.get(url(app, &target))).await;
            }
        }
    }
}

/// Every form every page renders: each field set to each bad text (the
/// rest as a browser sends it), bytes that are not UTF-8, malformed ids in
/// the action, and a body past the limit.
async fn probe_forms(app: &TestApp, forms: &[Form], id: &str) {
    let posts: Vec<&Form> = forms.iter().filter(|f| f.method == "post").collect();
    let actions: BTreeSet<&str> = posts.iter().map(|f| f.action.as_str()).collect();
    let id_re = regex::Regex::new(r"/(api-tokens|callflows)/([^/]+)/").unwrap();
    let shapes: BTreeSet<String> = actions
        .iter()
        .map(|a| id_re.replace(a, "/$1/{id}/").into_owned())
        .collect();
    for expected in [
        "/login",
        "/logout",
        "/numbers/refresh",
        "/pivot/save",
        "/api-tokens",
        "/api-tokens/{id}/revoke",
        "/callflows/{id}/draft",
    ] {
        assert!(
            shapes.contains(expected),
            "no form posts to {expected}: {shapes:?}"
        );
    }
    let mut seen = BTreeSet::new();
    for form in posts {
        // One of each form; the pivot form both new and on a draft.
        let draft_id = form
            .fields
            .iter()
            .find(|(n, _)| n == "draft_id")
            .and_then(|(_, v)| v.clone());
        let key = (
            id_re.replace(&form.action, "/$1/{id}/").into_owned(),
            form.names(),
            draft_id,
        );
        if !seen.insert(key) {
            continue;
        }
        let action = url(app, &form.action);
        for (name, _) in &form.fields {
            for (what, value) in bad_texts() {
                let pairs = form.with(name, &value);
                let what = format!("POST {} {name}={what}", form.action);
                send(&what, app.client.post(&action).form(&pairs)).await;
            }
            let raw = format!("{}=%FF%FE%00%C0%80", urlencode(name));
            send(
                &format!("POST {} {name}=bytes", form.action),
                raw_form(&action, raw),
            )
            .await;
        }
        // The form's own id (or a draft's) swapped for ids that name nothing.
        let ids: Vec<String> = id_re
            .captures(&form.action)
            .map(|c| c[2].to_owned())
            .into_iter()
            .chain(
                form.fields
                    .iter()
                    .filter(|(n, _)| n == "draft_id")
                    .map(|_| id.to_owned()),
            )
            .collect();
        for real in ids {
            for bad in BAD_IDS {
                let target = url(app, &form.action.replace(&real, bad));
                let pairs = form.with("draft_id", bad);
                let what = format!("POST {} with id {bad}", form.action);
                send(&what, app.client.post(&target).form(&pairs)).await;
            }
        }
        let mut answer = send(
            &format!("POST {} oversized", form.action),
            raw_form(&action, oversized()),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            form.action
        );
        let page = answer.response.take().unwrap().text().await.unwrap();
        assert!(page.contains("too much to send"), "{}: {page}", form.action);
    }
}

/// A form post on a fresh connection (the server closes one it answered
/// 413 without reading the rest of the body).
fn raw_form(action: &str, body: String) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(action)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
}

/// Arguments of the server functions that take some. A server function
/// that refuses an empty call must be listed (the test says so).
fn server_fn_args(id: &str) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    vec![
        (
            "/api/numbers/list",
            vec![
                ("query[search]", String::new()),
                ("query[route]", "All".into()),
                ("query[page]", "1".into()),
                ("query[draft]", "Draft".into()),
            ],
        ),
        (
            "/api/pivot/form",
            vec![("draft_id", id.to_owned()), ("number", "4155550100".into())],
        ),
    ]
}

/// Every registered server function: no body, junk, the wrong method, a
/// body past the limit, and each argument set to each bad value.
async fn probe_server_fns(app: &TestApp, id: &str) {
    let templates = server_fn_args(id);
    let registered: Vec<(&str, Method)> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(registered.len() >= 5, "{registered:?}");
    for (path, method) in registered {
        let target = url(app, path);
        let post = || app.client.request(method.clone(), &target);
        let empty = send(&format!("{path} empty"), post()).await;
        let template = templates.iter().find(|(p, _)| *p == path);
        assert!(
            empty.status != StatusCode::BAD_REQUEST || template.is_some(),
            "{path} takes arguments: add them to server_fn_args"
        );
        send(
            &format!("{path} junk"),
            post()
                .header("content-type", "application/x-www-form-urlencoded")
                .body("%FF%FE=%00&&=&query[=1"),
        )
        .await;
        send(&format!("{path} wrong method"), app.client.put(&target)).await;
        let big = send(&format!("{path} oversized"), raw_form(&target, oversized())).await;
        assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        let Some((_, args)) = template else { continue };
        let mut values: Vec<String> = bad_texts().into_iter().map(|(_, v)| v).collect();
        values.extend(["abc", "-1", "99999999999999999999", "Bogus", ""].map(str::to_owned));
        for (name, _) in args {
            for value in &values {
                let pairs: Vec<(&str, &str)> = args
                    .iter()
                    .map(|(n, v)| {
                        if n == name {
                            (*n, value.as_str())
                        } else {
                            (*n, v.as_str())
                        }
                    })
                    .collect();
                let what = format!("{path} {name}={}", &value[..value.len().min(20)]);
                send(&what, post().form(&pairs)).await;
            }
        }
    }
}

/// The JSON type of each field of a body, from what the model writes.
fn field_types(example: Value) -> Vec<(String, Value)> {
    example
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
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

/// Every `/api/v1` route and method: malformed ids, bad query strings,
/// bodies that are not JSON, not objects, of the wrong types field by
/// field, with bad texts field by field, past the limit; other methods.
async fn probe_api(app: &TestApp, id: &str, version: i64) {
    let pivot = serde_json::to_value(PivotInput::default()).unwrap();
    let valid = json!({"name": "Probe", "numbers": ["4155550104"], "voice_url": URL,
                       "fallback": "say", "fallback_text": "Sorry.", "version": version});
    let sync_fields = json!({"version": 1, "overwrite": false});
    for (path, methods) in api_v1::ROUTES {
        let concrete = path.replace("{id}", id);
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
        ] {
            let target = url(app, &format!("/api/v1{concrete}"));
            let request = || app.client.request(method.clone(), &target);
            let what = format!("{method} {path}");
            if !methods.contains(&method) {
                let (status, _) = send_api(&what, request()).await;
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{what}: ROUTES and the router differ"
                );
                continue;
            }
            if path.contains("{id}") {
                for bad in BAD_IDS {
                    let bad_target = url(app, &format!("/api/v1{}", path.replace("{id}", bad)));
                    let (status, _) = send_api(
                        &format!("{what} id {bad}"),
                        app.client.request(method.clone(), &bad_target).json(&valid),
                    )
                    .await;
                    assert!(status.is_client_error(), "{what} id {bad}: {status}");
                }
            }
            if method == Method::DELETE {
                let mut values: Vec<String> = bad_texts()
                    .into_iter()
                    .map(|(_, v)| urlencode(&query_sized(&v)))
                    .collect();
                values.extend(RAW_QUERY_VALUES.map(str::to_owned));
                values.extend(["abc", "1.5", "99999999999", ""].map(str::to_owned));
                for value in values {
                    let (status, _) = send_api(
                        &format!("{what} version={value:.20}"),
                        app.client.delete(format!("{target}?version={value}")),
                    )
                    .await;
                    assert!(
                        status.is_client_error(),
                        "{what} version={value:.20}: {status}"
                    );
                }
            }
            if method == Method::GET || method == Method::DELETE {
                let _ = send_api(
                    &format!("{what} junk query"),
                    app.client
                        .request(method.clone(), format!("{target}?%FF=%00&&=&version")),
                )
                .await;
                continue;
            }
            // Bodies. Which fields each body has comes from the model.
            let (fields, base) = match (path, &method) {
                (&"/drafts" | &"/preview", &Method::POST) => {
                    (field_types(pivot.clone()), valid.clone())
                }
                (&"/drafts/{id}", &Method::PUT) => {
                    let mut f = field_types(pivot.clone());
                    f.push(("version".into(), json!(1)));
                    (f, valid.clone())
                }
                (p, _) if p.ends_with("/sync") || p.ends_with("/remove-routing") => {
                    (field_types(sync_fields.clone()), json!({}))
                }
                _ => panic!("{what}: add its body fields to probe_api"),
            };
            for body in [
                "{",
                "[]",
                "\"x\"",
                "null",
                "1",
                "{\"name\": \"\\u0000\"",
                "\u{0}",
            ] {
                let (status, _) = send_api(
                    &format!("{what} body {body:?}"),
                    request()
                        .header("content-type", "application/json")
                        .body(body),
                )
                .await;
                assert!(status.is_client_error(), "{what} body {body:?}: {status}");
            }
            for (field, like) in &fields {
                // A sync's `version` is optional: null is "no version".
                let optional = field == "version" && path.ends_with("/sync")
                    || path.ends_with("/remove-routing");
                for wrong in wrong_types(like)
                    .into_iter()
                    .filter(|w| !(optional && w.is_null()))
                {
                    let mut body = base.clone();
                    body[field.as_str()] = wrong.clone();
                    let (status, _) =
                        send_api(&format!("{what} {field}={wrong}"), request().json(&body)).await;
                    assert_eq!(
                        status,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "{what} {field}={wrong}"
                    );
                }
                if !like.is_string() {
                    continue;
                }
                for (bad, text) in bad_texts() {
                    let mut body = base.clone();
                    body[field.as_str()] = json!(text);
                    let what = format!("{what} {field}={bad}");
                    let (status, answer) = send_api(&what, request().json(&body)).await;
                    if status == StatusCode::UNPROCESSABLE_ENTITY || path.contains("preview") {
                        continue;
                    }
                    // Taken only when this action does not use the field (a
                    // forward number when the fallback says a message): then
                    // it is ignored, never stored, and a save adds nothing.
                    assert!(status.is_success(), "{what}: {status}");
                    let escaped = json!(text).to_string();
                    assert!(
                        !answer.to_string().contains(escaped.trim_matches('"')),
                        "{what}: stored"
                    );
                    if method == Method::PUT {
                        assert_eq!(answer["version"], version, "{what}: saved a new version");
                    } else {
                        discard(app, &answer).await;
                    }
                }
            }
            // A fresh connection: the server closes one it answered 413
            // without reading the rest of the body.
            let big = reqwest::Client::new()
                .request(method.clone(), &target)
                .header("content-type", "application/json")
                .body(format!("\"{}\"", "9".repeat(300 * 1024)));
            let (status, _) = send_api(&format!("{what} oversized"), big).await;
            assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{what}");
            let (status, _) = send_api(
                &format!("{what} not JSON"),
                request().header("content-type", "text/plain").body("{}"),
            )
            .await;
            assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{what}");
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

/// Discards a draft a probe made (so the tables are as before).
async fn discard(app: &TestApp, draft: &Value) {
    let path = format!(
        "/api/v1/drafts/{}?version={}",
        draft["id"].as_str().unwrap(),
        draft["version"]
    );
    let response = app.client.delete(url(app, &path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "{draft}");
}

/// Sign-in with good credentials and a bad `next`: Numbers Routing.
async fn probe_sign_in_next(app: &TestApp) {
    let long = format!("/{}", "a".repeat(600));
    let mut nexts: Vec<String> = bad_texts()
        .into_iter()
        .map(|(_, v)| format!("/{v}/evil.example"))
        .collect();
    nexts.extend(
        [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "http:evil.example",
            "/\t/evil.example",
            " /x",
            "javascript:alert(1)",
            "/login",
            "evil.example",
            "/%0A",
            "/é",
        ]
        .map(str::to_owned),
    );
    nexts.push(long);
    for next in nexts {
        let form = [
            ("method", "password"),
            ("account_name", "sandbox"),
            ("username", "admin"),
            ("password", "sandbox"),
            ("next", next.as_str()),
        ];
        let what = format!("sign-in next={:.30?}", next);
        let answer = send(&what, app.client.post(url(app, "/login")).form(&form)).await;
        let to = if next == "/%0A" { "/%0A" } else { "/" };
        assert_eq!(answer.location, to, "{what}");
    }
    assert_eq!(location(&app.get("/login").await), "/", "signed in");
}
