//! `<Dial>` and its nouns (PIVOT_TWIML.md §4 Dial rows;
//! `kzt_twiml_dial.erl`): digits in the body, one `<Number>`, one
//! `<Conference>`, one `<Queue>`, or a list of endpoints rung together.

use super::{Findings, Verdict};
use crate::checker::{
    twiml::{rules, Element},
    Handling,
};

/// `<Dial>` attributes Kazoo reads.
const DIAL_HONOURED: [&str; 10] = [
    "action",
    "method",
    "timeout",
    "callerId",
    "record",
    "timeLimit",
    "hangupOn",
    "continueOnFail",
    "hangupOnStar",
    "strategy",
];

/// `<Conference>` attributes Kazoo reads (Twilio's and its own).
const CONFERENCE_HONOURED: [&str; 20] = [
    "startConferenceOnEnter",
    "endConferenceOnExit",
    "beep",
    "muted",
    "deaf",
    "maxParticipants",
    "waitUrl",
    "callerControls",
    "moderatorControls",
    "announceCount",
    "callerIdName",
    "callerIdNumber",
    "comfortNoise",
    "energyLevel",
    "interval",
    "rate",
    "engine",
    "voice",
    "play_name",
    "play_entry_prompt",
];

/// Numeric `<Conference>` attributes (`props:get_integer_value`).
const CONFERENCE_NUMBERS: [&str; 5] = [
    "announceCount",
    "comfortNoise",
    "energyLevel",
    "interval",
    "rate",
];

/// The form of a `<Dial>`, as `kzt_twiml_dial:exec` tells them apart.
pub(crate) enum Form<'a> {
    /// Nothing inside at all: no clause matches.
    Empty,
    /// Digits in the body (the nouns after them are not read).
    Text(String),
    /// Exactly one `<Number>`.
    Number(&'a Element),
    /// Exactly one `<Conference>`.
    Conference(&'a Element),
    /// Exactly one `<Queue>`.
    Queue(&'a Element),
    /// Endpoints rung together.
    Endpoints,
}

pub(crate) fn form(el: &Element) -> Form<'_> {
    let digits = rules::dial_digits(&el.text);
    if !el.text.trim().is_empty() && !digits.is_empty() {
        return Form::Text(digits);
    }
    match el.children.as_slice() {
        [] => Form::Empty,
        [one] if one.name == "Number" => Form::Number(one),
        [one] if one.name == "Conference" => Form::Conference(one),
        [one] if one.name == "Queue" => Form::Queue(one),
        _ => Form::Endpoints,
    }
}

pub(super) fn dial(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    f.attributes(
        el,
        path,
        &DIAL_HONOURED,
        &[(
            "answerOnBridge",
            "Kazoo ignores answerOnBridge: the call is answered before it dials.",
        )],
    );
    if el.attr("hangupOnStar").is_some() {
        f.add(
            el,
            path,
            Some("hangupOnStar"),
            Handling::AttributeIgnored,
            "hangupOnStar has no effect in Kazoo: the value reaches its check as text, never as \
             the atom true [infer: not covered by Kazoo's tests].",
            Some("Use Kazoo's hangupOn=\"*\" instead.".into()),
        );
    }
    if let Some(key) = el.attr("hangupOn") {
        if !rules::DTMF_KEYS.contains(&key) {
            f.add(
                el,
                path,
                Some("hangupOn"),
                Handling::AttributeIgnored,
                format!("hangupOn=\"{key}\" is not one key: Kazoo ignores it."),
                Some("Use one key, such as hangupOn=\"*\".".into()),
            );
        }
    }
    check!(
        f,
        el,
        path,
        "timeout",
        rules::timeout_s(el.attr("timeout"), 30)
    );
    check!(
        f,
        el,
        path,
        "timeLimit",
        rules::number("timeLimit", el.attr("timeLimit"))
    );
    let action = el.attr("action").is_some();
    let after = |what: &str| {
        if action {
            Verdict::Ends(format!(
                "<Dial> at line {} requests its action after the {what}",
                el.at.line
            ))
        } else {
            Verdict::Continues
        }
    };
    let form = form(el);
    if el.attr("strategy").is_some() && matches!(form, Form::Text(_) | Form::Number(_)) {
        f.add(
            el,
            path,
            Some("strategy"),
            Handling::AttributeIgnored,
            "strategy is read only when <Dial> rings several endpoints: ignored here.",
            None,
        );
    }
    match form {
        Form::Empty => f.crash(
            el,
            path,
            None,
            rules::Crash {
                message: "<Dial> has nothing to dial: Kazoo has no case for an empty <Dial> \
                          [infer: kzt_twiml_dial:exec has no clause for it]."
                    .into(),
                fix: "Put a number inside, or a <Number>, <Sip>, <User>, <Device> or <Conference>."
                    .into(),
            },
        ),
        Form::Text(digits) => {
            text_dial(el, path, &digits, f);
            after("call")
        }
        Form::Number(number) => {
            let number_path = format!("{path}/Number");
            number_attrs(number, &number_path, f);
            if rules::dial_digits(&number.text).is_empty() {
                f.add(
                    number,
                    &number_path,
                    None,
                    Handling::ElementIgnored,
                    "<Number> has no digits: Kazoo dials nothing and goes on with the next verb.",
                    Some("Put the number inside <Number>.".into()),
                );
                return Verdict::Continues;
            }
            after("call")
        }
        Form::Conference(conference) => self::conference(el, conference, path, f),
        Form::Queue(queue) => {
            f.add(
                queue,
                &format!("{path}/Queue"),
                None,
                Handling::DocumentStops,
                "Kazoo Pivot has no call queues: <Dial><Queue> is logged as unsupported and the \
                 document stops; the call ends.",
                Some("Route the number to a Kazoo queue (ACDc) callflow instead.".into()),
            );
            Verdict::Ends(format!(
                "<Dial><Queue> at line {} stops the document",
                el.at.line
            ))
        }
        Form::Endpoints => endpoints(el, path, f, after("call")),
    }
}

fn text_dial(el: &Element, path: &str, digits: &str, f: &mut Findings) {
    let written = el.text.trim();
    let plain = written
        .chars()
        .all(|c| c.is_ascii_digit() || "+-(). ".contains(c));
    if !plain {
        f.add(
            el,
            path,
            None,
            Handling::Runs,
            format!(
                "Kazoo keeps only digits and + from \"{written}\" and dials {digits} through the \
                 account's carriers."
            ),
            Some("Put a phone number in <Dial>; use <Sip> for a SIP address.".into()),
        );
    }
    for child in &el.children {
        f.add(
            child,
            &format!("{path}/{}", child.name),
            None,
            Handling::ElementIgnored,
            "<Dial> starts with digits, so Kazoo dials them and does not read the elements inside.",
            Some("Use either digits or nouns inside <Dial>, not both.".into()),
        );
    }
}

fn number_attrs(number: &Element, path: &str, f: &mut Findings) {
    for (name, _, _) in &number.attributes {
        f.add(
            number,
            path,
            Some(name),
            Handling::AttributeIgnored,
            format!("Kazoo reads {name} on <Number> but does nothing with it."),
            None,
        );
    }
}

fn conference(dial: &Element, el: &Element, dial_path: &str, f: &mut Findings) -> Verdict {
    let path = format!("{dial_path}/Conference");
    let path = path.as_str();
    f.attributes(el, path, &CONFERENCE_HONOURED, &[]);
    if dial.attr("strategy").is_some() {
        f.add(
            dial,
            dial_path,
            Some("strategy"),
            Handling::AttributeIgnored,
            "strategy is read only when <Dial> rings several endpoints: ignored here.",
            None,
        );
    }
    check!(
        f,
        el,
        path,
        "maxParticipants",
        rules::max_participants(el.attr("maxParticipants"))
    );
    check!(f, el, path, "voice", rules::say_voice(el.attr("voice")));
    for attr in CONFERENCE_NUMBERS {
        check!(f, el, path, attr, rules::number(attr, el.attr(attr)));
    }
    if el.attr("waitUrl").is_some() {
        f.add(
            el,
            path,
            Some("waitUrl"),
            Handling::Runs,
            "Kazoo plays waitUrl as hold music (a media file); it does not fetch TwiML from it.",
            Some("Point waitUrl at an audio file.".into()),
        );
    }
    f.add(
        el,
        path,
        None,
        Handling::DocumentStops,
        "After the conference the document stops: the verbs after this <Dial> and its action \
         do not run.",
        dial.attr("action")
            .map(|_| "Kazoo never requests this <Dial>'s action after a conference.".to_owned()),
    );
    Verdict::Ends(format!(
        "the conference at line {} stops the document",
        el.at.line
    ))
}

fn endpoints(el: &Element, path: &str, f: &mut Findings, after: Verdict) -> Verdict {
    let mut dialable = 0;
    for child in &el.children {
        let child_path = format!("{path}/{}", child.name);
        let ok = match child.name.as_str() {
            "Number" => {
                number_attrs(child, &child_path, f);
                true
            }
            "Sip" => sip(child, &child_path, f),
            "User" | "Device" => {
                f.attributes(child, &child_path, &[], &[]);
                !child.trimmed_text().is_empty()
            }
            other => {
                let why = match other {
                    "Client" | "Application" | "Identity" => {
                        format!("Kazoo has no Twilio clients: <{other}> is skipped as an unknown endpoint.")
                    }
                    "Queue" | "Conference" => format!(
                        "<{other}> works only alone inside <Dial>; beside other endpoints Kazoo skips it."
                    ),
                    _ => format!("<{other}> is not an endpoint Kazoo knows: it is skipped."),
                };
                f.add(
                    child,
                    &child_path,
                    None,
                    Handling::ElementIgnored,
                    why,
                    Some("Dial a <Number>, <Sip>, <User> or <Device> instead.".into()),
                );
                false
            }
        };
        dialable += usize::from(ok);
    }
    if dialable == 0 {
        f.add(
            el,
            path,
            None,
            Handling::DocumentStops,
            "Nothing in this <Dial> can be dialled: the document stops.",
            Some("Dial a <Number>, <Sip>, <User> or <Device>.".into()),
        );
        return Verdict::Ends(format!("<Dial> at line {} has nothing to dial", el.at.line));
    }
    if el.attr("strategy").is_some() {
        return f.crash(
            el,
            path,
            Some("strategy"),
            rules::Crash {
                message: "strategy makes a <Dial> of endpoints fail: the value reaches Kazoo's \
                          check as text, never matching simultaneous or single [infer: not \
                          covered by Kazoo's tests]."
                    .into(),
                fix: "Remove strategy: the endpoints ring at the same time anyway.".into(),
            },
        );
    }
    check!(
        f,
        el,
        path,
        "timeout",
        rules::timeout_s(el.attr("timeout"), 20)
    );
    after
}

/// A `<Sip>`: a URI Kazoo can parse (`sip:` or `sips:`), else skipped.
fn sip(el: &Element, path: &str, f: &mut Findings) -> bool {
    f.attributes(
        el,
        path,
        &[],
        &[
            (
                "username",
                "Kazoo ignores username on <Sip>: it sends no credentials.",
            ),
            (
                "password",
                "Kazoo ignores password on <Sip>: it sends no credentials.",
            ),
        ],
    );
    let uri = el.trimmed_text();
    let ok = uri.starts_with("sip:") || uri.starts_with("sips:");
    if !ok {
        f.add(
            el,
            path,
            None,
            Handling::ElementIgnored,
            format!("\"{uri}\" is not a SIP URI Kazoo can parse: the endpoint is skipped."),
            Some("Write it as sip:user@host.".into()),
        );
    }
    ok
}
