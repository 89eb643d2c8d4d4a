//! A Twilio import as its pages and the JSON API show it (both targets):
//! the groups (one pivot draft each) with their settings and caveats, the
//! numbers that do not move with why, and what Create drafts did.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The most an upload (the whole form: both exports) or an API body may
/// weigh: 16 MiB, about 9,000 numbers of the REST API's pretty-printed
/// JSON.
pub const UPLOAD_MAX_BYTES: usize = 16 * 1024 * 1024;

/// What Create drafts answers while another run for the account goes
/// (the API's 409, the page's notice).
pub const ALREADY_RUNNING: &str =
    "Create drafts is already running for this account: wait for it to finish.";

/// The import form: empty, or what was pasted last with why it was
/// refused (nothing was saved).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadForm {
    /// The numbers export as pasted (not kept past 256 KiB).
    pub text: String,
    /// The Applications export as pasted.
    pub applications: String,
    /// Why nothing was saved; `None` on a fresh page.
    pub error: Option<String>,
}

/// What an export would do: every number classified, the movable ones
/// in groups. A dry run of the API answers this alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// What was read, in words ("the REST API's JSON (2 pages) with 2
    /// TwiML Apps").
    pub source: String,
    /// How many numbers the export lists (each once).
    pub total: usize,
    pub groups: Vec<GroupView>,
    /// The numbers that do not move, in export order.
    pub not_moved: Vec<NumberView>,
    /// Numbers the export lists more than once (the first entry is used).
    pub repeated: Vec<String>,
    /// What to know about how the export was read, in words.
    pub notes: Vec<String>,
}

impl PlanView {
    /// The numbers that move (in groups).
    pub fn moving(&self) -> usize {
        self.groups.iter().map(|g| g.numbers.len()).sum()
    }
}

/// A stored import: its plan, and the outcome of Create drafts once run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: String,
    pub created_by: String,
    /// RFC 3339 in JSON.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(flatten)]
    pub plan: PlanView,
    /// What the last Create drafts did; `None` before.
    pub created: Option<CreatedView>,
}

/// A group of numbers with one voice configuration: one pivot draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    /// The draft's name.
    pub name: String,
    pub voice_url: String,
    /// `GET` or `POST`.
    pub method: String,
    /// `GET https://…` when Twilio had a voice fallback URL.
    pub fallback: Option<String>,
    /// The status callback, as the CDR URL.
    pub cdr_url: Option<String>,
    /// As Kazoo stores them.
    pub numbers: Vec<String>,
    pub flags: Vec<FlagView>,
    /// What Create drafts did for it.
    pub outcome: Option<GroupOutcome>,
}

/// A caveat of a group, and the numbers it is about (empty: all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagView {
    /// `kazoo::twilio::FlagKind` in snake_case (`cdr_url`, `sms`, …).
    pub kind: String,
    pub text: String,
    pub numbers: Vec<String>,
}

/// A number that does not move, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberView {
    /// As Kazoo stores it.
    pub number: String,
    pub friendly_name: String,
    /// `kazoo::twilio::Class` in snake_case (`studio`, `trunk`, …).
    pub class: String,
    /// The class in words ("Studio flow").
    pub label: String,
    pub reason: String,
    /// Where the console helps next: the page and the link's words.
    pub link: Option<(String, String)>,
}

/// A draft by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRef {
    pub id: String,
    pub name: String,
}

/// Numbers of a group that a draft already had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundDraft {
    pub draft: DraftRef,
    pub numbers: Vec<String>,
}

/// Numbers of a group that a live Kazoo callflow (no draft's) already
/// routes: no new draft takes them, as syncing it would conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutedCallflow {
    /// Kazoo's callflow id.
    pub id: String,
    /// Its name, or its id when it has none.
    pub name: String,
    pub numbers: Vec<String>,
}

/// What Create drafts did for one group: the draft it made (for the
/// numbers no draft or callflow had), the drafts that already had some,
/// the live callflows that route some, or why nothing was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupOutcome {
    pub created: Option<DraftRef>,
    pub found: Vec<FoundDraft>,
    /// Empty in imports stored before it was looked at.
    #[serde(default)]
    pub routed: Vec<RoutedCallflow>,
    pub error: Option<String>,
}

/// Who ran Create drafts, when, and what it made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedView {
    pub by: String,
    /// RFC 3339 in JSON.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Drafts made by that run.
    pub drafts_created: usize,
}

impl ImportView {
    /// The page of the import.
    pub fn path(&self) -> String {
        format!("/migrate/twilio/{}", self.id)
    }
}

/// Where the result CSV of import `id` is downloaded.
pub fn csv_path(id: &str) -> String {
    format!("/migrate/twilio/{id}/result.csv")
}
