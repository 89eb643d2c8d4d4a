//! Sign-in and sign-out as plain form posts, so they work the same with
//! and without JavaScript. Errors go back to the sign-in page as a code in
//! the query string; the page turns it into a sentence.

use std::{
    net::{IpAddr, SocketAddr},
    sync::LazyLock,
    time::Duration,
};

use axum::{
    extract::{ConnectInfo, FromRequestParts, State},
    http::{header, request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Form,
};
use kazoo::{text::line_problem, KazooError};
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    jobs,
    session::{self, Caller, SessionUser},
    state::AppState,
    sync::retry_unless_limited,
    url::urlencode,
};

/// Longest account name or username taken (and echoed back).
const NAME_MAX_CHARS: usize = 128;
/// Longest password or API key taken.
const SECRET_MAX_CHARS: usize = 256;
/// Longest `next` path followed (and echoed back).
const NEXT_MAX_BYTES: usize = 512;

/// The sign-in form. `method` is `password` (default) or `api_key`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub method: String,
    pub account_name: String,
    pub username: String,
    pub password: String,
    pub api_key: String,
    /// Where to go after signing in (a local path).
    pub next: String,
}

/// The client's address (from the connection), for the per-address
/// sign-in limit. `None` only when the server runs without connect info.
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip());
        Ok(Self(address))
    }
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let by_key = form.method == "api_key";
    if !form.is_well_formed() {
        return back_to_login(&form, "invalid").into_response();
    }
    // The address is counted first, so refused attempts cannot fill the
    // limiter's memory with made-up account names.
    let account = (!by_key).then_some(form.account_name.as_str());
    if let Err(wait) = state.sign_in_limits.check(account, address) {
        tracing::warn!(client.address = ?address, "sign-in attempts limited");
        return limited(&headers, &form, wait);
    }
    let outcome = if by_key {
        let key = form.api_key.trim();
        if key.is_empty() {
            return back_to_login(&form, "missing_key").into_response();
        }
        retry_unless_limited(|| state.kazoo.api_auth(key)).await
    } else {
        let (account, user) = (form.account_name.trim(), form.username.trim());
        if account.is_empty() || user.is_empty() || form.password.is_empty() {
            return back_to_login(&form, "missing").into_response();
        }
        retry_unless_limited(|| state.kazoo.user_auth(account, user, &form.password)).await
    };
    let auth = match outcome {
        Ok(auth) => auth,
        Err(e) => return back_to_login(&form, login_error_code(&e, by_key)).into_response(),
    };
    let user = SessionUser {
        account_id: auth.account_id,
        account_name: if auth.account_name.is_empty() {
            form.account_name.trim().to_owned()
        } else {
            auth.account_name
        },
        user_name: (!by_key).then(|| form.username.trim().to_owned()),
        token: auth.token,
    };
    if session::sign_in(&session, &user).await.is_err() {
        return back_to_login(&form, "internal").into_response();
    }
    tracing::info!(account.id = %user.account_id, by_api_key = by_key, "admin signed in");
    // The account's jobs act with the new token (paused ones resume), and
    // the routing refresh runs in the background: the sign-in does not
    // wait for it (Numbers Routing shows its progress). Best effort.
    jobs::service::resume_after_sign_in(&state, &user.account_id, user.token.expose()).await;
    if let Err(e) = jobs::service::start_refresh(&state, &Caller::from(&user)).await {
        tracing::warn!(account.id = %user.account_id, error = %e, "routing refresh after sign-in not started");
    }
    Redirect::to(safe_next(&form.next)).into_response()
}

impl LoginForm {
    /// Whether every field is something a sign-in can hold: one line of
    /// text, within bounds. Anything else is refused before Kazoo (or the
    /// limiter's memory) sees it.
    fn is_well_formed(&self) -> bool {
        let secret =
            |s: &str| s.chars().count() <= SECRET_MAX_CHARS && !s.chars().any(char::is_control);
        is_echoable(&self.account_name)
            && is_echoable(&self.username)
            && secret(&self.password)
            && secret(&self.api_key)
            && self.method.len() <= 16
    }
}

/// Whether a typed account name or username may be taken and sent back to
/// the sign-in page: one line, at most [`NAME_MAX_CHARS`].
fn is_echoable(text: &str) -> bool {
    text.chars().count() <= NAME_MAX_CHARS && line_problem(text).is_none()
}

/// A limited attempt: the sign-in page's "wait a little" for browsers, 429
/// with `Retry-After` for other clients.
fn limited(headers: &HeaderMap, form: &LoginForm, wait: Duration) -> Response {
    let wants_page = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_page {
        return back_to_login(form, "wait").into_response();
    }
    let seconds = wait.as_secs().max(1);
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, seconds.to_string())],
        format!("Too many sign-in attempts. Wait {seconds} seconds and try again."),
    )
        .into_response()
}

/// `POST /logout`.
pub async fn logout(session: Session) -> Redirect {
    let _ = session::sign_out(&session).await;
    Redirect::to("/login?notice=signed_out")
}

/// The error code the sign-in page shows for a failed Kazoo call.
fn login_error_code(error: &KazooError, by_key: bool) -> &'static str {
    match error {
        KazooError::Unauthorized { .. } => "credentials",
        KazooError::NotFound { .. } | KazooError::Validation { .. } if by_key => "api_key",
        KazooError::RateLimited { .. } => "rate_limited",
        e if e.is_retryable() => "unreachable",
        _ => "credentials",
    }
}

/// Back to the sign-in page with an error code and what was typed (never
/// the password or the key). Only values a sign-in could hold are echoed,
/// so the `Location` header stays small and plain.
fn back_to_login(form: &LoginForm, code: &str) -> Redirect {
    let mut url = format!("/login?error={code}");
    let next_ok = is_local_path(&form.next);
    for (key, value, ok) in [
        (
            "account",
            &form.account_name,
            is_echoable(&form.account_name),
        ),
        ("user", &form.username, is_echoable(&form.username)),
        ("next", &form.next, next_ok),
    ] {
        if ok && !value.is_empty() {
            url.push_str(&format!("&{key}={}", urlencode(value.trim())));
        }
    }
    if form.method == "api_key" {
        url.push_str("&method=api_key");
    }
    Redirect::to(&url)
}

/// Only plain local paths are followed after sign-in (no open redirect);
/// anything else goes to Numbers Routing.
pub fn safe_next(next: &str) -> &str {
    if is_local_path(next) {
        next
    } else {
        "/"
    }
}

/// A path on this site, as a browser will read it: visible ASCII only (no
/// whitespace or control characters, which browsers strip: `/\t/evil`
/// is `//evil`), no backslash (read as `/`), not `//` (another host), not
/// the sign-in page itself, and still on this origin when resolved.
fn is_local_path(next: &str) -> bool {
    static BASE: LazyLock<Option<url::Url>> =
        LazyLock::new(|| url::Url::parse("http://pivot-console.invalid/").ok());
    let plain = next.len() <= NEXT_MAX_BYTES
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/login")
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    plain
        && BASE.as_ref().is_some_and(|base| {
            base.join(next)
                .is_ok_and(|url| url.origin() == base.origin() && url.username().is_empty())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/?q=415"), "/?q=415");
        assert_eq!(
            safe_next("/drafts/1?notice=saved#top"),
            "/drafts/1?notice=saved#top"
        );
        assert_eq!(safe_next("/%09/evil.example"), "/%09/evil.example");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next("/login"), "/");
        assert_eq!(safe_next(""), "/");
    }

    #[test]
    fn paths_a_browser_reads_as_another_host_are_not_followed() {
        for next in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n//evil.example",
            "\t//evil.example",
            " //evil.example",
            "/ /evil.example",
            "/\0",
            "/a\u{7f}",
            "/\\/evil.example",
            "/x\\y",
            "/\u{3000}/evil.example",
            "/é",
            "javascript:alert(1)",
            "evil.example",
            "/\u{202E}x",
        ] {
            assert_eq!(safe_next(next), "/", "{next:?}");
        }
        assert_eq!(safe_next(&format!("/{}", "a".repeat(511))).len(), 512);
        assert_eq!(safe_next(&format!("/{}", "a".repeat(512))), "/", "bounded");
    }

    #[test]
    fn refused_sign_ins_echo_only_small_plain_values() {
        let form = LoginForm {
            account_name: "a".repeat(1_000_000),
            username: "ad\nmin".into(),
            next: "/\t/evil.example".into(),
            ..LoginForm::default()
        };
        let location = back_to_login(&form, "invalid").into_response();
        let location = location.headers()[header::LOCATION].to_str().unwrap();
        assert_eq!(location, "/login?error=invalid");
        let form = LoginForm {
            account_name: "sandbox".into(),
            username: "admin".into(),
            next: "/?q=415".into(),
            ..LoginForm::default()
        };
        let response = back_to_login(&form, "credentials").into_response();
        assert_eq!(
            response.headers()[header::LOCATION],
            "/login?error=credentials&account=sandbox&user=admin&next=%2F%3Fq%3D415"
        );
    }

    #[test]
    fn sign_in_fields_must_be_one_bounded_line() {
        let ok = LoginForm {
            account_name: "sandbox".into(),
            username: "admin".into(),
            password: "pass word ☃".into(),
            ..LoginForm::default()
        };
        assert!(ok.is_well_formed());
        for bad in [
            LoginForm {
                account_name: "a\0b".into(),
                ..LoginForm::default()
            },
            LoginForm {
                username: "a\r\nb".into(),
                ..LoginForm::default()
            },
            LoginForm {
                username: "x\u{202E}".into(),
                ..LoginForm::default()
            },
            LoginForm {
                password: "p\0".into(),
                ..LoginForm::default()
            },
            LoginForm {
                api_key: "k\n".into(),
                ..LoginForm::default()
            },
            LoginForm {
                account_name: "a".repeat(129),
                ..LoginForm::default()
            },
            LoginForm {
                password: "p".repeat(257),
                ..LoginForm::default()
            },
        ] {
            assert!(!bad.is_well_formed(), "{bad:?}");
        }
    }

    #[test]
    fn failures_map_to_codes() {
        assert_eq!(
            login_error_code(&KazooError::Unauthorized { request_id: None }, false),
            "credentials"
        );
        assert_eq!(
            login_error_code(&KazooError::NotFound { request_id: None }, true),
            "api_key"
        );
        assert_eq!(login_error_code(&KazooError::Timeout, false), "unreachable");
        assert_eq!(
            login_error_code(
                &KazooError::RateLimited {
                    request_id: None,
                    retry_after: None,
                },
                false,
            ),
            "rate_limited"
        );
    }
}
