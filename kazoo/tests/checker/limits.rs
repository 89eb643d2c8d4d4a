//! Hostile or huge answers: nesting past the checker's depth is refused
//! with a finding instead of overflowing the stack (run on a 2 MiB stack,
//! tokio's worker size, so a regression aborts the test binary), findings
//! are capped, positions stay right on long lines, notes are not
//! problems, and a step can reuse the answer's report.

use kazoo::checker::{
    check_answer, check_kazoo_json, check_twiml, step, step_with_report, walk_kazoo_json,
    walk_twiml, Answer, CheckContext, Effect, Handling, OutcomeRow, Position, Shape, FINDINGS_MAX,
    NESTING_MAX,
};

/// Runs `f` on a thread with tokio's default worker stack (2 MiB).
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn answer(content_type: &str, body: String) -> Answer {
    Answer {
        status: 200,
        content_type: Some(content_type.into()),
        body,
    }
}

fn ctx() -> CheckContext {
    CheckContext {
        current_url: Some("https://example.com/a".into()),
        ..CheckContext::default()
    }
}

#[test]
fn twenty_kilobytes_of_brackets_are_refused_not_read() {
    on_small_stack(|| {
        let at = |per_level: u32| {
            Some(Position {
                line: 1,
                column: per_level * NESTING_MAX as u32 + 1,
            })
        };
        for (body, first_too_deep) in [
            ("[".repeat(20_000), at(1)),
            (format!("{}{}", "[".repeat(5_000), "]".repeat(5_000)), at(1)),
            (
                format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000)),
                at(5),
            ),
        ] {
            let json = check_kazoo_json(&body);
            assert_eq!(json.shape, Shape::TooDeep);
            assert!(json.syntax_error.is_none() && !json.read_leniently);
            assert_eq!(json.findings.len(), 1);
            let f = &json.findings[0];
            assert_eq!(f.handling, Handling::NotChecked);
            assert!(f.message.contains("levels deep"), "{}", f.message);
            assert!(f.message.contains(&format!("at most {NESTING_MAX}")));
            assert_eq!(f.at, first_too_deep);
            for ct in ["application/json", "text/plain"] {
                let a = answer(ct, body.clone());
                let report = check_answer(&a, &ctx());
                assert_eq!(report.outcome.row, OutcomeRow::TooDeep, "{ct}");
                assert_eq!(report.outcome.effect, Effect::NotChecked);
                let s = step_with_report(&report, &a, &ctx(), 0);
                assert_eq!(s.outcome.as_ref(), Some(&report.outcome));
            }
            assert!(walk_kazoo_json(&body).events.len() == 1);
        }
    });
}

#[test]
fn json_nesting_up_to_the_limit_is_read() {
    on_small_stack(|| {
        // The node is level 1, data level 2: the array fills the rest.
        let levels = NESTING_MAX - 2;
        let body = format!(
            r#"{{"module":"tts","data":{{"text":"Hi","x":{}{}}},"children":{{}}}}"#,
            "[".repeat(levels),
            "]".repeat(levels)
        );
        let json = check_kazoo_json(&body);
        assert_eq!(json.shape, Shape::Node, "{:?}", json.findings);
        // One level more, in a string it does not count; outside it does.
        let deeper = body.replacen('[', "[[", 1).replacen(']', "]]", 1);
        assert_eq!(check_kazoo_json(&deeper).shape, Shape::TooDeep);
        let in_string = body.replace("\"Hi\"", "\"[[[[[[[[[[\"");
        assert_eq!(check_kazoo_json(&in_string).shape, Shape::Node);
    });
}

/// JSON5 faults past serde_json read leniently, still within the limit.
#[test]
fn a_lenient_reread_still_names_shape_faults() {
    on_small_stack(|| {
        let json = check_kazoo_json(r#"{"flow": {"module": "tts", "data": {"text": "x"},},}"#);
        assert!(json.syntax_error.is_some() && json.read_leniently);
        assert_eq!(json.shape, Shape::FlowWrapper);
    });
}

#[test]
fn thousands_of_nested_gathers_are_refused_not_walked() {
    on_small_stack(|| {
        let n = 4_000;
        let body = format!(
            "<Response>\n{}<Say>x</Say>{}</Response>",
            "<Gather>".repeat(n),
            "</Gather>".repeat(n)
        );
        let twiml = check_twiml(&body);
        assert!(twiml.too_deep && !twiml.is_twiml());
        assert_eq!(twiml.findings.len(), 1);
        let f = &twiml.findings[0];
        assert!(
            f.message.contains(&format!("nested {} levels deep", n + 2)),
            "{}",
            f.message
        );
        // The root is level 1: the 64th Gather is level 65.
        assert_eq!(
            f.at,
            Some(Position {
                line: 2,
                column: 1 + 8 * (NESTING_MAX as u32 - 1)
            })
        );
        let a = answer("text/xml", body.clone());
        let report = check_answer(&a, &ctx());
        assert_eq!(report.outcome.row, OutcomeRow::TooDeep);
        assert_eq!(report.findings(), twiml.findings.as_slice());
        let s = step(&a, &ctx(), 0);
        assert_eq!(s.outcome.unwrap().row, OutcomeRow::TooDeep);
        assert!(walk_twiml(&body, 0, "https://example.com/a").events.len() == 1);
        let both = check_answer(&answer("text/plain", body), &ctx());
        assert_eq!(both.outcome.row, OutcomeRow::TooDeep);
    });
}

#[test]
fn xml_nesting_up_to_the_limit_is_read() {
    on_small_stack(|| {
        let n = NESTING_MAX - 1; // with the root, exactly the limit
        let body = format!(
            "<Response>{}{}</Response>",
            "<Gather>".repeat(n),
            "</Gather>".repeat(n)
        );
        let twiml = check_twiml(&body);
        assert!(twiml.is_twiml() && !twiml.too_deep, "{:?}", twiml.findings);
        let deeper = body.replacen("<Gather>", "<Gather><Gather>", 1).replacen(
            "</Gather>",
            "</Gather></Gather>",
            1,
        );
        assert!(check_twiml(&deeper).too_deep);
    });
}

/// One ignored attribute per verb on one long line: the findings stop at
/// the cap with one that counts the rest, and columns are right far
/// along the line.
#[test]
fn findings_are_capped_and_counted() {
    let verbs = FINDINGS_MAX + 250;
    let body = format!(
        "<Response>{}</Response>",
        "<Say foo=\"1\">x</Say>".repeat(verbs)
    );
    let report = check_twiml(&body);
    assert_eq!(report.findings.len(), FINDINGS_MAX + 1);
    let last_kept = &report.findings[FINDINGS_MAX - 1];
    assert_eq!(last_kept.attribute.as_deref(), Some("foo"));
    assert_eq!(
        last_kept.at,
        Some(Position {
            line: 1,
            column: 11 + 20 * (FINDINGS_MAX as u32 - 1) + 5
        })
    );
    let summary = report.findings.last().unwrap();
    assert!(
        summary.message.contains("and 250 more findings")
            && summary.message.contains("attribute ignored"),
        "{}",
        summary.message
    );
    assert_eq!(summary.handling, Handling::AttributeIgnored);
    assert!(summary.at.is_none());
    // Under the cap nothing is added.
    let few = check_twiml("<Response><Say foo=\"1\">x</Say></Response>");
    assert_eq!(few.findings.len(), 1);
}

/// Many Gathers: the outcome names them briefly, and the walk still ends
/// where the document does.
#[test]
fn many_gathers_give_one_short_outcome() {
    let body = format!(
        "<Response>{}<Hangup/></Response>",
        "<Gather><Say>x</Say></Gather>".repeat(300)
    );
    let report = check_answer(&answer("text/xml", body), &ctx());
    assert_eq!(report.outcome.effect, Effect::HangsUp);
    assert!(
        report.outcome.summary.contains("and 290 more"),
        "{}",
        report.outcome.summary
    );
    assert!(report.outcome.summary.len() < 600);
}

#[test]
fn notes_are_not_problems() {
    let report = check_twiml("<Response><Record/></Response>");
    assert!(!report.findings.is_empty());
    assert!(report.findings.iter().all(|f| f.handling == Handling::Runs));
    assert!(
        report.findings.iter().all(|f| !f.is_problem()),
        "{:?}",
        report.findings
    );
    let report = check_twiml("<Response><Say foo=\"1\">x</Say></Response>");
    assert!(report.findings[0].is_problem());
    assert!(!Handling::Runs.is_problem());
    assert!(Handling::AttributeIgnored.is_problem());
    assert!(Handling::NotChecked.is_problem());
}

#[test]
fn a_step_with_the_report_is_the_step() {
    for (ct, body) in [
        (
            "text/xml",
            "<Response><Say>Hi</Say><Gather action=\"/k\"/></Response>",
        ),
        (
            "application/json",
            r#"{"module":"tts","data":{"text":"Hi"},"children":{}}"#,
        ),
        ("text/xml", "<Response><Bogus/></Response>"),
        ("text/html", "<Response/>"),
    ] {
        let a = answer(ct, body.into());
        let report = check_answer(&a, &ctx());
        assert_eq!(
            step_with_report(&report, &a, &ctx(), 0),
            step(&a, &ctx(), 0),
            "{body}"
        );
    }
}
