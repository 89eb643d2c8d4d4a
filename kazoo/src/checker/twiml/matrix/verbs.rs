//! Say, Play, Pause, Gather, Record, Redirect, Hangup, Reject and Set
//! (PIVOT_TWIML.md §4 rows; `kzt_twiml.erl`, `kzt_twiml_say.erl`).

use super::{verb_findings, Findings, Verdict};
use crate::checker::{
    twiml::{rules, Element},
    Handling,
};

/// Elements that must be truly empty (`<Record/>`, `<Pause/>`,
/// `<Hangup/>`, `<Reject/>`, §4.1): anything inside, even a space or a
/// comment, makes Kazoo treat them as unknown elements.
fn must_be_empty(el: &Element, path: &str, f: &mut Findings) -> Option<Verdict> {
    el.has_content.then(|| {
        f.crash(
            el,
            path,
            None,
            rules::Crash {
                message: format!(
                    "<{}> has something inside it (text, a space, a line break or a comment): Kazoo \
                     only runs an empty <{}/> and treats this one as an unknown element.",
                    el.name, el.name
                ),
                fix: format!("Write it as an empty element: <{}/>.", el.name),
            },
        )
    })
}

pub(super) fn say(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    f.attributes(
        el,
        path,
        &["voice", "language", "loop", "engine", "terminators"],
        &[],
    );
    check!(f, el, path, "voice", rules::say_voice(el.attr("voice")));
    check!(
        f,
        el,
        path,
        "language",
        rules::say_language(el.attr("language"))
    );
    check!(f, el, path, "loop", rules::loop_count(el.attr("loop")));
    for child in &el.children {
        f.add(
            child,
            &format!("{path}/{}", child.name),
            None,
            Handling::ElementIgnored,
            format!(
                "Kazoo speaks only the text directly inside <Say>: <{}> (SSML) is not read as \
                 markup [infer: kz_xml:texts_to_binary].",
                child.name
            ),
            Some("Put plain text in <Say>.".into()),
        );
    }
    let chars = el.text.trim().chars().count();
    if chars > rules::SAY_TEXT_MAX_CHARS {
        f.add(
            el,
            path,
            None,
            Handling::Runs,
            format!(
                "The text has {chars} characters: Kazoo speaks only the first {} \
                 (pivot.tts_texts_size).",
                rules::SAY_TEXT_MAX_CHARS
            ),
            Some("Split it into several <Say> elements.".into()),
        );
    }
    Verdict::Continues
}

pub(super) fn play(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    f.attributes(
        el,
        path,
        &["loop", "terminators"],
        &[(
            "digits",
            "Kazoo ignores digits on <Play>: it plays no DTMF tones.",
        )],
    );
    check!(f, el, path, "loop", rules::loop_count(el.attr("loop")));
    if el.trimmed_text().is_empty() {
        return f.crash(
            el,
            path,
            None,
            rules::Crash {
                message: "<Play> has no media URL inside it: the element errors.".into(),
                fix: "Put the media URL inside: <Play>https://…/file.mp3</Play>.".into(),
            },
        );
    }
    Verdict::Continues
}

pub(super) fn pause(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    if let Some(verdict) = must_be_empty(el, path, f) {
        return verdict;
    }
    f.attributes(el, path, &["length"], &[]);
    let length = check!(
        f,
        el,
        path,
        "length",
        rules::pause_length(el.attr("length"))
    );
    if let Some((_, true)) = length {
        f.add(
            el,
            path,
            Some("length"),
            Handling::Runs,
            "Kazoo pauses at most 3600 seconds: the length is cut to 3600.",
            Some("Use a length of at most 3600.".into()),
        );
    }
    Verdict::Continues
}

/// Gather attributes Twilio has and Kazoo ignores (§4 Gather row).
const GATHER_IGNORED: [&str; 7] = [
    "input",
    "speechTimeout",
    "hints",
    "language",
    "actionOnEmptyResult",
    "partialResultCallback",
    "profanityFilter",
];

pub(super) fn gather(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    for (name, value, _) in &el.attributes {
        let note = match name.as_str() {
            "input" if value.contains("speech") => Some(
                "Kazoo's <Gather> hears keys (DTMF) only: speech is never recognised, so a caller \
                 who speaks is treated as pressing nothing.",
            ),
            "actionOnEmptyResult" => Some(
                "Kazoo ignores actionOnEmptyResult: with no keys it never requests the action, it \
                 goes on with the next verb.",
            ),
            n if GATHER_IGNORED.contains(&n) => {
                Some("Kazoo ignores it: <Gather> hears keys (DTMF) only.")
            }
            _ => None,
        };
        if let Some(note) = note {
            let fix = (name == "input" || name == "actionOnEmptyResult").then(|| {
                "Ask for keys (\"Press 1 …\") and put what should happen on no input after the \
                 <Gather>."
                    .to_owned()
            });
            f.add(el, path, Some(name), Handling::AttributeIgnored, note, fix);
        }
    }
    let honoured = ["action", "method", "timeout", "finishOnKey", "numDigits"];
    let others: Vec<&str> = honoured.iter().copied().chain(GATHER_IGNORED).collect();
    f.attributes(el, path, &others, &[]);
    // Kazoo runs the prompt first, then reads the attributes; a bad value
    // still hangs up before any key is collected.
    let outer = f.in_gather;
    f.in_gather = true;
    for child in &el.children {
        let child_path = format!("{path}/{}", child.name);
        if !matches!(child.name.as_str(), "Say" | "Play" | "Pause")
            && super::VERBS.contains(&child.name.as_str())
        {
            f.add(
                child,
                &child_path,
                None,
                Handling::Runs,
                format!(
                    "Twilio allows only Say, Play and Pause inside <Gather>; Kazoo runs <{}> as part \
                     of the prompt, stopped by the first key, and a request it makes is not \
                     followed [infer].",
                    child.name
                ),
                Some("Move it out of the <Gather>.".into()),
            );
        }
        verb_findings(child, &child_path, 1, f);
    }
    f.in_gather = outer;
    check!(
        f,
        el,
        path,
        "timeout",
        rules::timeout_s(el.attr("timeout"), 5)
    );
    check!(
        f,
        el,
        path,
        "finishOnKey",
        rules::finish_on_key(el.attr("finishOnKey"))
    );
    check!(
        f,
        el,
        path,
        "numDigits",
        rules::num_digits(el.attr("numDigits"))
    );
    Verdict::Continues
}

pub(super) fn record(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    if let Some(verdict) = must_be_empty(el, path, f) {
        return verdict;
    }
    f.attributes(
        el,
        path,
        &["action", "method", "timeout", "finishOnKey", "maxLength", "playBeep", "recordingUrl"],
        &[
            ("transcribe", "Kazoo does not transcribe recordings: transcribe is ignored."),
            ("transcribeCallback", "Kazoo does not transcribe recordings: transcribeCallback is never called."),
            ("recordingStatusCallback", "Kazoo never calls recordingStatusCallback: the recording's URL comes with the request to the action."),
        ],
    );
    check!(
        f,
        el,
        path,
        "timeout",
        rules::timeout_s(el.attr("timeout"), 5)
    );
    check!(
        f,
        el,
        path,
        "maxLength",
        rules::max_length(el.attr("maxLength"))
    );
    let target = el
        .attr("recordingUrl")
        .or_else(|| el.attr("action"))
        .unwrap_or("the current URL");
    f.add(
        el,
        path,
        None,
        Handling::Runs,
        format!(
            "After a recording with sound, Kazoo's media server uploads the file \
             call_recording_<call id>.mp3 to {target}/<file> (your server receives the upload), \
             then requests the action with RecordingUrl, RecordingDuration and Digits. A silent \
             recording goes on with the next verb."
        ),
        None,
    );
    Verdict::Continues
}

pub(super) fn redirect(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    f.attributes(el, path, &["method"], &[]);
    for child in &el.children {
        if child.name != "Variable" {
            f.add(
                child,
                &format!("{path}/{}", child.name),
                None,
                Handling::ElementIgnored,
                format!(
                    "Kazoo reads only <Variable> inside <Redirect>: <{}> is ignored.",
                    child.name
                ),
                None,
            );
        }
    }
    if el.trimmed_text().is_empty() {
        f.add(
            el,
            path,
            None,
            Handling::Runs,
            "<Redirect> has no URL: Kazoo requests the current URL again.",
            Some("Put the URL inside: <Redirect>/next</Redirect>.".into()),
        );
    }
    Verdict::Ends(format!(
        "<Redirect> at line {} fetches a new document",
        el.at.line
    ))
}

pub(super) fn hangup(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    if let Some(verdict) = must_be_empty(el, path, f) {
        return verdict;
    }
    if let Some((name, _, _)) = el.attributes.first() {
        return f.crash(
            el,
            path,
            Some(name),
            rules::Crash {
                message: format!(
                    "<Hangup> takes no attributes: with {name} Kazoo treats it as an unknown element."
                ),
                fix: "Write <Hangup/> with nothing else.".into(),
            },
        );
    }
    Verdict::Ends(format!("<Hangup/> at line {} ends the call", el.at.line))
}

pub(super) fn reject(el: &Element, path: &str, index: usize, f: &mut Findings) -> Verdict {
    if let Some(verdict) = must_be_empty(el, path, f) {
        return verdict;
    }
    f.attributes(el, path, &["reason", "prompt"], &[]);
    check!(
        f,
        el,
        path,
        "reason",
        rules::reject_reason(el.attr("reason"))
    );
    if index > 0 {
        f.add(
            el,
            path,
            None,
            Handling::Runs,
            "The verbs before <Reject> have answered the call already: the caller is not refused \
             unanswered.",
            Some("Make <Reject> the first verb.".into()),
        );
    }
    Verdict::Ends(format!("<Reject> at line {} ends the call", el.at.line))
}

pub(super) fn set(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    for child in &el.children {
        let child_path = format!("{path}/{}", child.name);
        if child.name != "Variable" {
            f.add(
                child,
                &child_path,
                None,
                Handling::ElementIgnored,
                format!(
                    "Kazoo reads only <Variable> inside <Set>: <{}> is ignored.",
                    child.name
                ),
                None,
            );
            continue;
        }
        f.attributes(child, &child_path, &["key", "value"], &[]);
        if child.attr("key").is_none() || child.attr("value").is_none() {
            f.add(
                child,
                &child_path,
                None,
                Handling::Runs,
                "A <Variable> needs both key and value: without them Kazoo stores an undefined \
                 variable [infer].",
                Some("Write <Variable key=\"name\" value=\"…\"/>.".into()),
            );
        }
    }
    Verdict::Continues
}
