//! The pivot action form's server function (compiled for both targets;
//! the body runs on the server only).

use leptos::server;

use super::model::PivotFormData;
use crate::error::AppError;

/// The pivot action form: a new one (`draft_id` none, `number` to start
/// with) or a draft, with the feedback of a refused post.
#[server(endpoint = "pivot/form")]
pub async fn get_pivot_form(
    draft_id: Option<String>,
    number: Option<String>,
) -> Result<PivotFormData, AppError> {
    use super::service;
    use crate::{
        error::with_status,
        session::{self, Caller},
        state::AppState,
    };
    with_status(
        async {
            let user = session::require_user().await?;
            let state = AppState::from_context()?;
            let session = leptos_axum::extract::<tower_sessions::Session>()
                .await
                .map_err(|_| AppError::Unauthenticated)?;
            let caller = Caller::from(&user);
            service::load(&state, &session, &caller, draft_id.as_deref(), number).await
        }
        .await,
    )
}

/// What Kazoo would say about routing `numbers` (as stored) with the draft
/// `draft_id` (none for a new action): a number another callflow routes
/// (by number, by pattern, or the catch-all), a number the account does
/// not own. From the routing snapshot; empty before the first one.
#[server(endpoint = "pivot/number-warnings")]
pub async fn number_warnings(
    numbers: Vec<String>,
    draft_id: Option<String>,
) -> Result<Vec<kazoo::pivot::Warning>, AppError> {
    use crate::{
        drafts,
        error::with_status,
        session::{self, Caller},
        state::AppState,
    };
    with_status(
        async {
            let caller = Caller::from(&session::require_user().await?);
            let state = AppState::from_context()?;
            if numbers.len() > kazoo::pivot::NUMBERS_MAX || numbers.iter().any(|n| n.len() > 64) {
                return Err(AppError::Validation(
                    [(
                        "numbers".to_owned(),
                        "Too many or too long numbers.".to_owned(),
                    )]
                    .into(),
                ));
            }
            // Only numbers can be routed: what the form still refuses (a
            // typo, a stray character) has no facts to look up.
            let numbers: Vec<String> = numbers
                .into_iter()
                .filter(|n| {
                    let digits = n.strip_prefix('+').unwrap_or(n);
                    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
                })
                .collect();
            let own = match draft_id {
                Some(id) => {
                    drafts::get(&state, &caller, drafts::parse_id(&id)?)
                        .await?
                        .kazoo_id
                }
                None => None,
            };
            let facts =
                crate::numbers::db::number_facts(&state.db, &caller.account_id, &numbers).await?;
            Ok(kazoo::pivot::number_warnings(
                &numbers,
                own.as_deref(),
                |n| facts.get(n).cloned().unwrap_or_default(),
            ))
        }
        .await,
    )
}
