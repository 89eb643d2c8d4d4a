//! Security headers on every response, each page's nonce policy, and API
//! tokens at rest (shown once, never stored in plaintext).

use reqwest::{header::HeaderMap, Response, StatusCode};
use sqlx::{Connection, PgConnection};

use crate::{
    api_shape::api,
    helpers::{body, header, spawn_app},
};

/// The nonce a page's policy names, and the nonces of its scripts.
fn nonces(policy: &str, html: &str) -> (String, Vec<String>) {
    let named = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
        .to_owned();
    let scripts = html
        .match_indices("<script")
        .map(|(at, _)| {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            tag.split("nonce=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or("(none)")
                .to_owned()
        })
        .collect();
    (named, scripts)
}

/// What every answer carries (the security matrix checks it on every
/// route): `nosniff`, `Referrer-Policy: same-origin`, no framing (both
/// `X-Frame-Options` and the policy's `frame-ancestors`), a policy that
/// allows nothing by default, and no CORS header (no other site may read
/// an answer).
pub fn assert_security_headers(h: &HeaderMap, what: &str) {
    assert_eq!(header(h, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(h, "referrer-policy"), "same-origin", "{what}");
    assert_eq!(header(h, "x-frame-options"), "DENY", "{what}");
    let policy = header(h, "content-security-policy");
    for strict in [
        "default-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(strict), "{what}: {policy}");
    }
    let cors: Vec<&str> = h
        .keys()
        .map(|k| k.as_str())
        .filter(|k| k.starts_with("access-control-"))
        .collect();
    assert!(cors.is_empty(), "{what}: {cors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_security_headers_and_pages_a_nonce_policy() {
    let app = spawn_app().await;
    let check_common = |response: &Response, what: &str| {
        assert_security_headers(response.headers(), what);
    };

    let login = app.get("/login").await;
    check_common(&login, "sign-in page");
    let policy = header(login.headers(), "content-security-policy");
    let (_, html) = body(login).await;
    let (named, scripts) = nonces(&policy, &html);
    assert!(named.len() >= 16, "{policy}");
    assert!(!scripts.is_empty(), "the page has its hydration script");
    assert!(scripts.iter().all(|n| *n == named), "{policy} {scripts:?}");
    assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("object-src 'none'"));
    assert!(policy.contains("form-action 'self'") && !policy.contains("unsafe-inline"));
    let again = app.get("/login").await;
    let (other, _) = nonces(&header(again.headers(), "content-security-policy"), "");
    assert_ne!(named, other, "a fresh nonce per page");

    for path in [
        "/healthz",
        "/api/v1/drafts",
        "/favicon.ico",
        "/no/such/file.js",
    ] {
        check_common(&app.get(path).await, path);
    }
    check_common(&app.login("sandbox", "admin", "wrong").await, "redirect");

    app.login_as_admin().await;
    for path in [
        "/",
        "/drafts",
        "/api-tokens",
        "/pivot/new",
        "/api/v1/drafts",
    ] {
        let response = app.get(path).await;
        check_common(&response, path);
        assert_eq!(
            header(response.headers(), "cache-control"),
            "no-store",
            "{path}"
        );
    }
    let server_fn = app.server_fn("session/info", &[]).await;
    check_common(&server_fn, "server function");
    assert_eq!(header(server_fn.headers(), "cache-control"), "no-store");
    let unknown = app.get("/no/such/page").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let policy = header(unknown.headers(), "content-security-policy");
    let (_, html) = body(unknown).await;
    let (named, scripts) = nonces(&policy, &html);
    assert!(scripts.iter().all(|n| *n == named), "the 404 page too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_api_token_is_shown_once_and_never_stored_in_plaintext() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    let response = app.post_form("/api-tokens", &[("name", "deploy")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(response.headers(), "cache-control"), "no-store");
    let (_, html) = body(response).await;
    let start = html.find("pct_").expect("the new token is in the answer");
    let token = html[start..start + 68].to_owned();

    // Not in any session row (the flash used to keep it there), not in
    // the token table (only its SHA-256).
    let mut db = PgConnection::connect(&app.db_url).await.unwrap();
    let sessions: Vec<Vec<u8>> = sqlx::query_scalar("select data from tower_sessions.session")
        .fetch_all(&mut db)
        .await
        .unwrap();
    assert!(!sessions.is_empty());
    for data in &sessions {
        let haystack = String::from_utf8_lossy(data);
        assert!(!haystack.contains(&token), "token in a session row");
        assert!(!haystack.contains("pct_"), "token in a session row");
    }
    let rows: Vec<String> = sqlx::query_scalar("select t::text from api_token t")
        .fetch_all(&mut db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].contains(&token));

    // Shown once: the page read again lists it without the secret.
    let (_, again) = body(app.get("/api-tokens").await).await;
    assert!(again.contains("deploy") && !again.contains("pct_"));
    // And it works.
    let drafts = reqwest::Client::new()
        .get(api(&app, "/drafts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(drafts.status(), StatusCode::OK);
}
