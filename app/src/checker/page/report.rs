//! A check's report: the request made (URL checks), the answer's status,
//! Content-Type and translator, latency against the timeout, what Kazoo
//! would do, what the caller hears, the findings table and the answer's
//! text with line numbers (flagged lines marked).

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::checker::model::{CheckReport, FindingView, OutcomeView, RequestView};

#[component]
pub fn ReportView(report: CheckReport) -> impl IntoView {
    let flagged = report.flagged_lines();
    let request = report
        .request
        .clone()
        .map(|request| view! { <RequestPart request /> });
    let failure = report.failure.clone().map(|f| {
        let lead = if f.refused {
            "Not requested: "
        } else {
            "No answer: "
        };
        view! { <p class="notice error" role="alert">{lead}{f.message}</p> }
    });
    let answer = report.answer.clone().map(|a| {
        let content_type = a
            .content_type
            .clone()
            .unwrap_or_else(|| "none (no Content-Type header)".to_owned());
        let latency = a.latency.clone().map(|l| {
            let class = if l.too_slow { "bad" } else { "good" };
            view! {
                <dt>"Latency"</dt>
                <dd class=class>{l.message}</dd>
            }
        });
        let truncated = a.truncated.then(|| {
            view! { <p class="notice info">"The answer is longer than 1 MiB: only its first 1 MiB was read and checked."</p> }
        });
        view! {
            <dl class="facts">
                <dt>"Status"</dt><dd>{a.status}</dd>
                <dt>"Content-Type"</dt><dd><code>{content_type}</code></dd>
                <dt>"Translator"</dt><dd>{a.translator}</dd>
                {latency}
            </dl>
            {truncated}
        }
    });
    let outcome = report
        .outcome
        .clone()
        .map(|outcome| view! { <OutcomePart outcome /> });
    let hears = (!report.hears.is_empty()).then(|| {
        let items = report
            .hears
            .iter()
            .map(|h| view! { <li>{h.clone()}</li> })
            .collect_view();
        view! {
            <h3>"What the caller hears"</h3>
            <ol class="hears">{items}</ol>
        }
    });
    // No answer (refused, unreachable, timed out): nothing was checked,
    // so no "nothing to flag" below the failure.
    let answered = report.answer.is_some();
    let findings = report.findings.clone();
    let findings = answered.then(|| view! { <Findings findings /> });
    let lines = report.lines.clone();
    view! {
        <section class="card report" id="report" aria-labelledby="report-title" tabindex="-1">
            <h2 id="report-title">"Report"</h2>
            {request}
            {failure}
            {answer}
            {outcome}
            {hears}
            {findings}
            <AnswerText lines flagged />
        </section>
    }
    .into_any()
}

/// What Kazoo would do with the call.
#[component]
fn OutcomePart(outcome: OutcomeView) -> impl IntoView {
    let class = if outcome.bad {
        "outcome bad"
    } else {
        "outcome good"
    };
    view! {
        <div class=class role="status">
            <h3>"What Kazoo would do"</h3>
            <p class="effect">{outcome.effect}</p>
            <p>{outcome.summary}</p>
            {outcome.fix.map(|fix| view! { <p class="fix"><strong>"How to fix: "</strong>{fix}</p> })}
        </div>
    }
}

/// The request the console made, with the made-up call's parameters.
#[component]
fn RequestPart(request: RequestView) -> impl IntoView {
    let rows = request
        .params
        .iter()
        .map(|(k, v)| view! { <tr><th scope="row"><code>{k.clone()}</code></th><td><code>{v.clone()}</code></td></tr> })
        .collect_view();
    let body = request
        .content_type
        .clone()
        .map(|t| format!(" (body: {t})"))
        .unwrap_or_default();
    view! {
        <h3>"The request, as Kazoo sends it"</h3>
        <p class="url"><code>{request.method.clone()}" "{request.url.clone()}</code>{body}</p>
        <p class="field-hint">
            {format!("Timeout: {} ms. A made-up test call: its CallSid, From and To are invented.", request.timeout_ms)}
        </p>
        <details class="params">
            <summary>{format!("Parameters sent ({})", request.params.len())}</summary>
            <div class="table-scroll">
                <table class="data">
                    <thead><tr><th scope="col">"Parameter"</th><th scope="col">"Value"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// The findings table.
#[component]
fn Findings(findings: Vec<FindingView>) -> impl IntoView {
    if findings.is_empty() {
        return view! {
            <h3>"Findings"</h3>
            <p class="muted">"Nothing to flag: every verb, noun and attribute is one Kazoo runs."</p>
        }
        .into_any();
    }
    let rows = findings
        .into_iter()
        .map(|f| {
            let line = f.line.map(|l| {
                let col = f.column.map(|c| format!(":{c}")).unwrap_or_default();
                view! { <a href=format!("#answer-line-{l}")>{format!("{l}{col}")}</a> }
            });
            let attribute = match (&f.attribute, &f.value) {
                (Some(a), Some(v)) => format!("{a}=\"{v}\""),
                (Some(a), None) => a.clone(),
                (None, Some(v)) => format!("“{v}”"),
                (None, None) => String::new(),
            };
            let class = if f.fatal { "fatal" } else { "" };
            view! {
                <tr class=class>
                    <td data-label="Line">{line}</td>
                    <td data-label="Element"><code>{f.element}</code></td>
                    <td data-label="Attribute"><code>{attribute}</code></td>
                    <td data-label="What Kazoo does"><strong>{f.handling}</strong>". "{f.message}</td>
                    <td data-label="How to fix">{f.fix}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>"Findings"</h3>
        <div class="table-scroll">
            <table class="data findings">
                <thead>
                    <tr>
                        <th scope="col">"Line"</th>
                        <th scope="col">"Element"</th>
                        <th scope="col">"Attribute"</th>
                        <th scope="col">"What Kazoo does"</th>
                        <th scope="col">"How to fix"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The answer's text, numbered; lines a problem finding points at are
/// marked (`flagged`: a set, looked up once a line).
#[component]
fn AnswerText(lines: Vec<String>, flagged: BTreeSet<u32>) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p class="muted">"The answer has no body."</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let marked = flagged.contains(&n);
            let class = if marked { "flagged" } else { "" };
            let mark = marked.then(|| view! { <span class="flag">"flagged"</span> });
            view! {
                <tr class=class id=format!("answer-line-{n}")>
                    <th scope="row">{n}</th>
                    <td><code>{text}</code>{mark}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>"The answer"</h3>
        <div class="table-scroll">
            <table class="answer-text">
                <thead><tr><th scope="col">"Line"</th><th scope="col">"Text"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
