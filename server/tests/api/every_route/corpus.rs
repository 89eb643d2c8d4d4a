//! The named bad-input corpus (issue 11, part 6): every category of bad
//! input the issue lists, on every form and JSON API route that takes it,
//! each with the message it must get: under `/api/v1` the documented
//! error naming the field (or the error) in words, for a form the page it
//! lands on showing the words. No row changes; no answer is a 5xx.
//!
//! Two inputs of the list are not bad everywhere (DESIGN.md, Security):
//! a voice URL on a private host (`10.0.0.1`, `169.254.169.254`, `[::1]`)
//! and one with a user name and password (`https://u:p@host/`) are
//! Kazoo's to fetch, not the console's: Kazoo may sit on the same private
//! network as the customer's server, and it sends a URL's user info as
//! basic auth, as Twilio did (`kazoo::twilio::userinfo`). So a draft
//! takes them; the checker, which fetches URLs itself through the SSRF
//! guard, refuses them (`checker.rs` here), requesting nothing.
//!
//! - `api.rs`: the JSON API (drafts, preview, sync, numbers, import)
//! - `forms.rs`: the pivot form, the editor, drafts' actions, API tokens,
//!   the Twilio upload, sign-in
//! - `checker.rs`: the checker's API route and forms

mod api;
mod checker;
mod forms;

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{send, send_api, url};
use crate::helpers::{json_of, TestApp};

/// The kinds of bad input the issue lists; each has cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Oversize,
    MalformedJson,
    WrongType,
    MissingField,
    Control,
    RightToLeft,
    Script,
    Number,
    CredentialsUrl,
    JavascriptUrl,
    PrivateHost,
    Timeout,
    StaleVersion,
    FutureVersion,
    UnknownId,
    OtherAccountId,
}

impl Category {
    const ALL: [Self; 16] = [
        Self::Oversize,
        Self::MalformedJson,
        Self::WrongType,
        Self::MissingField,
        Self::Control,
        Self::RightToLeft,
        Self::Script,
        Self::Number,
        Self::CredentialsUrl,
        Self::JavascriptUrl,
        Self::PrivateHost,
        Self::Timeout,
        Self::StaleVersion,
        Self::FutureVersion,
        Self::UnknownId,
        Self::OtherAccountId,
    ];
}

/// A bad value of the pivot action's fields: what is set (on a valid
/// action), the field the message is about, and the message's words.
pub struct FieldCase {
    pub category: Category,
    pub set: &'static [(&'static str, &'static str)],
    pub field: &'static str,
    pub words: &'static str,
}

const fn case(
    category: Category,
    set: &'static [(&'static str, &'static str)],
    field: &'static str,
    words: &'static str,
) -> FieldCase {
    FieldCase {
        category,
        set,
        field,
        words,
    }
}

const CONTROL: &str = "Remove the control characters";
/// NUL: "Remove the NUL characters" (the bounds checked first under
/// `/api/v1`) or "Remove the control characters (such as … NUL)".
const NUL: &str = "NUL";
const BIDI: &str = "Remove the invisible text-direction characters";
const MARKUP: &str = "A name is plain text: remove the < and > characters.";
const NOT_A_NUMBER: &str = "is not a phone number";
const NO_SCHEME: &str = "must start with http:// or https://";
const TIMEOUT: &str = "The timeout is a whole number of milliseconds from 1 to 5000.";

/// The pivot action's bad field values, tried on the JSON API (create,
/// update, preview) and the pivot form (new, and on a draft).
pub const FIELD_CASES: &[FieldCase] = {
    use Category::*;
    &[
        case(Control, &[("name", "Sup\u{0}port")], "name", NUL),
        case(Control, &[("name", "Sup\tport")], "name", CONTROL),
        case(Control, &[("name", "Sup\r\nport")], "name", CONTROL),
        case(Control, &[("name", "Sup\u{7}port")], "name", CONTROL),
        case(Control, &[("name", "Sup\u{1b}[31mport")], "name", CONTROL),
        case(
            Control,
            &[("voice_url", "https://voice.example.com/\u{0}")],
            "voice_url",
            NUL,
        ),
        case(
            Control,
            &[("voice_url", "https://voice.example.com/a\tb")],
            "voice_url",
            CONTROL,
        ),
        case(
            Control,
            &[("fallback", "say"), ("fallback_text", "Sorry\u{0}")],
            "fallback_text",
            NUL,
        ),
        case(RightToLeft, &[("name", "abc\u{202E}fdp.exe")], "name", BIDI),
        case(
            RightToLeft,
            &[("name", "\u{2067}Support\u{2069}")],
            "name",
            BIDI,
        ),
        case(RightToLeft, &[("name", "Sales\u{202B}")], "name", BIDI),
        case(
            RightToLeft,
            &[("voice_url", "https://voice.example.com/\u{202E}lmx")],
            "voice_url",
            BIDI,
        ),
        case(
            Script,
            &[("name", "<script>alert(1)</script>")],
            "name",
            MARKUP,
        ),
        case(
            Script,
            &[("name", "<img src=x onerror=alert(1)>")],
            "name",
            MARKUP,
        ),
        case(
            Script,
            &[("name", "Support</title><script>alert(1)</script>")],
            "name",
            MARKUP,
        ),
        case(
            Script,
            &[("name", "\"><svg onload=alert(1)>")],
            "name",
            MARKUP,
        ),
        case(Number, &[("numbers", "+")], "numbers", NOT_A_NUMBER),
        case(
            Number,
            &[("numbers", "00")],
            "numbers",
            "is not a number callers can dial",
        ),
        case(
            Number,
            &[("numbers", "123456789012345678901234567890")],
            "numbers",
            "more than 15 digits",
        ),
        case(
            Number,
            &[("numbers", "+0441234567")],
            "numbers",
            "is not an international number",
        ),
        case(Number, &[("numbers", "7")], "numbers", "is too short"),
        case(Number, &[("numbers", "call me")], "numbers", NOT_A_NUMBER),
        case(
            Number,
            &[("numbers", "4155550104, ++1")],
            "numbers",
            NOT_A_NUMBER,
        ),
        case(
            Number,
            &[("numbers", "4155550104x2")],
            "numbers",
            NOT_A_NUMBER,
        ),
        case(
            Number,
            &[("fallback", "forward"), ("fallback_number", "+")],
            "fallback_number",
            NOT_A_NUMBER,
        ),
        case(
            Number,
            &[("fallback", "forward"), ("fallback_number", "00")],
            "fallback_number",
            "is not a number callers can dial",
        ),
        case(
            Number,
            &[
                ("fallback", "forward"),
                ("fallback_number", "123456789012345678901234567890"),
            ],
            "fallback_number",
            "more than 15 digits",
        ),
        case(
            JavascriptUrl,
            &[("voice_url", "javascript:alert(1)")],
            "voice_url",
            NO_SCHEME,
        ),
        case(
            JavascriptUrl,
            &[("voice_url", "JavaScript:alert(document.cookie)")],
            "voice_url",
            NO_SCHEME,
        ),
        case(
            JavascriptUrl,
            &[("voice_url", "data:text/html,<script>alert(1)</script>")],
            "voice_url",
            NO_SCHEME,
        ),
        case(
            JavascriptUrl,
            &[("voice_url", "file:///etc/passwd")],
            "voice_url",
            NO_SCHEME,
        ),
        case(
            JavascriptUrl,
            &[("voice_url", "//voice.example.com/twiml")],
            "voice_url",
            NO_SCHEME,
        ),
        case(
            JavascriptUrl,
            &[("cdr_url", "javascript:alert(1)")],
            "cdr_url",
            NO_SCHEME,
        ),
        case(
            JavascriptUrl,
            &[
                ("fallback", "pivot"),
                ("fallback_url", "javascript:alert(1)"),
            ],
            "fallback_url",
            NO_SCHEME,
        ),
        case(
            Timeout,
            &[("req_timeout_ms", "5001")],
            "req_timeout_ms",
            TIMEOUT,
        ),
        case(
            Timeout,
            &[("req_timeout_ms", "-1")],
            "req_timeout_ms",
            TIMEOUT,
        ),
        case(
            Timeout,
            &[("req_timeout_ms", "abc")],
            "req_timeout_ms",
            TIMEOUT,
        ),
        case(
            Timeout,
            &[("req_timeout_ms", "0")],
            "req_timeout_ms",
            TIMEOUT,
        ),
        case(
            Timeout,
            &[("req_timeout_ms", "2.5")],
            "req_timeout_ms",
            TIMEOUT,
        ),
        case(
            Timeout,
            &[("req_timeout_ms", "1e3")],
            "req_timeout_ms",
            TIMEOUT,
        ),
        case(
            Timeout,
            &[("req_timeout_ms", "99999999999999999999")],
            "req_timeout_ms",
            TIMEOUT,
        ),
        case(
            MissingField,
            &[("name", "")],
            "name",
            "Give the action a name.",
        ),
        case(
            MissingField,
            &[("voice_url", "")],
            "voice_url",
            "Enter the URL of your TwiML or Kazoo JSON server.",
        ),
        case(
            MissingField,
            &[("fallback", "forward"), ("fallback_number", "")],
            "fallback_number",
            "Enter the number callers are forwarded to.",
        ),
        case(
            WrongType,
            &[("method", "DELETE")],
            "method",
            "Choose GET or POST.",
        ),
        case(WrongType, &[("req_format", "xml")], "req_format", "Choose"),
        case(
            WrongType,
            &[("req_body_format", "xml")],
            "req_body_format",
            "Choose",
        ),
        case(WrongType, &[("fallback", "bogus")], "fallback", "Choose"),
    ]
};

/// A valid pivot action with `set`'s fields changed, as JSON.
pub fn action_with(set: &[(&str, &str)]) -> Value {
    let mut body = json!({"name": "Probe three", "numbers": ["4155550104"],
        "voice_url": super::URL, "fallback": "say", "fallback_text": "Sorry."});
    for (field, value) in set {
        body[*field] = json!(value);
    }
    body
}

/// An id that names nothing.
pub const UNKNOWN_ID: &str = "6f1d3c52-0c1e-4f0a-9d57-3b1c2f7a9e01";

/// What the cases need: account A's draft at version 2 (so 1 is stale),
/// A's walk, and one of each of account B's things (B: `elsewhere`).
pub struct Things {
    pub draft: String,
    pub version: i64,
    pub walk: String,
    pub other_draft: String,
    pub other_token: String,
    pub other_import: String,
    pub other_walk: String,
}

/// The cases' results: how many of each category, and what went wrong.
#[derive(Default)]
pub struct Tally {
    by_category: BTreeMap<Category, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn count(&mut self, category: Category) {
        *self.by_category.entry(category).or_default() += 1;
    }

    fn fail(&mut self, what: &str, why: String) {
        self.failures.push(format!("{what}: {why}"));
    }

    /// A JSON API case: `status`, and the documented error's message for
    /// `field` (else its `error`) holding `words`.
    pub async fn api(
        &mut self,
        category: Category,
        what: String,
        request: reqwest::RequestBuilder,
        status: StatusCode,
        field: Option<&str>,
        words: &str,
    ) -> Value {
        self.count(category);
        let (got, answer) = send_api(&what, request).await;
        let message = match field {
            Some(field) => answer["fields"][field].as_str(),
            None => answer["error"].as_str(),
        }
        .unwrap_or_default();
        // A success's own words are the caller's to check.
        let said = got.is_success() || (!message.is_empty() && message.contains(words));
        if got != status || !said {
            self.fail(
                &what,
                format!("{got} {answer} (wanted {status}, {words:?})"),
            );
        }
        answer
    }

    /// A form case: the answer (or the page its redirect lands on, read
    /// by the same `browser`) shows `words`.
    pub async fn form(
        &mut self,
        app: &TestApp,
        browser: &reqwest::Client,
        category: Category,
        what: String,
        request: reqwest::RequestBuilder,
        words: &str,
    ) {
        self.count(category);
        let mut answer = send(&what, request).await;
        let response = answer.response.take().unwrap();
        let page = if answer.status.is_redirection() && answer.location.starts_with('/') {
            let landing = browser.get(url(app, &answer.location)).send().await;
            landing.unwrap().text().await.unwrap()
        } else {
            response.text().await.unwrap()
        };
        let page = super::crawl::decode(&page);
        if !page.contains(words) {
            let alerts = alerts(&page);
            self.fail(
                &what,
                format!(
                    "{} to {:?} shows {alerts:?} (wanted {words:?})",
                    answer.status, answer.location
                ),
            );
        }
    }
}

/// The messages a page shows (its alerts and notices), for a failure.
fn alerts(page: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?s)role="(?:alert|status)"[^>]*>(.*?)</"#).unwrap();
    re.captures_iter(page)
        .map(|c| c[1].trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Makes what the cases need: A's draft saved a second time, a walk of
/// A's, and B's draft, API token, import and walk.
async fn things(app: &TestApp, draft: &str) -> Things {
    let saved = json_of(
        app.client
            .put(url(app, &format!("/api/v1/drafts/{draft}")))
            .json(&json!({"name": "Probe two", "numbers": ["4155550104"],
                "voice_url": super::URL, "fallback": "say", "fallback_text": "Sorry.", "version": 1})),
    )
    .await;
    assert_eq!(saved["version"], 2, "{saved}");
    let walk = start_walk(&app.client, app).await;

    let b = app.sign_in_elsewhere().await;
    let other = json_of(b.post(url(app, "/api/v1/drafts")).json(
        &json!({"name": "B's line", "numbers": [kazoo::sandbox::seed::FOREIGN_NUMBER],
                "voice_url": "https://b.example.com/voice"}),
    ))
    .await;
    crate::matrix::new_token(app, &b, "B's script").await;
    let import = json_of(
        b.post(url(app, "/api/v1/migrate/twilio"))
            .json(&json!({"export": super::TWILIO_EXPORT})),
    )
    .await;
    let other_walk = start_walk(&b, app).await;
    let mut db = crate::helpers::db(app).await;
    let other_token: String =
        sqlx::query_scalar("select api_token_id::text from api_token where account_id = $1")
            .bind(kazoo::sandbox::seed::OTHER_ACCOUNT_ID)
            .fetch_one(&mut db)
            .await
            .unwrap();
    Things {
        draft: draft.to_owned(),
        version: 2,
        walk,
        other_draft: other["id"].as_str().unwrap().to_owned(),
        other_token,
        other_import: import["id"].as_str().unwrap().to_owned(),
        other_walk,
    }
}

/// Starts a walk (of an address the checker refuses: stored, nothing
/// requested) as `browser`; its id.
async fn start_walk(browser: &reqwest::Client, app: &TestApp) -> String {
    let walk = browser
        .post(url(app, "/checker/walks"))
        .form(&[
            ("voice_url", "http://10.0.0.1/ivr"),
            ("method", "post"),
            ("req_format", "twiml"),
            ("req_body_format", "form"),
        ])
        .send()
        .await
        .unwrap();
    let to = crate::helpers::location(&walk);
    to.trim_start_matches("/checker/walks/").to_owned()
}

/// Runs the corpus as the admin of `app.client` (`draft` is one of A's
/// drafts at version 1); records a changed row like the other groups.
pub async fn run(app: &TestApp, draft: &str) {
    let things = things(app, draft).await;
    let before = app.table_fingerprint().await;
    let mut tally = Tally::default();
    api::cases(app, &things, &mut tally).await;
    super::assert_unchanged(app, &before, "corpus: JSON API").await;
    forms::cases(app, &things, &mut tally).await;
    super::assert_unchanged(app, &before, "corpus: forms").await;
    checker::cases(app, &things, &mut tally).await;
    super::assert_unchanged(app, &before, "corpus: checker").await;
    let missing: Vec<&Category> = Category::ALL
        .iter()
        .filter(|c| !tally.by_category.contains_key(c))
        .collect();
    assert!(missing.is_empty(), "no case of {missing:?}");
    let named: usize = tally.by_category.values().sum();
    assert!(named >= 200, "only {named} named cases");
    assert!(
        tally.failures.is_empty(),
        "{} of the corpus's cases got the wrong answer:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
}
