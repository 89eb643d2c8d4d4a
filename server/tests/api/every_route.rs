//! A generated set over every route: the pages (Leptos's route list), the
//! server functions (their registry), the plain form posts (read from the
//! forms the pages render), and the JSON API (`api_v1::ROUTES`, which a
//! test holds to the router). Each gets oversized bodies and fields, NUL
//! and control characters in every field and query parameter, wrong JSON
//! types, malformed ids; sign-in gets bad `next` values. For every answer:
//! no 5xx, no `Location` longer than a plain path, and under `/api/v1` the
//! documented error shape. Between groups, no row of the written tables
//! changed (`helpers::WRITTEN_TABLES`). Last, the named corpus
//! (`corpus.rs`): every category of bad input the issue lists, each with
//! the message it must get. The test prints one line,
//! `bad-input corpus: tried N, 5xx 0, changed rows 0` (N distinct inputs;
//! the groups after which a row had changed), and needs N >= 200.

mod api;
mod corpus;
pub mod crawl;
mod pages;
mod server_fns;

pub use self::server_fns::server_fn_args;

use std::{collections::BTreeSet, num::NonZeroU32};

use app::auth::limits::SignInQuota;
use reqwest::StatusCode;
use serde_json::{json, Value};

use self::crawl::Form;
use crate::{
    api_shape::documented,
    helpers::{header, location, spawn_app_with, Options, TestApp},
};

const URL: &str = "https://voice.example.com/twiml";

/// A Twilio numbers export of one Studio number: nothing of it moves.
const TWILIO_EXPORT: &str = r#"[{"phoneNumber": "+14155550110",
    "voiceUrl": "https://webhooks.twilio.com/v1/Accounts/AC1/Flows/FW1"}]"#;

/// Texts no field should take: NUL, control and bidi characters, an
/// invisible-only text, and one far too long (but under the body limit).
fn bad_texts() -> Vec<(&'static str, String)> {
    vec![
        ("NUL", "\u{0}".into()),
        ("NUL inside", "a\u{0}b".into()),
        ("CR LF", "a\r\nb".into()),
        ("tab", "a\tb".into()),
        ("DEL", "a\u{7f}".into()),
        ("bidi override", "a\u{202E}b".into()),
        ("invisible only", "\u{FEFF}\u{200B}".into()),
        ("70,000 characters", "9".repeat(70_000)),
    ]
}

/// Ids that name nothing (or cannot be ids), as path segments.
const BAD_IDS: [&str; 8] = [
    "not-a-uuid",
    "%00",
    "%FF%FE",
    "00000000-0000-0000-0000-000000000000",
    "a%0D%0Ab",
    "..%2F..%2Fhealthz",
    "%E2%80%AE",
    "1%20or%201%3D1",
];

/// Query values that are not even well-formed percent-encoding.
const RAW_QUERY_VALUES: [&str; 4] = ["%", "%ZZ", "%FF%FE", "%C0%80"];

/// Query keys only redirects set (no page links to them).
const REDIRECT_KEYS: [&str; 6] = ["error", "notice", "next", "method", "account", "user"];

/// A bad text cut to what fits a URL (the long one stays long).
fn query_sized(text: &str) -> String {
    text.chars().take(4_000).collect()
}

/// Bodies past the 256 KiB limit.
fn oversized() -> String {
    format!("x={}", "9".repeat(300 * 1024))
}

/// A body past the limit of `path` (the Twilio import takes 16 MiB).
fn oversized_for(path: &str) -> String {
    match app::body_limit_for(path) {
        app::BODY_LIMIT_BYTES => oversized(),
        limit => format!("x={}", "9".repeat(limit + 1024)),
    }
}

/// The distinct bad inputs sent (each request's description) and the
/// ones answered 5xx, for the summary line.
static TRIED: std::sync::Mutex<BTreeSet<String>> = std::sync::Mutex::new(BTreeSet::new());
static FAILED_5XX: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
/// The groups of inputs after which a row had changed.
static CHANGED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

struct Answer {
    status: StatusCode,
    location: String,
    response: Option<reqwest::Response>,
}

/// Sends and checks what every answer must be: no 5xx (counted, and
/// listed at the end), a small Location.
async fn send(what: &str, request: reqwest::RequestBuilder) -> Answer {
    TRIED.lock().unwrap().insert(what.to_owned());
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{what}: {}", e.without_url()));
    let status = response.status();
    let location = header(response.headers(), "location");
    if status.is_server_error() {
        FAILED_5XX.lock().unwrap().push(format!("{what}: {status}"));
    }
    assert!(
        location.len() <= 2_048,
        "{what}: Location of {} bytes",
        location.len()
    );
    Answer {
        status,
        location,
        response: Some(response),
    }
}

/// Under `/api/v1`, an error must be the documented JSON. Returns the
/// status and the JSON answered (null when none).
async fn send_api(what: &str, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let mut answer = send(what, request).await;
    let response = answer.response.take().unwrap();
    if answer.status.is_client_error() {
        return documented(response, what).await;
    }
    let json = response.json().await.unwrap_or(Value::Null);
    (answer.status, json)
}

/// Records `group` as having changed rows if the tables differ from
/// `before` (the summary fails on any).
async fn assert_unchanged(app: &TestApp, before: &[(&'static str, i64, String)], group: &str) {
    let now = app.table_fingerprint().await;
    if now != before {
        CHANGED
            .lock()
            .unwrap()
            .push(format!("{group}: {before:?} became {now:?}"));
    }
}

fn url(app: &TestApp, path: &str) -> String {
    format!("{}{path}", app.address)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_route_answers_5xx_or_changes_rows_for_bad_input() {
    let app = spawn_app_with(Options {
        // Hundreds of refused sign-ins below: the limit has its own test.
        sign_in_quota: SignInQuota {
            per_account: NonZeroU32::MAX,
            per_address: NonZeroU32::MAX,
        },
        ..Options::default()
    })
    .await;
    let anonymous = app.get("/login").await.text().await.unwrap();
    app.login_as_admin().await;

    // What exists: a draft (so id routes have a real id) and a token.
    let draft: Value = app
        .client
        .post(url(&app, "/api/v1/drafts"))
        .json(
            &json!({"name": "Probe", "numbers": ["4155550104"], "voice_url": URL,
                      "fallback": "say", "fallback_text": "Sorry."}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = draft["id"].as_str().unwrap().to_owned();
    let version = draft["version"].as_i64().unwrap();
    app.post_form("/api-tokens", &[("name", "probe")]).await;
    // A Twilio import whose numbers do not move (so its page offers no
    // Create drafts for the probes to press).
    let import: Value = app
        .client
        .post(url(&app, "/api/v1/migrate/twilio"))
        .json(&json!({"export": TWILIO_EXPORT}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let import_id = import["id"].as_str().unwrap().to_owned();
    let before = app.table_fingerprint().await;

    // The pages, from Leptos's route list, ids filled in.
    // A walk (of an address the checker refuses: nothing is requested).
    let walk = app
        .post_form(
            "/checker/walks",
            &[
                ("voice_url", "http://10.0.0.1/ivr"),
                ("method", "post"),
                ("req_format", "twiml"),
                ("req_body_format", "form"),
            ],
        )
        .await;
    let walk_page = location(&walk);
    // A job: the routing refresh the sign-in started.
    let job_id: String =
        sqlx::query_scalar("select job_id::text from job order by created_at limit 1")
            .fetch_one(&mut crate::helpers::db(&app).await)
            .await
            .unwrap();
    let page_paths: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| match r.path() {
            p if p.starts_with("/checker/walks/") => walk_page.clone(),
            p if p.starts_with("/jobs/") => p.replace("{id}", &job_id).replace(":id", &job_id),
            p if p.starts_with("/migrate/") => {
                p.replace("{id}", &import_id).replace(":id", &import_id)
            }
            p => p.replace("{id}", &id).replace(":id", &id),
        })
        .collect();
    assert!(page_paths.len() >= 5, "{page_paths:?}");
    let mut html = vec![anonymous];
    for path in page_paths.iter().filter(|p| *p != "/login") {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        html.push(response.text().await.unwrap());
    }
    let forms: Vec<Form> = html.iter().flat_map(|h| crawl::forms(h)).collect();
    let mut query_keys: BTreeSet<String> = html
        .iter()
        .flat_map(|h| crawl::link_query_keys(h))
        .collect();
    for form in forms.iter().filter(|f| f.method == "get") {
        query_keys.extend(form.names());
    }
    query_keys.extend(REDIRECT_KEYS.map(str::to_owned));

    pages::probe_pages(&app, &page_paths, &query_keys, &id).await;
    assert_unchanged(&app, &before, "page GETs").await;
    pages::probe_forms(&app, &forms, &id).await;
    assert_unchanged(&app, &before, "form posts").await;
    server_fns::probe(&app, &id).await;
    assert_unchanged(&app, &before, "server functions").await;
    api::probe(&app, &id, version).await;
    assert_unchanged(&app, &before, "JSON API").await;
    probe_sign_in_next(&app).await;
    assert_unchanged(&app, &before, "sign-in next").await;
    // The named corpus last: it makes its own things first (another
    // account's among them) and checks the rows itself.
    corpus::run(&app, &id).await;
    let tried = TRIED.lock().unwrap().len();
    let failed = FAILED_5XX.lock().unwrap().clone();
    let changed = CHANGED.lock().unwrap().clone();
    eprintln!(
        "bad-input corpus: tried {tried}, 5xx {}, changed rows {}",
        failed.len(),
        changed.len()
    );
    assert!(failed.is_empty(), "answered 5xx:\n{}", failed.join("\n"));
    assert!(changed.is_empty(), "rows changed:\n{}", changed.join("\n"));
    assert!(tried >= 200, "only {tried} bad inputs");
}

/// Sign-in with good credentials and a bad `next`: Numbers Routing.
async fn probe_sign_in_next(app: &TestApp) {
    let long = format!("/{}", "a".repeat(600));
    let mut nexts: Vec<String> = bad_texts()
        .into_iter()
        .map(|(_, v)| format!("/{v}/evil.example"))
        .collect();
    nexts.extend(
        [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "http:evil.example",
            "/\t/evil.example",
            " /x",
            "javascript:alert(1)",
            "/login",
            "evil.example",
            "/%0A",
            "/é",
        ]
        .map(str::to_owned),
    );
    nexts.push(long);
    for next in nexts {
        let form = [
            ("method", "password"),
            ("account_name", "sandbox"),
            ("username", "admin"),
            ("password", "sandbox"),
            ("next", next.as_str()),
        ];
        let what = format!("sign-in next={:.30?}", next);
        let answer = send(&what, app.client.post(url(app, "/login")).form(&form)).await;
        let to = if next == "/%0A" { "/%0A" } else { "/" };
        assert_eq!(answer.location, to, "{what}");
    }
    assert_eq!(location(&app.get("/login").await), "/", "signed in");
}
