//! §3, §5: Kazoo JSON answers: syntax (strict, then lenient), shape and
//! schema; the guide's notification example with both of its faults.

use kazoo::checker::{
    check_answer, check_kazoo_json, Answer, CheckContext, Handling, OutcomeRow, Shape,
};

const GUIDE_EXAMPLE: &str = include_str!("fixtures/notification_flow_trailing_comma.json");

#[test]
fn the_guides_example_names_both_faults() {
    // Where the trailing comma is, found in the text itself.
    let (line_index, line) = GUIDE_EXAMPLE
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"strategy\": \"simultaneous\","))
        .unwrap();
    let comma_column = line.chars().count() as u32;

    let report = check_kazoo_json(GUIDE_EXAMPLE);
    let error = report
        .syntax_error
        .as_ref()
        .expect("a trailing comma is not JSON");
    assert_eq!(error.at.line, line_index as u32 + 1);
    assert_eq!(error.at.column, comma_column, "{error:?}");
    assert!(
        error.message.contains("trailing comma"),
        "{}",
        error.message
    );
    assert!(report.read_leniently);
    assert_eq!(report.shape, Shape::FlowWrapper);

    let syntax = &report.findings[0];
    assert_eq!(syntax.handling, Handling::Unreadable);
    assert!(
        syntax.message.contains(&format!("line {}", line_index + 1)),
        "{}",
        syntax.message
    );
    assert!(syntax.fix.as_deref().unwrap().contains("trailing comma"));

    let wrapper = report
        .findings
        .iter()
        .find(|f| f.element == "flow")
        .expect("the flow wrapper is named");
    assert!(
        wrapper.message.contains("{\"flow\": …}") && wrapper.message.contains("numbers"),
        "{}",
        wrapper.message
    );
    assert!(wrapper
        .fix
        .as_deref()
        .unwrap()
        .contains("Return only the node"));
    assert_eq!(wrapper.at.unwrap().line, 2, "where \"flow\" is written");

    // The node inside is read and is otherwise valid.
    let node = report.node.as_ref().unwrap();
    assert_eq!(node.module.name(), "notification");
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.element.starts_with("children")),
        "{:#?}",
        report.findings
    );

    // Served as application/json: Kazoo's decoder fails, hang up.
    let answer = Answer {
        status: 200,
        content_type: Some("application/json".into()),
        body: GUIDE_EXAMPLE.into(),
    };
    let checked = check_answer(&answer, &CheckContext::default());
    assert_eq!(checked.outcome.row, OutcomeRow::InvalidJson);
    assert_eq!(checked.findings().len(), report.findings.len());
}

#[test]
fn without_the_comma_the_wrapper_alone_is_a_schema_failure() {
    let fixed = GUIDE_EXAMPLE.replace("\"simultaneous\",", "\"simultaneous\"");
    let report = check_kazoo_json(&fixed);
    assert!(report.syntax_error.is_none());
    assert_eq!(report.shape, Shape::FlowWrapper);
    assert!(!report.is_valid());
    let answer = Answer {
        status: 200,
        content_type: Some("application/json".into()),
        body: fixed,
    };
    assert_eq!(
        check_answer(&answer, &CheckContext::default()).outcome.row,
        OutcomeRow::SchemaFailure
    );
}

#[test]
fn schema_errors_name_their_place() {
    for (body, element, words) in [
        (
            r#"{"data": {"text": "hi"}}"#,
            "module",
            "module is required",
        ),
        (
            r#"{"module": 7, "data": {}}"#,
            "module",
            "module must be a string",
        ),
        (r#"{"module": "", "data": {}}"#, "module", "1 to 64"),
        (r#"{"module": "tts"}"#, "data", "data is required"),
        (
            r#"{"module": "tts", "data": []}"#,
            "data",
            "data must be an object",
        ),
        (
            r#"{"module": "tts", "data": {"text": "hi"}, "children": []}"#,
            "children",
            "children must be an object",
        ),
        (
            r#"{"module": "tts", "data": {"text": "hi"}, "children": {"_": {"module": "hangup"}}}"#,
            "children._.data",
            "data is required",
        ),
        (
            r#"{"module": "tts", "data": {"text": "hi"}, "children": {"_": 5}}"#,
            "children._",
            "must be an object",
        ),
        (r#"{"module": "tts", "data": {}}"#, "data.text", "required"),
        (
            r#"{"module": "pivot", "data": {"voice_url": "https://a.example", "req_timeout_ms": 9000}}"#,
            "data.req_timeout_ms",
            "5000",
        ),
        (
            r#"{"module": "tts", "data": {"text": "hi"}, "children": {"1": {"module": "pivot", "data": {"method": "put", "voice_url": "https://a.example"}}}}"#,
            "children.1.data.method",
            "",
        ),
    ] {
        let report = check_kazoo_json(body);
        assert!(!report.is_valid(), "{body}");
        let finding = report
            .findings
            .iter()
            .find(|f| f.element == element)
            .unwrap_or_else(|| panic!("{body}: no finding on {element}: {:#?}", report.findings));
        assert_eq!(finding.handling, Handling::HangsUp, "{body}");
        assert!(
            finding.message.to_lowercase().contains(words),
            "{body}: {}",
            finding.message
        );
        let answer = Answer {
            status: 200,
            content_type: Some("application/json".into()),
            body: body.into(),
        };
        assert_eq!(
            check_answer(&answer, &CheckContext::default()).outcome.row,
            OutcomeRow::SchemaFailure,
            "{body}"
        );
    }
}

#[test]
fn an_unknown_module_is_named() {
    let report = check_kazoo_json(r#"{"module": "say_it", "data": {}}"#);
    let finding = &report.findings[0];
    assert!(
        finding
            .message
            .contains("no callflow module named \"say_it\""),
        "{}",
        finding.message
    );
    assert_eq!(finding.handling, Handling::ElementIgnored);
    for module in ["customer_defined_notification", "tts", "pivot", "hangup"] {
        let report = check_kazoo_json(&format!(
            r#"{{"module": "{module}", "data": {{"text": "x"}}}}"#
        ));
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.message.contains("no callflow module")),
            "{module}"
        );
    }
}

#[test]
fn shapes() {
    assert_eq!(check_kazoo_json("[1, 2]").shape, Shape::NotAnObject);
    assert_eq!(check_kazoo_json("\"tts\"").shape, Shape::NotAnObject);
    assert_eq!(
        check_kazoo_json(r#"{"name": "x"}"#).shape,
        Shape::OtherObject
    );
    assert_eq!(check_kazoo_json("<Response/>").shape, Shape::Unreadable);
    let valid = check_kazoo_json(r#"{"module": "tts", "data": {"text": "Hello"}, "children": {}}"#);
    assert!(valid.is_valid(), "{:#?}", valid.findings);
    assert_eq!(valid.findings, []);
}

#[test]
fn comments_are_named_and_the_rest_still_checked() {
    let body = "{\n  // say hello\n  \"module\": \"tts\",\n  \"data\": {}\n}";
    let report = check_kazoo_json(body);
    let error = report.syntax_error.as_ref().unwrap();
    assert_eq!(error.at.line, 2);
    assert!(report.read_leniently);
    assert!(
        report.findings.iter().any(|f| f.element == "data.text"),
        "{:#?}",
        report.findings
    );
}
