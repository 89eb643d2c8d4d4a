//! The Kazoo client against the sandbox, and the sandbox's conformance to
//! `shared/kazoo/API.md`: envelope, status codes, error shapes, paging and
//! schema validation with Kazoo's own schema files.

mod common;

use std::time::Duration;

use common::{assert_validation, shared_schemas, spawn, spawn_default};
use kazoo::{
    sandbox::{seed, Faults, SandboxConfig},
    KazooClient, KazooError,
};
use serde_json::{json, Value};

fn pivot_doc(number: &str, url: &str) -> Value {
    json!({"name": "Test pivot", "numbers": [number],
        "flow": {"module": "pivot", "data": {"voice_url": url, "method": "get", "req_format": "twiml"}, "children": {}}})
}

#[tokio::test]
async fn user_auth_and_api_auth_give_tokens_and_bad_credentials_are_refused() {
    // Arrange
    let sb = spawn_default().await;

    // Act
    let session = sb.login().await;
    let by_key = sb.client.api_auth(seed::API_KEY).await.expect("api auth");
    let wrong = sb
        .client
        .user_auth(seed::ACCOUNT_NAME, seed::USERNAME, "nope")
        .await
        .unwrap_err();
    let unknown_account = sb
        .client
        .user_auth("nosuch", seed::USERNAME, seed::PASSWORD)
        .await
        .unwrap_err();
    let unknown_key = sb.client.api_auth(&"f".repeat(64)).await.unwrap_err();
    let short_key = sb.client.api_auth("short").await.unwrap_err();

    // Assert
    assert_eq!(session.account_id, seed::ACCOUNT_ID);
    assert_eq!(session.account_name, seed::ACCOUNT_NAME);
    assert!(session.owner_id.is_some());
    assert_eq!(by_key.account_id, seed::ACCOUNT_ID);
    assert!(by_key.owner_id.is_none());
    assert!(
        matches!(
            wrong,
            KazooError::Unauthorized {
                request_id: Some(_)
            }
        ),
        "{wrong:?}"
    );
    assert!(matches!(unknown_account, KazooError::Unauthorized { .. }));
    assert!(
        matches!(unknown_key, KazooError::NotFound { .. }),
        "unknown api key is a 404 in Kazoo: {unknown_key:?}"
    );
    assert_validation(short_key, "api_key", "minLength");
}

#[tokio::test]
async fn envelope_has_kazoo_keys_and_put_answers_201() {
    let sb = spawn_default().await;
    let body = json!({"data": {"credentials": "00", "account_name": "sandbox"}});
    let (status, headers, env) = sb
        .raw(reqwest::Method::PUT, "/v2/user_auth", None, Some(body))
        .await;
    assert_eq!(status, 401);
    assert_eq!(env["status"], "error");
    assert_eq!(env["error"], "401", "error is the HTTP code as a string");
    assert_eq!(env["message"], "invalid_credentials");
    assert_eq!(env["data"], json!({"message": "invalid credentials"}));
    assert_eq!(
        headers["x-request-id"].to_str().unwrap(),
        env["request_id"].as_str().unwrap()
    );

    let session = sb.login().await;
    let token = session.token.expose();
    let (status, headers, env) = sb
        .raw(
            reqwest::Method::PUT,
            &format!("/v2/accounts/{}/callflows", seed::ACCOUNT_ID),
            Some(token),
            Some(json!({"data": pivot_doc("+14155550110", "https://example.com/a")})),
        )
        .await;
    assert_eq!(status, 201);
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
        assert!(env.get(key).is_some(), "envelope lacks {key}: {env}");
    }
    assert_eq!(env["status"], "success");
    let id = env["data"]["id"].as_str().unwrap();
    assert_eq!(id.len(), 32);
    assert_eq!(headers["location"].to_str().unwrap(), id);
    assert_eq!(
        headers["etag"].to_str().unwrap(),
        format!("\"{}\"", env["revision"].as_str().unwrap())
    );
    assert!(env["revision"].as_str().unwrap().starts_with("1-"));
}

#[tokio::test]
async fn callflow_crud_round_trip() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());

    let created = sb
        .client
        .create_callflow(t, a, &pivot_doc("4155550111", "https://example.com/voice"))
        .await
        .unwrap();
    assert_eq!(
        created.body["numbers"],
        json!(["+14155550111"]),
        "numbers are normalised on save"
    );
    let fetched = sb.client.get_callflow(t, a, &created.id).await.unwrap();
    assert_eq!(
        fetched.body["flow"]["data"]["voice_url"],
        "https://example.com/voice"
    );
    assert_eq!(fetched.body["metadata"], json!({}));
    assert_eq!(fetched.revision, created.revision);

    let mut changed = pivot_doc("+14155550111", "https://example.com/v2");
    changed["name"] = json!("Renamed");
    let replaced = sb
        .client
        .replace_callflow(t, a, &created.id, &changed, None)
        .await
        .unwrap();
    assert_eq!(replaced.body["name"], "Renamed");
    assert_ne!(replaced.revision, created.revision);

    // A delete based on an older revision is refused: the callflow changed.
    let stale = sb
        .client
        .delete_callflow(t, a, &created.id, created.revision.as_deref())
        .await
        .unwrap_err();
    assert!(matches!(stale, KazooError::Conflict { .. }), "{stale:?}");
    let deleted = sb
        .client
        .delete_callflow(t, a, &created.id, replaced.revision.as_deref())
        .await
        .unwrap();
    assert_eq!(deleted.body["_read_only"], json!({"deleted": true}));
    let gone = sb.client.get_callflow(t, a, &created.id).await.unwrap_err();
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
        .delete_callflow(t, a, &created.id, None)
        .await
        .unwrap_err();
    assert!(matches!(again, KazooError::NotFound { .. }));
}

#[tokio::test]
async fn listings_follow_next_start_key_across_pages() {
    let sb = spawn(SandboxConfig {
        numbers: 1234,
        schemas_dir: shared_schemas(),
        ..SandboxConfig::default()
    })
    .await;
    let s = sb.login().await;
    for i in 0..60 {
        let doc = pivot_doc(&format!("+1415555{:04}", 2000 + i), "https://example.com/x");
        sb.client
            .create_callflow(&s.token, &s.account_id, &doc)
            .await
            .unwrap();
    }

    let numbers = sb
        .client
        .list_phone_numbers(&s.token, &s.account_id)
        .await
        .unwrap();
    let callflows = sb
        .client
        .list_callflows(&s.token, &s.account_id)
        .await
        .unwrap();

    assert_eq!(numbers.len(), 1234, "every page of numbers is followed");
    assert_eq!(numbers["+14155550100"].used_by.as_deref(), Some("callflow"));
    assert_eq!(numbers["+14155550104"].used_by, None);
    assert_eq!(callflows.len(), 64);
    let pivot = callflows
        .iter()
        .find(|c| c.id == seed::PIVOT_CALLFLOW_ID)
        .unwrap();
    assert_eq!(pivot.modules, vec!["pivot", "tts"]);
    assert_eq!(pivot.featurecode, json!(false));

    // Kazoo's default page is 50, descending by id, with an opaque key.
    let path = format!("/v2/accounts/{}/callflows", seed::ACCOUNT_ID);
    let (_, _, env) = sb
        .raw(reqwest::Method::GET, &path, Some(s.token.expose()), None)
        .await;
    assert_eq!(env["page_size"], 50);
    assert!(env.get("start_key").is_none());
    let ids: Vec<&str> = env["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "descending by id");
    let next = env["next_start_key"].as_str().unwrap();
    let (_, _, env2) = sb
        .raw(
            reqwest::Method::GET,
            &format!("{path}?start_key={next}"),
            Some(s.token.expose()),
            None,
        )
        .await;
    assert_eq!(env2["page_size"], 14);
    assert_eq!(env2["start_key"], next);
    assert!(env2.get("next_start_key").is_none());
    let (status, _, env3) = sb
        .raw(
            reqwest::Method::GET,
            &format!("{path}?page_size=0"),
            Some(s.token.expose()),
            None,
        )
        .await;
    assert_eq!(
        (status, env3["message"].as_str()),
        (404, Some("faulty_request"))
    );
}

#[tokio::test]
async fn errors_have_kazoo_shapes() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());

    // Number already used by another callflow → 400 numbers.unique with cause.
    let clash = sb
        .client
        .create_callflow(t, a, &pivot_doc("+14155550100", "https://example.com/x"))
        .await
        .unwrap_err();
    let unique = assert_validation(clash, "numbers", "unique");
    assert_eq!(unique["cause"], "+14155550100");
    assert_eq!(
        unique["message"],
        format!(
            "Number +14155550100 exists in callflow {} Main line (Pivot)",
            seed::PIVOT_CALLFLOW_ID
        )
    );

    // No number nor pattern.
    let mut none = pivot_doc("+14155550112", "https://example.com/x");
    none["numbers"] = json!([]);
    let e = sb.client.create_callflow(t, a, &none).await.unwrap_err();
    assert_eq!(
        assert_validation(e, "numbers", "required")["message"],
        "Callflows must be assigned at least one number or pattern"
    );

    // Kazoo's voice_url checks.
    let e = sb
        .client
        .create_callflow(t, a, &pivot_doc("+14155550112", "http://localhost/twiml"))
        .await
        .unwrap_err();
    assert_eq!(
        assert_validation(e, "flow.data.voice_url", "error")["message"],
        "invalid client URL"
    );
    let mut missing = pivot_doc("+14155550112", "x");
    missing["flow"]["data"] = json!({});
    let e = sb.client.create_callflow(t, a, &missing).await.unwrap_err();
    assert_eq!(
        assert_validation(e, "flow.data.voice_url", "required")["value"],
        "voice_url"
    );

    // A number owned by another account → 403.
    let e = sb
        .client
        .create_callflow(
            t,
            a,
            &pivot_doc(seed::FOREIGN_NUMBER, "https://example.com/x"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, KazooError::Forbidden { message, .. } if message.contains(seed::FOREIGN_NUMBER)),
        "{e:?}"
    );

    // Another account's URL → 403; unknown id → 404 with cause; bad verb → 405.
    let other = format!("/v2/accounts/{}/callflows", seed::OTHER_ACCOUNT_ID);
    let (status, _, env) = sb
        .raw(reqwest::Method::GET, &other, Some(t.expose()), None)
        .await;
    assert_eq!((status, env["message"].as_str()), (403, Some("forbidden")));
    let missing = format!("/v2/accounts/{a}/callflows/{}", "0".repeat(32));
    let (status, _, env) = sb
        .raw(reqwest::Method::GET, &missing, Some(t.expose()), None)
        .await;
    assert_eq!(status, 404);
    assert_eq!(
        env["data"],
        json!({"cause": "0".repeat(32), "message": "bad identifier"})
    );
    let (status, _, env) = sb
        .raw(
            reqwest::Method::PATCH,
            &format!("/v2/accounts/{a}/callflows"),
            Some(t.expose()),
            None,
        )
        .await;
    assert_eq!(
        (status, env["message"].as_str()),
        (405, Some("invalid_method"))
    );

    // Re-PUT of an existing id → 409; a stale If-Match → 412; both are
    // conflicts to the client.
    let mut same_id = pivot_doc("+14155550115", "https://example.com/x");
    same_id["id"] = json!(seed::PIVOT_CALLFLOW_ID);
    let e = sb.client.create_callflow(t, a, &same_id).await.unwrap_err();
    assert!(
        matches!(
            e,
            KazooError::Conflict {
                request_id: Some(_)
            }
        ),
        "{e:?}"
    );
    let resp = sb
        .http
        .post(format!(
            "{}/v2/accounts/{a}/callflows/{}",
            sb.base,
            seed::PIVOT_CALLFLOW_ID
        ))
        .header("X-Auth-Token", t.expose())
        .header("If-Match", "\"1-stale\"")
        .json(&json!({"data": pivot_doc("+14155550100", "https://example.com/x")}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 412);

    // Malformed JSON → 400 json.invalid.
    let resp = sb
        .http
        .put(format!("{}/v2/accounts/{a}/callflows", sb.base))
        .header("X-Auth-Token", t.expose())
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let env: Value = resp.json().await.unwrap();
    assert_eq!(env["data"]["json"]["invalid"]["target"], "body");

    // No token / garbage token.
    let (status, _, env) = sb
        .raw(
            reqwest::Method::GET,
            &format!("/v2/accounts/{a}/callflows"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (status, env["message"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let (status, _, env) = sb
        .raw(
            reqwest::Method::GET,
            &format!("/v2/accounts/{a}/callflows"),
            Some("garbage"),
            None,
        )
        .await;
    assert_eq!((status, env["data"].clone()), (401, json!({})));
}

#[tokio::test]
async fn expired_tokens_get_401_and_a_new_login_works() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    sb.http
        .post(format!("{}/sandbox/expire-tokens", sb.base))
        .send()
        .await
        .unwrap();

    let e = sb
        .client
        .list_callflows(&s.token, &s.account_id)
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Unauthorized { .. }), "{e:?}");

    let fresh = sb.login().await;
    assert!(sb
        .client
        .list_callflows(&fresh.token, &fresh.account_id)
        .await
        .is_ok());
}

#[tokio::test]
async fn short_token_ttl_expires_by_itself() {
    let sb = spawn(SandboxConfig {
        token_ttl: Duration::from_millis(50),
        ..SandboxConfig::default()
    })
    .await;
    let s = sb.login().await;
    tokio::time::sleep(Duration::from_millis(80)).await;
    let e = sb
        .client
        .list_phone_numbers(&s.token, &s.account_id)
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Unauthorized { .. }), "{e:?}");
}

#[tokio::test]
async fn injected_faults_become_typed_errors() {
    let sb = spawn_default().await;
    let s = sb.login().await;

    sb.set_faults(Faults {
        fail_next: 1,
        ..Faults::default()
    })
    .await;
    let e = sb
        .client
        .list_callflows(&s.token, &s.account_id)
        .await
        .unwrap_err();
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
    assert!(
        sb.client
            .list_callflows(&s.token, &s.account_id)
            .await
            .is_ok(),
        "only the next request fails"
    );

    sb.set_faults(Faults {
        fail_next: 1,
        fail_status: 429,
        ..Faults::default()
    })
    .await;
    let e = sb
        .client
        .list_callflows(&s.token, &s.account_id)
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
        .get_callflow(&s.token, &s.account_id, seed::PIVOT_CALLFLOW_ID)
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Server { status: 500, .. }), "{e:?}");

    sb.set_faults(Faults {
        hang_next: 1,
        hang_ms: 5_000,
        ..Faults::default()
    })
    .await;
    let started = std::time::Instant::now();
    let e = sb
        .client
        .list_callflows(&s.token, &s.account_id)
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Timeout), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the client's 2 s timeout applies"
    );
}

/// The callflows of the account that route `number`.
async fn callflows_with(sb: &common::Running, number: &str) -> Vec<kazoo::CallflowSummary> {
    let s = sb.login().await;
    let all = sb
        .client
        .list_callflows(&s.token, &s.account_id)
        .await
        .unwrap();
    all.into_iter()
        .filter(|c| c.numbers.iter().any(|n| n == number))
        .collect()
}

#[tokio::test]
async fn a_lost_answer_still_does_the_write() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());

    // The next answer comes after 5 s; the client gives up after 2 s.
    sb.set_faults(Faults {
        lose_next: 1,
        hang_ms: 5_000,
        ..Faults::default()
    })
    .await;
    let doc = pivot_doc("+14155550131", "https://example.com/voice");
    let e = sb.client.create_callflow(t, a, &doc).await.unwrap_err();
    assert!(matches!(e, KazooError::Timeout), "{e:?}");
    let made = callflows_with(&sb, "+14155550131").await;
    assert_eq!(made.len(), 1, "created although the answer was lost");

    // Every answer lost: a replace is done all the same.
    sb.set_faults(Faults {
        lose_rate: 1.0,
        hang_ms: 5_000,
        ..Faults::default()
    })
    .await;
    let mut renamed = doc.clone();
    renamed["name"] = json!("Renamed while lost");
    let e = sb
        .client
        .replace_callflow(t, a, &made[0].id, &renamed, None)
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Timeout), "{e:?}");
    sb.set_faults(Faults::default()).await;
    let live = sb.client.get_callflow(t, a, &made[0].id).await.unwrap();
    assert_eq!(live.body["name"], "Renamed while lost");
}

#[tokio::test]
async fn a_dropped_connection_is_unreachable_but_the_write_is_done() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    sb.set_faults(Faults {
        drop_next: 1,
        ..Faults::default()
    })
    .await;
    let started = std::time::Instant::now();
    let doc = pivot_doc("+14155550132", "https://example.com/voice");
    let e = sb
        .client
        .create_callflow(&s.token, &s.account_id, &doc)
        .await
        .unwrap_err();
    assert!(matches!(e, KazooError::Unreachable(_)), "{e:?}");
    assert!(e.is_retryable());
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "closed at once, not timed out"
    );
    assert_eq!(callflows_with(&sb, "+14155550132").await.len(), 1);
}

#[tokio::test]
async fn an_injected_429_can_carry_retry_after() {
    let sb = spawn_default().await;
    let s = sb.login().await;
    sb.set_faults(Faults {
        fail_next: 2,
        fail_status: 429,
        retry_after_secs: Some(3),
        ..Faults::default()
    })
    .await;
    let e = sb
        .client
        .list_callflows(&s.token, &s.account_id)
        .await
        .unwrap_err();
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3)), "{e:?}");
    assert!(matches!(
        e,
        KazooError::RateLimited {
            request_id: Some(_),
            ..
        }
    ));
    let (status, headers, _) = sb
        .raw(
            reqwest::Method::GET,
            &format!("/v2/accounts/{}/callflows", s.account_id),
            Some(s.token.expose()),
            None,
        )
        .await;
    assert_eq!(
        (status, common::header(&headers, "retry-after")),
        (429, "3".into())
    );

    // Only 429s carry it; without the setting there is none (as Kazoo).
    sb.set_faults(Faults {
        fail_next: 1,
        retry_after_secs: Some(3),
        ..Faults::default()
    })
    .await;
    let (status, headers, _) = sb
        .raw(
            reqwest::Method::GET,
            &format!("/v2/accounts/{}/callflows", s.account_id),
            Some(s.token.expose()),
            None,
        )
        .await;
    assert_eq!((status, headers.get("retry-after")), (503, None));
    sb.set_faults(Faults {
        fail_next: 1,
        fail_status: 429,
        ..Faults::default()
    })
    .await;
    let e = sb
        .client
        .list_callflows(&s.token, &s.account_id)
        .await
        .unwrap_err();
    assert_eq!(e.retry_after(), None, "{e:?}");
}

#[tokio::test]
async fn faults_set_with_only_the_old_fields_keep_the_new_ones_off() {
    let sb = spawn_default().await;
    let url = format!("{}/sandbox/faults", sb.base);
    sb.http
        .put(&url)
        .json(&json!({"fail_next": 1, "fail_status": 429, "hang_ms": 100}))
        .send()
        .await
        .unwrap();
    let now: Value = sb
        .http
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["fail_next"], 1);
    assert_eq!(now["lose_rate"], 0.0);
    assert_eq!(now["drop_next"], 0);
    assert_eq!(now["retry_after_secs"], Value::Null);
}

#[tokio::test]
async fn unreachable_kazoo_is_reported_as_such() {
    let client = KazooClient::new("http://127.0.0.1:9", Duration::from_secs(2)).unwrap();
    let e = client.user_auth("a", "b", "c").await.unwrap_err();
    assert!(matches!(e, KazooError::Unreachable(_)), "{e:?}");
    assert!(e.is_retryable());
}

#[tokio::test]
async fn schema_validation_uses_kazoos_schema_files() {
    let Some(dir) = shared_schemas() else {
        println!(
            "SKIPPED schema_validation_uses_kazoos_schema_files: ../shared/kazoo/schemas is absent"
        );
        return;
    };
    let sb = spawn(SandboxConfig {
        schemas_dir: Some(dir),
        ..SandboxConfig::default()
    })
    .await;
    let s = sb.login().await;
    let (t, a) = (&s.token, s.account_id.as_str());

    let mut doc = pivot_doc("+14155550113", "https://example.com/x");
    doc["flow"]["data"]["req_timeout_ms"] = json!(6000);
    doc["flow"]["data"]["method"] = json!("put");
    doc["flow"]["children"] = json!({"_": {"module": "tts", "data": {}}});
    let e = sb.client.create_callflow(t, a, &doc).await.unwrap_err();
    let KazooError::Validation { errors, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(
        errors["flow.data.req_timeout_ms"]["maximum"]["message"],
        "Value must be at most 5000"
    );
    assert_eq!(
        errors["flow.data.method"]["enum"]["message"],
        "Value not found in enumerated list of values"
    );
    assert_eq!(
        errors["flow.children._.data.text"]["required"]["message"],
        "Field is required but missing"
    );

    // Kazoo's schema defaults are written into the stored document.
    let mut ok = pivot_doc("+14155550113", "https://example.com/x");
    ok["flow"]["data"] = json!({"voice_url": "https://example.com/x"});
    let saved = sb.client.create_callflow(t, a, &ok).await.unwrap();
    assert_eq!(saved.body["flow"]["data"]["method"], "get");
    assert_eq!(saved.body["flow"]["data"]["req_format"], "kazoo");
    assert_eq!(saved.body["patterns"], json!([]));

    // Every seeded callflow passes Kazoo's schemas.
    let set = kazoo::schema::SchemaSet::load_dir(&shared_schemas().unwrap()).unwrap();
    for summary in sb.client.list_callflows(t, a).await.unwrap() {
        let doc = sb
            .client
            .get_callflow(t, a, &summary.id)
            .await
            .unwrap()
            .body;
        assert!(
            set.validate_callflow(&doc).is_empty(),
            "{} fails: {:?}",
            summary.id,
            set.validate_callflow(&doc)
        );
    }
}

#[tokio::test]
async fn builtin_rules_apply_without_schema_files() {
    let sb = spawn(SandboxConfig {
        schemas_dir: None,
        ..SandboxConfig::default()
    })
    .await;
    let s = sb.login().await;
    let e = sb
        .client
        .create_callflow(
            &s.token,
            &s.account_id,
            &pivot_doc("+14155550114", "ftp://x"),
        )
        .await
        .unwrap_err();
    assert_validation(e, "flow.data.voice_url", "pattern");
}
