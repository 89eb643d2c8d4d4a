//! §2: what Pivot sends, with Kazoo's exact parameter names.

use kazoo::{
    callflow::{BodyFormat, HttpMethod, Pivot, ReqFormat},
    checker::{
        build_request, first_request, follow_up, timeout_ms, CallFacts, PivotSettings,
        DEFAULT_TIMEOUT_MS,
    },
};
use serde_json::Value;

fn facts() -> CallFacts {
    CallFacts::test_call("acc0001", "+14155550100")
}

fn keys(params: &[(String, Value)]) -> Vec<&str> {
    params.iter().map(|(k, _)| k.as_str()).collect()
}

const TWIML_KEYS: [&str; 11] = [
    "CallSid",
    "AccountSid",
    "From",
    "FromRealm",
    "To",
    "ToRealm",
    "CallStatus",
    "ApiVersion",
    "Direction",
    "CallerName",
    "CallerNumber",
];

const KAZOO_KEYS: [&str; 13] = [
    "Call-ID",
    "Account-ID",
    "From",
    "From-Realm",
    "To",
    "To-Realm",
    "Request",
    "Request-Realm",
    "Call-Status",
    "Api-Version",
    "Direction",
    "Caller-ID-Name",
    "Caller-ID-Number",
];

fn query_pairs(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[test]
fn twiml_get_puts_exact_names_in_the_query() {
    let req = build_request(
        "https://ivr.example/voice?tenant=7",
        HttpMethod::Get,
        ReqFormat::Twiml,
        BodyFormat::Form,
        &facts(),
        5000,
    )
    .unwrap();
    assert_eq!(keys(&req.params), TWIML_KEYS);
    assert_eq!(req.content_type, None);
    assert_eq!(req.body, None);
    let url = url::Url::parse(&req.url).unwrap();
    let pairs = query_pairs(url.query().unwrap());
    assert_eq!(
        pairs[0],
        ("tenant".into(), "7".into()),
        "the existing query stays first"
    );
    let names: Vec<&str> = pairs[1..].iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, TWIML_KEYS);
    assert!(req.url.contains("?tenant=7&CallSid="), "{}", req.url);
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(get("ApiVersion"), "2010-04-01");
    assert_eq!(get("Direction"), "inbound");
    assert_eq!(get("AccountSid"), "acc0001");
    assert_eq!(get("To"), "+14155550100");
}

#[test]
fn get_without_a_query_starts_one() {
    let req = build_request(
        "https://ivr.example/voice",
        HttpMethod::Get,
        ReqFormat::Kazoo,
        BodyFormat::Json,
        &facts(),
        5000,
    )
    .unwrap();
    assert!(
        req.url.starts_with("https://ivr.example/voice?Call-ID="),
        "{}",
        req.url
    );
    assert_eq!(
        req.body, None,
        "a GET has no body, whatever the body format"
    );
}

#[test]
fn twiml_post_form_is_url_encoded_with_plus_for_spaces() {
    let req = build_request(
        "https://ivr.example/voice",
        HttpMethod::Post,
        ReqFormat::Twiml,
        BodyFormat::Form,
        &facts(),
        3000,
    )
    .unwrap();
    assert_eq!(req.url, "https://ivr.example/voice");
    assert_eq!(
        req.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let body = req.body.unwrap();
    assert!(body.contains("CallerName=Pivot+checker"), "{body}");
    let names: Vec<String> = query_pairs(&body).into_iter().map(|(k, _)| k).collect();
    assert_eq!(names, TWIML_KEYS);
    assert_eq!(req.timeout_ms, 3000);
}

#[test]
fn kazoo_post_json_is_a_flat_object_with_kazoo_names() {
    let req = build_request(
        "https://ivr.example/kazoo",
        HttpMethod::Post,
        ReqFormat::Kazoo,
        BodyFormat::Json,
        &facts(),
        5000,
    )
    .unwrap();
    assert_eq!(req.content_type.as_deref(), Some("application/json"));
    let body: Value = serde_json::from_str(&req.body.unwrap()).unwrap();
    let object = body.as_object().unwrap();
    let names: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(names, KAZOO_KEYS);
    assert_eq!(object["Api-Version"], "4.x");
    assert_eq!(object["Request"], "+14155550100");
    assert!(object.values().all(Value::is_string), "flat: {body}");
}

#[test]
fn kazoo_post_form_nests_php_style() {
    let mut facts = facts();
    facts.custom_application_vars = vec![("ticket".into(), "42".into())];
    facts.user_ids = vec!["u1".into(), "u2".into()];
    let req = build_request(
        "https://ivr.example/kazoo",
        HttpMethod::Post,
        ReqFormat::Kazoo,
        BodyFormat::Form,
        &facts,
        5000,
    )
    .unwrap();
    let pairs = query_pairs(&req.body.unwrap());
    assert!(pairs.contains(&("Custom-Application-Vars[ticket]".into(), "42".into())));
    assert!(pairs.contains(&("User-ID[]".into(), "u1".into())));
    assert!(pairs.contains(&("User-ID[]".into(), "u2".into())));
}

#[test]
fn digits_request_and_user_vars_follow_and_base_names_win() {
    let mut facts = facts();
    facts.digits = Some("1".into());
    facts.set_request_var("DialCallStatus", "completed");
    facts.set_user_var("dept", "sales");
    facts.set_user_var("From", "spoofed");
    for format in [ReqFormat::Twiml, ReqFormat::Kazoo] {
        let req = build_request(
            "https://ivr.example/x",
            HttpMethod::Post,
            format,
            BodyFormat::Form,
            &facts,
            5000,
        )
        .unwrap();
        let pairs = query_pairs(&req.body.unwrap());
        let get = |k: &str| {
            pairs
                .iter()
                .filter(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("Digits"), ["1"], "{format:?}");
        assert_eq!(get("DialCallStatus"), ["completed"], "{format:?}");
        assert_eq!(get("dept"), ["sales"], "{format:?}");
        assert_eq!(
            get("From"),
            ["+15555550100"],
            "{format:?}: the base parameter wins"
        );
    }
}

#[test]
fn undefined_values_are_omitted() {
    let mut facts = facts();
    facts.realm = None;
    facts.caller_name = None;
    let req = build_request(
        "https://ivr.example/x",
        HttpMethod::Post,
        ReqFormat::Twiml,
        BodyFormat::Json,
        &facts,
        5000,
    )
    .unwrap();
    let names = keys(&req.params);
    assert!(
        !names.contains(&"FromRealm") && !names.contains(&"CallerName"),
        "{names:?}"
    );
    assert!(names.contains(&"CallSid"));
}

#[test]
fn the_first_request_follows_the_node() {
    let pivot: Pivot = serde_json::from_value(serde_json::json!({
        "voice_url": "https://ivr.example/start", "req_timeout_ms": 9000
    }))
    .unwrap();
    let settings = PivotSettings::from_pivot(&pivot);
    assert_eq!(settings.method, HttpMethod::Get, "schema default");
    assert_eq!(
        settings.req_format,
        ReqFormat::Twiml,
        "pivot_call's default when absent"
    );
    assert_eq!(settings.req_body_format, BodyFormat::Form);
    let req = first_request(&settings, &facts()).unwrap();
    assert_eq!(req.method, HttpMethod::Get);
    assert_eq!(req.timeout_ms, 5000, "capped");
}

#[test]
fn timeouts_default_and_cap_at_5000() {
    for (given, expected) in [
        (None, DEFAULT_TIMEOUT_MS),
        (Some(1), 1),
        (Some(1200), 1200),
        (Some(5000), 5000),
        (Some(5001), 5000),
        (Some(60_000), 5000),
        (Some(0), DEFAULT_TIMEOUT_MS),
        (Some(-5), DEFAULT_TIMEOUT_MS),
    ] {
        assert_eq!(timeout_ms(given), expected, "{given:?}");
    }
    assert_eq!(DEFAULT_TIMEOUT_MS, 5000);
}

#[test]
fn follow_ups_resolve_relative_urls_and_default_to_post() {
    let current = "https://ivr.example/ivr/main?lang=en";
    for (target, method, url, expected_method) in [
        (
            None,
            None,
            "https://ivr.example/ivr/main?lang=en",
            HttpMethod::Post,
        ),
        (
            Some(""),
            None,
            "https://ivr.example/ivr/main?lang=en",
            HttpMethod::Post,
        ),
        (
            Some("sub"),
            None,
            "https://ivr.example/ivr/sub",
            HttpMethod::Post,
        ),
        (
            Some("/top"),
            Some("GET"),
            "https://ivr.example/top",
            HttpMethod::Get,
        ),
        (
            Some("../up?x=1"),
            Some("get"),
            "https://ivr.example/up?x=1",
            HttpMethod::Get,
        ),
        (
            Some("?step=2"),
            Some("POST"),
            "https://ivr.example/ivr/main?step=2",
            HttpMethod::Post,
        ),
        (
            Some("https://other.example/z"),
            Some("PUT"),
            "https://other.example/z",
            HttpMethod::Post,
        ),
        (
            Some("//cdn.example/a"),
            None,
            "https://cdn.example/a",
            HttpMethod::Post,
        ),
    ] {
        let next = follow_up(current, target, method).unwrap();
        assert_eq!(next.url, url, "{target:?}");
        assert_eq!(next.method, expected_method, "{target:?} {method:?}");
    }
}

#[test]
fn bad_urls_are_refused_with_a_reason() {
    for url in ["ftp://ivr.example/x", "not a url", "mailto:a@b.example", ""] {
        let err = build_request(
            url,
            HttpMethod::Get,
            ReqFormat::Twiml,
            BodyFormat::Form,
            &facts(),
            5000,
        )
        .unwrap_err();
        assert!(err.to_string().contains("http"), "{url}: {err}");
    }
    assert!(follow_up("https://ivr.example/", Some("ftp://x.example/"), None).is_err());
}
