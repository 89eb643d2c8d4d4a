//! Sign-in, sign-out, the session guard and CSRF protection.

use reqwest::StatusCode;
use sqlx::{Connection, PgConnection};

use crate::helpers::{body, header, location, spawn_app, spawn_app_with, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_is_public_and_checks_the_database() {
    let app = spawn_app().await;
    let (status, text) = body(app.get("/healthz").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains(r#""database":"ok""#), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_server_functions_refuse_anonymous_requests() {
    let app = spawn_app().await;

    assert_eq!(location(&app.get("/").await), "/login");
    assert_eq!(
        location(&app.get("/pivot/new?x=1").await),
        "/login?next=%2Fpivot%2Fnew%3Fx%3D1"
    );
    assert_eq!(
        location(&app.get("/no/such/page").await),
        "/login?next=%2Fno%2Fsuch%2Fpage"
    );
    let (status, text) = body(app.list_numbers("").await).await;
    assert_eq!(
        (status, text.as_str()),
        (StatusCode::UNAUTHORIZED, "\"Unauthenticated\"")
    );
    assert_eq!(
        app.server_fn("session/info", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post_form("/numbers/refresh", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, page) = body(app.get("/login").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Sign in"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_or_missing_credentials_get_a_clear_message_and_no_session() {
    let app = spawn_app().await;

    let wrong = app.login("sandbox", "admin", "wrong").await;
    assert_eq!(
        location(&wrong),
        "/login?error=credentials&account=sandbox&user=admin"
    );
    let missing = app.login("sandbox", "", "").await;
    assert_eq!(location(&missing), "/login?error=missing&account=sandbox");
    let bad_key = app
        .post_form(
            "/login",
            &[("method", "api_key"), ("api_key", &"f".repeat(64))],
        )
        .await;
    assert_eq!(location(&bad_key), "/login?error=api_key&method=api_key");

    let (_, page) = body(
        app.get("/login?error=credentials&account=sandbox&user=admin")
            .await,
    )
    .await;
    assert!(page.contains("Kazoo did not accept that account name, username and password."));
    assert!(
        page.contains(r#"value="sandbox""#),
        "what was typed is kept"
    );
    assert_eq!(location(&app.get("/").await), "/login", "still signed out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session() {
    let app = spawn_app().await;

    let response = app.login("sandbox", "admin", "sandbox").await;
    let cookie = header(response.headers(), "set-cookie");
    assert_eq!(location(&response), "/");
    assert!(cookie.starts_with("pivot_console_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not Secure unless configured");

    let (status, page) = body(app.get("/").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Numbers Routing") && page.contains("Sandbox"));
    assert_eq!(
        location(&app.get("/login").await),
        "/",
        "signed-in admins skip the sign-in page"
    );

    assert_eq!(
        location(&app.post_form("/logout", &[]).await),
        "/login?notice=signed_out"
    );
    assert_eq!(location(&app.get("/").await), "/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_key_sign_in_works() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/login",
            &[
                ("method", "api_key"),
                ("api_key", kazoo::sandbox::seed::API_KEY),
            ],
        )
        .await;
    assert_eq!(location(&response), "/");
    let (_, page) = body(app.get("/").await).await;
    assert!(
        page.contains("API key"),
        "the header says how the admin signed in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secure_cookie_when_configured() {
    let app = spawn_app_with(Options {
        cookie_secure: true,
        ..Options::default()
    })
    .await;
    let response = app.login("sandbox", "admin", "sandbox").await;
    assert!(header(response.headers(), "set-cookie").contains("Secure"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_in_only_local_next_paths_are_followed() {
    let app = spawn_app().await;
    let form = |next: &'static str| {
        vec![
            ("method", "password"),
            ("account_name", "sandbox"),
            ("username", "admin"),
            ("password", "sandbox"),
            ("next", next),
        ]
    };
    assert_eq!(
        location(&app.post_form("/login", &form("/?q=415")).await),
        "/?q=415"
    );
    assert_eq!(
        location(&app.post_form("/login", &form("//evil.example/x")).await),
        "/"
    );
    assert_eq!(
        location(&app.post_form("/login", &form("https://evil.example")).await),
        "/"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let response = app
        .client
        .post(format!("{}/logout", app.address))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let same_site = app
        .client
        .post(format!("{}/numbers/refresh", app.address))
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&same_site), "/?notice=refreshed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kazoo_token_never_reaches_the_browser() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    // The token is in the server-side session row, and nowhere in what the
    // browser receives.
    let mut db = PgConnection::connect(&app.db_url).await.unwrap();
    let data: Vec<u8> = sqlx::query_scalar("select data from tower_sessions.session")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let record: tower_sessions::session::Record =
        rmp_serde::from_slice(&data).expect("session record decodes");
    let token = record.data["user"]["token"]
        .as_str()
        .expect("token in session")
        .to_owned();
    assert!(token.len() >= 32);

    let (_, page) = body(app.get("/").await).await;
    let (_, info) = body(app.server_fn("session/info", &[]).await).await;
    let (_, list) = body(app.list_numbers("").await).await;
    for text in [&page, &info, &list] {
        assert!(!text.contains(&token), "token leaked to the browser");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_kazoo_is_a_message_not_a_500() {
    let app = spawn_app_with(Options {
        kazoo_url: Some("http://127.0.0.1:9/v2".into()),
        ..Options::default()
    })
    .await;
    let response = app.login("sandbox", "admin", "sandbox").await;
    assert_eq!(
        location(&response),
        "/login?error=unreachable&account=sandbox&user=admin"
    );
    let (_, page) = body(app.get("/login?error=unreachable").await).await;
    assert!(page.contains("Kazoo could not be reached"));
    assert!(
        !page.contains("Sandbox:"),
        "no sandbox hint against a real Kazoo"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passing_kazoo_failure_at_sign_in_is_retried_but_a_429_is_not_waited_out() {
    let app = spawn_app().await;
    // Two 503s in a row: the sign-in's third try gets through.
    app.sandbox_faults(serde_json::json!({"fail_next": 2, "fail_status": 503}))
        .await;
    let response = app.login("sandbox", "admin", "sandbox").await;
    assert_eq!(location(&response), "/", "signed in after Kazoo's 503s");
    app.post_form("/logout", &[]).await;

    // A 429 is answered at once, in words: the admin is not kept waiting
    // at the form (a retry after its two seconds would have signed in).
    app.sandbox_faults(
        serde_json::json!({"fail_next": 1, "fail_status": 429, "retry_after_secs": 2}),
    )
    .await;
    let response = app.login("sandbox", "admin", "sandbox").await;
    assert_eq!(
        location(&response),
        "/login?error=rate_limited&account=sandbox&user=admin"
    );
    app.sandbox_faults(serde_json::json!({})).await;
}
