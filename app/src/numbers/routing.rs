//! The account's routing worked out the way Kazoo works it out, with the
//! callflow model's `kazoo::routing` (`cf_flow.erl`): which callflow
//! answers each number, how it was found, and what runs first. Used when
//! the snapshot is read from Kazoo, after a sync changes one callflow, and
//! to tell what a number typed in a form reaches now. Server only.

use std::collections::{BTreeMap, HashMap};

use kazoo::{
    callflow::{Callflow, Node},
    routing::{self, RoutingTable},
    PhoneNumber,
};
use serde::{Deserialize, Serialize};

use super::model::{Entry, NumberRow, Route};

/// A callflow as routing needs it (a `routed_callflow` row): what it
/// answers, and what a call entering it reaches first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutedCallflow {
    pub callflow_id: String,
    pub name: Option<String>,
    pub numbers: Vec<String>,
    pub patterns: Vec<String>,
    pub entry: Entry,
    /// Modules passed over on the way in (`skip_module`), outermost first.
    pub skipped: Vec<String>,
    /// Every module the flow runs, each name once: see [`modules_of`].
    pub modules: Vec<String>,
}

impl RoutedCallflow {
    /// Reads a callflow document (`id` is its Kazoo id).
    pub fn of(callflow_id: &str, doc: &Callflow) -> Self {
        let entry = routing::first_running(doc.flow.as_ref());
        Self {
            callflow_id: callflow_id.to_owned(),
            name: doc.name.clone(),
            numbers: doc.numbers().to_vec(),
            patterns: doc.patterns.clone().unwrap_or_default(),
            entry: entry.node.map_or(Entry::Ends, entry_of),
            skipped: entry.skipped.into_iter().map(|s| s.module).collect(),
            modules: modules_of(doc),
        }
    }

    /// Whether changing this callflow can change how numbers it does not
    /// list are routed (it has patterns, or it is the catch-all).
    pub fn reaches_beyond_its_numbers(&self) -> bool {
        !self.patterns.is_empty() || self.numbers.iter().any(|n| n == routing::NO_MATCH)
    }
}

/// The name of every module in a callflow's flow (as the model's
/// [`Callflow::nodes`] finds them), each once: the first node's first,
/// then the others by depth, a level in branch order (`0`–`9`, `_`, …).
/// The Callflows page shows them in plain words.
pub fn modules_of(doc: &Callflow) -> Vec<String> {
    let mut nodes = doc.nodes();
    // `nodes()` gives children before their parent; by depth instead
    // (a stable sort keeps branch order within a level).
    nodes.sort_by_key(|(path, _)| path.matches(".children.").count());
    let mut names: Vec<String> = Vec::new();
    for (_, node) in nodes {
        let name = node.module.name();
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    names
}

/// The node a call meets first, as Numbers Routing shows it (a pivot
/// read as Kazoo reads it: `kazoo::pivot::Request`).
fn entry_of(node: &Node) -> Entry {
    match kazoo::pivot::Request::of(node) {
        Some(request) => Entry::Pivot {
            voice_url: request.voice_url,
            method: request.method,
            req_format: request.req_format,
        },
        None => Entry::Node {
            module: node.module.name().to_owned(),
            summary: node.summary(),
        },
    }
}

/// Routes numbers over an account's callflows.
pub struct NumberRouter<'a> {
    table: RoutingTable,
    by_id: HashMap<&'a str, &'a RoutedCallflow>,
}

impl<'a> NumberRouter<'a> {
    /// Indexes the callflows (their numbers and patterns).
    pub fn new(callflows: &'a [RoutedCallflow]) -> Self {
        let table = RoutingTable::new(callflows.iter().map(|c| {
            let doc = Callflow {
                numbers: Some(c.numbers.clone()),
                patterns: Some(c.patterns.clone()),
                ..Callflow::default()
            };
            (c.callflow_id.clone(), doc)
        }));
        if !table.unreadable().is_empty() {
            tracing::warn!(
                patterns = ?table.unreadable().iter().map(|u| &u.pattern).collect::<Vec<_>>(),
                "callflow patterns that could not be compiled: numbers they catch show as not routed"
            );
        }
        let by_id = callflows
            .iter()
            .map(|c| (c.callflow_id.as_str(), c))
            .collect();
        Self { table, by_id }
    }

    /// What a call to `number` reaches.
    pub fn route(&self, number: &str) -> Route {
        let Some((id, _, via)) = self.table.find(number) else {
            return Route::NotRouted;
        };
        let Some(callflow) = self.by_id.get(id) else {
            return Route::NotRouted;
        };
        Route::Routed {
            callflow_id: callflow.callflow_id.clone(),
            callflow_name: callflow.name.clone(),
            via,
            entry: callflow.entry.clone(),
            skipped: callflow.skipped.clone(),
        }
    }
}

/// One row per number: every DID of the account (`numbers`, with its
/// state) plus every number a callflow lists that is not a DID
/// (extensions such as `1001`, the catch-all's `no_match`), each routed as
/// Kazoo routes it.
pub fn rows(
    numbers: &BTreeMap<String, PhoneNumber>,
    callflows: &[RoutedCallflow],
) -> Vec<NumberRow> {
    let router = NumberRouter::new(callflows);
    let mut states: BTreeMap<&str, Option<String>> = numbers
        .iter()
        .map(|(n, doc)| (n.as_str(), doc.state.clone()))
        .collect();
    for number in callflows.iter().flat_map(|c| &c.numbers) {
        states.entry(number.as_str()).or_insert(None);
    }
    states
        .into_iter()
        .map(|(number, state)| NumberRow {
            number: number.to_owned(),
            state,
            route: router.route(number),
            draft: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::numbers::model::Via;

    use super::*;

    fn callflow(id: &str, doc: Value) -> RoutedCallflow {
        RoutedCallflow::of(id, &Callflow::from_value(doc).unwrap())
    }

    fn did(state: &str) -> PhoneNumber {
        PhoneNumber {
            state: Some(state.into()),
            ..PhoneNumber::default()
        }
    }

    #[test]
    fn rows_route_dids_by_number_pattern_and_catch_all() {
        let callflows = vec![
            callflow(
                "main",
                json!({"name": "Main", "numbers": ["+14155550100", "1001"],
                "flow": {"module": "pivot", "data": {"voice_url": "https://x.example", "method": "POST"}}}),
            ),
            callflow(
                "block",
                json!({"name": "Overflow block", "patterns": ["^\\+1415555012[0-4]$"],
                "flow": {"module": "tts", "data": {"text": "Busy", "skip_module": true},
                         "children": {"_": {"module": "menu", "data": {}}}}}),
            ),
            callflow(
                "catch",
                json!({"name": "Catch-all", "numbers": ["no_match"],
                "flow": {"module": "offnet", "data": {}}}),
            ),
        ];
        let numbers: BTreeMap<String, PhoneNumber> = [
            ("+14155550100", "in_service"),
            ("+14155550121", "in_service"),
            ("+14155550199", "reserved"),
        ]
        .into_iter()
        .map(|(n, s)| (n.to_owned(), did(s)))
        .collect();

        let rows = rows(&numbers, &callflows);

        let by_number: BTreeMap<&str, &NumberRow> =
            rows.iter().map(|r| (r.number.as_str(), r)).collect();
        assert_eq!(
            by_number.keys().copied().collect::<Vec<_>>(),
            [
                "+14155550100",
                "+14155550121",
                "+14155550199",
                "1001",
                "no_match"
            ]
        );
        assert!(matches!(&by_number["+14155550100"].route,
            Route::Routed { via: Via::Number, entry: Entry::Pivot { method, .. }, .. } if method == "post"));
        assert!(matches!(&by_number["+14155550121"].route,
            Route::Routed { via: Via::Pattern(p), entry: Entry::Node { module, .. }, skipped, .. }
                if p == "^\\+1415555012[0-4]$" && module == "menu" && skipped == &["tts"]));
        assert!(matches!(&by_number["+14155550199"].route,
            Route::Routed { via: Via::NoMatch, callflow_id, .. } if callflow_id == "catch"));
        assert_eq!(by_number["1001"].state, None);
        assert_eq!(by_number["+14155550100"].route.kind(), "pivot");
        assert_eq!(by_number["+14155550121"].route.kind(), "callflow");
    }

    #[test]
    fn modules_are_listed_once_from_the_first_node_down() {
        let doc = Callflow::from_value(json!({"flow": {"module": "menu", "data": {}, "children": {
            "1": {"module": "tts", "data": {"text": "Hi"}, "children": {
                "_": {"module": "notification", "data": {}}}},
            "2": {"module": "tts", "data": {"text": "Bye"}},
            "_": {"module": "menu", "data": {}, "children": {"_": {"module": "hangup"}}}}}}))
        .unwrap();
        assert_eq!(modules_of(&doc), ["menu", "tts", "notification", "hangup"]);
        assert!(modules_of(&Callflow::default()).is_empty());
        assert_eq!(
            callflow("x", json!({"flow": {"module": "pivot", "data": {}}})).modules,
            ["pivot"]
        );
    }

    #[test]
    fn without_a_catch_all_unmatched_numbers_are_not_routed() {
        let numbers = BTreeMap::from([("+14155550150".to_owned(), did("in_service"))]);
        let rows = rows(&numbers, &[]);
        assert_eq!(rows[0].route, Route::NotRouted);
        assert_eq!(rows[0].route.kind(), "none");
    }
}
