//! Two customers: account A (the sandbox's demo account) makes one of
//! everything, named with [`SECRET`]; account B (`elsewhere`) then tries
//! every route with every one of A's ids, by its session and by its API
//! token. B gets 404 (or the refusal the route documents), never a byte
//! of A's, and no row changes; B's own lists show nothing of A's.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{url, SECRET};
use crate::{
    every_route::server_fn_args,
    helpers::{header, TestApp},
};

/// How B's answer to one request went: what was asked, the status, where
/// it sent B, and the body (of the page it sent B to, for a redirect).
struct Seen {
    what: String,
    status: StatusCode,
    location: String,
    body: String,
}

/// Sends B's request; follows one redirect to read what B is shown.
async fn try_as(
    b: &reqwest::Client,
    app: &TestApp,
    what: String,
    request: reqwest::RequestBuilder,
) -> Seen {
    let response = request.send().await.unwrap();
    let status = response.status();
    let location = header(response.headers(), "location");
    let mut body = response.text().await.unwrap();
    if status.is_redirection() && location.starts_with('/') {
        body = b
            .get(url(app, &location))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    }
    assert!(!status.is_server_error(), "{what}: {status}");
    // (A request that holds the word itself, a prefilled form's link, may
    // show it back.)
    assert!(
        what.contains(SECRET) || !body.contains(SECRET),
        "{what}: B was shown A's {SECRET}: {status} {location}"
    );
    Seen {
        what,
        status,
        location,
        body,
    }
}

/// Refused by id: a client error (404 for a page or a read), or a
/// redirect (to a list, a not-found notice, or a page that is itself
/// refused); what B lands on holds nothing of A's ([`try_as`]).
fn refused(seen: &Seen) {
    assert!(
        seen.status.is_redirection() || seen.status.is_client_error(),
        "{}: {} (to {})",
        seen.what,
        seen.status,
        seen.location
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_never_reads_or_changes_anothers_things_even_by_id() {
    let (app, made, a_ids, surface) = super::setup().await;
    for kind in [
        "draft",
        "sync_log",
        "api_token",
        "twilio_import",
        "checker_report",
        "checker_walk",
    ] {
        assert!(a_ids.iter().any(|(k, _)| *k == kind), "A has no {kind}");
    }
    // Ids long enough to find in a path (a sync log's `1` is in many).
    let named = |text: &str| {
        a_ids
            .iter()
            .any(|(_, id)| id.len() >= 8 && text.contains(id.as_str()))
    };
    let b = app.sign_in_elsewhere().await;
    let b_token = super::new_token(&app, &b, "B's script").await;
    // And B's Kazoo token, which a script syncs with.
    let b_kazoo = {
        use kazoo::sandbox::seed::{OTHER_ACCOUNT_NAME, OTHER_PASSWORD, USERNAME};
        let base = format!("{}/v2", app.sandbox.as_ref().unwrap());
        let kazoo = kazoo::KazooClient::new(&base, std::time::Duration::from_secs(5)).unwrap();
        let auth = kazoo
            .user_auth(OTHER_ACCOUNT_NAME, USERNAME, OTHER_PASSWORD)
            .await;
        auth.unwrap().token.expose().to_owned()
    };
    // B's own token's "last used" changes as B uses it; nothing else may.
    let not_b = format!("account_id <> '{}'", kazoo::sandbox::seed::OTHER_ACCOUNT_ID);
    let unchanged = [("api_token", not_b.as_str())];
    let before = app.table_fingerprint_where(&unchanged).await;
    let mut tried = 0;

    // Every page and link of A's that names one of A's ids, and every id
    // page with every id of A's.
    let mut gets: Vec<String> = surface.gets.iter().filter(|p| named(p)).cloned().collect();
    for route in leptos_axum::generate_route_list(app::App) {
        let path = route.path().replace(":id", "{id}");
        if path.contains("{id}") {
            gets.extend(a_ids.iter().map(|(_, id)| path.replace("{id}", id)));
        }
    }
    gets.extend(a_ids.iter().map(|(_, id)| format!("/checker?report={id}")));
    gets.sort();
    gets.dedup();
    for path in &gets {
        let seen = try_as(&b, &app, format!("B: GET {path}"), b.get(url(&app, path))).await;
        refused(&seen);
        tried += 1;
    }

    // Every form of A's that names one of A's ids (in its action or a
    // field), as A's page would send it.
    for form in surface
        .posts
        .iter()
        .filter(|f| named(&f.action) || f.pairs().iter().any(|(_, v)| named(v)))
    {
        let what = format!("B: POST {} {:?}", form.action, form.names());
        let mut pairs = form.pairs();
        // The confirmation pages' "yes" too: B cannot confirm A's things.
        pairs.push(("confirm".into(), "yes".into()));
        let seen = try_as(&b, &app, what, b.post(url(&app, &form.action)).form(&pairs)).await;
        refused(&seen);
        tried += 1;
    }

    // The server functions that take an id, with each of A's.
    for (path, args) in server_fn_args("{id}") {
        if !args.iter().any(|(_, v)| v == "{id}") {
            continue;
        }
        for (_, id) in &a_ids {
            let pairs: Vec<(&str, String)> = args
                .iter()
                .map(|(n, v)| (*n, v.replace("{id}", id)))
                .collect();
            let what = format!("B: server function {path} with {id}");
            let seen = try_as(&b, &app, what, b.post(url(&app, path)).form(&pairs)).await;
            assert!(
                seen.status.is_client_error(),
                "{}: {}",
                seen.what,
                seen.status
            );
            tried += 1;
        }
    }

    // The JSON API's id routes, each method, each id of A's, by B's
    // cookie and by B's token.
    for (path, methods) in app::api_v1::ROUTES
        .iter()
        .filter(|(p, _)| p.contains("{id}"))
    {
        for method in methods.iter() {
            for (_, id) in &a_ids {
                let target = url(&app, &format!("/api/v1{}", path.replace("{id}", id)));
                // A body the route takes, so only the id can refuse it.
                let body = match (*method == Method::PUT, path.ends_with("/remove-routing")) {
                    (true, _) => json!({"name": "B was here", "numbers": ["4155550105"],
                        "voice_url": "https://b.example.com/", "version": 1}),
                    (false, true) => json!({"version": 1, "confirm": true}),
                    (false, false) => json!({"version": 1}),
                };
                for by in ["cookie", "token"] {
                    let target = match *method {
                        Method::DELETE => format!("{target}?version=1&confirm=true"),
                        _ => target.clone(),
                    };
                    let mut request = match by {
                        "cookie" => b.request(method.clone(), &target),
                        _ => reqwest::Client::new()
                            .request(method.clone(), &target)
                            .bearer_auth(&b_token)
                            .header("X-Kazoo-Auth-Token", &b_kazoo),
                    };
                    if matches!(*method, Method::PUT | Method::POST) {
                        request = request.json(&body);
                    }
                    let what = format!("B by {by}: {method} /api/v1{path} with {id}");
                    let seen = try_as(&b, &app, what, request).await;
                    assert_eq!(
                        seen.status,
                        StatusCode::NOT_FOUND,
                        "{}: {}",
                        seen.what,
                        seen.body
                    );
                    tried += 1;
                }
            }
        }
    }

    // B's own pages and lists: nothing of A's.
    let own: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_owned())
        .filter(|p| !p.contains(':') && !p.contains('{') && p != "/login")
        .collect();
    for path in &own {
        let seen = try_as(&b, &app, format!("B: GET {path}"), b.get(url(&app, path))).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.what);
        for (kind, id) in a_ids.iter().filter(|(_, id)| id.len() >= 8) {
            assert!(
                !seen.body.contains(id.as_str()),
                "{}: A's {kind} {id}",
                seen.what
            );
        }
        tried += 1;
    }
    for path in ["/api/v1/drafts", "/api/v1/numbers"] {
        let seen = try_as(&b, &app, format!("B: GET {path}"), b.get(url(&app, path))).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.what);
        assert!(!seen.body.contains(&made.draft), "{}", seen.what);
        tried += 1;
    }

    assert_eq!(
        app.table_fingerprint_where(&unchanged).await,
        before,
        "B changed rows"
    );
    // A still has it all.
    let a_draft = app.get(&format!("/drafts/{}", made.draft)).await;
    assert_eq!(a_draft.status(), StatusCode::OK);
    eprintln!("security matrix, another account: {tried} requests refused");
}
