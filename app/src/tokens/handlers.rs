//! The API tokens page's plain POSTs: create and revoke. A new token is
//! answered right away, in the page the POST returns (`no-store`): it is
//! never written anywhere in plaintext, not even to the session until the
//! page is read, and it is shown exactly once.

use axum::{
    body::Body,
    extract::{Path, Request, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Form,
};
use kazoo::text::{has_visible, name_problem as text_problem};
use leptos::prelude::provide_context;
use serde::Deserialize;
use tower_sessions::Session;

use super::{db, service::Created, PAGE};
use crate::{
    error::internal,
    render,
    session::{self, Caller},
    shell,
    state::AppState,
};

/// Longest token name.
const NAME_MAX_CHARS: usize = 80;

#[derive(Deserialize)]
pub struct NewToken {
    #[serde(default)]
    name: String,
}

/// `POST /api-tokens`: makes the token and answers with the API tokens
/// page showing it (422 with the page and a message when the name is not
/// right).
pub async fn create_handler(
    State(state): State<AppState>,
    session: Session,
    parts: Parts,
    Form(form): Form<NewToken>,
) -> Response {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login").into_response();
    };
    let name = form.name.trim();
    let (status, created) = match name_problem(name) {
        Some(problem) => (StatusCode::UNPROCESSABLE_ENTITY, Created::refused(problem)),
        None => match db::create(&state.db, &Caller::from(&user), &user.account_name, name).await {
            Ok(token) => (StatusCode::OK, Created::token(token)),
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                Created::refused(internal("token create", &e).to_string()),
            ),
        },
    };
    let options = state.leptos_options.clone();
    let context = render::context(state);
    let page = leptos_axum::render_app_async_with_context(
        move || {
            context();
            provide_context(created.clone());
        },
        move || shell(options.clone()),
    );
    let mut response = page(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What is wrong with a token name, if anything.
fn name_problem(name: &str) -> Option<String> {
    if let Some(problem) = text_problem(name) {
        return Some(format!("Token name: {problem}"));
    }
    (!has_visible(name) || name.chars().count() > NAME_MAX_CHARS).then(|| {
        format!(
            "Give the token a name of 1 to {NAME_MAX_CHARS} characters, such as “deploy script”."
        )
    })
}

/// The revoke form: `confirm=yes` from the page's "are you sure" box.
#[derive(Deserialize)]
pub struct Revoke {
    #[serde(default)]
    confirm: String,
}

/// `POST /api-tokens/{id}/revoke`: asks first (back to the page with
/// `?revoke=<id>`, which names the token) unless `confirm=yes`; then
/// revokes it and says so (or that no such token of the account is
/// there to revoke).
pub async fn revoke_handler(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<Revoke>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let missing = || Redirect::to(&format!("{PAGE}?notice=revoke_missing"));
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return missing();
    };
    if form.confirm != "yes" {
        return Redirect::to(&format!("{PAGE}?revoke={id}"));
    }
    match db::revoke(&state.db, &user.account_id, id).await {
        Ok(true) => Redirect::to(&format!("{PAGE}?notice=revoked")),
        // Revoked already (another tab, another admin), or no token of
        // this account: nothing to do, and the page says so.
        Ok(false) => missing(),
        Err(e) => {
            internal("token revoke", &e);
            Redirect::to(&format!("{PAGE}?notice=revoke_failed"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_are_one_short_line() {
        assert_eq!(name_problem("deploy script"), None);
        assert!(name_problem("").is_some());
        assert!(name_problem("\u{FEFF}\u{200B}").is_some(), "invisible only");
        assert!(name_problem(&"x".repeat(81)).is_some());
        assert!(name_problem("a\0b").unwrap().contains("control characters"));
        assert!(name_problem("a\u{202E}b").is_some());
        assert!(name_problem("<script>x</script>")
            .unwrap()
            .contains("< and >"));
    }
}
