//! A Kazoo JSON answer walked: the node the callflow app runs (§5).

use super::{Event, Step, StepEnd};
use crate::{
    callflow::{Module, Node},
    checker::kazoo_json::check_kazoo_json,
};

pub(super) fn walk(body: &str) -> Step {
    let report = check_kazoo_json(body);
    let node = report.node.as_ref().filter(|_| report.is_valid());
    let Some(node) = node else {
        return Step {
            outcome: None,
            events: vec![Event::Note {
                at: None,
                text: "Kazoo would not run this answer: see the findings.".into(),
            }],
            variables: Vec::new(),
            end: StepEnd::NotRun,
        };
    };
    let mut pivot_urls = Vec::new();
    pivots(node, &mut pivot_urls);
    Step {
        outcome: None,
        events: vec![Event::Node {
            module: node.module.name().to_owned(),
            summary: node.summary(),
        }],
        variables: Vec::new(),
        end: StepEnd::CallflowTakesOver { pivot_urls },
    }
}

/// The voice URLs of every pivot node in the tree, parent first.
fn pivots(node: &Node, out: &mut Vec<String>) {
    if let Module::Pivot(pivot) = &node.module {
        out.push(pivot.voice_url.clone());
    } else if node.module.name() == "pivot" {
        if let Some(url) = node.module.data().and_then(|d| {
            d.get("voice_url")
                .and_then(|u| u.as_str())
                .map(str::to_owned)
        }) {
            out.push(url);
        }
    }
    for child in node.children.iter().flat_map(|c| c.values()) {
        pivots(child, out);
    }
}
