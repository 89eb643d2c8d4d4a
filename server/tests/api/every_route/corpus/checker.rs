//! The checker's cases: the one part of the console that fetches a voice
//! URL itself, so private hosts and URLs with a user name and password
//! are refused here (by the SSRF guard: the report says why, nothing is
//! requested: a listener on this machine's loopback sees no connection);
//! URLs that are not web addresses, timeouts out of range, answers a
//! server cannot send; walks that are not A's, or moved since.

use std::net::TcpListener;

use reqwest::StatusCode;
use serde_json::json;

use super::{Category, Tally, Things, UNKNOWN_ID};
use crate::helpers::TestApp;

/// Voice URLs the checker refuses to request, `{port}` the listener's.
const REFUSED_URLS: [(Category, &str, &str); 14] = [
    (
        Category::PrivateHost,
        "http://127.0.0.1:{port}/voice",
        "a loopback address",
    ),
    (
        Category::PrivateHost,
        "http://localhost:{port}/voice",
        "a loopback address",
    ),
    (
        Category::PrivateHost,
        "http://127.1:{port}/voice",
        "a loopback address",
    ),
    (
        Category::PrivateHost,
        "http://2130706433:{port}/voice",
        "a loopback address",
    ),
    (
        Category::PrivateHost,
        "http://[::1]:{port}/voice",
        "a loopback address",
    ),
    (
        Category::PrivateHost,
        "http://[::ffff:127.0.0.1]:{port}/voice",
        "a loopback address",
    ),
    (
        Category::PrivateHost,
        "http://0.0.0.0:{port}/voice",
        "this machine",
    ),
    (
        Category::PrivateHost,
        "http://10.0.0.1/voice",
        "a private address",
    ),
    (
        Category::PrivateHost,
        "http://192.168.1.1/voice",
        "a private address",
    ),
    (
        Category::PrivateHost,
        "http://172.16.0.1/voice",
        "a private address",
    ),
    (
        Category::PrivateHost,
        "http://169.254.169.254/latest/meta-data/",
        "link-local",
    ),
    (Category::PrivateHost, "http://[fd00::1]/voice", "private"),
    (
        Category::CredentialsUrl,
        "https://u:p@voice.example.com/twiml",
        "user name or password",
    ),
    (
        Category::CredentialsUrl,
        "http://admin@127.0.0.1:{port}/voice",
        "user name or password",
    ),
];

pub async fn cases(app: &TestApp, t: &Things, tally: &mut Tally) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    for (category, url, words) in REFUSED_URLS {
        let url = url.replace("{port}", &port);
        refused_by_api(app, tally, category, &url, words).await;
        let what = format!("form checker URL {url}");
        let request = post(
            app,
            "/checker/url",
            &[("voice_url", &url), ("method", "post")],
        );
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
        let what = format!("form checker walk {url}");
        let request = post(
            app,
            "/checker/walks",
            &[
                ("voice_url", &url),
                ("method", "post"),
                ("req_format", "twiml"),
            ],
        );
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
    }
    let accepted = listener.accept();
    assert!(
        accepted
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock),
        "the checker connected to this machine: {accepted:?}"
    );
    fields(app, tally).await;
    walks(app, t, tally).await;
}

/// `POST /api/v1/check` for `url`: a report that says the guard refused.
async fn refused_by_api(
    app: &TestApp,
    tally: &mut Tally,
    category: Category,
    url: &str,
    words: &str,
) {
    let request = app
        .client
        .post(format!("{}/api/v1/check", app.address))
        .json(&json!({ "voice_url": url }));
    let what = format!("API check {url}");
    let report = tally
        .api(category, what.clone(), request, StatusCode::OK, None, "")
        .await;
    let failure = &report["failure"];
    let message = failure["message"].as_str().unwrap_or_default();
    if failure["refused"] != true || !message.contains(words) {
        tally.fail(&what, format!("{report}"));
    }
}

fn post(app: &TestApp, path: &str, pairs: &[(&str, &str)]) -> reqwest::RequestBuilder {
    app.client
        .post(format!("{}{path}", app.address))
        .form(pairs)
}

/// URLs that are no web address, timeouts out of range, answers no
/// server sends: refused before anything is requested.
async fn fields(app: &TestApp, tally: &mut Tally) {
    let starts = "starts with http:// or https://";
    let timeout = "A timeout is a whole number of milliseconds";
    let url = "https://voice.example.com/twiml";
    for (category, set, field, words) in [
        (
            Category::JavascriptUrl,
            [("voice_url", "javascript:alert(1)")],
            "voice_url",
            starts,
        ),
        (
            Category::JavascriptUrl,
            [("voice_url", "data:text/xml,<Response/>")],
            "voice_url",
            starts,
        ),
        (
            Category::JavascriptUrl,
            [("voice_url", "file:///etc/passwd")],
            "voice_url",
            starts,
        ),
        (
            Category::Control,
            [("voice_url", "https://voice.example.com/\r\nHost: x")],
            "voice_url",
            "control characters",
        ),
        (
            Category::Timeout,
            [("req_timeout_ms", "5001")],
            "req_timeout_ms",
            timeout,
        ),
        (
            Category::Timeout,
            [("req_timeout_ms", "-1")],
            "req_timeout_ms",
            timeout,
        ),
        (
            Category::Timeout,
            [("req_timeout_ms", "abc")],
            "req_timeout_ms",
            timeout,
        ),
        (
            Category::WrongType,
            [("method", "DELETE")],
            "method",
            "Choose GET or POST.",
        ),
    ] {
        let mut pairs = vec![
            ("voice_url", url),
            ("method", "post"),
            ("req_format", "twiml"),
        ];
        pairs.retain(|(k, _)| !set.iter().any(|(f, _)| f == k));
        pairs.extend(set);
        let what = format!("form checker URL {set:?}");
        let request = post(app, "/checker/url", &pairs);
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
        // The API takes a number for the timeout (a text is a wrong type).
        let mut body = json!({"voice_url": url});
        for (k, v) in &pairs {
            body[*k] = match (*k, v.parse::<i64>()) {
                ("req_timeout_ms", Ok(ms)) => json!(ms),
                _ => json!(v),
            };
        }
        let request = app
            .client
            .post(format!("{}/api/v1/check", app.address))
            .json(&body);
        let what = format!("API check {set:?}");
        // A timeout that is no `u32` is refused as a wrong type.
        let words = if field == "req_timeout_ms" && !body[field].is_u64() {
            ""
        } else {
            words
        };
        tally
            .api(
                category,
                what,
                request,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(field),
                words,
            )
            .await;
    }
    for (category, set, words) in [
        (
            Category::Control,
            ("answer", "<Response>\u{0}</Response>"),
            "holds a NUL character",
        ),
        (
            Category::WrongType,
            ("status", "abc"),
            "An HTTP status is a whole number",
        ),
        (
            Category::WrongType,
            ("status", "99999"),
            "An HTTP status is a whole number",
        ),
        (
            Category::Control,
            ("content_type", "text/xml\r\nX-Evil: 1"),
            "A Content-Type is one line",
        ),
    ] {
        let mut pairs = vec![
            ("answer", "<Response/>"),
            ("content_type", "text/xml"),
            ("status", "200"),
        ];
        pairs.retain(|(k, _)| *k != set.0);
        pairs.push(set);
        let what = format!("form checker paste {set:?}");
        let request = post(app, "/checker/paste", &pairs);
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
    }
}

/// Moves in walks that are not A's, or at a version A's walk is past.
async fn walks(app: &TestApp, t: &Things, tally: &mut Tally) {
    let gone = "That walk is not there";
    for (category, id, version, words) in [
        (Category::UnknownId, UNKNOWN_ID, "1", gone),
        (Category::OtherAccountId, t.other_walk.as_str(), "1", gone),
        (Category::StaleVersion, t.walk.as_str(), "0", "moved"),
        (Category::FutureVersion, t.walk.as_str(), "99", "moved"),
    ] {
        let path = format!("/checker/walks/{id}");
        let request = post(app, &path, &[("version", version), ("press", "nothing")]);
        let what = format!("form walk {id} at version {version}");
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
    }
}
