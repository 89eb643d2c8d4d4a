//! The fault suite (issue 11): bulk sync under Kazoo's faults, an expired
//! token, `kill -9` and a restart; two app instances sharing a job; a
//! Postgres restart during a job. The app runs as real server processes,
//! the sandbox in this process. Each test prints its counts
//! (`--nocapture` shows them; BENCHMARKS.md quotes them).

mod bench;
mod check;
mod harness;
mod postgres;

use std::time::Duration;

use serde_json::json;
use sqlx::PgPool;

use self::{
    check::check,
    harness::{admin_url, fresh_database, wait_for, Admin, Kazoo, Server},
};

/// The faults of the big run: 10% 5xx, 5% timeouts, 3% writes whose
/// answer is lost, small latency; the client gives up after 1 s.
fn faulty() -> serde_json::Value {
    json!({
        "latency_ms": 2,
        "error_rate": 0.10,
        "fail_status": 503,
        "timeout_rate": 0.05,
        "lose_rate": 0.03,
        "hang_ms": 1500,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_drafts_survive_faults_an_expired_token_and_kill_9() {
    let _serial = harness::one_at_a_time().await;
    const DRAFTS: u32 = 1000;
    let kazoo = Kazoo::start(25).await;
    let url = fresh_database(&admin_url(), "pivot_faults").await;
    let db = PgPool::connect(&url).await.unwrap();
    let mut server = Server::start(&url, &kazoo).await;
    let admin = Admin::sign_in(&server).await;
    let drafts = admin.make_drafts(7000, DRAFTS).await;
    let started = std::time::Instant::now();

    kazoo.faults(faulty()).await;
    let job = admin.bulk_sync(&drafts).await;
    let long = Duration::from_secs(600);

    // A burst of 429s (with Retry-After) once a hundred are done.
    wait_for(&db, &job, long, "100 done", |_, c| c.done >= 100).await;
    kazoo
        .faults(
            json!({"latency_ms": 2, "fail_next": 30, "fail_status": 429, "retry_after_secs": 1}),
        )
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    kazoo.faults(faulty()).await;

    // The Kazoo token expires: the job pauses until the admin signs in.
    wait_for(&db, &job, long, "250 done", |_, c| c.done >= 250).await;
    kazoo.control("/sandbox/expire-tokens").await;
    wait_for(&db, &job, long, "the job paused", |state, _| {
        state == "paused"
    })
    .await;
    let (_, paused) = harness::job_counts(&db, &job).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (_, still) = harness::job_counts(&db, &job).await;
    assert_eq!(paused.done, still.done, "a paused job runs nothing");
    admin.sign_in_again().await;
    wait_for(&db, &job, long, "the job resumed", |state, _| {
        state == "running"
    })
    .await;

    // kill -9 mid-job; a new process takes the job up at start-up.
    wait_for(&db, &job, long, "500 done", |_, c| c.done >= 500).await;
    server = server.kill_and_restart().await;
    let (state, counts) = wait_for(&db, &job, long, "the job to end", |state, _| {
        state == "done"
    })
    .await;
    let wall = started.elapsed();
    kazoo.faults(json!({})).await;
    let after_run = check(&db, &kazoo, drafts.len()).await;
    eprintln!(
        "fault suite: {DRAFTS} drafts in {:.1} s: job {state}, items done {}, failed {}; {after_run:?}",
        wall.as_secs_f64(),
        counts.done,
        counts.failed,
    );
    assert_eq!(counts.left, 0);
    assert_eq!(after_run.lost, 0, "no draft lost");
    assert_eq!(
        after_run.unaccounted, 0,
        "every draft synced or failed with a reason"
    );
    assert_eq!(after_run.duplicated, 0, "no duplicate callflow");
    assert_eq!(after_run.missing_in_kazoo, 0);
    assert_eq!(after_run.missing_log, 0, "every sync in the log");
    assert_eq!(
        after_run.synced + after_run.failed_with_reason,
        DRAFTS as usize
    );

    // Retry failed with Kazoo well again: everything ends synced, each
    // number in exactly one callflow, no callflow without its draft.
    let admin = Admin::sign_in(&server).await;
    if counts.failed > 0 {
        let (status, body) = admin
            .api(
                reqwest::Method::POST,
                &format!("/jobs/{job}/retry-failed"),
                None,
            )
            .await;
        assert!(status.is_success(), "retry failed: {body}");
        wait_for(&db, &job, long, "the retry to end", |state, _| {
            state == "done"
        })
        .await;
    }
    let settled = check(&db, &kazoo, drafts.len()).await;
    eprintln!("fault suite after Retry failed: {settled:?}");
    assert_eq!(
        settled.synced, DRAFTS as usize,
        "all synced after the retry"
    );
    assert_eq!(settled.orphaned, 0, "no callflow without its draft");
    assert_eq!(settled.duplicated, 0);
    assert_eq!(settled.lost, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_a_job_and_run_no_item_twice() {
    let _serial = harness::one_at_a_time().await;
    const DRAFTS: u32 = 200;
    let kazoo = Kazoo::start(25).await;
    let url = fresh_database(&admin_url(), "pivot_faults").await;
    let db = PgPool::connect(&url).await.unwrap();
    let first = Server::start_beside_others(&url, &kazoo).await;
    let second = Server::start_beside_others(&url, &kazoo).await;
    let admin = Admin::sign_in(&first).await;
    let drafts = admin.make_drafts(8000, DRAFTS).await;
    kazoo.faults(json!({"latency_ms": 20})).await;
    let job = admin.bulk_sync(&drafts).await;
    wait_for(
        &db,
        &job,
        Duration::from_secs(300),
        "the job to end",
        |state, _| state == "done",
    )
    .await;
    kazoo.faults(json!({})).await;
    let workers: Vec<(Option<String>, i64)> = sqlx::query_as(
        "select worker, count(*) from job_item where job_id = $1::uuid group by worker order by 1",
    )
    .bind(&job)
    .fetch_all(&db)
    .await
    .unwrap();
    let attempts: Vec<(i64,)> = sqlx::query_as(
        "select count(*) from sync_log where resource = 'callflow' group by draft_id having count(*) > 1",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let report = check(&db, &kazoo, drafts.len()).await;
    eprintln!("two instances: items per worker {workers:?}; {report:?}");
    assert_eq!(workers.len(), 2, "both instances took items: {workers:?}");
    assert!(attempts.is_empty(), "no draft synced twice: {attempts:?}");
    assert_eq!(report.synced, DRAFTS as usize);
    assert_eq!(report.duplicated + report.orphaned + report.lost, 0);
    drop((first, second));
}
