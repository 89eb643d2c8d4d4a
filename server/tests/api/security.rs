//! The doors an outsider found open, each as a test of the example that
//! was reported: oversized input, NUL and control characters, malformed
//! server-function arguments. The others: `api_shape.rs` (the JSON API's
//! errors), `headers.rs` (security headers, the page nonce, API tokens at
//! rest), `sign_in.rs` (`next`, guessing, the CSRF origin).
//! `every_route.rs` tries the same kinds on every route.

use std::time::Instant;

use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::{
    api_shape::{api, create_draft, documented, post_json, URL},
    helpers::{body, header, location, spawn_app},
};

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
