//! Menus, media and the pickers' listings in the sandbox, through the
//! client and raw HTTP: the envelope and 201 of `shared/kazoo/API.md` §2,
//! validation errors against `menus.json` / `media.json` in Kazoo's shape
//! (§3), 404 `bad_identifier`, replace and soft delete, `If-Match` (§5.5),
//! paging (§5.3), key order kept, and injected faults.

mod common;

use common::{assert_validation, shared_schemas, spawn, spawn_default, Running};
use kazoo::{
    media::MediaDoc,
    menus::MenuDoc,
    sandbox::{seed, Faults, SandboxConfig},
    schema::SchemaSet,
    types::Pickable,
    KazooError,
};
use reqwest::Method;
use serde_json::{json, Value};

fn path(noun: &str) -> String {
    format!("/v2/accounts/{}/{noun}", seed::ACCOUNT_ID)
}

/// The keys of a JSON object, in order.
fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Both ways the sandbox validates: Kazoo's schema files (when at hand)
/// and its built-in rules.
async fn both_validators() -> Vec<(&'static str, Running)> {
    let mut all = vec![(
        "built-in rules",
        spawn(SandboxConfig {
            schemas_dir: None,
            ..SandboxConfig::default()
        })
        .await,
    )];
    match shared_schemas() {
        Some(_) => all.push(("Kazoo's schemas", spawn_default().await)),
        None => println!("SKIPPED the schema-file half: ../shared/kazoo/schemas is absent"),
    }
    all
}

#[tokio::test]
async fn create_answers_201_in_kazoos_envelope() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let token = s.token.expose();

    for (noun, doc) in [
        ("menus", json!({"name": "Main menu", "retries": 2})),
        (
            "media",
            json!({"name": "Hello", "media_source": "tts", "tts": {"text": "Hello"}}),
        ),
    ] {
        let (status, headers, env) = sb
            .raw(
                Method::PUT,
                &path(noun),
                Some(token),
                Some(json!({"data": doc})),
            )
            .await;
        assert_eq!(status, 201, "{noun}: {env}");
        for key in [
            "status",
            "data",
            "request_id",
            "auth_token",
            "revision",
            "timestamp",
            "node",
            "version",
        ] {
            assert!(
                env.get(key).is_some(),
                "{noun}: envelope lacks {key}: {env}"
            );
        }
        assert_eq!(env["status"], "success");
        assert_eq!(env["data"]["name"], doc["name"]);
        let id = env["data"]["id"].as_str().unwrap();
        assert_eq!(id.len(), 32);
        assert_eq!(headers["location"].to_str().unwrap(), id);
        let revision = env["revision"].as_str().unwrap();
        assert!(revision.starts_with("1-"), "{revision}");
        assert_eq!(headers["etag"].to_str().unwrap(), format!("\"{revision}\""));
        assert_eq!(
            headers["x-request-id"].to_str().unwrap(),
            env["request_id"].as_str().unwrap()
        );
    }
}

#[tokio::test]
async fn menus_and_media_round_trip_through_the_client() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());

    let greeting = MediaDoc::tts("Main greeting", "Welcome. For sales, press 1.", None);
    let media = sb
        .client
        .create_media(t, a, &greeting.to_value())
        .await
        .unwrap();
    assert_eq!(media.body["tts"]["text"], "Welcome. For sales, press 1.");
    assert!(media.request_id.is_some());
    let mut menu = MenuDoc::new("Main menu");
    menu.retries = Some(2);
    menu.set_greeting(Some(media.id.clone()));
    let created = sb.client.create_menu(t, a, &menu.to_value()).await.unwrap();
    let fetched = sb.client.get_menu(t, a, &created.id).await.unwrap();
    assert_eq!(fetched.body, created.body);
    assert_eq!(fetched.revision, created.revision);
    let read = MenuDoc::from_kazoo(fetched.body).unwrap();
    assert_eq!(read.greeting(), Some(media.id.as_str()));
    assert_eq!(read.retries, Some(2));
    if sb_uses_schemas() {
        // Kazoo's defaults are written into the stored documents.
        assert_eq!(read.hunt, Some(true));
        assert_eq!(read.max_extension_length, Some(4));
        assert_eq!(media.body["tts"]["voice"], "female/en-US");
        assert_eq!(media.body["streamable"], true);
    }

    // Replace: the fields sent replace the stored ones.
    let mut changed = read.clone();
    changed.name = Some("Main menu (evening)".into());
    changed.retries = Some(4);
    let replaced = sb
        .client
        .replace_menu(
            t,
            a,
            &created.id,
            &changed.to_value(),
            created.revision.as_deref(),
        )
        .await
        .unwrap();
    assert_eq!(replaced.body["retries"], 4);
    assert_ne!(replaced.revision, created.revision);
    assert!(replaced.revision.as_deref().unwrap().starts_with("2-"));
    let mut new_text = MediaDoc::from_kazoo(media.body.clone()).unwrap();
    new_text.set_text("Welcome back.");
    let media2 = sb
        .client
        .replace_media(t, a, &media.id, &new_text.to_value(), None)
        .await
        .unwrap();
    assert_eq!(
        sb.client.get_media(t, a, &media.id).await.unwrap().body["tts"]["text"],
        "Welcome back."
    );

    // Delete: a stale revision is refused, then soft delete, then 404.
    let stale = sb
        .client
        .delete_menu(t, a, &created.id, created.revision.as_deref())
        .await
        .unwrap_err();
    assert!(matches!(stale, KazooError::Conflict { .. }), "{stale:?}");
    let deleted = sb
        .client
        .delete_menu(t, a, &created.id, replaced.revision.as_deref())
        .await
        .unwrap();
    assert_eq!(deleted.body["_read_only"], json!({"deleted": true}));
    assert_eq!(deleted.body["name"], "Main menu (evening)");
    let gone = sb.client.get_menu(t, a, &created.id).await.unwrap_err();
    assert!(
        matches!(
            gone,
            KazooError::NotFound {
                request_id: Some(_)
            }
        ),
        "{gone:?}"
    );
    let again = sb
        .client
        .delete_menu(t, a, &created.id, None)
        .await
        .unwrap_err();
    assert!(matches!(again, KazooError::NotFound { .. }), "{again:?}");
    let replace_gone = sb
        .client
        .replace_menu(t, a, &created.id, &changed.to_value(), None)
        .await
        .unwrap_err();
    assert!(matches!(replace_gone, KazooError::NotFound { .. }));
    sb.client
        .delete_media(t, a, &media.id, media2.revision.as_deref())
        .await
        .unwrap();
    let listed = sb.client.list_media(t, a).await.unwrap();
    assert!(
        listed.iter().all(|m| m.id != media.id),
        "deleted media are not listed"
    );
}

fn sb_uses_schemas() -> bool {
    shared_schemas().is_some()
}

#[tokio::test]
async fn validation_errors_have_kazoos_shape() {
    for (how, sb) in both_validators().await {
        let s = sb.login().await;
        let (t, a) = (&s.token, s.account_id.as_str());

        let e = sb
            .client
            .create_menu(t, a, &json!({"name": "Too many", "retries": 11}))
            .await
            .unwrap_err();
        let max = assert_validation(e, "retries", "maximum");
        assert_eq!(max["message"], "Value must be at most 10", "{how}");
        assert_eq!(
            (max["target"].as_u64(), max["value"].as_u64()),
            (Some(10), Some(11))
        );

        let e = sb
            .client
            .create_menu(t, a, &json!({"retries": 2}))
            .await
            .unwrap_err();
        let required = assert_validation(e, "name", "required");
        assert_eq!(
            required["message"], "Field is required but missing",
            "{how}"
        );
        assert_eq!(required["value"], "name");

        let e = sb
            .client
            .create_menu(t, a, &json!({"name": "Short", "media": {"greeting": "ab"}}))
            .await
            .unwrap_err();
        assert_validation(e, "media.greeting", "minLength");

        let e = sb
            .client
            .create_media(t, a, &json!({"name": "Tape", "media_source": "tape"}))
            .await
            .unwrap_err();
        let bad = assert_validation(e, "media_source", "enum");
        assert_eq!(
            bad["message"], "Value not found in enumerated list of values",
            "{how}"
        );
        assert_eq!(bad["value"], "tape");

        let e = sb
            .client
            .create_media(t, a, &json!({"media_source": "tts", "tts": {"text": "Hi"}}))
            .await
            .unwrap_err();
        assert_validation(e, "name", "required");

        // A replace is validated too, and the 400 wins over the 404.
        let e = sb
            .client
            .replace_menu(t, a, &"0".repeat(32), &json!({"retries": 0}), None)
            .await
            .unwrap_err();
        let KazooError::Validation { errors, .. } = e else {
            panic!("{how}: {e:?}")
        };
        assert!(
            errors["retries"].contains_key("minimum"),
            "{how}: {errors:?}"
        );
        assert!(errors["name"].contains_key("required"), "{how}: {errors:?}");

        // On the wire: HTTP 400, `error` "400", `validation error`.
        let (status, _, env) = sb
            .raw(
                Method::PUT,
                &path("menus"),
                Some(t.expose()),
                Some(json!({"data": {"name": "x", "retries": 11}})),
            )
            .await;
        assert_eq!(status, 400, "{how}");
        assert_eq!(env["status"], "error");
        assert_eq!(env["error"], "400");
        assert_eq!(env["message"], "validation error");
        assert!(env["data"]["retries"]["maximum"].is_object(), "{env}");
        assert!(env["request_id"].is_string());
    }
}

#[tokio::test]
async fn unknown_ids_and_verbs_get_kazoos_answers() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let token = Some(s.token.expose());
    let nobody = "0".repeat(32);

    for noun in ["menus", "media", "users", "devices", "vmboxes"] {
        let (status, _, env) = sb
            .raw(
                Method::GET,
                &format!("{}/{nobody}", path(noun)),
                token,
                None,
            )
            .await;
        assert_eq!(status, 404, "{noun}");
        assert_eq!(env["message"], "bad_identifier");
        assert_eq!(
            env["data"],
            json!({"cause": nobody, "message": "bad identifier"})
        );
    }
    for method in [Method::POST, Method::PATCH, Method::DELETE] {
        let (status, _, env) = sb
            .raw(
                method.clone(),
                &format!("{}/{nobody}", path("menus")),
                token,
                Some(json!({"data": {"name": "x"}})),
            )
            .await;
        assert_eq!(
            (status, env["error"].as_str()),
            (404, Some("404")),
            "{method}"
        );
    }

    // Media are documents only: no audio behind them.
    let raw = format!("{}/{}/raw", path("media"), seed::SUPPORT_GREETING_MEDIA_ID);
    let (status, _, _) = sb.raw(Method::GET, &raw, token, None).await;
    assert_eq!(status, 404);

    // Users, devices and boxes are read only here; collections take no
    // PATCH, as in Kazoo.
    for (method, url) in [
        (Method::PUT, path("users")),
        (
            Method::DELETE,
            format!("{}/{}", path("devices"), seed::SALES_DEVICE_ID),
        ),
        (Method::PATCH, path("menus")),
    ] {
        let (status, _, env) = sb.raw(method, &url, token, Some(json!({"data": {}}))).await;
        assert_eq!(
            (status, env["message"].as_str()),
            (405, Some("invalid_method")),
            "{url}"
        );
    }

    // Another account's documents, no token, a garbage token.
    let other = format!("/v2/accounts/{}/menus", seed::OTHER_ACCOUNT_ID);
    let (status, _, env) = sb.raw(Method::GET, &other, token, None).await;
    assert_eq!((status, env["message"].as_str()), (403, Some("forbidden")));
    let (status, _, env) = sb.raw(Method::GET, &path("media"), None, None).await;
    assert_eq!(
        (status, env["message"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let (status, _, env) = sb
        .raw(Method::GET, &path("vmboxes"), Some("garbage"), None)
        .await;
    assert_eq!((status, env["data"].clone()), (401, json!({})));

    // A re-used id is a conflict.
    let taken = json!({"id": seed::SUPPORT_MENU_ID, "name": "Again"});
    let e = sb
        .client
        .create_menu(&s.token, &s.account_id, &taken)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            KazooError::Conflict {
                request_id: Some(_)
            }
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn if_match_guards_replace_and_delete() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());
    let live = sb
        .client
        .get_menu(t, a, seed::SUPPORT_MENU_ID)
        .await
        .unwrap();
    let doc = MenuDoc::from_kazoo(live.body.clone()).unwrap().to_value();

    let stale = sb
        .client
        .replace_menu(t, a, seed::SUPPORT_MENU_ID, &doc, Some("1-stale"))
        .await
        .unwrap_err();
    assert!(matches!(stale, KazooError::Conflict { .. }), "{stale:?}");
    let url = format!("{}/{}", path("menus"), seed::SUPPORT_MENU_ID);
    let resp = sb
        .http
        .post(format!("{}{url}", sb.base))
        .header("X-Auth-Token", t.expose())
        .header("If-Match", "\"1-stale\"")
        .json(&json!({"data": doc}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 412);
    let env: Value = resp.json().await.unwrap();
    assert_eq!(env["message"], "precondition failed");

    let saved = sb
        .client
        .replace_menu(t, a, seed::SUPPORT_MENU_ID, &doc, live.revision.as_deref())
        .await
        .unwrap();
    let media = sb
        .client
        .get_media(t, a, seed::SUPPORT_GREETING_MEDIA_ID)
        .await
        .unwrap();
    let e = sb
        .client
        .delete_media(t, a, &media.id, live.revision.as_deref())
        .await
        .unwrap_err();
    assert!(
        matches!(e, KazooError::Conflict { .. }),
        "another document's revision: {e:?}"
    );
    assert!(saved.revision.unwrap().starts_with("2-"));
}

#[tokio::test]
async fn listings_are_paged_like_callflows() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());
    for i in 0..3 {
        sb.client
            .create_menu(t, a, &json!({"name": format!("Menu {i}")}))
            .await
            .unwrap();
    }
    let menus = sb.client.list_menus(t, a).await.unwrap();
    assert_eq!(menus.len(), 5, "2 seeded + 3 made");

    let (_, _, first) = sb
        .raw(
            Method::GET,
            &format!("{}?page_size=2", path("menus")),
            Some(t.expose()),
            None,
        )
        .await;
    assert_eq!(first["page_size"], 2);
    assert!(first.get("start_key").is_none());
    assert!(
        first["revision"].is_string(),
        "a non-empty listing has a revision"
    );
    let mut ids: Vec<String> = Vec::new();
    let mut page = first;
    loop {
        ids.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_owned()),
        );
        let Some(next) = page["next_start_key"].as_str().map(str::to_owned) else {
            break;
        };
        let url = format!("{}?page_size=2&start_key={next}", path("menus"));
        let (_, _, env) = sb.raw(Method::GET, &url, Some(t.expose()), None).await;
        assert_eq!(env["start_key"], next.as_str());
        page = env;
    }
    assert_eq!(ids.len(), 5);
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "descending by id: {ids:?}"
    );
    let mut listed: Vec<String> = menus.into_iter().map(|m| m.id).collect();
    listed.sort_unstable_by(|x, y| y.cmp(x));
    assert_eq!(ids, listed);

    let (_, _, asc) = sb
        .raw(
            Method::GET,
            &format!("{}?ascending=true", path("media")),
            Some(t.expose()),
            None,
        )
        .await;
    let media_ids: Vec<&str> = asc["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(media_ids.windows(2).all(|w| w[0] < w[1]), "{media_ids:?}");
    let (status, _, env) = sb
        .raw(
            Method::GET,
            &format!("{}?page_size=0", path("users")),
            Some(t.expose()),
            None,
        )
        .await;
    assert_eq!(
        (status, env["message"].as_str()),
        (404, Some("faulty_request"))
    );
}

#[tokio::test]
async fn pickers_list_the_seeded_documents() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());

    let users = sb.client.list_users(t, a).await.unwrap();
    let names: Vec<String> = users.iter().map(Pickable::display_name).collect();
    assert_eq!(
        names,
        ["Sam Support", "Sol Sales", "Ada Admin"],
        "by last name, descending"
    );
    assert!(users.iter().any(|u| u.id == seed::ADMIN_USER_ID));
    let devices = sb.client.list_devices(t, a).await.unwrap();
    assert_eq!(devices.len(), 2);
    let sales = devices
        .iter()
        .find(|d| d.id == seed::SALES_DEVICE_ID)
        .unwrap();
    assert_eq!(sales.display_name(), "Sales desk phone");
    assert_eq!(sales.device_type.as_deref(), Some("sip_device"));
    let boxes = sb.client.list_vmboxes(t, a).await.unwrap();
    assert_eq!(boxes.len(), 2);
    let support = boxes
        .iter()
        .find(|b| b.id == seed::SUPPORT_VMBOX_ID)
        .unwrap();
    assert_eq!(support.display_name(), "Support voicemail (2000)");
    let menus = sb.client.list_menus(t, a).await.unwrap();
    assert_eq!(menus.len(), 2);
    let menu = menus
        .iter()
        .find(|m| m.id == seed::SUPPORT_MENU_ID)
        .unwrap();
    assert_eq!(menu.display_name(), "Support menu");
    let media = sb.client.list_media(t, a).await.unwrap();
    assert_eq!(media.len(), 3);
    assert!(media
        .iter()
        .all(|m| m.media_source.as_deref() == Some("tts")));

    // The support menu greets with a seeded TTS media.
    let menu = sb
        .client
        .get_menu(t, a, seed::SUPPORT_MENU_ID)
        .await
        .unwrap();
    let greeting = MenuDoc::from_kazoo(menu.body)
        .unwrap()
        .greeting()
        .unwrap()
        .to_owned();
    assert_eq!(greeting, seed::SUPPORT_GREETING_MEDIA_ID);
    let spoken = sb.client.get_media(t, a, &greeting).await.unwrap();
    let spoken = MediaDoc::from_kazoo(spoken.body).unwrap();
    assert!(spoken.text().unwrap().contains("press 1"), "{spoken:?}");

    // A callflow's metadata names the documents its nodes point at.
    let callflow = sb
        .client
        .get_callflow(t, a, "c0ffee00000000000000000000000002")
        .await
        .unwrap();
    let meta = &callflow.body["metadata"];
    assert_eq!(
        meta[seed::SUPPORT_MENU_ID],
        json!({"name": "Support menu", "pvt_type": "menu"})
    );
    assert_eq!(meta[seed::SUPPORT_VMBOX_ID]["pvt_type"], "vmbox");
    let reception = sb
        .client
        .get_callflow(t, a, "c0ffee00000000000000000000000004")
        .await
        .unwrap();
    assert_eq!(
        reception.body["metadata"][seed::ADMIN_USER_ID],
        json!({"name": "Ada Admin", "pvt_type": "user"})
    );
}

#[tokio::test]
async fn seeded_documents_pass_kazoos_schemas() {
    let Some(dir) = shared_schemas() else {
        println!("SKIPPED seeded_documents_pass_kazoos_schemas: ../shared/kazoo/schemas is absent");
        return;
    };
    let set = SchemaSet::load_dir(&dir).unwrap();
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());
    for menu in sb.client.list_menus(t, a).await.unwrap() {
        let doc = sb.client.get_menu(t, a, &menu.id).await.unwrap().body;
        let doc = MenuDoc::from_kazoo(doc).unwrap().to_value();
        assert!(
            set.validate("menus", &doc).is_empty(),
            "{}: {:?}",
            menu.id,
            set.validate("menus", &doc)
        );
    }
    for media in sb.client.list_media(t, a).await.unwrap() {
        let doc = sb.client.get_media(t, a, &media.id).await.unwrap().body;
        let doc = MediaDoc::from_kazoo(doc).unwrap().to_value();
        assert!(
            set.validate("media", &doc).is_empty(),
            "{}: {:?}",
            media.id,
            set.validate("media", &doc)
        );
    }
}

#[tokio::test]
async fn documents_keep_the_key_order_they_were_sent_in() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let token = Some(s.token.expose());

    let menu = json!({"timeout": 5000, "name": "Ordered", "media": {"invalid_media": false, "greeting": "abc"},
        "ui_metadata": {"z": 1, "a": 2}, "retries": 2});
    let (_, _, created) = sb
        .raw(
            Method::PUT,
            &path("menus"),
            token,
            Some(json!({"data": menu})),
        )
        .await;
    let id = created["data"]["id"].as_str().unwrap().to_owned();
    let (_, _, got) = sb
        .raw(Method::GET, &format!("{}/{id}", path("menus")), token, None)
        .await;
    let sent = keys(&menu);
    for data in [&created["data"], &got["data"]] {
        assert_eq!(keys(data)[..sent.len()], sent[..], "{data}");
        assert_eq!(keys(&data["media"])[..2], ["invalid_media", "greeting"]);
        assert_eq!(keys(&data["ui_metadata"]), ["z", "a"]);
        assert_eq!(keys(data).last(), Some(&"id"));
    }

    // A replace keeps the order of what it sends, the id taken out of
    // its place.
    let back = json!({"retries": 3, "id": id, "name": "Ordered", "media": {"greeting": "abc"}});
    let (status, _, replaced) = sb
        .raw(
            Method::POST,
            &format!("{}/{id}", path("menus")),
            token,
            Some(json!({"data": back})),
        )
        .await;
    assert_eq!(status, 200, "{replaced}");
    assert_eq!(keys(&replaced["data"])[..3], ["retries", "name", "media"]);

    // Callflows too.
    let callflow = json!({"numbers": ["+14155550120"], "name": "Ordered", "flow": {"data": {"text": "Hi"},
        "module": "tts", "children": {}}, "ui_metadata": {"b": 1, "a": 1}});
    let (status, _, created) = sb
        .raw(
            Method::PUT,
            &path("callflows"),
            token,
            Some(json!({"data": callflow})),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["data"]["id"].as_str().unwrap();
    let (_, _, got) = sb
        .raw(
            Method::GET,
            &format!("{}/{id}", path("callflows")),
            token,
            None,
        )
        .await;
    assert_eq!(
        keys(&got["data"])[..4],
        ["numbers", "name", "flow", "ui_metadata"]
    );
    assert_eq!(
        keys(&got["data"]["flow"])[..3],
        ["data", "module", "children"]
    );
    assert_eq!(keys(&got["data"]["ui_metadata"]), ["b", "a"]);
}

#[tokio::test]
async fn seeded_documents_saved_back_unchanged_change_no_byte() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let token = Some(s.token.expose());
    let mut checked = Vec::new();
    for (noun, id) in [
        ("callflows", "c0ffee00000000000000000000000002"),
        ("callflows", seed::PIVOT_CALLFLOW_ID),
        ("callflows", "c0ffee00000000000000000000000003"),
        ("callflows", "c0ffee00000000000000000000000004"),
        ("menus", seed::SUPPORT_MENU_ID),
        ("media", seed::SUPPORT_GREETING_MEDIA_ID),
    ] {
        let url = format!("{}/{id}", path(noun));
        let (_, _, before) = sb.raw(Method::GET, &url, token, None).await;
        let mut doc = before["data"].clone();
        let map = doc.as_object_mut().unwrap();
        map.shift_remove("id");
        map.shift_remove("metadata");
        let (status, _, saved) = sb
            .raw(Method::POST, &url, token, Some(json!({"data": doc})))
            .await;
        assert_eq!(status, 200, "{noun} {id}: {saved}");
        let (_, _, after) = sb.raw(Method::GET, &url, token, None).await;
        assert_eq!(
            after["data"].to_string(),
            before["data"].to_string(),
            "{noun} {id} changed"
        );
        assert_ne!(
            after["revision"], before["revision"],
            "a save is a new revision"
        );
        checked.push(id);
    }
    assert_eq!(checked.len(), 6);
}

#[tokio::test]
async fn injected_faults_apply_to_menus_media_and_pickers() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());

    sb.set_faults(Faults {
        fail_next: 1,
        ..Faults::default()
    })
    .await;
    let e = sb.client.list_menus(t, a).await.unwrap_err();
    assert!(
        matches!(
            e,
            KazooError::Server {
                status: 503,
                request_id: Some(_),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.is_retryable());
    assert_eq!(
        sb.client.list_menus(t, a).await.unwrap().len(),
        2,
        "only the next one fails"
    );

    sb.set_faults(Faults {
        fail_next: 1,
        fail_status: 429,
        ..Faults::default()
    })
    .await;
    let e = sb
        .client
        .get_media(t, a, seed::SUPPORT_GREETING_MEDIA_ID)
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::RateLimited { .. }), "{e:?}");

    sb.set_faults(Faults {
        fail_next: 1,
        fail_status: 500,
        ..Faults::default()
    })
    .await;
    let e = sb
        .client
        .create_media(t, a, &MediaDoc::tts("x", "y", None).to_value())
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Server { status: 500, .. }), "{e:?}");
    assert_eq!(
        sb.client.list_media(t, a).await.unwrap().len(),
        3,
        "the failed create stored nothing"
    );

    // A request that hangs: the client gives up after its 2 s timeout.
    sb.set_faults(Faults {
        hang_next: 1,
        hang_ms: 2_500,
        ..Faults::default()
    })
    .await;
    let started = std::time::Instant::now();
    let e = sb
        .client
        .create_menu(t, a, &json!({"name": "Slow"}))
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Timeout), "{e:?}");
    assert!(started.elapsed() < std::time::Duration::from_millis(2_400));

    sb.set_faults(Faults {
        latency_ms: 50,
        ..Faults::default()
    })
    .await;
    let started = std::time::Instant::now();
    sb.client.list_vmboxes(t, a).await.unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(50));
    sb.set_faults(Faults::default()).await;

    sb.expire_tokens().await;
    for e in [
        sb.client.list_users(t, a).await.unwrap_err(),
        sb.client
            .get_menu(t, a, seed::SUPPORT_MENU_ID)
            .await
            .unwrap_err(),
        sb.client.list_devices(t, a).await.unwrap_err(),
    ] {
        assert!(matches!(e, KazooError::Unauthorized { .. }), "{e:?}");
    }
}

#[tokio::test]
async fn patch_merges_and_defaults_fill_nested_objects() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let token = Some(s.token.expose());
    let url = format!("{}/{}", path("menus"), seed::SUPPORT_MENU_ID);
    let (_, _, before) = sb.raw(Method::GET, &url, token, None).await;

    let patch = json!({"data": {"retries": 5, "media": {"exit_media": false}, "hunt": null}});
    let (status, _, patched) = sb.raw(Method::PATCH, &url, token, Some(patch)).await;
    assert_eq!(status, 200, "{patched}");
    let data = &patched["data"];
    assert_eq!(data["retries"], 5);
    assert_eq!(
        data["media"],
        json!({"greeting": seed::SUPPORT_GREETING_MEDIA_ID, "exit_media": false}),
        "objects merge"
    );
    let before_keys = keys(&before["data"]);
    let position = |k: &str| keys(data).iter().position(|x| *x == k);
    assert_eq!(
        position("retries"),
        before_keys.iter().position(|x| *x == "retries"),
        "a patched key keeps its place"
    );
    if sb_uses_schemas() {
        assert_eq!(data["hunt"], true, "null removed it, the default came back");
    } else {
        assert!(data.get("hunt").is_none(), "null removes a key");
    }

    if !sb_uses_schemas() {
        return;
    }
    // Kazoo's own doc shows an upload's `tts` default with its voice.
    let (status, _, created) = sb
        .raw(
            Method::PUT,
            &path("media"),
            token,
            Some(json!({"data": {"name": "Upload", "media_source": "upload"}})),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["data"]["tts"], json!({"voice": "female/en-US"}));
    assert_eq!(created["data"]["language"], "en-us");
}
