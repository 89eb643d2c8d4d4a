//! The API tokens page's plain POSTs: create (the token is shown once, on
//! the next page load) and revoke.

use axum::{
    extract::{Path, State},
    response::Redirect,
    Form,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{db, PAGE};
use crate::{
    error::internal,
    flash::{self, Flash, FormFlash},
    session::{self, Caller},
    state::AppState,
};

#[derive(Deserialize)]
pub struct NewToken {
    name: String,
}

/// `POST /api-tokens`.
pub async fn create_handler(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<NewToken>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    let name = form.name.trim();
    let message = if name.is_empty() || name.chars().count() > 80 {
        Flash {
            text: "Give the token a name of 1 to 80 characters, such as “deploy script”.".into(),
            error: true,
        }
    } else {
        match db::create(&state.db, &Caller::from(&user), &user.account_name, name).await {
            Ok(token) => Flash {
                text: token,
                error: false,
            },
            Err(e) => Flash {
                text: internal("token create", &e).to_string(),
                error: true,
            },
        }
    };
    let flash = FormFlash {
        path: PAGE.into(),
        message: Some(message),
        ..FormFlash::default()
    };
    flash::put(&session, flash).await;
    Redirect::to(PAGE)
}

/// `POST /api-tokens/{id}/revoke`.
pub async fn revoke_handler(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Redirect {
    let Ok(Some(user)) = session::current(&session).await else {
        return Redirect::to("/login");
    };
    if let Ok(id) = uuid::Uuid::parse_str(&id) {
        if let Err(e) = db::revoke(&state.db, &user.account_id, id).await {
            internal("token revoke", &e);
        }
    }
    Redirect::to(PAGE)
}
