//! The §4 matrix, element by element: every verb of a `<Response>` and
//! everything inside it, with what Kazoo does. [`Verdict`] says whether
//! the document goes on after a verb, so verbs Kazoo never reaches are
//! named too.

/// A value check for the verb modules: `Some(value)`, or on a crash the
/// finding recorded (the verb's verdict becomes "hung up", see
/// [`Findings::crashed`]) and `None`, so the verb's other attributes are
/// still checked and every bad value is reported at once.
macro_rules! check {
    ($f:expr, $el:expr, $path:expr, $attr:expr, $result:expr) => {
        match $result {
            Ok(value) => Some(value),
            Err(crash) => {
                $f.crash($el, $path, Some($attr), crash);
                None
            }
        }
    };
}

pub(crate) mod dial;
mod verbs;

use super::{rules::Crash, Doc, Element};
use crate::checker::{Finding, Handling};

/// Verbs Kazoo runs (`kzt_twiml:exec_element`), by their exact names.
pub(crate) const VERBS: [&str; 10] = [
    "Say", "Play", "Pause", "Gather", "Record", "Dial", "Redirect", "Hangup", "Reject", "Set",
];

/// Twilio verbs Kazoo does not have, with the fix for each (§4 last
/// rows: unknown element → error → hang up).
const UNSUPPORTED: [(&str, &str); 13] = [
    ("Enqueue", "Kazoo Pivot has no call queues: route the number to a Kazoo queue (ACDc) callflow instead."),
    ("Leave", "Kazoo Pivot has no call queues: remove <Leave>."),
    ("Sms", "Pivot cannot send messages during a call: send the SMS from your server through your SMS provider's API."),
    ("Message", "Pivot cannot send messages during a call: send it from your server through your SMS provider's API."),
    ("Connect", "Kazoo Pivot has no media streams or virtual agents: remove <Connect>."),
    ("Stream", "Kazoo Pivot has no media streams: remove <Stream>."),
    ("Start", "Kazoo Pivot has no media streams or transcriptions: remove <Start>."),
    ("Stop", "Kazoo Pivot has no media streams: remove <Stop>."),
    ("Siprec", "Kazoo Pivot has no SIPREC: remove <Siprec>."),
    ("Refer", "Kazoo Pivot cannot send a SIP REFER: use <Dial> to connect the call instead."),
    ("Pay", "Kazoo Pivot has no payments: take payments in your own application."),
    ("Prompt", "<Prompt> belongs to <Pay>, which Kazoo Pivot does not have: remove it."),
    ("Echo", "Kazoo Pivot has no <Echo>: remove it (Kazoo's own echo test is a callflow module)."),
];

/// Whether the document goes on after a verb.
pub(crate) enum Verdict {
    /// The next verb runs (perhaps only when the caller presses no key).
    Continues,
    /// Nothing after it runs; why, in words ("the call is hung up").
    Ends(String),
}

/// Findings collected while walking the tree.
pub(super) struct Findings {
    pub list: Vec<Finding>,
    /// Inside a `<Gather>`: its children run as a prompt in a side
    /// process, so an error there stops the prompt, not the call.
    pub in_gather: bool,
    /// Why the verb being checked hangs up, once one of its values
    /// crashed (outside a Gather): [`verb_findings`] makes it the verb's
    /// verdict whatever the verb's own checks go on to say.
    pub crashed: Option<String>,
}

impl Findings {
    pub fn add(
        &mut self,
        el: &Element,
        path: &str,
        attr: Option<&str>,
        handling: Handling,
        message: impl Into<String>,
        fix: Option<String>,
    ) {
        self.list.push(Finding {
            at: Some(attr.map_or(el.at, |a| el.attr_at(a))),
            element: path.to_owned(),
            attribute: attr.map(str::to_owned),
            value: attr.and_then(|a| el.attr(a)).map(str::to_owned),
            handling,
            message: message.into(),
            fix,
        });
    }

    /// A value Kazoo cannot take: the element fails (§4.3). Returns the
    /// verdict for the document.
    pub fn crash(&mut self, el: &Element, path: &str, attr: Option<&str>, crash: Crash) -> Verdict {
        if self.in_gather {
            self.add(
                el,
                path,
                attr,
                Handling::ElementIgnored,
                format!(
                    "{} Inside <Gather> this stops the rest of the prompt; the Gather still \
                     waits for keys [infer: the prompt runs in a side process].",
                    crash.message
                ),
                Some(crash.fix),
            );
            return Verdict::Continues;
        }
        self.add(
            el,
            path,
            attr,
            Handling::HangsUp,
            format!(
                "{} The verbs before it ran; then Kazoo hangs up.",
                crash.message
            ),
            Some(crash.fix),
        );
        let why = format!("the call is hung up at line {}", el.at.line);
        self.crashed.get_or_insert_with(|| why.clone());
        Verdict::Ends(why)
    }

    /// Every attribute of `el` not in `honoured` is ignored (§4: "not
    /// listed as honoured are silently ignored"); `notes` gives a better
    /// message for some.
    pub fn attributes(
        &mut self,
        el: &Element,
        path: &str,
        honoured: &[&str],
        notes: &[(&str, &str)],
    ) {
        for (name, _, _) in &el.attributes {
            if honoured.contains(&name.as_str()) {
                continue;
            }
            let message = notes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, m)| (*m).to_owned())
                .unwrap_or_else(|| {
                    format!("Kazoo does not read {name} on <{path}>: it has no effect.")
                });
            self.add(
                el,
                path,
                Some(name),
                Handling::AttributeIgnored,
                message,
                None,
            );
        }
    }
}

/// Every finding of a parsed document.
pub(super) fn findings(doc: &Doc) -> Vec<Finding> {
    let mut f = Findings {
        list: Vec::new(),
        in_gather: false,
        crashed: None,
    };
    let root = &doc.root;
    if root.name != "Response" {
        let fix = if root.name.eq_ignore_ascii_case("Response") {
            "Write the root element as <Response> (element names are case-sensitive)."
        } else {
            "Wrap the verbs in <Response>…</Response>."
        };
        f.add(
            root,
            &root.name,
            None,
            Handling::Unreadable,
            format!(
                "The root element is <{}>, not <Response>: Kazoo does not recognise this as TwiML.",
                root.name
            ),
            Some(fix.to_owned()),
        );
        return f.list;
    }
    // Every verb is checked, also past the one that ends the document:
    // an admin fixes them all at once, not one re-check at a time.
    let mut ended: Option<String> = None;
    for (index, verb) in doc.verbs().iter().enumerate() {
        if let Some(why) = &ended {
            f.add(
                verb,
                &verb.name,
                None,
                Handling::DocumentStops,
                format!("This never runs: {why}, before it."),
                Some("Move it before that verb, or remove it.".into()),
            );
        }
        if let Verdict::Ends(why) = verb_findings(verb, &verb.name, index, &mut f) {
            ended.get_or_insert(why);
        }
    }
    f.list
}

/// The findings of one top-level verb on its own (the walk asks whether
/// Kazoo can run it), with the verdict.
pub(crate) fn verb_check(el: &Element, index: usize) -> (Vec<Finding>, Verdict) {
    let mut f = Findings {
        list: Vec::new(),
        in_gather: false,
        crashed: None,
    };
    let verdict = verb_findings(el, &el.name, index, &mut f);
    (f.list, verdict)
}

/// The findings of one verb at `path`; `index` is its place in
/// `<Response>` (0 = first).
pub(super) fn verb_findings(el: &Element, path: &str, index: usize, f: &mut Findings) -> Verdict {
    let outer = f.crashed.take();
    let verdict = match el.name.as_str() {
        "Say" => verbs::say(el, path, f),
        "Play" => verbs::play(el, path, f),
        "Pause" => verbs::pause(el, path, f),
        "Gather" => verbs::gather(el, path, f),
        "Record" => verbs::record(el, path, f),
        "Redirect" => verbs::redirect(el, path, f),
        "Hangup" => verbs::hangup(el, path, f),
        "Reject" => verbs::reject(el, path, index, f),
        "Set" => verbs::set(el, path, f),
        "Dial" => dial::dial(el, path, f),
        _ => unknown(el, path, f),
    };
    match std::mem::replace(&mut f.crashed, outer) {
        Some(why) => Verdict::Ends(why),
        None => verdict,
    }
}

/// An element Kazoo has no clause for: `unknown_element`, hang up (§4.3).
fn unknown(el: &Element, path: &str, f: &mut Findings) -> Verdict {
    let (message, fix) = if let Some((_, fix)) = UNSUPPORTED.iter().find(|(n, _)| *n == el.name) {
        (
            format!("Kazoo Pivot does not support <{}>.", el.name),
            (*fix).to_owned(),
        )
    } else if let Some(verb) = VERBS.iter().find(|v| v.eq_ignore_ascii_case(&el.name)) {
        (
            format!(
                "<{}> is not a verb Kazoo knows: element names are case-sensitive.",
                el.name
            ),
            format!("Write <{verb}>."),
        )
    } else if el.name == "Variable" {
        (
            "<Variable> only works inside <Set> (or <Redirect>).".to_owned(),
            "Put it inside <Set>…</Set>.".to_owned(),
        )
    } else {
        (
            format!("<{}> is not a verb Kazoo knows.", el.name),
            "Remove it, or use a verb Kazoo runs (Say, Play, Pause, Gather, Record, Dial, Redirect, Hangup, Reject, Set).".to_owned(),
        )
    };
    f.crash(el, path, None, Crash { message, fix })
}
