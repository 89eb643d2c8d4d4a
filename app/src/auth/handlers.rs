//! Sign-in and sign-out as plain form posts, so they work the same with
//! and without JavaScript. Errors go back to the sign-in page as a code in
//! the query string; the page turns it into a sentence.

use axum::{extract::State, response::Redirect, Form};
use kazoo::KazooError;
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    numbers::refresh,
    session::{self, SessionUser},
    state::AppState,
    url::urlencode,
};

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

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Redirect {
    let by_key = form.method == "api_key";
    let outcome = if by_key {
        let key = form.api_key.trim();
        if key.is_empty() {
            return back_to_login(&form, "missing_key");
        }
        state.kazoo.api_auth(key).await
    } else {
        let (account, user) = (form.account_name.trim(), form.username.trim());
        if account.is_empty() || user.is_empty() || form.password.is_empty() {
            return back_to_login(&form, "missing");
        }
        state.kazoo.user_auth(account, user, &form.password).await
    };
    let auth = match outcome {
        Ok(auth) => auth,
        Err(e) => return back_to_login(&form, login_error_code(&e, by_key)),
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
        return back_to_login(&form, "internal");
    }
    tracing::info!(account.id = %user.account_id, by_api_key = by_key, "admin signed in");
    // Best effort: Numbers Routing refreshes lazily if this fails.
    if let Err(e) = refresh::refresh(&state, &user).await {
        tracing::warn!(account.id = %user.account_id, error = %e, "routing refresh after sign-in failed");
    }
    Redirect::to(safe_next(&form.next))
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
/// the password or the key).
fn back_to_login(form: &LoginForm, code: &str) -> Redirect {
    let mut url = format!("/login?error={code}");
    for (key, value) in [
        ("account", &form.account_name),
        ("user", &form.username),
        ("next", &form.next),
    ] {
        if !value.is_empty() {
            url.push_str(&format!("&{key}={}", urlencode(value.trim())));
        }
    }
    if form.method == "api_key" {
        url.push_str("&method=api_key");
    }
    Redirect::to(&url)
}

/// Only local paths are followed after sign-in (no open redirect).
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.starts_with("/login");
    if local {
        next
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next("/?q=415"), "/?q=415");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next("/login"), "/");
        assert_eq!(safe_next(""), "/");
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
            login_error_code(&KazooError::RateLimited { request_id: None }, false),
            "rate_limited"
        );
    }
}
