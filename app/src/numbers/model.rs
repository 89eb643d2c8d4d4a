//! Numbers Routing's data, shared by the server and the browser: a number
//! with its route and draft, the query (search, filters, page) and a page
//! of results.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{drafts::model::DraftState, url::urlencode};

/// How Kazoo found the callflow that answers a number (`cf_flow.erl`):
/// `number`, `{"pattern": "^…$"}` or `no_match` in JSON.
pub use kazoo::routing::Via;

/// What a call entering a callflow reaches first, nodes switched off with
/// `skip_module` passed over (JSON: `{"pivot": {…}}`, `{"node": {…}}`,
/// `"ends"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// A pivot node: Kazoo requests this URL.
    Pivot {
        voice_url: String,
        /// `get` or `post` (Kazoo's default `get` when unset).
        method: String,
        /// `twiml` or `kazoo` (Kazoo's default `kazoo` when unset).
        req_format: String,
    },
    /// Any other node: its module and a one-line summary in plain words.
    Node { module: String, summary: String },
    /// No node runs (a skipped node without a `_` child): the call ends.
    Ends,
}

/// The account's numbers a callflow answers now, as the routing snapshot
/// has them: listed, by pattern or as the catch-all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    /// The first of them, in order (at most `numbers::db::REACH_SHOWN`).
    pub numbers: Vec<String>,
    /// How many there are in all.
    pub total: i64,
}

/// What a number is routed to now in Kazoo, found the way Kazoo finds it
/// (JSON: `{"routed": {…}}` or `"not_routed"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// A callflow answers it.
    Routed {
        callflow_id: String,
        callflow_name: Option<String>,
        via: Via,
        entry: Entry,
        /// Modules of the nodes passed over on the way in, outermost first.
        skipped: Vec<String>,
    },
    /// No callflow answers it: Kazoo refuses the call.
    NotRouted,
}

impl Route {
    /// The stored kind, and the "Routed to" filter's key: `pivot` when a
    /// pivot runs first, `callflow` for anything else, `none`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Routed {
                entry: Entry::Pivot { .. },
                ..
            } => "pivot",
            Self::Routed { .. } => "callflow",
            Self::NotRouted => "none",
        }
    }
}

/// One row of Numbers Routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberRow {
    pub number: String,
    /// Kazoo's number state (`in_service`, `reserved`, …); `None` for a
    /// callflow number that is not a DID (an extension such as `1001`).
    pub state: Option<String>,
    pub route: Route,
    /// The draft that routes (or will route) this number, if any.
    pub draft: Option<DraftMark>,
}

/// A draft mark next to a number in Numbers Routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftMark {
    pub id: String,
    pub state: DraftState,
}

/// Which numbers to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum RouteFilter {
    #[default]
    All,
    Pivot,
    Callflow,
    NotRouted,
}

impl RouteFilter {
    /// Every filter with its query value and label, in menu order.
    pub const ALL: [(Self, &'static str, &'static str); 4] = [
        (Self::All, "all", "All numbers"),
        (Self::Pivot, "pivot", "Pivot runs first"),
        (Self::Callflow, "callflow", "Other callflow"),
        (Self::NotRouted, "none", "Not routed"),
    ];

    /// Parses the `route` query value; unknown values mean "all".
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .iter()
            .find(|(_, key, _)| *key == value)
            .map_or(Self::All, |(f, _, _)| *f)
    }

    /// The `route` query value.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _, _)| *f == self)
            .map_or("all", |(_, key, _)| key)
    }
}

/// The query behind a Numbers Routing page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NumbersQuery {
    /// Text searched in numbers and callflow names.
    pub search: String,
    pub route: RouteFilter,
    /// Only numbers whose draft is in this state (`None`: any).
    #[serde(default)]
    pub draft: Option<DraftState>,
    /// 1-based page number.
    pub page: u32,
}

impl NumbersQuery {
    /// Rows per page.
    pub const PAGE_SIZE: u32 = 50;
    /// Longest search.
    pub const SEARCH_MAX_CHARS: usize = SEARCH_MAX_CHARS;

    /// What is wrong with the search: see [`search_problem`].
    pub fn search_problem(&self) -> Option<String> {
        search_problem(&self.search)
    }

    /// The page's URL query string (`?q=…&route=…&page=…`), for links.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.is_empty() {
            parts.push(format!("q={}", urlencode(&self.search)));
        }
        if self.route != RouteFilter::All {
            parts.push(format!("route={}", self.route.key()));
        }
        if let Some(state) = self.draft {
            parts.push(format!("draft={}", state.key()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{}", parts.join("&"))
        }
    }
}

/// Longest search of a list (a URL is the longest thing worth searching
/// for).
pub const SEARCH_MAX_CHARS: usize = 300;

/// What is wrong with a list's search (Numbers Routing, Callflows,
/// Drafts), in the admin's words: control characters (Postgres refuses
/// NUL) or too long. Checked before any query runs.
pub fn search_problem(search: &str) -> Option<String> {
    if kazoo::text::line_problem(search).is_some() {
        Some(
            "Nothing was searched: remove the control characters (such as tabs, line breaks \
             or NUL) or text-direction marks from the search."
                .to_owned(),
        )
    } else if search.chars().count() > SEARCH_MAX_CHARS {
        Some(format!(
            "Nothing was searched: keep the search to {SEARCH_MAX_CHARS} characters or fewer."
        ))
    } else {
        None
    }
}

/// One page of Numbers Routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumbersPage {
    pub rows: Vec<NumberRow>,
    /// Rows matching the query, over all pages.
    pub total: u64,
    /// Numbers of the account, whatever the query.
    pub account_total: u64,
    pub query: NumbersQuery,
    /// When the routing was last read from Kazoo; `None` before the first
    /// read.
    #[serde(with = "time::serde::rfc3339::option")]
    pub refreshed_at: Option<OffsetDateTime>,
}

impl NumbersPage {
    /// How many pages the query has (at least 1).
    pub fn page_count(&self) -> u32 {
        let size = u64::from(NumbersQuery::PAGE_SIZE);
        u32::try_from(self.total.div_ceil(size).max(1)).unwrap_or(u32::MAX)
    }
}

/// The account's routing refresh (a background job, `crate::jobs`) as the
/// pages that show the snapshot say it: Numbers Routing and Callflows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RefreshStatus {
    /// While a refresh runs: callflows read so far, of those Kazoo listed
    /// (`(0, 0)` before the listing came).
    pub refreshing: Option<(u32, u32)>,
    /// The running refresh is paused until an admin of the account signs
    /// in again (the Kazoo session expired).
    pub paused: bool,
    /// Why the running refresh waits, in the admin's words: paused until
    /// a sign-in (the Kazoo session expired), or its last try failed and
    /// it tries again.
    pub waiting: Option<String>,
    /// The newest refresh failed after the snapshot shown was taken: why,
    /// in the admin's words.
    pub refresh_error: Option<String>,
    /// When the snapshot shown was read from Kazoo; `None` before the
    /// first one.
    #[serde(with = "time::serde::rfc3339::option")]
    pub refreshed_at: Option<OffsetDateTime>,
}

impl RefreshStatus {
    /// The banner's line while a refresh runs: "Refreshing from Kazoo… 12
    /// of 40" (callflows read of listed), or without the count before the
    /// listing came.
    pub fn progress_text(&self) -> Option<String> {
        self.refreshing.map(|(read, listed)| match listed {
            0 => "Refreshing from Kazoo…".to_owned(),
            _ => format!("Refreshing from Kazoo… {read} of {listed}"),
        })
    }
}

/// One of the account's numbers as the number picker offers it, with
/// what answers it now (the pivot form and the callflow editor's root).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberOption {
    /// As Kazoo stores it (`+14155550100`).
    pub number: String,
    /// The callflow that answers it now; `None` when none does.
    pub used_by: Option<UsedBy>,
}

/// The callflow that answers a number, as the picker names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedBy {
    /// Its name, or its Kazoo id when it has none.
    pub callflow: String,
    /// Listed by the callflow, caught by one of its patterns, or the
    /// catch-all.
    pub via: Via,
}

/// The account's numbers for the picker (at most [`NumberOptions::MAX`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberOptions {
    /// In number order.
    pub options: Vec<NumberOption>,
    /// The account's numbers in all (more than `options` holds when the
    /// account has more than [`NumberOptions::MAX`]).
    pub total: u64,
}

impl NumberOptions {
    /// Most numbers the picker lists: a page stays light; others are typed.
    pub const MAX: usize = 1000;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_keep_only_what_differs_from_the_default() {
        assert_eq!(NumbersQuery::default().to_query_string(), "/");
        let q = NumbersQuery {
            search: "+1 415".into(),
            route: RouteFilter::Pivot,
            draft: Some(DraftState::Changed),
            page: 3,
        };
        assert_eq!(
            q.to_query_string(),
            "/?q=%2B1%20415&route=pivot&draft=changed&page=3"
        );
    }

    #[test]
    fn searches_with_control_characters_or_too_long_are_refused() {
        let query = |search: &str| NumbersQuery {
            search: search.into(),
            ..NumbersQuery::default()
        };
        assert_eq!(query("+1 415 sales").search_problem(), None);
        for bad in ["\0", "a\tb", "a\r\n", "\u{202E}x", &"9".repeat(301)] {
            assert!(query(bad).search_problem().is_some(), "{bad:?}");
        }
    }

    #[test]
    fn route_filters_parse_their_keys() {
        for (filter, key, _) in RouteFilter::ALL {
            assert_eq!(RouteFilter::parse(key), filter);
        }
        assert_eq!(RouteFilter::parse("bogus"), RouteFilter::All);
    }

    #[test]
    fn a_running_refresh_counts_callflows_read_of_listed() {
        let status = |refreshing| RefreshStatus {
            refreshing,
            ..RefreshStatus::default()
        };
        assert_eq!(status(None).progress_text(), None);
        assert_eq!(
            status(Some((0, 0))).progress_text().unwrap(),
            "Refreshing from Kazoo…"
        );
        assert_eq!(
            status(Some((12, 40))).progress_text().unwrap(),
            "Refreshing from Kazoo… 12 of 40"
        );
    }

    #[test]
    fn page_count_rounds_up() {
        let page = |total| NumbersPage {
            rows: vec![],
            total,
            account_total: total,
            query: NumbersQuery::default(),
            refreshed_at: None,
        };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(50).page_count(), 1);
        assert_eq!(page(51).page_count(), 2);
        assert_eq!(page(10_000).page_count(), 200);
    }
}
