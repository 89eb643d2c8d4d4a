//! What Kazoo would refuse or silently ignore, said before sync: shown in
//! the preview and on save, never blocking a draft. Sources:
//! `shared/kazoo/PIVOT_TWIML.md` (§2: the body format is read for POST
//! only; §5: `cdr_url` has no effect with Kazoo JSON), Kazoo's pivot doc
//! (`skip_module`), API.md §3 ("invalid client URL") and §5.2 (a number
//! two callflows share is refused; another account's number is
//! forbidden).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{callflow::Callflow, numbers, routing::Via, rules};

/// One warning, on the form field it is about (`form` for the document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub field: String,
    pub message: String,
}

impl Warning {
    /// A warning on `field`.
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Warnings about a pivot document's own settings.
pub(super) fn of_document(doc: &Callflow) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(node) = doc.flow.as_ref().filter(|n| n.module.name() == "pivot") else {
        return out;
    };
    let Some(Value::Object(data)) = node.module.data() else {
        return out;
    };
    let text = |key: &str| data.get(key).and_then(Value::as_str).map(str::to_lowercase);
    let method = text("method").unwrap_or_else(|| rules::PIVOT_DEFAULT_METHOD.into());
    let format = text("req_format").unwrap_or_else(|| rules::PIVOT_DEFAULT_REQ_FORMAT.into());
    if method == "get" {
        // Kazoo stores its default ("form") on every pivot it saves: only
        // a chosen JSON body is worth a word, and the admin can clear it.
        let chosen = text("req_body_format").filter(|b| b != rules::PIVOT_DEFAULT_BODY_FORMAT);
        if let Some(body) = chosen {
            out.push(Warning::new(
                "req_body_format",
                format!(
                    "The request body format ({body}) has no effect with GET: Kazoo sends the call's \
                     parameters in the URL's query string and reads this setting for POST only."
                ),
            ));
        }
    }
    if format == "kazoo" && data.contains_key("cdr_url") {
        out.push(Warning::new(
            "cdr_url",
            "The CDR URL has no effect with Kazoo JSON: Kazoo posts the call detail record only \
             for TwiML servers.",
        ));
    }
    if let Some(url) = data.get("voice_url").and_then(Value::as_str) {
        if rules::is_refused_voice_url(url, &rules::REFUSED_VOICE_URL_HOSTS) {
            out.push(Warning::new(
                "voice_url",
                "Kazoo refuses voice URLs on its own machine (localhost, 127.0.0.1, 0.0.0.0) with \
                 “invalid client URL”: use an address Kazoo's servers can reach.",
            ));
        }
    }
    if node.is_skipped() {
        // Said at the voice URL, where the admin would edit what never runs.
        out.push(Warning::new(
            "voice_url",
            "This pivot node is switched off (skip_module is true): Kazoo passes calls straight \
             to its “When your server fails” branch and never requests this voice URL, so \
             changing it here changes nothing callers hear.",
        ));
    }
    out
}

/// The callflow answering a number now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRoute {
    pub callflow_id: String,
    pub callflow_name: Option<String>,
    pub via: Via,
}

/// What the console knows of a number of the account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberFacts {
    /// Whether the number is one of the account's phone numbers; `None`
    /// when that is unknown.
    pub owned: Option<bool>,
    /// What answers it now, if anything.
    pub route: Option<NumberRoute>,
}

/// Warnings about routing `numbers` (as stored) with the callflow
/// `own_id` (none for a new one), given what is known of each number.
pub fn number_warnings(
    numbers: &[String],
    own_id: Option<&str>,
    facts: impl Fn(&str) -> NumberFacts,
) -> Vec<Warning> {
    let mut out = Vec::new();
    for number in numbers {
        let known = facts(number);
        let other = known
            .route
            .as_ref()
            .filter(|r| Some(r.callflow_id.as_str()) != own_id);
        if let Some(route) = other {
            let name = route
                .callflow_name
                .as_deref()
                .map_or_else(|| route.callflow_id.clone(), |n| format!("“{n}”"));
            let message = match &route.via {
                Via::Number => format!(
                    "{number} is already routed by the callflow {name} in Kazoo, and Kazoo refuses a \
                     number two callflows share: remove it there first, or edit that callflow."
                ),
                Via::Pattern(pattern) => format!(
                    "{number} is now answered by the callflow {name} through its pattern {pattern}. \
                     Routing it here takes it out of that pattern's reach."
                ),
                Via::NoMatch => format!(
                    "{number} now reaches the account's catch-all callflow {name} (no_match); \
                     routing it here sends its calls to your server instead."
                ),
            };
            out.push(Warning::new("numbers", message));
        }
        if known.owned == Some(false) && numbers::is_reconcilable(number) {
            out.push(Warning::new(
                "numbers",
                format!(
                    "{number} is not one of this account's numbers in Kazoo: Kazoo refuses a number \
                     another account owns, and calls reach it only once it is added or ported to \
                     this account."
                ),
            ));
        }
    }
    out
}
