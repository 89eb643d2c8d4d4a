//! Injected faults: latency, 5xx and 429 answers (with `Retry-After` if
//! asked), requests that hang (so the client times out before anything is
//! done), and requests that are done but whose answer is lost (late, or
//! the connection closed without one), for the reliability tests. Set at
//! start-up or at run time through `PUT /sandbox/faults`; every field is
//! optional there (a missing one takes its default).

use std::{sync::Arc, time::Duration};

use axum::{
    body::{Body, Bytes},
    extract::State,
    http::{header, HeaderValue},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{envelope::Ctx, world::ApiError, Sandbox};

/// What to break, and how often. The counters (`*_next`) come first, in
/// field order; then the rates, drawn independently per request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added to every `/v2` request.
    pub latency_ms: u64,
    /// Share of requests (0.0–1.0) answered with `fail_status`.
    pub error_rate: f64,
    /// Share of requests (0.0–1.0) that hang for `hang_ms` before they
    /// are done: a client that gives up first leaves nothing done.
    pub timeout_rate: f64,
    /// Share of requests (0.0–1.0) that are done at once but answered
    /// only after `hang_ms`: a client that gives up first sees a timeout
    /// although Kazoo did the write ("the answer was lost").
    pub lose_rate: f64,
    /// The next N requests are answered with `fail_status`.
    pub fail_next: u32,
    /// The next N requests hang for `hang_ms` (as `timeout_rate`).
    pub hang_next: u32,
    /// The next N requests are done, but their answers wait `hang_ms`
    /// (as `lose_rate`).
    pub lose_next: u32,
    /// The next N requests are done, then the connection is closed with
    /// no answer at all (the client sees a broken connection, not a
    /// timeout).
    pub drop_next: u32,
    /// Status of injected failures: 500, 503 (default) or 429.
    pub fail_status: u16,
    /// `Retry-After` (seconds) on injected 429s. Kazoo itself sends none
    /// (API.md §3); proxies in front of it do.
    pub retry_after_secs: Option<u64>,
    /// How long a hanging request waits before it is answered normally,
    /// and how late a lost answer comes.
    pub hang_ms: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            error_rate: 0.0,
            timeout_rate: 0.0,
            lose_rate: 0.0,
            fail_next: 0,
            hang_next: 0,
            lose_next: 0,
            drop_next: 0,
            fail_status: 503,
            retry_after_secs: None,
            hang_ms: 30_000,
        }
    }
}

/// The fault drawn for one request.
#[derive(Debug, PartialEq)]
enum Injected {
    None,
    /// Answered at once with this status, nothing done.
    Fail(u16),
    /// Done after the wait, if the client still waits.
    Hang(Duration),
    /// Done at once, answered after the wait.
    Lose(Duration),
    /// Done at once, the connection closed without an answer.
    Drop,
}

/// Takes one from a `*_next` counter; whether there was one.
fn take(counter: &mut u32) -> bool {
    let some = *counter > 0;
    *counter = counter.saturating_sub(1);
    some
}

fn chance(rate: f64) -> bool {
    rate > 0.0 && rand::random::<f64>() < rate
}

impl Faults {
    fn draw(&mut self) -> (Duration, Injected) {
        let latency = Duration::from_millis(self.latency_ms);
        let hang = Duration::from_millis(self.hang_ms);
        let injected = if take(&mut self.fail_next) {
            Injected::Fail(self.fail_status)
        } else if take(&mut self.hang_next) {
            Injected::Hang(hang)
        } else if take(&mut self.lose_next) {
            Injected::Lose(hang)
        } else if take(&mut self.drop_next) {
            Injected::Drop
        } else if chance(self.error_rate) {
            Injected::Fail(self.fail_status)
        } else if chance(self.timeout_rate) {
            Injected::Hang(hang)
        } else if chance(self.lose_rate) {
            Injected::Lose(hang)
        } else {
            Injected::None
        };
        (latency, injected)
    }
}

/// Middleware on `/v2`: applies the drawn fault around the real handler.
pub async fn inject(
    State(sandbox): State<Arc<Sandbox>>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let (latency, injected) = sandbox.faults().draw();
    let retry_after = sandbox.faults().retry_after_secs;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match injected {
        Injected::None => next.run(request).await,
        Injected::Hang(wait) => {
            // A client that gives up drops this future: nothing is done.
            tokio::time::sleep(wait).await;
            next.run(request).await
        }
        Injected::Lose(wait) => {
            // Done now, in a task of its own, so a client that gives up
            // does not cancel it; answered late.
            let done = tokio::spawn(next.run(request));
            tokio::time::sleep(wait).await;
            done.await
                .unwrap_or_else(|_| axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Injected::Drop => {
            // Done in full (the answer is thrown away), then a body that
            // fails before its first byte: the server closes the
            // connection without writing the status line.
            let done = tokio::spawn(next.run(request)).await;
            drop(done);
            tracing::info!("sandbox drops the connection after doing the request");
            let broken = futures_util::stream::once(async {
                Err::<Bytes, _>(std::io::Error::other("sandbox: connection dropped"))
            });
            Response::new(Body::from_stream(broken))
        }
        Injected::Fail(status) => {
            let ctx = Ctx::from_headers(request.headers());
            tracing::info!(sandbox.status = status, "sandbox injected a fault");
            let mut response = ctx.error(injected_error(status));
            if let (429, Some(secs)) = (status, retry_after) {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            response
        }
    }
}

/// The error Kazoo answers with for an injected status (API.md §3).
fn injected_error(status: u16) -> ApiError {
    match status {
        429 => ApiError::new(
            429,
            "too_many_requests",
            serde_json::json!({"message": "too many requests"}),
        ),
        503 => ApiError::new(
            503,
            "datastore_unreachable",
            serde_json::json!({"message": "datastore_unreachable"}),
        ),
        other => ApiError::new(
            other,
            "internal_server_error",
            serde_json::json!({"message": "internal server error"}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_come_first_in_order_then_run_out() {
        let mut faults = Faults {
            fail_next: 1,
            hang_next: 1,
            lose_next: 1,
            drop_next: 1,
            hang_ms: 7,
            ..Faults::default()
        };
        let drawn: Vec<Injected> = (0..5).map(|_| faults.draw().1).collect();
        let wait = Duration::from_millis(7);
        assert_eq!(
            drawn,
            [
                Injected::Fail(503),
                Injected::Hang(wait),
                Injected::Lose(wait),
                Injected::Drop,
                Injected::None
            ]
        );
    }

    #[test]
    fn a_rate_of_one_always_applies() {
        let mut faults = Faults {
            lose_rate: 1.0,
            ..Faults::default()
        };
        for _ in 0..20 {
            assert!(matches!(faults.draw().1, Injected::Lose(_)));
        }
    }

    #[test]
    fn an_old_body_without_the_new_fields_still_reads() {
        let faults: Faults =
            serde_json::from_str(r#"{"fail_next": 2, "fail_status": 429}"#).unwrap();
        assert_eq!((faults.fail_next, faults.lose_rate), (2, 0.0));
        assert_eq!(faults.retry_after_secs, None);
    }
}
