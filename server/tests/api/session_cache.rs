//! The session cache across instances: the test app is one instance, a
//! second `CachedStore` on the same database is another. Signing out on
//! either signs out on both (Postgres `LISTEN/NOTIFY`), although each had
//! the session cached.

use std::{str::FromStr, time::Duration};

use reqwest::StatusCode;
use server::session_store::CachedStore;
use sqlx::PgPool;
use tower_sessions::{session::Id, SessionStore};
use tower_sessions_sqlx_store::PostgresStore;

use crate::helpers::{location, spawn_app, TestApp};

/// The other instance's store, and the signed-in admin's session id.
async fn other_instance(app: &TestApp) -> (CachedStore, Id) {
    let pool = PgPool::connect(&app.db_url).await.unwrap();
    let id: String = sqlx::query_scalar("select id from tower_sessions.session")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (store, _listener) = CachedStore::start(PostgresStore::new(pool.clone()), pool)
        .await
        .unwrap();
    (store, Id::from_str(&id).unwrap())
}

/// Asks until `signed_out` holds; false if it never does within 10 s.
async fn eventually<F: std::future::Future<Output = bool>>(
    mut signed_out: impl FnMut() -> F,
) -> bool {
    for _ in 0..100 {
        if signed_out().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn signing_out_on_another_instance_signs_out_here() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    // This instance caches the session on the first page.
    assert_eq!(app.get("/drafts").await.status(), StatusCode::OK);
    assert_eq!(app.get("/drafts").await.status(), StatusCode::OK);
    let (other, id) = other_instance(&app).await;
    assert!(
        other.load(&id).await.unwrap().is_some(),
        "the other instance sees the session"
    );

    other.delete(&id).await.unwrap();

    let gone = eventually(|| async {
        let response = app.get("/drafts").await;
        response.status() == StatusCode::SEE_OTHER && location(&response).starts_with("/login")
    })
    .await;
    assert!(
        gone,
        "the page sends to sign-in once the other instance signed out"
    );
}

#[tokio::test]
async fn signing_out_here_signs_out_on_another_instance() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let (other, id) = other_instance(&app).await;
    // Cached by the other instance now.
    assert!(other.load(&id).await.unwrap().is_some());
    assert!(other.load(&id).await.unwrap().is_some());

    let response = app.post_form("/logout", &[]).await;
    assert!(response.status().is_redirection());

    let gone = eventually(|| async { other.load(&id).await.unwrap().is_none() }).await;
    assert!(gone, "the other instance forgets the session");
}

#[tokio::test]
async fn page_views_write_no_session() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let pool = PgPool::connect(&app.db_url).await.unwrap();
    let saved = || async {
        sqlx::query_scalar::<_, time::OffsetDateTime>(
            "select expiry_date from tower_sessions.session",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let after_sign_in = saved().await;
    for _ in 0..3 {
        assert_eq!(app.get("/drafts").await.status(), StatusCode::OK);
    }
    // Renewed at most once a minute (`app::session::RENEW_EVERY`): these
    // views came within a minute of the sign-in, which counts as one.
    assert_eq!(saved().await, after_sign_in);
}
