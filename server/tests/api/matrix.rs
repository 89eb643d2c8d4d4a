//! The security matrix (issue 11, part 7), generated from the app's own
//! lists so that a new route cannot be forgotten: the pages (Leptos's
//! route list), the server functions (their registry), the plain routes
//! (the forms and links the pages render, read as a signed-in admin with
//! something of every kind made) and the JSON API (`api_v1::ROUTES`,
//! which `every_route` holds to the router). Each row and its proof:
//!
//! | Row | Where |
//! |---|---|
//! | Every page, server function, plain route and API route refused without a session or token: pages go to sign-in, server functions and plain posts answer 401, the API 401 in its shape; a forged cookie, an unknown or a revoked token likewise | `anonymous.rs` |
//! | Security headers on every one of those answers (a CSP with `default-src 'none'` and `frame-ancestors 'none'`, `X-Frame-Options`, `Referrer-Policy`, `nosniff`) and no CORS header | `anonymous.rs` (`headers::assert_security_headers`); each page's nonce policy: `headers.rs` |
//! | Cross-site state-changing requests refused (an `Origin` of another site or `null`, `Sec-Fetch-Site: cross-site` or `same-site`) on every form, server function and API route, for the cookie and for an API token alike | `cross_site.rs`; an `Origin` that differs by scheme or port: `sign_in.rs` |
//! | One account never reads or changes another's drafts, sync logs, imports, checker reports and walks, API tokens (and jobs, once they exist), even by id | `accounts.rs` |
//! | The session id changes at sign-in; a planted session id is worth nothing after | `session.rs` |
//! | Repeated failed sign-ins are slowed per account and per address | `sign_in.rs`, `repeated_sign_in_attempts_are_slowed_per_account_and_per_address` |
//! | Sign-in follows only plain local `next` paths | `sign_in.rs`, `every_route.rs` |
//!
//! API tokens from another origin: a token is not an ambient credential
//! (a browser never adds one by itself), so CSRF cannot use it; still,
//! the CSRF guard refuses a state-changing request whose `Origin` or
//! `Sec-Fetch-Site` names another site whatever its credential (403 in
//! the API's shape; scripts send neither header, so they are not
//! affected), and no answer carries an `Access-Control-Allow-*` header,
//! so a browser never lets another site read an answer, a preflight's
//! included.

mod accounts;
mod anonymous;
mod cross_site;
mod session;

use std::collections::BTreeSet;

use app::drafts::model::{confirm_page, Action};
use reqwest::{Method, StatusCode};
use serde_json::json;
use sqlx::Connection;

use crate::{
    every_route::crawl::{self, Form},
    helpers::{header, json_of, location, TestApp},
};

/// In the name of everything account A makes: an answer to anyone else
/// that holds it is a leak.
pub const SECRET: &str = "Secret7c1e";

/// The kinds of things an account owns, as `(table, id column)`: the
/// matrix fills every id route with every id of every kind, so adding a
/// kind (the bulk-sync `job`) is one line. A table not (yet) in the
/// database is skipped.
pub const ID_KINDS: &[(&str, &str)] = &[
    ("draft", "draft_id"),
    ("sync_log", "sync_log_id"),
    ("api_token", "api_token_id"),
    ("twilio_import", "twilio_import_id"),
    ("checker_report", "checker_report_id"),
    ("checker_walk", "checker_walk_id"),
    ("routed_callflow", "callflow_id"),
    ("job", "job_id"),
];

/// Every id of every kind that `account_id` owns, as `(kind, id)`.
pub async fn ids_of(app: &TestApp, account_id: &str) -> Vec<(&'static str, String)> {
    let mut db = sqlx::PgConnection::connect(&app.db_url).await.unwrap();
    let mut out = Vec::new();
    for (table, column) in ID_KINDS {
        let exists: bool = sqlx::query_scalar(
            "select exists (select 1 from information_schema.tables \
             where table_schema = 'public' and table_name = $1)",
        )
        .bind(table)
        .fetch_one(&mut db)
        .await
        .unwrap();
        if !exists {
            continue;
        }
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "select {column}::text from {table} where account_id = $1 order by 1"
        ))
        .bind(account_id)
        .fetch_all(&mut db)
        .await
        .unwrap();
        out.extend(ids.into_iter().map(|id| (*table, id)));
    }
    out
}

/// What account A's admin made: one of every kind, each named with
/// [`SECRET`].
pub struct Made {
    /// A draft, synced once (so it has a sync log and a live callflow).
    pub draft: String,
    /// An API token of A, in plaintext (for `Authorization: Bearer`).
    pub token: String,
    /// A token of A that was revoked.
    pub revoked_token: String,
}

fn url(app: &TestApp, path: &str) -> String {
    format!("{}{path}", app.address)
}

/// Makes one of every kind in the signed-in account of `app.client`: a
/// draft (synced), two API tokens (one revoked), a Twilio import, a
/// checker report and a walk.
pub async fn make_things(app: &TestApp) -> Made {
    let client = &app.client;
    let draft = json_of(client.post(url(app, "/api/v1/drafts")).json(
        &json!({"name": format!("{SECRET} line"), "numbers": ["4155550104"],
                    "voice_url": format!("https://voice.example.com/{SECRET}")}),
    ))
    .await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let synced = client
        .post(url(app, &format!("/api/v1/drafts/{id}/sync")))
        .json(&json!({"version": draft["version"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(synced.status(), StatusCode::OK, "the draft syncs");

    // A bulk sync job of the draft (the job pages and API take its id).
    let job = client
        .post(url(app, "/api/v1/jobs"))
        .json(&json!({"kind": "sync", "drafts": [id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(job.status(), StatusCode::ACCEPTED, "the bulk sync starts");

    let token = new_token(app, client, SECRET).await;
    let revoked_token = new_token(app, client, &format!("{SECRET} old")).await;
    let mut db = sqlx::PgConnection::connect(&app.db_url).await.unwrap();
    let revoked_id: String =
        sqlx::query_scalar("select api_token_id::text from api_token where name = $1")
            .bind(format!("{SECRET} old"))
            .fetch_one(&mut db)
            .await
            .unwrap();
    let revoked = app
        .post_form(
            &format!("/api-tokens/{revoked_id}/revoke"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&revoked), "/api-tokens?notice=revoked");

    let export = json!([{"phoneNumber": "+14155550110", "friendlyName": SECRET,
        "voiceUrl": format!("https://twiml.example.com/{SECRET}")}]);
    let import = client
        .post(url(app, "/api/v1/migrate/twilio"))
        .json(&json!({"export": export.to_string()}))
        .send()
        .await
        .unwrap();
    assert!(import.status().is_success(), "the import is stored");

    let answer = format!("<Response><Say>{SECRET}</Say></Response>");
    let report = app
        .post_form(
            "/checker/paste",
            &[("answer", answer.as_str()), ("content_type", "text/xml")],
        )
        .await;
    assert!(location(&report).starts_with("/checker?report="));
    // A walk of an address the checker refuses: stored, nothing requested.
    let walk_url = format!("http://10.0.0.1/{SECRET}");
    let walk = app
        .post_form(
            "/checker/walks",
            &[
                ("voice_url", walk_url.as_str()),
                ("method", "post"),
                ("req_format", "twiml"),
                ("req_body_format", "form"),
            ],
        )
        .await;
    assert!(location(&walk).starts_with("/checker/walks/"));
    Made {
        draft: id,
        token,
        revoked_token,
    }
}

/// Makes an API token named `name` on the API tokens page of the account
/// `browser` is signed in to; its plaintext.
pub async fn new_token(app: &TestApp, browser: &reqwest::Client, name: &str) -> String {
    let response = browser
        .post(url(app, "/api-tokens"))
        .form(&[("name", name)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    let start = html.find("pct_").expect("the new token is shown");
    html[start..start + 68].to_owned()
}

/// A fresh app with account A's admin signed in on `app.client`, one of
/// everything made ([`make_things`]) and its surface read.
pub async fn setup() -> (TestApp, Made, Vec<(&'static str, String)>, Surface) {
    let app = crate::helpers::spawn_app().await;
    app.login_as_admin().await;
    let made = make_things(&app).await;
    let ids = ids_of(&app, kazoo::sandbox::seed::ACCOUNT_ID).await;
    let surface = Surface::crawl(&app, &ids, &made.draft).await;
    (app, made, ids, surface)
}

/// Everything a signed-in admin of account A reaches, with A's ids.
pub struct Surface {
    /// GET targets: every page (ids filled with A's ids of the kinds it
    /// answers 200 to) and every own path the pages link to.
    pub gets: BTreeSet<String>,
    /// The POST forms the pages render (sign-in's included), one of each
    /// action and set of values.
    pub posts: Vec<Form>,
    /// The registered server functions.
    pub server_fns: Vec<(&'static str, Method)>,
    /// Every JSON API route and method, `{id}` filled with `id`.
    pub api: Vec<(String, Method)>,
}

impl Surface {
    /// Reads it as the admin signed in on `app.client`, after
    /// [`make_things`]; `ids` are that account's ([`ids_of`]).
    pub async fn crawl(app: &TestApp, ids: &[(&'static str, String)], draft: &str) -> Self {
        let anonymous = crate::helpers::browser();
        let login = anonymous.get(url(app, "/login")).send().await.unwrap();
        let mut html = vec![login.text().await.unwrap()];
        let mut gets = BTreeSet::new();
        for route in leptos_axum::generate_route_list(app::App) {
            let path = route.path().replace(":id", "{id}");
            if path == "/login" {
                continue;
            }
            if !path.contains("{id}") {
                html.push(page(app, &path).await.expect("a page without id answers"));
                gets.insert(path);
                continue;
            }
            let mut found = false;
            for (_, id) in ids {
                let filled = path.replace("{id}", id);
                if let Some(text) = page(app, &filled).await {
                    html.push(text);
                    gets.insert(filled);
                    found = true;
                }
            }
            assert!(
                found,
                "{path}: no id of ID_KINDS opens it: add the kind it shows to ID_KINDS"
            );
        }
        // One level further: the pages the pages link to (filtered lists,
        // prefilled forms) and every action's confirmation page (the
        // buttons that ask first redirect there), for their forms.
        let visited = gets.clone();
        let mut linked: BTreeSet<String> = html.iter().flat_map(|h| crawl::links(h)).collect();
        for (_, id) in ids {
            if visited.contains(&format!("/drafts/{id}")) {
                linked.extend(Action::ALL.iter().map(|(a, _)| confirm_page(id, *a)));
            }
        }
        // One link of each path and set of query keys (Numbers Routing
        // links every free number to the same form).
        let mut shapes = BTreeSet::new();
        for link in linked.difference(&visited) {
            let (path, query) = link.split_once('?').unwrap_or((link, ""));
            let keys: Vec<&str> = query
                .split('&')
                .filter_map(|kv| kv.split('=').next())
                .collect();
            if !shapes.insert((path.to_owned(), keys.join("&"))) {
                continue;
            }
            if let Some(text) = page(app, link).await {
                html.push(text);
            }
            gets.insert(link.clone());
        }
        let mut posts: Vec<Form> = Vec::new();
        let mut seen = BTreeSet::new();
        for text in &html {
            for form in crawl::forms(text) {
                // One form per action and fields, and per id it carries.
                let ids: Vec<(String, String)> = form
                    .pairs()
                    .into_iter()
                    .filter(|(name, _)| name.ends_with("id") || name == "version")
                    .collect();
                if form.method == "post" && seen.insert((form.action.clone(), form.names(), ids)) {
                    posts.push(form);
                }
            }
        }
        let api = app::api_v1::ROUTES
            .iter()
            .flat_map(|(path, methods)| {
                methods
                    .iter()
                    .map(|m| (format!("/api/v1{}", path.replace("{id}", draft)), m.clone()))
            })
            .collect();
        Self {
            gets,
            posts,
            server_fns: leptos::server_fn::axum::server_fn_paths().collect(),
            api,
        }
    }
}

/// A page's HTML when it answers 200.
async fn page(app: &TestApp, path: &str) -> Option<String> {
    let response = app.get(path).await;
    let status = response.status();
    assert!(!status.is_server_error(), "{path}: {status}");
    let is_page = status == StatusCode::OK
        && header(response.headers(), "content-type").starts_with("text/html");
    if is_page {
        Some(response.text().await.unwrap())
    } else {
        None
    }
}
