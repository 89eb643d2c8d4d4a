//! §3 translator choice and every row of the §1 outcome table; latency
//! against the timeout; connect failures on master and 4.3.

use kazoo::checker::{
    check_answer, connect_failure, latency, translators, Answer, CheckContext, ConnectFailure,
    Effect, Latency, OutcomeRow, Release, Translator,
};

const SAY: &str = "<Response><Say>Hello</Say></Response>";
const NODE: &str = r#"{"module":"tts","data":{"text":"Hello"},"children":{}}"#;

#[test]
fn only_the_media_type_chooses_the_translator() {
    for (content_type, expected) in [
        // kzt_translator:exec: no Content-Type is read as text/xml; the
        // type is compared exactly (just_the_type only splits and trims).
        (None, Translator::Twiml),
        (Some(""), Translator::Both),
        (Some("  ; charset=utf-8"), Translator::Both),
        (Some("text/xml"), Translator::Twiml),
        (Some("text/xml; charset=utf-8"), Translator::Twiml),
        (Some("application/xml"), Translator::Twiml),
        (Some("application/xml;charset=UTF-8"), Translator::Twiml),
        (Some("Application/XML;charset=UTF-8"), Translator::Both),
        (Some("Text/XML"), Translator::Both),
        (Some("TEXT/XML"), Translator::Both),
        (Some("Application/JSON"), Translator::Both),
        (Some("application/json"), Translator::KazooJson),
        (
            Some("application/json; charset=utf-8"),
            Translator::KazooJson,
        ),
        (Some("text/html"), Translator::Both),
        (Some("text/plain; charset=utf-8"), Translator::Both),
        (Some("application/twiml+xml"), Translator::Both),
    ] {
        assert_eq!(translators(content_type), expected, "{content_type:?}");
    }
}

fn answer(status: u16, content_type: Option<&str>, body: &str) -> Answer {
    Answer {
        status,
        content_type: content_type.map(str::to_owned),
        body: body.to_owned(),
    }
}

#[test]
fn every_row_of_the_outcome_table() {
    let xml = Some("text/xml");
    let json = Some("application/json");
    let html = Some("text/html");
    let rows: [(Answer, OutcomeRow, Effect); 16] = [
        (
            answer(404, xml, SAY),
            OutcomeRow::ErrorStatus,
            Effect::FallsToChild { after_s: 0 },
        ),
        (
            answer(500, json, NODE),
            OutcomeRow::ErrorStatus,
            Effect::FallsToChild { after_s: 0 },
        ),
        (
            answer(302, xml, ""),
            OutcomeRow::OtherStatus,
            Effect::FallsToChild { after_s: 0 },
        ),
        (answer(200, xml, ""), OutcomeRow::EmptyBody, Effect::HangsUp),
        (
            answer(204, json, ""),
            OutcomeRow::EmptyBody,
            Effect::HangsUp,
        ),
        (
            answer(200, xml, "<Reply><Say>x</Say></Reply>"),
            OutcomeRow::XmlNotResponse,
            Effect::FallsToChild { after_s: 0 },
        ),
        (
            answer(200, None, "<Response><Say>"),
            OutcomeRow::XmlNotResponse,
            Effect::FallsToChild { after_s: 0 },
        ),
        (
            answer(200, xml, NODE),
            OutcomeRow::XmlNotResponse,
            Effect::FallsToChild { after_s: 0 },
        ),
        (
            answer(200, html, SAY),
            OutcomeRow::TwimlUnderOtherType,
            Effect::HangsUp,
        ),
        (
            answer(200, Some("text/plain"), "hello"),
            OutcomeRow::NotJson,
            Effect::HangsUp,
        ),
        (
            answer(200, json, "{\"module\": \"tts\",}"),
            OutcomeRow::InvalidJson,
            Effect::HangsUp,
        ),
        (
            answer(200, json, r#"{"module":"tts"}"#),
            OutcomeRow::SchemaFailure,
            Effect::HangsUp,
        ),
        (
            answer(200, xml, "<Response><Say>Hi</Say><Sms>x</Sms></Response>"),
            OutcomeRow::UnsupportedTwiml,
            Effect::HangsUp,
        ),
        (
            answer(200, xml, SAY),
            OutcomeRow::TwimlRunsToEnd,
            Effect::HangsUp,
        ),
        (
            answer(200, xml, "<Response><Redirect>/next</Redirect></Response>"),
            OutcomeRow::TwimlContinues,
            Effect::Runs,
        ),
        (
            answer(200, json, NODE),
            OutcomeRow::KazooJsonRuns,
            Effect::CallflowTakesOver,
        ),
    ];
    let ctx = CheckContext {
        current_url: Some("https://ivr.example/voice".into()),
        ..CheckContext::default()
    };
    for (answer, row, effect) in rows {
        let report = check_answer(&answer, &ctx);
        assert_eq!(
            report.outcome.row, row,
            "{answer:?}: {}",
            report.outcome.summary
        );
        assert_eq!(report.outcome.effect, effect, "{answer:?}");
        assert!(!report.outcome.summary.is_empty());
    }
}

#[test]
fn kazoo_json_under_another_type_still_runs() {
    let report = check_answer(
        &answer(200, Some("text/plain"), NODE),
        &CheckContext::default(),
    );
    assert_eq!(report.translator, Translator::Both);
    assert_eq!(report.outcome.row, OutcomeRow::KazooJsonRuns);
}

#[test]
fn twiml_as_html_says_why_and_the_fix() {
    let report = check_answer(
        &answer(200, Some("text/html; charset=utf-8"), SAY),
        &CheckContext::default(),
    );
    assert!(
        report.outcome.summary.contains("text/html"),
        "{}",
        report.outcome.summary
    );
    assert!(report.outcome.fix.as_deref().unwrap().contains("text/xml"));
    assert!(report.twiml.is_some(), "the TwiML findings are still shown");
}

#[test]
fn a_cdr_url_leaves_the_caller_in_silence_on_hang_up_rows() {
    let ctx = CheckContext {
        cdr_url_set: true,
        ..CheckContext::default()
    };
    for (answer, row) in [
        (
            answer(200, Some("text/xml"), SAY),
            OutcomeRow::TwimlRunsToEnd,
        ),
        (answer(200, Some("text/xml"), ""), OutcomeRow::EmptyBody),
        (
            answer(
                200,
                Some("text/xml"),
                "<Response><Enqueue>q</Enqueue></Response>",
            ),
            OutcomeRow::UnsupportedTwiml,
        ),
    ] {
        let outcome = check_answer(&answer, &ctx).outcome;
        assert_eq!(outcome.row, row);
        assert_eq!(outcome.effect, Effect::LeftInSilence, "{row:?}");
        assert!(outcome.summary.contains("silence"), "{}", outcome.summary);
    }
    // An error status still falls to `_`.
    let outcome = check_answer(&answer(503, None, ""), &ctx).outcome;
    assert_eq!(outcome.effect, Effect::FallsToChild { after_s: 0 });
}

#[test]
fn a_gather_in_the_outcome_says_both_paths() {
    let body =
        "<Response><Gather action=\"/menu\"><Say>Press 1</Say></Gather><Say>Bye</Say></Response>";
    let outcome = check_answer(
        &answer(200, Some("text/xml"), body),
        &CheckContext::default(),
    )
    .outcome;
    assert_eq!(outcome.row, OutcomeRow::TwimlRunsToEnd);
    assert!(
        outcome.summary.contains("waits for keys"),
        "{}",
        outcome.summary
    );
}

#[test]
fn connect_failures_wait_10_s_on_master_and_none_on_4_3() {
    for kind in [
        ConnectFailure::Refused,
        ConnectFailure::Dns,
        ConnectFailure::Timeout,
    ] {
        let master = connect_failure(kind, Release::Master);
        assert_eq!(master.row, OutcomeRow::ConnectFailed);
        assert_eq!(
            master.effect,
            Effect::FallsToChild { after_s: 10 },
            "{kind:?}"
        );
        let v43 = connect_failure(kind, Release::V43);
        assert_eq!(v43.effect, Effect::FallsToChild { after_s: 0 }, "{kind:?}");
    }
    let bad = connect_failure(ConnectFailure::BadUrl, Release::Master);
    assert_eq!(bad.row, OutcomeRow::RequestRefused);
    assert_eq!(bad.effect, Effect::FallsToChild { after_s: 0 });
}

#[test]
fn latency_against_the_timeout() {
    for (latency_ms, timeout_ms, too_slow) in [
        (0, 5000, false),
        (4999, 5000, false),
        (5000, 5000, false),
        (5001, 5000, true),
        (1500, 1000, true),
        (999, 1000, false),
    ] {
        let verdict = latency(latency_ms, timeout_ms);
        assert_eq!(verdict.too_slow(), too_slow, "{latency_ms} vs {timeout_ms}");
        if let Latency::InTime { margin_ms, .. } = verdict {
            assert_eq!(margin_ms, timeout_ms - latency_ms);
        }
        assert!(verdict.message().contains(&format!("{timeout_ms} ms")));
    }
}

/// A type Kazoo misses only by letter case: TwiML under it hangs up, and
/// a finding (first) says to write it in lower case.
#[test]
fn a_type_in_the_wrong_case_is_named_with_its_fix() {
    let ctx = CheckContext::default();
    let report = check_answer(&answer(200, Some("Text/XML; charset=utf-8"), SAY), &ctx);
    assert_eq!(report.media_type.as_deref(), Some("Text/XML"));
    assert_eq!(report.translator, Translator::Both);
    assert_eq!(report.outcome.row, OutcomeRow::TwimlUnderOtherType);
    let first = &report.findings()[0];
    assert_eq!(first.element, "Content-Type");
    assert!(first.is_problem() && first.is_fatal(), "{first:?}");
    assert!(
        first.message.contains("Text/XML is not text/xml"),
        "{}",
        first.message
    );
    assert_eq!(
        first.fix.as_deref(),
        Some("Write the type in lower case: Content-Type: text/xml.")
    );

    let report = check_answer(&answer(200, Some("Application/JSON"), NODE), &ctx);
    assert_eq!(report.outcome.row, OutcomeRow::KazooJsonRuns);
    let first = &report.findings()[0];
    assert!(first.fix.as_deref().unwrap().contains("application/json"));
    assert!(!first.is_fatal());

    let report = check_answer(&answer(200, Some(""), SAY), &ctx);
    assert_eq!(report.outcome.row, OutcomeRow::TwimlUnderOtherType);
    assert!(report.outcome.summary.contains("an empty Content-Type"));
    assert!(report.findings()[0].message.contains("present but empty"));

    // Exactly right, or another type altogether: no such finding.
    for ct in [Some("text/xml"), None, Some("text/html")] {
        let report = check_answer(&answer(200, ct, SAY), &ctx);
        assert!(
            report
                .findings()
                .iter()
                .all(|f| f.element != "Content-Type"),
            "{ct:?}"
        );
    }
}

/// The summary of a TwiML-under-another-type outcome has no runs of
/// spaces from a string literal broken without `\`.
#[test]
fn outcome_summaries_have_no_runs_of_spaces() {
    let report = check_answer(
        &answer(200, Some("text/html"), SAY),
        &CheckContext::default(),
    );
    assert_eq!(report.outcome.row, OutcomeRow::TwimlUnderOtherType);
    assert!(
        !report.outcome.summary.contains("  "),
        "{}",
        report.outcome.summary
    );
}

#[test]
fn an_html_page_is_told_to_serve_twiml_as_text_xml() {
    let answer = kazoo::checker::Answer {
        status: 200,
        content_type: Some("text/html; charset=utf-8".into()),
        body: "<!DOCTYPE html><html><body>Sign in</body></html>".into(),
    };
    let report = kazoo::checker::check_answer(&answer, &kazoo::checker::CheckContext::default());
    let fix = report.outcome.fix.unwrap_or_default();
    assert!(fix.contains("text/xml"), "{fix}");
    assert!(!fix.starts_with("Send strict JSON"), "{fix}");
}
