//! Without a session or token: every page goes to sign-in, every server
//! function and plain post answers 401, every API route 401 in its shape;
//! the same with a forged session cookie, and for the API with an
//! unknown or a revoked token. Each answer carries the security headers.

use reqwest::{header::COOKIE, Method, StatusCode};

use crate::{
    api_shape::documented,
    headers::assert_security_headers,
    helpers::{browser, header, TestApp},
};

/// Paths anyone may reach (the session guard's list): sign-in, sign-out,
/// health and static files.
fn is_public(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    matches!(path, "/login" | "/logout" | "/healthz" | "/favicon.ico") || path.starts_with("/pkg/")
}

/// A caller without a session: none, or a made-up session cookie.
struct Stranger {
    what: &'static str,
    cookie: Option<&'static str>,
}

const STRANGERS: [Stranger; 2] = [
    Stranger {
        what: "no cookie",
        cookie: None,
    },
    Stranger {
        what: "a forged session cookie",
        cookie: Some("pivot_console_session=AAAAAAAAAAAAAAAAAAAAAA"),
    },
];

impl Stranger {
    fn request(&self, app: &TestApp, method: Method, path: &str) -> reqwest::RequestBuilder {
        let request = browser().request(method, format!("{}{path}", app.address));
        match self.cookie {
            Some(cookie) => request.header(COOKIE, cookie),
            None => request,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_refuses_callers_without_a_session_or_token() {
    let (app, made, _, surface) = super::setup().await;
    let before = app.table_fingerprint().await;
    let mut tried = 0;

    for stranger in &STRANGERS {
        for path in surface.gets.iter().filter(|p| !is_public(p)) {
            let what = format!("{}: GET {path}", stranger.what);
            let response = stranger
                .request(&app, Method::GET, path)
                .send()
                .await
                .unwrap();
            assert_security_headers(response.headers(), &what);
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{what}");
            let to = header(response.headers(), "location");
            assert!(
                to == "/login" || to.starts_with("/login?next=%2F"),
                "{what}: {to}"
            );
            tried += 1;
        }
        for form in surface.posts.iter().filter(|f| !is_public(&f.action)) {
            let what = format!("{}: POST {}", stranger.what, form.action);
            let pairs = form.pairs();
            let response = stranger
                .request(&app, Method::POST, &form.action)
                .form(&pairs)
                .send()
                .await
                .unwrap();
            assert_security_headers(response.headers(), &what);
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what}");
            tried += 1;
        }
        for (path, method) in &surface.server_fns {
            let what = format!("{}: server function {path}", stranger.what);
            let response = stranger
                .request(&app, method.clone(), path)
                .send()
                .await
                .unwrap();
            assert_security_headers(response.headers(), &what);
            let status = response.status();
            let text = response.text().await.unwrap();
            assert_eq!(
                (status, text.as_str()),
                (StatusCode::UNAUTHORIZED, "\"Unauthenticated\""),
                "{what}"
            );
            tried += 1;
        }
        for (path, method) in &surface.api {
            let what = format!("{}: {method} {path}", stranger.what);
            let response = stranger
                .request(&app, method.clone(), path)
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
            assert_security_headers(response.headers(), &what);
            let (status, error) = documented(response, &what).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}");
            assert!(!error["error"].as_str().unwrap().is_empty(), "{what}");
            tried += 1;
        }
    }
    // The API with a token that is not (or no longer) one.
    let unknown = format!("pct_{}", "0".repeat(64));
    for (what, token) in [
        ("an unknown token", unknown.as_str()),
        ("a revoked token", made.revoked_token.as_str()),
        ("a token cut short", &made.token[..20]),
    ] {
        for (path, method) in &surface.api {
            let what = format!("{what}: {method} {path}");
            let response = browser()
                .request(method.clone(), format!("{}{path}", app.address))
                .bearer_auth(token)
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
            assert_security_headers(response.headers(), &what);
            let (status, _) = documented(response, &what).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}");
            tried += 1;
        }
    }
    // The public ones stay public, and do nothing for a stranger.
    let logout = browser()
        .post(format!("{}/logout", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(logout.headers(), "location"),
        "/login?notice=signed_out"
    );
    assert!(surface.posts.iter().any(|f| f.action == "/login"));
    assert_eq!(
        app.table_fingerprint().await,
        before,
        "a stranger changed rows"
    );
    assert!(
        tried >= 100,
        "only {tried} requests: the crawl found too little"
    );
    eprintln!("security matrix, strangers: {tried} requests refused");
}
