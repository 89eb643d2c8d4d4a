//! The core's results (`kazoo::checker`) as the page's view types: the
//! one place that turns an outcome, a finding, a request or an event into
//! the words the page and the JSON API show. Server only.

use kazoo::{
    callflow::HttpMethod,
    checker::{Effect, Event, Finding, Latency, Outcome, PivotRequest, Report, Translator},
};
use serde_json::Value;

use super::model::{FindingView, LatencyView, OutcomeView, RequestView};

/// What Kazoo does, in a few words, and whether the call is lost.
pub fn outcome(outcome: &Outcome) -> OutcomeView {
    let (effect, bad) = match outcome.effect {
        Effect::FallsToChild { after_s: 0 } => (
            "Pivot fails: the callflow goes to the pivot node's “_” child".to_owned(),
            true,
        ),
        Effect::FallsToChild { after_s } => (
            format!(
                "Pivot fails: after {after_s} s the callflow goes to the pivot node's “_” child"
            ),
            true,
        ),
        Effect::HangsUp => ("Kazoo hangs up".to_owned(), true),
        Effect::LeftInSilence => ("The caller is left in silence".to_owned(), true),
        Effect::Runs => ("Kazoo runs it".to_owned(), false),
        Effect::CallflowTakesOver => ("The callflow app runs the node".to_owned(), false),
        Effect::NotChecked => ("The checker did not read it".to_owned(), true),
    };
    OutcomeView {
        effect,
        bad,
        summary: outcome.summary.clone(),
        fix: outcome.fix.clone(),
    }
}

/// Which translator Kazoo picks, in words.
pub fn translator(report: &Report) -> String {
    let label = report.translator.label();
    match (report.translator, report.media_type.as_deref()) {
        (Translator::Twiml, None) => format!("{label} (no Content-Type is read as text/xml)"),
        (_, Some(media)) => format!("{label} (for {media})"),
        (_, None) => label.to_owned(),
    }
}

/// A finding as a table row.
pub fn finding(f: &Finding) -> FindingView {
    FindingView {
        line: f.at.map(|p| p.line),
        column: f.at.map(|p| p.column),
        element: f.element.clone(),
        attribute: f.attribute.clone(),
        value: f.value.clone(),
        handling: f.handling.label().to_owned(),
        problem: f.is_problem(),
        fatal: f.is_fatal(),
        message: f.message.clone(),
        fix: f.fix.clone(),
    }
}

/// A measured latency against the timeout.
pub fn latency(l: &Latency) -> LatencyView {
    let (latency_ms, timeout_ms) = match *l {
        Latency::InTime {
            latency_ms,
            timeout_ms,
            ..
        }
        | Latency::TooSlow {
            latency_ms,
            timeout_ms,
        } => (latency_ms, timeout_ms),
    };
    LatencyView {
        latency_ms,
        timeout_ms,
        too_slow: l.too_slow(),
        message: l.message(),
    }
}

/// `GET` or `POST`.
pub fn method(m: HttpMethod) -> String {
    m.as_str().to_ascii_uppercase()
}

/// A request as sent (parameters as text: objects and lists as JSON).
pub fn request(r: &PivotRequest) -> RequestView {
    RequestView {
        method: method(r.method),
        url: r.url.clone(),
        content_type: r.content_type.clone(),
        params: r
            .params
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), text)
            })
            .collect(),
        timeout_ms: r.timeout_ms,
    }
}

/// What the caller hears or what happens: (what, detail).
pub fn event(e: &Event) -> (String, String) {
    let loops = |n: u32| match n {
        1 => String::new(),
        0 => " (repeated until a key is pressed or the call ends)".to_owned(),
        n => format!(" ({n} times)"),
    };
    match e {
        Event::Say {
            text,
            voice,
            language,
            loops: n,
            ..
        } => {
            let how: Vec<String> = [
                voice.as_ref().map(|v| format!("voice {v}")),
                language.as_ref().map(|l| format!("language {l}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            let how = if how.is_empty() {
                String::new()
            } else {
                format!(" [{}]", how.join(", "))
            };
            ("Says".into(), format!("“{text}”{how}{}", loops(*n)))
        }
        Event::Play { url, loops: n, .. } => ("Plays".into(), format!("{url}{}", loops(*n))),
        Event::Pause { seconds, .. } => ("Pauses".into(), format!("{seconds} s of silence")),
        Event::Dial {
            targets, timeout_s, ..
        } => {
            let who: Vec<String> = targets
                .iter()
                .map(|t| format!("{} {}", t.kind, t.value))
                .collect();
            (
                "Dials".into(),
                format!("{} (rings up to {timeout_s} s)", who.join(", ")),
            )
        }
        Event::Conference { room, .. } => ("Joins a conference".into(), room.clone()),
        Event::Record { max_length_s, .. } => (
            "Records".into(),
            format!("up to {max_length_s} s after a beep"),
        ),
        Event::Hangup { .. } => ("Hangs up".into(), String::new()),
        Event::Reject { reason, .. } => ("Rejects the call".into(), reason.clone()),
        Event::Set { key, value, .. } => (
            "Sets a variable".into(),
            format!("{key} = {value} (sent on every later request)"),
        ),
        Event::Node { module, summary } => (
            "Runs a callflow node".into(),
            format!("{module}: {summary}"),
        ),
        Event::Note { text, .. } => ("Note".into(), text.clone()),
    }
}

/// An event as one line ("Says: “Welcome”").
pub fn event_line(e: &Event) -> String {
    let (what, detail) = event(e);
    if detail.is_empty() {
        what
    } else {
        format!("{what}: {detail}")
    }
}
