//! §4: every verb, noun and listed attribute value of the matrix, held
//! against what the checker reports.

use kazoo::checker::{check_twiml, twiml::rules, Finding, Handling};

fn findings(inner: &str) -> Vec<Finding> {
    let report = check_twiml(&format!("<Response>{inner}</Response>"));
    assert!(
        report.syntax_error.is_none(),
        "{inner}: {:?}",
        report.syntax_error
    );
    report.findings
}

/// `inner` gives a finding on `element` (and `attribute`) with `handling`.
#[track_caller]
fn has(inner: &str, element: &str, attribute: Option<&str>, handling: Handling) {
    let list = findings(inner);
    assert!(
        list.iter().any(|f| f.element == element
            && f.attribute.as_deref() == attribute
            && f.handling == handling),
        "{inner}: expected {handling:?} on {element} {attribute:?}, got {list:#?}"
    );
    for f in &list {
        assert!(!f.message.is_empty() && f.at.is_some(), "{f:?}");
    }
}

/// `inner` runs: no finding that loses the call, none on `attribute`.
#[track_caller]
fn accepted(inner: &str, attribute: Option<&str>) {
    let list = findings(inner);
    assert!(
        !list.iter().any(|f| f.is_fatal()
            || f.handling == Handling::DocumentStops
            || (attribute.is_some() && f.attribute.as_deref() == attribute)),
        "{inner}: expected no problem, got {list:#?}"
    );
}

#[test]
fn a_clean_say_gives_no_finding() {
    assert_eq!(findings("<Say>Welcome to Example</Say>"), []);
    assert_eq!(
        findings("\n  <Say>Hi</Say>\n  <!-- a comment -->\n  <Say>Bye</Say>\n"),
        []
    );
}

#[test]
fn say_voices_languages_and_loops() {
    for voice in rules::SAY_VOICES {
        accepted(&format!("<Say voice=\"{voice}\">Hi</Say>"), Some("voice"));
    }
    for (language, _) in rules::SAY_LANGUAGES {
        accepted(
            &format!("<Say language=\"{language}\">Hi</Say>"),
            Some("language"),
        );
    }
    for voice in [
        "alice",
        "Polly.Joanna",
        "Polly.Matthew-Neural",
        "Man",
        "google.en-US-Standard-A",
    ] {
        has(
            &format!("<Say voice=\"{voice}\">Hi</Say>"),
            "Say",
            Some("voice"),
            Handling::HangsUp,
        );
    }
    for language in ["en-US", "es-MX", "en-GB", "EN", "pt-BR", "ja-JP"] {
        has(
            &format!("<Say language=\"{language}\">Hi</Say>"),
            "Say",
            Some("language"),
            Handling::HangsUp,
        );
    }
    for value in ["0", "1", "3", "2.0"] {
        accepted(&format!("<Say loop=\"{value}\">Hi</Say>"), Some("loop"));
    }
    for value in ["-1", "many", ""] {
        has(
            &format!("<Say loop=\"{value}\">Hi</Say>"),
            "Say",
            Some("loop"),
            Handling::HangsUp,
        );
    }
    accepted(
        "<Say engine=\"ispeech\" terminators=\"#\">Hi</Say>",
        Some("engine"),
    );
    has(
        "<Say rate=\"fast\">Hi</Say>",
        "Say",
        Some("rate"),
        Handling::AttributeIgnored,
    );
    has(
        &format!("<Say>{}</Say>", "a".repeat(4001)),
        "Say",
        None,
        Handling::Runs,
    );
    has(
        "<Say>Hi <break time=\"1s\"/> there</Say>",
        "Say/break",
        None,
        Handling::ElementIgnored,
    );
}

#[test]
fn play_needs_a_url() {
    accepted("<Play>https://media.example/a.mp3</Play>", None);
    accepted(
        "<Play loop=\"0\" terminators=\"\">https://media.example/a.mp3</Play>",
        Some("loop"),
    );
    has("<Play></Play>", "Play", None, Handling::HangsUp);
    has("<Play/>", "Play", None, Handling::HangsUp);
    has("<Play digits=\"1234\"/>", "Play", None, Handling::HangsUp);
    has(
        "<Play digits=\"ww12\">https://m.example/a.mp3</Play>",
        "Play",
        Some("digits"),
        Handling::AttributeIgnored,
    );
    has(
        "<Play loop=\"-2\">https://m.example/a.mp3</Play>",
        "Play",
        Some("loop"),
        Handling::HangsUp,
    );
}

#[test]
fn pause_lengths() {
    for value in ["1", "10", "3600"] {
        accepted(&format!("<Pause length=\"{value}\"/>"), Some("length"));
    }
    accepted("<Pause/>", None);
    has(
        "<Pause length=\"4000\"/>",
        "Pause",
        Some("length"),
        Handling::Runs,
    );
    for value in ["0", "-1", "two"] {
        has(
            &format!("<Pause length=\"{value}\"/>"),
            "Pause",
            Some("length"),
            Handling::HangsUp,
        );
    }
    has("<Pause> </Pause>", "Pause", None, Handling::HangsUp);
}

#[test]
fn gather_attributes() {
    accepted(
        "<Gather action=\"/menu\" method=\"GET\" timeout=\"10\" finishOnKey=\"*\" numDigits=\"1\"><Say>Press 1</Say></Gather>",
        None,
    );
    for key in ["", "#", "*", "0", "9"] {
        accepted(
            &format!("<Gather finishOnKey=\"{key}\"/>"),
            Some("finishOnKey"),
        );
    }
    for key in ["##", "a", "12", "# "] {
        has(
            &format!("<Gather finishOnKey=\"{key}\"/>"),
            "Gather",
            Some("finishOnKey"),
            Handling::HangsUp,
        );
    }
    for value in ["0", "-3", "soon"] {
        has(
            &format!("<Gather timeout=\"{value}\"/>"),
            "Gather",
            Some("timeout"),
            Handling::HangsUp,
        );
        has(
            &format!("<Gather numDigits=\"{value}\"/>"),
            "Gather",
            Some("numDigits"),
            Handling::HangsUp,
        );
    }
    for attribute in [
        "speechTimeout",
        "hints",
        "language",
        "partialResultCallback",
        "profanityFilter",
    ] {
        has(
            &format!("<Gather {attribute}=\"x\"/>"),
            "Gather",
            Some(attribute),
            Handling::AttributeIgnored,
        );
    }
    has(
        "<Gather input=\"speech dtmf\"/>",
        "Gather",
        Some("input"),
        Handling::AttributeIgnored,
    );
    let speech = findings("<Gather input=\"speech\"/>");
    assert!(speech[0].message.contains("DTMF"), "{speech:?}");
    has(
        "<Gather actionOnEmptyResult=\"true\"/>",
        "Gather",
        Some("actionOnEmptyResult"),
        Handling::AttributeIgnored,
    );
    // A bad verb inside the prompt stops the prompt, not the call.
    has(
        "<Gather><Say voice=\"alice\">Hi</Say></Gather>",
        "Gather/Say",
        Some("voice"),
        Handling::ElementIgnored,
    );
    has(
        "<Gather><Sms>x</Sms></Gather>",
        "Gather/Sms",
        None,
        Handling::ElementIgnored,
    );
}

#[test]
fn record_must_be_empty_and_short_enough() {
    accepted(
        "<Record maxLength=\"3600\" timeout=\"5\" playBeep=\"false\" action=\"/rec\"/>",
        Some("maxLength"),
    );
    has("<Record/>", "Record", None, Handling::Runs);
    for value in ["3601", "7200", "0", "long"] {
        has(
            &format!("<Record maxLength=\"{value}\"/>"),
            "Record",
            Some("maxLength"),
            Handling::HangsUp,
        );
    }
    has("<Record></Record>", "Record", None, Handling::Runs);
    has("<Record>\n</Record>", "Record", None, Handling::HangsUp);
    for attribute in [
        "transcribe",
        "transcribeCallback",
        "trim",
        "recordingStatusCallback",
    ] {
        has(
            &format!("<Record {attribute}=\"x\"/>"),
            "Record",
            Some(attribute),
            Handling::AttributeIgnored,
        );
    }
    accepted(
        "<Record recordingUrl=\"https://store.example/up\"/>",
        Some("recordingUrl"),
    );
}

#[test]
fn dial_attributes_and_forms() {
    accepted("<Dial>+1 (415) 555-0100</Dial>", None);
    accepted("<Dial action=\"/after\" timeout=\"20\" callerId=\"+14155550100\" record=\"true\" timeLimit=\"600\" hangupOn=\"*\" continueOnFail=\"false\">4155550100</Dial>", Some("timeout"));
    has(
        "<Dial hangupOnStar=\"true\">4155550100</Dial>",
        "Dial",
        Some("hangupOnStar"),
        Handling::AttributeIgnored,
    );
    has(
        "<Dial hangupOn=\"**\">4155550100</Dial>",
        "Dial",
        Some("hangupOn"),
        Handling::AttributeIgnored,
    );
    for attribute in [
        "answerOnBridge",
        "ringTone",
        "recordingStatusCallback",
        "trim",
        "sequential",
        "referUrl",
    ] {
        has(
            &format!("<Dial {attribute}=\"x\">4155550100</Dial>"),
            "Dial",
            Some(attribute),
            Handling::AttributeIgnored,
        );
    }
    for value in ["0", "-1", "x"] {
        has(
            &format!("<Dial timeout=\"{value}\">4155550100</Dial>"),
            "Dial",
            Some("timeout"),
            Handling::HangsUp,
        );
    }
    has(
        "<Dial timeLimit=\"forever\">4155550100</Dial>",
        "Dial",
        Some("timeLimit"),
        Handling::HangsUp,
    );
    has("<Dial/>", "Dial", None, Handling::HangsUp);
    has(
        "<Dial>sip:1001@pbx.example</Dial>",
        "Dial",
        None,
        Handling::Runs,
    );
    // No digits left once letters are dropped: nothing to dial at all.
    has(
        "<Dial>sip:alice@example.com</Dial>",
        "Dial",
        None,
        Handling::HangsUp,
    );
    // `strategy` crashes only the Dial of several endpoints.
    has(
        "<Dial strategy=\"simultaneous\"><User>u1</User><Device>d1</Device></Dial>",
        "Dial",
        Some("strategy"),
        Handling::HangsUp,
    );
    has(
        "<Dial strategy=\"single\"><Sip>sip:a@b.example</Sip></Dial>",
        "Dial",
        Some("strategy"),
        Handling::HangsUp,
    );
    accepted("<Dial strategy=\"single\">4155550100</Dial>", None);
    has(
        "<Dial strategy=\"single\">4155550100</Dial>",
        "Dial",
        Some("strategy"),
        Handling::AttributeIgnored,
    );
}

#[test]
fn dial_nouns() {
    accepted("<Dial><Number>+14155550100</Number></Dial>", None);
    accepted(
        "<Dial><Number>+14155550100</Number><Number>+14155550101</Number></Dial>",
        None,
    );
    accepted("<Dial><Sip>sip:alice@pbx.example</Sip></Dial>", None);
    accepted(
        "<Dial><User>0a1b2c</User><Device>3d4e5f</Device></Dial>",
        None,
    );
    for attribute in ["sendDigits", "url", "method", "statusCallback"] {
        has(
            &format!("<Dial><Number {attribute}=\"x\">+14155550100</Number></Dial>"),
            "Dial/Number",
            Some(attribute),
            Handling::AttributeIgnored,
        );
    }
    has(
        "<Dial><Number> </Number></Dial>",
        "Dial/Number",
        None,
        Handling::ElementIgnored,
    );
    for attribute in ["username", "password", "url", "method"] {
        has(
            &format!("<Dial><Sip {attribute}=\"x\">sip:a@b.example</Sip></Dial>"),
            "Dial/Sip",
            Some(attribute),
            Handling::AttributeIgnored,
        );
    }
    has(
        "<Dial><Sip>alice at pbx</Sip><Number>+14155550100</Number></Dial>",
        "Dial/Sip",
        None,
        Handling::ElementIgnored,
    );
    for noun in ["Client", "Application", "Identity"] {
        has(
            &format!("<Dial><{noun}>x</{noun}></Dial>"),
            &format!("Dial/{noun}"),
            None,
            Handling::ElementIgnored,
        );
        has(
            &format!("<Dial><{noun}>x</{noun}></Dial>"),
            "Dial",
            None,
            Handling::DocumentStops,
        );
        let mixed = format!("<Dial><{noun}>x</{noun}><Number>+14155550100</Number></Dial>");
        has(
            &mixed,
            &format!("Dial/{noun}"),
            None,
            Handling::ElementIgnored,
        );
        accepted(&mixed, None);
    }
    has(
        "<Dial><Queue>support</Queue></Dial>",
        "Dial/Queue",
        None,
        Handling::DocumentStops,
    );
    has(
        "<Dial><number>+14155550100</number></Dial>",
        "Dial/number",
        None,
        Handling::ElementIgnored,
    );
}

#[test]
fn conference_attributes() {
    has(
        "<Dial><Conference>room</Conference></Dial>",
        "Dial/Conference",
        None,
        Handling::DocumentStops,
    );
    for value in ["3", "10", "40"] {
        let list = findings(&format!(
            "<Dial><Conference maxParticipants=\"{value}\">r</Conference></Dial>"
        ));
        assert!(!list.iter().any(Finding::is_fatal), "{value}: {list:?}");
    }
    for value in ["2", "41", "0", "many"] {
        has(
            &format!("<Dial><Conference maxParticipants=\"{value}\">r</Conference></Dial>"),
            "Dial/Conference",
            Some("maxParticipants"),
            Handling::HangsUp,
        );
    }
    has(
        "<Dial><Conference waitUrl=\"https://m.example/hold.mp3\">r</Conference></Dial>",
        "Dial/Conference",
        Some("waitUrl"),
        Handling::Runs,
    );
    has(
        "<Dial><Conference voice=\"alice\">r</Conference></Dial>",
        "Dial/Conference",
        Some("voice"),
        Handling::HangsUp,
    );
    has(
        "<Dial><Conference energyLevel=\"loud\">r</Conference></Dial>",
        "Dial/Conference",
        Some("energyLevel"),
        Handling::HangsUp,
    );
    for attribute in ["statusCallback", "record", "region", "coach", "trim"] {
        has(
            &format!("<Dial><Conference {attribute}=\"x\">r</Conference></Dial>"),
            "Dial/Conference",
            Some(attribute),
            Handling::AttributeIgnored,
        );
    }
    for attribute in [
        "startConferenceOnEnter",
        "endConferenceOnExit",
        "beep",
        "muted",
        "deaf",
        "callerControls",
        "moderatorControls",
        "callerIdName",
        "engine",
        "play_name",
    ] {
        let list = findings(&format!(
            "<Dial><Conference {attribute}=\"true\">r</Conference></Dial>"
        ));
        assert!(
            !list
                .iter()
                .any(|f| f.attribute.as_deref() == Some(attribute)),
            "{attribute}: {list:?}"
        );
    }
    // Verbs after the conference never run.
    has(
        "<Dial><Conference>r</Conference></Dial><Say>After</Say>",
        "Say",
        None,
        Handling::DocumentStops,
    );
}

#[test]
fn redirect_hangup_reject_set() {
    accepted("<Redirect method=\"GET\">/next</Redirect>", None);
    has("<Redirect/>", "Redirect", None, Handling::Runs);
    accepted(
        "<Redirect>/next<Variable key=\"a\" value=\"b\"/></Redirect>",
        None,
    );
    accepted("<Hangup/>", None);
    has(
        "<Hangup reason=\"done\"/>",
        "Hangup",
        Some("reason"),
        Handling::HangsUp,
    );
    has("<Hangup>bye</Hangup>", "Hangup", None, Handling::HangsUp);
    has(
        "<Hangup></Hangup><Say>x</Say>",
        "Say",
        None,
        Handling::DocumentStops,
    );
    for reason in ["rejected", "busy"] {
        accepted(&format!("<Reject reason=\"{reason}\"/>"), Some("reason"));
    }
    accepted(
        "<Reject prompt=\"https://m.example/closed.mp3\"/>",
        Some("prompt"),
    );
    has(
        "<Reject reason=\"declined\"/>",
        "Reject",
        Some("reason"),
        Handling::HangsUp,
    );
    has("<Say>Hi</Say><Reject/>", "Reject", None, Handling::Runs);
    accepted("<Set><Variable key=\"dept\" value=\"sales\"/></Set>", None);
    has(
        "<Set><Say>x</Say></Set>",
        "Set/Say",
        None,
        Handling::ElementIgnored,
    );
    has(
        "<Set><Variable key=\"dept\"/></Set>",
        "Set/Variable",
        None,
        Handling::Runs,
    );
    has(
        "<Variable key=\"a\" value=\"b\"/>",
        "Variable",
        None,
        Handling::HangsUp,
    );
}

#[test]
fn unknown_and_unsupported_elements_hang_up() {
    for verb in [
        "Enqueue", "Leave", "Sms", "Message", "Connect", "Stream", "Start", "Stop", "Siprec",
        "Refer", "Pay", "Prompt", "Echo", "Whatever",
    ] {
        has(
            &format!("<{verb}>x</{verb}>"),
            verb,
            None,
            Handling::HangsUp,
        );
        has(
            &format!("<{verb}/><Say>after</Say>"),
            "Say",
            None,
            Handling::DocumentStops,
        );
    }
    // Element names are case-sensitive.
    for (written, verb) in [("say", "Say"), ("PLAY", "Play"), ("hangup", "Hangup")] {
        let list = findings(&format!("<{written}/>"));
        assert_eq!(list[0].handling, Handling::HangsUp, "{written}");
        assert!(list[0].fix.as_deref().unwrap().contains(verb), "{list:?}");
    }
}

#[test]
fn the_root_must_be_response() {
    for doc in [
        "<response><Say>x</Say></response>",
        "<Twiml><Say>x</Say></Twiml>",
    ] {
        let report = check_twiml(doc);
        assert!(!report.is_twiml());
        assert_eq!(report.findings[0].handling, Handling::Unreadable, "{doc}");
    }
    assert!(check_twiml("<Response/>").is_twiml());
}

#[test]
fn syntax_errors_and_findings_have_lines_and_columns() {
    let report = check_twiml("<Response>\n  <Say>Hi\n</Response>");
    let error = report.syntax_error.expect("not well-formed");
    assert_eq!(error.at.line, 3, "{error:?}");
    assert!(error.at.column >= 1);

    let doc = "<?xml version=\"1.0\"?>\n<Response>\n  <Say>Hi</Say>\n  <Say voice=\"alice\">Hello</Say>\n</Response>";
    let report = check_twiml(doc);
    let finding = &report.findings[0];
    assert_eq!(finding.at.unwrap().line, 4);
    assert_eq!(finding.at.unwrap().column, 8, "the column of voice=");
    assert_eq!(finding.value.as_deref(), Some("alice"));
    assert!(finding.fix.as_deref().unwrap().contains("woman"));
}

#[test]
fn numbers_are_read_as_kazoo_reads_them() {
    for (value, expected) in [
        ("5", Some(5)),
        ("5.0", Some(5)),
        ("-1", Some(-1)),
        ("5s", None),
        ("", None),
        (" 5", None),
    ] {
        assert_eq!(rules::int_value(value), expected, "{value:?}");
    }
}

#[test]
fn an_unsupported_verb_says_the_hang_up_once() {
    let answer = kazoo::checker::Answer {
        status: 200,
        content_type: Some("text/xml".into()),
        body: "<Response><Say>Hi</Say><Enqueue>support</Enqueue></Response>".into(),
    };
    let report = kazoo::checker::check_answer(&answer, &kazoo::checker::CheckContext::default());
    let summary = &report.outcome.summary;
    assert_eq!(summary.matches("hangs up").count(), 1, "{summary}");
}

#[test]
fn every_problem_is_listed_at_once_also_past_the_first_that_hangs_up() {
    let body = "<Response>\n\
        <Say voice=\"alice\" language=\"en-GB\">Hi</Say>\n\
        <Enqueue>support</Enqueue>\n\
        <Pay/>\n\
        <Reject reason=\"later\"/>\n\
        </Response>";
    let report = kazoo::checker::check_twiml(body);
    let named = |attr: Option<&str>, element: &str| {
        report
            .findings
            .iter()
            .any(|f| f.attribute.as_deref() == attr && f.element == element)
    };
    assert!(named(Some("voice"), "Say"), "{:#?}", report.findings);
    assert!(named(Some("language"), "Say"), "{:#?}", report.findings);
    assert!(named(None, "Enqueue"), "{:#?}", report.findings);
    assert!(named(None, "Pay"), "{:#?}", report.findings);
    assert!(named(Some("reason"), "Reject"), "{:#?}", report.findings);
    // Each finding once.
    let mut seen = report.findings.clone();
    seen.dedup();
    assert_eq!(seen.len(), report.findings.len());
}
