//! The benchmark's reference page (`/bench/bare`) is routed only when
//! `BENCH_REFERENCE_PAGE=1` asks for it.

use reqwest::StatusCode;

use crate::helpers::{body, spawn_app, spawn_app_with, Options};

#[tokio::test]
async fn the_reference_page_is_not_routed_by_default() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let (status, text) = body(app.get("/bench/bare").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!text.contains("Bare page"));
}

#[tokio::test]
async fn the_reference_page_renders_when_asked_for() {
    let app = spawn_app_with(Options {
        bench_reference_page: true,
        ..Options::default()
    })
    .await;
    let (status, text) = body(app.get("/bench/bare").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("<h1>Bare page</h1>"), "{text}");
}
