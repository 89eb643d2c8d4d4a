//! Moving numbers off Twilio: a Twilio IncomingPhoneNumbers export read
//! into a [`Plan`] of pivot drafts.
//!
//! The export may be the REST API's JSON (`{"incoming_phone_numbers":
//! […], …paging keys}`, snake_case; several pages pasted one after
//! another), the Twilio CLI's JSON (`twilio phone-numbers:list -o json`:
//! an array, camelCase) or CSV with a header row (either spelling). The
//! Applications (TwiML Apps) export, in the same shapes, is optional: a
//! number that points at an app (`voice_application_sid`) takes that
//! app's voice URL, method, fallback and status callback, as Twilio does.
//!
//! Every number is classified with the reason in plain words
//! ([`Class`]); the movable ones are grouped by voice configuration
//! ([`Voice::group_key`]), one pivot draft per group, built through
//! [`crate::pivot::PivotInput`] ([`Group::pivot_input`]). Settings with no
//! Kazoo equivalent are listed per group ([`Flag`]). Pure: the caller
//! says which numbers the Kazoo account has.
//!
//! - `entry.rs`: the text read into entries (JSON pages or CSV rows)
//! - `record.rs`: an entry as a Twilio number or TwiML App
//! - `classify.rs`: what Pivot can do with a number, and why
//! - `group.rs`: movable numbers grouped, named and flagged
//! - `userinfo.rs`: a password in a URL, masked wherever it is shown

mod classify;
mod entry;
mod group;
mod record;
mod userinfo;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use classify::Class;
pub use entry::{Format, Place, Problem};
pub use group::{Flag, FlagKind, Group};
pub use record::{Application, TwilioNumber, Voice, FRIENDLY_NAME_MAX_CHARS};
pub use userinfo::{has_user_info, masked as masked_url};

/// The most numbers one import takes.
pub const NUMBERS_MAX: usize = 10_000;

/// Which of the two exports a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Which {
    /// The IncomingPhoneNumbers export.
    Numbers,
    /// The Applications (TwiML Apps) export.
    Applications,
}

/// Why an export could not be read: which one, and what is wrong, in
/// plain words (`Display`). Nothing is planned from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} {problem}", match .which { Which::Numbers => "The numbers export", Which::Applications => "The Applications export" })]
pub struct ImportError {
    pub which: Which,
    pub problem: Problem,
}

/// The exports as read: the numbers (in export order) and the TwiML Apps.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub format: Format,
    /// JSON values read (REST pages, CLI arrays); 1 for CSV.
    pub pages: usize,
    pub numbers: Vec<TwilioNumber>,
    pub applications: Vec<Application>,
    /// What the reader should know about how the export was read.
    pub notes: Vec<String>,
}

impl Export {
    /// Reads the numbers export and, when given, the Applications export.
    ///
    /// # Errors
    /// The first problem found in either, saying which export, where
    /// (entry, page or line) and what to do.
    pub fn read(numbers: &[u8], applications: Option<&[u8]>) -> Result<Self, ImportError> {
        let read = entry::read(numbers, Which::Numbers).map_err(|problem| ImportError {
            which: Which::Numbers,
            problem,
        })?;
        let numbers = read
            .entries
            .iter()
            .map(TwilioNumber::from_entry)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|problem| ImportError {
                which: Which::Numbers,
                problem,
            })?;
        let applications = match applications {
            Some(bytes) if !bytes.iter().all(u8::is_ascii_whitespace) => {
                let apps =
                    entry::read(bytes, Which::Applications).map_err(|problem| ImportError {
                        which: Which::Applications,
                        problem,
                    })?;
                apps.entries
                    .iter()
                    .map(Application::from_entry)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|problem| ImportError {
                        which: Which::Applications,
                        problem,
                    })?
            }
            _ => Vec::new(),
        };
        Ok(Self {
            format: read.format,
            pages: read.pages,
            numbers,
            applications,
            notes: read.notes,
        })
    }

    /// Every number as Kazoo stores it (`kazoo::numbers::normalize`), each
    /// once: what to look up in the account.
    pub fn kazoo_numbers(&self) -> Vec<String> {
        let set: BTreeSet<String> = self.numbers.iter().map(TwilioNumber::number).collect();
        set.into_iter().collect()
    }

    /// Classifies and groups every number; `in_account` says whether the
    /// Kazoo account has a number (as Kazoo stores it).
    pub fn plan(&self, in_account: impl Fn(&str) -> bool) -> Plan {
        let apps: BTreeMap<&str, &Application> = self
            .applications
            .iter()
            .map(|app| (app.sid.as_str(), app))
            .collect();
        let mut seen = BTreeSet::new();
        let mut repeated = Vec::new();
        let mut planned = Vec::new();
        for record in &self.numbers {
            let number = record.number();
            if !seen.insert(number.clone()) {
                repeated.push(number);
                continue;
            }
            planned.push((record, classify::classify(record, &apps, &in_account)));
        }
        let groups = group::groups(&mut planned, &apps);
        // Only a group's voice makes a draft: a number's keeps no password
        // and no URL past the bound.
        let numbers = planned
            .into_iter()
            .map(|(_, mut n)| {
                if let Some(voice) = n.voice.as_mut() {
                    voice.for_display();
                }
                n
            })
            .collect();
        Plan {
            format: self.format,
            pages: self.pages,
            applications: self.applications.len(),
            numbers,
            groups,
            repeated,
            notes: self.notes.clone(),
        }
    }
}

/// One number of the export, classified. Its texts (reason, voice) show
/// a URL's user info masked (`https://***@host/v`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedNumber {
    /// As Kazoo stores it (`+14155550100`).
    pub number: String,
    /// As the export wrote it.
    pub phone_number: String,
    pub friendly_name: String,
    /// Twilio's id of the number (`PN…`).
    pub sid: String,
    pub class: Class,
    /// Why, in plain words, and what to do.
    pub reason: String,
    /// Whether the Kazoo account has the number.
    pub in_account: bool,
    /// Where Twilio sends its calls (the TwiML App's settings when it
    /// uses one), user info masked and cut as text shows it; `None` for trunks, fax and numbers
    /// without a voice URL.
    pub voice: Option<Voice>,
    /// The TwiML App (`AP…`) its voice settings come from.
    pub application: Option<String>,
    /// Its group ([`Plan::groups`] index), when it moves.
    pub group: Option<usize>,
}

/// What an import would do: every number with its class and reason, and
/// the groups of movable numbers, one pivot draft each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub format: Format,
    pub pages: usize,
    /// TwiML Apps read from the Applications export.
    pub applications: usize,
    /// Every number, in export order, each once.
    pub numbers: Vec<PlannedNumber>,
    pub groups: Vec<Group>,
    /// Numbers listed more than once (the first entry is used).
    pub repeated: Vec<String>,
    /// What the reader should know about how the export was read (a CSV
    /// without the columns that tell a trunk or a TwiML App).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Plan {
    /// The numbers that do not move, in export order.
    pub fn not_moved(&self) -> impl Iterator<Item = &PlannedNumber> {
        self.numbers.iter().filter(|n| n.group.is_none())
    }

    /// The planned number `number` (as Kazoo stores it).
    pub fn number(&self, number: &str) -> Option<&PlannedNumber> {
        self.numbers.iter().find(|n| n.number == number)
    }
}
