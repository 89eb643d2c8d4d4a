//! Cross-site state-changing requests, refused on every form, server
//! function and API route: with the session cookie, and on the API with
//! an API token too (see the matrix's note on tokens). No answer lets
//! another site read it (no CORS header, a preflight's included).

use reqwest::{Method, StatusCode};

use crate::{api_shape::documented, headers::assert_security_headers, helpers::header};

/// What a browser sends on a request another site started.
const CROSS_SITE: [(&str, &str); 5] = [
    ("origin", "https://evil.example"),
    ("origin", "null"),
    ("sec-fetch-site", "cross-site"),
    // A sibling subdomain is another site's page all the same.
    ("sec-fetch-site", "same-site"),
    ("origin", "http://127.0.0.1"),
];

/// Sends what another site's page made a browser send: the CSRF guard's
/// answer (403, in words).
async fn assert_refused(request: reqwest::RequestBuilder, what: &str) {
    let response = request.send().await.unwrap();
    assert_security_headers(response.headers(), what);
    let status = response.status();
    assert_eq!(
        (status, response.text().await.unwrap().as_str()),
        (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not allowed."
        ),
        "{what}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_state_changing_requests_are_refused_for_cookies_and_tokens() {
    let (app, made, _, surface) = super::setup().await;
    let before = app.table_fingerprint().await;
    let changing: Vec<&(String, Method)> = surface
        .api
        .iter()
        .filter(|(_, m)| *m != Method::GET)
        .collect();
    let mut tried = 0;

    for (name, value) in CROSS_SITE {
        let from = format!("{name}: {value}");
        for form in &surface.posts {
            let what = format!("{from}: POST {}", form.action);
            let request = app
                .client
                .post(format!("{}{}", app.address, form.action))
                .header(name, value)
                .form(&form.pairs());
            assert_refused(request, &what).await;
            tried += 1;
        }
        for (path, method) in surface.server_fns.iter().filter(|(_, m)| *m != Method::GET) {
            let what = format!("{from}: server function {path}");
            let request = app
                .client
                .request(method.clone(), format!("{}{path}", app.address))
                .header(name, value);
            assert_refused(request, &what).await;
            tried += 1;
        }
        for (path, method) in &changing {
            for credential in ["cookie", "token"] {
                let what = format!("{from}: {method} {path} with the {credential}");
                let mut request = app
                    .client
                    .request(method.clone(), format!("{}{path}", app.address))
                    .header(name, value)
                    .json(&serde_json::json!({}));
                if credential == "token" {
                    request = request.bearer_auth(&made.token);
                }
                let response = request.send().await.unwrap();
                assert_security_headers(response.headers(), &what);
                let (status, _) = documented(response, &what).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
                tried += 1;
            }
        }
    }

    assert_eq!(
        app.table_fingerprint().await,
        before,
        "a cross-site request changed rows"
    );

    // Reading with a token from another origin works (a token is no
    // ambient credential), but nothing lets that origin's page read it.
    let read = reqwest::Client::new()
        .get(format!("{}/api/v1/drafts", app.address))
        .bearer_auth(&made.token)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    assert_security_headers(read.headers(), "a token read from another origin");
    for (path, _) in &changing {
        let preflight = reqwest::Client::new()
            .request(Method::OPTIONS, format!("{}{path}", app.address))
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
            .await
            .unwrap();
        assert!(!preflight.status().is_success(), "preflight {path}");
        assert_security_headers(preflight.headers(), &format!("preflight {path}"));
        tried += 1;
    }
    let still = app.get("/").await;
    assert_eq!(
        still.status(),
        StatusCode::OK,
        "the cross-site sign-out was refused"
    );
    assert!(header(still.headers(), "location").is_empty());
    assert!(
        tried >= 100,
        "only {tried} requests: the crawl found too little"
    );
    eprintln!("security matrix, cross-site: {tried} requests refused");
}
