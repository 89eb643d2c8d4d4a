//! Movable numbers grouped by voice configuration ([`Voice::group_key`]):
//! one pivot draft per group, named from the friendly name (one number)
//! or the voice URL's host and path (several), with the settings Kazoo
//! has no equivalent for listed ([`Flag`]). A group larger than a pivot
//! action may route ([`crate::pivot::NUMBERS_MAX`]) is split in parts.
//! The caveats are worked out in `group/flags.rs`.

mod flags;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use self::flags::flags;
use super::{
    classify::{is_requestable, served_by_twilio},
    Application, Class, PlannedNumber, TwilioNumber, Voice,
};
use crate::{
    pivot::{FallbackKind, PivotInput, NAME_MAX_CHARS, NUMBERS_MAX},
    text,
};

/// Numbers with one voice configuration: one pivot draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The draft's name.
    pub name: String,
    pub voice: Voice,
    /// As Kazoo stores them, in export order.
    pub numbers: Vec<String>,
    /// Caveats and settings with no Kazoo equivalent.
    pub flags: Vec<Flag>,
}

/// What kind of caveat a [`Flag`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The status callback became the CDR URL: not the same events.
    CdrUrl,
    /// The status callback is no web address: left out.
    CdrLeftOut,
    /// The voice fallback URL became a second pivot node on `_`.
    Fallback,
    /// The fallback URL is no web address, or one Twilio serves (Studio,
    /// TwiML Bin, Function): left out.
    FallbackLeftOut,
    /// The fallback URL is served by Twilio, which answers only Twilio.
    /// No longer made (such a fallback is left out: `FallbackLeftOut`);
    /// kept so imports stored before still read.
    FallbackOnTwilio,
    /// A voice method other than GET or POST: POST is used.
    Method,
    /// A URL carries a user name and password (basic auth).
    UrlPassword,
    /// Caller ID lookup (CNAM) was on.
    CallerIdLookup,
    /// SMS settings: Pivot moves voice only.
    Sms,
    /// The status callback used GET; Kazoo posts the CDR.
    StatusCallbackMethod,
    /// An emergency address was registered with Twilio.
    Emergency,
    /// A regulatory address or bundle is held by Twilio.
    Regulatory,
}

/// A caveat of a group, in plain words, and the numbers it is about
/// (empty: every number of the group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub text: String,
    pub numbers: Vec<String>,
}

impl Group {
    /// The pivot action for `numbers` of this group (those not already in
    /// a draft): TwiML, the voice URL and method, the fallback URL as a
    /// second pivot node on the `_` child (left out when it is no web
    /// address or Twilio serves it), the status callback as the CDR URL. Built and checked by [`PivotInput`], like every pivot draft.
    pub fn pivot_input(&self, numbers: &[String]) -> PivotInput {
        let voice = &self.voice;
        let kept = |url: &str| {
            if is_requestable(url) {
                url.to_owned()
            } else {
                String::new()
            }
        };
        // Twilio serves Studio, Bins and Functions only to Twilio: Kazoo's
        // request would fail, so that fallback is left out (flagged).
        let fallback_url = if served_by_twilio(&voice.fallback_url).is_some() {
            String::new()
        } else {
            kept(&voice.fallback_url)
        };
        let fallback = if fallback_url.is_empty() {
            FallbackKind::None
        } else {
            FallbackKind::Pivot
        };
        PivotInput {
            name: self.name.clone(),
            numbers: numbers.to_vec(),
            voice_url: voice.url.clone(),
            method: web_method(&voice.method).to_owned(),
            req_format: "twiml".to_owned(),
            req_body_format: "form".to_owned(),
            cdr_url: kept(&voice.status_callback),
            fallback: fallback.as_str().to_owned(),
            fallback_url,
            fallback_method: web_method(&voice.fallback_method).to_owned(),
            ..PivotInput::default()
        }
    }
}

/// GET or POST as Pivot takes them; anything else is sent as POST.
pub(super) fn web_method(method: &str) -> &'static str {
    if method == "get" {
        "get"
    } else {
        "post"
    }
}

/// Groups the movable numbers of `planned` (setting each one's group).
pub(super) fn groups(
    planned: &mut [(&TwilioNumber, PlannedNumber)],
    apps: &BTreeMap<&str, &Application>,
) -> Vec<Group> {
    let mut order: Vec<Vec<String>> = Vec::new();
    let mut members: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for (i, (_, number)) in planned.iter().enumerate() {
        let Some(voice) = number
            .voice
            .as_ref()
            .filter(|_| number.class == Class::Movable)
        else {
            continue;
        };
        // URLs compared as parsed: `HTTPS://Voice.Example.com/x` and
        // `https://voice.example.com/x` are one server.
        let key: Vec<String> = voice
            .group_key()
            .iter()
            .enumerate()
            .map(|(i, part)| match i {
                0 | 2 | 4 => {
                    url::Url::parse(part).map_or_else(|_| (*part).to_owned(), String::from)
                }
                _ => (*part).to_owned(),
            })
            .collect();
        members
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(i);
    }
    let mut groups = Vec::new();
    let mut names = HashMap::new();
    for key in order {
        let all = &members[&key];
        let parts: Vec<&[usize]> = all.chunks(NUMBERS_MAX).collect();
        let base = unique(&mut names, base_name(planned, all));
        for (part, indexes) in parts.iter().enumerate() {
            let name = if parts.len() == 1 {
                base.clone()
            } else {
                format!("{base} (part {} of {})", part + 1, parts.len())
            };
            let voice = planned[indexes[0]].1.voice.clone().unwrap_or_default();
            let members: Vec<(&TwilioNumber, &PlannedNumber)> = indexes
                .iter()
                .map(|&i| (planned[i].0, &planned[i].1))
                .collect();
            let flags = flags(&voice, &members, apps);
            let numbers = members.iter().map(|(_, n)| n.number.clone()).collect();
            for &i in indexes.iter() {
                planned[i].1.group = Some(groups.len());
            }
            groups.push(Group {
                name,
                voice,
                numbers,
                flags,
            });
        }
    }
    groups
}

/// The friendly name of a lone number, else the voice URL's host and
/// path; cut to leave room for "(part 1 of 2)" or "(2)".
fn base_name(planned: &[(&TwilioNumber, PlannedNumber)], members: &[usize]) -> String {
    let first = &planned[members[0]].1;
    let name = if members.len() == 1 {
        clean_name(&first.friendly_name)
    } else {
        let url = first.voice.as_ref().map_or("", |v| v.url.as_str());
        url::Url::parse(url)
            .ok()
            .map(|u| {
                let host = u.host_str().unwrap_or_default().to_owned();
                format!("{host}{}", u.path().trim_end_matches('/'))
            })
            .map(|n| clean_name(&n))
            .unwrap_or_default()
    };
    if name.is_empty() {
        first.number.clone()
    } else {
        name
    }
}

/// A one-line visible name within the pivot form's bound, without the
/// characters a name may not hold (`text::name_problem`).
fn clean_name(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| text::name_problem(&c.to_string()).is_none())
        .collect();
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text::has_visible(&line) {
        return String::new();
    }
    line.chars().take(NAME_MAX_CHARS - 20).collect()
}

/// `name`, or `name (2)`, `name (3)`… when an earlier group has it.
fn unique(seen: &mut HashMap<String, usize>, name: String) -> String {
    let count = seen.entry(name.clone()).or_insert(0);
    *count += 1;
    match *count {
        1 => name,
        n => format!("{name} ({n})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_visible_line() {
        assert_eq!(clean_name("  Sales\tline\u{202E} "), "Sales line");
        assert_eq!(clean_name("\u{200B}"), "");
        assert_eq!(
            clean_name(&"x".repeat(500)).chars().count(),
            NAME_MAX_CHARS - 20
        );
    }

    #[test]
    fn repeated_names_are_numbered() {
        let mut seen = HashMap::new();
        assert_eq!(unique(&mut seen, "a".into()), "a");
        assert_eq!(unique(&mut seen, "a".into()), "a (2)");
        assert_eq!(unique(&mut seen, "b".into()), "b");
    }
}
