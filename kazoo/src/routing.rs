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
//!    one with groups. On a tie the pattern met first in Kazoo's list wins;
//!    that list is its `listing_by_pattern` view (sorted by the pattern)
//!    read backwards, which we approximate by byte order.
//! 3. **`no_match`**: a number of digits (with an optional leading `+`)
//!    that matched nothing goes to the callflow listing the number
//!    `no_match`, the account's catch-all.
//!
//! The first node that runs is then found by passing over nodes switched
//! off with `skip_module: true` to their `_` child; a skipped node without
//! one ends the call ("wildcard child does not exist", `cf_exe.erl`).
//!
//! Patterns are compiled with `fancy-regex` (backreferences and
//! look-around, as PCRE has them); one it cannot read is listed in
//! [`RoutingTable::unreadable`] rather than silently ignored.

use std::collections::HashMap;

use crate::callflow::{Callflow, Node, FALLBACK_BRANCH};

/// The number a catch-all callflow lists (`?NO_MATCH_CF` in Kazoo).
pub const NO_MATCH: &str = "no_match";

/// How the answering callflow was found.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The callflow that answers a number, how it was found and what runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<'a> {
    /// The Kazoo id of the callflow.
    pub callflow_id: &'a str,
    pub callflow: &'a Callflow,
    pub via: Via,
    pub entry: Entry<'a>,
}

/// A pattern Kazoo would use that could not be compiled here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub callflow_id: String,
    pub pattern: String,
    /// Why it could not be compiled.
    pub error: String,
}

struct Pattern {
    source: String,
    callflow: usize,
    regex: fancy_regex::Regex,
    has_groups: bool,
}

/// The account's callflows, indexed for [`RoutingTable::resolve`]; build
/// it once per account (patterns are compiled here).
pub struct RoutingTable {
    callflows: Vec<(String, Callflow)>,
    by_number: HashMap<String, usize>,
    patterns: Vec<Pattern>,
    unreadable: Vec<Unreadable>,
}

impl RoutingTable {
    /// Indexes `(id, document)` pairs: every live callflow of an account.
    pub fn new(callflows: impl IntoIterator<Item = (String, Callflow)>) -> Self {
        let callflows: Vec<(String, Callflow)> = callflows.into_iter().collect();
        let mut by_number = HashMap::new();
        let mut patterns = Vec::new();
        let mut unreadable = Vec::new();
        for (index, (id, doc)) in callflows.iter().enumerate() {
            for source in doc.patterns.iter().flatten() {
                match fancy_regex::Regex::new(source) {
                    Ok(regex) => patterns.push(Pattern {
                        has_groups: regex.captures_len() > 1,
                        source: source.clone(),
                        callflow: index,
                        regex,
                    }),
                    Err(e) => unreadable.push(Unreadable {
                        callflow_id: id.clone(),
                        pattern: source.clone(),
                        error: e.to_string(),
                    }),
                }
            }
        }
        // Kazoo tries the view's rows (sorted by pattern, then id) from
        // the last to the first.
        patterns.sort_by(|a, b| {
            (b.source.as_bytes(), &callflows[b.callflow].0)
                .cmp(&(a.source.as_bytes(), &callflows[a.callflow].0))
        });
        // A number in two callflows (uniqueness is only checked on save):
        // Kazoo's `listing_by_number` view sorts them by id and it takes
        // the first.
        let mut order: Vec<usize> = (0..callflows.len()).collect();
        order.sort_by(|a, b| callflows[*a].0.cmp(&callflows[*b].0));
        for index in order {
            for number in callflows[index].1.numbers() {
                by_number.entry(number.clone()).or_insert(index);
            }
        }
        Self {
            callflows,
            by_number,
            patterns,
            unreadable,
        }
    }

    /// Patterns Kazoo would try that could not be compiled here: numbers
    /// they catch may show as not routed.
    pub fn unreadable(&self) -> &[Unreadable] {
        &self.unreadable
    }

    /// The callflow a call to `number` reaches, with what runs first;
    /// `None` when Kazoo finds none (the call is refused).
    pub fn resolve(&self, number: &str) -> Option<Answer<'_>> {
        let (callflow_id, callflow, via) = self.find(number)?;
        Some(Answer {
            callflow_id,
            callflow,
            via,
            entry: first_running(callflow.flow.as_ref()),
        })
    }

    /// The callflow a call to `number` reaches (its id and document) and
    /// how it was found, without looking at its flow: enough for a table
    /// built from numbers and patterns only.
    pub fn find(&self, number: &str) -> Option<(&str, &Callflow, Via)> {
        if number.is_empty() {
            return None;
        }
        let (index, via) = if let Some(index) = self.by_number.get(number) {
            (*index, Via::Number)
        } else if number == NO_MATCH {
            return None;
        } else if let Some((index, pattern)) = self.best_pattern(number) {
            (index, Via::Pattern(pattern.to_owned()))
        } else if is_dialable(number) {
            (*self.by_number.get(NO_MATCH)?, Via::NoMatch)
        } else {
            return None;
        };
        let (id, callflow) = &self.callflows[index];
        Some((id, callflow, via))
    }

    /// `test_callflow_patterns/3`: the longest match, first met on a tie.
    fn best_pattern(&self, number: &str) -> Option<(usize, &str)> {
        let mut best: Option<(usize, &Pattern)> = None;
        for pattern in &self.patterns {
            let Ok(Some(captures)) = pattern.regex.captures(number) else {
                continue;
            };
            let length = if pattern.has_groups {
                (1..captures.len())
                    .map(|i| captures.get(i).map_or(0, |m| m.as_str().len()))
                    .max()
                    .unwrap_or(0)
            } else {
                captures.get(0).map_or(0, |m| m.as_str().len())
            };
            if best.is_none_or(|(longest, _)| length > longest) {
                best = Some((length, pattern));
            }
        }
        best.map(|(_, p)| (p.callflow, p.source.as_str()))
    }
}

/// `maybe_use_nomatch/2`: only numbers of digits, with an optional `+`.
fn is_dialable(number: &str) -> bool {
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

#[cfg(test)]
mod tests;
