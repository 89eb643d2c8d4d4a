//! Jobs through the JSON API (`/api/v1/jobs`): a bulk sync made and
//! followed to its end, the refresh joined while it runs, bad bodies
//! refused naming the field, another account's job unseen, callers
//! without a session or a Kazoo token; and the refresh as Numbers Routing
//! and Callflows show it (progress, a failure), with sign-in that does not
//! wait for it.

use std::time::{Duration, Instant};

use kazoo::sandbox::seed::{self, OTHER_ACCOUNT_ID};
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::{
    api_shape::documented,
    helpers::{body, db, header, location, spawn_app, TestApp},
};

const URL: &str = "https://voice.example.com/twiml";

/// Makes a pivot draft through the API; returns its id.
async fn make_draft(app: &TestApp, name: &str, number: &str) -> String {
    let response = app
        .api(
            Method::POST,
            "/drafts",
            Some(json!({"name": name, "numbers": [number], "voice_url": URL,
                        "method": "post", "req_format": "twiml"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let draft: Value = response.json().await.unwrap();
    draft["id"].as_str().unwrap().to_owned()
}

async fn json_of(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}")),
    )
}

/// `GET /jobs/{id}` until the job is no longer running (at most 60 s).
async fn wait_for_end(app: &TestApp, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let (status, detail) =
            json_of(app.api(Method::GET, &format!("/jobs/{id}"), None).await).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        if detail["job"]["state"] != "running" {
            return detail;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the job ends: {detail}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the refresh started at sign-in to end.
async fn wait_for_refreshes(app: &TestApp) {
    let (_, list) = json_of(app.api(Method::GET, "/jobs", None).await).await;
    for job in list["jobs"].as_array().unwrap() {
        if job["kind"] == "refresh" {
            wait_for_end(app, job["job_id"].as_str().unwrap()).await;
        }
    }
}

/// The sandbox's callflows named `name`.
async fn callflows_named(app: &TestApp, name: &str) -> usize {
    let (client, token) = app.kazoo().await;
    client
        .list_callflows(&token, seed::ACCOUNT_ID)
        .await
        .unwrap()
        .iter()
        .filter(|c| c.name.as_deref() == Some(name))
        .count()
}

async fn jobs_in_db(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from job")
        .fetch_one(&mut db(app).await)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_sync_made_through_the_api_syncs_each_draft_once() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let mut ids = Vec::new();
    for n in 1..=3 {
        ids.push(make_draft(&app, &format!("Bulk {n}"), &format!("710{n}")).await);
    }

    let response = app
        .api(
            Method::POST,
            "/jobs",
            Some(json!({"kind": "sync", "drafts": ids})),
        )
        .await;
    let location = header(response.headers(), "location");
    let (status, job) = json_of(response).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    let id = job["job_id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/jobs/{id}"));
    assert_eq!(job["links"]["self"], location);
    assert_eq!(job["kind"], "sync");
    assert_eq!(job["progress"]["total"], 3);
    assert_eq!(job["created_by"], "admin@sandbox");

    let detail = wait_for_end(&app, &id).await;
    assert_eq!(detail["job"]["state"], "done", "{detail}");
    let progress = &detail["job"]["progress"];
    assert_eq!(
        (&progress["done"], &progress["failed"], &progress["left"]),
        (&json!(3), &json!(0), &json!(0)),
        "{detail}"
    );
    assert!(detail["job"]["finished_at"].is_string(), "{detail}");
    let items = detail["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i["state"] == "done"), "{detail}");
    assert_eq!(
        (detail["page"].clone(), detail["pages"].clone()),
        (json!(1), json!(1))
    );
    for (n, draft) in ids.iter().enumerate() {
        let (_, draft) = json_of(
            app.api(Method::GET, &format!("/drafts/{draft}"), None)
                .await,
        )
        .await;
        assert_eq!(draft["state"], "synced", "{draft}");
        assert_eq!(callflows_named(&app, &format!("Bulk {}", n + 1)).await, 1);
    }

    // The list has it, newest first; a page past the items is empty.
    let (_, list) = json_of(app.api(Method::GET, "/jobs", None).await).await;
    assert_eq!(list["jobs"][0]["job_id"], id.as_str(), "{list}");
    assert_eq!(list["jobs"][0]["links"]["self"], location);
    let (status, page2) = json_of(
        app.api(Method::GET, &format!("/jobs/{id}?page=2"), None)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page2["items"], json!([]));

    // An ended job cannot be cancelled; nothing failed to retry.
    let (status, _) = documented(
        app.api(Method::POST, &format!("/jobs/{id}/cancel"), None)
            .await,
        "cancel an ended job",
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = documented(
        app.api(Method::POST, &format!("/jobs/{id}/retry-failed"), None)
            .await,
        "retry with none failed",
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // A failed item queued again runs again (the draft is synced: its
    // callflow is kept, not made twice).
    sqlx::query(
        "update job_item set state = 'failed', message = 'Kazoo said no.' where item_no = 2",
    )
    .execute(&mut db(&app).await)
    .await
    .unwrap();
    let (_, failed_first) = json_of(app.api(Method::GET, &format!("/jobs/{id}"), None).await).await;
    assert_eq!(
        failed_first["items"][0]["state"], "failed",
        "failed items come first"
    );
    assert_eq!(failed_first["items"][0]["message"], "Kazoo said no.");
    let (status, retried) = json_of(
        app.api(
            Method::POST,
            &format!("/jobs/{id}/retry-failed"),
            Some(json!({})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{retried}");
    let detail = wait_for_end(&app, &id).await;
    assert_eq!(detail["job"]["progress"]["done"], 3, "{detail}");
    assert_eq!(callflows_named(&app, "Bulk 2").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_refresh_joins_the_one_that_runs_and_a_cancel_stops_a_sync() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    wait_for_refreshes(&app).await;
    for n in 0..12 {
        app.put_callflow(
            json!({"name": format!("Extra {n}"), "numbers": [format!("72{n:02}")],
                                "flow": {"module": "hangup", "data": {}}}),
        )
        .await;
    }
    let ids = vec![
        make_draft(&app, "Slow 1", "7301").await,
        make_draft(&app, "Slow 2", "7302").await,
    ];
    app.sandbox_faults(json!({"latency_ms": 200})).await;

    let refresh = json!({"kind": "refresh"});
    let (status, first) =
        json_of(app.api(Method::POST, "/jobs", Some(refresh.clone())).await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{first}");
    let (status, second) = json_of(app.api(Method::POST, "/jobs", Some(refresh)).await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{second}");
    assert_eq!(
        first["job_id"], second["job_id"],
        "the second joins the first"
    );
    assert_eq!(first["kind"], "refresh");

    // A sync cancelled while the refresh holds the account's turn.
    let (_, sync) = json_of(
        app.api(
            Method::POST,
            "/jobs",
            Some(json!({"kind": "sync", "drafts": ids})),
        )
        .await,
    )
    .await;
    let sync_id = sync["job_id"].as_str().unwrap();
    let (status, cancelled) = json_of(
        app.api(Method::POST, &format!("/jobs/{sync_id}/cancel"), None)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!(cancelled["state"], "cancelled");
    let (status, _) = documented(
        app.api(Method::POST, &format!("/jobs/{sync_id}/cancel"), None)
            .await,
        "cancel twice",
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let refreshed = wait_for_end(&app, first["job_id"].as_str().unwrap()).await;
    app.sandbox_faults(json!({"latency_ms": 0})).await;
    assert_eq!(refreshed["job"]["state"], "done", "{refreshed}");
    let (read, listed) = (&refreshed["job"]["read"][0], &refreshed["job"]["read"][1]);
    assert_eq!(read, listed, "{refreshed}");
    assert!(listed.as_u64().unwrap() >= 12, "{refreshed}");
    // The cancelled sync synced nothing (its items never ran: the refresh
    // and the latency kept them waiting, or they finished before).
    let cancelled = wait_for_end(&app, sync_id).await;
    assert_eq!(cancelled["job"]["state"], "cancelled");
    let p = &cancelled["job"]["progress"];
    assert_eq!(p["left"], 0, "{cancelled}");
    assert_eq!(
        p["done"].as_u64().unwrap() + p["skipped"].as_u64().unwrap(),
        2,
        "{cancelled}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_job_bodies_are_refused_naming_the_field_and_start_nothing() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    wait_for_refreshes(&app).await;
    let before = jobs_in_db(&app).await;
    let draft = make_draft(&app, "Bad bodies", "7401").await;
    let unknown = uuid::Uuid::new_v4().to_string();

    for (body, field) in [
        (json!({"kind": "purge"}), "kind"),
        (json!({"kind": ["sync"]}), "kind"),
        (json!({"drafts": [draft]}), "kind"),
        (json!({"kind": "sync"}), "drafts"),
        (json!({"kind": "sync", "drafts": "a, b"}), "drafts"),
        (
            json!({"kind": "sync", "drafts": [draft, "not-an-id"]}),
            "drafts",
        ),
        (json!({"kind": "sync", "drafts": [draft, 5]}), "drafts"),
        (json!({"kind": "sync", "drafts": null}), "drafts"),
        (json!({"kind": "sync", "drafts": []}), "drafts"),
        (json!({"kind": "sync", "drafts": [unknown]}), "drafts"),
        (
            json!({"kind": "sync", "drafts": [draft], "changed": true}),
            "changed",
        ),
        (json!({"kind": "sync", "changed": false}), "changed"),
        (json!({"kind": "sync", "changed": "yes"}), "changed"),
        (json!({"kind": "refresh", "drafts": [draft]}), "drafts"),
        (
            json!({"kind": "sync", "changed": true, "ids": [draft]}),
            "ids",
        ),
    ] {
        let response = app.api(Method::POST, "/jobs", Some(body.clone())).await;
        let (status, error) = documented(response, &body.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {error}");
        assert!(error["fields"][field].is_string(), "{body} → {error}");
    }
    for (raw, want) in [
        ("{\"kind\": ", StatusCode::BAD_REQUEST),
        ("[]", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let response = app
            .client
            .post(format!("{}/api/v1/jobs", app.address))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        let (status, _) = documented(response, raw).await;
        assert_eq!(status, want, "{raw}");
    }
    let (status, _) = documented(
        app.client
            .post(format!("{}/api/v1/jobs", app.address))
            .body("kind=sync")
            .send()
            .await
            .unwrap(),
        "a form body",
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Ids that name no job are 404, whatever the body (the id is looked
    // at first: another account's job answers as an unknown one).
    let (status, _) = documented(
        app.api(
            Method::POST,
            &format!("/jobs/{unknown}/cancel"),
            Some(json!({"force": true})),
        )
        .await,
        "cancel with a field",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for path in [format!("/jobs/{unknown}"), "/jobs/not-an-id".to_owned()] {
        let (status, _) = documented(app.api(Method::GET, &path, None).await, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(jobs_in_db(&app).await, before, "no job was made");

    // "changed" takes the drafts not in Kazoo as they are; then none is.
    let changed = json!({"kind": "sync", "changed": true});
    let (status, job) = json_of(app.api(Method::POST, "/jobs", Some(changed.clone())).await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    assert_eq!(job["progress"]["total"], 1, "{job}");
    let id = job["job_id"].as_str().unwrap();
    assert_eq!(wait_for_end(&app, id).await["job"]["progress"]["done"], 1);
    let (status, error) = documented(
        app.api(Method::POST, "/jobs", Some(changed)).await,
        "nothing changed",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["fields"]["drafts"].is_string(), "{error}");
    assert_eq!(jobs_in_db(&app).await, before + 1);

    let (status, error) = documented(
        app.api(Method::GET, &format!("/jobs/{id}?page=0"), None)
            .await,
        "page 0",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error["fields"]["page"].is_string(), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_accounts_job_is_not_found() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    wait_for_refreshes(&app).await;
    let draft = make_draft(&app, "Theirs", "7501").await;
    let (_, job) = json_of(
        app.api(
            Method::POST,
            "/jobs",
            Some(json!({"kind": "sync", "drafts": [draft]})),
        )
        .await,
    )
    .await;
    let id = job["job_id"].as_str().unwrap().to_owned();
    wait_for_end(&app, &id).await;
    sqlx::query("update job_item set state = 'failed' where job_id = $1::uuid")
        .bind(&id)
        .execute(&mut db(&app).await)
        .await
        .unwrap();
    sqlx::query("update job set account_id = $1 where job_id = $2::uuid")
        .bind(OTHER_ACCOUNT_ID)
        .bind(&id)
        .execute(&mut db(&app).await)
        .await
        .unwrap();

    for (method, path) in [
        (Method::GET, format!("/jobs/{id}")),
        (Method::POST, format!("/jobs/{id}/cancel")),
        (Method::POST, format!("/jobs/{id}/retry-failed")),
    ] {
        let (status, _) = documented(app.api(method, &path, None).await, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, list) = json_of(app.api(Method::GET, "/jobs", None).await).await;
    assert!(
        list["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["job_id"] != id.as_str()),
        "{list}"
    );
    let state: String =
        sqlx::query_scalar("select state::text from job_item where job_id = $1::uuid")
            .bind(&id)
            .fetch_one(&mut db(&app).await)
            .await
            .unwrap();
    assert_eq!(
        state, "failed",
        "the other account's job was left as it was"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_need_a_session_or_a_token_and_starting_one_needs_a_kazoo_token() {
    let app = spawn_app().await;
    let outsider = reqwest::Client::new();
    let url = |p: &str| format!("{}/api/v1{p}", app.address);
    let some_id = uuid::Uuid::new_v4();
    for request in [
        outsider.get(url("/jobs")),
        outsider
            .post(url("/jobs"))
            .json(&json!({"kind": "refresh"})),
        outsider.get(url(&format!("/jobs/{some_id}"))),
        outsider.post(url(&format!("/jobs/{some_id}/cancel"))),
        outsider.post(url(&format!("/jobs/{some_id}/retry-failed"))),
    ] {
        let (status, _) = documented(request.send().await.unwrap(), "no session").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, _) = documented(
        outsider
            .get(url("/jobs"))
            .bearer_auth("pct_not-a-token")
            .send()
            .await
            .unwrap(),
        "a wrong token",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    app.login_as_admin().await;
    wait_for_refreshes(&app).await;
    let (_, html) = body(app.post_form("/api-tokens", &[("name", "jobs")]).await).await;
    let start = html.find("pct_").expect("the new token is shown once");
    let token = html[start..start + 68].to_owned();
    let before = jobs_in_db(&app).await;

    // An API token reads jobs…
    let (status, list) = json_of(
        outsider
            .get(url("/jobs"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let refresh_id = list["jobs"][0]["job_id"].as_str().unwrap().to_owned();
    let (status, _) = json_of(
        outsider
            .get(url(&format!("/jobs/{refresh_id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // …but starts or retries one only with a Kazoo token.
    let (status, error) = documented(
        outsider
            .post(url("/jobs"))
            .bearer_auth(&token)
            .json(&json!({"kind": "refresh"}))
            .send()
            .await
            .unwrap(),
        "no Kazoo token",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("X-Kazoo-Auth-Token"),
        "{error}"
    );
    sqlx::query("update job_item set state = 'failed' where job_id = $1::uuid")
        .bind(&refresh_id)
        .execute(&mut db(&app).await)
        .await
        .unwrap();
    let (status, _) = documented(
        outsider
            .post(url(&format!("/jobs/{refresh_id}/retry-failed")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        "retry without a Kazoo token",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(jobs_in_db(&app).await, before, "nothing started");

    let (_, kazoo) = app.kazoo().await;
    let (status, job) = json_of(
        outsider
            .post(url("/jobs"))
            .bearer_auth(&token)
            .header("X-Kazoo-Auth-Token", kazoo.expose())
            .json(&json!({"kind": "refresh"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    assert_eq!(job["created_by"], "API token “jobs”", "{job}");
    wait_for_end(&app, job["job_id"].as_str().unwrap()).await;
}

/// "Refreshing from Kazoo… n of m" in a page: `(n, m)`.
fn progress_in(html: &str) -> Option<(u32, u32)> {
    let rest = &html[html.find("Refreshing from Kazoo… ")? + "Refreshing from Kazoo… ".len()..];
    let (read, rest) = rest.split_once(" of ")?;
    let listed: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((read.parse().ok()?, listed.parse().ok()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_routing_and_callflows_show_the_refresh_while_it_runs() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    wait_for_refreshes(&app).await;
    for n in 0..40 {
        app.put_callflow(
            json!({"name": format!("Late {n}"), "numbers": [format!("76{n:02}")],
                                "flow": {"module": "hangup", "data": {}}}),
        )
        .await;
    }
    app.sandbox_faults(json!({"latency_ms": 300})).await;

    // The button waits 2 s, then the page follows the refresh.
    let response = app.post_form("/numbers/refresh", &[]).await;
    assert_eq!(location(&response), "/?notice=refreshing");
    let (_, page) = body(app.get("/?notice=refreshing").await).await;
    let (read, listed) = progress_in(&page).unwrap_or_else(|| panic!("no progress: {page}"));
    assert!(listed >= 40 && read < listed, "{read} of {listed}");
    assert!(page.contains("The refresh runs in the background; reload to see its progress."));
    assert!(page.contains("Until it ends, this is the routing read at "));
    assert!(page.contains("; Refresh from Kazoo joins it."));
    assert!(
        !page.contains("7600"),
        "the last snapshot is shown meanwhile"
    );
    let (_, callflows) = body(app.get("/callflows").await).await;
    assert!(progress_in(&callflows).is_some(), "{callflows}");
    let (status, answer) = body(app.server_fn("numbers/refresh_status", &[]).await).await;
    assert_eq!(status, StatusCode::OK);
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert!(answer["refreshing"][1].as_u64().unwrap() >= 40, "{answer}");

    // A reload after the end shows the new routing and no banner.
    let (_, list) = json_of(app.api(Method::GET, "/jobs", None).await).await;
    wait_for_end(&app, list["jobs"][0]["job_id"].as_str().unwrap()).await;
    app.sandbox_faults(json!({"latency_ms": 0})).await;
    let (_, page) = body(app.get("/?q=7600").await).await;
    assert!(progress_in(&page).is_none() && !page.contains("Refreshing from Kazoo"));
    assert!(page.contains("Late 0"), "{page}");
    assert!(page.contains(">Refresh from Kazoo</button>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_refresh_is_said_above_the_routing_read_before() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    wait_for_refreshes(&app).await;
    // The refresh after the snapshot ran out of tries.
    let mut db = db(&app).await;
    let job: uuid::Uuid = sqlx::query_scalar(
        "insert into job (account_id, kind, state, created_by, finished_at)
         values ($1, 'refresh', 'done', 'admin@sandbox', now()) returning job_id",
    )
    .bind(seed::ACCOUNT_ID)
    .fetch_one(&mut db)
    .await
    .unwrap();
    sqlx::query(
        "insert into job_item (job_id, item_no, state, attempts, message)
         values ($1, 1, 'failed', 6, 'Kazoo could not be reached. Try again in a moment.')",
    )
    .bind(job)
    .execute(&mut db)
    .await
    .unwrap();

    let said = "The last refresh failed: Kazoo could not be reached. Try again in a moment. \
                This is the routing read at ";
    for path in ["/", "/callflows"] {
        let (_, page) = body(app.get(path).await).await;
        assert!(page.contains(said), "{path}: {page}");
        assert!(page.contains(">Refresh from Kazoo</button>"), "{path}");
    }
    let (_, answer) = body(app.server_fn("numbers/refresh_status", &[]).await).await;
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(
        answer["refresh_error"],
        "Kazoo could not be reached. Try again in a moment."
    );
    assert!(answer["refreshing"].is_null(), "{answer}");

    // A refresh that works puts it right.
    assert_eq!(
        location(&app.post_form("/numbers/refresh", &[]).await),
        "/?notice=refreshed"
    );
    let (_, page) = body(app.get("/").await).await;
    assert!(!page.contains("The last refresh failed"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_answers_long_before_the_refresh_it_starts_ends() {
    let app = spawn_app().await;
    for n in 0..35 {
        app.put_callflow(
            json!({"name": format!("Big {n}"), "numbers": [format!("77{n:02}")],
                                "flow": {"module": "hangup", "data": {}}}),
        )
        .await;
    }
    app.sandbox_faults(json!({"latency_ms": 300})).await;

    let started = Instant::now();
    app.login_as_admin().await;
    let signed_in = started.elapsed();
    let (_, list) = json_of(app.api(Method::GET, "/jobs", None).await).await;
    assert_eq!(list["jobs"][0]["kind"], "refresh", "{list}");
    assert_eq!(list["jobs"][0]["state"], "running", "{list}");
    let refreshed = wait_for_end(&app, list["jobs"][0]["job_id"].as_str().unwrap()).await;
    let refresh_took = started.elapsed();
    app.sandbox_faults(json!({"latency_ms": 0})).await;
    assert_eq!(refreshed["job"]["state"], "done", "{refreshed}");
    // 35+ callflows read 4 at a time at 300 ms each: about 3 s.
    assert!(
        signed_in * 3 < refresh_took,
        "sign-in took {signed_in:?}, the refresh {refresh_took:?}"
    );
    eprintln!("sign-in {signed_in:?}, refresh {refresh_took:?}");
}
