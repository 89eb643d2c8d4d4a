//! Server functions in the generated set: every registered one with no
//! body, junk, the wrong method, a body past the limit, and each argument
//! set to each bad value.

use reqwest::{Method, StatusCode};

use super::{bad_texts, oversized, pages::raw_form, send, url};
use crate::helpers::TestApp;

/// Arguments of the server functions that take some. A server function
/// that refuses an empty call must be listed (the test says so).
pub fn server_fn_args(id: &str) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    vec![
        (
            "/api/numbers/list",
            vec![
                ("query[search]", String::new()),
                ("query[route]", "All".into()),
                ("query[page]", "1".into()),
                ("query[draft]", "Draft".into()),
            ],
        ),
        (
            "/api/pivot/form",
            vec![("draft_id", id.to_owned()), ("number", "4155550100".into())],
        ),
        (
            "/api/pivot/number-warnings",
            vec![
                ("numbers[0]", "+14155550104".into()),
                ("numbers[1]", "1001".into()),
                ("draft_id", id.to_owned()),
            ],
        ),
        (
            "/api/callflows/list",
            vec![
                ("query[search]", String::new()),
                ("query[page]", "1".into()),
            ],
        ),
        (
            "/api/drafts/list",
            vec![
                ("query[search]", String::new()),
                ("query[page]", "1".into()),
            ],
        ),
        ("/api/drafts/get", vec![("id", id.to_owned())]),
        // A draft's id names no job: not found, whatever the page.
        (
            "/api/jobs/get",
            vec![("id", id.to_owned()), ("page", "1".into())],
        ),
        ("/api/migrate/import", vec![("id", id.to_owned())]),
        // A draft's id names no walk: not found, whatever else is sent.
        ("/api/checker/walk", vec![("id", id.to_owned())]),
        ("/api/drafts/compare", vec![("id", id.to_owned())]),
        ("/api/drafts/reach", vec![("id", id.to_owned())]),
        (
            "/api/editor/get",
            vec![("draft_id", id.to_owned()), ("start", "menu".into())],
        ),
        (
            // A stale version: whatever else is sent, nothing is saved.
            "/api/editor/save",
            vec![
                ("draft_id", id.to_owned()),
                ("version", "999999".into()),
                (
                    "working",
                    r#"{"doc": {"name": "X", "numbers": []}, "menus": []}"#.into(),
                ),
                ("intent", "save".into()),
            ],
        ),
    ]
}

/// Every registered server function: no body, junk, the wrong method, a
/// body past the limit, and each argument set to each bad value.
pub async fn probe(app: &TestApp, id: &str) {
    let templates = server_fn_args(id);
    let registered: Vec<(&str, Method)> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(registered.len() >= 5, "{registered:?}");
    for (path, method) in registered {
        let target = url(app, path);
        let post = || app.client.request(method.clone(), &target);
        let empty = send(&format!("{path} empty"), post()).await;
        let template = templates.iter().find(|(p, _)| *p == path);
        assert!(
            empty.status != StatusCode::BAD_REQUEST || template.is_some(),
            "{path} takes arguments: add them to server_fn_args"
        );
        send(
            &format!("{path} junk"),
            post()
                .header("content-type", "application/x-www-form-urlencoded")
                .body("%FF%FE=%00&&=&query[=1"),
        )
        .await;
        send(&format!("{path} wrong method"), app.client.put(&target)).await;
        let big = send(&format!("{path} oversized"), raw_form(&target, oversized())).await;
        assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        let Some((_, args)) = template else { continue };
        let mut values: Vec<String> = bad_texts().into_iter().map(|(_, v)| v).collect();
        values.extend(["abc", "-1", "99999999999999999999", "Bogus", ""].map(str::to_owned));
        for (name, _) in args {
            for value in &values {
                let pairs: Vec<(&str, &str)> = args
                    .iter()
                    .map(|(n, v)| {
                        if n == name {
                            (*n, value.as_str())
                        } else {
                            (*n, v.as_str())
                        }
                    })
                    .collect();
                let what = format!("{path} {name}={}", &value[..value.len().min(20)]);
                send(&what, post().form(&pairs)).await;
            }
        }
    }
}
