//! A check: a pasted answer read as Kazoo Pivot would read it, or the
//! voice URL requested the way Pivot does (through the SSRF guard) and
//! its answer read. The rules are `kazoo::checker`'s; this turns the form
//! into its inputs and its results into a [`CheckReport`]. Reading an
//! answer (up to 1 MiB of XML or JSON) is CPU work: it runs on a blocking
//! thread ([`off_the_workers`]), not on the async workers. Server only.

use std::time::Duration;

use kazoo::{
    callflow::{BodyFormat, HttpMethod, ReqFormat},
    checker::{
        self, check_answer, connect_failure, first_request, CallFacts, CheckContext,
        ConnectFailure, PivotRequest, PivotSettings, Release,
    },
};

use super::{
    model::{
        AnswerView, CheckForm, CheckReport, FailureView, FindingView, LatencyView, RequestView,
        Source,
    },
    outbound::{self, Failure, OutboundRequest},
    view,
};
use crate::{error::AppError, session::Caller, state::AppState};

/// The number the made-up test call dials (`To`): a 555 number, which
/// reaches no one.
pub const TEST_CALL_TO: &str = "+15555550199";

/// Checks what the form asks: the pasted answer, or the voice URL's.
///
/// # Errors
/// `Validation` naming each wrong field (nothing is requested then).
pub async fn check(
    state: &AppState,
    caller: &Caller,
    form: &CheckForm,
) -> Result<CheckReport, AppError> {
    let problems = form.problems();
    if !problems.is_empty() {
        return Err(AppError::Validation(problems));
    }
    match form.source {
        Source::Paste => {
            let form = form.clone();
            off_the_workers(move || check_pasted(&form)).await
        }
        Source::Url => {
            let _permit = state.outbound.permit(&caller.account_id)?;
            check_url(state, caller, form).await
        }
    }
}

/// The most findings a report keeps (the core bounds them too): past it,
/// one row says how many more there are.
pub const FINDINGS_MAX: usize = 200;

/// Runs `read` (reading an answer) on a blocking thread.
///
/// # Errors
/// `Internal` if it panicked.
pub async fn off_the_workers<T: Send + 'static>(
    read: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(read).await.map_err(|e| {
        tracing::error!(error = %e, "reading an answer failed");
        AppError::Internal("checker".to_owned())
    })
}

/// A pasted answer: status, Content-Type, body. CPU work: call it
/// through [`off_the_workers`].
pub fn check_pasted(form: &CheckForm) -> CheckReport {
    let answer = checker::Answer {
        status: form.status_code().unwrap_or(200),
        content_type: (!form.content_type.is_empty()).then(|| form.content_type.clone()),
        body: form.answer.clone(),
    };
    let ctx = CheckContext {
        current_url: None,
        cdr_url_set: form.cdr_url,
        release: Release::Master,
    };
    report_of(Source::Paste, None, &answer, &ctx, None, false)
}

/// The pivot node the form describes.
pub fn settings(form: &CheckForm) -> PivotSettings {
    PivotSettings {
        voice_url: form.voice_url.trim().to_owned(),
        method: match form.method.as_str() {
            "get" => HttpMethod::Get,
            _ => HttpMethod::Post,
        },
        req_format: match form.req_format.as_str() {
            "kazoo" => ReqFormat::Kazoo,
            _ => kazoo::rules::PIVOT_RUNTIME_REQ_FORMAT,
        },
        req_body_format: match form.req_body_format.as_str() {
            "json" => BodyFormat::Json,
            _ => BodyFormat::Form,
        },
        req_timeout_ms: form.timeout_ms().ok().flatten().map(i64::from),
        cdr_url: form.cdr_url.then(|| "(set)".to_owned()),
    }
}

/// The made-up call the console plays: From, To, CallSid invented, the
/// caller's account.
pub fn test_call(caller: &Caller) -> CallFacts {
    CallFacts::test_call(&caller.account_id, TEST_CALL_TO)
}

/// The voice URL requested as Pivot's first request of a call.
async fn check_url(
    state: &AppState,
    caller: &Caller,
    form: &CheckForm,
) -> Result<CheckReport, AppError> {
    let settings = settings(form);
    let request = match first_request(&settings, &test_call(caller)) {
        Ok(r) => r,
        Err(e) => return Ok(failed(None, Failure::Refused(e.to_string()))),
    };
    let shown = Some(view::request(&request));
    match send(state, &request).await {
        Err(failure) => Ok(failed(shown, failure)),
        Ok(got) => {
            let answer = checker::Answer {
                status: got.status,
                content_type: got.content_type,
                body: got.body,
            };
            // The voice URL as set, not `request.url` (a GET's carries the
            // parameters): follow-ups resolve against it.
            let ctx = CheckContext {
                current_url: Some(settings.voice_url.clone()),
                cdr_url_set: form.cdr_url,
                release: Release::Master,
            };
            let latency = view::latency(&checker::latency(got.latency_ms, request.timeout_ms));
            let truncated = got.truncated;
            off_the_workers(move || {
                report_of(Source::Url, shown, &answer, &ctx, Some(latency), truncated)
            })
            .await
        }
    }
}

/// Sends a Pivot request through the SSRF guard.
///
/// # Errors
/// As [`outbound::Outbound::send`].
pub async fn send(state: &AppState, request: &PivotRequest) -> Result<outbound::Answer, Failure> {
    let method = match request.method {
        HttpMethod::Get => ssrf_guard::Method::GET,
        HttpMethod::Post => ssrf_guard::Method::POST,
    };
    state
        .outbound
        .send(OutboundRequest {
            method,
            url: request.url.clone(),
            content_type: request.content_type.clone(),
            body: request.body.clone().map(String::into_bytes),
            timeout: Duration::from_millis(request.timeout_ms),
        })
        .await
}

/// What Kazoo does when its request fails as the checker's did; `None`
/// for a refusal of the guard's own (Kazoo might well reach the server).
pub fn failure_outcome(failure: &Failure) -> Option<kazoo::checker::Outcome> {
    let kind = match failure {
        Failure::Refused(_) => return None,
        Failure::Timeout { .. } => ConnectFailure::Timeout,
        Failure::NoSuchName(_) => ConnectFailure::Dns,
        Failure::Unreachable(_) => ConnectFailure::Refused,
    };
    Some(connect_failure(kind, Release::Master))
}

/// The report of a request that got no answer.
fn failed(request: Option<RequestView>, failure: Failure) -> CheckReport {
    let outcome = failure_outcome(&failure).map(|o| view::outcome(&o));
    CheckReport {
        source: Source::Url,
        request,
        failure: Some(FailureView {
            message: failure.to_string(),
            refused: !failure.is_kazoos_too(),
        }),
        answer: None,
        outcome,
        hears: Vec::new(),
        findings: Vec::new(),
        lines: Vec::new(),
    }
}

/// The report of an answer (pasted or received).
fn report_of(
    source: Source,
    request: Option<RequestView>,
    answer: &checker::Answer,
    ctx: &CheckContext,
    latency: Option<LatencyView>,
    truncated: bool,
) -> CheckReport {
    let report = check_answer(answer, ctx);
    let too_slow = latency.as_ref().is_some_and(|l| l.too_slow);
    // An answer slower than the timeout never reaches Kazoo.
    let outcome = if too_slow {
        connect_failure(ConnectFailure::Timeout, ctx.release)
    } else {
        report.outcome.clone()
    };
    let step = checker::step_with_report(&report, answer, ctx, 0);
    CheckReport {
        source,
        request,
        failure: None,
        answer: Some(AnswerView {
            status: answer.status,
            content_type: answer.content_type.clone(),
            translator: view::translator(&report),
            latency,
            truncated,
        }),
        outcome: Some(view::outcome(&outcome)),
        hears: step.events.iter().map(view::event_line).collect(),
        findings: bounded_findings(report.findings()),
        lines: answer.body.lines().map(str::to_owned).collect(),
    }
}

/// The findings as rows, at most [`FINDINGS_MAX`] of them and then one
/// row that says how many more there are.
fn bounded_findings(findings: &[checker::Finding]) -> Vec<FindingView> {
    let mut rows: Vec<FindingView> = findings
        .iter()
        .take(FINDINGS_MAX)
        .map(view::finding)
        .collect();
    let more = findings.len().saturating_sub(FINDINGS_MAX);
    if more > 0 {
        rows.push(FindingView {
            line: None,
            column: None,
            element: String::new(),
            attribute: None,
            value: None,
            handling: "Not listed".to_owned(),
            problem: false,
            fatal: false,
            message: format!(
                "… and {more} more findings: the report lists the first {FINDINGS_MAX}. \
                 Fix those and check again."
            ),
            fix: None,
        });
    }
    rows
}
