//! Drafts as pages and the JSON API show them (both targets).

use kazoo::callflow::{Callflow, Difference};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a draft edits, and so which editor and which routes may write it
/// (Postgres enum `draft_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "draft_kind", rename_all = "lowercase")
)]
pub enum DraftKind {
    /// A callflow whose first node is `pivot`: the pivot action form.
    Pivot,
    /// Any other callflow: the callflow editor (read-only until it exists).
    Callflow,
}

impl DraftKind {
    /// The kind of a document: `Pivot` when its first node is `pivot`.
    pub fn of(doc: &Callflow) -> Self {
        match &doc.flow {
            Some(node) if node.module.name() == "pivot" => Self::Pivot,
            _ => Self::Callflow,
        }
    }
}

/// Where a draft stands against Kazoo: defined once, in SQL (the
/// `draft_status` view, Postgres enum `draft_state`); `None` is "no draft"
/// for Numbers Routing's filter and is never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "draft_state", rename_all = "lowercase")
)]
pub enum DraftState {
    /// No draft (Numbers Routing only).
    #[default]
    None,
    /// Never synced.
    Draft,
    /// Kazoo has exactly this document.
    Synced,
    /// Edited since the last sync.
    Changed,
    /// A sync is running (or was cut off; syncing again resumes it).
    Syncing,
    /// The last sync failed; the draft is kept.
    Error,
    /// The callflow changed in Kazoo since the draft was based on it.
    Conflict,
}

impl DraftState {
    /// Every state with its key and label, in menu order.
    pub const ALL: [(Self, &'static str, &'static str); 7] = [
        (Self::None, "none", "No draft"),
        (Self::Draft, "draft", "Draft"),
        (Self::Synced, "synced", "Synced"),
        (Self::Changed, "changed", "Changed since sync"),
        (Self::Syncing, "syncing", "Syncing"),
        (Self::Error, "error", "Sync error"),
        (Self::Conflict, "conflict", "Conflict"),
    ];

    /// Parses a key; unknown keys are `None`.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(s, _, _)| *s)
    }

    /// The key (query value, CSS class, API value).
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, _, _)| *s == self)
            .map_or("none", |(_, k, _)| k)
    }

    /// The label admins read.
    pub fn label(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, _, _)| *s == self)
            .map_or("", |(_, _, l)| l)
    }
}

/// A draft, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub id: String,
    pub name: String,
    pub kind: DraftKind,
    /// The callflow document sync will send.
    pub document: Callflow,
    pub state: DraftState,
    /// The Kazoo callflow it is synced as, once it is.
    pub kazoo_id: Option<String>,
    /// Version to send back when saving (optimistic locking).
    pub version: i32,
    pub last_error: Option<String>,
    pub updated_by: String,
    /// RFC 3339 in JSON (`2026-11-29T10:00:00.123456Z`).
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// When this console last synced it to Kazoo; RFC 3339 in JSON.
    #[serde(with = "time::serde::rfc3339::option")]
    pub synced_at: Option<OffsetDateTime>,
    /// When the live callflow it is based on was read from Kazoo (drafts
    /// opened from a live callflow); RFC 3339 in JSON.
    #[serde(with = "time::serde::rfc3339::option")]
    pub live_read_at: Option<OffsetDateTime>,
    /// The numbers the live callflow lists, as last synced or read; empty
    /// when it is not in Kazoo. (Removing its routing also affects the
    /// numbers its patterns answer: `numbers::model::Reach`.)
    pub live_numbers: Vec<String>,
}

/// A destructive action on a draft, as the confirmation page names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Delete the live callflow, if Kazoo still has what the draft is
    /// based on.
    Remove,
    /// Delete the live callflow whatever Kazoo has now.
    RemoveAnyway,
    /// Delete the draft (Kazoo is not touched).
    Discard,
    /// Replace the live callflow though it changed in Kazoo.
    SyncAnyway,
}

impl Action {
    /// Every action with its key (`?action=` and the route's last part).
    pub const ALL: [(Self, &'static str); 4] = [
        (Self::Remove, "remove"),
        (Self::RemoveAnyway, "remove-anyway"),
        (Self::Discard, "discard"),
        (Self::SyncAnyway, "sync-anyway"),
    ];

    /// The action of a key.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, k)| *k == key).map(|(a, _)| *a)
    }

    /// The key.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("remove", |(_, k)| k)
    }
}

/// The confirmation page of `action` on draft `id`.
pub fn confirm_page(id: &str, action: Action) -> String {
    format!("/drafts/{id}/confirm?action={}", action.key())
}

/// A draft beside the callflow Kazoo has now ("Compare it").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub draft: DraftView,
    /// Whether the draft is in Kazoo at all (synced, or opened from a
    /// live callflow); when not, there is nothing to compare.
    pub in_kazoo: bool,
    /// Kazoo's document now; `None` when it is not (or no longer) there.
    pub live: Option<Callflow>,
    /// Whether Kazoo's copy changed since the draft was based on it (its
    /// revision moved on).
    pub changed_in_kazoo: bool,
    /// Where the two differ: `left` is Kazoo's, `right` the draft's.
    pub differences: Vec<Difference>,
}

/// The query behind a Drafts page (`/drafts?q=&page=`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DraftsQuery {
    /// Text searched in draft names and numbers.
    pub search: String,
    /// 1-based page number.
    pub page: u32,
}

impl DraftsQuery {
    /// Rows per page.
    pub const PAGE_SIZE: u32 = 50;

    /// The page's URL (`/drafts?q=…&page=…`), for links.
    pub fn to_url(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.is_empty() {
            parts.push(format!("q={}", crate::url::urlencode(&self.search)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/drafts".to_owned()
        } else {
            format!("/drafts?{}", parts.join("&"))
        }
    }
}

/// A draft as the Drafts list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftListItem {
    pub id: String,
    pub name: String,
    pub kind: DraftKind,
    /// The numbers its document lists, in order.
    pub numbers: Vec<String>,
    pub state: DraftState,
    pub updated_by: String,
    /// RFC 3339 in JSON.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One page of the Drafts list, last edited first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftsPage {
    pub rows: Vec<DraftListItem>,
    /// Drafts matching the query, over all pages.
    pub total: u64,
    /// Drafts of the account, whatever the query.
    pub account_total: u64,
    pub query: DraftsQuery,
    /// Why a bulk sync posted from this page did not start (once).
    #[serde(default)]
    pub flash: Option<crate::flash::Flash>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_parse_their_keys() {
        for (state, key, label) in DraftState::ALL {
            assert_eq!(DraftState::parse(key), Some(state));
            assert_eq!(state.key(), key);
            assert!(!label.is_empty());
        }
        assert_eq!(DraftState::parse("x"), None);
    }

    #[test]
    fn drafts_urls_keep_only_what_differs_from_the_default() {
        assert_eq!(DraftsQuery::default().to_url(), "/drafts");
        let q = DraftsQuery {
            search: "+1 415".into(),
            page: 3,
        };
        assert_eq!(q.to_url(), "/drafts?q=%2B1%20415&page=3");
    }
}
