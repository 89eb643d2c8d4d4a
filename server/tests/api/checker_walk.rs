//! Walk a call through the real app against a TwiML server started here:
//! the main menu's `<Gather>`, keys to the sub-menu, goodbye; a Kazoo
//! JSON answer shown as the node Kazoo runs; "press nothing" going on
//! after the Gather, and so do keys that give no digits (`#`); a GET
//! node's follow-up sends each parameter once; a `<Redirect>` loop cut at
//! the step limit, one to a private address refused with why; a crash
//! with a CDR URL leaves the caller in silence; a waiting answer past the
//! walk's bound; a stale page's post refused; another account's walk not
//! found; walks kept by their last move and at most 50 an account. Each
//! move is a form post, as without JavaScript.

use serde_json::Value;

use crate::{
    checker_server::TwimlServer,
    helpers::{location, spawn_app_with, Options, TestApp},
};

async fn loopback_app() -> TestApp {
    let app = spawn_app_with(Options {
        checker_allowed_ranges: "127.0.0.0/8",
        ..Options::default()
    })
    .await;
    app.login_as_admin().await;
    app
}

/// Starts a walk of `url` (POST, TwiML); returns its page's path.
async fn start(app: &TestApp, url: &str) -> String {
    start_with(app, url, &[("method", "post")]).await
}

/// Starts a walk of `url` (TwiML) with `more` fields (`method`,
/// `cdr_url`); returns its page's path.
async fn start_with(app: &TestApp, url: &str, more: &[(&str, &str)]) -> String {
    let mut form = vec![
        ("voice_url", url),
        ("req_format", "twiml"),
        ("req_body_format", "form"),
        ("req_timeout_ms", "2000"),
    ];
    form.extend_from_slice(more);
    let response = app.post_form("/checker/walks", &form).await;
    let to = location(&response);
    assert!(to.starts_with("/checker/walks/"), "{to}");
    to
}

/// The walk as its page's server function gives it.
async fn walk(app: &TestApp, path: &str) -> Value {
    let id = path.trim_start_matches("/checker/walks/");
    let response = app.server_fn("checker/walk", &[("id", id)]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Presses `digits` (or nothing) on the walk as it stands.
async fn press(app: &TestApp, path: &str, digits: Option<&str>) -> String {
    let version = walk(app, path).await["version"].to_string();
    let form = match digits {
        Some(d) => vec![
            ("version", version.as_str()),
            ("press", "keys"),
            ("digits", d),
        ],
        None => vec![("version", version.as_str()), ("press", "nothing")],
    };
    location(&app.post_form(path, &form).await)
}

/// The transcript's lines as text (kind: words).
fn lines(walk: &Value) -> Vec<String> {
    walk["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| match e["kind"].as_str().unwrap() {
            "request" => format!("request: {} {}", e["reason"], e["request"]["url"]),
            "step" => format!("step: {} {}", e["what"], e["detail"]),
            other => format!("{other}: {}", e["text"]),
        })
        .collect()
}

fn has(walk: &Value, needle: &str) -> bool {
    lines(walk).iter().any(|l| l.contains(needle))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_menu_is_walked_to_goodbye_with_keys() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/ivr")).await;

    let at_menu = walk(&app, &path).await;
    assert!(has(&at_menu, "Press 1 for sales"), "{:#?}", lines(&at_menu));
    assert_eq!(at_menu["waiting"]["num_digits"], 1, "{at_menu}");
    assert!(at_menu["waiting"]["action"]
        .as_str()
        .unwrap()
        .ends_with("/menu"));
    let page = app.get(&path).await.text().await.unwrap();
    for words in [
        "Transcript",
        "Press keys",
        "Send keys",
        "Press nothing",
        "CallSid",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }

    assert_eq!(press(&app, &path, Some("1")).await, format!("{path}#now"));
    let at_sales = walk(&app, &path).await;
    assert!(has(&at_sales, "Pressed 1"), "{:#?}", lines(&at_sales));
    assert!(has(&at_sales, "Sales. Press 9"), "{:#?}", lines(&at_sales));
    // The sub-menu's relative action, resolved against /menu.
    assert!(at_sales["waiting"]["action"]
        .as_str()
        .unwrap()
        .ends_with("/sales"));
    let sent = server.received();
    assert_eq!(sent[1].path, "/menu");
    assert_eq!(sent[1].method, "POST");
    assert_eq!(sent[1].params.get("Digits").map(String::as_str), Some("1"));

    press(&app, &path, Some("9#")).await;
    let done = walk(&app, &path).await;
    assert!(has(&done, "Goodbye."), "{:#?}", lines(&done));
    assert!(done["waiting"].is_null());
    assert!(
        done["ended"].as_str().unwrap().contains("hung up"),
        "{done}"
    );
    assert_eq!(done["requests"], 3);
    assert_eq!(
        server.received()[2]
            .params
            .get("Digits")
            .map(String::as_str),
        Some("9"),
        "the finish key is not sent"
    );
    let page = app.get(&path).await.text().await.unwrap();
    assert!(
        page.contains("The call ended") && !page.contains("Send keys"),
        "{page}"
    );

    // A page shown before the last move cannot move again.
    let stale = app
        .post_form(
            &path,
            &[("version", "1"), ("press", "keys"), ("digits", "1")],
        )
        .await;
    assert_eq!(location(&stale), format!("{path}?error=moved"));
    assert_eq!(walk(&app, &path).await["requests"], 3, "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kazoo_json_answer_is_shown_as_the_node_kazoo_runs() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/ivr")).await;
    press(&app, &path, Some("2")).await;
    let done = walk(&app, &path).await;
    // The Redirect with method GET, then the JSON node.
    let sent = server.received();
    assert_eq!(sent.last().unwrap().path, "/kazoo");
    assert_eq!(sent.last().unwrap().method, "GET");
    assert!(has(&done, "Redirect"), "{:#?}", lines(&done));
    assert!(
        has(&done, "Support is closed today."),
        "{:#?}",
        lines(&done)
    );
    assert!(
        done["ended"]
            .as_str()
            .unwrap()
            .contains("callflow app takes over"),
        "{done}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pressing_nothing_goes_on_after_the_gather() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/ivr")).await;
    press(&app, &path, None).await;
    let again = walk(&app, &path).await;
    assert!(has(&again, "Pressed nothing"), "{:#?}", lines(&again));
    assert!(has(&again, "We did not get that."), "{:#?}", lines(&again));
    // The Redirect back to the menu: waiting at its Gather again.
    assert_eq!(server.received().len(), 2);
    assert!(!again["waiting"].is_null(), "{again}");
    // Keys that are no keys: refused, nothing sent.
    let version = again["version"].to_string();
    let refused = app
        .post_form(
            &path,
            &[
                ("version", version.as_str()),
                ("press", "keys"),
                ("digits", "1a"),
            ],
        )
        .await;
    assert!(location(&refused).starts_with(&format!("{path}?error=digits")));
    assert_eq!(server.received().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_loop_is_cut_at_the_step_limit() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/loop")).await;
    let cut = walk(&app, &path).await;
    assert_eq!(cut["requests"], app::checker::model::WALK_MAX_REQUESTS);
    assert_eq!(
        server.received().len(),
        app::checker::model::WALK_MAX_REQUESTS as usize
    );
    assert!(
        cut["ended"].as_str().unwrap().contains("made 20 requests"),
        "{cut}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_that_give_no_digits_go_on_after_the_gather() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/ivr")).await;
    // `#` is the finish key: no digits, as if nothing was pressed.
    press(&app, &path, Some("#")).await;
    let again = walk(&app, &path).await;
    assert!(has(&again, "no digits gathered"), "{:#?}", lines(&again));
    assert!(has(&again, "We did not get that."), "{:#?}", lines(&again));
    let paths: Vec<String> = server.received().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/ivr", "/ivr"], "no action requested with Digits=");
    assert!(!again["waiting"].is_null(), "back at the menu: {again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_get_nodes_follow_up_sends_each_parameter_once() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start_with(&app, &server.url("/noaction"), &[("method", "get")]).await;
    press(&app, &path, Some("3")).await;
    let sent = server.received();
    assert_eq!(sent.len(), 2, "{sent:?}");
    let follow_up = &sent[1];
    assert_eq!(follow_up.path, "/noaction", "the Gather's default action");
    let names: Vec<String> = form_urlencoded::parse(follow_up.query.as_bytes())
        .map(|(k, _)| k.into_owned())
        .collect();
    assert!(names.contains(&"Digits".to_owned()), "{names:?}");
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        names.len(),
        "each parameter once: {}",
        follow_up.query
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_a_refused_address_is_refused_in_the_transcript() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/to-private")).await;
    let done = walk(&app, &path).await;
    let refused = done["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "request" && e["request"]["url"] == "http://10.0.0.1/ivr")
        .unwrap_or_else(|| panic!("{:#?}", lines(&done)));
    let failure = refused["failure"].as_str().unwrap();
    assert!(
        failure.contains("10.0.0.1 is a private address"),
        "{failure}"
    );
    assert!(failure.contains("CHECKER_ALLOWED_RANGES"), "{failure}");
    assert!(done["ended"].is_string(), "{done}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_with_a_cdr_url_leaves_the_caller_in_silence() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start_with(
        &app,
        &server.url("/crash"),
        &[("method", "post"), ("cdr_url", "true")],
    )
    .await;
    let done = walk(&app, &path).await;
    assert!(has(&done, "Before the crash."), "{:#?}", lines(&done));
    let ended = done["ended"].as_str().unwrap();
    assert!(ended.contains("left in silence"), "{ended}");
    // Without a CDR URL: the hang-up.
    let path = start(&app, &server.url("/crash")).await;
    let ended = walk(&app, &path).await["ended"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        ended.contains("hangs up") && !ended.contains("silence"),
        "{ended}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_answer_past_the_bound_is_not_kept() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/big-menu")).await;
    let stored: i32 = sqlx::query_scalar("select length(state::text) from checker_walk")
        .fetch_one(&mut crate::helpers::db(&app).await)
        .await
        .unwrap();
    assert!(
        (stored as usize) < app::checker::walk::WAITING_BODY_MAX,
        "the big answer is not in the state: {stored} bytes"
    );
    press(&app, &path, None).await;
    let done = walk(&app, &path).await;
    assert!(
        done["ended"]
            .as_str()
            .unwrap()
            .contains("cannot go on after this Gather"),
        "{done}"
    );
    // Keys still go on: the Gather's action is kept.
    let path = start(&app, &server.url("/big-menu")).await;
    press(&app, &path, Some("1")).await;
    assert!(has(&walk(&app, &path).await, "Sales. Press 9"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_accounts_walk_reads_as_not_found() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let path = start(&app, &server.url("/ivr")).await;
    let version = walk(&app, &path).await["version"].to_string();
    sqlx::query("update checker_walk set account_id = 'another-account'")
        .execute(&mut crate::helpers::db(&app).await)
        .await
        .unwrap();
    let id = path.trim_start_matches("/checker/walks/");
    let response = app.server_fn("checker/walk", &[("id", id)]).await;
    assert_eq!(response.status(), 404);
    let moved = app
        .post_form(
            &path,
            &[
                ("version", version.as_str()),
                ("press", "keys"),
                ("digits", "1"),
            ],
        )
        .await;
    assert_eq!(location(&moved), "/checker?notice=walk_not_found");
    assert_eq!(server.received().len(), 1, "nothing requested");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn walks_are_kept_by_their_last_move_and_at_most_50_an_account() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let old = start(&app, &server.url("/sales")).await;
    // Made 8 days ago, moved just now: kept.
    sqlx::query("update checker_walk set created_at = now() - interval '8 days'")
        .execute(&mut crate::helpers::db(&app).await)
        .await
        .unwrap();
    start(&app, &server.url("/sales")).await;
    let id = old.trim_start_matches("/checker/walks/");
    assert_eq!(
        app.server_fn("checker/walk", &[("id", id)]).await.status(),
        200
    );
    // Not moved for 8 days: gone at the next walk.
    sqlx::query("update checker_walk set updated_at = now() - interval '8 days' where checker_walk_id::text = $1")
        .bind(id)
        .execute(&mut crate::helpers::db(&app).await)
        .await
        .unwrap();
    start(&app, &server.url("/sales")).await;
    assert_eq!(
        app.server_fn("checker/walk", &[("id", id)]).await.status(),
        404
    );
    // The newest 50 of an account.
    for _ in 0..app::checker::db::KEPT_PER_ACCOUNT {
        start(&app, &server.url("/sales")).await;
    }
    let kept: i64 = sqlx::query_scalar("select count(*) from checker_walk")
        .fetch_one(&mut crate::helpers::db(&app).await)
        .await
        .unwrap();
    assert_eq!(kept, app::checker::db::KEPT_PER_ACCOUNT);
}
