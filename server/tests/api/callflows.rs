//! The Callflows page through the server: the list of live callflows
//! (search, paging, modules in plain words), Duplicate and Import JSON
//! (good inputs make a draft; bad ones change nothing and keep the text),
//! the session and CSRF guards on their posts; and the Drafts list's
//! search and paging.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{body, location, spawn_app, TestApp};

/// The Callflows server function: one page of the live callflows.
async fn list(app: &TestApp, search: &str, page: u32) -> Value {
    let page = page.to_string();
    let form = [("query[search]", search), ("query[page]", page.as_str())];
    let (status, text) = body(app.server_fn("callflows/list", &form).await).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// The Drafts server function: one page of the drafts.
async fn drafts(app: &TestApp, search: &str, page: u32) -> Value {
    let page = page.to_string();
    let form = [("query[search]", search), ("query[page]", page.as_str())];
    let (status, text) = body(app.server_fn("drafts/list", &form).await).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// A draft as the draft pages read it (`DraftView`).
async fn draft(app: &TestApp, id: &str) -> Value {
    let (status, text) = body(app.server_fn("drafts/get", &[("id", id)]).await).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// The draft id a redirect to its page names (`/drafts/<id>?notice=…`).
fn draft_id(location: &str) -> String {
    let rest = location
        .strip_prefix("/drafts/")
        .unwrap_or_else(|| panic!("not a draft page: {location}"));
    rest.split('?').next().unwrap().to_owned()
}

fn names(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The live callflow named `name`, as the list shows it.
async fn row(app: &TestApp, name: &str) -> Value {
    let page = list(app, name, 1).await;
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed: {page}"))
        .clone()
}

async fn import(app: &TestApp, text: &str) -> reqwest::Response {
    app.post_form("/callflows/import", &[("document", text)])
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_shows_every_live_callflow_searchable_and_paged() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    // 55 more callflows, made in Kazoo by another tool, then a refresh.
    for i in 0..55 {
        app.put_callflow(json!({"name": format!("Branch {i:02}"), "numbers": [format!("+1415555{:04}", 2000 + i)],
            "flow": {"module": "tts", "data": {"text": "Hi"}, "children": {"_": {"module": "hangup", "data": {}}}}}))
            .await;
    }
    app.put_callflow(json!({"numbers": ["+14155559000", "1009"],
        "flow": {"module": "offnet", "data": {}}}))
        .await;
    assert_eq!(
        location(&app.post_form("/numbers/refresh?back=callflows", &[]).await),
        "/callflows?notice=refreshed"
    );

    let first = list(&app, "", 1).await;
    let all = first["account_total"].as_u64().unwrap();
    assert!(all >= 60, "{all}");
    assert_eq!(first["total"].as_u64(), Some(all));
    assert_eq!(first["rows"].as_array().unwrap().len(), 50);
    let second = list(&app, "", 2).await;
    assert_eq!(
        second["rows"].as_array().unwrap().len() as u64,
        all - 50,
        "the rest on page 2"
    );
    assert!(list(&app, "", 3).await["rows"]
        .as_array()
        .unwrap()
        .is_empty());
    // Ordered by what the list calls them, without case; none twice.
    let mut listed = names(&first);
    listed.extend(names(&second));
    let branches: Vec<&String> = listed.iter().filter(|n| n.starts_with("Branch ")).collect();
    assert_eq!(branches.len(), 55);
    assert!(branches.windows(2).all(|w| w[0] < w[1]), "{branches:?}");

    // A callflow with its modules in plain words, numbers and patterns.
    let support = row(&app, "Support menu").await;
    assert_eq!(support["numbers"], json!(["+14155550101"]));
    let modules: Vec<&str> = support["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(modules[0], "Menu", "the first node's first: {modules:?}");
    assert!(modules.contains(&"Voicemail"), "{modules:?}");
    let pivot = row(&app, "Main line (Pivot)").await;
    assert_eq!(pivot["modules"], json!(["Pivot", "Say"]));
    let branch = row(&app, "Branch 07").await;
    assert_eq!(branch["modules"], json!(["Say", "Hang up"]));

    // Search: by name without case, by number however typed, nothing.
    assert_eq!(names(&list(&app, "SUPPORT", 1).await), ["Support menu"]);
    for typed in ["415-555-0101", "(415) 555 0101", "+14155550101", "0101"] {
        let found = list(&app, typed, 1).await;
        assert_eq!(names(&found), ["Support menu"], "{typed}");
    }
    let unnamed = list(&app, "1009", 1).await;
    assert_eq!(unnamed["total"], 1);
    assert_eq!(unnamed["rows"][0]["name"], Value::Null);
    assert_eq!(
        unnamed["rows"][0]["numbers"],
        json!(["+14155559000", "1009"])
    );
    let nothing = list(&app, "no such callflow", 1).await;
    assert_eq!(
        (nothing["total"].as_u64(), nothing["account_total"].as_u64()),
        (Some(0), Some(all))
    );
    let branches = list(&app, " branch ", 2).await;
    assert_eq!(branches["total"], 55);
    assert_eq!(branches["rows"].as_array().unwrap().len(), 5);

    // A search Postgres could not take is refused, saying why.
    let (status, text) = body(
        app.server_fn(
            "callflows/list",
            &[("query[search]", "a\u{0}b"), ("query[page]", "1")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("control characters"), "{text}");

    // The pages render, with Edit and Duplicate on every row.
    let (status, page) = body(app.get("/callflows?q=support").await).await;
    assert_eq!(status, StatusCode::OK);
    let id = support["callflow_id"].as_str().unwrap();
    assert!(
        page.contains(&format!("action=\"/callflows/{id}/draft\"")),
        "{page}"
    );
    assert!(page.contains(&format!("action=\"/callflows/{id}/duplicate\"")));
    assert!(page.contains("href=\"/callflows/import\""));
    assert!(page.contains("href=\"/callflows/new\""));
    assert!(page.contains("aria-current=\"page\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_opens_the_draft_and_duplicate_copies_without_numbers() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let support = row(&app, "Support menu").await;
    let id = support["callflow_id"].as_str().unwrap();
    let (client, token) = app.kazoo().await;
    let live = client
        .get_callflow(&token, kazoo::sandbox::seed::ACCOUNT_ID, id)
        .await
        .unwrap();

    // Edit: a draft based on the live document; again: the same draft.
    let edit = location(&app.post_form(&format!("/callflows/{id}/draft"), &[]).await);
    let again = location(&app.post_form(&format!("/callflows/{id}/draft"), &[]).await);
    assert_eq!(edit, again);
    let edited = draft(&app, &draft_id(&edit)).await;
    assert_eq!(edited["kazoo_id"], id);
    assert_eq!(edited["kind"], "callflow");
    assert_eq!(
        row(&app, "Support menu").await["draft"]["id"],
        draft_id(&edit)
    );

    // Duplicate: a new draft, not in Kazoo, no numbers nor patterns.
    let to = location(
        &app.post_form(&format!("/callflows/{id}/duplicate"), &[])
            .await,
    );
    assert!(to.ends_with("?notice=duplicated"), "{to}");
    let copy = draft(&app, &draft_id(&to)).await;
    assert_eq!(copy["name"], "Support menu (copy)");
    assert_eq!(copy["kind"], "callflow");
    assert_eq!(copy["kazoo_id"], Value::Null);
    assert_eq!(copy["state"], "draft");
    assert_eq!(copy["document"]["numbers"], json!([]));
    assert_eq!(copy["document"].get("patterns"), None);
    assert_eq!(copy["document"]["flow"], live.body["flow"]);
    assert_ne!(draft_id(&to), draft_id(&edit));
    // Duplicating twice makes two copies; a pivot callflow's is a pivot draft.
    let twice = location(
        &app.post_form(&format!("/callflows/{id}/duplicate"), &[])
            .await,
    );
    assert_ne!(draft_id(&twice), draft_id(&to));
    let pivot = row(&app, "Main line (Pivot)").await;
    let pivot_id = pivot["callflow_id"].as_str().unwrap();
    let pivot_copy = location(
        &app.post_form(&format!("/callflows/{pivot_id}/duplicate"), &[])
            .await,
    );
    let pivot_copy = draft(&app, &draft_id(&pivot_copy)).await;
    assert_eq!(
        (pivot_copy["kind"].as_str(), pivot_copy["name"].as_str()),
        (Some("pivot"), Some("Main line (Pivot) (copy)"))
    );
    // The copy is listed among the drafts; the live callflows are as they were.
    assert_eq!(names(&drafts(&app, "(copy)", 1).await).len(), 3);
    let after = client
        .get_callflow(&token, kazoo::sandbox::seed::ACCOUNT_ID, id)
        .await
        .unwrap();
    assert_eq!(after.body, live.body);

    // A callflow Kazoo does not have: nothing made.
    let before = app.table_fingerprint().await;
    for bad in [
        "0123456789abcdef0123456789abcdef",
        "not%20an%20id",
        &"a".repeat(65),
    ] {
        assert_eq!(
            location(
                &app.post_form(&format!("/callflows/{bad}/duplicate"), &[])
                    .await
            ),
            "/callflows?notice=not_found",
            "{bad}"
        );
    }
    assert_eq!(app.table_fingerprint().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_makes_a_draft_of_a_pasted_document() {
    let app = spawn_app().await;
    app.login_as_admin().await;

    // The guide's PUT body: numbers normalised as Kazoo stores them.
    let body_text = r#"{"data": {"name": "Sandwich line", "numbers": ["555-113-0451", "(415) 555-0150", "+14155550150"],
        "flow": {"module": "menu", "data": {"id": "m1"}, "children": {"0": {"module": "transfer", "data": {"target": "+15551130452"}}}}}}"#;
    let to = location(&import(&app, body_text).await);
    assert!(to.ends_with("?notice=imported"), "{to}");
    let made = draft(&app, &draft_id(&to)).await;
    assert_eq!(made["name"], "Sandwich line");
    assert_eq!(made["kind"], "callflow");
    assert_eq!(made["kazoo_id"], Value::Null);
    assert_eq!(
        made["document"]["numbers"],
        json!(["+5551130451", "+14155550150"])
    );
    assert_eq!(
        made["document"]["flow"]["children"]["0"]["module"],
        "transfer"
    );

    // A bare document as Kazoo answers it: response-only keys dropped,
    // every other key kept; a pivot first node makes a pivot draft.
    let bare = json!({"id": "c0ffee", "_read_only": {"x": 1}, "metadata": {},
        "name": "Pasted pivot", "numbers": ["4155550151"], "ui_metadata": {"ui": "monster-ui"},
        "flow": {"module": "pivot", "data": {"voice_url": "https://v.example.com/x", "method": "GET"}}});
    let to = location(&import(&app, &bare.to_string()).await);
    let made = draft(&app, &draft_id(&to)).await;
    assert_eq!(made["kind"], "pivot");
    assert_eq!(
        made["document"],
        json!({"name": "Pasted pivot", "numbers": ["+14155550151"], "ui_metadata": {"ui": "monster-ui"},
               "flow": {"module": "pivot", "data": {"voice_url": "https://v.example.com/x", "method": "GET"}}})
    );
    // Nothing was sent to Kazoo.
    assert!(row_named(&app, "Sandwich line").await.is_none());
}

async fn row_named(app: &TestApp, name: &str) -> Option<Value> {
    let page = list(app, name, 1).await;
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_imports_change_nothing_and_keep_the_text() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let before = app.table_fingerprint().await;
    let cases = [
        ("", "Paste a callflow"),
        (r#"{"name": "Half"#, "This is not JSON"),
        (r#"[{"flow": {}}]"#, "a list, not a callflow"),
        (r#"{"data": "x"}"#, r#""data" of an API body"#),
        (
            r#"{"name": "No flow", "numbers": ["1001"]}"#,
            r#"no "flow""#,
        ),
        (r#"{"flow": {"data": {}}}"#, "flow.module must be a string"),
        (
            r#"{"flow": {"module": "tts", "children": {"1": 5}}}"#,
            "must be a JSON object",
        ),
        (
            r#"{"numbers": [1], "flow": {"module": "tts"}}"#,
            "numbers has the wrong type",
        ),
        (r#"{"name": "a\u0000b", "flow": {"module": "tts"}}"#, "NUL"),
    ];
    for (text, says) in cases {
        let response = import(&app, text).await;
        assert_eq!(location(&response), "/callflows/import", "{text}");
        // The page's form gives the text back, with what is wrong, once.
        let (status, kept) = body(app.server_fn("callflows/import-form", &[]).await).await;
        assert_eq!(status, StatusCode::OK);
        let kept: Value = serde_json::from_str(&kept).unwrap();
        assert_eq!(kept["text"], text);
        let error = kept["error"].as_str().unwrap_or_default();
        assert!(error.contains(says), "{text}: {kept}");
        let (_, again) = body(app.server_fn("callflows/import-form", &[]).await).await;
        assert_eq!(
            serde_json::from_str::<Value>(&again).unwrap(),
            json!({"text": "", "error": null})
        );
    }
    // The page shows a kept text and its message (without JavaScript too).
    let typed = r#"{"name": "Kept </textarea><b>bold</b> &amp;"#;
    import(&app, typed).await;
    let (status, page) = body(app.get("/callflows/import").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#">{"name": "Kept &lt;/textarea>&lt;b>bold&lt;/b> &amp;amp;</textarea>"#),
        "{page}"
    );
    assert!(
        page.contains("Nothing was saved. This is not JSON"),
        "{page}"
    );
    // Too big: the body limit refuses it before anything is read.
    let big = format!(
        "{{\"name\": \"{}\", \"flow\": {{\"module\": \"tts\"}}}}",
        "x".repeat(300 * 1024)
    );
    let response = import(&app, &big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.unwrap().contains("too much to send"));
    assert_eq!(app.table_fingerprint().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callflows_need_a_session_and_refuse_cross_site_posts() {
    let app = spawn_app().await;
    let before = app.table_fingerprint().await;
    assert_eq!(
        location(&app.get("/callflows").await),
        "/login?next=%2Fcallflows"
    );
    assert_eq!(
        location(&app.get("/callflows/import").await),
        "/login?next=%2Fcallflows%2Fimport"
    );
    for endpoint in ["callflows/list", "callflows/import-form", "numbers/options"] {
        let status = app
            .server_fn(endpoint, &[("query[search]", ""), ("query[page]", "1")])
            .await
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    let doc = "{\"name\": \"X\", \"flow\": {\"module\": \"tts\"}}";
    assert_eq!(import(&app, doc).await.status(), StatusCode::UNAUTHORIZED);
    let duplicate = app
        .post_form(
            &format!(
                "/callflows/{}/duplicate",
                kazoo::sandbox::seed::PIVOT_CALLFLOW_ID
            ),
            &[],
        )
        .await;
    assert_eq!(duplicate.status(), StatusCode::UNAUTHORIZED);

    app.login_as_admin().await;
    let id = kazoo::sandbox::seed::PIVOT_CALLFLOW_ID;
    for path in [
        "/callflows/import".to_owned(),
        format!("/callflows/{id}/duplicate"),
    ] {
        let response = app
            .client
            .post(format!("{}{path}", app.address))
            .header("Origin", "https://evil.example")
            .form(&[("document", doc)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.table_fingerprint().await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_drafts_list_is_searchable_and_paged() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    for i in 0..53 {
        let doc = json!({"name": format!("Imported {i:02}"), "numbers": [format!("415 555 {:04}", 3000 + i)],
            "flow": {"module": "tts", "data": {"text": "Hi"}}});
        import(&app, &doc.to_string()).await;
    }
    let doc = json!({"name": "Pivot twin", "numbers": ["4155553999"],
        "flow": {"module": "pivot", "data": {"voice_url": "https://v.example.com/x"}}});
    import(&app, &doc.to_string()).await;

    let first = drafts(&app, "", 1).await;
    assert_eq!(
        (first["total"].as_u64(), first["account_total"].as_u64()),
        (Some(54), Some(54))
    );
    assert_eq!(first["rows"].as_array().unwrap().len(), 50);
    // Last edited first.
    assert_eq!(first["rows"][0]["name"], "Pivot twin");
    assert_eq!(first["rows"][0]["kind"], "pivot");
    assert_eq!(first["rows"][1]["kind"], "callflow");
    assert_eq!(first["rows"][1]["numbers"], json!(["+14155553052"]));
    let second = drafts(&app, "", 2).await;
    assert_eq!(second["rows"].as_array().unwrap().len(), 4);
    assert_eq!(second["rows"][3]["name"], "Imported 00");

    assert_eq!(
        names(&drafts(&app, "imported 07", 1).await),
        ["Imported 07"]
    );
    for typed in ["(415) 555-3010", "4155553010", "+1 415 555 3010", "3010"] {
        assert_eq!(
            names(&drafts(&app, typed, 1).await),
            ["Imported 10"],
            "{typed}"
        );
    }
    let many = drafts(&app, "imported", 2).await;
    assert_eq!(
        (
            many["total"].as_u64(),
            many["rows"].as_array().unwrap().len()
        ),
        (Some(53), 3)
    );
    let none = drafts(&app, "nothing like it", 1).await;
    assert_eq!(
        (none["total"].as_u64(), none["account_total"].as_u64()),
        (Some(0), Some(54))
    );

    let (status, page) = body(app.get("/drafts?q=imported&page=2").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Showing 51–53 of 53 · page 2 of 2"), "{page}");
    assert!(
        page.contains("href=\"/drafts?q=imported\""),
        "previous page link"
    );
    let (status, text) = body(
        app.server_fn(
            "drafts/list",
            &[("query[search]", &"9".repeat(301)), ("query[page]", "1")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
}
