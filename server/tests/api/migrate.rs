//! Moving numbers off Twilio through the real app and sandbox: a mixed
//! export uploaded (multipart, as the page sends it) → the preview →
//! Create drafts → the drafts, their documents and the CSV; importing the
//! same export again makes nothing new; numbers the account lacks are
//! listed without a draft; bad files and a 20 MB upload are refused with
//! a message and nothing saved; the JSON API's dry run and create.

use reqwest::{multipart, StatusCode};
use serde_json::{json, Value};
use sqlx::Row;

use crate::helpers::{body, db, location, spawn_app_with, Options, TestApp};

/// The fixtures `kazoo/tests/twilio.rs` reads: the same 14 numbers in
/// every shape (two REST pages), and the TwiML Apps.
const NUMBERS_REST: &str = include_str!("../../../kazoo/tests/fixtures/twilio/numbers-rest.json");
const NUMBERS_CSV: &str = include_str!("../../../kazoo/tests/fixtures/twilio/numbers.csv");
const APPS_REST: &str = include_str!("../../../kazoo/tests/fixtures/twilio/applications-rest.json");

/// The number of the fixtures that the sandbox account does not own.
const NOT_OURS: &str = "+14155550999";

/// A sandbox owning +14155550100…0129 (the fixtures' numbers but one).
async fn app() -> TestApp {
    let app = spawn_app_with(Options {
        sandbox_numbers: 30,
        ..Options::default()
    })
    .await;
    app.login_as_admin().await;
    app
}

/// The upload form as a browser posts it: files, and empty text boxes.
fn form(export: &str, applications: Option<&str>) -> multipart::Form {
    let file = |name: &str, text: &str| {
        multipart::Part::bytes(text.as_bytes().to_vec())
            .file_name(name.to_owned())
            .mime_str("application/json")
            .unwrap()
    };
    let form = multipart::Form::new()
        .part("export_file", file("numbers.json", export))
        .text("export_text", "");
    let form = match applications {
        Some(apps) => form.part("applications_file", file("applications.json", apps)),
        None => form.part("applications_file", file("", "")),
    };
    form.text("applications_text", "")
}

async fn upload(app: &TestApp, form: multipart::Form) -> reqwest::Response {
    app.client
        .post(format!("{}/migrate/twilio", app.address))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Sends only the head of a post whose `Content-Length` is past 16 MiB
/// (plus `extra` header lines), and returns what the server answers
/// before it closes the connection. A server waiting for the body never
/// answers: the read gives up after 30 s and the test fails.
async fn declared_too_large(app: &TestApp, path: &str, extra: &str) -> String {
    use std::io::{Read, Write};
    let host = app.address.trim_start_matches("http://").to_owned();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n{extra}\r\n",
        17 << 20
    );
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&host).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .unwrap()
}

/// Uploads and returns the import's page path.
async fn import(app: &TestApp, export: &str, applications: Option<&str>) -> String {
    let response = upload(app, form(export, applications)).await;
    let to = location(&response);
    assert!(to.starts_with("/migrate/twilio/"), "{to}");
    to
}

async fn page(app: &TestApp, path: &str) -> String {
    let (status, html) = body(app.get(path).await).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

/// The import as its page reads it.
async fn view(app: &TestApp, path: &str) -> Value {
    let id = path.trim_start_matches("/migrate/twilio/");
    let (status, text) = body(app.server_fn("migrate/import", &[("id", id)]).await).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let mut db = db(app).await;
    sqlx::query(&format!("select count(*) from {table}"))
        .fetch_one(&mut db)
        .await
        .unwrap()
        .get(0)
}

/// Drafts by name → their document.
async fn drafts(app: &TestApp) -> Vec<(String, Value)> {
    let mut db = db(app).await;
    sqlx::query("select name, document::text from draft order by name")
        .fetch_all(&mut db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let doc: String = r.get(1);
            (r.get(0), serde_json::from_str(&doc).unwrap())
        })
        .collect()
}

async fn create(app: &TestApp, path: &str) {
    let response = app.post_form(&format!("{path}/drafts"), &[]).await;
    assert_eq!(location(&response), format!("{path}?notice=created"));
}

#[tokio::test]
async fn an_export_is_previewed_made_into_drafts_and_a_second_import_makes_nothing_new() {
    let app = app().await;
    let path = import(&app, NUMBERS_REST, Some(APPS_REST)).await;
    assert_eq!(count(&app, "draft").await, 0, "a preview makes no draft");

    // The preview: groups with their settings and caveats, then the rest.
    let html = page(&app, &path).await;
    for words in [
        "voice.example.com/twiml",
        "https://voice.example.com/twiml",
        "GET https://backup.example.com/twiml",
        "https://voice.example.com/status",
        "requested once, when the call ends",
        "SMS settings",
        "Support",
        "App line",
        "Studio flow",
        "TwiML Bin",
        "Twilio Function",
        "SIP trunk",
        "Fax",
        "No voice URL",
        "add or port it to Kazoo first",
        "Create drafts",
        "Download CSV",
    ] {
        assert!(html.contains(words), "the preview lacks {words:?}");
    }
    let plan = view(&app, &path).await;
    assert_eq!(plan["total"], 14);
    assert_eq!(plan["groups"].as_array().unwrap().len(), 3);
    assert!(plan["created"].is_null());

    create(&app, &path).await;
    let made = drafts(&app).await;
    let names: Vec<&str> = made.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["App line", "Support", "voice.example.com/twiml"]);
    let (_, main) = &made[2];
    assert_eq!(
        main["numbers"],
        json!(["+14155550110", "+14155550111", "+14155550127"])
    );
    assert_eq!(main["flow"]["module"], "pivot");
    assert_eq!(
        main["flow"]["data"]["voice_url"],
        "https://voice.example.com/twiml"
    );
    assert_eq!(main["flow"]["data"]["req_format"], "twiml");
    assert_eq!(
        main["flow"]["data"]["cdr_url"],
        "https://voice.example.com/status"
    );
    let fallback = &main["flow"]["children"]["_"];
    assert_eq!(fallback["module"], "pivot", "{main}");
    assert_eq!(
        fallback["data"]["voice_url"],
        "https://backup.example.com/twiml"
    );
    assert_eq!(fallback["data"]["method"], "get");
    assert_eq!(
        fallback["data"]["cdr_url"], "https://voice.example.com/status",
        "the fallback node posts the CDR too"
    );
    let (_, app_line) = &made[0];
    assert_eq!(
        app_line["flow"]["data"]["voice_url"],
        "https://apps.example.com/voice"
    );

    let html = page(&app, &format!("{path}?notice=created")).await;
    assert!(html.contains("3 drafts were made"), "{html}");
    assert!(html.contains("Draft made"));
    let after = view(&app, &path).await;
    assert_eq!(after["created"]["drafts_created"], 3);
    let first = after["groups"][0]["outcome"]["created"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(html.contains(&format!("/drafts/{first}")));

    // The CSV: every number with its class, group and draft.
    let response = app.get(&format!("{path}/result.csv")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "number,friendly_name,class,reason,group,draft_id,draft_link"
    );
    assert_eq!(lines.len(), 15, "{csv}");
    let main_line = lines
        .iter()
        .find(|l| l.starts_with("+14155550110,"))
        .unwrap();
    assert!(
        main_line.contains(&format!(",{first},/drafts/{first}")),
        "{main_line}"
    );
    assert!(lines
        .iter()
        .any(|l| l.starts_with("+14155550113,Studio IVR,studio,")));

    // Create again, and the same export imported again (as CSV this time):
    // nothing new, and each group says which draft has its numbers.
    create(&app, &path).await;
    let again = import(&app, NUMBERS_CSV, Some(APPS_REST)).await;
    assert_ne!(again, path);
    create(&app, &again).await;
    assert_eq!(count(&app, "draft").await, 3);
    let html = page(&app, &format!("{again}?notice=created")).await;
    assert!(html.contains("Nothing new was made"), "{html}");
    assert!(html.contains("Already in draft"));
    assert!(html.contains(&format!("/drafts/{first}")));
    let second = view(&app, &again).await;
    assert_eq!(second["created"]["drafts_created"], 0);
    assert_eq!(
        second["groups"][0]["outcome"]["found"][0]["draft"]["id"],
        first.as_str()
    );
}

#[tokio::test]
async fn numbers_the_account_lacks_are_listed_without_a_draft() {
    let app = app().await;
    let path = import(&app, NUMBERS_REST, Some(APPS_REST)).await;
    let plan = view(&app, &path).await;
    let lacking: Vec<&Value> = plan["not_moved"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["class"] == "not_in_account")
        .collect();
    assert_eq!(lacking.len(), 1);
    assert_eq!(lacking[0]["number"], NOT_OURS);
    assert!(lacking[0]["reason"]
        .as_str()
        .unwrap()
        .contains("add or port it to Kazoo first"));
    create(&app, &path).await;
    let mut db = db(&app).await;
    let drafted: i64 = sqlx::query("select count(*) from draft_number where number = $1")
        .bind(NOT_OURS)
        .fetch_one(&mut db)
        .await
        .unwrap()
        .get(0);
    assert_eq!(drafted, 0);
}

#[tokio::test]
async fn bad_files_and_a_20_mb_upload_are_refused_with_a_message_and_nothing_saved() {
    let app = app().await;
    for (export, words) in [
        ("Here are my numbers: 415 555 0110", "neither JSON nor CSV"),
        (
            "{\"incoming_phone_numbers\": [",
            "ends before its JSON is complete",
        ),
        (
            r#"{"calls": [{"sid": "CA1", "to": "+14155550110"}], "page": 0}"#,
            "a Twilio \"calls\" list",
        ),
        (
            "Number,Name\n+14155550110,Main\n",
            "without the columns phone_number and voice_url",
        ),
    ] {
        let response = upload(&app, form(export, None)).await;
        assert_eq!(location(&response), "/migrate/twilio", "{export}");
        let html = page(&app, "/migrate/twilio").await;
        assert!(html.contains(words), "{export}: {words:?} not on the form");
        // Said once: the next read of the form is clean.
        assert!(!page(&app, "/migrate/twilio").await.contains(words));
    }
    // Pasted text that is refused is kept in its box.
    let pasted = multipart::Form::new()
        .text("export_text", "not an export")
        .text("applications_text", "");
    upload(&app, pasted).await;
    assert!(page(&app, "/migrate/twilio")
        .await
        .contains(">not an export</textarea>"));

    // 20 MB: the page says so, whatever the browser still sends.
    let big = format!(
        "{{\"incoming_phone_numbers\": []{}}}",
        " ".repeat(20_000_000)
    );
    let (status, html) = body(upload(&app, form(&big, None)).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(html.contains("too much to send"), "{html}");
    assert!(html.contains("at most 16 MiB"), "{html}");
    assert_eq!(count(&app, "twilio_import").await, 0);
    assert_eq!(count(&app, "draft").await, 0);

    // Without the session cookie, or from another site, the form's
    // oversized post is not read either: the answer comes at once.
    for extra in [
        String::new(),
        "Cookie: pivot_console_session=x\r\nOrigin: https://elsewhere.example\r\n".to_owned(),
    ] {
        let answer = declared_too_large(&app, "/migrate/twilio", &extra).await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(
            answer.to_ascii_lowercase().contains("connection: close"),
            "{answer}"
        );
        assert!(answer.contains("too much to send"), "{answer}");
    }

    // Just under 16 MiB is taken.
    let padded = NUMBERS_REST.replacen('{', &format!("{{{}", " ".repeat(15 << 20)), 1);
    import(&app, &padded, None).await;
    assert_eq!(count(&app, "twilio_import").await, 1);
}

#[tokio::test]
async fn the_api_plans_in_a_dry_run_and_creates_or_finds_drafts() {
    let app = app().await;
    let post = |body: Value| {
        app.client
            .post(format!("{}/api/v1/migrate/twilio", app.address))
            .json(&body)
            .send()
    };
    let response =
        post(json!({"export": NUMBERS_REST, "applications": APPS_REST, "dry_run": true}))
            .await
            .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let plan: Value = response.json().await.unwrap();
    assert_eq!(plan["groups"].as_array().unwrap().len(), 3);
    assert_eq!(plan["groups"][0]["name"], "voice.example.com/twiml");
    assert_eq!(plan["not_moved"].as_array().unwrap().len(), 9);
    let studio = plan["not_moved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["number"] == "+14155550113")
        .unwrap();
    assert_eq!(studio["class"], "studio");
    assert_eq!(
        count(&app, "twilio_import").await,
        0,
        "a dry run stores nothing"
    );
    assert_eq!(count(&app, "draft").await, 0);

    let response = post(json!({"export": NUMBERS_REST, "applications": APPS_REST}))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let made: Value = response.json().await.unwrap();
    assert_eq!(made["created"]["drafts_created"], 3);
    let id = made["groups"][1]["outcome"]["created"]["id"]
        .as_str()
        .unwrap();
    let draft = app
        .api(reqwest::Method::GET, &format!("/drafts/{id}"), None)
        .await;
    assert_eq!(draft.status(), StatusCode::OK);

    let response =
        post(json!({"export": NUMBERS_REST, "applications": APPS_REST, "dry_run": false}))
            .await
            .unwrap();
    let again: Value = response.json().await.unwrap();
    assert_eq!(again["created"]["drafts_created"], 0);
    assert_eq!(again["groups"][1]["outcome"]["found"][0]["draft"]["id"], id);
    assert_eq!(count(&app, "draft").await, 3);

    // Refusals in the API's shape, nothing saved.
    let response = post(json!({"export": "nope", "dry_run": false}))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert!(error["fields"]["export"]
        .as_str()
        .unwrap()
        .starts_with("The numbers export is neither JSON nor CSV"));
    let response = post(json!({"export": NUMBERS_REST, "applications": NUMBERS_REST}))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert!(error["fields"]["applications"].is_string(), "{error}");
    // Past the limit, the API answers at once and closes the connection:
    // it reads nothing of the body (none is sent here).
    let answer = declared_too_large(&app, "/api/v1/migrate/twilio", "").await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    assert!(
        answer.contains("The request body is too large: at most 16 MiB."),
        "{answer}"
    );
    assert_eq!(count(&app, "twilio_import").await, 2);
}

/// Holds the sandbox account's Create drafts lock (as a run would) on a
/// connection of its own until the connection is dropped.
async fn hold_create_lock(app: &TestApp) -> sqlx::PgConnection {
    let mut held = db(app).await;
    sqlx::query("select pg_advisory_lock(hashtextextended($1, 0))")
        .bind(format!(
            "twilio_import:{}",
            kazoo::sandbox::seed::ACCOUNT_ID
        ))
        .execute(&mut held)
        .await
        .unwrap();
    held
}

#[tokio::test]
async fn create_drafts_while_another_runs_says_to_wait_and_twelve_at_once_make_no_500() {
    let app = app().await;
    let path = import(&app, NUMBERS_REST, Some(APPS_REST)).await;

    // Another run holds the lock: the page and the API say to wait, at
    // once, and nothing is made.
    let held = hold_create_lock(&app).await;
    let response = app.post_form(&format!("{path}/drafts"), &[]).await;
    assert_eq!(location(&response), format!("{path}?notice=running"));
    let html = page(&app, &format!("{path}?notice=running")).await;
    assert!(
        html.contains("Create drafts is already running for this account: wait for it to finish"),
        "{html}"
    );
    let response = app
        .api(
            reqwest::Method::POST,
            "/migrate/twilio",
            Some(json!({"export": NUMBERS_REST, "applications": APPS_REST})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("already running for this account"),
        "{error}"
    );
    assert_eq!(count(&app, "draft").await, 0);
    assert!(view(&app, &path).await["created"].is_null());
    drop(held);

    // Twelve at once: each makes the drafts, finds them, or is told to
    // wait; none fails, and the drafts are made once.
    let mut runs = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let request = app
            .client
            .post(format!("{}{path}/drafts", app.address))
            .form(&Vec::<(String, String)>::new());
        runs.spawn(async move { location(&request.send().await.unwrap()) });
    }
    let answers: Vec<String> = runs.join_all().await;
    for to in &answers {
        assert!(
            *to == format!("{path}?notice=created") || *to == format!("{path}?notice=running"),
            "{to}"
        );
    }
    assert!(answers.iter().any(|to| to.ends_with("notice=created")));
    assert_eq!(count(&app, "draft").await, 3);
}

#[tokio::test]
async fn numbers_a_live_callflow_routes_get_no_new_draft_and_point_at_that_callflow() {
    let app = app().await;
    let live = app
        .put_callflow(json!({"name": "Old main", "numbers": ["+14155550111"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://old.example.com/voice"},
                "children": {}}}))
        .await;
    assert_eq!(
        location(&app.post_form("/numbers/refresh", &[]).await),
        "/?notice=refreshed"
    );
    let path = import(&app, NUMBERS_REST, Some(APPS_REST)).await;
    create(&app, &path).await;
    let made = drafts(&app).await;
    let (_, main) = made
        .iter()
        .find(|(name, _)| name == "voice.example.com/twiml")
        .unwrap();
    assert_eq!(main["numbers"], json!(["+14155550110", "+14155550127"]));
    let after = view(&app, &path).await;
    let routed = &after["groups"][0]["outcome"]["routed"];
    assert_eq!(
        routed,
        &json!([{"id": live, "name": "Old main", "numbers": ["+14155550111"]}])
    );
    let html = page(&app, &path).await;
    assert!(html.contains("Already routed by callflow"), "{html}");
    assert!(html.contains("Syncing a new draft would conflict"));
    assert!(html.contains(&format!("/callflows/{live}/draft")));
}

#[tokio::test]
async fn a_password_in_a_url_reaches_the_draft_but_not_the_page_the_csv_or_the_api() {
    let app = app().await;
    let export = json!({"incoming_phone_numbers": [
        {"phone_number": "+14155550120", "friendly_name": "Locked",
         "voice_url": "https://bob:s3cret@voice.example.com/locked"},
        {"phone_number": "+14155550121",
         "voice_url": "https://bob:s3cret@handler.twilio.com/twiml/EH9"},
    ]})
    .to_string();
    let path = import(&app, &export, None).await;
    let html = page(&app, &path).await;
    assert!(!html.contains("s3cret"), "{html}");
    assert!(html.contains("https://***@voice.example.com/locked"));
    assert!(html.contains("carries a user name and password"));
    assert!(!view(&app, &path).await.to_string().contains("s3cret"));
    let csv = app
        .get(&format!("{path}/result.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!csv.contains("s3cret"), "{csv}");
    assert!(
        csv.contains("https://***@handler.twilio.com/twiml/EH9"),
        "{csv}"
    );
    let response = app
        .api(
            reqwest::Method::POST,
            "/migrate/twilio",
            Some(json!({"export": export, "dry_run": true})),
        )
        .await;
    assert!(!response.text().await.unwrap().contains("s3cret"));

    create(&app, &path).await;
    let made = drafts(&app).await;
    assert_eq!(
        made[0].1["flow"]["data"]["voice_url"],
        "https://bob:s3cret@voice.example.com/locked"
    );
}

#[tokio::test]
async fn another_accounts_import_is_not_found() {
    let app = app().await;
    let path = import(&app, NUMBERS_REST, Some(APPS_REST)).await;
    let id = path.trim_start_matches("/migrate/twilio/").to_owned();
    let mut db = db(&app).await;
    sqlx::query("update twilio_import set account_id = $1")
        .bind(kazoo::sandbox::seed::OTHER_ACCOUNT_ID)
        .execute(&mut db)
        .await
        .unwrap();

    let (status, _) = body(app.server_fn("migrate/import", &[("id", &id)]).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let response = app.get(&format!("{path}/result.csv")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app.post_form(&format!("{path}/drafts"), &[]).await;
    assert_eq!(location(&response), "/migrate/twilio?notice=not_found");
    assert_eq!(count(&app, "draft").await, 0);
    let result: Option<String> = sqlx::query_scalar("select result::text from twilio_import")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(
        result, None,
        "nothing recorded on the other account's import"
    );
}
