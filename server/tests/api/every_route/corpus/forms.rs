//! The forms' cases: every field case on the pivot form (new, and on a
//! draft) and the editor's name and numbers; stale and future versions,
//! unknown ids and another account's on every form that takes one; API
//! token names; the Twilio upload and the callflow import; sign-in. Each
//! must land on a page that says what is wrong.

use super::{Category, Tally, Things, FIELD_CASES, UNKNOWN_ID};
use crate::helpers::{browser, TestApp};

/// A save's and a sync's words for a version that is not the draft's.
const STALE: &str = "after you opened it";
const NO_DRAFT: &str = "That draft does not exist";

/// A post of `pairs` to `path` by the admin's browser.
fn post(app: &TestApp, path: &str, pairs: &[(&str, &str)]) -> reqwest::RequestBuilder {
    app.client
        .post(format!("{}{path}", app.address))
        .form(pairs)
}

/// The pivot form's fields as the page sends them, `set` changed.
fn pivot_form<'a>(
    draft: (&'a str, &'a str),
    set: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let pairs = vec![
        ("draft_id", draft.0),
        ("version", draft.1),
        ("name", "Probe three"),
        ("numbers", "4155550104"),
        ("voice_url", super::super::URL),
        ("method", "post"),
        ("req_format", "twiml"),
        ("req_body_format", "form"),
        ("req_timeout_ms", ""),
        ("cdr_url", ""),
        ("fallback", "say"),
        ("fallback_text", "Sorry."),
        ("intent", "save"),
    ];
    changed(pairs, set)
}

/// The editor's root form (name and numbers) on a draft, `set` changed.
fn editor_form<'a>(
    draft: (&'a str, &'a str),
    set: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    changed(
        vec![
            ("draft_id", draft.0),
            ("version", draft.1),
            ("start", ""),
            ("op", "root"),
            ("name", "Probe three"),
            ("numbers", "4155550104"),
        ],
        set,
    )
}

/// `pairs` with `set`'s fields in place of theirs.
fn changed<'a>(
    mut pairs: Vec<(&'a str, &'a str)>,
    set: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    for (field, value) in set {
        pairs.retain(|(k, _)| k != field);
        pairs.push((field, value));
    }
    pairs
}

pub async fn cases(app: &TestApp, t: &Things, tally: &mut Tally) {
    pivot(app, t, tally).await;
    editor(app, t, tally).await;
    actions(app, t, tally).await;
    tokens(app, t, tally).await;
    uploads(app, tally).await;
    sign_in(app, tally).await;
}

/// Every field case on the pivot form, new and on A's draft; versions and
/// ids that name no draft of A's.
async fn pivot(app: &TestApp, t: &Things, tally: &mut Tally) {
    let version = t.version.to_string();
    for case in FIELD_CASES {
        for (on, draft) in [
            ("new", ("", "")),
            ("draft", (t.draft.as_str(), version.as_str())),
        ] {
            let what = format!("form pivot {on} {:?}", case.set);
            let request = post(app, "/pivot/save", &pivot_form(draft, case.set));
            tally
                .form(app, &app.client, case.category, what, request, case.words)
                .await;
        }
    }
    for (category, version, words) in [
        (Category::StaleVersion, "1", STALE),
        (Category::FutureVersion, "3", STALE),
        (Category::FutureVersion, "2147483647", STALE),
        (Category::FutureVersion, "2147483648", NO_DRAFT),
        (Category::WrongType, "abc", NO_DRAFT),
    ] {
        let pairs = pivot_form((&t.draft, version), &[("name", "Probe four")]);
        let what = format!("form pivot at version {version}");
        let request = post(app, "/pivot/save", &pairs);
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
    }
    for (category, id) in [
        (Category::UnknownId, UNKNOWN_ID),
        (Category::OtherAccountId, t.other_draft.as_str()),
        (Category::UnknownId, "not-a-draft"),
    ] {
        let pairs = pivot_form((id, "1"), &[]);
        let what = format!("form pivot on draft {id}");
        let request = post(app, "/pivot/save", &pairs);
        tally
            .form(app, &app.client, category, what, request, NO_DRAFT)
            .await;
    }
}

/// The editor's name and numbers (its root form) with the field cases
/// about them; its versions and ids.
async fn editor(app: &TestApp, t: &Things, tally: &mut Tally) {
    let version = t.version.to_string();
    let editable = |field: &str| field == "name" || field == "numbers";
    for case in FIELD_CASES.iter().filter(|c| editable(c.field)) {
        let pairs = editor_form((&t.draft, &version), case.set);
        let what = format!("form editor {:?}", case.set);
        let request = post(app, "/callflows/edit", &pairs);
        tally
            .form(app, &app.client, case.category, what, request, case.words)
            .await;
    }
    for (category, id, version, words) in [
        (Category::StaleVersion, t.draft.as_str(), "1", STALE),
        (Category::FutureVersion, t.draft.as_str(), "3", STALE),
        (Category::UnknownId, UNKNOWN_ID, "1", NO_DRAFT),
        (
            Category::OtherAccountId,
            t.other_draft.as_str(),
            "1",
            NO_DRAFT,
        ),
    ] {
        let pairs = editor_form((id, version), &[("name", "Probe four")]);
        let what = format!("form editor on {id} at version {version}");
        let request = post(app, "/callflows/edit", &pairs);
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
    }
}

/// The confirmed actions (discard, remove routing, sync anyway) at stale
/// and future versions, on drafts that are not A's; opening a callflow
/// that is not there; creating drafts from an import that is not A's.
async fn actions(app: &TestApp, t: &Things, tally: &mut Tally) {
    for action in ["discard", "remove", "remove-anyway", "sync-anyway"] {
        for (category, id, version, words) in [
            (Category::StaleVersion, t.draft.as_str(), "1", STALE),
            (Category::FutureVersion, t.draft.as_str(), "3", STALE),
            (Category::UnknownId, UNKNOWN_ID, "2", NO_DRAFT),
            (
                Category::OtherAccountId,
                t.other_draft.as_str(),
                "1",
                NO_DRAFT,
            ),
        ] {
            let path = format!("/drafts/{id}/{action}");
            let what = format!("form {path} at version {version}");
            let request = post(app, &path, &[("version", version), ("confirm", "yes")]);
            tally
                .form(app, &app.client, category, what, request, words)
                .await;
        }
    }
    let not_opened = "That callflow could not be opened as a draft.";
    for id in ["0123456789abcdef0123456789abcdef", "a%2Fb", "x%00"] {
        let path = format!("/callflows/{id}/draft");
        let request = post(app, &path, &[]);
        let what = format!("form open callflow {id}");
        tally
            .form(
                app,
                &app.client,
                Category::UnknownId,
                what,
                request,
                not_opened,
            )
            .await;
    }
    let no_import = "There is no such import in this account.";
    for (category, id) in [
        (Category::UnknownId, UNKNOWN_ID),
        (Category::OtherAccountId, t.other_import.as_str()),
    ] {
        let path = format!("/migrate/twilio/{id}/drafts");
        let request = post(app, &path, &[]);
        tally
            .form(
                app,
                &app.client,
                category,
                format!("form {path}"),
                request,
                no_import,
            )
            .await;
    }
}

/// API token names and tokens that are not A's to revoke.
async fn tokens(app: &TestApp, t: &Things, tally: &mut Tally) {
    for (category, name, words) in [
        (
            Category::Control,
            "deploy\u{0}",
            "Remove the control characters",
        ),
        (
            Category::Control,
            "deploy\nscript",
            "Remove the control characters",
        ),
        (
            Category::RightToLeft,
            "deploy\u{202E}",
            "Remove the invisible text-direction",
        ),
        (
            Category::Script,
            "<script>alert(1)</script>",
            "remove the < and > characters",
        ),
        (
            Category::Script,
            "deploy<b>",
            "remove the < and > characters",
        ),
        (Category::MissingField, "", "Give the token a name"),
    ] {
        let what = format!("form API token name {name:?}");
        let request = post(app, "/api-tokens", &[("name", name)]);
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
    }
    let missing = "That token is not there";
    for (category, id) in [
        (Category::UnknownId, UNKNOWN_ID),
        (Category::OtherAccountId, t.other_token.as_str()),
    ] {
        let path = format!("/api-tokens/{id}/revoke");
        let request = post(app, &path, &[("confirm", "yes")]);
        tally
            .form(
                app,
                &app.client,
                category,
                format!("form {path}"),
                request,
                missing,
            )
            .await;
    }
}

/// A Twilio export and a callflow document that are not JSON, or hold
/// what a draft may not.
async fn uploads(app: &TestApp, tally: &mut Tally) {
    for text in ["{", "[{\"phoneNumber\": ", "not an export"] {
        let what = format!("form Twilio upload {text:?}");
        let request = post(app, "/migrate/twilio", &[("export_text", text)]);
        tally
            .form(
                app,
                &app.client,
                Category::MalformedJson,
                what,
                request,
                "JSON",
            )
            .await;
    }
    let hangup = r#""flow": {"module": "hangup", "data": {}, "children": {}}"#;
    for (category, document, words) in [
        (Category::MalformedJson, "{".to_owned(), "This is not JSON"),
        (
            Category::MalformedJson,
            "[]".to_owned(),
            "Nothing was saved",
        ),
        (
            Category::Script,
            format!(r#"{{"name": "<script>alert(1)</script>", {hangup}}}"#),
            "remove the < and > characters",
        ),
        (
            Category::Control,
            format!(r#"{{"name": "Imported\u0007", {hangup}}}"#),
            "Remove the control characters",
        ),
    ] {
        let what = format!("form callflow import {document:?}");
        let request = post(app, "/callflows/import", &[("document", document.as_str())]);
        tally
            .form(app, &app.client, category, what, request, words)
            .await;
    }
}

/// Sign-in fields a person cannot have typed, from a browser of its own
/// (the admin's session stays as it is).
async fn sign_in(app: &TestApp, tally: &mut Tally) {
    let stranger = browser();
    for (category, field, value, words) in [
        (
            Category::Control,
            "account_name",
            "sand\u{0}box",
            "held control characters",
        ),
        (
            Category::Control,
            "username",
            "ad\r\nmin",
            "held control characters",
        ),
        (
            Category::RightToLeft,
            "username",
            "ad\u{202E}nim",
            "held control characters",
        ),
        (
            Category::MissingField,
            "password",
            "",
            "Fill in the account name",
        ),
        (
            Category::Script,
            "account_name",
            "<script>alert(1)</script>",
            "Kazoo did not accept",
        ),
    ] {
        let mut pairs = vec![
            ("method", "password"),
            ("account_name", "sandbox"),
            ("username", "admin"),
            ("password", "wrong"),
        ];
        pairs.retain(|(k, _)| *k != field);
        pairs.push((field, value));
        let request = stranger.post(format!("{}/login", app.address)).form(&pairs);
        let what = format!("form sign-in {field}={value:?}");
        tally
            .form(app, &stranger, category, what, request, words)
            .await;
    }
}
