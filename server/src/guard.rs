//! Two request guards in front of everything:
//! - `require_session`: every page, server function and route needs a
//!   signed-in session, except sign-in itself, health and static files.
//!   Pages redirect to sign-in; everything else gets 401.
//! - `same_origin`: state-changing requests from another site are refused
//!   (CSRF), on top of the `SameSite=Lax` session cookie.

use app::{api_v1::error::ApiError, error::AppError, session};
use axum::{
    extract::Request,
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

/// Longest path kept in `?next=` when a page sends an anonymous visitor to
/// sign in (the sign-in handler follows no longer one either).
const NEXT_MAX_BYTES: usize = 512;

/// Paths anyone may reach.
fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/logout" | "/healthz" | "/favicon.ico") || path.starts_with("/pkg/")
}

/// JSON API calls that bring an API token: the API checks the token itself
/// (and answers 401 when it is not valid).
fn has_api_token(request: &Request) -> bool {
    request.uri().path().starts_with("/api/v1/")
        && request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("Bearer "))
}

pub async fn require_session(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let is_sign_in_page = path == "/login" && request.method() == Method::GET;
    // Public paths skip the session lookup (a database read), except the
    // sign-in page, which sends signed-in admins on to the app.
    if (is_public(&path) && !is_sign_in_page) || has_api_token(&request) {
        return next.run(request).await;
    }
    let signed_in = match request.extensions().get::<Session>() {
        Some(s) => matches!(session::current(s).await, Ok(Some(_))),
        None => false,
    };
    if is_sign_in_page {
        return if signed_in {
            Redirect::to("/").into_response()
        } else {
            next.run(request).await
        };
    }
    if signed_in {
        return next.run(request).await;
    }
    let is_page = request.method() == Method::GET && !path.starts_with("/api/");
    if is_page {
        let wanted = request.uri().path_and_query().map_or("/", |p| p.as_str());
        let target = if wanted == "/" || wanted.len() > NEXT_MAX_BYTES {
            "/login".to_owned()
        } else {
            format!("/login?next={}", app::url::urlencode(wanted))
        };
        return Redirect::to(&target).into_response();
    }
    if path.starts_with("/api/v1/") {
        return ApiError::from(AppError::Unauthenticated).into_response();
    }
    // The body is `AppError::Unauthenticated` as server functions encode it.
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "application/json")],
        "\"Unauthenticated\"",
    )
        .into_response()
}

pub async fn same_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || !is_cross_site(request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "refused a cross-site state-changing request");
    (
        StatusCode::FORBIDDEN,
        "Cross-site requests are not allowed.",
    )
        .into_response()
}

/// A browser says where a request comes from in `Sec-Fetch-Site` and
/// `Origin`; clients that send neither (scripts) are not browsers, so
/// cookies cannot have been sent on a victim's behalf.
fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) != Some(host),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        assert!(!is_cross_site(&headers(&[])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
    }

    #[test]
    fn only_sign_in_health_and_assets_are_public() {
        for path in [
            "/login",
            "/healthz",
            "/pkg/pivot-console.js",
            "/favicon.ico",
            "/logout",
        ] {
            assert!(is_public(path), "{path}");
        }
        for path in [
            "/",
            "/pivot/new",
            "/api/numbers/list",
            "/numbers/refresh",
            "/login/x",
        ] {
            assert!(!is_public(path), "{path}");
        }
    }
}
