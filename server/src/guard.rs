//! Two request guards in front of everything:
//! - `require_session`: every page, server function and route needs a
//!   signed-in session, except sign-in itself, health and static files.
//!   Pages redirect to sign-in; everything else gets 401.
//! - `same_origin`: state-changing requests from another site are refused
//!   (CSRF), on top of the `SameSite=Lax` session cookie. "Another site"
//!   is any other scheme, host or port than the site's own origin.

use app::{api_v1::error::ApiError, error::AppError, session};
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;
use url::{Origin, Url};

/// Longest path kept in `?next=` when a page sends an anonymous visitor to
/// sign in (the sign-in handler follows no longer one either).
const NEXT_MAX_BYTES: usize = 512;

/// The site's own origin (scheme, host, port), as browsers send it in
/// `Origin`.
#[derive(Debug, Clone)]
pub enum SiteOrigin {
    /// Configured (`PUBLIC_ORIGIN`): the only origin accepted.
    Fixed(Origin),
    /// The request's `Host` with this scheme (`https` when the cookie is
    /// `Secure`, else `http`).
    FromHost { scheme: &'static str },
}

impl SiteOrigin {
    /// From the settings: the public origin when set, else the scheme the
    /// cookie setting implies.
    pub fn new(public_origin: Option<&Url>, cookie_secure: bool) -> Self {
        match public_origin {
            Some(url) => Self::Fixed(url.origin()),
            None => Self::FromHost {
                scheme: if cookie_secure { "https" } else { "http" },
            },
        }
    }

    /// Whether `origin` (an `Origin` header) is this site.
    fn is(&self, origin: &str, host: Option<&str>) -> bool {
        let Ok(origin) = Url::parse(origin).map(|u| u.origin()) else {
            return false;
        };
        let ours = match self {
            Self::Fixed(ours) => Some(ours.clone()),
            Self::FromHost { scheme } => host
                .and_then(|host| Url::parse(&format!("{scheme}://{host}/")).ok())
                .map(|u| u.origin()),
        };
        origin.is_tuple() && ours.is_some_and(|ours| ours == origin)
    }
}

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
        Some(s) => {
            let signed_in = matches!(session::current(s).await, Ok(Some(_)));
            if signed_in {
                if let Err(e) = session::keep_alive(s).await {
                    tracing::warn!(error = %e, "session not renewed");
                }
            }
            signed_in
        }
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

pub async fn same_origin(State(site): State<SiteOrigin>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || !is_cross_site(request.headers(), &site) {
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
/// cookies cannot have been sent on a victim's behalf. `Origin` must be
/// the site's own scheme, host and port: `https://console` posting to
/// `http://console` is another origin.
fn is_cross_site(headers: &HeaderMap, site: &SiteOrigin) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(fetch_site) = text("sec-fetch-site") {
        return !matches!(fetch_site, "same-origin" | "none");
    }
    match text("origin") {
        None => headers.contains_key("origin"),
        Some(origin) => !site.is(origin, text("host")),
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

    const HTTP: SiteOrigin = SiteOrigin::FromHost { scheme: "http" };

    #[test]
    fn cross_site_requests_are_recognised() {
        let cross = |pairs: &[(&'static str, &'static str)]| is_cross_site(&headers(pairs), &HTTP);
        assert!(!cross(&[]));
        assert!(!cross(&[("sec-fetch-site", "same-origin")]));
        assert!(cross(&[("sec-fetch-site", "cross-site")]));
        assert!(cross(&[("sec-fetch-site", "same-site")]));
        assert!(!cross(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ]));
        assert!(cross(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ]));
        assert!(cross(&[("origin", "null"), ("host", "127.0.0.1:3000")]));
        assert!(cross(&[("origin", "http://127.0.0.1:3000")]), "no Host");
    }

    #[test]
    fn the_origin_must_match_scheme_host_and_port() {
        let cross = |site: &SiteOrigin, origin: &'static str, host: &'static str| {
            is_cross_site(&headers(&[("origin", origin), ("host", host)]), site)
        };
        // The reported hole: https:// accepted for an http:// site.
        assert!(cross(&HTTP, "https://127.0.0.1:3000", "127.0.0.1:3000"));
        assert!(cross(&HTTP, "http://127.0.0.1:3001", "127.0.0.1:3000"));
        assert!(cross(
            &HTTP,
            "http://127.0.0.1:3000.evil.example",
            "127.0.0.1:3000"
        ));
        assert!(cross(&HTTP, "http://127.0.0.1:3000/", "127.0.0.1:3001"));
        assert!(cross(&HTTP, "not a url", "127.0.0.1:3000"));
        assert!(!cross(
            &HTTP,
            "http://console.example",
            "console.example:80"
        ));

        let https = SiteOrigin::new(None, true);
        assert!(!cross(&https, "https://console.example", "console.example"));
        assert!(cross(&https, "http://console.example", "console.example"));

        let public = Url::parse("https://console.example:8443").unwrap();
        let fixed = SiteOrigin::new(Some(&public), false);
        assert!(!cross(
            &fixed,
            "https://console.example:8443",
            "10.0.0.5:3000"
        ));
        assert!(cross(
            &fixed,
            "https://console.example",
            "console.example:8443"
        ));
        assert!(cross(
            &fixed,
            "http://console.example:8443",
            "console.example:8443"
        ));
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
