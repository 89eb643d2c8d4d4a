//! The checker's data, shared by the server and the browser: the form
//! (a pasted answer, or a voice URL to request), the report shown for a
//! check (`model/report.rs`) and a walk of a call (`model/walk.rs`). These
//! are plain view types: the rules that fill them are `kazoo::checker`'s
//! (server only, so the browser's WASM does not carry them).

mod report;
mod walk;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use self::{report::*, walk::*};
use crate::url::urlencode;

/// The most a pasted answer may weigh, in bytes: the body limit of every
/// route (`BODY_LIMIT_BYTES`, 256 KiB).
pub const ANSWER_MAX_BYTES: usize = 256 * 1024;

/// The longest voice URL taken (as the pivot form's bound).
pub const URL_MAX_CHARS: usize = 2048;

/// The node's timeout may not exceed Kazoo's: `callflows.pivot.json`
/// `req_timeout_ms` maximum (`kazoo::rules::PIVOT_TIMEOUT_MAX_MS`).
pub const TIMEOUT_MAX_MS: u32 = 5000;

/// The Content-Type choices of a pasted answer: (value, label). The empty
/// value is "no Content-Type header".
pub const CONTENT_TYPES: [(&str, &str); 6] = [
    ("text/xml", "text/xml (TwiML)"),
    ("application/xml", "application/xml"),
    ("application/json", "application/json (Kazoo JSON)"),
    ("text/html", "text/html"),
    ("text/plain", "text/plain"),
    ("", "None (no Content-Type header)"),
];

/// Where the answer to check comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Pasted into the page.
    #[default]
    Paste,
    /// Requested from the voice URL the way Kazoo Pivot does.
    Url,
}

/// The checker's form, as typed (every field text, so a refused form can
/// be shown again as it was). Both ways share one type; `source` says
/// which fields count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckForm {
    pub source: Source,
    /// A pasted answer's body.
    pub answer: String,
    /// A pasted answer's Content-Type as the header would hold it, such
    /// as one of [`CONTENT_TYPES`] ("" for none).
    pub content_type: String,
    /// A pasted answer's HTTP status (200 when empty).
    pub status: String,
    pub voice_url: String,
    /// `get` or `post`.
    pub method: String,
    /// `twiml` or `kazoo`.
    pub req_format: String,
    /// `form` or `json` (POST only).
    pub req_body_format: String,
    /// Milliseconds, empty for Kazoo's default (5000).
    pub req_timeout_ms: String,
    /// Whether the pivot node has a CDR URL (it changes what Kazoo does
    /// at the end of a TwiML document, PIVOT_TWIML.md §1). Read from a
    /// boolean, or from a ticked box's text (any value but empty,
    /// `false` or `0`); absent is false.
    #[serde(deserialize_with = "ticked")]
    pub cdr_url: bool,
}

/// A boolean, or a form field's text: a ticked checkbox posts its value.
fn ticked<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum BoolOrText {
        Bool(bool),
        Text(String),
    }
    Ok(match BoolOrText::deserialize(d)? {
        BoolOrText::Bool(b) => b,
        BoolOrText::Text(t) => !matches!(t.trim(), "" | "false" | "0"),
    })
}

impl Default for CheckForm {
    /// A TwiML answer with status 200; a TwiML server asked with POST, as
    /// a Twilio number was set up.
    fn default() -> Self {
        Self {
            source: Source::Paste,
            answer: String::new(),
            content_type: "text/xml".into(),
            status: "200".into(),
            voice_url: String::new(),
            method: "post".into(),
            req_format: "twiml".into(),
            req_body_format: "form".into(),
            req_timeout_ms: String::new(),
            cdr_url: false,
        }
    }
}

impl CheckForm {
    /// What is wrong with the fields that count for `source`, by field,
    /// in words; empty when it can be checked.
    pub fn problems(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut put = |field: &str, message: String| {
            out.insert(field.to_owned(), message);
        };
        match self.source {
            Source::Paste => {
                if self.answer.contains('\0') {
                    put(
                        "answer",
                        "The answer holds a NUL character, which no TwiML or JSON document has."
                            .into(),
                    );
                }
                if self.answer.len() > ANSWER_MAX_BYTES {
                    put(
                        "answer",
                        format!("An answer may be at most {} KiB.", ANSWER_MAX_BYTES / 1024),
                    );
                }
                // The page offers a choice; scripts may send any header value.
                if self.content_type.len() > 255 || self.content_type.chars().any(char::is_control)
                {
                    put(
                        "content_type",
                        "A Content-Type is one line of at most 255 characters, such as text/xml."
                            .into(),
                    );
                }
                if self.status_code().is_none() {
                    put(
                        "status",
                        "An HTTP status is a whole number from 100 to 599.".into(),
                    );
                }
            }
            Source::Url => {
                if let Some(problem) = url_problem(&self.voice_url) {
                    put("voice_url", problem);
                }
                if !matches!(self.method.as_str(), "get" | "post") {
                    put("method", "Choose GET or POST.".into());
                }
                if !matches!(self.req_format.as_str(), "twiml" | "kazoo") {
                    put("req_format", "Choose TwiML or Kazoo JSON.".into());
                }
                if !matches!(self.req_body_format.as_str(), "form" | "json") {
                    put("req_body_format", "Choose form or JSON.".into());
                }
                if let Err(message) = self.timeout_ms() {
                    put("req_timeout_ms", message);
                }
            }
        }
        out
    }

    /// The pasted answer's status: 200 when empty.
    pub fn status_code(&self) -> Option<u16> {
        match self.status.trim() {
            "" => Some(200),
            s => s.parse().ok().filter(|c| (100..=599).contains(c)),
        }
    }

    /// The node's timeout as typed: `None` when empty (Kazoo's default).
    ///
    /// # Errors
    /// When it is not a whole number from 1 to 5000: what to type, in
    /// words.
    pub fn timeout_ms(&self) -> Result<Option<u32>, String> {
        match self.req_timeout_ms.trim() {
            "" => Ok(None),
            s => match s.parse::<u32>() {
                Ok(ms) if (1..=TIMEOUT_MAX_MS).contains(&ms) => Ok(Some(ms)),
                _ => Err(format!(
                    "A timeout is a whole number of milliseconds from 1 to {TIMEOUT_MAX_MS}, \
                     or empty for Kazoo's default ({TIMEOUT_MAX_MS})."
                )),
            },
        }
    }

    /// The form with the URL fields of a link (`/checker?voice_url=…`):
    /// a value that is not one of the choices is left at its default.
    pub fn prefilled(query: &BTreeMap<String, String>) -> Self {
        let mut form = Self::default();
        let get = |key: &str| query.get(key).map(|v| v.trim().to_owned());
        if let Some(url) = get("voice_url").filter(|u| !u.is_empty()) {
            form.voice_url = url.chars().take(URL_MAX_CHARS).collect();
            form.source = Source::Url;
        }
        if let Some(m) = get("method").filter(|m| matches!(m.as_str(), "get" | "post")) {
            form.method = m;
        }
        if let Some(f) = get("req_format").filter(|f| matches!(f.as_str(), "twiml" | "kazoo")) {
            form.req_format = f;
        }
        if let Some(b) = get("req_body_format").filter(|b| matches!(b.as_str(), "form" | "json")) {
            form.req_body_format = b;
        }
        if let Some(ms) = get("req_timeout_ms").filter(|ms| ms.len() <= 6) {
            form.req_timeout_ms = ms;
        }
        if get("cdr_url").is_some_and(|c| c == "1" || c == "true") {
            form.cdr_url = true;
        }
        form
    }
}

/// What is wrong with a voice URL to request, if anything (the guard
/// judges its address later).
pub fn url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return Some(
            "Enter the voice URL of your server, such as https://voice.example.com/twiml.".into(),
        );
    }
    if url.chars().count() > URL_MAX_CHARS {
        return Some(format!(
            "A voice URL may be at most {URL_MAX_CHARS} characters."
        ));
    }
    if url.chars().any(char::is_control) {
        return Some("A voice URL cannot hold control characters or line breaks.".into());
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Some("A voice URL starts with http:// or https://.".into());
    }
    kazoo::rules::url_host(url)
        .is_none()
        .then(|| "This is not a web address with a host.".to_owned())
}

/// The checker's link for a pivot node's values ("Check this server"):
/// `/checker?voice_url=…&method=…&req_format=…` (and the body format and
/// timeout when set, `cdr_url=1` when the node has a CDR URL). Empty
/// values are left out.
pub fn check_link(
    voice_url: &str,
    method: &str,
    req_format: &str,
    req_body_format: &str,
    req_timeout_ms: &str,
    cdr_url: bool,
) -> String {
    let parts: Vec<String> = [
        ("voice_url", voice_url),
        ("method", method),
        ("req_format", req_format),
        ("req_body_format", req_body_format),
        ("req_timeout_ms", req_timeout_ms),
        ("cdr_url", if cdr_url { "1" } else { "" }),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}={}", urlencode(v.trim())))
    .collect();
    if parts.is_empty() {
        "/checker".to_owned()
    } else {
        format!("/checker?{}", parts.join("&"))
    }
}

/// What the checker page shows: the form (as typed, or as a link filled
/// it), why it was refused, and the report of the last check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckerPage {
    pub form: CheckForm,
    /// Field → what is wrong, after a refused post.
    pub errors: BTreeMap<String, String>,
    pub report: Option<CheckReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_carries_the_nodes_values_and_fills_the_form() {
        let link = check_link(
            "https://voice.example.com/ivr?x=1&y",
            "get",
            "kazoo",
            "",
            "3000",
            true,
        );
        assert_eq!(
            link,
            "/checker?voice_url=https%3A%2F%2Fvoice.example.com%2Fivr%3Fx%3D1%26y&method=get&req_format=kazoo&req_timeout_ms=3000&cdr_url=1"
        );
        let query: BTreeMap<String, String> = [
            ("voice_url", "https://voice.example.com/ivr?x=1&y"),
            ("method", "get"),
            ("req_format", "bogus"),
            ("req_timeout_ms", "3000"),
            ("cdr_url", "1"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let form = CheckForm::prefilled(&query);
        assert_eq!(form.source, Source::Url);
        assert_eq!(form.voice_url, "https://voice.example.com/ivr?x=1&y");
        assert_eq!(form.method, "get");
        assert_eq!(form.req_format, "twiml", "not a choice: the default");
        assert_eq!(form.timeout_ms(), Ok(Some(3000)));
        assert!(form.cdr_url, "the link's cdr_url ticks the box");
        assert_eq!(check_link("", "", "", "", "", false), "/checker");
    }

    #[test]
    fn bad_fields_are_named_in_words() {
        let url = |voice_url: &str, timeout: &str| CheckForm {
            source: Source::Url,
            voice_url: voice_url.into(),
            req_timeout_ms: timeout.into(),
            ..CheckForm::default()
        };
        assert!(url("https://voice.example.com/twiml", "")
            .problems()
            .is_empty());
        assert!(url("https://voice.example.com/twiml", "5000")
            .problems()
            .is_empty());
        let bad = url("ftp://x", "5001").problems();
        assert_eq!(
            bad.keys().collect::<Vec<_>>(),
            ["req_timeout_ms", "voice_url"]
        );
        assert!(url("", "").problems()["voice_url"].contains("Enter the voice URL"));
        assert!(url("https://a\n.example", "")
            .problems()
            .contains_key("voice_url"));
        let paste = |answer: &str, status: &str, content_type: &str| CheckForm {
            answer: answer.into(),
            status: status.into(),
            content_type: content_type.into(),
            ..CheckForm::default()
        };
        assert!(paste("<Response/>", "200", "text/xml")
            .problems()
            .is_empty());
        assert!(
            paste("", "503", "").problems().is_empty(),
            "an error status needs no body"
        );
        assert!(paste("<Response/>", "200", "text/xml; charset=utf-8")
            .problems()
            .is_empty());
        let bad = paste("", "2000", "text/xml\r\nX-Evil: 1").problems();
        assert_eq!(bad.keys().collect::<Vec<_>>(), ["content_type", "status"]);
        // An empty answer is one of Kazoo's cases (it hangs up): checked.
        assert!(paste("", "200", "text/xml").problems().is_empty());
        let big = "x".repeat(ANSWER_MAX_BYTES + 1);
        assert!(paste(&big, "200", "text/xml")
            .problems()
            .contains_key("answer"));
    }
}
