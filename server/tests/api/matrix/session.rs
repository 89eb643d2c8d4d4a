//! Session fixation: the session id changes at sign-in, so an id planted
//! in a victim's browser (an attacker's own valid session) is worth
//! nothing once the victim signs in, and sign-out ends the session for
//! whoever kept its cookie.

use std::sync::Arc;

use reqwest::{
    cookie::{CookieStore, Jar},
    redirect::Policy,
    StatusCode,
};

use crate::helpers::{header, location, spawn_app, TestApp};

/// The session cookie's value in `jar` for the app, if any.
fn session_id(jar: &Jar, app: &TestApp) -> Option<String> {
    let cookies = jar.cookies(&app.address.parse().unwrap())?;
    cookies
        .to_str()
        .unwrap()
        .split("; ")
        .find_map(|c| c.strip_prefix("pivot_console_session="))
        .map(str::to_owned)
}

/// A browser whose cookie jar the test can read and plant cookies in.
fn browser_with(jar: &Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_provider(Arc::clone(jar))
        .build()
        .unwrap()
}

/// Whether a request with only this session cookie is signed in.
async fn signed_in_with(app: &TestApp, id: &str) -> bool {
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/drafts", app.address))
        .header("cookie", format!("pivot_console_session={id}"))
        .send()
        .await
        .unwrap();
    response.status() == StatusCode::OK
}

async fn sign_in(app: &TestApp, browser: &reqwest::Client, account: &str, password: &str) {
    let response = browser
        .post(format!("{}/login", app.address))
        .form(&[
            ("method", "password"),
            ("account_name", account),
            ("username", "admin"),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/", "sign-in to {account}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_id_changes_at_sign_in_and_a_planted_one_is_worth_nothing() {
    use kazoo::sandbox::seed::{OTHER_ACCOUNT_NAME, OTHER_PASSWORD};
    let app = spawn_app().await;

    // The attacker's own valid session (another account's).
    let attacker_jar = Arc::new(Jar::default());
    let attacker = browser_with(&attacker_jar);
    sign_in(&app, &attacker, OTHER_ACCOUNT_NAME, OTHER_PASSWORD).await;
    let planted = session_id(&attacker_jar, &app).expect("a session cookie");
    assert!(signed_in_with(&app, &planted).await);

    // Planted in the victim's browser; the victim signs in.
    let victim_jar = Arc::new(Jar::default());
    let cookie = format!("pivot_console_session={planted}; Path=/");
    victim_jar.add_cookie_str(&cookie, &app.address.parse().unwrap());
    let victim = browser_with(&victim_jar);
    sign_in(&app, &victim, "sandbox", "sandbox").await;
    let after = session_id(&victim_jar, &app).expect("a session cookie");
    assert_ne!(after, planted, "the session id changed at sign-in");
    assert!(
        !signed_in_with(&app, &planted).await,
        "the planted id does not open the victim's session"
    );
    assert!(signed_in_with(&app, &after).await);

    // Signing in again (another account, same browser): a new id again.
    sign_in(&app, &victim, OTHER_ACCOUNT_NAME, OTHER_PASSWORD).await;
    let again = session_id(&victim_jar, &app).expect("a session cookie");
    assert_ne!(again, after);
    assert!(!signed_in_with(&app, &after).await);

    // Sign-out ends it for a copy of the cookie too.
    let out = victim
        .post(format!("{}/logout", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(out.headers(), "location"),
        "/login?notice=signed_out"
    );
    assert!(!signed_in_with(&app, &again).await, "signed out everywhere");
}
