//! The pivot action story through the server: the form's plain POST,
//! drafts in Postgres, sync against the sandbox (create, replace, remove,
//! number conflicts, 5xx and timeouts, expired tokens) and the JSON API.

use std::time::Duration;

use kazoo::{sandbox::seed, KazooClient};
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};
use time::{format_description::well_known::Rfc3339, macros::format_description, OffsetDateTime};

use crate::helpers::{body, location, spawn_app, TestApp};

const URL: &str = "https://voice.example.com/twiml";

fn form<'a>(
    name: &'a str,
    number: &'a str,
    url: &'a str,
    intent: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("draft_id", ""),
        ("version", ""),
        ("name", name),
        ("numbers", number),
        ("voice_url", url),
        ("method", "post"),
        ("req_format", "twiml"),
        ("fallback", "say"),
        ("fallback_text", "Sorry, try again later."),
        ("intent", intent),
    ]
}

async fn db(app: &TestApp) -> PgConnection {
    PgConnection::connect(&app.db_url).await.unwrap()
}

/// What these tests read of a `draft` row.
#[derive(Debug, PartialEq, sqlx::FromRow)]
struct Draft {
    id: String,
    state: String,
    kazoo_id: Option<String>,
    version: i32,
}

async fn draft_row(app: &TestApp, name: &str) -> Option<Draft> {
    sqlx::query_as(
        "select draft_id::text as id, sync_state::text as state, kazoo_id, version
           from draft where name = $1",
    )
    .bind(name)
    .fetch_optional(&mut db(app).await)
    .await
    .unwrap()
}

/// Callflows in the sandbox with this name (straight from Kazoo's API).
async fn kazoo_callflows(app: &TestApp, name: &str) -> Vec<Value> {
    let base = format!("{}/v2", app.sandbox.as_ref().unwrap());
    let kazoo = KazooClient::new(&base, Duration::from_secs(5)).unwrap();
    let auth = kazoo.api_auth(seed::API_KEY).await.unwrap();
    let mut found = Vec::new();
    for summary in kazoo
        .list_callflows(&auth.token, seed::ACCOUNT_ID)
        .await
        .unwrap()
    {
        if summary.name.as_deref() == Some(name) {
            let doc = kazoo
                .get_callflow(&auth.token, seed::ACCOUNT_ID, &summary.id)
                .await
                .unwrap();
            found.push(doc.body);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_with_field_errors_and_saves_nothing() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    let response = app
        .post_form("/pivot/save", &form("Support", "", "ftp://x", "save"))
        .await;

    assert_eq!(location(&response), "/pivot/new");
    let (_, html) = body(app.get("/pivot/new").await).await;
    assert!(
        html.contains("The voice URL must start with http:// or https://"),
        "{html}"
    );
    assert!(html.contains("Pick or type at least one number."));
    assert!(html.contains("ftp://x"), "the typed value is kept");
    assert_eq!(draft_row(&app, "Support").await, None);
    // The message is shown once.
    let (_, again) = body(app.get("/pivot/new").await).await;
    assert!(!again.contains("Pick or type at least one number.</p>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn save_sync_edit_and_remove_a_pivot_action() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    // Save, then sync: a new callflow in Kazoo.
    let saved = app
        .post_form("/pivot/save", &form("Support", "4155550104", URL, "save"))
        .await;
    let draft_page = location(&saved);
    assert!(draft_page.starts_with("/drafts/"), "{draft_page}");
    let Draft {
        id,
        state,
        kazoo_id,
        version,
    } = draft_row(&app, "Support").await.unwrap();
    assert_eq!((state.as_str(), kazoo_id, version), ("idle", None, 1));
    let mut sync = form("Support", "+14155550104", URL, "sync");
    let version_text = version.to_string();
    sync[0] = ("draft_id", &id);
    sync[1] = ("version", &version_text);
    let synced = app.post_form("/pivot/save", &sync).await;
    assert!(
        location(&synced).ends_with("?notice=synced"),
        "{}",
        location(&synced)
    );
    let live = kazoo_callflows(&app, "Support").await;
    assert_eq!(live.len(), 1);
    assert_eq!(live[0]["numbers"], json!(["+14155550104"]));
    assert_eq!(live[0]["flow"]["data"]["voice_url"], URL);
    assert_eq!(live[0]["flow"]["children"]["_"]["module"], "tts");
    // The sync saved the same document (the number typed another way):
    // no new version, no second revision.
    let Draft { version, .. } = draft_row(&app, "Support").await.unwrap();
    let revisions: (i64,) = sqlx::query_as("select count(*) from draft_revision")
        .fetch_one(&mut db(&app).await)
        .await
        .unwrap();
    assert_eq!((version, revisions.0), (1, 1));

    // Numbers Routing shows the number routed there, draft synced.
    let (_, numbers) = body(app.list_numbers("0104").await).await;
    let numbers: Value = serde_json::from_str(&numbers).unwrap();
    let row = &numbers["rows"][0];
    assert_eq!(
        row["route"]["routed"]["entry"]["pivot"]["voice_url"], URL,
        "{numbers}"
    );
    assert_eq!(row["draft"]["state"], "synced");

    // Edit and sync again: replaced in place, not a second callflow.
    let Draft { version, .. } = draft_row(&app, "Support").await.unwrap();
    let version_text = version.to_string();
    let mut edit = form(
        "Support",
        "+14155550104, +14155550105",
        "https://new.example.com/v",
        "sync",
    );
    edit[0] = ("draft_id", &id);
    edit[1] = ("version", &version_text);
    app.post_form("/pivot/save", &edit).await;
    let live = kazoo_callflows(&app, "Support").await;
    assert_eq!(live.len(), 1);
    assert_eq!(live[0]["numbers"], json!(["+14155550104", "+14155550105"]));

    // A stale version is a conflict, not an overwrite.
    let mut stale = form("Support", "+14155550104", "https://old.example.com", "save");
    stale[0] = ("draft_id", &id);
    stale[1] = ("version", "1");
    app.post_form("/pivot/save", &stale).await;
    let (_, html) = body(app.get(&format!("/drafts/{id}")).await).await;
    assert!(
        html.contains("Someone saved this draft after you opened it"),
        "{html}"
    );
    let doc: (Value,) = sqlx::query_as("select document from draft where name = 'Support'")
        .fetch_one(&mut db(&app).await)
        .await
        .unwrap();
    assert_eq!(
        doc.0["flow"]["data"]["voice_url"],
        "https://new.example.com/v"
    );

    // Remove the routing: the button asks first, naming the callflow and
    // its numbers, and changes nothing until confirmed.
    let Draft { version, .. } = draft_row(&app, "Support").await.unwrap();
    let version_text = version.to_string();
    let mut remove = form("Support", "", "", "remove");
    remove[0] = ("draft_id", &id);
    remove[1] = ("version", &version_text);
    let asked = app.post_form("/pivot/save", &remove).await;
    let confirm_page = location(&asked);
    assert_eq!(confirm_page, format!("/drafts/{id}/confirm?action=remove"));
    assert_eq!(
        kazoo_callflows(&app, "Support").await.len(),
        1,
        "nothing removed yet"
    );
    let (_, html) = body(app.get(&confirm_page).await).await;
    assert!(
        html.contains("Remove the routing of “Support” from Kazoo?"),
        "{html}"
    );
    assert!(
        html.contains("+14155550104"),
        "the numbers it affects are named"
    );
    // Posting the action without the confirmation changes nothing either.
    let unconfirmed = app
        .post_form(
            &format!("/drafts/{id}/remove"),
            &[("version", &version_text)],
        )
        .await;
    assert_eq!(location(&unconfirmed), confirm_page);
    assert_eq!(kazoo_callflows(&app, "Support").await.len(), 1);

    // Confirmed: deleted in Kazoo, draft kept, one log row per attempt.
    let removed = app
        .post_form(
            &format!("/drafts/{id}/remove"),
            &[("version", &version_text), ("confirm", "yes")],
        )
        .await;
    assert!(location(&removed).ends_with("?notice=removed"));
    assert!(kazoo_callflows(&app, "Support").await.is_empty());
    let Draft {
        state, kazoo_id, ..
    } = draft_row(&app, "Support").await.unwrap();
    assert_eq!((state.as_str(), kazoo_id), ("idle", None));
    let log: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "select operation::text, result::text, kazoo_request_id from sync_log order by sync_log_id",
    )
    .fetch_all(&mut db(&app).await)
    .await
    .unwrap();
    let ops: Vec<_> = log
        .iter()
        .map(|(op, r, _)| (op.as_str(), r.as_deref()))
        .collect();
    assert_eq!(
        ops,
        [
            ("create", Some("ok")),
            ("replace", Some("ok")),
            ("delete", Some("ok"))
        ]
    );
    assert!(
        log.iter().all(|(_, _, rid)| rid.is_some()),
        "Kazoo request ids are kept"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_number_used_by_another_callflow_is_named_and_nothing_is_lost() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    let response = app
        .post_form("/pivot/save", &form("Clash", "+14155550100", URL, "sync"))
        .await;

    let page = location(&response);
    assert!(
        page.starts_with("/drafts/"),
        "saved before the sync: {page}"
    );
    let (_, html) = body(app.get(&page).await).await;
    assert!(
        html.contains("+14155550100 is already used by the callflow “Main line (Pivot)”"),
        "{html}"
    );
    let Draft {
        state, kazoo_id, ..
    } = draft_row(&app, "Clash").await.unwrap();
    assert_eq!((state.as_str(), kazoo_id), ("error", None));
    assert!(kazoo_callflows(&app, "Clash").await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn kazoo_failures_keep_the_draft_and_a_retry_makes_one_callflow() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    // Every call of the first sync gets a 503.
    app.sandbox_faults(json!({"fail_next": 50, "fail_status": 503}))
        .await;
    app.post_form("/pivot/save", &form("Flaky", "+14155550106", URL, "sync"))
        .await;
    let Draft {
        id,
        state,
        kazoo_id,
        version,
    } = draft_row(&app, "Flaky").await.unwrap();
    assert_eq!((state.as_str(), kazoo_id), ("error", None));
    app.sandbox_faults(json!({"fail_next": 0})).await;
    assert!(kazoo_callflows(&app, "Flaky").await.is_empty());

    // The next one: a timeout, then the create goes through on its retry.
    app.sandbox_faults(json!({"hang_next": 1})).await;
    let version_text = version.to_string();
    let mut retry = form("Flaky", "+14155550106", URL, "sync");
    retry[0] = ("draft_id", &id);
    retry[1] = ("version", &version_text);
    let response = app.post_form("/pivot/save", &retry).await;
    assert!(
        location(&response).ends_with("?notice=synced"),
        "{}",
        location(&response)
    );

    let Draft {
        state, kazoo_id, ..
    } = draft_row(&app, "Flaky").await.unwrap();
    assert_eq!(state, "idle");
    assert!(kazoo_id.is_some());
    assert_eq!(
        kazoo_callflows(&app, "Flaky").await.len(),
        1,
        "no duplicate callflow"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_kazoo_token_asks_to_sign_in_again_and_keeps_the_draft() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    app.sandbox_post("/sandbox/expire-tokens").await;

    let response = app
        .post_form("/pivot/save", &form("Later", "+14155550107", URL, "sync"))
        .await;

    let to = location(&response);
    assert!(
        to.starts_with("/login?error=expired&next=%2Fdrafts%2F"),
        "{to}"
    );
    assert!(
        draft_row(&app, "Later").await.is_some(),
        "the draft is kept"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_json_api_takes_an_api_token_and_applies_the_same_checks() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    // The token is shown once, in the answer to the POST that made it.
    let (_, html) = body(app.post_form("/api-tokens", &[("name", "deploy")]).await).await;
    let start = html.find("pct_").expect("the new token is shown once");
    let token = html[start..start + 68].to_owned();
    let stored: (i64,) =
        sqlx::query_as("select count(*) from api_token where token_hash = sha256($1::bytea)")
            .bind(token.as_bytes())
            .fetch_one(&mut db(&app).await)
            .await
            .unwrap();
    assert_eq!(stored.0, 1, "only the hash is stored");
    // Pages show times in UTC to the minute: `2026-11-29 10:00 UTC by …`.
    let by = html
        .find(" UTC by admin@sandbox")
        .expect("the token's creation time");
    let shown = &html[by - 16..by];
    assert!(
        time::PrimitiveDateTime::parse(
            shown,
            format_description!("[year]-[month]-[day] [hour]:[minute]")
        )
        .is_ok(),
        "{shown}"
    );

    let api = reqwest::Client::new();
    let url = |p: &str| format!("{}/api/v1{p}", app.address);
    let bad = api
        .post(url("/drafts"))
        .bearer_auth(&token)
        .json(&json!({"name": "API", "numbers": [], "voice_url": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let errors: Value = bad.json().await.unwrap();
    assert!(errors["fields"]["voice_url"].is_string() && errors["fields"]["numbers"].is_string());

    let created = api.post(url("/drafts")).bearer_auth(&token)
        .json(&json!({"name": "API", "numbers": ["4155550108"], "voice_url": URL, "method": "get", "req_format": "kazoo"}))
        .send().await.unwrap();
    assert_eq!(created.status(), 201);
    let draft: Value = created.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();
    // Times are RFC 3339; a draft never synced has none.
    let updated_at = draft["updated_at"].as_str().unwrap_or_default();
    assert!(
        OffsetDateTime::parse(updated_at, &Rfc3339).is_ok(),
        "{draft}"
    );
    assert!(draft["synced_at"].is_null(), "{draft}");
    let preview: Value = api
        .get(url(&format!("/drafts/{id}/preview")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(preview["numbers"], json!(["+14155550108"]));
    assert_eq!(preview["flow"]["data"]["method"], "get");

    // Syncing needs a Kazoo token besides the API token.
    let no_kazoo = api
        .post(url(&format!("/drafts/{id}/sync")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(no_kazoo.status(), 401);
    let base = format!("{}/v2", app.sandbox.as_ref().unwrap());
    let kazoo = KazooClient::new(&base, Duration::from_secs(5)).unwrap();
    let auth = kazoo.api_auth(seed::API_KEY).await.unwrap();
    let synced = api
        .post(url(&format!("/drafts/{id}/sync")))
        .bearer_auth(&token)
        .header("X-Kazoo-Auth-Token", auth.token.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(synced.status(), 200);
    let synced: Value = synced.json().await.unwrap();
    let synced_at = synced["synced_at"].as_str().unwrap_or_default();
    assert!(
        OffsetDateTime::parse(synced_at, &Rfc3339).is_ok(),
        "{synced}"
    );
    assert_eq!(kazoo_callflows(&app, "API").await.len(), 1);

    // No token, a wrong token: 401.
    assert_eq!(reqwest::get(url("/drafts")).await.unwrap().status(), 401);
    let wrong = api
        .get(url("/drafts"))
        .bearer_auth("pct_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    // Revoking asks first, naming the token; only the confirmation revokes.
    let (_, html) = body(app.get("/api-tokens").await).await;
    let at = html.find("/api-tokens/").expect("a revoke form");
    let action = html[at..].split('"').next().unwrap().to_owned();
    let asked = app.post_form(&action, &[]).await;
    let confirm_page = location(&asked);
    assert!(
        confirm_page.starts_with("/api-tokens?revoke="),
        "{confirm_page}"
    );
    let (_, html) = body(app.get(&confirm_page).await).await;
    assert!(html.contains("Revoke the token “deploy”?"), "{html}");
    let still = api
        .get(url("/drafts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(still.status(), 200, "not revoked without confirmation");
    let revoked = app.post_form(&action, &[("confirm", "yes")]).await;
    assert_eq!(location(&revoked), "/api-tokens?notice=revoked");
    let gone = api
        .get(url("/drafts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_number_kazoo_stores_unexpectedly_is_said_after_a_plain_post() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    // Without JavaScript nothing warned while typing: the page the save
    // lands on says it.
    let saved = app
        .post_form("/pivot/save", &form("Odd", "555-113-0451", URL, "save"))
        .await;
    let page = location(&saved);
    let (_, html) = body(app.get(&page).await).await;
    assert!(
        html.contains("Kazoo stores “555-113-0451” as +5551130451"),
        "{html}"
    );
    // Said once: the next visit does not repeat it.
    let (_, html) = body(app.get(&page).await).await;
    assert!(!html.contains("Kazoo stores “555-113-0451”"));
    // A plain number says nothing of the kind.
    let saved = app
        .post_form("/pivot/save", &form("Plain", "4155550104", URL, "save"))
        .await;
    let (_, html) = body(app.get(&location(&saved)).await).await;
    assert!(!html.contains("Check the numbers"), "{html}");
}
