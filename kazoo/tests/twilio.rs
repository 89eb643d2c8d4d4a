//! Reading Twilio number exports (`kazoo::twilio`): the REST API's JSON
//! (two pages pasted one after another), the Twilio CLI's JSON and CSV in
//! both spellings give the same plan; every class of number; the voice
//! fallback and status callback mapped onto the pivot draft (validated
//! against Kazoo's schemas when `../shared` has them); settings with no
//! Kazoo equivalent flagged; bad files refused with what is wrong.

use std::path::PathBuf;

use kazoo::{
    schema::SchemaSet,
    twilio::{Class, Export, FlagKind, Format, ImportError, Plan, Problem, Which},
};
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/twilio")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schemas() -> Option<SchemaSet> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/kazoo/schemas");
    if !dir.is_dir() {
        eprintln!("skipped: {} is not there", dir.display());
        return None;
    }
    Some(SchemaSet::load_dir(&dir).expect("schemas load"))
}

/// The number the fixtures' account lacks.
const NOT_OURS: &str = "+14155550999";

fn plan(numbers: &str, applications: Option<&str>) -> Plan {
    let apps = applications.map(fixture);
    Export::read(&fixture(numbers), apps.as_deref())
        .unwrap_or_else(|e| panic!("{numbers}: {e}"))
        .plan(|n| n != NOT_OURS)
}

fn refused(numbers: &[u8], applications: Option<&[u8]>) -> ImportError {
    match Export::read(numbers, applications) {
        Ok(export) => panic!("read {} numbers", export.numbers.len()),
        Err(e) => e,
    }
}

/// What must be the same whatever the shape: the groups, and each
/// number's class, reason and group.
fn essence(plan: &Plan) -> Value {
    json!({
        "groups": plan.groups,
        "numbers": plan.numbers.iter().map(|n| json!([n.number, n.class, n.reason, n.group, n.voice])).collect::<Vec<_>>(),
    })
}

#[test]
fn every_shape_of_the_same_numbers_gives_the_same_groups() {
    let rest = plan("numbers-rest.json", Some("applications-rest.json"));
    assert_eq!(rest.format, Format::RestJson);
    assert_eq!(rest.pages, 2, "two pages pasted one after another");
    assert_eq!(rest.numbers.len(), 14);
    assert_eq!(rest.applications, 2);
    for (numbers, apps, format) in [
        ("numbers-cli.json", "applications-cli.json", Format::CliJson),
        ("numbers.csv", "applications.csv", Format::Csv),
        ("numbers-camel.csv", "applications-rest.json", Format::Csv),
        (
            "numbers-rest.json",
            "applications-cli.json",
            Format::RestJson,
        ),
    ] {
        let other = plan(numbers, Some(apps));
        assert_eq!(other.format, format, "{numbers}");
        assert_eq!(essence(&other), essence(&rest), "{numbers} with {apps}");
    }

    assert!(rest.notes.is_empty());
    let csv = plan("numbers.csv", Some("applications.csv"));
    assert!(csv.notes.is_empty(), "{:?}", csv.notes);
    // A CSV without the columns that tell a trunk or an app says so.
    let bare = "phone_number,voice_url\n+14155550116,https://voice.example.com/twiml\n";
    let bare = Export::read(bare.as_bytes(), None).unwrap().plan(|_| true);
    assert_eq!(bare.notes.len(), 1);
    assert!(
        bare.notes[0].contains("no trunk_sid, voice_application_sid, voice_receive_mode column")
    );

    let groups: Vec<(&str, Vec<&str>)> = rest
        .groups
        .iter()
        .map(|g| {
            (
                g.name.as_str(),
                g.numbers.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "voice.example.com/twiml",
                vec!["+14155550110", "+14155550111", "+14155550127"]
            ),
            ("Support", vec!["+14155550112"]),
            ("App line", vec!["+14155550119"]),
        ]
    );
    let support = &rest.groups[1].voice;
    assert_eq!(
        (support.url.as_str(), support.method.as_str()),
        ("https://voice.example.com/support", "get")
    );
}

#[test]
fn pages_pasted_back_to_back_and_twice_are_read_once() {
    let text = String::from_utf8(fixture("numbers-rest.json")).unwrap();
    let pages: Vec<&str> = text.split("\n{").collect();
    assert_eq!(pages.len(), 2);
    // No space between the pages.
    let glued = format!("{}{{{}", pages[0].trim_end(), pages[1]);
    let export = Export::read(glued.as_bytes(), None).unwrap();
    assert_eq!((export.pages, export.numbers.len()), (2, 14));

    // The same pages pasted again: each number once, the repeats listed.
    let twice = format!("{text}\n{text}");
    let plan = Export::read(twice.as_bytes(), None).unwrap().plan(|_| true);
    assert_eq!(plan.pages, 4);
    assert_eq!(plan.numbers.len(), 14);
    assert_eq!(plan.repeated.len(), 14);
}

#[test]
fn every_number_is_classified_with_its_reason() {
    let plan = plan("numbers-rest.json", Some("applications-rest.json"));
    let expected = [
        ("+14155550110", Class::Movable, "your own server"),
        ("+14155550111", Class::Movable, "your own server"),
        ("+14155550112", Class::Movable, "with GET"),
        (
            "+14155550113",
            Class::Studio,
            "rebuild the flow in the callflow editor",
        ),
        (
            "+14155550114",
            Class::TwimlBin,
            "Host that TwiML on your own server",
        ),
        ("+14155550115", Class::Function, "runs on Twilio"),
        ("+14155550116", Class::Trunk, "Not a Pivot route"),
        ("+14155550117", Class::Fax, "receives faxes"),
        ("+14155550118", Class::NoVoiceUrl, "no server for Pivot"),
        ("+14155550119", Class::Movable, "TwiML App “Phone app”"),
        (
            "+14155550120",
            Class::MissingApplication,
            "Applications export does not have",
        ),
        (
            NOT_OURS,
            Class::NotInAccount,
            "add or port it to Kazoo first",
        ),
        ("+14155550126", Class::BadUrl, "not a web address"),
        ("+14155550127", Class::Movable, "your own server"),
    ];
    for (number, class, words) in expected {
        let n = plan.number(number).unwrap_or_else(|| panic!("{number}"));
        assert_eq!(n.class, class, "{number}: {}", n.reason);
        assert!(n.reason.contains(words), "{number}: {}", n.reason);
        assert_eq!(n.group.is_some(), class == Class::Movable, "{number}");
    }
    // The trunk overrides the voice URL it also has, the app the number's.
    assert!(plan.number("+14155550116").unwrap().voice.is_none());
    let via_app = plan.number("+14155550119").unwrap();
    assert_eq!(
        via_app.voice.as_ref().unwrap().url,
        "https://apps.example.com/voice"
    );
    assert_eq!(
        via_app.application.as_deref(),
        Some("AP00000000000000000000000000000001")
    );
    // Where the console helps next.
    assert_eq!(Class::Studio.link().unwrap().0, "/callflows/new");
    assert_eq!(Class::TwimlBin.link().unwrap().0, "/checker");
    assert_eq!(Class::Function.link().unwrap().0, "/checker");

    // Every class is met by some export: the Twilio-hosted one here.
    let hosted = r#"[{"phoneNumber": "+14155550128", "voiceUrl": "http://twimlets.com/forward?PhoneNumber=1"}]"#;
    let hosted = Export::read(hosted.as_bytes(), None)
        .unwrap()
        .plan(|_| true);
    assert_eq!(hosted.numbers[0].class, Class::TwilioHosted);
    let mut met: Vec<Class> = plan.numbers.iter().map(|n| n.class).collect();
    met.push(Class::TwilioHosted);
    for class in Class::ALL {
        assert!(met.contains(&class), "no number is {class:?}");
    }
    // Without the Applications export, the app's number cannot move.
    let without = self::plan("numbers-rest.json", None);
    assert_eq!(
        without.number("+14155550119").unwrap().class,
        Class::MissingApplication
    );
}

#[test]
fn the_fallback_becomes_a_second_pivot_node_and_the_status_callback_the_cdr_url() {
    let plan = plan("numbers-rest.json", Some("applications-rest.json"));
    let group = &plan.groups[0];
    let input = group.pivot_input(&group.numbers);
    let doc = input
        .parse(None)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .to_value();
    assert_eq!(doc["name"], "voice.example.com/twiml");
    assert_eq!(
        doc["numbers"],
        json!(["+14155550110", "+14155550111", "+14155550127"])
    );
    let flow = &doc["flow"];
    assert_eq!(flow["module"], "pivot");
    assert_eq!(flow["data"]["voice_url"], "https://voice.example.com/twiml");
    assert_eq!(flow["data"]["method"], "post");
    assert_eq!(flow["data"]["req_format"], "twiml");
    assert_eq!(flow["data"]["cdr_url"], "https://voice.example.com/status");
    let fallback = &flow["children"]["_"];
    assert_eq!(fallback["module"], "pivot", "{doc}");
    assert_eq!(
        fallback["data"]["voice_url"],
        "https://backup.example.com/twiml"
    );
    assert_eq!(fallback["data"]["method"], "get");
    assert_eq!(fallback["data"]["req_format"], "twiml");
    // A call that ends on the fallback server still posts its CDR.
    assert_eq!(
        fallback["data"]["cdr_url"],
        "https://voice.example.com/status"
    );
    if let Some(set) = schemas() {
        let errors = set.validate_callflow(&doc);
        assert!(errors.is_empty(), "{errors:?} for {doc}");
    }
    let kinds: Vec<FlagKind> = group.flags.iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&FlagKind::CdrUrl), "{kinds:?}");
    assert!(kinds.contains(&FlagKind::Fallback), "{kinds:?}");
    let cdr = group
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::CdrUrl)
        .unwrap();
    // Twilio's number status callback also fires once at the end: the
    // payload and the encoding differ.
    for words in [
        "once, when the call ends",
        "Kazoo's CDR fields",
        "POSTs it form-encoded",
    ] {
        assert!(cdr.text.contains(words), "{words:?} not in {}", cdr.text);
    }
    let fallback = group
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::Fallback)
        .unwrap();
    // PIVOT_TWIML.md §1: 4xx/5xx or no answer reach `_`; an empty answer
    // or TwiML as text/html hangs up.
    for words in [
        "4xx or 5xx",
        "cannot be reached or times out",
        "empty answer",
    ] {
        assert!(
            fallback.text.contains(words),
            "{words:?} not in {}",
            fallback.text
        );
    }
    assert!(!fallback.text.contains("no TwiML"), "{}", fallback.text);

    // No fallback, no status callback: a lone pivot node without a CDR URL.
    let support = &plan.groups[1];
    let doc = support
        .pivot_input(&support.numbers)
        .parse(None)
        .unwrap()
        .to_value();
    assert_eq!(doc["name"], "Support");
    assert_eq!(doc["flow"]["data"]["method"], "get");
    assert!(doc["flow"]["data"].get("cdr_url").is_none(), "{doc}");
    assert!(doc["flow"]["children"].get("_").is_none(), "{doc}");
    if let Some(set) = schemas() {
        assert!(set.validate_callflow(&doc).is_empty());
    }
}

#[test]
fn settings_with_no_kazoo_equivalent_are_listed_with_their_numbers() {
    let plan = plan("numbers-rest.json", Some("applications-rest.json"));
    let flag = |group: usize, kind: FlagKind| {
        plan.groups[group]
            .flags
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.numbers.clone())
    };
    assert_eq!(flag(0, FlagKind::Sms), Some(vec!["+14155550111".into()]));
    assert_eq!(
        flag(0, FlagKind::Emergency),
        Some(vec!["+14155550127".into()])
    );
    assert_eq!(
        flag(0, FlagKind::Regulatory),
        Some(vec!["+14155550127".into()])
    );
    assert_eq!(flag(0, FlagKind::CallerIdLookup), None);
    assert_eq!(
        flag(1, FlagKind::CallerIdLookup),
        Some(vec!["+14155550112".into()])
    );
    let lookup = plan.groups[1]
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::CallerIdLookup)
        .unwrap();
    assert!(
        lookup
            .text
            .contains("switch on the number's inbound CNAM lookup in Kazoo"),
        "{}",
        lookup.text
    );
    assert_eq!(flag(1, FlagKind::CdrUrl), None);
    // The app's status callback is the CDR URL of its group.
    assert_eq!(flag(2, FlagKind::CdrUrl), Some(vec![]));
}

/// One number per entry (`+1415777000i`), planned as in the account.
fn plan_of(entries: &[Value]) -> Plan {
    let entries: Vec<Value> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut e = e.clone();
            e["phone_number"] = json!(format!("+1415777{i:04}"));
            e
        })
        .collect();
    let text = json!({"incoming_phone_numbers": entries}).to_string();
    Export::read(text.as_bytes(), None).unwrap().plan(|_| true)
}

#[test]
fn fallbacks_twilio_serves_or_no_web_address_are_left_out_and_odd_methods_flagged() {
    let voice = "https://voice.example.com/twiml";
    let plan = plan_of(&[
        json!({"voice_url": voice, "voice_fallback_url": "https://handler.twilio.com/twiml/EH1"}),
        json!({"voice_url": voice, "voice_fallback_url": "https://fancy-cat-1.twil.io/fb"}),
        json!({"voice_url": voice, "voice_fallback_url": "backup.example.com"}),
        json!({"voice_url": voice, "status_callback": "mailto:ops@example.com"}),
        json!({"voice_url": voice, "voice_method": "PUT"}),
    ]);
    assert_eq!(plan.groups.len(), 5);
    let kinds =
        |g: usize| -> Vec<FlagKind> { plan.groups[g].flags.iter().map(|f| f.kind).collect() };
    let text = |g: usize, kind: FlagKind| {
        plan.groups[g]
            .flags
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| panic!("group {g} lacks {kind:?}: {:?}", kinds(g)))
    };
    for (g, what) in [(0, "a TwiML Bin"), (1, "a Twilio Function")] {
        assert!(text(g, FlagKind::FallbackLeftOut).contains(what), "{g}");
        assert!(text(g, FlagKind::FallbackLeftOut).contains("served by Twilio"));
        assert!(!kinds(g).contains(&FlagKind::Fallback), "{:?}", kinds(g));
        assert!(!kinds(g).contains(&FlagKind::FallbackOnTwilio));
        let doc = plan.groups[g]
            .pivot_input(&plan.groups[g].numbers)
            .parse(None)
            .unwrap()
            .to_value();
        assert!(doc["flow"]["children"].get("_").is_none(), "{doc}");
    }
    assert!(text(2, FlagKind::FallbackLeftOut).contains("not a web address"));
    assert!(text(3, FlagKind::CdrLeftOut).contains("left out"));
    let doc = plan.groups[3]
        .pivot_input(&plan.groups[3].numbers)
        .parse(None)
        .unwrap()
        .to_value();
    assert!(doc["flow"]["data"].get("cdr_url").is_none(), "{doc}");
    assert!(text(4, FlagKind::Method).contains("voice method is PUT"));
    let doc = plan.groups[4]
        .pivot_input(&plan.groups[4].numbers)
        .parse(None)
        .unwrap()
        .to_value();
    assert_eq!(doc["flow"]["data"]["method"], "post");
}

#[test]
fn a_password_in_a_url_goes_to_the_draft_and_nowhere_else() {
    let plan = plan_of(&[
        json!({"voice_url": "https://bob:s3cret@voice.example.com/twiml",
               "voice_fallback_url": "https://bob:s3cret@backup.example.com/twiml"}),
        json!({"voice_url": "https://bob:s3cret@handler.twilio.com/twiml/EH1"}),
    ]);
    let group = &plan.groups[0];
    let doc = group
        .pivot_input(&group.numbers)
        .parse(None)
        .unwrap()
        .to_value();
    assert_eq!(
        doc["flow"]["data"]["voice_url"],
        "https://bob:s3cret@voice.example.com/twiml"
    );
    assert!(group.flags.iter().any(|f| f.kind == FlagKind::UrlPassword));
    for number in &plan.numbers {
        let shown = serde_json::to_string(number).unwrap();
        assert!(!shown.contains("s3cret"), "{shown}");
    }
    assert!(plan.numbers[0]
        .reason
        .contains("https://***@voice.example.com/twiml"));
    assert!(plan.numbers[1]
        .reason
        .contains("https://***@handler.twilio.com"));
}

#[test]
fn names_and_urls_past_their_bounds_are_cut_and_a_long_voice_url_says_so() {
    let long = format!("https://voice.example.com/{}", "a".repeat(3000));
    let plan = plan_of(&[
        json!({"voice_url": "https://voice.example.com/x", "friendly_name": "n".repeat(100)}),
        json!({"voice_url": long}),
    ]);
    assert_eq!(plan.numbers[0].friendly_name.chars().count(), 64);
    let too_long = &plan.numbers[1];
    assert_eq!(too_long.class, Class::BadUrl);
    assert!(
        too_long.reason.contains("is 3026 characters long")
            && too_long.reason.contains("at most 2048"),
        "{}",
        too_long.reason
    );
    let shown = &too_long.voice.as_ref().unwrap().url;
    assert_eq!(shown.chars().count(), kazoo::pivot::URL_MAX_CHARS);
    assert!(shown.ends_with('…'));
}

#[test]
fn twilios_welcome_demo_is_not_configured_and_a_put_says_post_is_used() {
    let plan = plan_of(&[
        json!({"voice_url": "https://demo.twilio.com/welcome/voice/",
               "sms_url": "https://demo.twilio.com/welcome/sms/reply"}),
        json!({"voice_url": "https://voice.example.com/a", "voice_method": "PUT",
               "sms_url": "https://demo.twilio.com/welcome/sms/reply"}),
    ]);
    assert_eq!(plan.numbers[0].class, Class::NoVoiceUrl);
    assert!(plan.numbers[0].reason.contains("not configured in Twilio"));
    assert!(
        plan.numbers[1]
            .reason
            .contains("with POST (Twilio used PUT"),
        "{}",
        plan.numbers[1].reason
    );
    let kinds: Vec<FlagKind> = plan.groups[0].flags.iter().map(|f| f.kind).collect();
    assert!(!kinds.contains(&FlagKind::Sms), "{kinds:?}");
}

#[test]
fn urls_that_differ_in_the_hosts_case_are_one_group() {
    let plan = plan_of(&[
        json!({"voice_url": "https://Voice.Example.com/twiml"}),
        json!({"voice_url": "https://voice.example.com/twiml"}),
    ]);
    assert_eq!(plan.groups.len(), 1, "{:?}", plan.groups);
    assert_eq!(plan.groups[0].numbers.len(), 2);
}

#[test]
fn a_group_larger_than_a_pivot_action_is_split_in_parts() {
    let entries: Vec<Value> = (0..1001)
        .map(|i| json!({"phone_number": format!("+1415666{i:04}"), "voice_url": "https://voice.example.com/"}))
        .collect();
    let text = json!({"incoming_phone_numbers": entries}).to_string();
    let plan = Export::read(text.as_bytes(), None).unwrap().plan(|_| true);
    let names: Vec<&str> = plan.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "voice.example.com (part 1 of 3)",
            "voice.example.com (part 2 of 3)",
            "voice.example.com (part 3 of 3)"
        ]
    );
    let sizes: Vec<usize> = plan.groups.iter().map(|g| g.numbers.len()).collect();
    assert_eq!(sizes, [500, 500, 1]);
    for group in &plan.groups {
        group.pivot_input(&group.numbers).parse(None).unwrap();
    }
}

#[test]
fn bad_files_are_refused_with_what_is_wrong() {
    let message = |e: ImportError| e.to_string();

    let e = refused(b"Here are my numbers: 415 555 0110", None);
    assert_eq!(e.problem, Problem::NotAnExport);
    assert!(message(e).starts_with("The numbers export is neither JSON nor CSV"));

    let e = refused(
        b"{\"incoming_phone_numbers\": [\n  {\"phone_number\": \"+14155550110\",}\n]}",
        None,
    );
    assert!(
        matches!(e.problem, Problem::Json { line: 2, .. }),
        "{:?}",
        e.problem
    );
    assert!(message(e).contains("not valid JSON at line 2"));

    let e = refused(
        b"{\"incoming_phone_numbers\": [{\"phone_number\": \"+1",
        None,
    );
    assert!(
        matches!(e.problem, Problem::Truncated { .. }),
        "{:?}",
        e.problem
    );

    // The wrong shape: a calls export, as REST JSON and as CLI JSON.
    let e = refused(&fixture("calls-rest.json"), None);
    assert!(
        message(e.clone()).contains("a Twilio \"calls\" list"),
        "{e}"
    );
    let e = refused(
        br#"[{"sid": "CA0123", "to": "+14155550110", "from": "+15105550100"}]"#,
        None,
    );
    assert!(
        matches!(
            &e.problem,
            Problem::MissingField {
                field: "phone_number",
                ..
            }
        ),
        "{e}"
    );
    assert!(message(e.clone()).contains("entry 1"), "{e}");
    assert!(message(e).contains("a calls export"));
    // The two exports swapped.
    let e = refused(&fixture("applications-rest.json"), None);
    assert!(message(e).contains("is the Applications (TwiML Apps) export"));
    let e = refused(
        &fixture("numbers-rest.json"),
        Some(&fixture("numbers-cli.json")),
    );
    assert_eq!(e.which, Which::Applications);
    assert!(message(e).contains("that is the numbers export"));
    let e = refused(b"[1, 2]", None);
    assert!(message(e).contains("entry 1 is a number, not an object"));

    // A number without its phone number, on the second page.
    let text = String::from_utf8(fixture("numbers-rest.json"))
        .unwrap()
        .replacen(
            "\"phone_number\": \"+14155550118\"",
            "\"phone_number\": null",
            1,
        );
    let e = refused(text.as_bytes(), None);
    assert!(message(e.clone()).contains("entry 2 of page 2"), "{e}");

    // CSV without the columns that matter, named.
    let e = refused(b"Number,Name\n+14155550110,Main line\n", None);
    match &e.problem {
        Problem::CsvColumns { missing, found } => {
            assert_eq!(missing, &vec!["phone_number", "voice_url"]);
            assert_eq!(found, &vec!["Number".to_owned(), "Name".to_owned()]);
        }
        other => panic!("{other:?}"),
    }
    assert!(message(e).contains("without the columns phone_number and voice_url"));
    let e = refused(b"phoneNumber,friendlyName\n+14155550110,Main\n", None);
    assert!(message(e).contains("without the column voice_url ("));

    for (bytes, problem) in [
        (&b""[..], Problem::Empty),
        (b"  \n\t ", Problem::Empty),
        (b"PK\x03\x04rest", Problem::Archive),
        (b"\x1f\x8b\x08rest", Problem::Compressed),
        (b"\xff\xfe{", Problem::NotText),
        (b"<Response><Say>Hi</Say></Response>", Problem::Xml),
        (
            b"{\"incoming_phone_numbers\": []}",
            Problem::NoEntries("phone numbers"),
        ),
        (
            b"phone_number,voice_url\n",
            Problem::NoEntries("phone numbers"),
        ),
    ] {
        assert_eq!(refused(bytes, None).problem, problem, "{bytes:?}");
    }
    let e = refused(
        br#"[{"phoneNumber": "call me", "voiceUrl": "https://x.example"}]"#,
        None,
    );
    assert!(message(e).contains("not one at entry 1"));
}
