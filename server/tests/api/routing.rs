//! The three inputs, put into the sandbox the way another tool
//! would (`PUT /v2/accounts/{id}/callflows`), through the whole app:
//! Numbers Routing routes as Kazoo does, and an untouched edit changes
//! nothing.

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};

use crate::helpers::{body, location, spawn_app, TestApp};

/// Numbers Routing's server function, as JSON.
async fn numbers(app: &TestApp, search: &str) -> Value {
    let (status, text) = body(app.list_numbers(search).await).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn row<'a>(page: &'a Value, number: &str) -> &'a Value {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == number)
        .unwrap_or_else(|| panic!("{number} not in {page}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn numbers_a_pattern_answers_are_shown_as_routed_by_it() {
    let app = spawn_app().await;
    let id = app
        .put_callflow(
            json!({"name": "Overflow block", "patterns": ["^\\+1415555012[0-4]$"],
        "flow": {"module": "pivot", "data": {"voice_url": "https://overflow.example.com/twiml",
            "method": "post", "req_format": "twiml"}, "children": {}}}),
        )
        .await;
    app.login_as_admin().await;

    let page = numbers(&app, "01212").await;
    assert_eq!(page["total"], 0, "0121 and 0122 are different numbers");
    for n in 120..=124 {
        let number = format!("+14155550{n}");
        let page = numbers(&app, &number).await;
        let routed = &row(&page, &number)["route"]["routed"];
        assert_eq!(routed["callflow_name"], "Overflow block", "{page}");
        assert_eq!(routed["via"]["pattern"], "^\\+1415555012[0-4]$");
        assert_eq!(
            routed["entry"]["pivot"]["voice_url"],
            "https://overflow.example.com/twiml"
        );
    }

    // The JSON API says the same.
    let (status, text) = body(app.api(Method::GET, "/numbers?q=0123", None).await).await;
    assert_eq!(status, 200, "{text}");
    let api: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        row(&api, "+14155550123")["route"]["routed"]["via"]["pattern"],
        "^\\+1415555012[0-4]$"
    );
    let (status, _) = body(app.api(Method::GET, "/numbers?route=bogus", None).await).await;
    assert_eq!(status, 422);

    // The page says so, and routing one here warns what it takes away.
    let (_, html) = body(app.get("/?q=0121").await).await;
    assert!(html.contains("By pattern"), "{html}");
    assert!(html.contains("Overflow block"));
    assert!(!html.contains("badge none"), "{html}");
    assert!(html.contains("/pivot/new?number=%2B14155550121"), "{html}");
    let (_, form) = body(app.get("/pivot/new?number=%2B14155550121").await).await;
    assert!(
        form.contains("out of that pattern") && form.contains("Overflow block"),
        "{form}"
    );

    // Its draft shows the pattern it keeps, and removing its routing names
    // the pattern and every number it answers, though it lists none.
    let opened = app.post_form(&format!("/callflows/{id}/draft"), &[]).await;
    let draft = location(&opened);
    let (_, html) = body(app.get(&draft).await).await;
    assert!(
        html.contains("also answers every number matching its patterns"),
        "{html}"
    );
    assert!(html.contains("^\\+1415555012[0-4]$"), "{html}");
    let (_, confirm) = body(app.get(&format!("{draft}/confirm?action=remove")).await).await;
    for n in 120..=124 {
        assert!(confirm.contains(&format!("+14155550{n}")), "{confirm}");
    }
    assert!(!confirm.contains("+14155550125"));
    assert!(confirm.contains("^\\+1415555012[0-4]$"), "{confirm}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_skipped_pivot_is_passed_over_to_its_fallback() {
    let app = spawn_app().await;
    app.put_callflow(json!({"name": "IVR moved", "numbers": ["+14155550107"],
        "flow": {"module": "pivot", "data": {"voice_url": "https://old-ivr.example.com/voice",
            "method": "post", "req_format": "twiml", "skip_module": true},
            "children": {"_": {"module": "pivot", "data": {"voice_url": "https://new-ivr.example.com/voice",
                "method": "post", "req_format": "twiml"}, "children": {}}}}}))
        .await;
    app.login_as_admin().await;

    let page = numbers(&app, "0107").await;
    let routed = &row(&page, "+14155550107")["route"]["routed"];
    assert_eq!(
        routed["entry"]["pivot"]["voice_url"],
        "https://new-ivr.example.com/voice"
    );
    assert_eq!(routed["skipped"], json!(["pivot"]));
    let (_, text) = body(
        app.api(Method::GET, "/numbers?q=0107&route=pivot", None)
            .await,
    )
    .await;
    let api: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        row(&api, "+14155550107")["route"]["routed"]["entry"]["pivot"]["voice_url"],
        "https://new-ivr.example.com/voice"
    );
    let (_, html) = body(app.get("/?q=0107").await).await;
    assert!(html.contains("https://new-ivr.example.com/voice"));
    assert!(!html.contains("https://old-ivr.example.com/voice"));
    assert!(html.contains("Passed over"), "{html}");
}

async fn versions(app: &TestApp) -> (i32, i64) {
    let mut db = PgConnection::connect(&app.db_url).await.unwrap();
    let version: i32 = sqlx::query_scalar("select max(version) from draft")
        .fetch_one(&mut db)
        .await
        .unwrap();
    let revisions: i64 = sqlx::query_scalar("select count(*) from draft_revision")
        .fetch_one(&mut db)
        .await
        .unwrap();
    (version, revisions)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untouched_edit_of_a_document_made_elsewhere_changes_nothing() {
    let app = spawn_app().await;
    let id = app
        .put_callflow(
            json!({"name": "Made elsewhere", "numbers": ["+14155550106"],
            "flow": {"module": "pivot", "data": {"method": "get", "req_timeout": "5",
                "req_format": "twiml", "voice_url": "https://legacy.example.com/twiml.php"},
                "children": {}},
            "ui_metadata": {"ui": "monster-ui", "origin": "callflows"}}),
        )
        .await;
    app.login_as_admin().await;
    // As Kazoo stores it, with its defaults and the other tool's keys.
    let (kazoo, token) = app.kazoo().await;
    let live = kazoo
        .get_callflow(&token, kazoo::sandbox::seed::ACCOUNT_ID, &id)
        .await
        .unwrap();
    let live = kazoo::callflow::Callflow::from_kazoo(live.body)
        .unwrap()
        .to_value();
    assert_eq!(live["flow"]["data"]["req_body_format"], "form");

    // "Edit" opens a draft of it.
    let opened = app.post_form(&format!("/callflows/{id}/draft"), &[]).await;
    let page = location(&opened);
    let draft_id = page.trim_start_matches("/drafts/").to_owned();
    let (_, html) = body(app.get(&page).await).await;
    assert!(
        html.contains("based on the live callflow read at"),
        "{html}"
    );

    // Save draft with no change, as the form posts it.
    let form = [
        ("draft_id", draft_id.as_str()),
        ("version", "1"),
        ("name", "Made elsewhere"),
        ("numbers", "+14155550106"),
        ("voice_url", "https://legacy.example.com/twiml.php"),
        ("method", "get"),
        ("req_format", "twiml"),
        ("req_body_format", "form"),
        ("req_timeout_ms", ""),
        ("cdr_url", ""),
        ("fallback", "none"),
        ("fallback_text", ""),
        ("fallback_number", ""),
        ("intent", "save"),
    ];
    let saved = app.post_form("/pivot/save", &form).await;
    assert_eq!(location(&saved), format!("{page}?notice=unchanged"));
    assert_eq!(versions(&app).await, (1, 1), "no version added");

    // The same through the JSON API: a body of only the version changes
    // nothing; one field changes that field alone.
    let same = app
        .api(
            Method::PUT,
            &format!("/drafts/{draft_id}"),
            Some(json!({"version": 1})),
        )
        .await;
    let (status, text) = body(same).await;
    assert_eq!(status, 200, "{text}");
    let same: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(same["document"], live);
    assert_eq!(versions(&app).await, (1, 1));

    let edited = app
        .api(
            Method::PUT,
            &format!("/drafts/{draft_id}"),
            Some(json!({"version": 1, "voice_url": "https://new.example.com/twiml"})),
        )
        .await;
    let (status, text) = body(edited).await;
    assert_eq!(status, 200, "{text}");
    let edited: Value = serde_json::from_str(&text).unwrap();
    let mut want = live.clone();
    want["flow"]["data"]["voice_url"] = json!("https://new.example.com/twiml");
    assert_eq!(edited["document"], want, "only the field edited changed");
    assert_eq!(versions(&app).await, (2, 2));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unchanged_save_of_any_live_callflow_adds_no_version() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let (kazoo, token) = app.kazoo().await;
    let account = kazoo::sandbox::seed::ACCOUNT_ID;
    let listing = kazoo.list_callflows(&token, account).await.unwrap();
    assert!(listing.len() >= 4, "the seeded callflows");
    for summary in listing {
        let live = kazoo
            .get_callflow(&token, account, &summary.id)
            .await
            .unwrap();
        let live = kazoo::callflow::Callflow::from_kazoo(live.body)
            .unwrap()
            .to_value();
        let opened = app
            .post_form(&format!("/callflows/{}/draft", summary.id), &[])
            .await;
        let draft_id = location(&opened).trim_start_matches("/drafts/").to_owned();
        let saved = app
            .api(
                Method::PUT,
                &format!("/drafts/{draft_id}"),
                Some(json!({"version": 1})),
            )
            .await;
        let (status, text) = body(saved).await;
        let (_, draft) = body(
            app.api(Method::GET, &format!("/drafts/{draft_id}"), None)
                .await,
        )
        .await;
        let draft: Value = serde_json::from_str(&draft).unwrap();
        match draft["kind"].as_str() {
            // A pivot action: saved as it was, no version added.
            Some("pivot") => assert_eq!(status, 200, "{text}"),
            // Any other callflow: the pivot-shaped save is refused.
            _ => assert_eq!(status, 409, "{text}"),
        }
        assert_eq!(draft["version"], 1, "{}", summary.id);
        assert_eq!(draft["document"], live, "{}", summary.id);
    }
}
