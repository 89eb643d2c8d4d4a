//! The Pivot checker through the real app: a voice URL requested the way
//! Kazoo Pivot does (the parameters it sends; status, Content-Type,
//! translator, latency and outcome of the answer), a pasted answer
//! through the page's form and the JSON API, refused input kept with
//! its message, and the page a link fills; an answer over 1 MiB cut, a
//! slow server past the node's timeout, only problems' lines flagged, a
//! pasted answer stored once and at most 50 reports an account.

use serde_json::{json, Value};

use crate::{
    checker_server::TwimlServer,
    checker_ssrf::check_url,
    helpers::{body, location, spawn_app, spawn_app_with, Options, TestApp},
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_url_is_requested_as_pivot_does_and_its_answer_reported() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;

    let report = check_url(&app, &server.url("/ivr")).await;
    // The request: POST, form-encoded, TwiML parameter names (§2).
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, "POST");
    assert_eq!(
        got[0].content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    for (key, value) in [
        ("Direction", "inbound"),
        ("ApiVersion", "2010-04-01"),
        ("To", "+15555550199"),
    ] {
        assert_eq!(
            got[0].params.get(key).map(String::as_str),
            Some(value),
            "{key}"
        );
    }
    for key in ["CallSid", "AccountSid", "From"] {
        assert!(
            got[0].params.contains_key(key),
            "{key}: {:?}",
            got[0].params
        );
    }
    assert_eq!(report["request"]["method"], "POST");
    assert_eq!(report["request"]["timeout_ms"], 5000);
    // The answer.
    let answer = &report["answer"];
    assert_eq!(answer["status"], 200);
    assert_eq!(answer["content_type"], "text/xml");
    assert!(
        answer["translator"]
            .as_str()
            .unwrap()
            .starts_with("TwiML only"),
        "{answer}"
    );
    let latency = &answer["latency"];
    assert_eq!(latency["timeout_ms"], 5000);
    assert_eq!(latency["too_slow"], false);
    assert!(latency["message"]
        .as_str()
        .unwrap()
        .contains("within the 5000 ms timeout"));
    assert_eq!(report["outcome"]["bad"], false, "{report}");
    assert!(report["lines"][1].as_str().unwrap().contains("<Response>"));

    // GET with the Kazoo format: the parameters in the query, Kazoo's names.
    let response = app
        .api(
            reqwest::Method::POST,
            "/check",
            Some(
                json!({"voice_url": server.url("/kazoo?x=1"), "method": "get",
                        "req_format": "kazoo", "req_timeout_ms": 1500}),
            ),
        )
        .await;
    let report: Value = response.json().await.unwrap();
    let got = server.received().pop().unwrap();
    assert_eq!(got.method, "GET");
    assert_eq!(got.params.get("x").map(String::as_str), Some("1"));
    assert!(got.params.contains_key("Call-ID"), "{:?}", got.params);
    assert_eq!(
        got.params.get("Api-Version").map(String::as_str),
        Some("4.x")
    );
    assert_eq!(report["answer"]["content_type"], "application/json");
    assert!(report["answer"]["translator"]
        .as_str()
        .unwrap()
        .starts_with("Kazoo JSON only"));
    assert_eq!(report["answer"]["latency"]["timeout_ms"], 1500);

    // TwiML served as text/html: Kazoo hangs up.
    let report = check_url(&app, &server.url("/html")).await;
    assert_eq!(report["outcome"]["bad"], true, "{report}");
    // A 404: Pivot fails, the call goes to the `_` child.
    let report = check_url(&app, &server.url("/nowhere")).await;
    assert_eq!(report["answer"]["status"], 404);
    assert!(
        report["outcome"]["effect"]
            .as_str()
            .unwrap()
            .contains("“_” child"),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_does_not_answer_is_a_connect_failure() {
    let app = loopback_app().await;
    // A port nothing listens on (bound, then closed).
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let report = check_url(&app, &format!("http://127.0.0.1:{port}/ivr")).await;
    assert_eq!(report["failure"]["refused"], false, "{report}");
    assert!(
        report["outcome"]["effect"]
            .as_str()
            .unwrap()
            .contains("“_” child"),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_answer_is_checked_through_the_page_and_the_api() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let twiml = "<Response>\n  <Say voice=\"alice\">Hello</Say>\n</Response>";
    let response = app
        .post_form(
            "/checker/paste",
            &[
                ("answer", twiml),
                ("content_type", "text/xml"),
                ("status", "200"),
            ],
        )
        .await;
    let to = location(&response);
    assert!(to.starts_with("/checker?report="), "{to}");
    let (status, page) = body(app.get(&to).await).await;
    assert_eq!(status, 200);
    assert!(page.contains("Findings"), "{page}");
    assert!(page.contains(r#"id="answer-line-2""#), "{page}");
    assert!(page.contains("flagged"), "the Say line is flagged");
    assert!(page.contains("hangs up"), "{page}");

    let response = app
        .api(
            reqwest::Method::POST,
            "/check",
            Some(json!({"answer": twiml, "content_type": "text/xml"})),
        )
        .await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    let findings = report["findings"].as_array().unwrap();
    let say = findings
        .iter()
        .find(|f| f["line"] == 2 && f["attribute"] == "voice")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(say["fatal"], true, "{say}");
    assert_eq!(report["request"], Value::Null);

    // Another account's report is not there.
    sqlx::query("update checker_report set account_id = 'another-account'")
        .execute(&mut crate::helpers::db(&app).await)
        .await
        .unwrap();
    let page = app.get(&to).await.text().await.unwrap();
    assert!(page.contains("That report is not there"), "{page}");
    assert!(!page.contains("answer-line-2"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_input_is_kept_with_its_message_and_nothing_is_requested() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let response = app
        .post_form(
            "/checker/url",
            &[
                ("voice_url", "voice.example.com/twiml"),
                ("method", "post"),
                ("req_format", "twiml"),
                ("req_body_format", "form"),
                ("req_timeout_ms", "9000"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/checker");
    let page = app.get("/checker").await.text().await.unwrap();
    assert!(
        page.contains("A voice URL starts with http:// or https://."),
        "{page}"
    );
    assert!(page.contains("from 1 to 5000"), "{page}");
    assert!(
        page.contains(r#"value="voice.example.com/twiml""#),
        "typed text kept"
    );
    // Once.
    let page = app.get("/checker").await.text().await.unwrap();
    assert!(!page.contains("A voice URL starts with"), "shown once");

    // The API names the fields.
    for (body, field) in [
        (json!({}), "answer"),
        (
            json!({"answer": "<Response/>", "voice_url": "https://x.example"}),
            "voice_url",
        ),
        (
            json!({"voice_url": "https://x.example", "req_timeout_ms": 5001}),
            "req_timeout_ms",
        ),
        (
            json!({"voice_url": "https://x.example", "method": "put"}),
            "method",
        ),
        (json!({"answer": "a\u{0}b"}), "answer"),
        (json!({"answer": "x", "status": 99}), "status"),
    ] {
        let response = app
            .api(reqwest::Method::POST, "/check", Some(body.clone()))
            .await;
        assert_eq!(response.status(), 422, "{body}");
        let error: Value = response.json().await.unwrap();
        assert!(error["fields"][field].is_string(), "{body}: {error}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_fills_the_url_form_and_pivot_pages_link_to_it() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let page = app
        .get("/checker?voice_url=https%3A%2F%2Fvoice.example.com%2Fivr&method=get&req_format=kazoo&req_timeout_ms=3000")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"value="https://voice.example.com/ivr""#),
        "{page}"
    );
    assert!(page.contains(r#"value="3000""#), "{page}");
    assert!(page.contains(r#"<option value="get" selected"#), "{page}");
    assert!(page.contains(r#"<option value="kazoo" selected"#), "{page}");

    // The pivot form of a draft links to the checker with its values.
    let draft: Value = app
        .api(
            reqwest::Method::POST,
            "/drafts",
            Some(json!({"name": "Linked", "numbers": ["4155550104"],
                        "voice_url": "https://voice.example.com/twiml", "method": "get"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = draft["id"].as_str().unwrap();
    let page = app
        .get(&format!("/drafts/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("/checker?voice_url=https%3A%2F%2Fvoice.example.com%2Ftwiml&amp;method=get&amp;req_format=twiml"),
        "{page}"
    );

    // A CDR URL is carried; a fallback server gets its own link.
    let draft: Value = app
        .api(
            reqwest::Method::POST,
            "/drafts",
            Some(json!({"name": "With fallback", "numbers": ["4155550105"],
                        "voice_url": "https://voice.example.com/twiml",
                        "cdr_url": "https://cdr.example.com/cdr",
                        "fallback": "pivot", "fallback_url": "https://backup.example.com/twiml",
                        "fallback_method": "post"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = draft["id"].as_str().unwrap_or_else(|| panic!("{draft}"));
    let page = app
        .get(&format!("/drafts/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("&amp;cdr_url=1"), "{page}");
    assert!(
        page.contains(
            "/checker?voice_url=https%3A%2F%2Fbackup.example.com%2Ftwiml&amp;method=post"
        ),
        "{page}"
    );
    assert!(page.contains("Check the fallback server"), "{page}");
    let form = app
        .get("/checker?voice_url=https%3A%2F%2Fx.example&cdr_url=1")
        .await;
    let form = form.text().await.unwrap();
    assert!(
        form.contains(r#"name="cdr_url" value="true" checked"#),
        "the link ticks the URL form's box: {form}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_over_1_mib_is_cut_and_a_slow_one_times_out() {
    let app = loopback_app().await;
    let server = TwimlServer::start("127.0.0.1").await;
    let report = check_url(&app, &server.url("/huge")).await;
    assert_eq!(report["answer"]["truncated"], true, "{}", report["answer"]);
    let read: usize = report["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().len())
        .sum();
    assert!(read <= app::checker::outbound::MAX_BODY_BYTES, "{read}");

    let response = app
        .api(
            reqwest::Method::POST,
            "/check",
            Some(json!({"voice_url": server.url("/slow"), "req_timeout_ms": 500})),
        )
        .await;
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["failure"]["refused"], false, "{report}");
    assert!(
        report["failure"]["message"]
            .as_str()
            .unwrap()
            .contains("No answer within 500 ms"),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_problem_findings_flag_their_lines() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    // A correct <Record/> is a note of how it runs; the Say's voice is a
    // problem.
    let twiml = "<Response>\n  <Record/>\n  <Say voice=\"alice\">Hello</Say>\n</Response>";
    let report: Value = app
        .api(
            reqwest::Method::POST,
            "/check",
            Some(json!({"answer": twiml, "content_type": "text/xml"})),
        )
        .await
        .json()
        .await
        .unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["line"] == 2 && f["problem"] == false),
        "the Record's note: {report}"
    );
    assert!(findings
        .iter()
        .any(|f| f["line"] == 3 && f["problem"] == true));
    let to = location(
        &app.post_form(
            "/checker/paste",
            &[
                ("answer", twiml),
                ("content_type", "text/xml"),
                ("status", "200"),
            ],
        )
        .await,
    );
    let page = app.get(&to).await.text().await.unwrap();
    assert!(
        page.contains(r#"id="answer-line-3" class="flagged""#),
        "{page}"
    );
    assert!(
        !page.contains(r#"id="answer-line-2" class="flagged""#),
        "{page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_answer_is_stored_once_and_an_account_keeps_50_reports() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let twiml = "<Response>\n  <Say>Stored once</Say>\n</Response>";
    let to = location(
        &app.post_form(
            "/checker/paste",
            &[
                ("answer", twiml),
                ("content_type", "text/xml"),
                ("status", "200"),
            ],
        )
        .await,
    );
    let (in_form, in_report): (String, String) =
        sqlx::query_as("select form->>'answer', report::text from checker_report")
            .fetch_one(&mut crate::helpers::db(&app).await)
            .await
            .unwrap();
    assert_eq!(in_form, "", "not in the form too");
    assert!(in_report.contains("Stored once"));
    let page = app.get(&to).await.text().await.unwrap();
    assert!(
        page.contains("&lt;Say&gt;Stored once&lt;/Say&gt;\n&lt;/Response&gt;</textarea>")
            || page.contains("Stored once&lt;/Say&gt;"),
        "the form shows the answer again: {page}"
    );
    for _ in 0..app::checker::db::KEPT_PER_ACCOUNT {
        app.post_form(
            "/checker/paste",
            &[("answer", "<Response/>"), ("content_type", "text/xml")],
        )
        .await;
    }
    let kept: i64 = sqlx::query_scalar("select count(*) from checker_report")
        .fetch_one(&mut crate::helpers::db(&app).await)
        .await
        .unwrap();
    assert_eq!(kept, app::checker::db::KEPT_PER_ACCOUNT);
    assert!(
        app.get(&to)
            .await
            .text()
            .await
            .unwrap()
            .contains("That report is not there"),
        "the oldest went"
    );
}
