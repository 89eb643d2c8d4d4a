//! Benchmark for issue 10: reading and planning a Twilio export of 10,000
//! numbers, and checking large Pivot answers. Run through
//! `scripts/bench-import-check.sh` (release build, peak memory by
//! `/usr/bin/time`); figures go to BENCHMARKS.md.
//!
//! Usage: `bench_import_check import|check-attrs|check-gathers`

use std::time::Instant;

use kazoo::{
    checker::{check_answer, Answer, CheckContext},
    twilio::Export,
};

/// One IncomingPhoneNumber as the REST API gives it (snake_case, the
/// fields Twilio sends), about 1.3 KB.
fn rest_number(i: usize) -> String {
    let group = i % 50;
    format!(
        r#"{{"account_sid":"AC00000000000000000000000000000000","address_requirements":"none","address_sid":null,"api_version":"2010-04-01","beta":false,"capabilities":{{"fax":false,"mms":true,"sms":true,"voice":true}},"date_created":"Tue, 03 Jan 2023 16:11:32 +0000","date_updated":"Tue, 03 Jan 2023 16:11:32 +0000","emergency_address_sid":null,"emergency_address_status":"unregistered","emergency_status":"Inactive","friendly_name":"Line {i}","identity_sid":null,"origin":"twilio","phone_number":"+1415{:07}","sid":"PN{:032x}","sms_application_sid":"","sms_fallback_method":"POST","sms_fallback_url":"","sms_method":"POST","sms_url":"","status":"in-use","status_callback":"https://ivr.example.com/status","status_callback_method":"POST","trunk_sid":null,"uri":"/2010-04-01/Accounts/AC00000000000000000000000000000000/IncomingPhoneNumbers/PN{:032x}.json","voice_application_sid":"","voice_caller_id_lookup":false,"voice_fallback_method":"POST","voice_fallback_url":"https://backup.example.com/voice/{group}","voice_method":"POST","voice_receive_mode":"voice","voice_url":"https://ivr.example.com/voice/{group}","bundle_sid":null,"subresource_uris":{{"assigned_add_ons":"/2010-04-01/Accounts/AC00000000000000000000000000000000/IncomingPhoneNumbers/PN{:032x}/AssignedAddOns.json"}}}}"#,
        i, i, i, i
    )
}

fn timed<T>(what: &str, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = work();
    println!("{what}: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    out
}

fn check(body: String) {
    let answer = Answer {
        status: 200,
        content_type: Some("text/xml".into()),
        body,
    };
    println!("answer: {} bytes", answer.body.len());
    let report = timed("check_answer", || {
        check_answer(&answer, &CheckContext::default())
    });
    println!("findings: {}", report.findings().len());
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("import") => {
            let numbers: Vec<String> = (0..10_000).map(rest_number).collect();
            let export = format!(
                r#"{{"incoming_phone_numbers":[{}],"page":0,"page_size":10000}}"#,
                numbers.join(",")
            );
            println!("export: {} bytes", export.len());
            let read = timed("Export::read", || {
                Export::read(export.as_bytes(), None).expect("the export reads")
            });
            let plan = timed("Export::plan", || read.plan(|_| true));
            let json = serde_json::to_string(&plan).expect("the plan prints");
            println!("plan stored as JSON: {} bytes", json.len());
        }
        Some("check-attrs") => {
            // 1 MB: one attribute Kazoo ignores on every line.
            let mut body = String::from("<Response>\n");
            while body.len() < 1_000_000 {
                body.push_str("<Say voice=\"woman\" ignored=\"x\">Hello</Say>\n");
            }
            body.push_str("</Response>\n");
            check(body);
        }
        Some("check-gathers") => {
            // 100 KB of Gathers, each with a prompt.
            let mut body = String::from("<Response>\n");
            while body.len() < 100_000 {
                body.push_str("<Gather><Say>x</Say></Gather>\n");
            }
            body.push_str("</Response>\n");
            check(body);
        }
        _ => eprintln!("usage: bench_import_check import|check-attrs|check-gathers"),
    }
}
