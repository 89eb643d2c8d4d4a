//! The routing rules on their own, one case per rule of `cf_flow.erl`.

use serde_json::{json, Value};

use super::*;
use crate::callflow::Callflow;

fn table(docs: &[(&str, Value)]) -> RoutingTable {
    RoutingTable::new(
        docs.iter()
            .map(|(id, doc)| ((*id).to_owned(), Callflow::from_value(doc.clone()).unwrap())),
    )
}

fn pivot(url: &str) -> Value {
    json!({"module": "pivot", "data": {"voice_url": url, "method": "post", "req_format": "twiml"}, "children": {}})
}

/// (callflow id, via, module of the node that runs first)
fn route(t: &RoutingTable, number: &str) -> Option<(String, Via, Option<String>)> {
    t.resolve(number).map(|a| {
        (
            a.callflow_id.to_owned(),
            a.via,
            a.entry.node.map(|n| n.module.name().to_owned()),
        )
    })
}

#[test]
fn a_pattern_routes_numbers_no_callflow_lists() {
    // The first input: patterns and no numbers.
    let t = table(&[(
        "overflow",
        json!({"name": "Overflow block", "patterns": ["^\\+1415555012[0-4]$"],
               "flow": pivot("https://overflow.example.com/twiml")}),
    )]);
    for n in 120..=124 {
        let number = format!("+14155550{n}");
        let answer = t.resolve(&number).expect("routed by the pattern");
        assert_eq!(answer.callflow_id, "overflow");
        assert_eq!(answer.via, Via::Pattern("^\\+1415555012[0-4]$".into()));
        assert_eq!(
            answer.entry.node.unwrap().summary(),
            "Pivot · POST · https://overflow.example.com/twiml"
        );
    }
    assert_eq!(route(&t, "+14155550125"), None);
    assert_eq!(route(&t, "+141555501244"), None);
}

#[test]
fn a_skipped_pivot_passes_calls_to_its_wildcard_child() {
    // The second input.
    let t = table(&[(
        "moved",
        json!({"name": "IVR moved", "numbers": ["+14155550107"],
               "flow": {"module": "pivot", "data": {"voice_url": "https://old-ivr.example.com/voice", "method": "post",
                        "req_format": "twiml", "skip_module": true},
                        "children": {"_": pivot("https://new-ivr.example.com/voice")}}}),
    )]);
    let answer = t.resolve("+14155550107").unwrap();
    assert_eq!(answer.via, Via::Number);
    let entry = answer.entry;
    assert_eq!(
        entry.node.unwrap().summary(),
        "Pivot · POST · https://new-ivr.example.com/voice"
    );
    assert_eq!(entry.path, "flow.children._");
    assert_eq!(
        entry.skipped,
        [Skipped {
            path: "flow".into(),
            module: "pivot".into()
        }]
    );
}

#[test]
fn skipped_nodes_chain_and_a_skipped_leaf_ends_the_call() {
    let chain = json!({"module": "tts", "data": {"text": "old", "skip_module": true}, "children": {
        "1": pivot("https://not-this.example"),
        "_": {"module": "pivot", "data": {"voice_url": "https://x.example", "skip_module": true}, "children": {
            "_": {"module": "hangup", "data": {}}}}}});
    let node = Callflow::from_value(json!({"flow": chain}))
        .unwrap()
        .flow
        .unwrap();
    let entry = first_running(Some(&node));
    assert_eq!(entry.node.map(|n| n.module.name()), Some("hangup"));
    assert_eq!(entry.path, "flow.children._.children._");
    assert_eq!(entry.skipped.len(), 2);

    // No `_` child: Kazoo is "lost" and hangs up, whatever other branches exist.
    let t = table(&[(
        "off",
        json!({"numbers": ["+14155550108"], "flow": {"module": "pivot",
               "data": {"voice_url": "https://x.example", "skip_module": true},
               "children": {"1": pivot("https://y.example")}}}),
    )]);
    let answer = t.resolve("+14155550108").unwrap();
    assert_eq!(answer.entry.node, None);
    assert_eq!(answer.entry.skipped.len(), 1);

    // A callflow without a flow: routed, but nothing runs.
    let t = table(&[("empty", json!({"numbers": ["1002"]}))]);
    assert_eq!(route(&t, "1002"), Some(("empty".into(), Via::Number, None)));
}

#[test]
fn a_skipped_node_deeper_in_the_flow_does_not_change_the_entry() {
    let t = table(&[(
        "menu",
        json!({"numbers": ["+14155550101"], "flow": {"module": "menu", "data": {}, "children": {
            "1": {"module": "pivot", "data": {"voice_url": "https://x.example", "skip_module": true}}}}}),
    )]);
    let answer = t.resolve("+14155550101").unwrap();
    assert_eq!(answer.entry.node.unwrap().module.name(), "menu");
    assert!(answer.entry.skipped.is_empty());
    // "true" as a string is read as true too (Kazoo's is_true).
    let off = Callflow::from_value(
        json!({"flow": {"module": "tts", "data": {"text": "x", "skip_module": "true"}}}),
    )
    .unwrap();
    assert!(off.flow.unwrap().is_skipped());
}

#[test]
fn an_exact_number_beats_any_pattern() {
    let t = table(&[
        (
            "exact",
            json!({"numbers": ["+14155550121"], "flow": pivot("https://exact.example")}),
        ),
        (
            "block",
            json!({"patterns": ["^\\+1415555012\\d$"], "flow": pivot("https://block.example")}),
        ),
    ]);
    assert_eq!(route(&t, "+14155550121").unwrap().0, "exact");
    assert_eq!(route(&t, "+14155550122").unwrap().0, "block");
}

#[test]
fn a_pattern_and_a_number_on_the_same_callflow() {
    let t = table(&[(
        "both",
        json!({"numbers": ["+14155550130"], "patterns": ["^\\+1415555013\\d$"], "flow": pivot("https://b.example")}),
    )]);
    assert_eq!(route(&t, "+14155550130").unwrap().1, Via::Number);
    assert_eq!(
        route(&t, "+14155550131").unwrap().1,
        Via::Pattern("^\\+1415555013\\d$".into())
    );
}

#[test]
fn overlapping_patterns_pick_the_longest_match() {
    let t = table(&[
        // Unanchored at the end: matches 11 characters of a 12-digit number.
        (
            "short",
            json!({"patterns": ["^\\+141555501"], "flow": pivot("https://short.example")}),
        ),
        // The whole number: 12 characters.
        (
            "whole",
            json!({"patterns": ["^\\+1415555012\\d$"], "flow": pivot("https://whole.example")}),
        ),
        // With a group, only the group counts: 3 characters.
        (
            "group",
            json!({"patterns": ["^\\+14155550(12\\d)$"], "flow": pivot("https://group.example")}),
        ),
    ]);
    assert_eq!(route(&t, "+14155550125").unwrap().0, "whole");
    // Where the whole-number pattern does not match, the 11 characters win
    // over the 3 captured ones, though the group pattern matches all 12.
    let t2 = table(&[
        (
            "short",
            json!({"patterns": ["^\\+141555501"], "flow": pivot("https://short.example")}),
        ),
        (
            "group",
            json!({"patterns": ["^\\+14155550(1\\d\\d)$"], "flow": pivot("https://group.example")}),
        ),
    ]);
    assert_eq!(route(&t2, "+14155550190").unwrap().0, "short");
    // The longest captured group counts, named groups included.
    let t3 = table(&[
        (
            "named",
            json!({"patterns": ["^\\+1(?<area>415)(?<rest>\\d{7})$"], "flow": pivot("https://n.example")}),
        ),
        (
            "six",
            json!({"patterns": ["5550\\d\\d"], "flow": pivot("https://six.example")}),
        ),
    ]);
    assert_eq!(route(&t3, "+14155550190").unwrap().0, "named");
}

#[test]
fn equal_matches_go_to_the_pattern_kazoo_meets_first() {
    let t = table(&[
        (
            "a",
            json!({"patterns": ["^\\+1415555019\\d$"], "flow": pivot("https://a.example")}),
        ),
        (
            "b",
            json!({"patterns": ["^\\+14155550\\d{3}$"], "flow": pivot("https://b.example")}),
        ),
    ]);
    // Both match all 12 characters; the view is read backwards, so the
    // pattern that sorts last in CouchDB's (ICU's) collation is met first.
    // There `\` sorts before `1` (symbols before digits), so "a" is last;
    // in byte order it would be "b".
    assert_eq!(route(&t, "+14155550190").unwrap().0, "a");
    // The order the callflows come in does not matter.
    let t = table(&[
        (
            "b",
            json!({"patterns": ["^\\+14155550\\d{3}$"], "flow": pivot("https://b.example")}),
        ),
        (
            "a",
            json!({"patterns": ["^\\+1415555019\\d$"], "flow": pivot("https://a.example")}),
        ),
    ]);
    assert_eq!(route(&t, "+14155550190").unwrap().0, "a");
}

#[test]
fn unmatched_numbers_of_digits_reach_the_no_match_callflow() {
    let t = table(&[
        (
            "catch",
            json!({"name": "Catch-all", "numbers": ["no_match"],
                         "flow": {"module": "offnet", "data": {}}}),
        ),
        (
            "block",
            json!({"patterns": ["^\\+1415555012\\d$"], "flow": pivot("https://block.example")}),
        ),
    ]);
    assert_eq!(
        route(&t, "+14155550199"),
        Some(("catch".into(), Via::NoMatch, Some("offnet".into())))
    );
    assert_eq!(
        route(&t, "2001"),
        Some(("catch".into(), Via::NoMatch, Some("offnet".into())))
    );
    assert_eq!(route(&t, "+14155550121").unwrap().0, "block");
    // Only digits (and a leading +) may fall through to no_match.
    assert_eq!(route(&t, "*97"), None);
    assert_eq!(route(&t, "sip:x"), None);
    assert_eq!(route(&t, ""), None);
    // Without a no_match callflow, nothing answers.
    let t = table(&[(
        "block",
        json!({"patterns": ["^1$"], "flow": pivot("https://b.example")}),
    )]);
    assert_eq!(route(&t, "+14155550199"), None);
}

#[test]
fn patterns_that_cannot_be_read_are_reported() {
    let t = table(&[(
        "bad",
        json!({"patterns": ["^(unclosed", "^\\+1415$"], "flow": pivot("https://b.example")}),
    )]);
    assert_eq!(t.unreadable().len(), 1);
    assert_eq!(t.unreadable()[0].pattern, "^(unclosed");
    assert_eq!(route(&t, "+1415").unwrap().0, "bad");
    // Look-around and backreferences, as PCRE has them, are read.
    let t = table(&[(
        "pcre",
        json!({"patterns": ["^(\\d)\\1(?=\\d)"], "flow": pivot("https://p.example")}),
    )]);
    assert!(t.unreadable().is_empty());
    assert_eq!(route(&t, "11234").unwrap().0, "pcre");
}
