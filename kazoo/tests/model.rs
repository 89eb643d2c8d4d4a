//! The callflow model against real documents and Kazoo's own schemas:
//! round trips over a corpus (Kazoo's doc examples from `../shared` plus our
//! own in `tests/corpus`), byte for byte with key order, and schema
//! validation of generated documents.

use std::path::{Path, PathBuf};

use kazoo::{
    callflow::{Callflow, Module, Node},
    pivot::PivotInput,
    schema::SchemaSet,
};
use proptest::prelude::*;
use serde_json::Value;

fn shared(sub: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/kazoo")
        .join(sub);
    if !dir.is_dir() {
        eprintln!("skipped: {} is not there", dir.display());
    }
    dir.is_dir().then_some(dir)
}

fn schemas() -> Option<SchemaSet> {
    Some(SchemaSet::load_dir(&shared("schemas")?).expect("schemas load"))
}

fn json_files(dir: &Path) -> Vec<(String, Value)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, value)
        })
        .collect()
}

fn corpus() -> Vec<(String, Value)> {
    let own = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut all = json_files(&own);
    if let Some(examples) = shared("examples") {
        all.extend(json_files(&examples));
    }
    all
}

#[test]
fn every_corpus_callflow_prints_back_the_same_json() {
    let corpus = corpus();
    let mut typed = 0;
    for (name, doc) in &corpus {
        let parsed = Callflow::from_value(doc.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(text(&parsed.to_value()), text(doc), "{name}");
        let printed = serde_json::to_string(&parsed).unwrap();
        assert_eq!(printed, text(doc), "{name} through serde");
        let again: Callflow = serde_json::from_str(&printed).unwrap();
        assert_eq!(again, parsed, "{name} through serde");
        typed += parsed
            .nodes()
            .iter()
            .filter(|(_, n)| !matches!(n.module, Module::Raw { .. }))
            .count();
    }
    assert!(corpus.len() >= 6, "corpus has {} documents", corpus.len());
    assert!(typed >= 20, "only {typed} nodes were typed");
}

/// Compact JSON, keys in their order: equal texts are equal bytes.
fn text(value: &Value) -> String {
    serde_json::to_string(value).unwrap()
}

/// Every fenced block of Kazoo's callflow docs that parses as JSON.
fn doc_examples() -> Vec<(String, Value)> {
    let Some(dir) = shared("docs/callflow") else {
        return Vec::new();
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc = std::fs::read_to_string(&path).unwrap();
        let mut block: Option<String> = None;
        for line in doc.lines() {
            if line.trim_start().starts_with("```") {
                match block.take() {
                    Some(text) => {
                        if let Ok(value) = serde_json::from_str::<Value>(&text) {
                            out.push((format!("{name} #{}", out.len() + 1), value));
                        }
                    }
                    None => block = Some(String::new()),
                }
            } else if let Some(text) = &mut block {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_json_example_of_the_callflow_docs_prints_back_byte_for_byte() {
    let examples = doc_examples();
    if examples.is_empty() {
        eprintln!("SKIPPED: no callflow docs in ../shared");
        return;
    }
    let (mut docs, mut nodes) = (0, 0);
    for (name, value) in examples {
        if value.get("module").is_some() {
            // A node on its own: wrapped as a flow.
            let wrapped = serde_json::json!({ "flow": value });
            let parsed =
                Callflow::from_value(wrapped.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(text(&parsed.to_value()), text(&wrapped), "{name}");
            let node = Node::from_value(value.clone()).unwrap();
            assert_eq!(text(&node.to_value()), text(&value), "{name} as a node");
            nodes += 1;
        } else if let Ok(parsed) = Callflow::from_value(value.clone()) {
            assert_eq!(text(&parsed.to_value()), text(&value), "{name}");
            docs += 1;
        }
    }
    // 11 blocks parse in the docs as copied (4 documents, 7 nodes).
    assert!(docs >= 4 && nodes >= 7, "{docs} documents, {nodes} nodes");
}

#[test]
fn shuffled_keys_at_every_level_print_back_as_they_came() {
    let original = r#"{"ui_metadata":{"version":"4.3","origin":"callflows"},"flow":{"children":{"timeout":{"data":{"text":"Bye","voice":"female"},"module":"tts"},"1":{"module":"notification","weird":true,"data":{"send_at":"callflow_exec","recipients":[{"type":"email","id":"orders@example.com"},{"id":["a@example.com"],"x":1,"type":"email"}],"comments":"c"}},"0":{"data":{"use_local_resources":false,"to_did":"+15551130452","custom_sip_headers":{"X-B":"2","X-A":"1"}},"module":"resources"},"_":{"data":{"endpoints":[{"weight":2,"endpoint_type":"device","id":"d1","delay":0},{"timeout":20,"id":"u1","endpoint_type":"user"}],"timeout":30,"strategy":"simultaneous"},"children":{},"module":"ring_group"}},"data":{"id":"m1","interdigit_timeout":2000},"module":"menu"},"numbers":["+15551130451"],"featurecode":false,"name":"IVR","patterns":[]}"#;
    let value: Value = serde_json::from_str(original).unwrap();
    let parsed = Callflow::from_value(value).unwrap();
    // The modules we type are typed (struct order would differ).
    let modules: Vec<bool> = parsed
        .nodes()
        .iter()
        .map(|(_, n)| matches!(n.module, Module::Raw { .. }))
        .collect();
    assert_eq!(modules, [false; 5]);
    assert_eq!(serde_json::to_string(&parsed).unwrap(), original);
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(original).unwrap()).unwrap();
    assert_eq!(parsed.to_pretty_json(), pretty);
    // Crossbar's response keys go; the rest keep their places.
    let answered = r#"{"id":"cf1","name":"A","metadata":{},"flow":{"module":"hangup","data":{}},"numbers":["1"]}"#;
    let parsed = Callflow::from_kazoo(serde_json::from_str(answered).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_string(&parsed).unwrap(),
        r#"{"name":"A","flow":{"module":"hangup","data":{}},"numbers":["1"]}"#
    );
}

#[test]
fn keys_added_to_a_read_document_go_after_the_known_ones() {
    let original = r#"{"flow":{"data":{"voice_url":"https://a.example","method":"post"},"module":"pivot"},"numbers":["1"]}"#;
    let mut doc = Callflow::from_value(serde_json::from_str(original).unwrap()).unwrap();
    doc.name = Some("Named".into());
    if let Some(Module::Pivot(pivot)) = doc.flow.as_mut().map(|f| &mut f.module) {
        pivot.debug = Some(true);
        pivot.voice_url = "https://b.example".into();
    }
    assert_eq!(
        serde_json::to_string(&doc).unwrap(),
        r#"{"flow":{"data":{"voice_url":"https://b.example","method":"post","debug":true},"module":"pivot"},"numbers":["1"],"name":"Named"}"#
    );
}

#[test]
fn corpus_documents_kazoo_accepts_pass_the_schemas() {
    let Some(set) = schemas() else { return };
    let mut validated = 0;
    for (name, doc) in corpus() {
        // Documents Kazoo itself refuses (see examples/SOURCE.txt and the
        // corpus file's name).
        if name.starts_with("webhook-") || name == "odd_shapes.json" {
            assert!(
                !set.validate_callflow(&doc).is_empty(),
                "{name} should fail"
            );
            continue;
        }
        let parsed = Callflow::from_kazoo(doc).unwrap();
        // Only some module schemas were copied into ../shared.
        let unknown: Vec<_> = parsed
            .nodes()
            .into_iter()
            .map(|(_, n)| n.module.name().to_owned())
            .filter(|m| !set.has(&format!("callflows.{m}")))
            .collect();
        if !unknown.is_empty() {
            eprintln!("{name}: not validated, no schema for {unknown:?}");
            continue;
        }
        let errors = set.validate_callflow(&parsed.to_value());
        assert!(errors.is_empty(), "{name}: {errors:?}");
        validated += 1;
    }
    assert!(validated >= 8, "only {validated} documents validated");
}

#[test]
fn an_untouched_pivot_form_changes_no_corpus_document() {
    let mut pivots = 0;
    for (name, doc) in corpus() {
        let parsed = Callflow::from_kazoo(doc.clone()).unwrap();
        let Some(input) = PivotInput::from_callflow(&parsed) else {
            // Not a pivot: the form refuses it and leaves it as it is.
            let built = PivotInput::default().build(Some(&parsed));
            assert!(built.errors.contains_key("form"), "{name}");
            assert_eq!(built.doc, parsed, "{name}: the flow must stay");
            continue;
        };
        let built = input.build(Some(&parsed));
        assert!(built.errors.is_empty(), "{name}: {:?}", built.errors);
        assert_eq!(built.doc.to_value(), parsed.to_value(), "{name}");
        pivots += 1;
    }
    assert!(pivots >= 3, "only {pivots} pivot documents");
}

#[test]
fn editing_a_live_pivot_keeps_what_the_form_does_not_show() {
    let doc = Callflow::from_value(
        serde_json::from_str(include_str!("corpus/pivot_twiml_fallback.json")).unwrap(),
    )
    .unwrap();
    let mut input = PivotInput::from_callflow(&doc).unwrap();
    assert_eq!(input.fallback, "forward");
    assert_eq!(input.fallback_number, "+14155550199");
    assert_eq!(input.req_timeout_ms, "3000");
    // Unchanged form → unchanged document.
    assert_eq!(input.parse(Some(&doc)).unwrap(), doc);

    input.voice_url = "https://new.example.com/v".into();
    let edited = input.parse(Some(&doc)).unwrap().to_value();
    assert_eq!(
        edited["flow"]["data"]["voice_url"],
        "https://new.example.com/v"
    );
    assert_eq!(
        edited["flow"]["children"]["_"]["data"]["use_local_resources"],
        false
    );
}

#[test]
fn half_typed_input_still_previews_with_its_errors() {
    let input = PivotInput {
        voice_url: "ftp://x".into(),
        numbers: vec!["abc".into()],
        fallback: "say".into(),
        ..PivotInput::default()
    };
    let built = input.build(None);
    let (doc, errors) = (built.doc, built.errors);
    let keys: Vec<_> = errors.keys().map(String::as_str).collect();
    assert_eq!(keys, ["fallback_text", "name", "numbers", "voice_url"]);
    let value = doc.to_value();
    assert_eq!(value["flow"]["data"]["voice_url"], "ftp://x");
    assert_eq!(value["numbers"], serde_json::json!(["abc"]));
    assert!(input.parse(None).is_err());
}

fn nanp() -> impl Strategy<Value = (String, String)> {
    ("[2-9][0-9]{2}", "[2-9][0-9]{6}", 0..4usize).prop_map(|(area, rest, style)| {
        let e164 = format!("+1{area}{rest}");
        let typed = match style {
            0 => format!("{area}{rest}"),
            1 => format!("1{area}{rest}"),
            2 => format!("({area}) {}-{}", &rest[..3], &rest[3..]),
            _ => e164.clone(),
        };
        (typed, e164)
    })
}

fn web_url() -> impl Strategy<Value = String> {
    (
        "https?",
        "[a-z]{1,12}",
        "(/[a-z0-9_]{1,8}){0,3}",
        "(\\?[a-z]=[0-9]{1,3})?",
    )
        .prop_map(|(scheme, host, path, query)| {
            format!("{scheme}://{host}.example.com{path}{query}")
        })
}

fn valid_input() -> impl Strategy<Value = (PivotInput, Vec<String>)> {
    (
        "[A-Za-z][A-Za-z0-9 ()-]{0,40}",
        prop::collection::vec(nanp(), 1..4),
        web_url(),
        prop::sample::select(vec!["get", "post"]),
        prop::sample::select(vec!["twiml", "kazoo"]),
        prop::sample::select(vec!["form", "json"]),
        prop::option::of(1..=5000i64),
        any::<bool>(),
        prop::option::of(web_url()),
        (
            prop::sample::select(vec!["none", "say", "forward", "hangup", "pivot"]),
            prop::sample::select(vec!["get", "post"]),
        ),
        "[A-Za-z][A-Za-z ,.!']{0,60}",
        nanp(),
    )
        .prop_map(
            |(
                name,
                numbers,
                url,
                method,
                format,
                body,
                timeout,
                debug,
                cdr,
                (fallback, fallback_method),
                text,
                fwd,
            )| {
                let mut expected: Vec<String> = Vec::new();
                for (_, e164) in &numbers {
                    if !expected.contains(e164) {
                        expected.push(e164.clone());
                    }
                }
                let input = PivotInput {
                    name,
                    numbers: vec![numbers
                        .iter()
                        .map(|(t, _)| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")],
                    voice_url: url,
                    method: method.into(),
                    req_format: format.into(),
                    req_body_format: body.into(),
                    req_timeout_ms: timeout.map(|t| t.to_string()).unwrap_or_default(),
                    debug,
                    cdr_url: cdr.unwrap_or_default(),
                    fallback: fallback.into(),
                    fallback_text: text,
                    fallback_number: fwd.0,
                    fallback_url: format!("https://fallback.example.com/{}", fwd.1.len()),
                    fallback_method: fallback_method.into(),
                };
                (input, expected)
            },
        )
}

/// Typed nodes with valid data, nested up to three levels.
fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        "[a-z ]{1,30}".prop_map(|text| serde_json::json!({"module": "tts", "data": {"text": text}})),
        Just(serde_json::json!({"module": "hangup", "data": {}})),
        "[0-9a-f]{32}".prop_map(|id| serde_json::json!({"module": "voicemail", "data": {"id": id, "action": "compose"}})),
        ("[0-9a-f]{32}", 5..60i64).prop_map(|(id, t)| serde_json::json!({"module": "user", "data": {"id": id, "timeout": t}})),
        "[0-9a-f]{32}".prop_map(|id| serde_json::json!({"module": "device", "data": {"id": id, "can_call_self": false}})),
        "[0-9a-f]{32}".prop_map(|id| serde_json::json!({"module": "callflow", "data": {"id": id}})),
        "[0-9]{4}".prop_map(|t| serde_json::json!({"module": "transfer", "data": {"target": t, "transfer_type": "blind"}})),
        nanp().prop_map(|(_, n)| serde_json::json!({"module": "resources", "data": {"to_did": n}})),
        Just(serde_json::json!({"module": "offnet", "data": {}})),
        "[a-z]{1,10}".prop_map(|u| serde_json::json!({"module": "notification", "data": {"recipients": [{"id": format!("{u}@example.com"), "type": "email"}], "send_at": "callflow_exec"}})),
        ("[0-9a-f]{32}", 1..5i64).prop_map(|(id, n)| serde_json::json!({"module": "play", "data": {"id": id, "loop_count": n}})),
        ("[0-9a-f]{32}", 1..100i64).prop_map(|(id, w)| serde_json::json!({"module": "ring_group", "data": {"endpoints": [{"id": id, "endpoint_type": "device", "weight": w}], "strategy": "simultaneous"}})),
        web_url().prop_map(|u| serde_json::json!({"module": "pivot", "data": {"voice_url": u, "req_format": "twiml", "method": "post"}})),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        (
            prop_oneof![
                "[0-9a-f]{32}"
                    .prop_map(|id| serde_json::json!({"module": "menu", "data": {"id": id}})),
                web_url()
                    .prop_map(|u| serde_json::json!({"module": "pivot", "data": {"voice_url": u}})),
            ],
            prop::collection::btree_map(
                prop::sample::select(vec!["_", "0", "1", "2", "9", "timeout"]),
                inner,
                1..4,
            ),
        )
            .prop_map(|(mut parent, children)| {
                parent["children"] = Value::Object(
                    children
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                );
                parent
            })
    })
    .prop_map(|v| {
        let doc = Callflow::from_value(serde_json::json!({"flow": v})).unwrap();
        doc.flow.unwrap()
    })
}

/// `value` with the keys of every object shuffled by `seed`.
fn shuffled(value: &Value, seed: &mut u64) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            for i in (1..entries.len()).rev() {
                // xorshift64
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                entries.swap(i, (*seed % (i as u64 + 1)) as usize);
            }
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), shuffled(v, seed)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| shuffled(v, seed)).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_trees_with_shuffled_keys_print_back_byte_for_byte(flow in node(), seed in 1..u64::MAX) {
        let doc = Callflow {
            name: Some("Shuffled".into()),
            numbers: Some(vec!["+15551130451".into()]),
            patterns: Some(vec![]),
            flow: Some(flow),
            ..Callflow::default()
        };
        let value = doc.to_value();
        let mut seed = seed;
        let value = shuffled(&value, &mut seed);
        let parsed = Callflow::from_value(value.clone()).unwrap();
        prop_assert_eq!(text(&parsed.to_value()), text(&value));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn pivot_forms_make_documents_kazoo_accepts((input, numbers) in valid_input()) {
        let doc = input.parse(None).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(doc.numbers(), numbers.as_slice());
        let value = doc.to_value();
        if let Some(set) = schemas() {
            let errors = set.validate_callflow(&value);
            prop_assert!(errors.is_empty(), "{:?} for {}", errors, value);
        }
        // Model round trip, and the form reads back what it wrote.
        prop_assert_eq!(&Callflow::from_value(value.clone()).unwrap(), &doc);
        let again = PivotInput::from_callflow(&doc).unwrap();
        prop_assert_eq!(again.parse(Some(&doc)).unwrap(), doc);
    }

    #[test]
    fn bad_voice_urls_are_never_accepted((input, _) in valid_input(), url in "[a-z]{0,5}(:/{0,3})?[a-z ]{0,8}") {
        let input = PivotInput { voice_url: url, ..input };
        let result = input.parse(None);
        prop_assert!(result.is_err());
        prop_assert!(result.unwrap_err().contains_key("voice_url"));
    }

    #[test]
    fn generated_trees_round_trip_and_pass_the_schemas(flow in node(), numbers in prop::collection::vec(nanp(), 1..3)) {
        let mut doc = Callflow {
            name: Some("Generated".into()),
            numbers: Some(numbers.into_iter().map(|(_, n)| n).collect::<std::collections::BTreeSet<_>>().into_iter().collect()),
            flow: Some(flow),
            ..Callflow::default()
        };
        doc.patterns = Some(vec![]);
        let value = doc.to_value();
        prop_assert_eq!(&Callflow::from_value(value.clone()).unwrap(), &doc);
        let raw = doc.nodes().iter().filter(|(_, n)| matches!(n.module, Module::Raw { .. })).count();
        prop_assert_eq!(raw, 0, "every generated node is typed");
        if let Some(set) = schemas() {
            let errors = set.validate_callflow(&value);
            prop_assert!(errors.is_empty(), "{:?} for {}", errors, value);
        }
    }
}
