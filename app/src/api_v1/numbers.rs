//! `GET /api/v1/numbers`: Numbers Routing for scripts — each number with
//! what a call to it reaches (routed as Kazoo routes), its draft, 50 a
//! page. The same query as the page: `q` (number typed any way, callflow
//! name or URL), `route` (`all`, `pivot`, `callflow`, `none`), `draft` (a
//! draft state or `none`), `page` (from 1).

use std::collections::BTreeMap;

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

use super::{error::ApiError, extract::ApiQuery};
use crate::{
    drafts::model::DraftState,
    numbers::{
        model::{NumbersQuery, RouteFilter},
        refresh,
    },
    session::Caller,
    state::AppState,
};

/// The query string, as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct NumbersParams {
    q: String,
    route: Option<String>,
    draft: Option<String>,
    page: Option<u32>,
}

/// `GET /numbers`.
pub(super) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<NumbersParams>,
) -> Result<Response, ApiError> {
    let mut fields = BTreeMap::new();
    let route = match params.route.as_deref() {
        None => RouteFilter::All,
        Some(key) => RouteFilter::ALL
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(filter, _, _)| *filter)
            .unwrap_or_else(|| {
                fields.insert("route".into(), "Use all, pivot, callflow or none.".into());
                RouteFilter::All
            }),
    };
    let draft = match params.draft.as_deref() {
        None => None,
        Some(key) => DraftState::parse(key).or_else(|| {
            fields.insert(
                "draft".into(),
                "Use none, draft, synced, changed, syncing, error or conflict.".into(),
            );
            None
        }),
    };
    let query = NumbersQuery {
        search: params.q,
        route,
        draft,
        page: params.page.unwrap_or(1).max(1),
    };
    if let Some(problem) = query.search_problem() {
        fields.insert("q".into(), problem);
    }
    if !fields.is_empty() {
        return Err(ApiError::fields(fields));
    }
    let page = refresh::page(&state, &caller, &query).await?;
    Ok(Json(page).into_response())
}
