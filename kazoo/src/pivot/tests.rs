//! The pivot form model: new actions, edits as patches, checks, warnings.

use serde_json::{json, Value};

use super::*;

fn doc(value: Value) -> Callflow {
    Callflow::from_value(value).unwrap()
}

/// The third input, as Kazoo stores it (schema defaults added).
fn made_elsewhere() -> Value {
    json!({"name": "Made elsewhere", "numbers": ["+14155550106"],
        "flow": {"module": "pivot", "data": {"method": "get", "req_timeout": "5", "req_format": "twiml",
            "voice_url": "https://legacy.example.com/twiml.php", "req_body_format": "form", "debug": false},
            "children": {}},
        "ui_metadata": {"ui": "monster-ui", "origin": "callflows"}})
}

#[test]
fn an_untouched_form_changes_nothing_of_any_pivot_document() {
    let documents = [
        made_elsewhere(),
        // Without Kazoo's defaults, upper-case method, string timeout, a
        // pattern and no numbers, a fallback the form does not edit.
        json!({"name": "Odd", "patterns": ["^\\+1415555012[0-4]$"],
            "flow": {"module": "pivot", "data": {"voice_url": "http://x.example/a", "method": "GET",
                "req_timeout_ms": "3000", "skip_module": false, "x-other": [1, 2]},
                "children": {"_": {"module": "menu", "data": {"id": "m"}, "children": {}}}}}),
        json!({"flow": {"data": {"method": "GET", "req_format": "kazoo",
            "voice_url": "http://your.pivot.server/path/to/callflow.php", "debug": true},
            "module": "pivot", "children": {}}}),
        // A pivot catch-all: numbers the form would not take from a typist.
        json!({"name": "Catch-all pivot", "numbers": ["no_match", "*97", "7"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://t.example/v"}}}),
        json!({"name": "Say fallback", "numbers": ["+14155550100", "1001"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://t.example/v", "method": "post",
                "req_format": "twiml"},
                "children": {"_": {"module": "tts", "data": {"text": "Sorry", "voice": "female"}}}}}),
    ];
    for value in documents {
        let base = doc(value.clone());
        let input = PivotInput::from_callflow(&base).unwrap();
        let built = input.build(Some(&base));
        assert!(built.errors.is_empty(), "{value}: {:?}", built.errors);
        assert_eq!(
            built.doc.to_value(),
            value,
            "an unchanged save changed the document"
        );
    }
}

#[test]
fn an_edit_changes_only_the_field_edited() {
    let base = doc(made_elsewhere());
    let mut input = PivotInput::from_callflow(&base).unwrap();
    input.voice_url = "https://new.example.com/twiml".into();
    let built = input.build(Some(&base));
    assert!(built.errors.is_empty());
    let mut want = made_elsewhere();
    want["flow"]["data"]["voice_url"] = json!("https://new.example.com/twiml");
    assert_eq!(built.doc.to_value(), want);

    // Numbers typed in another form but meaning the same are no change.
    let mut input = PivotInput::from_callflow(&base).unwrap();
    input.numbers = vec!["(415) 555-0106".into()];
    assert_eq!(input.build(Some(&base)).doc.to_value(), made_elsewhere());

    // Switching to POST writes the method, and keeps the stored body format.
    let mut input = PivotInput::from_callflow(&base).unwrap();
    input.method = "post".into();
    let built = input.build(Some(&base));
    assert_eq!(built.doc.to_value()["flow"]["data"]["method"], "post");
    assert_eq!(
        built.doc.to_value()["flow"]["data"]["req_body_format"],
        "form"
    );
    assert_eq!(built.doc.to_value()["flow"]["data"]["req_timeout"], "5");
}

#[test]
fn a_new_action_writes_every_field() {
    let input = PivotInput {
        name: " Sales ".into(),
        numbers: vec!["4155550140".into()],
        voice_url: "https://voice.example.com/twiml".into(),
        ..PivotInput::default()
    };
    let built = input.build(None);
    assert!(built.errors.is_empty(), "{:?}", built.errors);
    assert_eq!(
        built.doc.to_value(),
        json!({"name": "Sales", "numbers": ["+14155550140"], "flow": {"module": "pivot", "data": {
            "voice_url": "https://voice.example.com/twiml", "method": "post", "req_format": "twiml",
            "req_body_format": "form", "debug": false}}})
    );
    let get = PivotInput {
        method: "get".into(),
        ..input
    };
    assert!(get.build(None).doc.to_value()["flow"]["data"]
        .get("req_body_format")
        .is_none());
    // JSON chosen with GET is kept as chosen (and warned about).
    let get_json = PivotInput {
        req_body_format: "json".into(),
        ..get
    };
    let built = get_json.build(None);
    assert_eq!(
        built.doc.to_value()["flow"]["data"]["req_body_format"],
        "json"
    );
    assert!(built.warnings.iter().any(|w| w.field == "req_body_format"));
}

#[test]
fn values_kazoo_would_refuse_are_field_errors() {
    let base = PivotInput {
        name: "X".into(),
        numbers: vec!["4155550140".into()],
        voice_url: "https://v.example".into(),
        ..PivotInput::default()
    };
    for (field, input) in [
        (
            "method",
            PivotInput {
                method: "delete".into(),
                ..base.clone()
            },
        ),
        (
            "req_format",
            PivotInput {
                req_format: "xml".into(),
                ..base.clone()
            },
        ),
        (
            "req_body_format",
            PivotInput {
                req_body_format: "xml".into(),
                ..base.clone()
            },
        ),
        (
            "fallback",
            PivotInput {
                fallback: "bogus".into(),
                ..base.clone()
            },
        ),
        (
            "fallback",
            PivotInput {
                fallback: "keep".into(),
                ..base.clone()
            },
        ),
        (
            "numbers",
            PivotInput {
                numbers: vec!["0".into()],
                ..base.clone()
            },
        ),
        (
            "numbers",
            PivotInput {
                numbers: vec!["00".into()],
                ..base.clone()
            },
        ),
        (
            "name",
            PivotInput {
                name: "\u{200B}\u{202E}".into(),
                ..base.clone()
            },
        ),
        (
            "name",
            PivotInput {
                name: "a\u{0}b".into(),
                ..base.clone()
            },
        ),
        (
            "voice_url",
            PivotInput {
                voice_url: "https://v.example/\u{0}".into(),
                ..base.clone()
            },
        ),
        (
            "voice_url",
            PivotInput {
                voice_url: format!("https://v.example/{}", "x".repeat(3000)),
                ..base.clone()
            },
        ),
        (
            "fallback_text",
            PivotInput {
                fallback: "say".into(),
                fallback_text: "x".repeat(1001),
                ..base.clone()
            },
        ),
        (
            "fallback_number",
            PivotInput {
                fallback: "forward".into(),
                fallback_number: "12\u{0}".into(),
                ..base.clone()
            },
        ),
        (
            "fallback_text",
            PivotInput {
                fallback: "say".into(),
                fallback_text: "\u{FEFF}\u{200B}".into(),
                ..base.clone()
            },
        ),
    ] {
        let built = input.build(None);
        assert!(
            built.errors.contains_key(field),
            "{field}: {:?} for {input:?}",
            built.errors
        );
    }
    assert!(base.build(None).errors.is_empty());
}

#[test]
fn a_form_cannot_edit_a_callflow_that_is_not_a_pivot() {
    let menu = doc(json!({"name": "Menu", "numbers": ["+14155550101"],
        "flow": {"module": "menu", "data": {"id": "m"}, "children": {}}}));
    let built = PivotInput::default().build(Some(&menu));
    assert!(built.errors.contains_key(FORM));
    assert_eq!(built.doc, menu, "the flow must not be replaced");
    assert!(PivotInput::default().parse(Some(&menu)).is_err());
}

#[test]
fn what_kazoo_ignores_or_refuses_is_warned_about() {
    let input = PivotInput {
        name: "W".into(),
        numbers: vec!["555-113-0451".into()],
        voice_url: "http://localhost:8080/voice".into(),
        req_format: "kazoo".into(),
        cdr_url: "https://cdr.example".into(),
        ..PivotInput::default()
    };
    let fields: Vec<String> = input
        .build(None)
        .warnings
        .into_iter()
        .map(|w| w.field)
        .collect();
    assert_eq!(fields, ["numbers", "cdr_url", "voice_url"]);

    // GET with Kazoo's stored default body format: nothing to say (Kazoo
    // writes it on every pivot); a chosen JSON body is kept, and said.
    let base = doc(made_elsewhere());
    let mut input = PivotInput::from_callflow(&base).unwrap();
    assert_eq!(input.build(Some(&base)).warnings, []);
    input.req_body_format = "json".into();
    let warnings = input.build(Some(&base)).warnings;
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].field, "req_body_format");

    let skipped = doc(json!({"numbers": ["1"], "flow": {"module": "pivot",
        "data": {"voice_url": "https://x.example", "skip_module": true}}}));
    let warnings = PivotInput::from_callflow(&skipped)
        .unwrap()
        .build(Some(&skipped))
        .warnings;
    assert!(warnings
        .iter()
        .any(|w| w.field == "voice_url" && w.message.contains("skip_module")));
}

#[test]
fn numbers_others_route_are_warned_about() {
    let facts = |n: &str| match n {
        "+14155550100" => NumberFacts {
            owned: Some(true),
            route: Some(NumberRoute {
                callflow_id: "c1".into(),
                callflow_name: Some("Main".into()),
                via: crate::routing::Via::Number,
            }),
        },
        "+14155550121" => NumberFacts {
            owned: Some(true),
            route: Some(NumberRoute {
                callflow_id: "c2".into(),
                callflow_name: Some("Overflow block".into()),
                via: crate::routing::Via::Pattern("^\\+1415555012[0-4]$".into()),
            }),
        },
        "+14155558888" => NumberFacts {
            owned: Some(false),
            route: None,
        },
        _ => NumberFacts::default(),
    };
    let numbers: Vec<String> = ["+14155550100", "+14155550121", "+14155558888", "1001"]
        .map(String::from)
        .to_vec();
    let warnings = number_warnings(&numbers, None, facts);
    assert_eq!(warnings.len(), 3);
    assert!(warnings[0].message.contains("“Main”"));
    assert!(warnings[1].message.contains("out of that pattern's reach"));
    assert!(warnings[2]
        .message
        .contains("not one of this account's numbers"));
    // The callflow's own numbers are no warning.
    assert_eq!(number_warnings(&numbers[..1], Some("c1"), facts).len(), 0);
}

#[test]
fn bounds_are_checked_before_any_work() {
    let ok = PivotInput {
        name: "A".into(),
        numbers: vec!["4155550100, 1001".into()],
        ..PivotInput::default()
    };
    assert_eq!(ok.check_bounds(), Ok(()));
    let many = (0..=NUMBERS_MAX)
        .map(|i| (2_000_000 + i).to_string())
        .collect::<Vec<_>>()
        .join(",");
    for (field, input) in [
        (
            "numbers",
            PivotInput {
                numbers: vec![many],
                ..ok.clone()
            },
        ),
        (
            "numbers",
            PivotInput {
                numbers: vec!["1\u{0}2".into()],
                ..ok.clone()
            },
        ),
        (
            "name",
            PivotInput {
                name: "a\u{0}".into(),
                ..ok.clone()
            },
        ),
        (
            "name",
            PivotInput {
                name: "x".repeat(NAME_MAX_CHARS + 1),
                ..ok.clone()
            },
        ),
        (
            "method",
            PivotInput {
                method: "p".repeat(65),
                ..ok.clone()
            },
        ),
        (
            "voice_url",
            PivotInput {
                voice_url: "h".repeat(URL_MAX_CHARS + 1),
                ..ok.clone()
            },
        ),
    ] {
        let errors = input.check_bounds().unwrap_err();
        assert!(errors.contains_key(field), "{field}: {errors:?}");
        // build() reports it too.
        assert!(input.build(None).errors.contains_key(field), "{field}");
    }
}

#[test]
fn a_fallback_server_is_a_second_pivot_node_read_back_and_patched() {
    let input = PivotInput {
        name: "Support line".into(),
        numbers: vec!["+14155550100".into()],
        voice_url: "https://twiml.example.com/voice".into(),
        method: "post".into(),
        fallback: "pivot".into(),
        fallback_url: "https://backup.example.com/voice".into(),
        fallback_method: "get".into(),
        ..PivotInput::default()
    };
    let made = input.parse(None).unwrap();
    let value = made.to_value();
    assert_eq!(
        value["flow"]["children"]["_"],
        json!({"module": "pivot", "data": {"voice_url": "https://backup.example.com/voice",
            "method": "get", "req_format": "twiml"}})
    );
    let read = PivotInput::from_callflow(&made).unwrap();
    assert_eq!(read.fallback, "pivot");
    assert_eq!(read.fallback_url, "https://backup.example.com/voice");
    assert_eq!(read.fallback_method, "get");

    // A live fallback pivot with keys the form does not show: changing the
    // URL writes only the URL.
    let live = doc(json!({"name": "Live", "numbers": ["+14155550100"],
        "flow": {"module": "pivot", "data": {"voice_url": "https://a.example/v"},
            "children": {"_": {"module": "pivot", "data": {"method": "GET", "voice_url": "https://b.example/v",
                "debug": true}, "children": {"_": {"module": "hangup", "data": {}}}}}}}));
    let mut edit = PivotInput::from_callflow(&live).unwrap();
    assert_eq!(
        (edit.fallback.as_str(), edit.fallback_method.as_str()),
        ("pivot", "get")
    );
    edit.fallback_url = "https://c.example/v".into();
    let edited = edit.parse(Some(&live)).unwrap().to_value();
    assert_eq!(
        edited["flow"]["children"]["_"],
        json!({"module": "pivot", "data": {"method": "GET", "voice_url": "https://c.example/v",
            "debug": true}, "children": {"_": {"module": "hangup", "data": {}}}})
    );

    let bad = PivotInput {
        fallback_url: "ftp://backup.example.com".into(),
        fallback_method: "put".into(),
        ..input
    };
    let errors = bad.parse(None).unwrap_err();
    assert!(errors.contains_key("fallback_url"), "{errors:?}");
    assert!(errors.contains_key("fallback_method"), "{errors:?}");
}
