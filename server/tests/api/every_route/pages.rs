//! Pages and form posts in the generated set: every page with every query
//! key set to every bad value and with malformed ids; every form the pages
//! render, field by field, with undecodable bytes, malformed ids and a
//! body past the limit.

use std::collections::BTreeSet;

use app::url::urlencode;
use reqwest::StatusCode;

use super::{
    bad_texts, crawl::Form, oversized_for, query_sized, send, url, BAD_IDS, RAW_QUERY_VALUES,
};
use crate::helpers::TestApp;

/// Every page with every query key set to every bad value, and id pages
/// with malformed ids.
pub async fn probe_pages(app: &TestApp, paths: &[String], keys: &BTreeSet<String>, id: &str) {
    let mut values: Vec<String> = bad_texts()
        .into_iter()
        .map(|(_, v)| urlencode(&query_sized(&v)))
        .collect();
    values.extend(RAW_QUERY_VALUES.map(str::to_owned));
    for path in paths.iter().filter(|p| *p != "/login") {
        for key in keys {
            for value in &values {
                let target = format!("{path}?{key}={value}");
                send(
                    &format!("GET {}", &target[..target.len().min(80)]),
                    app.client.get(url(app, &target)),
                )
                .await;
            }
        }
        if path.contains(id) {
            for bad in BAD_IDS {
                let target = path.replace(id, bad);
                send(&format!("GET {target}"), app.client.get(url(app, &target))).await;
            }
        }
    }
}

/// Every form every page renders: each field set to each bad text (the
/// rest as a browser sends it), bytes that are not UTF-8, malformed ids in
/// the action, and a body past the limit.
pub async fn probe_forms(app: &TestApp, forms: &[Form], id: &str) {
    let posts: Vec<&Form> = forms.iter().filter(|f| f.method == "post").collect();
    let actions: BTreeSet<&str> = posts.iter().map(|f| f.action.as_str()).collect();
    let id_re = regex::Regex::new(r"/(api-tokens|callflows)/([^/]+)/").unwrap();
    let shapes: BTreeSet<String> = actions
        .iter()
        .map(|a| id_re.replace(a, "/$1/{id}/").into_owned())
        .collect();
    for expected in [
        "/login",
        "/logout",
        "/numbers/refresh",
        "/pivot/save",
        "/api-tokens",
        "/api-tokens/{id}/revoke",
        "/callflows/{id}/draft",
    ] {
        assert!(
            shapes.contains(expected),
            "no form posts to {expected}: {shapes:?}"
        );
    }
    let mut seen = BTreeSet::new();
    for form in posts {
        // One of each form; the pivot form both new and on a draft.
        let draft_id = form
            .fields
            .iter()
            .find(|(n, _)| n == "draft_id")
            .and_then(|(_, v)| v.clone());
        let key = (
            id_re.replace(&form.action, "/$1/{id}/").into_owned(),
            form.names(),
            draft_id,
        );
        if !seen.insert(key) {
            continue;
        }
        let action = url(app, &form.action);
        for (name, _) in &form.fields {
            for (what, value) in bad_texts() {
                let pairs = form.with(name, &value);
                let what = format!("POST {} {name}={what}", form.action);
                send(&what, app.client.post(&action).form(&pairs)).await;
            }
            let raw = format!("{}=%FF%FE%00%C0%80", urlencode(name));
            send(
                &format!("POST {} {name}=bytes", form.action),
                raw_form(&action, raw),
            )
            .await;
        }
        // The form's own id (or a draft's) swapped for ids that name nothing.
        let ids: Vec<String> = id_re
            .captures(&form.action)
            .map(|c| c[2].to_owned())
            .into_iter()
            .chain(
                form.fields
                    .iter()
                    .filter(|(n, _)| n == "draft_id")
                    .map(|_| id.to_owned()),
            )
            .collect();
        for real in ids {
            for bad in BAD_IDS {
                let target = url(app, &form.action.replace(&real, bad));
                let pairs = form.with("draft_id", bad);
                let what = format!("POST {} with id {bad}", form.action);
                send(&what, app.client.post(&target).form(&pairs)).await;
            }
        }
        // The import form's oversized post is read to the end only for a
        // signed-in, same-origin browser (anyone else is cut off at once:
        // `migrate.rs` checks that with a head alone), so it is sent as one.
        let oversized = if form.action == app::migrate::UPLOAD_FORM_PATH {
            app.client
                .post(&action)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(oversized_for(&form.action))
        } else {
            raw_form(&action, oversized_for(&form.action))
        };
        let mut answer = send(&format!("POST {} oversized", form.action), oversized).await;
        assert_eq!(
            answer.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            form.action
        );
        let page = answer.response.take().unwrap().text().await.unwrap();
        assert!(page.contains("too much to send"), "{}: {page}", form.action);
    }
}

/// A form post on a fresh connection (the server closes one it answered
/// 413 without reading the rest of the body).
pub fn raw_form(action: &str, body: String) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(action)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
}
