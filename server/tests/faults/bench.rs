//! The jobs' figures for BENCHMARKS.md (ignored in CI; run by
//! `scripts/bench-jobs.sh`, on a release build): a bulk sync of 1,000
//! drafts against 20 ms of Kazoo latency, measured against its floor
//! (`1000 × 20 ms / concurrency`), and a routing refresh of an account
//! with 10,000 numbers and 1,000 pivot callflows (time, Kazoo requests).

use std::time::Duration;

use kazoo::sandbox::seed;
use serde_json::json;
use sqlx::PgPool;

use super::harness::{self, admin_url, fresh_database, wait_for, Admin, Kazoo, Server};

/// Items per account at once (the server's default).
const CONCURRENCY: f64 = 4.0;

/// Seconds between the job's creation and its end, as Postgres recorded.
async fn job_seconds(db: &PgPool, job_id: uuid::Uuid) -> f64 {
    sqlx::query_scalar(
        "select extract(epoch from finished_at - created_at)::float8 from job where job_id = $1",
    )
    .bind(job_id)
    .fetch_one(db)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a benchmark: scripts/bench-jobs.sh"]
async fn bench_bulk_sync_of_1000_drafts_at_20_ms() {
    let _serial = harness::one_at_a_time().await;
    const DRAFTS: u32 = 1000;
    const LATENCY_MS: u64 = 20;
    let kazoo = Kazoo::start(25).await;
    let url = fresh_database(&admin_url(), "pivot_bench").await;
    let db = PgPool::connect(&url).await.unwrap();
    let server = Server::start(&url, &kazoo).await;
    let admin = Admin::sign_in(&server).await;
    let drafts = admin.make_drafts(7000, DRAFTS).await;
    kazoo.faults(json!({"latency_ms": LATENCY_MS})).await;
    let before = kazoo.requests();
    let job = admin.bulk_sync(&drafts).await;
    wait_for(
        &db,
        &job,
        Duration::from_secs(600),
        "the job to end",
        |s, _| s == "done",
    )
    .await;
    let seconds = job_seconds(&db, uuid::Uuid::parse_str(&job).unwrap()).await;
    let floor = f64::from(DRAFTS) * LATENCY_MS as f64 / 1000.0 / CONCURRENCY;
    let requests = kazoo.requests() - before;
    eprintln!(
        "bench bulk sync: {DRAFTS} drafts, {LATENCY_MS} ms latency, concurrency {CONCURRENCY}: \
         {seconds:.2} s; floor {floor:.2} s; ratio {:.2}; Kazoo requests {requests}",
        seconds / floor
    );
    drop(server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a benchmark: scripts/bench-jobs.sh"]
async fn bench_refresh_of_10000_numbers_and_1000_pivot_callflows() {
    let _serial = harness::one_at_a_time().await;
    let kazoo = Kazoo::start(10_000).await;
    let client =
        kazoo::KazooClient::new(&format!("{}/v2", kazoo.base), Duration::from_secs(30)).unwrap();
    let token = client.api_auth(seed::API_KEY).await.unwrap().token;
    // 1,000 pivot callflows on DIDs far from the seeded ones.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..1000u64 {
        let (client, token) = (client.clone(), token.clone());
        tasks.spawn(async move {
            let doc = json!({
                "name": format!("Pivot {i}"),
                "numbers": [format!("+{}", 14_155_555_000u64 + i)],
                "flow": {"module": "pivot", "data": {
                    "voice_url": format!("https://voice.example.com/{i}"),
                    "method": "post", "req_format": "twiml"}, "children": {}},
            });
            client
                .create_callflow(&token, seed::ACCOUNT_ID, &doc)
                .await
                .unwrap();
        });
        if tasks.len() >= 16 {
            tasks.join_next().await.unwrap().unwrap();
        }
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let url = fresh_database(&admin_url(), "pivot_bench").await;
    let db = PgPool::connect(&url).await.unwrap();
    let server = Server::start(&url, &kazoo).await;
    for latency_ms in [0u64, 20] {
        kazoo.faults(json!({"latency_ms": latency_ms})).await;
        let before = kazoo.requests();
        let signing_in = std::time::Instant::now();
        let admin = Admin::sign_in(&server).await;
        let sign_in = signing_in.elapsed();
        let job: uuid::Uuid = sqlx::query_scalar(
            "select job_id from job where kind = 'refresh' order by created_at desc limit 1",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        wait_for(
            &db,
            &job.to_string(),
            Duration::from_secs(600),
            "the refresh",
            |s, _| s == "done",
        )
        .await;
        let seconds = job_seconds(&db, job).await;
        let requests = kazoo.requests() - before;
        let numbers: i64 = sqlx::query_scalar("select count(*) from routed_number")
            .fetch_one(&db)
            .await
            .unwrap();
        eprintln!(
            "bench refresh: {numbers} numbers, latency {latency_ms} ms: sign-in answered in {} ms; \
             refresh {seconds:.2} s; Kazoo requests {requests} (sign-in included)",
            sign_in.as_millis()
        );
        drop(admin);
    }
    drop(server);
}
