//! A group's caveats: how its Twilio settings map to Kazoo (the fallback
//! URL, the status callback as CDR URL) and what has no Kazoo equivalent.

use std::collections::BTreeMap;

use super::{web_method, Flag, FlagKind};
use crate::pivot::URL_MAX_CHARS;
use crate::twilio::{
    classify::{is_requestable, is_twilio_placeholder, served_by_twilio},
    Application, Class, PlannedNumber, TwilioNumber, Voice,
};

/// The group's caveats: how its settings map to Kazoo, and what has no
/// Kazoo equivalent.
pub(super) fn flags(
    voice: &Voice,
    members: &[(&TwilioNumber, &PlannedNumber)],
    apps: &BTreeMap<&str, &Application>,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut all = |kind: FlagKind, text: String| {
        flags.push(Flag {
            kind,
            text,
            numbers: Vec::new(),
        });
    };
    if !matches!(voice.method.as_str(), "get" | "post") {
        all(
            FlagKind::Method,
            format!(
                "Twilio's voice method is {}: Pivot requests with GET or POST, so POST is used.",
                voice.method.to_ascii_uppercase()
            ),
        );
    }
    if voice.has_user_info() {
        all(
            FlagKind::UrlPassword,
            "A URL carries a user name and password: Kazoo sends them as basic auth, as Twilio \
             did (Erlang's httpc does so; not tried against a running Kazoo), so the draft keeps \
             them. The import shows them as ***; the checker will not call a URL with a password."
                .to_owned(),
        );
    }
    let fallback = voice.fallback_url.as_str();
    if let Some(class) = served_by_twilio(fallback) {
        all(
            FlagKind::FallbackLeftOut,
            format!(
                "The voice fallback URL is {}, served by Twilio, which answers only Twilio's own \
                 requests: Kazoo's would fail, so it is left out of the draft. Host that TwiML on \
                 your own server and set it as the draft's fallback server.",
                match class {
                    Class::Studio => "a Studio flow",
                    Class::TwimlBin => "a TwiML Bin",
                    Class::Function => "a Twilio Function",
                    _ => "a Twilio-hosted page",
                }
            ),
        );
    } else if !fallback.is_empty() && !is_requestable(fallback) {
        all(
            FlagKind::FallbackLeftOut,
            format!(
                "The voice fallback URL is not a web address Kazoo can request (http:// or \
                 https:// with a server, at most {URL_MAX_CHARS} characters): it is left out."
            ),
        );
    } else if !fallback.is_empty() {
        all(
            FlagKind::Fallback,
            format!(
                "Voice fallback URL → a second pivot node on the “_” child ({}): Kazoo requests it \
                 when your server answers 4xx or 5xx, or cannot be reached or times out (after \
                 Kazoo's 10 s wait). Unlike Twilio, an empty answer, or TwiML served as \
                 text/html, hangs up and never reaches the fallback (PIVOT_TWIML.md §1).",
                web_method(&voice.fallback_method).to_ascii_uppercase()
            ),
        );
    }
    let callback = voice.status_callback.as_str();
    if !callback.is_empty() && !is_requestable(callback) {
        all(
            FlagKind::CdrLeftOut,
            format!(
                "The status callback is not a web address Kazoo can post to (http:// or \
                 https:// with a server, at most {URL_MAX_CHARS} characters): it is left out."
            ),
        );
    } else if !callback.is_empty() {
        all(
            FlagKind::CdrUrl,
            "Status callback → CDR URL: like Twilio's status callback on a number, it is \
             requested once, when the call ends, but with Kazoo's CDR fields (call ID, duration, \
             hang-up cause…), not Twilio's CallSid, CallStatus and CallDuration, and Kazoo always \
             POSTs it form-encoded. With a CDR URL Kazoo also does not hang up when your TwiML \
             ends: end each document with <Hangup/>."
                .to_owned(),
        );
    }
    let some = |test: &dyn Fn(&TwilioNumber, &PlannedNumber) -> bool| -> Vec<String> {
        members
            .iter()
            .filter(|(record, planned)| test(record, planned))
            .map(|(_, planned)| planned.number.clone())
            .collect()
    };
    let lookup = some(&|record, planned| match &planned.application {
        Some(sid) => apps
            .get(sid.as_str())
            .is_some_and(|a| a.voice_caller_id_lookup),
        None => record.voice_caller_id_lookup,
    });
    // Twilio's welcome demo is the SMS URL of a number nobody set up.
    let sms = some(&|r, _| {
        let url = |u: &str| !u.is_empty() && !is_twilio_placeholder(u);
        url(&r.sms_url) || url(&r.sms_fallback_url) || !r.sms_application_sid.is_empty()
    });
    let callback_get = some(&|_, p| {
        p.voice
            .as_ref()
            .is_some_and(|v| !v.status_callback.is_empty() && v.status_callback_method != "post")
    });
    let emergency = some(&|r, _| {
        r.emergency_status.eq_ignore_ascii_case("active") || !r.emergency_address_sid.is_empty()
    });
    let regulatory = some(&|r, _| {
        !matches!(
            r.address_requirements.to_ascii_lowercase().as_str(),
            "" | "none"
        ) || !r.address_sid.is_empty()
            || !r.bundle_sid.is_empty()
    });
    let listed = [
        (FlagKind::CallerIdLookup, lookup, "Caller ID lookup (CNAM) is on in Twilio: switch on the number's inbound CNAM lookup in Kazoo (its cnam.inbound_lookup setting); Pivot then sends the caller's name as CallerName."),
        (FlagKind::Sms, sms, "SMS settings (SMS URL or messaging app): Pivot moves calls only; messages to these numbers need another route."),
        (FlagKind::StatusCallbackMethod, callback_get, "The status callback used GET: Kazoo posts the CDR with POST."),
        (FlagKind::Emergency, emergency, "An emergency address is registered with Twilio: register it again with your Kazoo carrier."),
        (FlagKind::Regulatory, regulatory, "Twilio holds a regulatory address or bundle for it: porting it to your Kazoo carrier needs them again."),
    ];
    for (kind, numbers, text) in listed {
        if !numbers.is_empty() {
            flags.push(Flag {
                kind,
                text: text.to_owned(),
                numbers,
            });
        }
    }
    flags
}
