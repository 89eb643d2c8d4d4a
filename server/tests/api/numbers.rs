//! Numbers Routing through the real server: the page (server-rendered),
//! search, paging, the server function, refresh and an expired token.

use reqwest::StatusCode;

use crate::helpers::{body, location, spawn_app, spawn_app_with, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_lists_seeded_numbers_with_their_routing() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    let (status, page) = body(app.get("/").await).await;

    assert_eq!(status, StatusCode::OK);
    for expected in [
        "+14155550100",
        "https://twiml.example.com/voice",
        "POST",
        "TwiML",
        "Support menu",
        "Sales ring group",
        "1001",
        "Not routed",
        "Create new pivot action",
        "26 numbers",
    ] {
        assert!(page.contains(expected), "page lacks {expected}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_filter_narrow_the_list() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    let (_, sales) = body(app.get("/?q=sales").await).await;
    assert!(sales.contains("+14155550102") && sales.contains("+14155550103"));
    assert!(!sales.contains("+14155550100"));
    assert!(
        sales.contains(r#"value="sales""#),
        "the search box keeps the query without JavaScript"
    );

    let (_, pivots) = body(app.get("/?route=pivot").await).await;
    assert!(pivots.contains("+14155550100") && !pivots.contains("+14155550101"));

    let (_, none) = body(app.get("/?q=no-such-thing").await).await;
    assert!(none.contains("No number matches “no-such-thing”."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_served_from_the_server() {
    let app = spawn_app_with(Options {
        sandbox_numbers: 120,
        ..Options::default()
    })
    .await;
    app.login_as_admin().await;

    let (_, first) = body(app.get("/").await).await;
    let (_, third) = body(app.get("/?page=3").await).await;

    assert!(
        first.contains("Showing 1–50 of 121 · page 1 of 3"),
        "{}",
        main_part(&first)
    );
    assert!(first.contains("Next page") && !first.contains("Previous page"));
    assert!(third.contains("+14155550219") && third.contains("1001"));
    assert!(!third.contains("+14155550100"));
    assert!(third.contains("Previous page") && !third.contains("Next page"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_function_returns_a_page_as_json() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    let (status, text) = body(app.list_numbers("555010").await).await;

    assert_eq!(status, StatusCode::OK, "{text}");
    let page: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(page["total"], 10);
    assert_eq!(page["rows"][0]["number"], "+14155550100");
    assert_eq!(
        page["rows"][0]["route"]["routed"]["entry"]["pivot"]["voice_url"],
        "https://twiml.example.com/voice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_rereads_kazoo_and_an_expired_token_means_sign_in_again() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    assert_eq!(
        location(&app.post_form("/numbers/refresh", &[]).await),
        "/?notice=refreshed"
    );
    let (_, page) = body(app.get("/?notice=refreshed").await).await;
    assert!(page.contains("Routing refreshed from Kazoo."));

    app.sandbox_post("/sandbox/expire-tokens").await;
    assert_eq!(
        location(&app.post_form("/numbers/refresh", &[]).await),
        "/login?error=expired"
    );
    assert_eq!(
        location(&app.get("/").await),
        "/login",
        "the stale session is ended"
    );
    let (_, login) = body(app.get("/login?error=expired").await).await;
    assert!(login.contains("Your Kazoo session expired. Please sign in again."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kazoo_failing_while_reading_the_routing_shows_the_refresh_retrying_then_the_numbers() {
    // Arrange: signed in, but no snapshot yet and Kazoo answering 503.
    let app = spawn_app().await;
    app.login_as_admin().await;
    let db = sqlx::PgPool::connect(&app.db_url).await.unwrap();
    wait_for_no_refresh(&db).await;
    sqlx::query("delete from account_snapshot")
        .execute(&db)
        .await
        .unwrap();
    app.sandbox_faults(serde_json::json!({"error_rate": 1.0}))
        .await;

    // Act: the page waits a moment for the first snapshot, then shows
    // the refresh running (the job retries Kazoo later).
    let (status, page) = body(app.get("/").await).await;
    let (fn_status, fn_body) = body(app.list_numbers("").await).await;

    // Assert
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Refreshing from Kazoo…"),
        "{}",
        main_part(&page)
    );
    assert_eq!(fn_status, StatusCode::OK, "{fn_body}");
    let message: Option<String> = sqlx::query_scalar(
        "select i.message from job_item i join job j using (job_id)
          where j.kind = 'refresh' and j.state = 'running'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        message.as_deref(),
        Some("Kazoo could not be reached. Try again in a moment."),
        "the failure is recorded while the job waits to retry"
    );

    // Kazoo recovers: the job's next run takes the snapshot.
    app.sandbox_faults(serde_json::json!({})).await;
    wait_for_no_refresh(&db).await;
    let (status, text) = body(app.list_numbers("").await).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let page: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(page["account_total"].as_u64().unwrap() > 0, "{text}");
}

/// Waits (up to 60 s) until the account's refresh job has ended.
async fn wait_for_no_refresh(db: &sqlx::PgPool) {
    let started = std::time::Instant::now();
    loop {
        let running: i64 = sqlx::query_scalar(
            "select count(*) from job where kind = 'refresh' and state in ('running', 'paused')",
        )
        .fetch_one(db)
        .await
        .unwrap();
        if running == 0 {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the refresh ends"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The `<main>` part of a page, for assertion messages.
fn main_part(page: &str) -> &str {
    page.find("<main").map_or(page, |i| &page[i..])
}
