//! The callflow editor end to end over HTTP, as a browser without
//! JavaScript drives it: every edit is a form post to `/callflows/edit`.
//! The guide's IVR is built step by step and synced; the sandbox then has
//! one callflow, two menus and two greetings, in that order of writing,
//! each valid under Kazoo's schemas; faults during the sync converge to
//! exactly one of each on retry; a live callflow opened and synced with no
//! change is byte for byte what it was.

use std::{path::PathBuf, time::Duration};

use kazoo::{sandbox::seed, KazooClient};
use serde_json::Value;

use crate::helpers::{location, spawn_app, TestApp};

const MAIN_GREETING: &str = "Welcome. For sandwiches, press 1. For the operator, press 0.";
const SUB_GREETING: &str = "For caprese, press 1. For banh mi, press 2.";

/// A draft being edited: its id and version, from the redirects.
struct Editing<'a> {
    app: &'a TestApp,
    id: String,
    version: String,
}

impl<'a> Editing<'a> {
    /// The first edit of "New callflow" (blank): name and number.
    async fn start(app: &'a TestApp, name: &str, numbers: &str) -> Editing<'a> {
        let response = app
            .post_form(
                "/callflows/edit",
                &[
                    ("start", "blank"),
                    ("op", "root"),
                    ("name", name),
                    ("numbers", numbers),
                ],
            )
            .await;
        let to = location(&response);
        let id = to
            .strip_prefix("/drafts/")
            .and_then(|rest| rest.split('?').next())
            .unwrap_or_else(|| panic!("a new draft, got {to}"))
            .to_owned();
        Editing {
            app,
            id,
            version: "1".into(),
        }
    }

    /// One edit; panics unless it was saved (`?notice=saved`).
    async fn edit(&mut self, fields: &[(&str, &str)]) {
        let mut form = vec![
            ("draft_id", self.id.as_str()),
            ("version", self.version.as_str()),
        ];
        form.extend_from_slice(fields);
        let response = self.app.post_form("/callflows/edit", &form).await;
        let to = location(&response);
        assert!(
            to.contains("notice=saved"),
            "{fields:?} was not saved: {to}"
        );
        self.version = (self.version.parse::<i32>().unwrap() + 1).to_string();
    }

    async fn add(&mut self, parent: Option<&str>, key: &str, module: &str) {
        let mut fields = vec![("op", "add"), ("module", module), ("key", key)];
        if let Some(parent) = parent {
            fields.push(("path", parent));
        }
        self.edit(&fields).await;
    }

    async fn sync(&self) -> String {
        let form = [
            ("draft_id", self.id.as_str()),
            ("version", self.version.as_str()),
            ("intent", "sync"),
        ];
        location(&self.app.post_form("/callflows/edit", &form).await)
    }
}

/// Builds the 2600Hz guide's IVR without syncing it.
async fn build_ivr<'a>(app: &'a TestApp, name: &str) -> Editing<'a> {
    let mut e = Editing::start(app, name, "555-113-0451").await;
    e.add(None, "", "menu").await;
    e.edit(&[
        ("op", "step"),
        ("path", ""),
        ("menu.name", &format!("{name} main")),
        ("menu.greeting_kind", "speak"),
        ("menu.greeting", MAIN_GREETING),
    ])
    .await;
    e.add(Some(""), "0", "transfer").await;
    e.edit(&[
        ("op", "step"),
        ("path", "/0"),
        ("data.target", "+1 555 113 0452"),
    ])
    .await;
    e.add(Some(""), "1", "menu").await;
    e.edit(&[
        ("op", "step"),
        ("path", "/1"),
        ("menu.name", &format!("{name} sandwiches")),
        ("menu.greeting_kind", "speak"),
        ("menu.greeting", SUB_GREETING),
    ])
    .await;
    e.add(Some("/1"), "1", "tts").await;
    e.edit(&[
        ("op", "step"),
        ("path", "/1/1"),
        ("data.text", "Good choice, good bye"),
    ])
    .await;
    e.add(Some("/1/1"), "_", "notification").await;
    e.edit(&[
        ("op", "step"),
        ("path", "/1/1/_"),
        ("data.recipients", "orders@example.com"),
    ])
    .await;
    e.add(Some("/1"), "2", "tts").await;
    e.edit(&[
        ("op", "step"),
        ("path", "/1/2"),
        ("data.text", "Good choice, good bye"),
    ])
    .await;
    e.add(Some("/1"), "timeout", "callflow").await;
    e.edit(&[
        ("op", "step"),
        ("path", "/1/timeout"),
        ("data.id", "this-callflow"),
    ])
    .await;
    e
}

async fn kazoo(app: &TestApp) -> (KazooClient, kazoo::AuthToken) {
    app.kazoo().await
}

/// Every document of a kind in the sandbox whose name starts with `name`.
async fn named(app: &TestApp, kind: &str, name: &str) -> Vec<Value> {
    let base = format!(
        "{}/v2/accounts/{}/{kind}",
        app.sandbox.as_ref().unwrap(),
        seed::ACCOUNT_ID
    );
    let (_, token) = kazoo(app).await;
    let client = reqwest::Client::new();
    let list: Value = client
        .get(&base)
        .header("X-Auth-Token", token.expose())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut out = Vec::new();
    for item in list["data"].as_array().unwrap() {
        if item["name"].as_str().is_some_and(|n| n.starts_with(name)) {
            let id = item["id"].as_str().unwrap();
            let doc: Value = client
                .get(format!("{base}/{id}"))
                .header("X-Auth-Token", token.expose())
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            out.push(doc["data"].clone());
        }
    }
    out
}

async fn version_of(app: &TestApp, id: &str) -> i32 {
    sqlx::query_scalar("select version from draft where draft_id = $1::uuid")
        .bind(id)
        .fetch_one(&mut crate::helpers::db(app).await)
        .await
        .unwrap()
}

fn schemas() -> Option<kazoo::schema::SchemaSet> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
    kazoo::schema::SchemaSet::load_dir(&dir).ok()
}

fn assert_valid(schemas: Option<&kazoo::schema::SchemaSet>, schema: &str, doc: &Value) {
    let Some(schemas) = schemas else {
        eprintln!("SKIPPED: ../shared/kazoo/schemas is absent");
        return;
    };
    let mut doc = doc.clone();
    if let Value::Object(map) = &mut doc {
        map.shift_remove("id");
    }
    let errors = schemas.validate(schema, &doc);
    assert!(errors.is_empty(), "{schema} refuses {doc:#}: {errors:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_guides_ivr_syncs_its_menus_and_greetings_first_and_every_document_is_valid() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let e = build_ivr(&app, "Sandwich line").await;
    let to = e.sync().await;
    assert!(to.ends_with("?notice=synced"), "{to}");

    let callflows = named(&app, "callflows", "Sandwich line").await;
    assert_eq!(callflows.len(), 1);
    let callflow = &callflows[0];
    let menus = named(&app, "menus", "Sandwich line").await;
    assert_eq!(menus.len(), 2, "{menus:#?}");
    let media = named(&app, "media", "Sandwich line").await;
    assert_eq!(media.len(), 2, "{media:#?}");
    let schemas = schemas();
    assert_valid(schemas.as_ref(), "callflows", callflow);
    for menu in &menus {
        assert_valid(schemas.as_ref(), "menus", menu);
    }
    for m in &media {
        assert_valid(schemas.as_ref(), "media", m);
    }

    // The menu nodes name the menus, whose greetings say what was typed.
    let flow = &callflow["flow"];
    assert_eq!(callflow["numbers"], serde_json::json!(["+5551130451"]));
    let menu_of = |id: &Value| menus.iter().find(|m| m["id"] == *id).cloned().unwrap();
    let main = menu_of(&flow["data"]["id"]);
    let sub = menu_of(&flow["children"]["1"]["data"]["id"]);
    let greeting = |menu: &Value| {
        let id = &menu["media"]["greeting"];
        media.iter().find(|m| m["id"] == *id).unwrap()["tts"]["text"].clone()
    };
    assert_eq!(greeting(&main), MAIN_GREETING);
    assert_eq!(greeting(&sub), SUB_GREETING);
    assert_eq!(flow["children"]["0"]["module"], "transfer");
    assert_eq!(flow["children"]["0"]["data"]["target"], "+15551130452");
    let sandwiches = &flow["children"]["1"]["children"];
    assert_eq!(sandwiches["1"]["children"]["_"]["module"], "notification");
    assert_eq!(
        sandwiches["1"]["children"]["_"]["data"]["recipients"],
        serde_json::json!([{"type": "email", "id": "orders@example.com"}])
    );
    // "No key pressed" starts this very callflow again.
    assert_eq!(sandwiches["timeout"]["module"], "callflow");
    assert_eq!(sandwiches["timeout"]["data"]["id"], callflow["id"]);

    // Written in order: the greetings and menus before the callflow.
    let order: Vec<(String, String)> = sqlx::query_as(
        "select resource::text, operation::text from sync_log where draft_id = $1::uuid order by sync_log_id",
    )
    .bind(&e.id)
    .fetch_all(&mut crate::helpers::db(&app).await)
    .await
    .unwrap();
    let order: Vec<String> = order.into_iter().map(|(r, o)| format!("{r} {o}")).collect();
    assert_eq!(
        order,
        [
            "callflow create",
            "media create",
            "menu create",
            "media create",
            "menu create"
        ],
        "the callflow's log row is opened first and finished last"
    );

    // Synced again with no change: nothing new is written but the
    // callflow. (Sync stored the new ids, so the draft's version moved on.)
    let again = Editing {
        app: &app,
        id: e.id.clone(),
        version: version_of(&app, &e.id).await.to_string(),
    };
    let to = again.sync().await;
    assert!(to.ends_with("?notice=synced"), "{to}");
    assert_eq!(named(&app, "menus", "Sandwich line").await.len(), 2);
    assert_eq!(named(&app, "media", "Sandwich line").await.len(), 2);
}

/// Syncs until it goes through (at most four tries, as an admin would
/// press Sync again); returns where the last one landed.
async fn sync_until_done(app: &TestApp, id: &str) -> String {
    let mut to = String::new();
    for _ in 0..4 {
        let e = Editing {
            app,
            id: id.to_owned(),
            version: version_of(app, id).await.to_string(),
        };
        to = e.sync().await;
        if to.contains("notice=synced") {
            break;
        }
        // A write still in flight in the sandbox finishes first.
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    to
}

async fn assert_one_of_each(app: &TestApp, name: &str) {
    // Late answers of lost writes have come in by now.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(named(app, "callflows", name).await.len(), 1, "one callflow");
    assert_eq!(named(app, "menus", name).await.len(), 2, "one of each menu");
    assert_eq!(
        named(app, "media", name).await.len(),
        2,
        "one of each greeting"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_whose_answers_are_lost_are_found_again_not_made_twice() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let e = build_ivr(&app, "Lossy IVR").await;
    // Every write goes through, but the first three answers come after the
    // console stopped waiting (2 s): the greeting, the menu, the next
    // greeting are each looked for before they are made again.
    app.sandbox_faults(serde_json::json!({"lose_next": 3, "hang_ms": 2500}))
        .await;
    let to = sync_until_done(&app, &e.id).await;
    assert!(to.contains("notice=synced"), "{to}");
    assert_one_of_each(&app, "Lossy IVR").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kazoo_errors_during_the_sync_keep_the_draft_and_a_retry_converges() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let e = build_ivr(&app, "Flaky IVR").await;
    // Kazoo fails every call: nothing is made, the draft is kept.
    app.sandbox_faults(serde_json::json!({"fail_next": 50, "fail_status": 503}))
        .await;
    let to = e.sync().await;
    assert!(!to.contains("notice=synced"), "{to}");
    app.sandbox_faults(serde_json::json!({"fail_next": 0}))
        .await;
    assert!(named(&app, "menus", "Flaky IVR").await.is_empty());
    // Then some 5xx and some lost answers, mixed: retries converge.
    app.sandbox_faults(serde_json::json!({"fail_next": 1, "lose_next": 2, "hang_ms": 2500}))
        .await;
    let to = sync_until_done(&app, &e.id).await;
    assert!(to.contains("notice=synced"), "{to}");
    assert_one_of_each(&app, "Flaky IVR").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_live_callflow_opened_and_synced_unchanged_is_byte_for_byte_what_it_was() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let (client, token) = kazoo(&app).await;
    let support = "c0ffee00000000000000000000000002";
    let raw = |body: Value| serde_json::to_string(&body["data"]).unwrap();
    let get = || async {
        let base = format!(
            "{}/v2/accounts/{}/callflows/{support}",
            app.sandbox.as_ref().unwrap(),
            seed::ACCOUNT_ID
        );
        reqwest::Client::new()
            .get(base)
            .header("X-Auth-Token", token.expose())
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let before = raw(get().await);
    let response = app
        .post_form(&format!("/callflows/{support}/draft"), &[])
        .await;
    let draft = location(&response);
    let id = draft
        .trim_start_matches("/drafts/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let version = version_of(&app, &id).await;
    let e = Editing {
        app: &app,
        id,
        version: version.to_string(),
    };
    let to = e.sync().await;
    assert!(to.ends_with("?notice=synced"), "{to}");
    assert_eq!(
        raw(get().await),
        before,
        "the sandbox document is byte for byte what it was"
    );
    let _ = client;
}
