//! An entry as a Twilio number (IncomingPhoneNumber) or TwiML App
//! (Application), with the fields the move reads. Twilio's field names:
//! <https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource>.

use serde::{Deserialize, Serialize};

use super::entry::{Entry, Place, Problem};
use crate::{numbers, pivot::URL_MAX_CHARS};

/// Where Twilio sends calls: the voice URL and what goes with it. Methods
/// are lower case, `post` when the export has none (Twilio's default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Voice {
    pub url: String,
    /// `get` or `post` as Twilio has it (another value is flagged).
    pub method: String,
    /// Requested by Twilio when the voice URL fails.
    pub fallback_url: String,
    pub fallback_method: String,
    /// Twilio's call status events go there.
    pub status_callback: String,
    pub status_callback_method: String,
}

impl Voice {
    fn from_entry(entry: &Entry) -> Self {
        Self {
            url: entry.get("voiceurl").to_owned(),
            method: method(entry.get("voicemethod")),
            fallback_url: entry.get("voicefallbackurl").to_owned(),
            fallback_method: method(entry.get("voicefallbackmethod")),
            status_callback: entry.get("statuscallback").to_owned(),
            status_callback_method: method(entry.get("statuscallbackmethod")),
        }
    }

    /// Every URL as text shows it: its user info masked (`userinfo.rs`),
    /// cut with "…" past [`crate::pivot::URL_MAX_CHARS`].
    pub fn for_display(&mut self) {
        for url in [
            &mut self.url,
            &mut self.fallback_url,
            &mut self.status_callback,
        ] {
            let masked = super::userinfo::masked(url);
            *url = if masked.chars().count() > URL_MAX_CHARS {
                let cut: String = masked.chars().take(URL_MAX_CHARS - 1).collect();
                format!("{cut}…")
            } else {
                masked
            };
        }
    }

    /// Whether any of its URLs carries a user name or password.
    pub fn has_user_info(&self) -> bool {
        [&self.url, &self.fallback_url, &self.status_callback]
            .into_iter()
            .any(|u| super::userinfo::has_user_info(u))
    }

    /// What numbers are grouped by: the voice URL and method, the fallback
    /// URL and its method (when there is a fallback), the status callback.
    pub fn group_key(&self) -> [&str; 5] {
        let fallback_method = if self.fallback_url.is_empty() {
            ""
        } else {
            &self.fallback_method
        };
        [
            &self.url,
            &self.method,
            &self.fallback_url,
            fallback_method,
            &self.status_callback,
        ]
    }
}

/// The most characters of a friendly name Twilio takes (its API's limit
/// on `FriendlyName`); a longer one in an export is cut there.
pub const FRIENDLY_NAME_MAX_CHARS: usize = 64;

fn friendly_name(entry: &Entry) -> String {
    entry
        .get("friendlyname")
        .chars()
        .take(FRIENDLY_NAME_MAX_CHARS)
        .collect()
}

fn method(text: &str) -> String {
    match text.trim() {
        "" => "post".to_owned(),
        m => m.to_ascii_lowercase(),
    }
}

fn flag(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes"
    )
}

/// A Twilio number as the export has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioNumber {
    pub place: Place,
    /// `PN…`.
    pub sid: String,
    /// As written (`+14155550100`).
    pub phone_number: String,
    pub friendly_name: String,
    pub voice: Voice,
    /// A TwiML App (`AP…`) whose voice settings Twilio uses instead.
    pub voice_application_sid: String,
    /// An Elastic SIP Trunk (`TK…`): Twilio ignores every voice setting.
    pub trunk_sid: String,
    /// `voice` or `fax`.
    pub voice_receive_mode: String,
    pub voice_caller_id_lookup: bool,
    pub sms_url: String,
    pub sms_fallback_url: String,
    pub sms_application_sid: String,
    pub emergency_status: String,
    pub emergency_address_sid: String,
    pub address_requirements: String,
    pub address_sid: String,
    pub bundle_sid: String,
}

impl TwilioNumber {
    /// Reads an entry; it must have a phone number.
    ///
    /// # Errors
    /// `MissingField` (with what the entry seems to be instead) or
    /// `WrongShape` for a phone number that is not one.
    pub fn from_entry(entry: &Entry) -> Result<Self, Problem> {
        let phone_number = entry.get("phonenumber").to_owned();
        if phone_number.is_empty() {
            return Err(Problem::MissingField {
                place: entry.place.clone(),
                field: "phone_number",
                hint: sid_hint(entry.get("sid")),
            });
        }
        let cleaned = numbers::clean(&phone_number);
        let digits = cleaned.strip_prefix('+').unwrap_or(&cleaned);
        if !(3..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            let shown: String = phone_number.chars().take(40).collect();
            return Err(Problem::WrongShape(format!(
                "has a phone number that is not one at {}: \"{shown}\".",
                entry.place
            )));
        }
        Ok(Self {
            place: entry.place.clone(),
            sid: entry.get("sid").to_owned(),
            phone_number,
            friendly_name: friendly_name(entry),
            voice: Voice::from_entry(entry),
            voice_application_sid: entry.get("voiceapplicationsid").to_owned(),
            trunk_sid: entry.get("trunksid").to_owned(),
            voice_receive_mode: entry.get("voicereceivemode").to_ascii_lowercase(),
            voice_caller_id_lookup: flag(entry.get("voicecalleridlookup")),
            sms_url: entry.get("smsurl").to_owned(),
            sms_fallback_url: entry.get("smsfallbackurl").to_owned(),
            sms_application_sid: entry.get("smsapplicationsid").to_owned(),
            emergency_status: entry.get("emergencystatus").to_owned(),
            emergency_address_sid: entry.get("emergencyaddresssid").to_owned(),
            address_requirements: entry.get("addressrequirements").to_owned(),
            address_sid: entry.get("addresssid").to_owned(),
            bundle_sid: entry.get("bundlesid").to_owned(),
        })
    }

    /// The number as Kazoo stores it (`kazoo::numbers::normalize`).
    pub fn number(&self) -> String {
        numbers::normalize(&numbers::clean(&self.phone_number))
    }
}

/// What an entry without a phone number seems to be, from its sid's
/// prefix (Twilio's resource prefixes).
fn sid_hint(sid: &str) -> String {
    let what = match sid.get(..2) {
        Some("AP") => "a TwiML App: that is the Applications export",
        Some("CA") => "a call: that is a calls export",
        Some("SM" | "MM") => "a message: that is a messages export",
        Some("RE") => "a recording",
        Some("TK") => "a SIP trunk",
        Some("AC") => "an account",
        _ => return " (export the IncomingPhoneNumbers list)".to_owned(),
    };
    let shown: String = sid.chars().take(40).collect();
    format!(" (its sid {shown} is {what}; export the IncomingPhoneNumbers list)")
}

/// A TwiML App (Application) as the export has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// `AP…`.
    pub sid: String,
    pub friendly_name: String,
    pub voice: Voice,
    pub voice_caller_id_lookup: bool,
}

impl Application {
    /// Reads an entry; it must have a sid.
    ///
    /// # Errors
    /// `MissingField` naming the entry.
    pub fn from_entry(entry: &Entry) -> Result<Self, Problem> {
        let sid = entry.get("sid").to_owned();
        if sid.is_empty() {
            return Err(Problem::MissingField {
                place: entry.place.clone(),
                field: "sid",
                hint: String::new(),
            });
        }
        if !sid.starts_with("AP") {
            let shown: String = sid.chars().take(40).collect();
            let numbers = if shown.starts_with("PN") {
                ": that is the numbers export"
            } else {
                ""
            };
            return Err(Problem::WrongShape(format!(
                "has an entry that is not a TwiML App at {}: its sid {shown} does not start with AP{numbers}.",
                entry.place
            )));
        }
        Ok(Self {
            sid,
            friendly_name: friendly_name(entry),
            voice: Voice::from_entry(entry),
            voice_caller_id_lookup: flag(entry.get("voicecalleridlookup")),
        })
    }
}
