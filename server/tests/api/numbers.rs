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

/// The counts above the table come from the snapshot's counts per route
/// kind (kept by triggers): they stay equal to the rows after a sync adds
/// a number and after a refresh reads the routing again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counts_stay_right_after_a_sync_and_a_refresh() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let db = sqlx::PgPool::connect(&app.db_url).await.unwrap();
    let counts_match = || async {
        let (kept, counted): (i64, i64) = sqlx::query_as(
            "select (select pivot_numbers + callflow_numbers + unrouted_numbers
                       from account_snapshot),
                    (select count(*) from routed_number)",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        let pivots: (i64, i64) = sqlx::query_as(
            "select (select pivot_numbers from account_snapshot),
                    (select count(*) from routed_number where route_kind = 'pivot')",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        (kept == counted && pivots.0 == pivots.1, kept, pivots.0)
    };
    wait_for_no_refresh(&db).await;
    let (right, before, pivots_before) = counts_match().await;
    assert!(right, "after the first refresh");

    // A pivot action for a number no callflow had: a sync adds its row.
    let created = app
        .api(
            reqwest::Method::POST,
            "/drafts",
            Some(serde_json::json!({
                "name": "Counted",
                "numbers": ["+14155559876"],
                "voice_url": "https://voice.example.com/counted",
            })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let synced = app
        .api(
            reqwest::Method::POST,
            &format!("/drafts/{id}/sync"),
            Some(serde_json::json!({})),
        )
        .await;
    assert_eq!(synced.status(), StatusCode::OK);
    let (right, after_sync, pivots_after) = counts_match().await;
    assert!(right, "after the sync");
    assert!(after_sync >= before && pivots_after == pivots_before + 1);

    let (status, text) = body(app.list_numbers("").await).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let page: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(page["account_total"], after_sync);
    assert_eq!(page["total"], after_sync);

    app.post_form("/numbers/refresh", &[]).await;
    wait_for_no_refresh(&db).await;
    let (right, after_refresh, _) = counts_match().await;
    assert!(right, "after the refresh");
    assert_eq!(after_refresh, after_sync);
}
