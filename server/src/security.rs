//! What every answer carries, and what an oversized request gets:
//! - security headers on every response (tower-http's header layers): a
//!   default Content-Security-Policy for everything that is not a page
//!   (pages send their own, with the nonce of their scripts: see
//!   `app::render`), `nosniff`, `Referrer-Policy`, `X-Frame-Options`;
//! - the body limit on every route (`app::body_limit_for`: 256 KiB, the
//!   Twilio import's upload 16 MiB), and a page in words (not a bare 413)
//!   for a form past it. The JSON API answers its own shape (see
//!   `app::api_v1::error`). Only the import form of a signed-in,
//!   same-origin browser has the rest of an oversized body read (so the
//!   browser sees the page); everything else is answered at once with
//!   `Connection: close`.

use app::{body_limit_for, migrate, BODY_LIMIT_BYTES};
use axum::{
    body::Body,
    extract::{DefaultBodyLimit, Request},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    Router,
};
use http_body_util::{BodyExt, Limited};
use tower::{Layer, ServiceExt};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of everything but pages (JSON, redirects, files, plain
/// messages): nothing may load, run or frame it.
const DEFAULT_POLICY: &str =
    "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers to every response of `router`.
pub fn headers(router: Router) -> Router {
    router
        // Innermost: a page's nonce policy (see `page_policy`); the
        // default below only fills in what has none.
        .layer(middleware::from_fn(page_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
}

/// Gives the request a fresh nonce (`app::render::PageNonce`, which the
/// render puts on its scripts) and sends an HTML answer with the page
/// policy naming it. Leptos's `ResponseOptions` header alone was lost now
/// and then under load (a page came with the default policy, so its
/// scripts were blocked and it never hydrated: about 1 sign-in in 80 in
/// Chromium with four at once).
async fn page_policy(mut request: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    request
        .extensions_mut()
        .insert(app::render::PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        let live_reload = std::env::var_os("LEPTOS_WATCH").is_some();
        if let Ok(value) = HeaderValue::from_str(&app::render::page_policy(&nonce, live_reload)) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

/// Limits every request body to its route's limit ([`body_limit_for`]:
/// [`BODY_LIMIT_BYTES`], see there why, or the Twilio import's 16 MiB),
/// and answers a form past it with a page in words.
pub fn body_limit(router: Router) -> Router {
    router
        .layer(middleware::from_fn(limit_by_route))
        .layer(middleware::from_fn(readable_too_large))
}

/// The session cookie's name (as `startup` sets it): an upload is drained
/// only for a signed-in browser.
const SESSION_COOKIE: &str = "pivot_console_session";

/// A body that says it is too large is refused before it is read; any
/// other is cut at the limit as it is read (axum's extractors answer 413,
/// their own default limit raised to the route's).
async fn limit_by_route(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let limit = body_limit_for(&path);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        // A browser cut off while it still sends a large file sees a
        // broken connection, not our answer: for the import form of a
        // signed-in, same-origin browser, read on (up to twice the
        // limit) and drop it. Anyone else (the API, scripts, strangers)
        // gets the answer at once and the connection closed.
        if path == migrate::UPLOAD_FORM_PATH && is_own_browser(request.headers()) {
            let mut rest = Limited::new(request.into_body(), 2 * limit);
            while let Some(Ok(_)) = rest.frame().await {}
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        }
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONNECTION, "close")],
        )
            .into_response();
    }
    let request = request.map(|body| Body::new(Limited::new(body, limit)));
    match DefaultBodyLimit::max(limit)
        .layer(next)
        .oneshot(request)
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Whether a request comes from a signed-in browser on this site: it
/// carries the session cookie, and its `Origin` (or, without one, its
/// `Referer`) names the `Host` it is sent to; a request with neither is
/// taken as same-origin (browsers send `Origin` on cross-site posts).
fn is_own_browser(headers: &HeaderMap) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let has_session = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| {
            pair.trim()
                .split_once('=')
                .is_some_and(|(name, value)| name == SESSION_COOKIE && !value.is_empty())
        });
    let Some(host) = text(header::HOST) else {
        return false;
    };
    let names_host = |url: &str| {
        url::Url::parse(url).is_ok_and(|u| {
            let authority = match (u.host_str(), u.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_owned(),
                _ => return false,
            };
            authority.eq_ignore_ascii_case(host)
        })
    };
    let same_origin = match (text(header::ORIGIN), text(header::REFERER)) {
        (Some(origin), _) => names_host(origin),
        (None, Some(referer)) => names_host(referer),
        (None, None) => true,
    };
    has_session && same_origin
}

/// A 413 outside the APIs becomes a short page saying what happened.
async fn readable_too_large(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if path.starts_with("/api/") || response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    let connection = response.headers().get(header::CONNECTION).cloned();
    let (what, back) = if migrate::UPLOAD_PATHS.contains(&path.as_str()) {
        (
            format!(
                "An upload of Twilio exports may be at most {} MiB. Nothing was saved: go back, \
                 split the export and import each part.",
                body_limit_for(&path) >> 20
            ),
            "<a href=\"/migrate/twilio\">Back to the Twilio import</a>",
        )
    } else {
        (
            format!(
                "A form may send at most {} KiB. Nothing was saved: go back, shorten what you \
                 typed or pasted, and send it again.",
                BODY_LIMIT_BYTES / 1024
            ),
            "<a href=\"/\">Numbers Routing</a>",
        )
    };
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Too much to send · pivot-console</title></head><body>\
         <h1>That was too much to send</h1><p>{what}</p><p>{back}</p></body></html>"
    );
    let mut page = (StatusCode::PAYLOAD_TOO_LARGE, Html(page)).into_response();
    if let Some(close) = connection {
        page.headers_mut().insert(header::CONNECTION, close);
    }
    page
}
