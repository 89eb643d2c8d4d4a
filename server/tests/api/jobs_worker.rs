//! The job worker against the app's own sandbox: a bulk sync made in the
//! database runs to its end, each draft synced once; no more items run at
//! once than the per-account bound; a cancelled job runs nothing more.

use std::time::{Duration, Instant};

use app::jobs::db as jobs;
use kazoo::sandbox::seed::ACCOUNT_ID;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::helpers::{spawn_app, TestApp};

async fn make_drafts(app: &TestApp, first: u32, count: u32) -> Vec<(uuid::Uuid, String)> {
    let mut made = Vec::new();
    for n in first..first + count {
        let response = app
            .api(
                Method::POST,
                "/drafts",
                Some(
                    json!({"name": format!("Line {n}"), "numbers": [n.to_string()],
                    "voice_url": "https://voice.example.com/twiml", "method": "post",
                    "req_format": "twiml"}),
                ),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        let id = uuid::Uuid::parse_str(body["id"].as_str().unwrap()).unwrap();
        made.push((id, format!("Line {n}")));
    }
    made
}

async fn state_of(db: &PgPool, job: uuid::Uuid) -> String {
    sqlx::query_scalar("select state::text from job where job_id = $1")
        .bind(job)
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_bulk_sync_runs_every_draft_once_within_the_per_account_bound() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let drafts = make_drafts(&app, 6100, 10).await;
    let (_, token) = app.kazoo().await;
    let db = PgPool::connect(&app.db_url).await.unwrap();
    app.sandbox_faults(json!({"latency_ms": 150})).await;
    let job = jobs::create_sync(&db, ACCOUNT_ID, "test", token.expose(), &drafts)
        .await
        .unwrap();
    let started = Instant::now();
    let mut most = 0i64;
    while state_of(&db, job).await != "done" {
        let running: i64 = sqlx::query_scalar(
            "select count(*) from job_item where job_id = $1 and state = 'running'",
        )
        .bind(job)
        .fetch_one(&db)
        .await
        .unwrap();
        most = most.max(running);
        assert!(started.elapsed() < Duration::from_secs(60), "the job ends");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        most <= 4,
        "at most 4 items of the account ran at once, saw {most}"
    );
    assert!(most >= 2, "items ran side by side, saw at most {most}");
    let synced: i64 = sqlx::query_scalar(
        "select count(*) from draft_status where state = 'synced' and kazoo_id is not null",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(synced, 10);
    let logged: i64 = sqlx::query_scalar("select count(*) from sync_log")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(logged, 10, "one sync per draft");
    let view = jobs::job(&db, ACCOUNT_ID, job).await.unwrap().unwrap();
    assert_eq!((view.progress.done, view.progress.left), (10, 0));
    // Another account sees no such job.
    assert!(jobs::job(&db, "someone-else", job).await.unwrap().is_none());
}

#[tokio::test]
async fn a_cancelled_job_runs_no_more_items_and_a_discarded_draft_is_skipped() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let drafts = make_drafts(&app, 6200, 12).await;
    let (_, token) = app.kazoo().await;
    let db = PgPool::connect(&app.db_url).await.unwrap();
    // The last draft goes before its turn.
    let (last, _) = drafts[11];
    let response = app
        .api(
            Method::DELETE,
            &format!("/drafts/{last}?version=1&confirm=true"),
            None,
        )
        .await;
    assert!(response.status().is_success(), "discarded");
    let job = jobs::create_sync(&db, ACCOUNT_ID, "test", token.expose(), &drafts[10..])
        .await
        .unwrap();
    let started = Instant::now();
    while state_of(&db, job).await != "done" {
        assert!(started.elapsed() < Duration::from_secs(30));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let skipped: Vec<(String, Option<String>)> = sqlx::query_as(
        "select state::text, message from job_item where job_id = $1 order by item_no",
    )
    .bind(job)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(skipped[0].0, "done");
    assert_eq!(skipped[1].0, "skipped");
    assert!(skipped[1].1.as_deref().unwrap().contains("discarded"));

    app.sandbox_faults(json!({"latency_ms": 400})).await;
    let job = jobs::create_sync(&db, ACCOUNT_ID, "test", token.expose(), &drafts[..10])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(jobs::cancel(&db, ACCOUNT_ID, job).await.unwrap());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let counts: (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where state = 'done'), count(*) filter (where state = 'cancelled'),
                count(*) filter (where state in ('queued', 'running'))
           from job_item where job_id = $1",
    )
    .bind(job)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(state_of(&db, job).await, "cancelled");
    assert!(
        counts.0 <= 4,
        "only the items running at the cancel ended: {counts:?}"
    );
    assert_eq!(counts.0 + counts.1, 10, "the rest cancelled: {counts:?}");
    assert_eq!(counts.2, 0);
    assert!(!jobs::cancel(&db, ACCOUNT_ID, job).await.unwrap(), "ended");
}
