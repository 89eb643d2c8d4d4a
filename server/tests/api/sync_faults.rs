//! Sync under the faults a real Kazoo has: answers lost after the write
//! (then the draft renamed before the retry), a sync that runs longer than
//! the liveness window while someone tries to discard its draft, 429s with
//! `Retry-After`, and every answer of a replace lost. Kazoo ends with
//! exactly one callflow per draft and the draft knows it.

use std::time::{Duration, Instant};

use app::sync::db::{HEARTBEAT, LIVENESS};
use kazoo::sandbox::seed;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{body, db, spawn_app, spawn_app_with, Options, TestApp};

const URL: &str = "https://voice.example.com/twiml";

/// Creates a pivot draft through the JSON API; returns it.
async fn new_draft(app: &TestApp, name: &str, number: &str) -> Value {
    let input = json!({"name": name, "numbers": [number], "voice_url": URL,
        "method": "get", "req_format": "kazoo"});
    let (status, text) = body(app.api(Method::POST, "/drafts", Some(input)).await).await;
    assert_eq!(status, 201, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn draft(app: &TestApp, id: &str) -> Value {
    let (status, text) = body(app.api(Method::GET, &format!("/drafts/{id}"), None).await).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn sync(app: &TestApp, id: &str) -> (u16, Value) {
    let (status, text) = body(
        app.api(Method::POST, &format!("/drafts/{id}/sync"), None)
            .await,
    )
    .await;
    (
        status.as_u16(),
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

/// Changes a draft's fields through the JSON API (`PUT`, at its version).
async fn update(app: &TestApp, id: &str, changes: Value) -> Value {
    let mut body_json = changes;
    body_json["version"] = draft(app, id).await["version"].clone();
    let (status, text) = body(
        app.api(Method::PUT, &format!("/drafts/{id}"), Some(body_json))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// The sandbox's callflows (full documents with their ids) that route
/// `number`.
async fn callflows_with(app: &TestApp, number: &str) -> Vec<Value> {
    let (kazoo, token) = app.kazoo().await;
    let mut found = Vec::new();
    for summary in kazoo
        .list_callflows(&token, seed::ACCOUNT_ID)
        .await
        .unwrap()
    {
        if summary.numbers.iter().any(|n| n == number) {
            let doc = kazoo
                .get_callflow(&token, seed::ACCOUNT_ID, &summary.id)
                .await
                .unwrap();
            found.push(doc.body);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_is_adopted_by_the_retry_after_a_rename() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let number = "+14155550121";
    let id = new_draft(&app, "Lost answer", number).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The create is done but its answer is lost; so are the answers of
    // the two look-ups the retries make: the sync gives up.
    app.sandbox_faults(json!({"lose_next": 3, "hang_ms": 4000}))
        .await;
    let (status, answer) = sync(&app, &id).await;
    assert_eq!(status, 502, "{answer}");
    let failed = draft(&app, &id).await;
    assert_eq!(failed["state"], "error");
    assert_eq!(
        failed["last_error"],
        "Kazoo could not be reached (no answer in time). The draft is kept: sync again to retry."
    );
    let made = callflows_with(&app, number).await;
    assert_eq!(made.len(), 1, "Kazoo did the create");
    assert_eq!(made[0]["name"], "Lost answer");
    app.sandbox_faults(json!({})).await;

    // Renamed before the retry: the look-up by the name sent then finds
    // the callflow, and the retry makes it the draft's.
    update(&app, &id, json!({"name": "Renamed"})).await;
    let (status, synced) = sync(&app, &id).await;
    assert_eq!(status, 200, "{synced}");
    assert_eq!(synced["state"], "synced");
    let live = callflows_with(&app, number).await;
    assert_eq!(live.len(), 1, "no second callflow: {live:?}");
    assert_eq!(synced["kazoo_id"], live[0]["id"]);
    assert_eq!(live[0]["name"], "Renamed");

    // The log records what each create sent.
    let sent: Vec<SentRow> = sqlx::query_as(
        "select sent_name, sent_numbers, result::text as result from sync_log
          where draft_id = $1::uuid order by sync_log_id",
    )
    .bind(&id)
    .fetch_all(&mut db(&app).await)
    .await
    .unwrap();
    let row = |name: &str, result: &str| SentRow {
        sent_name: Some(name.into()),
        sent_numbers: Some(vec![number.to_owned()]),
        result: Some(result.into()),
    };
    assert_eq!(sent, [row("Lost answer", "error"), row("Renamed", "ok")]);
}

/// What a `sync_log` row says a create sent, and how it ended.
#[derive(Debug, PartialEq, sqlx::FromRow)]
struct SentRow {
    sent_name: Option<String>,
    sent_numbers: Option<Vec<String>>,
    result: Option<String>,
}

#[tokio::test(flavor = "multi_thread")]
async fn a_discard_is_refused_while_a_long_sync_runs_and_works_after() {
    let app = spawn_app_with(Options {
        kazoo_timeout: Duration::from_secs(40),
        ..Options::default()
    })
    .await;
    app.login_as_admin().await;
    let number = "+14155550122";
    let created = new_draft(&app, "Slow sync", number).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let version = created["version"].as_i64().unwrap();
    let discard = format!("/drafts/{id}?version={version}&confirm=true");

    // Kazoo answers the create after 20 s: longer than the liveness
    // window, so only the heartbeat keeps the draft "syncing".
    app.sandbox_faults(json!({"hang_next": 1, "hang_ms": 20_000}))
        .await;
    let running = {
        let client = app.client.clone();
        let url = format!("{}/api/v1/drafts/{id}/sync", app.address);
        tokio::spawn(async move { client.post(url).send().await.unwrap() })
    };
    tokio::time::sleep(LIVENESS + Duration::from_secs(2)).await;
    assert_eq!(draft(&app, &id).await["state"], "syncing");
    let (status, text) = body(app.api(Method::DELETE, &discard, None).await).await;
    assert_eq!(status, 409, "{text}");
    assert!(
        text.contains("A sync of this draft is running: wait until it ends, then discard it."),
        "{text}"
    );

    let synced = running.await.unwrap();
    assert_eq!(synced.status(), 200);
    let live = callflows_with(&app, number).await;
    assert_eq!(live.len(), 1, "{live:?}");
    let after = draft(&app, &id).await;
    assert_eq!(
        (&after["state"], &after["kazoo_id"]),
        (&json!("synced"), &live[0]["id"])
    );

    let (status, text) = body(app.api(Method::DELETE, &discard, None).await).await;
    assert_eq!(status, 204, "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_with_retry_after_is_waited_out() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let number = "+14155550123";
    let id = new_draft(&app, "Rate limited", number).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    app.sandbox_faults(json!({"fail_next": 1, "fail_status": 429, "retry_after_secs": 2}))
        .await;
    let started = Instant::now();
    let (status, synced) = sync(&app, &id).await;
    assert_eq!(status, 200, "{synced}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "the next try waited as asked ({:?}); without Retry-After it comes within 600 ms",
        started.elapsed()
    );
    assert_eq!(callflows_with(&app, number).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_answer_of_a_replace_lost_still_ends_consistent() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let number = "+14155550124";
    let id = new_draft(&app, "Replaced", number).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(sync(&app, &id).await.0, 200);
    let kazoo_id = draft(&app, &id).await["kazoo_id"].clone();

    // Every answer lost: the first replace is done, its retries are
    // refused as stale (their answers lost too), the sync gives up.
    update(
        &app,
        &id,
        json!({"voice_url": "https://voice.example.com/v2"}),
    )
    .await;
    app.sandbox_faults(json!({"lose_rate": 1.0, "hang_ms": 3000}))
        .await;
    let (status, answer) = sync(&app, &id).await;
    assert_eq!(status, 502, "{answer}");
    app.sandbox_faults(json!({})).await;
    let live = callflows_with(&app, number).await;
    assert_eq!(
        live[0]["flow"]["data"]["voice_url"],
        "https://voice.example.com/v2"
    );

    // The retry's If-Match is stale (its own write changed the revision),
    // but Kazoo already has the document: synced, no conflict.
    let (status, synced) = sync(&app, &id).await;
    assert_eq!(status, 200, "{synced}");
    assert_eq!(
        (&synced["state"], &synced["kazoo_id"]),
        (&json!("synced"), &kazoo_id)
    );

    // The draft holds Kazoo's revision now: the next change goes through.
    update(
        &app,
        &id,
        json!({"voice_url": "https://voice.example.com/v3"}),
    )
    .await;
    let (status, synced) = sync(&app, &id).await;
    assert_eq!(status, 200, "{synced}");
    let live = callflows_with(&app, number).await;
    assert_eq!(live.len(), 1);
    assert_eq!(
        live[0]["flow"]["data"]["voice_url"],
        "https://voice.example.com/v3"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sql_counts_a_sync_as_running_exactly_as_long_as_liveness() {
    let app = spawn_app().await;
    assert!(
        HEARTBEAT * 2 < LIVENESS,
        "a late beat is not taken for a crash"
    );
    let running = |age: Duration| {
        sqlx::query_scalar::<_, bool>(
            "select sync_is_running('syncing', now() - make_interval(secs => $1))",
        )
        .bind(age.as_secs_f64())
    };
    let mut conn = db(&app).await;
    let second = Duration::from_secs(1);
    assert!(running(LIVENESS - second)
        .fetch_one(&mut conn)
        .await
        .unwrap());
    assert!(!running(LIVENESS + second)
        .fetch_one(&mut conn)
        .await
        .unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_gone_mid_sync_keeps_the_log_of_the_callflow_made() {
    use app::{
        drafts::{db as drafts_db, model::DraftKind},
        sync::{
            db::{begin, finish, Outcome},
            model::Operation,
        },
    };
    let app = spawn_app().await;
    let pool = sqlx::PgPool::connect(&app.db_url).await.unwrap();
    let doc =
        kazoo::callflow::Callflow::from_value(json!({"name": "Gone", "numbers": ["+14155550125"],
        "flow": {"module": "pivot", "data": {"voice_url": URL}}}))
        .unwrap();
    let mut tx = pool.begin().await.unwrap();
    let id = drafts_db::insert_draft(
        &mut tx,
        seed::ACCOUNT_ID,
        DraftKind::Pivot,
        &doc,
        "ann",
        None,
    )
    .await
    .unwrap();
    let row = drafts_db::lock_draft(&mut tx, seed::ACCOUNT_ID, id)
        .await
        .unwrap()
        .unwrap();
    let log_id = begin(&mut tx, &row, Operation::Create, "ann")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    sqlx::query("delete from draft where draft_id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let made = Outcome::Done {
        kazoo_id: Some("cf-made".into()),
        revision: Some("1-a".into()),
        document: Some(Box::new(doc)),
        request_id: Some("req-1".into()),
    };
    assert!(
        !finish(&pool, id, log_id, &made).await.unwrap(),
        "the draft is gone"
    );
    let logged: (Option<String>, Option<String>, Option<String>) = sqlx::query_as(
        "select kazoo_id, result::text, kazoo_request_id from sync_log where sync_log_id = $1",
    )
    .bind(log_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        logged,
        (
            Some("cf-made".into()),
            Some("ok".into()),
            Some("req-1".into())
        )
    );
}
