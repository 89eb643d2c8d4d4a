//! The parameters of each request format, with Kazoo's exact names
//! (PIVOT_TWIML.md §2; `kzt_twiml:req_params`, `kzt_kazoo:req_params`).

use serde_json::Value;

use super::CallFacts;
use crate::callflow::ReqFormat;

/// The parameters Pivot sends for `facts`, in order: the format's base
/// parameters (undefined values omitted), then request variables, then
/// `<Set>` variables; a later key that clashes with an earlier one is
/// dropped (the base parameters win, §2).
pub fn request_params(format: ReqFormat, facts: &CallFacts) -> Vec<(String, Value)> {
    let mut out = match format {
        ReqFormat::Twiml => twiml(facts),
        ReqFormat::Kazoo => kazoo(facts),
    };
    for (key, value) in facts.request_vars.iter().chain(&facts.user_vars) {
        if !out.iter().any(|(k, _)| k == key) {
            out.push((key.clone(), Value::String(value.clone())));
        }
    }
    out
}

fn text(value: &str) -> Option<Value> {
    Some(Value::String(value.to_owned()))
}

fn opt(value: &Option<String>) -> Option<Value> {
    value.as_deref().map(|v| Value::String(v.to_owned()))
}

fn request_var(facts: &CallFacts, key: &str) -> Option<Value> {
    facts
        .request_vars
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| text(v))
}

fn collect(pairs: Vec<(&str, Option<Value>)>) -> Vec<(String, Value)> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_owned(), v?)))
        .collect()
}

/// `req_format: "twiml"`: Twilio's names (`CallSid`, `AccountSid`, …;
/// `ApiVersion=2010-04-01`, `Direction=inbound` always).
fn twiml(f: &CallFacts) -> Vec<(String, Value)> {
    collect(vec![
        ("CallSid", text(&f.call_id)),
        ("AccountSid", text(&f.account_id)),
        ("From", text(&f.from)),
        ("FromRealm", opt(&f.realm)),
        ("To", text(&f.to)),
        ("ToRealm", opt(&f.realm)),
        ("CallStatus", opt(&f.call_status)),
        ("ApiVersion", text("2010-04-01")),
        ("Direction", text("inbound")),
        ("CallerName", opt(&f.caller_name)),
        ("CallerNumber", opt(&f.caller_number)),
        ("RecordingUrl", request_var(f, "RecordingUrl")),
        ("RecordingDuration", request_var(f, "RecordingDuration")),
        ("RecordingSid", request_var(f, "RecordingSid")),
        ("Digits", opt(&f.digits)),
    ])
}

/// `req_format: "kazoo"`: Kazoo's names (`Call-ID`, `Account-ID`, …;
/// `Api-Version=4.x`, `Direction=inbound` always).
fn kazoo(f: &CallFacts) -> Vec<(String, Value)> {
    let user_id = match f.user_ids.as_slice() {
        [] => None,
        [one] => text(one),
        many => Some(Value::Array(
            many.iter().map(|u| Value::String(u.clone())).collect(),
        )),
    };
    collect(vec![
        ("Call-ID", text(&f.call_id)),
        ("Account-ID", text(&f.account_id)),
        ("From", text(&f.from)),
        ("From-Realm", opt(&f.realm)),
        ("To", text(&f.to)),
        ("To-Realm", opt(&f.realm)),
        ("Request", text(&f.to)),
        ("Request-Realm", opt(&f.realm)),
        ("Call-Status", opt(&f.call_status)),
        ("Api-Version", text("4.x")),
        ("Direction", text("inbound")),
        ("Caller-ID-Name", opt(&f.caller_name)),
        ("Caller-ID-Number", opt(&f.caller_number)),
        ("User-ID", user_id),
        ("Language", opt(&f.language)),
        ("Recording-Url", request_var(f, "RecordingUrl")),
        ("Recording-Duration", request_var(f, "RecordingDuration")),
        ("Recording-ID", request_var(f, "RecordingSid")),
        ("Digits", opt(&f.digits)),
        (
            "Custom-Application-Vars",
            object(&f.custom_application_vars),
        ),
        ("Custom-SIP-Headers", object(&f.custom_sip_headers)),
    ])
}

fn object(pairs: &[(String, String)]) -> Option<Value> {
    (!pairs.is_empty()).then(|| {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    })
}
