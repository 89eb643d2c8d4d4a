//! A TwiML document walked in Kazoo's execution model (§4.1): each verb
//! checked first (through the matrix, so the walk and the findings agree
//! on what crashes), then what it does.

use super::{DialTarget, Event, GatherWait, NextRequest, Step, StepEnd};
use crate::checker::{
    request::follow_up,
    twiml::{
        matrix::{
            self,
            dial::{form, Form},
        },
        rules, Doc, DocError, Element,
    },
    Handling, NESTING_MAX,
};

struct Walker<'a> {
    current_url: &'a str,
    events: Vec<Event>,
    variables: Vec<(String, String)>,
}

pub(super) fn walk(body: &str, resume_at: usize, current_url: &str) -> Step {
    match Doc::parse(body) {
        Ok(doc) => walk_doc(&doc, resume_at, current_url),
        Err(DocError::Syntax(e)) => Walker::new(current_url).note_end(format!(
            "The XML does not parse ({} at {}): Kazoo runs nothing.",
            e.message, e.at
        )),
        Err(DocError::TooDeep { depth, .. }) => Walker::new(current_url).note_end(format!(
            "The XML is nested {depth} levels deep; the checker reads at most {NESTING_MAX}, so \
             the walk stops here."
        )),
    }
}

/// Walks a parsed document from verb `resume_at`.
pub(crate) fn walk_doc(doc: &Doc, resume_at: usize, current_url: &str) -> Step {
    let mut w = Walker::new(current_url);
    if doc.root.name != "Response" {
        return w.note_end(format!(
            "The root element is <{}>, not <Response>: Kazoo runs nothing.",
            doc.root.name
        ));
    }
    for (index, verb) in doc.verbs().iter().enumerate().skip(resume_at) {
        let (findings, _) = matrix::verb_check(verb, index);
        if let Some(fatal) = findings.iter().find(|f| f.handling == Handling::HangsUp) {
            return w.finish(StepEnd::Crashed {
                at: fatal.at.unwrap_or(verb.at),
                element: fatal.element.clone(),
                message: fatal.message.clone(),
            });
        }
        if let Some(end) = w.verb(verb, index) {
            return w.finish(end);
        }
    }
    w.finish(StepEnd::EndOfDocument)
}

impl<'a> Walker<'a> {
    fn new(current_url: &'a str) -> Self {
        Self {
            current_url,
            events: Vec::new(),
            variables: Vec::new(),
        }
    }

    fn finish(self, end: StepEnd) -> Step {
        Step {
            outcome: None,
            events: self.events,
            variables: self.variables,
            end,
        }
    }

    fn note_end(mut self, text: String) -> Step {
        self.events.push(Event::Note { at: None, text });
        self.finish(StepEnd::NotRun)
    }

    fn note(&mut self, el: &Element, text: impl Into<String>) {
        self.events.push(Event::Note {
            at: Some(el.at),
            text: text.into(),
        });
    }

    /// Runs one verb Kazoo accepts; `Some` when the document ends here.
    fn verb(&mut self, el: &Element, index: usize) -> Option<StepEnd> {
        match el.name.as_str() {
            "Say" | "Play" | "Pause" => {
                self.prompt(el);
                None
            }
            "Gather" => Some(self.gather(el, index)),
            "Record" => {
                self.events.push(Event::Record {
                    at: el.at,
                    max_length_s: rules::max_length(el.attr("maxLength")).unwrap_or(3600),
                });
                self.note(
                    el,
                    "The walk takes the caller as silent: a silent recording goes on with the \
                     next verb (with sound, Kazoo would request the action with RecordingUrl).",
                );
                None
            }
            "Redirect" => {
                self.set_variables(el, "Variable");
                Some(self.request("Redirect", el, Some(el.trimmed_text()), Vec::new()))
            }
            "Hangup" => {
                self.events.push(Event::Hangup { at: el.at });
                Some(StepEnd::HungUp { at: el.at })
            }
            "Reject" => {
                let reason = rules::reject_reason(el.attr("reason")).unwrap_or("rejected");
                self.events.push(Event::Reject {
                    at: el.at,
                    reason: reason.into(),
                });
                Some(StepEnd::HungUp { at: el.at })
            }
            "Set" => {
                self.set_variables(el, "Variable");
                None
            }
            "Dial" => self.dial(el),
            _ => None,
        }
    }

    /// Say, Play or Pause: what the caller hears.
    fn prompt(&mut self, el: &Element) {
        let loops = rules::loop_count(el.attr("loop")).unwrap_or(1);
        let event = match el.name.as_str() {
            "Say" => Event::Say {
                at: el.at,
                text: el
                    .trimmed_text()
                    .chars()
                    .take(rules::SAY_TEXT_MAX_CHARS)
                    .collect(),
                voice: rules::say_voice(el.attr("voice"))
                    .ok()
                    .flatten()
                    .map(Into::into),
                language: rules::say_language(el.attr("language"))
                    .ok()
                    .flatten()
                    .map(Into::into),
                loops,
            },
            "Play" => Event::Play {
                at: el.at,
                url: el.trimmed_text().to_owned(),
                loops,
            },
            _ => Event::Pause {
                at: el.at,
                seconds: rules::pause_length(el.attr("length")).map_or(1, |(s, _)| s),
            },
        };
        self.events.push(event);
    }

    fn gather(&mut self, el: &Element, index: usize) -> StepEnd {
        for (i, child) in el.children.iter().enumerate() {
            let (findings, _) = matrix::verb_check(child, i + 1);
            if let Some(fatal) = findings.iter().find(|f| f.handling == Handling::HangsUp) {
                self.note(child, format!("The prompt stops here: {}", fatal.message));
                break;
            }
            match child.name.as_str() {
                "Say" | "Play" | "Pause" => self.prompt(child),
                "Set" => self.set_variables(child, "Variable"),
                other => self.note(
                    child,
                    format!("<{other}> runs inside the prompt; the walk does not follow it."),
                ),
            }
        }
        let target = follow_up(self.current_url, el.attr("action"), el.attr("method"));
        let follow_up = match target {
            Ok(f) => f,
            Err(e) => {
                return StepEnd::Stopped {
                    at: el.at,
                    message: format!("The walk cannot tell where keys would go: {e}"),
                }
            }
        };
        StepEnd::WaitForKeys(GatherWait {
            at: el.at,
            follow_up,
            resume_at: index + 1,
            num_digits: rules::num_digits(el.attr("numDigits")).ok().flatten(),
            finish_on_key: rules::finish_on_key(el.attr("finishOnKey")).ok().flatten(),
            timeout_s: rules::timeout_s(el.attr("timeout"), 5).unwrap_or(5),
        })
    }

    fn set_variables(&mut self, el: &Element, child_name: &str) {
        for child in el.children.iter().filter(|c| c.name == child_name) {
            let (Some(key), Some(value)) = (child.attr("key"), child.attr("value")) else {
                continue;
            };
            self.events.push(Event::Set {
                at: child.at,
                key: key.into(),
                value: value.into(),
            });
            match self.variables.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value.into(),
                None => self.variables.push((key.into(), value.into())),
            }
        }
    }

    fn request(
        &mut self,
        verb: &str,
        el: &Element,
        target: Option<&str>,
        vars: Vec<(String, String)>,
    ) -> StepEnd {
        match follow_up(self.current_url, target, el.attr("method")) {
            Ok(follow_up) => StepEnd::Request(NextRequest {
                verb: verb.into(),
                at: Some(el.at),
                follow_up,
                vars,
            }),
            Err(e) => StepEnd::Stopped {
                at: el.at,
                message: format!("The walk cannot follow this <{verb}>: {e}"),
            },
        }
    }

    fn dial(&mut self, el: &Element) -> Option<StepEnd> {
        let timeout_s = rules::timeout_s(el.attr("timeout"), 30).unwrap_or(30);
        let number = |digits: String| DialTarget {
            kind: "number".into(),
            value: digits,
        };
        let targets = match form(el) {
            Form::Empty => return None,
            Form::Text(digits) => vec![number(digits)],
            Form::Number(n) => {
                let digits = rules::dial_digits(&n.text);
                if digits.is_empty() {
                    self.note(n, "<Number> has no digits: nothing is dialled.");
                    return None;
                }
                vec![number(digits)]
            }
            Form::Conference(c) => {
                self.events.push(Event::Conference {
                    at: c.at,
                    room: c.trimmed_text().into(),
                });
                return Some(StepEnd::Stopped {
                    at: c.at,
                    message: "After the conference the document stops: later verbs and the \
                              Dial action do not run."
                        .into(),
                });
            }
            Form::Queue(q) => {
                return Some(StepEnd::Stopped {
                    at: q.at,
                    message: "Kazoo Pivot has no call queues: the document stops and the call \
                              ends."
                        .into(),
                })
            }
            Form::Endpoints => el.children.iter().filter_map(endpoint).collect(),
        };
        if targets.is_empty() {
            return Some(StepEnd::Stopped {
                at: el.at,
                message: "Nothing in this <Dial> can be dialled: the document stops.".into(),
            });
        }
        // A Dial of endpoints also applies `dial_timeout` (default 20 s).
        let timeout_s = if matches!(form(el), Form::Endpoints) {
            rules::timeout_s(el.attr("timeout"), 20).unwrap_or(20)
        } else {
            timeout_s
        };
        self.events.push(Event::Dial {
            at: el.at,
            targets,
            timeout_s,
        });
        el.attr("action")?;
        self.note(
            el,
            "The walk places no call: it goes on as if the dialled call was answered and ended.",
        );
        let vars = vec![
            ("DialCallStatus".into(), "completed".into()),
            ("DialCallSid".into(), "pivot-checker-dial".into()),
            ("DialCallDuration".into(), "0".into()),
        ];
        Some(self.request("Dial", el, el.attr("action"), vars))
    }
}

/// One endpoint of a `<Dial>` of several, as Kazoo builds them
/// (`xml_elements_to_endpoints`); `None` when Kazoo skips it.
fn endpoint(el: &Element) -> Option<DialTarget> {
    let text = el.trimmed_text();
    let (kind, value) = match el.name.as_str() {
        "Number" => ("number", rules::dial_digits(text)),
        "Sip" if text.starts_with("sip:") || text.starts_with("sips:") => ("sip", text.into()),
        "User" if !text.is_empty() => ("user", text.into()),
        "Device" if !text.is_empty() => ("device", text.into()),
        _ => return None,
    };
    Some(DialTarget {
        kind: kind.into(),
        value,
    })
}
