//! What an oversized request gets:
//! - the body limit on every route, and a page in words (not a bare 413)
//!   for a form past it. The JSON API answers its own shape (see
//!   `app::api_v1::error`).

use app::BODY_LIMIT_BYTES;
use axum::{
    extract::Request,
    http::StatusCode,
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    Router,
};
use tower_http::limit::RequestBodyLimitLayer;

/// Limits every request body to [`BODY_LIMIT_BYTES`] (see there why), and
/// answers a form past it with a page in words.
pub fn body_limit(router: Router) -> Router {
    router
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn(readable_too_large))
}

/// A 413 outside the APIs becomes a short page saying what happened.
async fn readable_too_large(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if is_api || response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Too much to send · pivot-console</title></head><body>\
         <h1>That was too much to send</h1>\
         <p>A form may send at most {} KiB. Nothing was saved: go back, shorten what you \
         typed or pasted, and send it again.</p><p><a href=\"/\">Numbers Routing</a></p>\
         </body></html>",
        BODY_LIMIT_BYTES / 1024
    );
    (StatusCode::PAYLOAD_TOO_LARGE, Html(page)).into_response()
}
