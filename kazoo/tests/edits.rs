//! Tree edits as functions of the model: each edit made and refused, the
//! branch rules, the `Edit` form, and random edit sequences over generated
//! flows (every result passes Kazoo's schemas, every undo gives back the
//! exact previous document).

use std::{cell::Cell, path::PathBuf};

use kazoo::{
    callflow::{Callflow, Edit, EditError, History, Module, Node, NodePath},
    schema::SchemaSet,
};
use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};
use serde_json::{json, Value};

fn doc(value: Value) -> Callflow {
    Callflow::from_value(value).unwrap()
}

/// Compact JSON in key order: equal texts are equal bytes.
fn text(doc: &Callflow) -> String {
    serde_json::to_string(doc).unwrap()
}

fn p(path: &str) -> NodePath {
    path.parse().unwrap()
}

fn hangup() -> Node {
    Node::new(Module::from_parts("hangup".into(), Some(json!({}))))
}

/// Main menu: 1 → sub-menu (1 → say, then notify; 2 → say), 0 → transfer.
fn ivr() -> Callflow {
    doc(json!({
        "name": "IVR", "numbers": ["+15551130451"],
        "flow": {"module": "menu", "data": {"id": "main"}, "children": {
            "1": {"module": "menu", "data": {"id": "sub"}, "children": {
                "1": {"module": "tts", "data": {"text": "Good choice, good bye"}, "children": {
                    "_": {"module": "notification", "data": {"recipients": [{"id": "orders@example.com", "type": "email"}]}}}},
                "2": {"module": "tts", "data": {"text": "Good choice, good bye"}}}},
            "0": {"module": "transfer", "data": {"target": "+15551130452"}}}}
    }))
}

fn keys(doc: &Callflow, at: &str) -> Vec<String> {
    doc.node(&p(at))
        .unwrap()
        .children
        .iter()
        .flatten()
        .map(|(k, _)| k.clone())
        .collect()
}

/// `edit` is refused with `error` and leaves the document as it was.
fn refused(doc: &mut Callflow, edit: Edit, error: &EditError) {
    let before = text(doc);
    assert_eq!(doc.apply(&edit).as_ref(), Err(error), "{edit:?}");
    assert_eq!(text(doc), before, "a refused edit changes nothing");
}

#[test]
fn add_puts_a_node_on_a_free_branch_the_parent_offers() {
    let mut doc = ivr();
    let at = doc.add_child(&p("/1"), "timeout", hangup()).unwrap();
    assert_eq!(at, p("/1/timeout"));
    assert_eq!(
        keys(&doc, "/1"),
        ["1", "2", "timeout"],
        "new branches go last"
    );
    doc.apply(&Edit::Add {
        parent: p("/0"),
        key: "_".into(),
        module: "tts".into(),
        data: Some(json!({"text": "Transferring"})),
    })
    .unwrap();
    assert!(matches!(
        doc.node(&p("/0/_")).unwrap().module,
        Module::Tts(_)
    ));
    // Without data the node gets `{}`, as Kazoo's schema wants.
    doc.apply(&Edit::Add {
        parent: p("/1/2"),
        key: "_".into(),
        module: "hangup".into(),
        data: None,
    })
    .unwrap();
    assert_eq!(
        doc.to_value()["flow"]["children"]["1"]["children"]["2"]["children"]["_"],
        json!({"module": "hangup", "data": {}})
    );
}

#[test]
fn add_sets_the_first_node_of_an_empty_flow() {
    let mut doc = doc(json!({"name": "New"}));
    let first = Edit::Add {
        parent: NodePath::root(),
        key: String::new(),
        module: "menu".into(),
        data: Some(json!({"id": "m"})),
    };
    assert_eq!(first.selects(), Some(NodePath::root()));
    doc.apply(&first).unwrap();
    assert_eq!(doc.node(&NodePath::root()).unwrap().module.name(), "menu");
    assert_eq!(
        text(&doc),
        r#"{"name":"New","flow":{"module":"menu","data":{"id":"m"}}}"#
    );
    let mut empty = Callflow::default();
    refused(
        &mut empty,
        Edit::Add {
            parent: NodePath::root(),
            key: "_".into(),
            module: "tts".into(),
            data: None,
        },
        &EditError::FirstNodeHasNoBranch,
    );
    refused(
        &mut empty,
        Edit::Add {
            parent: p("/1"),
            key: String::new(),
            module: "tts".into(),
            data: None,
        },
        &EditError::FirstNodeHasNoBranch,
    );
}

#[test]
fn add_refuses_keys_the_parent_does_not_offer_or_already_holds() {
    let mut doc = ivr();
    let add = |parent: &str, key: &str| Edit::Add {
        parent: p(parent),
        key: key.into(),
        module: "hangup".into(),
        data: None,
    };
    refused(
        &mut doc,
        add("", "_"),
        &EditError::KeyNotAllowed {
            module: "Menu".into(),
            key: "_".into(),
            offered: "the keys 0–9, * and #, and “No key pressed” (timeout)".into(),
        },
    );
    refused(
        &mut doc,
        add("", "1"),
        &EditError::KeyTaken {
            module: "Menu".into(),
            branch: "Press 1".into(),
        },
    );
    refused(
        &mut doc,
        add("/1/1", "_"),
        &EditError::KeyTaken {
            module: "Say".into(),
            branch: "Otherwise".into(),
        },
    );
    refused(
        &mut doc,
        add("/0", "1"),
        &EditError::KeyNotAllowed {
            module: "Transfer".into(),
            key: "1".into(),
            offered: "only “Otherwise” (_)".into(),
        },
    );
    refused(&mut doc, add("/7", "_"), &EditError::NoNode(p("/7")));
    refused(&mut doc, add("", ""), &EditError::NoBranch);
    let mut pivot =
        self::doc(json!({"flow": {"module": "pivot", "data": {"voice_url": "https://x.example"}}}));
    let error = pivot.apply(&add("", "1")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "A Pivot node has no branch “1”: it offers only “If the server fails” (_)."
    );
    let bad_module = |module: &str, data: Option<Value>| Edit::Add {
        parent: p(""),
        key: "5".into(),
        module: module.into(),
        data,
    };
    refused(&mut doc, bad_module(" ", None), &EditError::NoModule);
    refused(
        &mut doc,
        bad_module(&"x".repeat(65), None),
        &EditError::ModuleTooLong,
    );
    refused(
        &mut doc,
        bad_module("tts", Some(json!(["text"]))),
        &EditError::DataNotObject,
    );
}

#[test]
fn delete_removes_a_subtree_and_the_first_node_empties_the_flow() {
    let mut doc = ivr();
    let removed = doc.delete(&p("/1/1")).unwrap();
    assert!(removed.child("_").is_some(), "the subtree goes with it");
    assert_eq!(keys(&doc, "/1"), ["2"]);
    refused(
        &mut doc,
        Edit::Delete { at: p("/1/1") },
        &EditError::NoNode(p("/1/1")),
    );
    // A node whose last child went keeps `children: {}`, as Kazoo writes it.
    doc.delete(&p("/1/2")).unwrap();
    assert_eq!(
        doc.to_value()["flow"]["children"]["1"]["children"],
        json!({})
    );
    assert_eq!(Edit::Delete { at: p("/1/2") }.selects(), Some(p("/1")));
    doc.apply(&Edit::Delete {
        at: NodePath::root(),
    })
    .unwrap();
    assert!(doc.flow.is_none());
    assert_eq!(text(&doc), r#"{"name":"IVR","numbers":["+15551130451"]}"#);
    refused(
        &mut doc,
        Edit::Delete {
            at: NodePath::root(),
        },
        &EditError::EmptyFlow,
    );
}

#[test]
fn move_carries_a_subtree_to_another_parent_and_key() {
    let mut doc = ivr();
    let sub = serde_json::to_string(doc.node(&p("/1/1")).unwrap()).unwrap();
    let to = doc.move_node(&p("/1/1"), &p(""), "5").unwrap();
    assert_eq!(to, p("/5"));
    assert_eq!(
        serde_json::to_string(doc.node(&p("/5")).unwrap()).unwrap(),
        sub
    );
    assert_eq!(keys(&doc, ""), ["1", "0", "5"]);
    assert_eq!(keys(&doc, "/1"), ["2"]);
    // Within the same parent, to another key: it goes last.
    doc.move_node(&p("/1"), &p(""), "9").unwrap();
    assert_eq!(keys(&doc, ""), ["0", "5", "9"]);
    // Where it already is: nothing changes.
    let before = text(&doc);
    assert_eq!(doc.move_node(&p("/9"), &p(""), "9").unwrap(), p("/9"));
    assert_eq!(text(&doc), before);
}

#[test]
fn move_refuses_its_own_subtree_the_first_node_and_taken_keys() {
    let mut doc = ivr();
    let mv = |from: &str, parent: &str, key: &str| Edit::Move {
        from: p(from),
        parent: p(parent),
        key: key.into(),
    };
    refused(&mut doc, mv("/1", "/1/2", "_"), &EditError::IntoOwnSubtree);
    refused(&mut doc, mv("/1", "/1", "5"), &EditError::IntoOwnSubtree);
    refused(&mut doc, mv("", "/1/2", "_"), &EditError::MoveFirstNode);
    refused(
        &mut doc,
        mv("/1/2", "", "0"),
        &EditError::KeyTaken {
            module: "Menu".into(),
            branch: "Press 0".into(),
        },
    );
    refused(
        &mut doc,
        mv("/1/2", "/0", "1"),
        &EditError::KeyNotAllowed {
            module: "Transfer".into(),
            key: "1".into(),
            offered: "only “Otherwise” (_)".into(),
        },
    );
    refused(&mut doc, mv("/3", "", "5"), &EditError::NoNode(p("/3")));
    refused(&mut doc, mv("/1/2", "/3", "_"), &EditError::NoNode(p("/3")));
    assert_eq!(mv("/1/2", "/0", "_").selects(), Some(p("/0/_")));
}

#[test]
fn rekey_keeps_the_node_in_its_place_among_its_siblings() {
    let mut doc = ivr();
    let before = serde_json::to_string(doc.node(&p("/1")).unwrap()).unwrap();
    assert_eq!(doc.rekey(&p("/1"), "#").unwrap(), p("/#"));
    assert_eq!(keys(&doc, ""), ["#", "0"]);
    assert_eq!(
        serde_json::to_string(doc.node(&p("/#")).unwrap()).unwrap(),
        before
    );
    let rekey = |at: &str, key: &str| Edit::Rekey {
        at: p(at),
        key: key.into(),
    };
    assert_eq!(rekey("/#/1", "3").selects(), Some(p("/#/3")));
    refused(&mut doc, rekey("", "1"), &EditError::FirstNodeHasNoKey);
    refused(
        &mut doc,
        rekey("/#", "0"),
        &EditError::KeyTaken {
            module: "Menu".into(),
            branch: "Press 0".into(),
        },
    );
    refused(
        &mut doc,
        rekey("/#", "_"),
        &EditError::KeyNotAllowed {
            module: "Menu".into(),
            key: "_".into(),
            offered: "the keys 0–9, * and #, and “No key pressed” (timeout)".into(),
        },
    );
    refused(&mut doc, rekey("/#/5", "6"), &EditError::NoNode(p("/#/5")));
    // The same key: nothing to do.
    let before = text(&doc);
    doc.apply(&rekey("/#", "#")).unwrap();
    assert_eq!(text(&doc), before);
}

#[test]
fn copy_duplicates_a_subtree_even_into_itself() {
    let mut doc = ivr();
    doc.copy_node(&p("/1"), &p(""), "2").unwrap();
    assert_eq!(
        serde_json::to_string(doc.node(&p("/2")).unwrap()).unwrap(),
        serde_json::to_string(doc.node(&p("/1")).unwrap()).unwrap()
    );
    // A copy inside the subtree it copies.
    doc.copy_node(&p("/1"), &p("/1"), "timeout").unwrap();
    assert_eq!(keys(&doc, "/1/timeout"), ["1", "2"]);
    assert!(
        doc.node(&p("/1/timeout/timeout")).is_none(),
        "copied before it was placed"
    );
    // The copy is its own: changing it leaves the original alone.
    doc.delete(&p("/2/1")).unwrap();
    assert_eq!(keys(&doc, "/1"), ["1", "2", "timeout"]);
    assert_eq!(keys(&doc, "/2"), ["2"]);
    refused(
        &mut doc,
        Edit::Copy {
            from: p("/1"),
            parent: p(""),
            key: "2".into(),
        },
        &EditError::KeyTaken {
            module: "Menu".into(),
            branch: "Press 2".into(),
        },
    );
    refused(
        &mut doc,
        Edit::Copy {
            from: p("/4"),
            parent: p(""),
            key: "3".into(),
        },
        &EditError::NoNode(p("/4")),
    );
}

#[test]
fn replace_changes_the_module_and_keeps_children_and_other_keys() {
    let original = r#"{"flow":{"children":{"_":{"module":"hangup","data":{}}},"x_note":"kept","data":{"text":"Hi","voice":"female"},"module":"tts"}}"#;
    let mut doc = doc(serde_json::from_str(original).unwrap());
    // The same module: the data keeps its key order.
    doc.apply(&Edit::Replace {
        at: NodePath::root(),
        module: "tts".into(),
        data: Some(json!({"voice": "male", "text": "Hello", "language": "en-US"})),
    })
    .unwrap();
    assert_eq!(
        text(&doc),
        r#"{"flow":{"children":{"_":{"module":"hangup","data":{}}},"x_note":"kept","data":{"text":"Hello","voice":"male","language":"en-US"},"module":"tts"}}"#
    );
    // Another module: its own data, the node's children and keys stay.
    doc.replace_module(
        &NodePath::root(),
        Module::checked(
            "pivot",
            Some(&json!({"voice_url": "https://x.example", "method": "post"})),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        text(&doc),
        r#"{"flow":{"children":{"_":{"module":"hangup","data":{}}},"x_note":"kept","data":{"voice_url":"https://x.example","method":"post"},"module":"pivot"}}"#
    );
    refused(
        &mut doc,
        Edit::Replace {
            at: p("/1"),
            module: "tts".into(),
            data: None,
        },
        &EditError::NoNode(p("/1")),
    );
    refused(
        &mut doc,
        Edit::Replace {
            at: NodePath::root(),
            module: "tts".into(),
            data: Some(json!("text")),
        },
        &EditError::DataNotObject,
    );
}

#[test]
fn keys_a_document_already_has_are_kept_but_not_made_anew() {
    let mut doc = doc(
        json!({"flow": {"module": "user", "data": {"id": "u"}, "children": {
        "sip:404": {"module": "tts", "data": {"text": "Not found"}},
        "_": {"module": "voicemail", "data": {"id": "b"}}}}}),
    );
    let before = text(&doc);
    doc.add_child(&p("/_"), "_", hangup()).unwrap();
    assert!(text(&doc).contains(r#""sip:404":{"module":"tts""#));
    assert!(before.len() < text(&doc).len());
    refused(
        &mut doc,
        Edit::Rekey {
            at: p("/_"),
            key: "sip:486".into(),
        },
        &EditError::KeyNotAllowed {
            module: "Ring a user".into(),
            key: "sip:486".into(),
            offered: "only “Otherwise” (_)".into(),
        },
    );
    // A node on an old key still moves, onto a key its new parent offers.
    doc.move_node(&p("/sip:404"), &p("/_/_"), "_").unwrap();
    assert_eq!(keys(&doc, ""), ["_"]);
}

#[test]
fn edits_read_from_json_and_from_form_text() {
    let edits = [
        Edit::Add {
            parent: p("/1"),
            key: "timeout".into(),
            module: "tts".into(),
            data: Some(json!({"text": "Hi"})),
        },
        Edit::Delete { at: p("/1/~1x") },
        Edit::Move {
            from: p("/1"),
            parent: p(""),
            key: "2".into(),
        },
        Edit::Rekey {
            at: p("/1"),
            key: "*".into(),
        },
        Edit::Copy {
            from: p("/1"),
            parent: p("/0"),
            key: "_".into(),
        },
        Edit::Replace {
            at: p(""),
            module: "hangup".into(),
            data: None,
        },
    ];
    for edit in &edits {
        let json = serde_json::to_string(edit).unwrap();
        assert_eq!(
            &serde_json::from_str::<Edit>(&json).unwrap(),
            edit,
            "{json}"
        );
    }
    assert_eq!(
        serde_json::to_value(&edits[0]).unwrap(),
        json!({"op": "add", "parent": "/1", "key": "timeout", "module": "tts", "data": {"text": "Hi"}})
    );
    // A form sends the data as text, and may leave it empty.
    let posted: Edit = serde_json::from_value(
        json!({"op": "replace", "at": "/1", "module": "tts", "data": "{\"text\": \"Hi\"}"}),
    )
    .unwrap();
    assert_eq!(
        posted,
        Edit::Replace {
            at: p("/1"),
            module: "tts".into(),
            data: Some(json!({"text": "Hi"}))
        }
    );
    let blank: Edit =
        serde_json::from_value(json!({"op": "add", "parent": "", "module": "hangup", "data": ""}))
            .unwrap();
    assert_eq!(
        blank,
        Edit::Add {
            parent: p(""),
            key: String::new(),
            module: "hangup".into(),
            data: None
        }
    );
    assert!(serde_json::from_value::<Edit>(json!({"op": "delete", "at": "no-slash"})).is_err());
    assert!(serde_json::from_value::<Edit>(
        json!({"op": "replace", "at": "", "module": "tts", "data": "{oops"})
    )
    .is_err());
}

// ---- Random edit sequences ------------------------------------------------

fn schemas() -> Option<SchemaSet> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
    dir.is_dir()
        .then(|| SchemaSet::load_dir(&dir).expect("schemas load"))
}

fn id() -> impl Strategy<Value = String> {
    "[0-9a-f]{32}"
}

/// A typed module with valid data, as `{module, data}`.
fn step() -> impl Strategy<Value = (String, Value)> {
    prop_oneof![
        "https://[a-z]{1,8}\\.example\\.com/[a-z]{0,6}".prop_map(|u| ("pivot".into(), json!({"voice_url": u, "method": "post", "req_format": "twiml"}))),
        "[A-Za-z ,.]{1,40}".prop_map(|t| ("tts".into(), json!({"text": t}))),
        id().prop_map(|id| ("menu".into(), json!({"id": id}))),
        "\\+1[2-9][0-9]{9}".prop_map(|n| ("transfer".into(), json!({"target": n}))),
        "\\+1[2-9][0-9]{9}".prop_map(|n| ("resources".into(), json!({"to_did": n}))),
        Just(("hangup".into(), json!({}))),
        "[a-z]{1,8}".prop_map(|u| ("notification".into(), json!({"recipients": [{"id": format!("{u}@example.com"), "type": "email"}], "send_at": "callflow_exec"}))),
        id().prop_map(|id| ("voicemail".into(), json!({"id": id, "action": "compose"}))),
        (id(), 1..5i64).prop_map(|(id, n)| ("play".into(), json!({"id": id, "loop_count": n}))),
        (id(), 1..100i64).prop_map(|(id, w)| ("ring_group".into(), json!({"endpoints": [{"id": id, "endpoint_type": "device", "weight": w}], "strategy": "simultaneous"}))),
    ]
}

/// A flow of typed nodes, on keys their parents offer.
fn flow() -> impl Strategy<Value = Value> {
    let leaf = step().prop_map(|(module, data)| json!({"module": module, "data": data}));
    leaf.prop_recursive(3, 20, 3, |inner| {
        (step(), prop::collection::vec(inner, 0..3), any::<u8>()).prop_map(
            |((module, data), kids, pick)| {
                let offered = kazoo::callflow::branches::allowed(&module);
                let mut children = serde_json::Map::new();
                for (i, kid) in kids.into_iter().enumerate() {
                    let key = offered[(usize::from(pick) + i) % offered.len()];
                    children.insert(key.to_owned(), kid);
                }
                json!({"module": module, "data": data, "children": children})
            },
        )
    })
}

/// One random edit, resolved against the document when it is made:
/// `a`, `b` pick nodes, `k` a key the target offers.
#[derive(Debug, Clone)]
struct Seed {
    op: u8,
    a: usize,
    b: usize,
    k: usize,
    module: (String, Value),
}

fn seed() -> impl Strategy<Value = Seed> {
    (
        0..12u8,
        any::<usize>(),
        any::<usize>(),
        any::<usize>(),
        step(),
    )
        .prop_map(|(op, a, b, k, module)| Seed {
            op,
            a,
            b,
            k,
            module,
        })
}

fn resolve(doc: &Callflow, seed: &Seed) -> Edit {
    let paths: Vec<(NodePath, &Node)> = doc.node_paths();
    let (module, data) = seed.module.clone();
    if paths.is_empty() {
        return Edit::Add {
            parent: NodePath::root(),
            key: String::new(),
            module,
            data: Some(data),
        };
    }
    let (a, node_a) = &paths[seed.a % paths.len()];
    let (b, node_b) = &paths[seed.b % paths.len()];
    let key_for = |node: &Node| {
        let offered = kazoo::callflow::branches::allowed(node.module.name());
        offered[seed.k % offered.len()].to_owned()
    };
    match seed.op {
        // Adds and moves most often; deleting the first node rarely.
        0..=3 => Edit::Add {
            parent: a.clone(),
            key: key_for(node_a),
            module,
            data: Some(data),
        },
        4 | 5 => Edit::Move {
            from: a.clone(),
            parent: b.clone(),
            key: key_for(node_b),
        },
        6 => {
            let key = a
                .parent()
                .and_then(|p| doc.node(&p))
                .map(key_for)
                .unwrap_or_default();
            Edit::Rekey { at: a.clone(), key }
        }
        7 | 8 => Edit::Copy {
            from: a.clone(),
            parent: b.clone(),
            key: key_for(node_b),
        },
        9 => Edit::Replace {
            at: a.clone(),
            module,
            data: Some(data),
        },
        _ if a.is_root() && !seed.k.is_multiple_of(4) => Edit::Replace {
            at: a.clone(),
            module,
            data: Some(data),
        },
        _ => Edit::Delete { at: a.clone() },
    }
}

fn kind(edit: &Edit) -> usize {
    match edit {
        Edit::Add { .. } => 0,
        Edit::Delete { .. } => 1,
        Edit::Move { .. } => 2,
        Edit::Rekey { .. } => 3,
        Edit::Copy { .. } => 4,
        Edit::Replace { .. } => 5,
    }
}

#[test]
fn random_edit_sequences_keep_documents_valid_and_undo_exact() {
    let set = schemas();
    if set.is_none() {
        eprintln!("SKIPPED: schema checks, ../shared/kazoo/schemas is not there");
    }
    let (made, refusals) = (Cell::new(0usize), Cell::new(0usize));
    // Edits made, by kind: add, delete, move, rekey, copy, replace.
    let kinds: [Cell<usize>; 6] = Default::default();
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (flow(), prop::collection::vec(seed(), 1..14));
    let result = runner.run(&strategy, |(flow, seeds)| {
        let mut doc = Callflow::from_value(
            json!({"name": "Generated", "numbers": ["+15551130451"], "flow": flow}),
        )
        .unwrap();
        if let Some(set) = &set {
            let errors = set.validate_callflow(&doc.to_value());
            prop_assert!(errors.is_empty(), "generated flow: {:?}", errors);
        }
        let start = text(&doc);
        let mut history = History::new();
        let mut texts = vec![start.clone()];
        for seed in &seeds {
            let edit = resolve(&doc, seed);
            let before = text(&doc);
            match history.apply(&mut doc, &edit) {
                Err(_) => {
                    prop_assert_eq!(
                        &text(&doc),
                        &before,
                        "a refused edit changed the document: {:?}",
                        edit
                    );
                    refusals.set(refusals.get() + 1);
                    continue;
                }
                Ok(()) => {
                    made.set(made.get() + 1);
                    let kind = &kinds[kind(&edit)];
                    kind.set(kind.get() + 1);
                }
            }
            let after = text(&doc);
            if let Some(set) = &set {
                let errors = set.validate_callflow(&doc.to_value());
                prop_assert!(
                    errors.is_empty(),
                    "{:?} after {:?}: {}",
                    errors,
                    edit,
                    after
                );
            }
            // The printed document reads back as itself.
            prop_assert_eq!(
                text(&Callflow::from_value(doc.to_value()).unwrap()),
                after.clone()
            );
            if after != before {
                prop_assert!(history.undo(&mut doc));
                prop_assert_eq!(&text(&doc), &before, "undo of {:?}", edit);
                prop_assert!(history.redo(&mut doc));
                prop_assert_eq!(&text(&doc), &after, "redo of {:?}", edit);
                texts.push(after);
            }
        }
        // Undoing everything walks back through each document to the start.
        while history.undo(&mut doc) {
            texts.pop();
            prop_assert_eq!(Some(&text(&doc)), texts.last());
        }
        prop_assert_eq!(text(&doc), start);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The sequences make edits, and meet refusals too.
    let kinds: Vec<usize> = kinds.iter().map(Cell::get).collect();
    eprintln!(
        "{} edits made {kinds:?}, {} refused",
        made.get(),
        refusals.get()
    );
    assert!(made.get() > 150, "only {} edits made", made.get());
    assert!(
        kinds.iter().all(|&n| n > 0),
        "every kind of edit made: {kinds:?}"
    );
    assert!(refusals.get() > 10, "only {} edits refused", refusals.get());
}
