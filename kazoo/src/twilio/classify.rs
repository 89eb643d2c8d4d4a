//! What Pivot can do with each Twilio number, and why, in plain words.
//! Twilio's own order decides what answers a number: an Elastic SIP Trunk
//! overrides every voice setting, then fax reception, then a TwiML App,
//! then the number's voice URL
//! (<https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource>).
//! Pivot requests a web server for TwiML (`../shared/kazoo/PIVOT_TWIML.md`
//! §1-2), so only a voice URL on the customer's own server moves; 2600Hz's
//! "Switching from Twilio" guide says Studio flows cannot move.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Application, PlannedNumber, TwilioNumber, Voice};
use crate::{pivot::URL_MAX_CHARS, text};

/// What a number is, as far as moving it with Pivot goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Its voice URL is the customer's own TwiML server: it moves.
    Movable,
    /// It would move, but the Kazoo account does not have the number.
    NotInAccount,
    /// A Studio flow answers it (`webhooks.twilio.com/…/Flows/…`).
    Studio,
    /// A TwiML Bin answers it (`handler.twilio.com/twiml/…`).
    TwimlBin,
    /// A Twilio Function answers it (`….twil.io`).
    Function,
    /// Another Twilio-hosted URL (Twimlets, `demo.twilio.com`).
    TwilioHosted,
    /// It is on an Elastic SIP Trunk.
    Trunk,
    /// It receives faxes.
    Fax,
    /// Nothing answers it: no voice URL, no TwiML App, or Twilio's
    /// welcome demo (a number nobody configured).
    NoVoiceUrl,
    /// It uses a TwiML App the Applications export does not have.
    MissingApplication,
    /// Its voice URL is no web address Kazoo can request.
    BadUrl,
}

impl Class {
    /// Every class, in the order pages list them.
    pub const ALL: [Self; 11] = [
        Self::Movable,
        Self::NotInAccount,
        Self::Studio,
        Self::TwimlBin,
        Self::Function,
        Self::TwilioHosted,
        Self::Trunk,
        Self::Fax,
        Self::NoVoiceUrl,
        Self::MissingApplication,
        Self::BadUrl,
    ];

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Movable => "Moves with Pivot",
            Self::NotInAccount => "Not in the Kazoo account",
            Self::Studio => "Studio flow",
            Self::TwimlBin => "TwiML Bin",
            Self::Function => "Twilio Function",
            Self::TwilioHosted => "Served by Twilio",
            Self::Trunk => "SIP trunk",
            Self::Fax => "Fax",
            Self::NoVoiceUrl => "No voice URL",
            Self::MissingApplication => "TwiML App not in the export",
            Self::BadUrl => "Not a web address",
        }
    }

    /// The snake_case name (as in JSON and the CSV).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Movable => "movable",
            Self::NotInAccount => "not_in_account",
            Self::Studio => "studio",
            Self::TwimlBin => "twiml_bin",
            Self::Function => "function",
            Self::TwilioHosted => "twilio_hosted",
            Self::Trunk => "trunk",
            Self::Fax => "fax",
            Self::NoVoiceUrl => "no_voice_url",
            Self::MissingApplication => "missing_application",
            Self::BadUrl => "bad_url",
        }
    }

    /// Where the console helps with the next step: the page and the
    /// link's words.
    pub fn link(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Studio => Some(("/callflows/new", "Rebuild it in the callflow editor")),
            Self::TwimlBin | Self::Function | Self::TwilioHosted => {
                Some(("/checker", "Check its TwiML in the checker"))
            }
            _ => None,
        }
    }
}

/// Whether `url` is one Pivot can request: `http(s)://` with a host, one
/// line, within the pivot form's length.
pub(super) fn is_requestable(url: &str) -> bool {
    crate::pivot::is_web_url(url)
        && url.chars().count() <= URL_MAX_CHARS
        && text::line_problem(url).is_none()
}

/// Whether `url` is the demo Twilio gives a number nobody configured
/// (`https://demo.twilio.com/welcome/voice/`, `…/welcome/sms/reply`).
pub(super) fn is_twilio_placeholder(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case("demo.twilio.com"))
            && u.path().to_ascii_lowercase().starts_with("/welcome/")
    })
}

/// The Twilio-hosted kind of `url`, if Twilio serves it.
pub(super) fn served_by_twilio(url: &str) -> Option<Class> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed
        .host_str()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let path = parsed.path().to_ascii_lowercase();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if host == "webhooks.twilio.com" && path.contains("/flows/") {
        Some(Class::Studio)
    } else if host == "handler.twilio.com" && path.starts_with("/twiml/") {
        Some(Class::TwimlBin)
    } else if under("twil.io") {
        Some(Class::Function)
    } else if under("twilio.com") || under("twimlets.com") {
        Some(Class::TwilioHosted)
    } else {
        None
    }
}

/// The number classified (its group is set later).
pub(super) fn classify(
    record: &TwilioNumber,
    apps: &BTreeMap<&str, &Application>,
    in_account: &dyn Fn(&str) -> bool,
) -> PlannedNumber {
    let number = record.number();
    let in_account = in_account(&number);
    let mut application = None;
    let (class, reason, voice) = if !record.trunk_sid.is_empty() {
        (
            Class::Trunk,
            format!(
                "It is on an Elastic SIP Trunk ({}): Twilio sends its calls to your SIP equipment, \
                 not to a voice URL. Not a Pivot route: in Kazoo, route it to a device or a carrier.",
                short(&record.trunk_sid)
            ),
            None,
        )
    } else if record.voice_receive_mode == "fax" {
        (
            Class::Fax,
            "It receives faxes (voice_receive_mode fax). Not a Pivot route.".to_owned(),
            None,
        )
    } else if !record.voice_application_sid.is_empty() {
        let sid = record.voice_application_sid.as_str();
        application = Some(sid.to_owned());
        match apps.get(sid) {
            Some(app) => {
                let via = format!("its TwiML App “{}” ({})", app_name(app), short(sid));
                by_url(&app.voice, &via)
            }
            None => (
                Class::MissingApplication,
                format!(
                    "It uses the TwiML App {}, which the Applications export does not have: \
                     import again with the Applications (TwiML Apps) export to move it.",
                    short(sid)
                ),
                None,
            ),
        }
    } else {
        by_url(&record.voice, "its voice URL")
    };
    let (class, reason) = match (class, in_account) {
        (Class::Movable, false) => (
            Class::NotInAccount,
            format!(
                "{reason} But the Kazoo account does not have this number: add or port it to \
                 Kazoo first, then import again."
            ),
        ),
        (_, false) => (
            class,
            format!("{reason} The Kazoo account does not have this number yet either."),
        ),
        _ => (class, reason),
    };
    PlannedNumber {
        number,
        phone_number: record.phone_number.clone(),
        friendly_name: record.friendly_name.clone(),
        sid: record.sid.clone(),
        class,
        reason,
        in_account,
        voice,
        application,
        group: None,
    }
}

/// The class of a voice configuration by its URL; `via` names where it
/// comes from ("its voice URL", "its TwiML App …").
fn by_url(voice: &Voice, via: &str) -> (Class, String, Option<Voice>) {
    let url = voice.url.as_str();
    if url.is_empty() {
        let reason = format!(
            "Nothing answers its calls in Twilio ({via} is empty): there is no server for Pivot \
             to request. Not a Pivot route."
        );
        return (Class::NoVoiceUrl, reason, None);
    }
    if is_twilio_placeholder(url) {
        let reason = format!(
            "It is not configured in Twilio ({via} is Twilio's welcome demo, {url}): nothing of \
             yours answers it, so there is nothing for Pivot to request. Not a Pivot route."
        );
        return (Class::NoVoiceUrl, reason, None);
    }
    let shown = quoted(&super::userinfo::masked(url));
    let length = url.chars().count();
    let class = match served_by_twilio(url) {
        Some(class) => class,
        None if length > URL_MAX_CHARS => {
            let reason = format!(
                "{} ({shown}) is {length} characters long: a pivot action takes a URL of at most \
                 {URL_MAX_CHARS}. Shorten it on your server, then import again.",
                capital(via)
            );
            return (Class::BadUrl, reason, Some(voice.clone()));
        }
        None if !is_requestable(url) => {
            let reason = format!(
                "{} ({shown}) is not a web address Kazoo can request: it must be http:// or \
                 https:// with a server name.",
                capital(via)
            );
            return (Class::BadUrl, reason, Some(voice.clone()));
        }
        None => Class::Movable,
    };
    let reason = match class {
        Class::Studio => format!(
            "A Studio flow answers it ({via} is {shown}). Pivot cannot run Studio flows \
             (2600Hz says so): rebuild the flow in the callflow editor."
        ),
        Class::TwimlBin => format!(
            "A TwiML Bin answers it ({shown}), and Twilio serves Bins only to Twilio. Host that \
             TwiML on your own server first (the checker reads the Bin's TwiML once pasted), then \
             import again."
        ),
        Class::Function => format!(
            "A Twilio Function answers it ({shown}): its code runs on Twilio. Host it on your own \
             server first, then import again."
        ),
        Class::TwilioHosted => format!(
            "Twilio serves {via} ({shown}). Host that TwiML on your own server first, then import \
             again."
        ),
        _ if super::group::web_method(&voice.method) != voice.method => format!(
            "{} is your own server ({shown}): Pivot requests it for TwiML with POST (Twilio used \
             {}, which Pivot does not send).",
            capital(via),
            voice.method.to_ascii_uppercase()
        ),
        _ => format!(
            "{} is your own server ({shown}): Pivot requests it for TwiML with {}, as Twilio did.",
            capital(via),
            voice.method.to_ascii_uppercase()
        ),
    };
    (class, reason, Some(voice.clone()))
}

/// A URL as a reason quotes it: whole up to 120 characters, else cut
/// with "…".
fn quoted(url: &str) -> String {
    if url.chars().count() <= 120 {
        url.to_owned()
    } else {
        format!("{}…", url.chars().take(119).collect::<String>())
    }
}

fn app_name(app: &Application) -> String {
    if app.friendly_name.is_empty() {
        app.sid.clone()
    } else {
        app.friendly_name.chars().take(60).collect()
    }
}

fn short(sid: &str) -> String {
    sid.chars().take(40).collect()
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_hosts_are_recognised() {
        let cases = [
            (
                "https://webhooks.twilio.com/v1/Accounts/AC1/Flows/FW1",
                Some(Class::Studio),
            ),
            (
                "https://handler.twilio.com/twiml/EH123",
                Some(Class::TwimlBin),
            ),
            (
                "https://shiny-cat-1234.twil.io/voice",
                Some(Class::Function),
            ),
            (
                "https://demo.twilio.com/welcome/voice/",
                Some(Class::TwilioHosted),
            ),
            (
                "http://twimlets.com/forward?PhoneNumber=1",
                Some(Class::TwilioHosted),
            ),
            ("https://voice.example.com/twiml", None),
            ("https://nottwilio.com/x", None),
            ("https://webhooks.twilio.com.example.com/Flows/x", None),
        ];
        for (url, want) in cases {
            assert_eq!(served_by_twilio(url), want, "{url}");
        }
    }

    #[test]
    fn only_web_addresses_are_requestable() {
        assert!(is_requestable("https://voice.example.com/twiml"));
        for bad in [
            "ftp://x.example/a",
            "voice.example.com",
            "https://",
            "https://a b.example",
        ] {
            assert!(!is_requestable(bad), "{bad}");
        }
    }
}
