//! The doors an outsider found open, each as a test of the example that
//! was reported: oversized input, NUL and control characters, sign-in's
//! `next`, malformed server-function arguments, the JSON API's error
//! shape, security headers, API tokens at rest, sign-in guessing and the
//! CSRF origin check. `every_route.rs` tries the same kinds on every route.

use std::{num::NonZeroU32, time::Instant};

use app::auth::limits::SignInQuota;
use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};

use crate::helpers::{body, header, location, spawn_app, spawn_app_with, Options, TestApp};

const URL: &str = "https://voice.example.com/twiml";

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

fn api(app: &TestApp, path: &str) -> String {
    format!("{}/api/v1{path}", app.address)
}

async fn post_json(app: &TestApp, path: &str, body: String) -> Response {
    app.client
        .post(api(app, path))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn create_draft(app: &TestApp, name: &str, number: &str) -> Value {
    let body = json!({"name": name, "numbers": [number], "voice_url": URL});
    let response = post_json(app, "/drafts", body.to_string()).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// `{"numbers": "2000000,2000001,…"}` with `count` numbers.
fn many_numbers(count: usize) -> String {
    let numbers: Vec<String> = (0..count).map(|i| (2_000_000 + i).to_string()).collect();
    json!({"name": "Big", "numbers": numbers.join(","), "voice_url": URL}).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_input_is_refused_before_any_work() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let draft = create_draft(&app, "Existing", "4155550104").await;
    let before = app.table_fingerprint().await;

    // The report: 64,000 numbers, 512 KB, took 8 s of CPU.
    let huge = many_numbers(64_000);
    assert!(huge.len() > 500_000);
    for path in ["/preview", "/drafts"] {
        let started = Instant::now();
        let response = post_json(&app, path, huge.clone()).await;
        let (status, error) = documented(response, path).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(error["error"].as_str().unwrap().contains("256 KiB"));
        assert!(
            started.elapsed().as_millis() < 2_000,
            "{path} answered at once"
        );
    }
    // Under the body limit, the model's bounds answer 422 (at most 500).
    let many = many_numbers(20_000);
    assert!(many.len() < 256 * 1024);
    let id = draft["id"].as_str().unwrap();
    let mut update: Value = serde_json::from_str(&many).unwrap();
    update["version"] = draft["version"].clone();
    for (method, path, body) in [
        ("POST", "/preview".to_owned(), many.clone()),
        ("POST", "/drafts".to_owned(), many.clone()),
        ("PUT", format!("/drafts/{id}"), update.to_string()),
    ] {
        let started = Instant::now();
        let response = app
            .client
            .request(method.parse().unwrap(), api(&app, &path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, error) = documented(response, &path).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(
            error["fields"]["numbers"]
                .as_str()
                .unwrap()
                .contains("at most 500"),
            "{error}"
        );
        assert!(
            started.elapsed().as_millis() < 2_000,
            "{path} answered at once"
        );
    }
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);

    // Forms past the limit get a page in words.
    let big = "9".repeat(300 * 1024);
    for (path, field) in [
        ("/pivot/save", "numbers"),
        ("/api-tokens", "name"),
        ("/login", "username"),
    ] {
        let response = app.post_form(path, &[(field, &big)]).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(header(response.headers(), "content-type").starts_with("text/html"));
        let (_, page) = body(response).await;
        assert!(page.contains("at most 256 KiB"), "{page}");
    }
    assert_eq!(app.table_fingerprint().await, before, "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nul_and_control_characters_are_refused_in_words_never_500() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let before = app.table_fingerprint().await;

    // The JSON API: the model refuses, the API names the field.
    let input = json!({"name": "a\u{0}b", "numbers": ["4155550104"], "voice_url": URL});
    let response = post_json(&app, "/drafts", input.to_string()).await;
    let (status, error) = documented(response, "create").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["fields"]["name"].is_string(), "{error}");

    // Numbers Routing's search: a message, no query.
    let (status, page) = body_of(app.get("/?q=%00").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Nothing was searched: remove the control characters"));
    let response = app
        .server_fn(
            "numbers/list",
            &[
                ("query[search]", "a\u{0}"),
                ("query[route]", "All"),
                ("query[page]", "1"),
            ],
        )
        .await;
    let (status, text) = body(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("search"), "{text}");
    let (status, _) = body_of(app.get("/?q=%0D%0Aa").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The API tokens form.
    let (status, page) = body(app.post_form("/api-tokens", &[("name", "a\u{0}b")]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Remove the control characters"), "{page}");

    // The pivot form: back to the form with the message.
    let form = [
        ("draft_id", ""),
        ("version", ""),
        ("name", "Sup\u{0}port"),
        ("numbers", "4155550104"),
        ("voice_url", URL),
        ("intent", "save"),
    ];
    assert_eq!(
        location(&app.post_form("/pivot/save", &form).await),
        "/pivot/new"
    );

    // Sign-in fields: refused before Kazoo is asked.
    app.post_form("/logout", &[]).await;
    for (field, value) in [
        ("account_name", "sand\u{0}box"),
        ("username", "ad\r\nmin"),
        ("password", "sand\u{0}box"),
    ] {
        let mut form = vec![
            ("method", "password"),
            ("account_name", "sandbox"),
            ("username", "admin"),
            ("password", "sandbox"),
        ];
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        let to = location(&app.post_form("/login", &form).await);
        assert!(to.starts_with("/login?error=invalid"), "{field}: {to}");
    }
    let (_, page) = body(app.get("/login?error=invalid").await).await;
    assert!(page.contains("held control characters"));
    assert_eq!(app.table_fingerprint().await, before, "nothing changed");
}

async fn body_of(response: Response) -> (StatusCode, String) {
    body(response).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_follows_only_plain_local_paths_and_redirects_stay_small() {
    let app = spawn_app().await;
    let sign_in = |next: &str| {
        let next = next.to_owned();
        let app = &app;
        async move {
            app.post_form(
                "/login",
                &[
                    ("method", "password"),
                    ("account_name", "sandbox"),
                    ("username", "admin"),
                    ("password", "sandbox"),
                    ("next", &next),
                ],
            )
            .await
        }
    };
    // The report: next=/%09/evil.example (a tab: browsers read //evil).
    let raw = app
        .client
        .post(format!("{}/login", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("method=password&account_name=sandbox&username=admin&password=sandbox&next=/%09/evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&raw), "/");
    // CR, LF and NUL used to answer 500 after the session was made.
    for next in [
        "/\r\nSet-Cookie: x=1",
        "/\n/evil.example",
        "/\u{0}",
        "/\\evil",
        "/ /x",
    ] {
        let response = sign_in(next).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&response), "/", "{next:?}");
    }
    assert_eq!(
        location(&sign_in("/drafts?notice=saved").await),
        "/drafts?notice=saved",
        "plain local paths still work"
    );
    app.post_form("/logout", &[]).await;

    // A failed sign-in with a huge account name: nothing huge in Location.
    let huge = "a".repeat(100_000);
    let response = app
        .post_form(
            "/login",
            &[
                ("account_name", huge.as_str()),
                ("username", "admin"),
                ("password", "x"),
                ("next", &huge),
            ],
        )
        .await;
    let to = location(&response);
    assert!(to.len() < 100, "{to}");
    assert_eq!(to, "/login?error=invalid&user=admin");
    // A page asked anonymously with a long path: sign in, no long next.
    let long = format!("/drafts/{}", "x".repeat(4_000));
    assert_eq!(location(&app.get(&long).await), "/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_400_to_missing_or_malformed_arguments() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let no_body = app
        .client
        .post(format!("{}/api/numbers/list", app.address))
        .send()
        .await
        .unwrap();
    let (status, text) = body(no_body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    let error: app::error::AppError = serde_json::from_str(&text).unwrap();
    assert!(
        matches!(error, app::error::AppError::BadRequest(_)),
        "{text}"
    );
    let bad_page = app
        .server_fn(
            "numbers/list",
            &[
                ("query[search]", ""),
                ("query[route]", "All"),
                ("query[page]", "abc"),
            ],
        )
        .await;
    assert_eq!(bad_page.status(), StatusCode::BAD_REQUEST);
    let bad_route = app
        .server_fn(
            "numbers/list",
            &[
                ("query[search]", ""),
                ("query[route]", "Bogus"),
                ("query[page]", "1"),
            ],
        )
        .await;
    assert_eq!(bad_route.status(), StatusCode::BAD_REQUEST);
    // Still 200 for a good call.
    assert_eq!(app.list_numbers("").await.status(), StatusCode::OK);
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

/// The nonce a page's policy names, and the nonces of its scripts.
fn nonces(policy: &str, html: &str) -> (String, Vec<String>) {
    let named = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
        .to_owned();
    let scripts = html
        .match_indices("<script")
        .map(|(at, _)| {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            tag.split("nonce=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or("(none)")
                .to_owned()
        })
        .collect();
    (named, scripts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_security_headers_and_pages_a_nonce_policy() {
    let app = spawn_app().await;
    let check_common = |response: &Response, what: &str| {
        let h = response.headers();
        assert_eq!(header(h, "x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header(h, "referrer-policy"), "same-origin", "{what}");
        assert_eq!(header(h, "x-frame-options"), "DENY", "{what}");
        let policy = header(h, "content-security-policy");
        for strict in [
            "default-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(strict), "{what}: {policy}");
        }
    };

    let login = app.get("/login").await;
    check_common(&login, "sign-in page");
    let policy = header(login.headers(), "content-security-policy");
    let (_, html) = body(login).await;
    let (named, scripts) = nonces(&policy, &html);
    assert!(named.len() >= 16, "{policy}");
    assert!(!scripts.is_empty(), "the page has its hydration script");
    assert!(scripts.iter().all(|n| *n == named), "{policy} {scripts:?}");
    assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("object-src 'none'"));
    assert!(policy.contains("form-action 'self'") && !policy.contains("unsafe-inline"));
    let again = app.get("/login").await;
    let (other, _) = nonces(&header(again.headers(), "content-security-policy"), "");
    assert_ne!(named, other, "a fresh nonce per page");

    for path in [
        "/healthz",
        "/api/v1/drafts",
        "/favicon.ico",
        "/no/such/file.js",
    ] {
        check_common(&app.get(path).await, path);
    }
    check_common(&app.login("sandbox", "admin", "wrong").await, "redirect");

    app.login_as_admin().await;
    for path in [
        "/",
        "/drafts",
        "/api-tokens",
        "/pivot/new",
        "/api/v1/drafts",
    ] {
        let response = app.get(path).await;
        check_common(&response, path);
        assert_eq!(
            header(response.headers(), "cache-control"),
            "no-store",
            "{path}"
        );
    }
    let server_fn = app.server_fn("session/info", &[]).await;
    check_common(&server_fn, "server function");
    assert_eq!(header(server_fn.headers(), "cache-control"), "no-store");
    let unknown = app.get("/no/such/page").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let policy = header(unknown.headers(), "content-security-policy");
    let (_, html) = body(unknown).await;
    let (named, scripts) = nonces(&policy, &html);
    assert!(scripts.iter().all(|n| *n == named), "the 404 page too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_api_token_is_shown_once_and_never_stored_in_plaintext() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    let response = app.post_form("/api-tokens", &[("name", "deploy")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(response.headers(), "cache-control"), "no-store");
    let (_, html) = body(response).await;
    let start = html.find("pct_").expect("the new token is in the answer");
    let token = html[start..start + 68].to_owned();

    // Not in any session row (the flash used to keep it there), not in
    // the token table (only its SHA-256).
    let mut db = PgConnection::connect(&app.db_url).await.unwrap();
    let sessions: Vec<Vec<u8>> = sqlx::query_scalar("select data from tower_sessions.session")
        .fetch_all(&mut db)
        .await
        .unwrap();
    assert!(!sessions.is_empty());
    for data in &sessions {
        let haystack = String::from_utf8_lossy(data);
        assert!(!haystack.contains(&token), "token in a session row");
        assert!(!haystack.contains("pct_"), "token in a session row");
    }
    let rows: Vec<String> = sqlx::query_scalar("select t::text from api_token t")
        .fetch_all(&mut db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].contains(&token));

    // Shown once: the page read again lists it without the secret.
    let (_, again) = body(app.get("/api-tokens").await).await;
    assert!(again.contains("deploy") && !again.contains("pct_"));
    // And it works.
    let drafts = reqwest::Client::new()
        .get(api(&app, "/drafts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(drafts.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_sign_in_attempts_are_slowed_per_account_and_per_address() {
    let app = spawn_app_with(Options {
        sign_in_quota: SignInQuota {
            per_account: NonZeroU32::new(3).unwrap(),
            per_address: NonZeroU32::new(5).unwrap(),
        },
        ..Options::default()
    })
    .await;
    for _ in 0..3 {
        let wrong = app.login("sandbox", "admin", "wrong").await;
        assert!(location(&wrong).starts_with("/login?error=credentials"));
    }
    // Limited now, even with the right password, and Kazoo is not asked:
    // the faults waiting for its next calls are all still there.
    app.sandbox_faults(json!({"fail_next": 100})).await;
    let limited = app.login("sandbox", "admin", "sandbox").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = header(limited.headers(), "retry-after").parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // A browser gets the sign-in page's message.
    let browser = app
        .client
        .post(format!("{}/login", app.address))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .form(&[
            ("account_name", "SANDBOX"),
            ("username", "admin"),
            ("password", "sandbox"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&browser),
        "/login?error=wait&account=SANDBOX&user=admin"
    );
    let (_, page) = body(app.get("/login?error=wait").await).await;
    assert!(page.contains("Too many sign-in attempts. Wait a minute"));
    // Another account from the same address: the address's quota is used.
    let other = app.login("other", "admin", "x").await;
    assert_eq!(other.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.sandbox_fault_state().await["fail_next"], 100);
    assert_eq!(location(&app.get("/").await), "/login", "not signed in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_origin_check_compares_scheme_host_and_port() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let port: u16 = host.rsplit(':').next().unwrap().parse().unwrap();
    for origin in [
        format!("https://{host}"),
        format!("http://127.0.0.1:{}", port + 1),
        format!("http://localhost:{port}"),
        "null".to_owned(),
    ] {
        let response = app
            .client
            .post(format!("{}/numbers/refresh", app.address))
            .header("origin", &origin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
    }
    let same = app
        .client
        .post(format!("{}/numbers/refresh", app.address))
        .header("origin", format!("http://{host}"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&same), "/?notice=refreshed");
}
