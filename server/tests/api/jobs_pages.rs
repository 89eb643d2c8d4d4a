//! Bulk sync through the plain forms, as a browser without JavaScript
//! uses them: Drafts' Sync selected, Select all matching and Sync all
//! changed (`POST /jobs/sync`), refusals that start nothing, a job's page,
//! Retry failed, Cancel job, Sign in again on a paused job, and another
//! account's job answered as not found.

use std::time::{Duration, Instant};

use kazoo::sandbox::seed;
use serde_json::{json, Value};

use crate::helpers::{body, db, location, spawn_app, TestApp};

const URL: &str = "https://voice.example.com/twiml";

/// Makes a draft through the JSON API (the session's cookie); its id.
async fn draft(app: &TestApp, name: &str, number: &str) -> String {
    let response = app
        .api(
            reqwest::Method::POST,
            "/drafts",
            Some(json!({"name": name, "numbers": [number], "voice_url": URL})),
        )
        .await;
    assert_eq!(response.status(), 201, "{name}");
    let made: Value = response.json().await.unwrap();
    made["id"].as_str().unwrap().to_owned()
}

/// Posts the Drafts page's form; where it sends the browser.
async fn sync_form(app: &TestApp, pairs: &[(&str, &str)]) -> String {
    location(&app.post_form("/jobs/sync", pairs).await)
}

/// The job id of a job page's path.
fn job_id(path: &str) -> String {
    let id = path.strip_prefix("/jobs/").expect("a job's page");
    uuid::Uuid::parse_str(id).expect("a job id").to_string()
}

/// Waits until the job is no longer running (and no item of it runs);
/// its state then.
async fn ended(app: &TestApp, id: &str) -> String {
    let mut db = db(app).await;
    let start = Instant::now();
    loop {
        let state: Option<String> = sqlx::query_scalar(
            "select j.state::text from job j where j.job_id = $1::uuid
               and not exists (select 1 from job_item i
                                where i.job_id = j.job_id and i.state = 'running')",
        )
        .bind(id)
        .fetch_optional(&mut db)
        .await
        .unwrap();
        match state {
            Some(state) if state != "running" => return state,
            _ => {}
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "job {id} still running"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A draft's state (`draft_status`: draft, synced, error, …).
async fn draft_state(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("select state::text from draft_status where draft_id = $1::uuid")
        .bind(id)
        .fetch_one(&mut db(app).await)
        .await
        .unwrap()
}

/// A refused post: its fields, where it goes back to, what the page says.
type Refusal<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

async fn sync_jobs(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from job where kind = 'sync'")
        .fetch_one(&mut db(app).await)
        .await
        .unwrap()
}

async fn page(app: &TestApp, path: &str) -> String {
    let (status, html) = body(app.get(path).await).await;
    assert_eq!(status, 200, "{path}");
    html
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_selected_runs_a_job_whose_page_shows_it_done() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let a = draft(&app, "Bulk A", "+14155550110").await;
    let b = draft(&app, "Bulk B", "+14155550111").await;
    let c = draft(&app, "Bulk C", "+14155550112").await;

    // The Drafts page offers the form, each draft with its box.
    let html = page(&app, "/drafts").await;
    assert!(html.contains(r#"action="/jobs/sync""#), "{html}");
    assert!(
        html.contains(&format!(r#"name="draft" value="{a}""#)),
        "{html}"
    );
    assert!(html.contains("Select all 3 drafts"), "{html}");

    let to = sync_form(&app, &[("q", ""), ("draft", &a), ("draft", &b)]).await;
    let id = job_id(&to);
    assert_eq!(ended(&app, &id).await, "done");

    let html = page(&app, &to).await;
    assert!(html.contains("Sync drafts"), "{html}");
    assert!(html.contains("2 of 2 done · 0 failed · 0 left"), "{html}");
    assert!(html.contains("Bulk A") && html.contains("Bulk B"), "{html}");
    assert!(!html.contains("Bulk C"), "{html}");
    assert!(!html.contains("Cancel job") && !html.contains("Retry failed"));
    assert_eq!(draft_state(&app, &a).await, "synced");
    assert_eq!(draft_state(&app, &b).await, "synced");
    assert_eq!(draft_state(&app, &c).await, "draft");

    // The jobs list links to it.
    let html = page(&app, "/jobs").await;
    assert!(html.contains(&format!(r#"href="/jobs/{id}""#)), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_bulk_sync_goes_back_saying_why_and_starts_nothing() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    draft(&app, "Lonely", "+14155550110").await;

    // Nothing ticked: back to Drafts, the message shown once.
    assert_eq!(sync_form(&app, &[("q", "")]).await, "/drafts");
    let html = page(&app, "/drafts").await;
    assert!(
        html.contains("Select at least one draft to sync. Nothing was synced."),
        "{html}"
    );
    assert!(!page(&app, "/drafts").await.contains("Nothing was synced."));

    // Ids that name no draft, a scope the form does not send, a search
    // that matches nothing (kept on the way back), a search the page
    // refuses (not kept), a tampered field beside Sync all changed.
    let cases: [Refusal<'_>; 6] = [
        (
            &[("draft", "not-a-uuid")],
            "/drafts",
            "is not one of the account's drafts",
        ),
        (
            &[("draft", "00000000-0000-0000-0000-000000000000")],
            "/drafts",
            "A selected draft no longer exists",
        ),
        (
            &[("scope", "everything")],
            "/drafts",
            "The form could not be read",
        ),
        (
            &[("scope", "matching"), ("q", "zzz")],
            "/drafts?q=zzz",
            "No draft matches “zzz”.",
        ),
        (
            &[("scope", "matching"), ("q", "a\u{0}b")],
            "/drafts",
            "The search cannot be used",
        ),
        // A tampered field refuses the form, even for Sync all changed.
        (
            &[("scope", "changed"), ("draft", "\u{202E}")],
            "/drafts",
            "is not one of the account's drafts",
        ),
    ];
    for (pairs, back, says) in cases {
        assert_eq!(sync_form(&app, pairs).await, back, "{pairs:?}");
        let html = page(&app, back).await;
        assert!(html.contains(says), "{pairs:?}: {html}");
    }
    assert_eq!(sync_jobs(&app).await, 0, "no job was made");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_all_matching_and_sync_all_changed_take_the_right_drafts() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let one = draft(&app, "Matched one", "+14155550110").await;
    let two = draft(&app, "Matched two", "+14155550111").await;
    let other = draft(&app, "Other", "+14155550112").await;

    // All matching "matched", though none is ticked.
    let to = sync_form(&app, &[("q", "matched"), ("scope", "matching")]).await;
    let id = job_id(&to);
    assert_eq!(ended(&app, &id).await, "done");
    let html = page(&app, &to).await;
    assert!(html.contains("2 of 2 done"), "{html}");
    assert_eq!(draft_state(&app, &one).await, "synced");
    assert_eq!(draft_state(&app, &two).await, "synced");
    assert_eq!(draft_state(&app, &other).await, "draft");

    // All changed: only the one Kazoo does not have; the ticked box and
    // "all matching" give way to the button pressed.
    let to = sync_form(
        &app,
        &[
            ("q", ""),
            ("draft", &one),
            ("scope", "matching"),
            ("scope", "changed"),
        ],
    )
    .await;
    let id = job_id(&to);
    assert_eq!(ended(&app, &id).await, "done");
    let html = page(&app, &to).await;
    assert!(html.contains("1 of 1 done"), "{html}");
    assert!(
        html.contains("Other") && !html.contains("Matched one"),
        "{html}"
    );
    assert_eq!(draft_state(&app, &other).await, "synced");

    // Nothing changed any more.
    assert_eq!(sync_form(&app, &[("scope", "changed")]).await, "/drafts");
    assert!(page(&app, "/drafts")
        .await
        .contains("No draft has changes to sync. Nothing was synced."));
    assert_eq!(sync_jobs(&app).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_item_says_why_and_retry_failed_runs_it_again() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    // The seeded "Main line (Pivot)" has this number in Kazoo.
    let clash = draft(&app, "Clash", "+14155550100").await;
    let fine = draft(&app, "Fine", "+14155550110").await;

    let to = sync_form(&app, &[("draft", &fine), ("draft", &clash)]).await;
    let id = job_id(&to);
    assert_eq!(ended(&app, &id).await, "done");
    let html = page(&app, &to).await;
    assert!(html.contains("1 of 2 done · 1 failed · 0 left"), "{html}");
    assert!(
        html.contains("+14155550100 is already used by the callflow “Main line (Pivot)”"),
        "the admin-words reason: {html}"
    );
    assert!(
        html.find("Clash").unwrap() < html.find("Fine").unwrap(),
        "failed first"
    );
    assert!(html.contains("Retry failed"), "{html}");
    assert_eq!(draft_state(&app, &clash).await, "error");

    // The admin frees the number in Kazoo, then retries.
    let (kazoo, token) = app.kazoo().await;
    kazoo
        .delete_callflow(&token, seed::ACCOUNT_ID, seed::PIVOT_CALLFLOW_ID, None)
        .await
        .unwrap();
    let back = location(
        &app.post_form(&format!("/jobs/{id}/retry-failed"), &[])
            .await,
    );
    assert_eq!(back, format!("/jobs/{id}?notice=retrying"));
    assert_eq!(ended(&app, &id).await, "done");
    let html = page(&app, &back).await;
    assert!(html.contains("The failed items run again."), "{html}");
    assert!(html.contains("2 of 2 done · 0 failed"), "{html}");
    assert_eq!(draft_state(&app, &clash).await, "synced");

    // Nothing left to retry; the job ended, so nothing to cancel.
    let again = app
        .post_form(&format!("/jobs/{id}/retry-failed"), &[])
        .await;
    assert_eq!(location(&again), format!("/jobs/{id}?notice=none_failed"));
    let cancel = app.post_form(&format!("/jobs/{id}/cancel"), &[]).await;
    assert_eq!(
        location(&cancel),
        format!("/jobs/{id}?notice=already_ended")
    );
    assert!(page(&app, &location(&cancel))
        .await
        .contains("This job had already ended: nothing was cancelled."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_job_leaves_the_drafts_not_yet_run() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let mut ids = Vec::new();
    for n in 0..10 {
        ids.push(draft(&app, &format!("Slow {n}"), &format!("+1415555011{n}")).await);
    }
    // Each Kazoo call takes a while: the job is still running when the
    // admin cancels it.
    app.sandbox_faults(json!({"latency_ms": 300})).await;
    let mut pairs = vec![("q", "")];
    pairs.extend(ids.iter().map(|id| ("draft", id.as_str())));
    let to = sync_form(&app, &pairs).await;
    let id = job_id(&to);
    let html = page(&app, &to).await;
    assert!(
        html.contains("Cancel job") && html.contains(">Reload<"),
        "{html}"
    );

    let back = location(&app.post_form(&format!("/jobs/{id}/cancel"), &[]).await);
    assert_eq!(back, format!("/jobs/{id}?notice=cancelled"));
    assert_eq!(ended(&app, &id).await, "cancelled");
    app.sandbox_faults(json!({})).await;
    let html = page(&app, &back).await;
    assert!(html.contains("The job was cancelled"), "{html}");
    assert!(!html.contains("Cancel job") && !html.contains(">Reload<"));
    let cancelled: i64 = sqlx::query_scalar(
        "select count(*) from job_item where job_id = $1::uuid and state = 'cancelled'",
    )
    .bind(&id)
    .fetch_one(&mut db(&app).await)
    .await
    .unwrap();
    assert!(cancelled > 0, "items not yet run were cancelled");
    let mut left_alone = 0;
    for draft in &ids {
        if draft_state(&app, draft).await == "draft" {
            left_alone += 1;
        }
    }
    assert_eq!(
        left_alone, cancelled,
        "a cancelled item's draft is left as it was"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_accounts_job_is_not_found_and_left_alone() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let mut db = db(&app).await;
    let theirs: String = sqlx::query_scalar(
        "insert into job (account_id, kind, created_by, kazoo_token)
         values ($1, 'sync', 'them@other', 'their-token') returning job_id::text",
    )
    .bind(seed::OTHER_ACCOUNT_ID)
    .fetch_one(&mut db)
    .await
    .unwrap();
    sqlx::query(
        "insert into job_item (job_id, item_no, draft_name, state)
         values ($1::uuid, 1, 'Their draft', 'failed')",
    )
    .bind(&theirs)
    .execute(&mut db)
    .await
    .unwrap();

    let (status, html) = body(app.get(&format!("/jobs/{theirs}")).await).await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found") && !html.contains("Their draft"));
    for action in ["cancel", "retry-failed"] {
        let response = app
            .post_form(&format!("/jobs/{theirs}/{action}"), &[])
            .await;
        assert_eq!(location(&response), "/jobs?notice=not_found", "{action}");
    }
    let fetched = app
        .server_fn("jobs/get", &[("id", &theirs), ("page", "1")])
        .await;
    assert_eq!(fetched.status(), 404);
    let (state, item): (String, String) = sqlx::query_as(
        "select j.state::text, i.state::text from job j join job_item i using (job_id)
          where job_id = $1::uuid",
    )
    .bind(&theirs)
    .fetch_one(&mut db)
    .await
    .unwrap();
    assert_eq!((state.as_str(), item.as_str()), ("running", "failed"));
    assert!(!page(&app, "/jobs").await.contains(&theirs));
    let (status, _) = body(app.get("/jobs/not-a-job").await).await;
    assert_eq!(status, 404);

    // Without a session: the sign-in page, and the posts refused.
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = anonymous
        .get(format!("{}/jobs/{theirs}", app.address))
        .send()
        .await
        .unwrap();
    assert!(location(&response).starts_with("/login?next="));
    let response = anonymous
        .post(format!("{}/jobs/sync", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_job_says_why_and_resumes_after_signing_in_again() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let waiting = draft(&app, "Waiting", "+14155550110").await;
    // A job paused on an expired token, as the worker leaves it.
    let mut db = db(&app).await;
    let id: String = sqlx::query_scalar(
        "insert into job (account_id, kind, created_by, kazoo_token, state, pause_reason)
         values ($1, 'sync', 'admin@sandbox', 'expired-token', 'paused',
                 'The Kazoo session expired: sign in again to resume.')
         returning job_id::text",
    )
    .bind(seed::ACCOUNT_ID)
    .fetch_one(&mut db)
    .await
    .unwrap();
    sqlx::query(
        "insert into job_item (job_id, item_no, draft_id, draft_name)
         values ($1::uuid, 1, $2::uuid, 'Waiting')",
    )
    .bind(&id)
    .bind(&waiting)
    .execute(&mut db)
    .await
    .unwrap();

    let html = page(&app, &format!("/jobs/{id}")).await;
    assert!(
        html.contains("The Kazoo session expired: sign in again to resume."),
        "{html}"
    );
    assert!(
        html.contains(&format!(r#"action="/jobs/{id}/sign-in""#)),
        "{html}"
    );

    let to = location(&app.post_form(&format!("/jobs/{id}/sign-in"), &[]).await);
    let next = format!("/jobs/{id}");
    assert_eq!(to, format!("/login?error=expired&next=%2Fjobs%2F{id}"));
    assert!(
        location(&app.get("/jobs").await).starts_with("/login"),
        "signed out"
    );

    let back = app
        .post_form(
            "/login",
            &[
                ("method", "password"),
                ("account_name", "sandbox"),
                ("username", "admin"),
                ("password", "sandbox"),
                ("next", &next),
            ],
        )
        .await;
    assert_eq!(location(&back), next);
    assert_eq!(ended(&app, &id).await, "done");
    assert_eq!(draft_state(&app, &waiting).await, "synced");
}
