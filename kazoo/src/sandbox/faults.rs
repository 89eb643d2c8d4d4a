//! Injected faults: latency, 5xx answers, requests that hang (so the
//! client times out), for the reliability tests. Set at start-up or at
//! run time through `PUT /sandbox/faults`.

use std::{sync::Arc, time::Duration};

use axum::{extract::State, middleware::Next, response::Response};
use serde::{Deserialize, Serialize};

use super::{envelope::Ctx, world::ApiError, Sandbox};

/// What to break, and how often.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added to every `/v2` request.
    pub latency_ms: u64,
    /// Share of requests (0.0–1.0) answered with `fail_status`.
    pub error_rate: f64,
    /// Share of requests (0.0–1.0) that hang for `hang_ms`.
    pub timeout_rate: f64,
    /// The next N requests are answered with `fail_status`.
    pub fail_next: u32,
    /// The next N requests hang for `hang_ms`.
    pub hang_next: u32,
    /// The next N requests are done, but their answers wait `hang_ms`
    /// (the client times out: a write that went through, its answer lost).
    pub lose_next: u32,
    /// Status of injected failures: 500, 503 (default) or 429.
    pub fail_status: u16,
    /// How long a hanging request waits before it is answered normally.
    pub hang_ms: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            error_rate: 0.0,
            timeout_rate: 0.0,
            fail_next: 0,
            hang_next: 0,
            lose_next: 0,
            fail_status: 503,
            hang_ms: 30_000,
        }
    }
}

enum Injected {
    None,
    Fail(u16),
    Hang(Duration),
    Lose(Duration),
}

impl Faults {
    fn draw(&mut self) -> (Duration, Injected) {
        let latency = Duration::from_millis(self.latency_ms);
        let injected = if self.fail_next > 0 {
            self.fail_next -= 1;
            Injected::Fail(self.fail_status)
        } else if self.hang_next > 0 {
            self.hang_next -= 1;
            Injected::Hang(Duration::from_millis(self.hang_ms))
        } else if self.lose_next > 0 {
            self.lose_next -= 1;
            Injected::Lose(Duration::from_millis(self.hang_ms))
        } else if self.error_rate > 0.0 && rand::random::<f64>() < self.error_rate {
            Injected::Fail(self.fail_status)
        } else if self.timeout_rate > 0.0 && rand::random::<f64>() < self.timeout_rate {
            Injected::Hang(Duration::from_millis(self.hang_ms))
        } else {
            Injected::None
        };
        (latency, injected)
    }
}

/// Middleware on `/v2`: applies the drawn fault before the real handler.
pub async fn inject(
    State(sandbox): State<Arc<Sandbox>>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let (latency, injected) = sandbox.faults().draw();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match injected {
        Injected::None => next.run(request).await,
        Injected::Hang(wait) => {
            tokio::time::sleep(wait).await;
            next.run(request).await
        }
        Injected::Lose(wait) => {
            // Done now (in a task of its own, so a client that gives up
            // does not cancel it); answered late.
            let done = tokio::spawn(next.run(request));
            tokio::time::sleep(wait).await;
            done.await.unwrap_or_else(|_| {
                axum::response::IntoResponse::into_response(
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                )
            })
        }
        Injected::Fail(status) => {
            let ctx = Ctx::from_headers(request.headers());
            let error = match status {
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
            };
            tracing::info!(sandbox.status = status, "sandbox injected a fault");
            ctx.error(error)
        }
    }
}
