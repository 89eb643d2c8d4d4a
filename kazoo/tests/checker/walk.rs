//! §4.1: documents walked in turn as a caller would, main menu → Gather →
//! sub-menu → goodbye, a Gather with no keys, a Kazoo JSON answer, and
//! the ends of a document.

use kazoo::{
    callflow::{BodyFormat, HttpMethod, ReqFormat},
    checker::{
        after_gather, apply, build_request, step, walk_twiml, Answer, CallFacts, CheckContext,
        DialTarget, Event, OutcomeRow, Step, StepEnd,
    },
};

const MAIN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather action="/ivr/sub" numDigits="1" timeout="7">
    <Say voice="woman" language="en-gb">Press 1 for sales.</Say>
    <Play>https://media.example/hold.mp3</Play>
  </Gather>
  <Say>We did not get that.</Say>
  <Redirect>/ivr/main</Redirect>
</Response>"#;

const SUB: &str = r#"<Response>
  <Set><Variable key="dept" value="sales"/></Set>
  <Say>Sales is closed.</Say>
  <Pause length="2"/>
  <Redirect method="GET">goodbye</Redirect>
</Response>"#;

const GOODBYE: &str = r#"<Response><Say loop="2">Goodbye.</Say><Hangup/></Response>"#;

fn xml(body: &str) -> Answer {
    Answer {
        status: 200,
        content_type: Some("text/xml; charset=utf-8".into()),
        body: body.into(),
    }
}

fn ctx(url: &str) -> CheckContext {
    CheckContext {
        current_url: Some(url.into()),
        ..CheckContext::default()
    }
}

fn said(step: &Step) -> Vec<String> {
    step.events
        .iter()
        .filter_map(|e| match e {
            Event::Say { text, .. } => Some(text.clone()),
            Event::Play { url, .. } => Some(url.clone()),
            Event::Pause { seconds, .. } => Some(format!("pause {seconds}")),
            Event::Hangup { .. } => Some("hang up".into()),
            _ => None,
        })
        .collect()
}

#[test]
fn main_menu_to_sub_menu_to_goodbye() {
    let mut facts = CallFacts::test_call("acc1", "+14155550100");

    // 1. Main menu: the prompt, then a wait for keys.
    let url = "https://ivr.example/ivr/main";
    let first = step(&xml(MAIN), &ctx(url), 0);
    assert_eq!(
        first.outcome.as_ref().unwrap().row,
        OutcomeRow::TwimlContinues
    );
    assert_eq!(
        said(&first),
        ["Press 1 for sales.", "https://media.example/hold.mp3"]
    );
    match &first.events[0] {
        Event::Say {
            voice, language, ..
        } => {
            assert_eq!(voice.as_deref(), Some("female"));
            assert_eq!(language.as_deref(), Some("en-GB"));
        }
        other => panic!("{other:?}"),
    }
    let StepEnd::WaitForKeys(wait) = &first.end else {
        panic!("{:?}", first.end)
    };
    assert_eq!(wait.follow_up.url, "https://ivr.example/ivr/sub");
    assert_eq!(wait.follow_up.method, HttpMethod::Post);
    assert_eq!((wait.num_digits, wait.timeout_s), (Some(1), 7));
    assert_eq!(wait.finish_on_key.as_deref(), Some("#"));

    // 2. The caller presses 1: a POST to the action with Digits=1.
    let next = after_gather(wait, "1");
    apply(&mut facts, &first, Some(&next));
    let request = build_request(
        &next.follow_up.url,
        next.follow_up.method,
        ReqFormat::Twiml,
        BodyFormat::Form,
        &facts,
        5000,
    )
    .unwrap();
    assert!(request.body.as_deref().unwrap().contains("Digits=1"));

    // 3. Sub-menu: a variable, a sentence, a pause, a GET Redirect.
    let sub_url = next.follow_up.url.clone();
    let second = step(&xml(SUB), &ctx(&sub_url), 0);
    assert_eq!(said(&second), ["Sales is closed.", "pause 2"]);
    assert_eq!(second.variables, [("dept".to_owned(), "sales".to_owned())]);
    let StepEnd::Request(redirect) = &second.end else {
        panic!("{:?}", second.end)
    };
    assert_eq!(redirect.verb, "Redirect");
    assert_eq!(redirect.follow_up.url, "https://ivr.example/ivr/goodbye");
    assert_eq!(redirect.follow_up.method, HttpMethod::Get);
    apply(&mut facts, &second, Some(redirect));
    let request = build_request(
        &redirect.follow_up.url,
        redirect.follow_up.method,
        ReqFormat::Twiml,
        BodyFormat::Form,
        &facts,
        5000,
    )
    .unwrap();
    assert!(request.url.contains("dept=sales"), "{}", request.url);
    assert!(
        !request.url.contains("Digits="),
        "Digits belong to the Gather's request only"
    );

    // 4. Goodbye: said twice, then the call is hung up on purpose.
    let third = step(&xml(GOODBYE), &ctx(&redirect.follow_up.url), 0);
    assert_eq!(said(&third), ["Goodbye.", "hang up"]);
    assert!(matches!(third.events[0], Event::Say { loops: 2, .. }));
    assert!(matches!(third.end, StepEnd::HungUp { .. }));

    // Every step can be stored as JSON and read back.
    for s in [&first, &second, &third] {
        let text = serde_json::to_string(s).unwrap();
        let back: Step = serde_json::from_str(&text).unwrap();
        assert_eq!(&back, s);
    }
}

#[test]
fn a_gather_with_no_keys_goes_on_with_the_next_verb() {
    let url = "https://ivr.example/ivr/main";
    let StepEnd::WaitForKeys(wait) = walk_twiml(MAIN, 0, url).end else {
        panic!()
    };
    let rest = walk_twiml(MAIN, wait.resume_at, url);
    assert_eq!(said(&rest), ["We did not get that."]);
    let StepEnd::Request(next) = rest.end else {
        panic!("{:?}", rest.end)
    };
    assert_eq!(next.follow_up.url, url);
    assert_eq!(next.follow_up.method, HttpMethod::Post);
    // resuming through `step` gives the same
    let again = step(&xml(MAIN), &ctx(url), wait.resume_at);
    assert_eq!(said(&again), ["We did not get that."]);
}

#[test]
fn a_gather_without_action_posts_to_the_current_url() {
    let StepEnd::WaitForKeys(wait) = walk_twiml(
        "<Response><Gather method=\"get\"/></Response>",
        0,
        "https://a.example/x?y=1",
    )
    .end
    else {
        panic!()
    };
    assert_eq!(wait.follow_up.url, "https://a.example/x?y=1");
    assert_eq!(wait.follow_up.method, HttpMethod::Get);
}

#[test]
fn the_ends_of_a_document() {
    let url = "https://ivr.example/v";
    let crashed = walk_twiml(
        "<Response><Say>Hi</Say><Sms>x</Sms><Say>never</Say></Response>",
        0,
        url,
    );
    assert_eq!(said(&crashed), ["Hi"]);
    assert!(
        matches!(&crashed.end, StepEnd::Crashed { element, at, .. } if element == "Sms" && at.line == 1)
    );

    let bad_voice = walk_twiml(
        "<Response><Say>Hi</Say>\n<Say voice=\"alice\">x</Say></Response>",
        0,
        url,
    );
    assert!(
        matches!(&bad_voice.end, StepEnd::Crashed { at, .. } if at.line == 2),
        "{:?}",
        bad_voice.end
    );

    let end = walk_twiml(
        "<Response><Play loop=\"0\">https://m.example/a.mp3</Play></Response>",
        0,
        url,
    );
    assert!(matches!(end.events[0], Event::Play { loops: 0, .. }));
    assert_eq!(end.end, StepEnd::EndOfDocument);

    let reject = walk_twiml("<Response><Reject reason=\"busy\"/></Response>", 0, url);
    assert!(matches!(&reject.events[0], Event::Reject { reason, .. } if reason == "busy"));

    let queue = walk_twiml("<Response><Dial><Queue>q</Queue></Dial></Response>", 0, url);
    assert!(matches!(queue.end, StepEnd::Stopped { .. }));

    let conference = walk_twiml(
        "<Response><Dial action=\"/after\"><Conference>Room 1</Conference></Dial><Say>x</Say></Response>",
        0,
        url,
    );
    assert!(matches!(&conference.events[0], Event::Conference { room, .. } if room == "Room 1"));
    assert!(matches!(conference.end, StepEnd::Stopped { .. }));

    let not_twiml = walk_twiml("<Reply/>", 0, url);
    assert_eq!(not_twiml.end, StepEnd::NotRun);
}

#[test]
fn a_dial_rings_its_targets_and_follows_its_action() {
    let url = "https://ivr.example/v";
    let plain = walk_twiml(
        "<Response><Dial>+1 415 555 0100</Dial><Say>after</Say></Response>",
        0,
        url,
    );
    assert!(
        matches!(&plain.events[0], Event::Dial { targets, timeout_s: 30, .. }
        if targets == &[DialTarget { kind: "number".into(), value: "+14155550100".into() }])
    );
    assert_eq!(said(&plain), ["after"]);

    let several = walk_twiml(
        "<Response><Dial action=\"done\" method=\"GET\"><Number>+14155550100</Number><Sip>sip:a@pbx.example</Sip><Client>bob</Client><User>u1</User></Dial></Response>",
        0,
        url,
    );
    let Event::Dial {
        targets, timeout_s, ..
    } = &several.events[0]
    else {
        panic!("{:?}", several.events)
    };
    let kinds: Vec<&str> = targets.iter().map(|t| t.kind.as_str()).collect();
    assert_eq!(kinds, ["number", "sip", "user"], "Client is skipped");
    assert_eq!(*timeout_s, 20);
    let StepEnd::Request(next) = &several.end else {
        panic!("{:?}", several.end)
    };
    assert_eq!(next.follow_up.url, "https://ivr.example/done");
    assert_eq!(next.follow_up.method, HttpMethod::Get);
    assert!(next
        .vars
        .iter()
        .any(|(k, v)| k == "DialCallStatus" && v == "completed"));
}

#[test]
fn a_kazoo_json_answer_is_the_node_kazoo_runs() {
    let body = r#"{"module":"tts","data":{"text":"Hello from JSON"},"children":{"_":{"module":"pivot","data":{"voice_url":"https://ivr.example/next"}}}}"#;
    let answer = Answer {
        status: 200,
        content_type: Some("application/json".into()),
        body: body.into(),
    };
    let s = step(&answer, &ctx("https://ivr.example/k"), 0);
    assert_eq!(s.outcome.as_ref().unwrap().row, OutcomeRow::KazooJsonRuns);
    assert!(
        matches!(&s.events[0], Event::Node { module, summary } if module == "tts" && summary.contains("Hello from JSON"))
    );
    assert_eq!(
        s.end,
        StepEnd::CallflowTakesOver {
            pivot_urls: vec!["https://ivr.example/next".into()]
        }
    );
}

#[test]
fn a_failed_answer_is_not_walked() {
    let answer = Answer {
        status: 500,
        content_type: Some("text/xml".into()),
        body: "<Response><Say>x</Say></Response>".into(),
    };
    let s = step(&answer, &ctx("https://ivr.example/k"), 0);
    assert_eq!(s.end, StepEnd::NotRun);
    assert!(s.events.is_empty());
    assert_eq!(s.outcome.unwrap().row, OutcomeRow::ErrorStatus);
}
