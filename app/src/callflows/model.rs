//! The Callflows page's data, shared by the server and the browser: a live
//! callflow as the list shows it, the query (search, page) and a page of
//! results; and what the Import JSON page shows again after a refusal.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{numbers::model::DraftMark, url::urlencode};

/// One live callflow of the account, from the routing snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallflowRow {
    /// Its Kazoo id.
    pub callflow_id: String,
    pub name: Option<String>,
    /// The numbers it lists, as Kazoo stores them.
    pub numbers: Vec<String>,
    /// Its patterns (regular expressions over the number).
    pub patterns: Vec<String>,
    /// What its flow runs, in plain words (Kazoo's module names through
    /// `Module::label`), each once, the first node's first.
    pub modules: Vec<String>,
    /// Its draft, when one edits it.
    pub draft: Option<DraftMark>,
}

impl CallflowRow {
    /// What the list calls it: its name, else its numbers, else its
    /// patterns, else its id.
    pub fn title(&self) -> String {
        match &self.name {
            Some(name) if !name.trim().is_empty() => name.clone(),
            _ if !self.numbers.is_empty() => self.numbers.join(", "),
            _ if !self.patterns.is_empty() => self.patterns.join(", "),
            _ => self.callflow_id.clone(),
        }
    }
}

/// The query behind a Callflows page (`/callflows?q=&page=`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallflowsQuery {
    /// Text searched in names, numbers and patterns.
    pub search: String,
    /// 1-based page number.
    pub page: u32,
}

impl CallflowsQuery {
    /// Rows per page (as Numbers Routing).
    pub const PAGE_SIZE: u32 = 50;

    /// What is wrong with the search (control characters, too long), in
    /// the admin's words: `numbers::model::search_problem`.
    pub fn search_problem(&self) -> Option<String> {
        crate::numbers::model::search_problem(&self.search)
    }

    /// The page's URL (`/callflows?q=…&page=…`), for links.
    pub fn to_url(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.is_empty() {
            parts.push(format!("q={}", urlencode(&self.search)));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/callflows".to_owned()
        } else {
            format!("/callflows?{}", parts.join("&"))
        }
    }
}

/// One page of the Callflows list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallflowsPage {
    pub rows: Vec<CallflowRow>,
    /// Callflows matching the query, over all pages.
    pub total: u64,
    /// Callflows of the account, whatever the query.
    pub account_total: u64,
    pub query: CallflowsQuery,
    /// When the routing was last read from Kazoo; `None` before the first
    /// read.
    #[serde(with = "time::serde::rfc3339::option")]
    pub refreshed_at: Option<OffsetDateTime>,
}

/// The Import JSON page: empty, or what was pasted last with why it was
/// refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportForm {
    /// The text as pasted.
    pub text: String,
    /// Why nothing was saved; `None` on a fresh page.
    pub error: Option<String>,
}

/// The most an imported callflow document may weigh, in bytes (UTF-8):
/// the body limit of every route (`BODY_LIMIT_BYTES`, 256 KiB). A form
/// post of that much is refused by the body limit itself; the page checks
/// the size before sending when JavaScript runs.
pub const IMPORT_MAX_BYTES: usize = 256 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_only_what_differs_from_the_default() {
        assert_eq!(CallflowsQuery::default().to_url(), "/callflows");
        let q = CallflowsQuery {
            search: "support menu".into(),
            page: 2,
        };
        assert_eq!(q.to_url(), "/callflows?q=support%20menu&page=2");
    }

    #[test]
    fn a_callflow_without_a_name_is_called_by_its_numbers() {
        let row = |name: Option<&str>, numbers: &[&str], patterns: &[&str]| CallflowRow {
            callflow_id: "abc".into(),
            name: name.map(str::to_owned),
            numbers: numbers.iter().map(|n| n.to_string()).collect(),
            patterns: patterns.iter().map(|n| n.to_string()).collect(),
            modules: vec![],
            draft: None,
        };
        assert_eq!(row(Some("Main"), &["1"], &[]).title(), "Main");
        assert_eq!(
            row(None, &["+14155550100", "1001"], &[]).title(),
            "+14155550100, 1001"
        );
        assert_eq!(row(Some(" "), &[], &["^1$"]).title(), "^1$");
        assert_eq!(row(None, &[], &[]).title(), "abc");
    }
}
