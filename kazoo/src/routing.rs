//! Where a call to a number goes, decided the way Kazoo's callflow app
//! decides it, so Numbers Routing shows what callers really reach.
//!
//! Followed from 2600hz/kazoo `applications/callflow/src/cf_flow.erl`
//! (`lookup/2`) and `cf_exe.erl` (API.md §5.6):
//! 1. **Exact number**: the callflow whose `numbers` holds the dialled
//!    number as stored.
//! 2. **Patterns**: every pattern of the account is run over the number
//!    (an unanchored PCRE search). The longest match wins: the whole match
//!    for a pattern without capture groups, the longest captured group for
//!    one with groups. On a tie the pattern met first in Kazoo's list wins:
//!    that list is its `listing_by_pattern` view read backwards, and the
//!    view is sorted by the pattern in CouchDB's collation (ICU's), so the
//!    pattern that sorts last wins. Ties are common: two anchored patterns
//!    over one number both match all of it.
//! 3. **`no_match`**: a number of digits (with an optional leading `+`)
//!    that matched nothing goes to the callflow listing the number
//!    `no_match`, the account's catch-all.
//!
//! The first node that runs is then found by passing over nodes switched
//! off with `skip_module: true` to their `_` child; a skipped node without
//! one ends the call ("wildcard child does not exist", `cf_exe.erl`).
//!
//! The table that finds callflows (`feature = "routing"`) compiles
//! patterns with `fancy-regex` (backreferences and look-around, as PCRE
//! has them; one it cannot read is listed, not silently ignored) and
//! orders them with ICU collation, as CouchDB orders the view's keys. The
//! types and [`first_running`] are plain data, for the browser too.

#[cfg(feature = "routing")]
mod table;

use serde::{Deserialize, Serialize};

use crate::callflow::{Node, FALLBACK_BRANCH};

#[cfg(feature = "routing")]
pub use table::{Answer, RoutingTable, Unreadable};

/// The number a catch-all callflow lists (`?NO_MATCH_CF` in Kazoo).
pub const NO_MATCH: &str = "no_match";

/// How the answering callflow was found (JSON: `"number"`,
/// `{"pattern": "^…$"}`, `"no_match"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The number is in its `numbers`.
    Number,
    /// One of its `patterns` matched (the pattern, as written).
    Pattern(String),
    /// Nothing matched: the account's `no_match` callflow.
    NoMatch,
}

/// A node passed over because its data says `skip_module: true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Dotted path of the node (`flow`, `flow.children._`, …).
    pub path: String,
    /// Its module name.
    pub module: String,
}

/// What runs first when a call enters a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    /// The first node that runs; `None` when none does (no flow, or a
    /// skipped node with no `_` child): the call ends.
    pub node: Option<&'a Node>,
    /// Dotted path of that node.
    pub path: String,
    /// Nodes passed over on the way, outermost first.
    pub skipped: Vec<Skipped>,
}

/// `maybe_use_nomatch/2`: only numbers of digits, with an optional `+`.
pub fn is_dialable(number: &str) -> bool {
    let digits = number.strip_prefix('+').unwrap_or(number);
    digits.bytes().all(|b| b.is_ascii_digit())
}

/// The node a call entering `flow` runs first, passing over skipped nodes.
pub fn first_running(flow: Option<&Node>) -> Entry<'_> {
    let mut entry = Entry {
        node: None,
        path: "flow".to_owned(),
        skipped: Vec::new(),
    };
    let mut current = flow;
    while let Some(node) = current {
        if !node.is_skipped() {
            entry.node = Some(node);
            return entry;
        }
        entry.skipped.push(Skipped {
            path: entry.path.clone(),
            module: node.module.name().to_owned(),
        });
        entry.path.push_str(".children.");
        entry.path.push_str(FALLBACK_BRANCH);
        current = node.child(FALLBACK_BRANCH);
    }
    entry
}

#[cfg(all(test, feature = "routing"))]
mod tests;
