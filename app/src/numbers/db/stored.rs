//! The snapshot's rows as written to Postgres (through
//! `jsonb_to_recordset`): a number's route and a callflow's routing facts
//! flattened into columns.

use serde::Serialize;

use crate::numbers::{
    model::{Entry, NumberRow, Route, Via},
    routing::RoutedCallflow,
};

/// A `routed_number` row as written (through `jsonb_to_recordset`).
#[derive(Serialize)]
pub(super) struct StoredNumber<'a> {
    number: &'a str,
    number_state: Option<&'a str>,
    route_kind: &'static str,
    callflow_id: Option<&'a str>,
    callflow_name: Option<&'a str>,
    voice_url: Option<&'a str>,
    pivot_method: Option<&'a str>,
    req_format: Option<&'a str>,
    route_via: Option<&'static str>,
    matched_pattern: Option<&'a str>,
    entry_module: Option<&'a str>,
    entry_summary: Option<&'a str>,
    skipped_modules: &'a [String],
}

/// The columns that say what runs first (`routed_number` and
/// `routed_callflow` share them).
struct EntryColumns<'a> {
    module: Option<&'a str>,
    summary: Option<&'a str>,
    voice_url: Option<&'a str>,
    method: Option<&'a str>,
    req_format: Option<&'a str>,
}

fn entry_columns(entry: &Entry) -> EntryColumns<'_> {
    match entry {
        Entry::Pivot {
            voice_url,
            method,
            req_format,
        } => EntryColumns {
            module: Some("pivot"),
            summary: None,
            voice_url: Some(voice_url),
            method: Some(method),
            req_format: Some(req_format),
        },
        Entry::Node { module, summary } => EntryColumns {
            module: Some(module),
            summary: Some(summary),
            voice_url: None,
            method: None,
            req_format: None,
        },
        Entry::Ends => EntryColumns {
            module: None,
            summary: None,
            voice_url: None,
            method: None,
            req_format: None,
        },
    }
}

impl<'a> StoredNumber<'a> {
    pub(super) fn of(row: &'a NumberRow) -> Self {
        let mut stored = Self {
            number: &row.number,
            number_state: row.state.as_deref(),
            route_kind: row.route.kind(),
            callflow_id: None,
            callflow_name: None,
            voice_url: None,
            pivot_method: None,
            req_format: None,
            route_via: None,
            matched_pattern: None,
            entry_module: None,
            entry_summary: None,
            skipped_modules: &[],
        };
        if let Route::Routed {
            callflow_id,
            callflow_name,
            via,
            entry,
            skipped,
        } = &row.route
        {
            let entry = entry_columns(entry);
            stored.callflow_id = Some(callflow_id);
            stored.callflow_name = callflow_name.as_deref();
            stored.voice_url = entry.voice_url;
            stored.pivot_method = entry.method;
            stored.req_format = entry.req_format;
            stored.entry_module = entry.module;
            stored.entry_summary = entry.summary;
            stored.skipped_modules = skipped;
            (stored.route_via, stored.matched_pattern) = match via {
                Via::Number => (Some("number"), None),
                Via::Pattern(p) => (Some("pattern"), Some(p.as_str())),
                Via::NoMatch => (Some("no_match"), None),
            };
        }
        stored
    }
}

/// A `routed_callflow` row as written and read.
#[derive(Serialize)]
pub(super) struct StoredCallflow<'a> {
    callflow_id: &'a str,
    name: Option<&'a str>,
    numbers: &'a [String],
    patterns: &'a [String],
    route_kind: &'static str,
    entry_module: Option<&'a str>,
    entry_summary: Option<&'a str>,
    voice_url: Option<&'a str>,
    pivot_method: Option<&'a str>,
    req_format: Option<&'a str>,
    skipped_modules: &'a [String],
    modules: &'a [String],
}

impl<'a> StoredCallflow<'a> {
    pub(super) fn of(c: &'a RoutedCallflow) -> Self {
        let entry = entry_columns(&c.entry);
        Self {
            callflow_id: &c.callflow_id,
            name: c.name.as_deref(),
            numbers: &c.numbers,
            patterns: &c.patterns,
            route_kind: if matches!(c.entry, Entry::Pivot { .. }) {
                "pivot"
            } else {
                "callflow"
            },
            entry_module: entry.module,
            entry_summary: entry.summary,
            voice_url: entry.voice_url,
            pivot_method: entry.method,
            req_format: entry.req_format,
            skipped_modules: &c.skipped,
            modules: &c.modules,
        }
    }
}

/// The node that runs first, read back from its columns: `pivot` (the
/// route kind says a pivot runs first) with its request, another module
/// with its summary, or none.
pub(super) fn entry_from_columns(
    pivot: bool,
    module: Option<String>,
    summary: Option<String>,
    voice_url: Option<String>,
    method: Option<String>,
    req_format: Option<String>,
) -> Entry {
    use kazoo::rules::{PIVOT_DEFAULT_METHOD, PIVOT_DEFAULT_REQ_FORMAT};
    match module {
        Some(_) if pivot => Entry::Pivot {
            voice_url: voice_url.unwrap_or_default(),
            method: method.unwrap_or_else(|| PIVOT_DEFAULT_METHOD.to_owned()),
            req_format: req_format.unwrap_or_else(|| PIVOT_DEFAULT_REQ_FORMAT.to_owned()),
        },
        Some(module) => Entry::Node {
            summary: summary.unwrap_or_else(|| module.clone()),
            module,
        },
        None => Entry::Ends,
    }
}
