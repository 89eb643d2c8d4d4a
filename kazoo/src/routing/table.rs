//! The index Kazoo's routing works from: exact numbers, and every pattern
//! compiled and in Kazoo's order (`cf_flow.erl` `lookup/2`,
//! `compile_patterns`, `test_callflow_patterns`).

use std::{cmp::Ordering, collections::HashMap};

use icu_collator::{options::CollatorOptions, Collator, CollatorBorrowed};

use super::{first_running, is_dialable, Entry, Via, NO_MATCH};
use crate::callflow::Callflow;

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
        // Kazoo tries the view's rows (sorted by pattern, then id, in
        // CouchDB's collation) from the last to the first.
        let collator = couchdb_collator();
        let order = |a: &Pattern, b: &Pattern| {
            collate(&collator, &a.source, &b.source).then_with(|| {
                collate(
                    &collator,
                    &callflows[a.callflow].0,
                    &callflows[b.callflow].0,
                )
            })
        };
        patterns.sort_by(|a, b| order(b, a));
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

/// ICU's root collation with its default options: how CouchDB orders view
/// keys that are strings.
fn couchdb_collator() -> Option<CollatorBorrowed<'static>> {
    Collator::try_new(Default::default(), CollatorOptions::default()).ok()
}

/// `a` against `b` in CouchDB's order (byte order, should ICU's data ever
/// be missing).
fn collate(collator: &Option<CollatorBorrowed<'static>>, a: &str, b: &str) -> Ordering {
    match collator {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    }
}
