//! Nothing destroyed by one click: remove routing, discard and sync anyway
//! ask first and change nothing until confirmed; remove routing refuses
//! when Kazoo's callflow changed since the draft's base; a draft that is
//! not a pivot action is never rewritten as one, whatever route writes.

use kazoo::sandbox::seed;
use reqwest::Method;
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};

use crate::helpers::{body, location, spawn_app, TestApp};

/// The seeded "Support menu" (a menu with a voicemail branch).
const MENU_ID: &str = "c0ffee00000000000000000000000002";

async fn open_draft(app: &TestApp, kazoo_id: &str) -> String {
    let opened = app
        .post_form(&format!("/callflows/{kazoo_id}/draft"), &[])
        .await;
    location(&opened).trim_start_matches("/drafts/").to_owned()
}

/// (document, version, revisions, sync state) of the only draft.
async fn the_draft(app: &TestApp) -> (Value, i32, i64, String) {
    let mut db = PgConnection::connect(&app.db_url).await.unwrap();
    let (document, version, state): (Value, i32, String) =
        sqlx::query_as("select document, version, sync_state::text from draft")
            .fetch_one(&mut db)
            .await
            .unwrap();
    let revisions: i64 = sqlx::query_scalar("select count(*) from draft_revision")
        .fetch_one(&mut db)
        .await
        .unwrap();
    (document, version, revisions, state)
}

/// Changes the live callflow in Kazoo, as another admin would.
async fn change_in_kazoo(app: &TestApp, id: &str, name: &str) {
    let (kazoo, token) = app.kazoo().await;
    let live = kazoo
        .get_callflow(&token, seed::ACCOUNT_ID, id)
        .await
        .unwrap();
    let mut doc = kazoo::callflow::Callflow::from_kazoo(live.body)
        .unwrap()
        .to_value();
    doc["name"] = json!(name);
    kazoo
        .replace_callflow(&token, seed::ACCOUNT_ID, id, &doc, None)
        .await
        .unwrap();
}

async fn live_name(app: &TestApp, id: &str) -> Option<String> {
    let (kazoo, token) = app.kazoo().await;
    let live = kazoo
        .get_callflow(&token, seed::ACCOUNT_ID, id)
        .await
        .ok()?;
    live.body["name"].as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_menu_draft_is_never_rewritten_as_a_pivot() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let id = open_draft(&app, MENU_ID).await;
    let before = the_draft(&app).await;
    assert_eq!(before.0["flow"]["module"], "menu");

    // The page is the callflow editor, never the pivot form.
    let (_, html) = body(app.get(&format!("/drafts/{id}")).await).await;
    assert!(html.contains("Callflow steps"), "{html}");
    assert!(!html.contains("action=\"/pivot/save\""), "no pivot form");

    // The pivot form's post, whatever the button.
    for intent in ["save", "sync", "overwrite"] {
        let form = [
            ("draft_id", id.as_str()),
            ("version", "1"),
            ("name", "Support menu"),
            ("numbers", "+14155550101"),
            ("voice_url", "https://evil.example.com/twiml"),
            ("method", "post"),
            ("req_format", "twiml"),
            ("fallback", "none"),
            ("intent", intent),
        ];
        let response = app.post_form("/pivot/save", &form).await;
        assert!(response.status().is_redirection());
        assert_eq!(
            the_draft(&app).await,
            before,
            "{intent} changed the menu draft"
        );
    }
    // The JSON API's update: 409, nothing changed.
    let response = app
        .api(
            Method::PUT,
            &format!("/drafts/{id}"),
            Some(json!({"version": 1, "voice_url": "https://evil.example.com/twiml"})),
        )
        .await;
    let (status, text) = body(response).await;
    assert_eq!(status, 409, "{text}");
    let error: Value = serde_json::from_str(&text).unwrap();
    assert!(error["error"]
        .as_str()
        .unwrap()
        .contains("not a pivot action"));
    assert_eq!(the_draft(&app).await, before);
    // And Kazoo still has the menu.
    assert_eq!(
        live_name(&app, MENU_ID).await.as_deref(),
        Some("Support menu")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_routing_refuses_when_the_callflow_changed_in_kazoo() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let id = open_draft(&app, MENU_ID).await;
    change_in_kazoo(&app, MENU_ID, "Support menu (changed in Kazoo)").await;

    let confirmed = app
        .post_form(
            &format!("/drafts/{id}/remove"),
            &[("version", "1"), ("confirm", "yes")],
        )
        .await;

    // Nothing deleted: the draft is in conflict, with a way to compare.
    assert_eq!(location(&confirmed), format!("/drafts/{id}"));
    assert_eq!(
        live_name(&app, MENU_ID).await.as_deref(),
        Some("Support menu (changed in Kazoo)")
    );
    assert_eq!(the_draft(&app).await.3, "conflict");
    let (_, html) = body(app.get(&format!("/drafts/{id}")).await).await;
    assert!(html.contains("nothing was deleted"), "{html}");
    assert!(html.contains(&format!("/drafts/{id}/compare")));

    // Compare it: the live document beside the draft, the difference marked.
    let (status, html) = body(app.get(&format!("/drafts/{id}/compare")).await).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("What differs"), "{html}");
    assert!(html.contains("Support menu (changed in Kazoo)"));

    // Remove anyway, confirmed: gone.
    let removed = app
        .post_form(
            &format!("/drafts/{id}/remove-anyway"),
            &[("version", "1"), ("confirm", "yes")],
        )
        .await;
    assert!(location(&removed).ends_with("?notice=removed"));
    assert_eq!(live_name(&app, MENU_ID).await, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn discard_and_sync_anyway_ask_first() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let id = open_draft(&app, seed::PIVOT_CALLFLOW_ID).await;

    // Discard: the form's button, a bare post and the JSON API without
    // `confirm` change nothing.
    let form = [
        ("draft_id", id.as_str()),
        ("version", "1"),
        ("intent", "discard"),
    ];
    let asked = app.post_form("/pivot/save", &form).await;
    assert_eq!(
        location(&asked),
        format!("/drafts/{id}/confirm?action=discard")
    );
    let (_, html) = body(app.get(&location(&asked)).await).await;
    assert!(
        html.contains("Discard the draft “Main line (Pivot)”?"),
        "{html}"
    );
    let bare = app
        .post_form(&format!("/drafts/{id}/discard"), &[("version", "1")])
        .await;
    assert_eq!(
        location(&bare),
        format!("/drafts/{id}/confirm?action=discard")
    );
    let api = app
        .api(Method::DELETE, &format!("/drafts/{id}?version=1"), None)
        .await;
    let (status, text) = body(api).await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("confirm"));
    assert_eq!(the_draft(&app).await.1, 1, "the draft is still there");

    // Sync anyway: only after a conflict, and asked first.
    change_in_kazoo(
        &app,
        seed::PIVOT_CALLFLOW_ID,
        "Main line (changed in Kazoo)",
    )
    .await;
    let edit = [
        ("draft_id", id.as_str()),
        ("version", "1"),
        ("name", "Main line (Pivot)"),
        ("numbers", "+14155550100"),
        ("voice_url", "https://twiml.example.com/voice2"),
        ("method", "post"),
        ("req_format", "twiml"),
        ("req_body_format", "form"),
        ("fallback", "say"),
        (
            "fallback_text",
            "Sorry, we cannot take your call right now.",
        ),
        ("intent", "sync"),
    ];
    app.post_form("/pivot/save", &edit).await;
    assert_eq!(the_draft(&app).await.3, "conflict");
    let mut overwrite = edit;
    overwrite[1] = ("version", "2");
    overwrite[10] = ("intent", "overwrite");
    let asked = app.post_form("/pivot/save", &overwrite).await;
    assert_eq!(
        location(&asked),
        format!("/drafts/{id}/confirm?action=sync-anyway")
    );
    assert_eq!(
        live_name(&app, seed::PIVOT_CALLFLOW_ID).await.as_deref(),
        Some("Main line (changed in Kazoo)"),
        "not overwritten before the confirmation"
    );
    let done = app
        .post_form(
            &format!("/drafts/{id}/sync-anyway"),
            &[("version", "2"), ("confirm", "yes")],
        )
        .await;
    assert!(location(&done).ends_with("?notice=synced"));
    assert_eq!(
        live_name(&app, seed::PIVOT_CALLFLOW_ID).await.as_deref(),
        Some("Main line (Pivot)")
    );

    // Discard, confirmed.
    let discarded = app
        .post_form(
            &format!("/drafts/{id}/discard"),
            &[("version", "2"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(location(&discarded), "/?notice=discarded");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_json_api_removes_routing_only_when_asked_and_unchanged() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let id = open_draft(&app, MENU_ID).await;
    let path = format!("/drafts/{id}/remove-routing");

    // No `confirm`: 422, nothing deleted.
    let (status, text) = body(
        app.api(Method::POST, &path, Some(json!({"version": 1})))
            .await,
    )
    .await;
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("confirm"));
    assert_eq!(
        live_name(&app, MENU_ID).await.as_deref(),
        Some("Support menu")
    );

    // Changed in Kazoo since the draft's base: 409, nothing deleted.
    change_in_kazoo(&app, MENU_ID, "Support menu (changed)").await;
    let confirmed = json!({"version": 1, "confirm": true});
    let (status, text) = body(app.api(Method::POST, &path, Some(confirmed)).await).await;
    assert_eq!(status, 409, "{text}");
    assert_eq!(
        live_name(&app, MENU_ID).await.as_deref(),
        Some("Support menu (changed)")
    );

    // Asked in so many words to delete it anyway: gone.
    let anyway = json!({"version": 1, "confirm": true, "overwrite": true});
    let (status, text) = body(app.api(Method::POST, &path, Some(anyway)).await).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(live_name(&app, MENU_ID).await, None);
}
