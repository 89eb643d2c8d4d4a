//! Sign-in as an outsider tries it: `next` values browsers read as
//! another host, huge fields echoed into `Location`, repeated guesses, and
//! cross-site posts whose `Origin` differs only by scheme or port.

use std::num::NonZeroU32;

use app::auth::limits::SignInQuota;
use reqwest::{header, StatusCode};
use serde_json::json;

use crate::helpers::{body, header, location, spawn_app, spawn_app_with, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_follows_only_plain_local_paths_and_redirects_stay_small() {
    let app = spawn_app().await;
    let sign_in = |next: &str| {
        let next = next.to_owned();
        let app = &app;
        async move {
            app.post_form(
                "/login",
                &[
                    ("method", "password"),
                    ("account_name", "sandbox"),
                    ("username", "admin"),
                    ("password", "sandbox"),
                    ("next", &next),
                ],
            )
            .await
        }
    };
    // The report: next=/%09/evil.example (a tab: browsers read //evil).
    let raw = app
        .client
        .post(format!("{}/login", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("method=password&account_name=sandbox&username=admin&password=sandbox&next=/%09/evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&raw), "/");
    // CR, LF and NUL used to answer 500 after the session was made.
    for next in [
        "/\r\nSet-Cookie: x=1",
        "/\n/evil.example",
        "/\u{0}",
        "/\\evil",
        "/ /x",
    ] {
        let response = sign_in(next).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&response), "/", "{next:?}");
    }
    assert_eq!(
        location(&sign_in("/drafts?notice=saved").await),
        "/drafts?notice=saved",
        "plain local paths still work"
    );
    app.post_form("/logout", &[]).await;

    // A failed sign-in with a huge account name: nothing huge in Location.
    let huge = "a".repeat(100_000);
    let response = app
        .post_form(
            "/login",
            &[
                ("account_name", huge.as_str()),
                ("username", "admin"),
                ("password", "x"),
                ("next", &huge),
            ],
        )
        .await;
    let to = location(&response);
    assert!(to.len() < 100, "{to}");
    assert_eq!(to, "/login?error=invalid&user=admin");
    // A page asked anonymously with a long path: sign in, no long next.
    let long = format!("/drafts/{}", "x".repeat(4_000));
    assert_eq!(location(&app.get(&long).await), "/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_sign_in_attempts_are_slowed_per_account_and_per_address() {
    let app = spawn_app_with(Options {
        sign_in_quota: SignInQuota {
            per_account: NonZeroU32::new(3).unwrap(),
            per_address: NonZeroU32::new(5).unwrap(),
        },
        ..Options::default()
    })
    .await;
    for _ in 0..3 {
        let wrong = app.login("sandbox", "admin", "wrong").await;
        assert!(location(&wrong).starts_with("/login?error=credentials"));
    }
    // Limited now, even with the right password, and Kazoo is not asked:
    // the faults waiting for its next calls are all still there.
    app.sandbox_faults(json!({"fail_next": 100})).await;
    let limited = app.login("sandbox", "admin", "sandbox").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = header(limited.headers(), "retry-after").parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // A browser gets the sign-in page's message.
    let browser = app
        .client
        .post(format!("{}/login", app.address))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .form(&[
            ("account_name", "SANDBOX"),
            ("username", "admin"),
            ("password", "sandbox"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&browser),
        "/login?error=wait&account=SANDBOX&user=admin"
    );
    let (_, page) = body(app.get("/login?error=wait").await).await;
    assert!(page.contains("Too many sign-in attempts. Wait a minute"));
    // Another account from the same address: the address's quota is used.
    let other = app.login("other", "admin", "x").await;
    assert_eq!(other.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.sandbox_fault_state().await["fail_next"], 100);
    assert_eq!(location(&app.get("/").await), "/login", "not signed in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_origin_check_compares_scheme_host_and_port() {
    let app = spawn_app().await;
    app.login_as_admin().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let port: u16 = host.rsplit(':').next().unwrap().parse().unwrap();
    for origin in [
        format!("https://{host}"),
        format!("http://127.0.0.1:{}", port + 1),
        format!("http://localhost:{port}"),
        "null".to_owned(),
    ] {
        let response = app
            .client
            .post(format!("{}/numbers/refresh", app.address))
            .header("origin", &origin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
    }
    let same = app
        .client
        .post(format!("{}/numbers/refresh", app.address))
        .header("origin", format!("http://{host}"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&same), "/?notice=refreshed");
}
