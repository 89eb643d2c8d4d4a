//! Walk a call through the real app against a TwiML server started here:
//! the main menu's `<Gather>`, keys to the sub-menu, goodbye; a Kazoo
//! JSON answer shown as the node Kazoo runs; "press nothing" going on
//! after the Gather; a `<Redirect>` loop cut at the step limit; a stale
//! page's post refused. Each move is a form post, as without JavaScript.

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
    let response = app
        .post_form(
            "/checker/walks",
            &[
                ("voice_url", url),
                ("method", "post"),
                ("req_format", "twiml"),
                ("req_body_format", "form"),
                ("req_timeout_ms", "2000"),
            ],
        )
        .await;
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
