//! `/api/v1/jobs`: background jobs for scripts (`crate::jobs`). Start a
//! bulk sync (`{"kind": "sync", "drafts": [id…]}` or `{"kind": "sync",
//! "changed": true}`) or the routing refresh (`{"kind": "refresh"}`, which
//! joins the one that runs), read a job's progress and its items (200 a
//! page, failed first), cancel it, queue its failed items again. Every
//! answer is the caller's account's own: another account's job is 404.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    response::IntoResponse,
    Json,
};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};
use uuid::Uuid;

use super::{
    error::{ApiError, ApiResult, PREFIX},
    extract::{self, ApiJson, ApiPath, ApiQuery},
};
use crate::{
    error::AppError,
    jobs::{
        model::{JobDetail, JobView},
        service::{self, Selection, ITEMS_PER_PAGE},
    },
    session::Caller,
    state::AppState,
};

/// The fields a `POST /jobs` body may have.
const FIELDS: [&str; 3] = ["kind", "drafts", "changed"];

/// A `POST /jobs` body as sent. `drafts` and `changed` are `None` when
/// left out; `null` is refused as a wrong type (it means nothing here).
#[derive(Deserialize)]
struct NewJob {
    kind: String,
    #[serde(default, deserialize_with = "present")]
    drafts: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    changed: Option<bool>,
}

/// A field that, when sent, must hold a value (not `null`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// What to start.
#[derive(Debug, PartialEq)]
enum Start {
    Sync(Selection),
    Refresh,
}

/// 422 naming one field.
fn refuse(field: &str, message: &str) -> ApiError {
    ApiError::fields(BTreeMap::from([(field.to_owned(), message.to_owned())]))
}

/// Reads a `POST /jobs` body: what to start, or a 422 naming the field
/// (an unknown field, an unknown kind, ids that are not draft ids, both
/// `drafts` and `changed`, or neither).
fn read_body(body: Value) -> Result<Start, ApiError> {
    if let Value::Object(keys) = &body {
        let unknown: BTreeMap<String, String> = keys
            .keys()
            .filter(|k| !FIELDS.contains(&k.as_str()))
            .map(|k| {
                (
                    k.clone(),
                    "There is no such field of a job: send kind, drafts or changed.".to_owned(),
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::fields(unknown));
        }
    }
    let job: NewJob = extract::from_value(body)?;
    match job.kind.as_str() {
        "refresh" => {
            for (field, sent) in [
                ("drafts", job.drafts.is_some()),
                ("changed", job.changed.is_some()),
            ] {
                if sent {
                    return Err(refuse(
                        field,
                        "A refresh takes no drafts: it reads the account's whole routing.",
                    ));
                }
            }
            Ok(Start::Refresh)
        }
        "sync" => match (job.drafts, job.changed) {
            (Some(_), Some(_)) => Err(refuse(
                "changed",
                "Send either a list of drafts or \"changed\": true, not both.",
            )),
            (Some(ids), None) => {
                let mut drafts = Vec::with_capacity(ids.len());
                for (n, id) in ids.iter().enumerate() {
                    match Uuid::parse_str(id) {
                        Ok(id) => drafts.push(id),
                        Err(_) => {
                            return Err(refuse(
                                "drafts",
                                &format!(
                                    "Item {}: not a draft id (a draft's \"id\", such as \
                                     0b5f3c1e-2a4d-4e6f-8a9b-1c2d3e4f5a6b).",
                                    n + 1
                                ),
                            ))
                        }
                    }
                }
                Ok(Start::Sync(Selection::Drafts(drafts)))
            }
            (None, Some(true)) => Ok(Start::Sync(Selection::Changed)),
            (None, Some(false)) => Err(refuse(
                "changed",
                "Send \"changed\": true to sync every draft with changes, or a list of drafts.",
            )),
            (None, None) => Err(refuse(
                "drafts",
                "Send the drafts to sync (a list of draft ids), or \"changed\": true.",
            )),
        },
        _ => Err(refuse("kind", "Use \"sync\" or \"refresh\".")),
    }
}

/// Where a job is read.
fn self_link(job: &JobView) -> String {
    format!("{PREFIX}/jobs/{}", job.job_id)
}

/// A job as the API answers it: the job, with `links.self`.
fn job_json(job: &JobView) -> Value {
    let mut value = json!(job);
    value["links"] = json!({ "self": self_link(job) });
    value
}

/// `POST /jobs`: starts a bulk sync or the refresh (202, `Location` the
/// job). A refresh that runs is joined: the answer is that job.
pub(super) async fn start(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult {
    let job = match read_body(body)? {
        Start::Sync(selection) => service::start_sync(&state, &caller, &selection).await?,
        Start::Refresh => service::start_refresh(&state, &caller).await?,
    };
    let mut response = (StatusCode::ACCEPTED, Json(job_json(&job))).into_response();
    if let Ok(location) = HeaderValue::from_str(&self_link(&job)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /jobs`: the account's newest 50 jobs, newest first.
pub(super) async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult {
    let jobs: Vec<Value> = service::list(&state, &caller)
        .await?
        .iter()
        .map(job_json)
        .collect();
    Ok(Json(json!({ "jobs": jobs })).into_response())
}

/// `?page=N` of `GET /jobs/{id}`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PageQuery {
    page: Option<u32>,
}

fn parse_id(id: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id).map_err(|_| AppError::NotFound)
}

/// `GET /jobs/{id}?page=N`: the job with a page of its items (200 a page,
/// failed first), `page`, `pages`, and `links.next` while more follow.
pub(super) async fn fetch(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> ApiResult {
    let page = match query.page {
        None => 1,
        Some(0) => return Err(refuse("page", "Pages count from 1.")),
        Some(n) => n,
    };
    let JobDetail { job, items } = service::detail(&state, &caller, parse_id(&id)?, page).await?;
    let per_page = u32::try_from(ITEMS_PER_PAGE).unwrap_or(u32::MAX);
    let pages = job.progress.total.div_ceil(per_page).max(1);
    let mut links = json!({ "self": self_link(&job) });
    if page < pages {
        links["next"] = json!(format!("{}?page={}", self_link(&job), page + 1));
    }
    Ok(Json(json!({
        "job": json!(job),
        "items": items,
        "page": page,
        "pages": pages,
        "links": links,
    }))
    .into_response())
}

/// Refuses a body with fields: `POST /jobs/{id}/cancel` and
/// `…/retry-failed` take none (no body, or `{}`).
fn no_fields(body: Option<ApiJson<Value>>) -> Result<(), ApiError> {
    match body {
        Some(ApiJson(Value::Object(fields))) if !fields.is_empty() => Err(ApiError::fields(
            fields
                .keys()
                .map(|k| (k.clone(), "This route takes no fields.".to_owned()))
                .collect(),
        )),
        _ => Ok(()),
    }
}

/// Checks the job is the caller's (an unknown job, or another account's,
/// is 404 whatever the body), that the body has no fields, then acts.
async fn act(
    state: &AppState,
    caller: &Caller,
    id: &str,
    body: Option<ApiJson<Value>>,
    action: service::Action,
) -> ApiResult {
    let id = parse_id(id)?;
    service::job(state, caller, id).await?;
    no_fields(body)?;
    let job = service::act(state, caller, id, action).await?;
    Ok(Json(job_json(&job)).into_response())
}

/// `POST /jobs/{id}/cancel`: items not yet run are cancelled, running
/// ones finish; 409 when the job already ended.
pub(super) async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    body: Option<ApiJson<Value>>,
) -> ApiResult {
    act(&state, &caller, &id, body, service::Action::Cancel).await
}

/// `POST /jobs/{id}/retry-failed`: queues the failed items again, acting
/// with the caller's Kazoo token; 409 when none failed.
pub(super) async fn retry_failed(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    body: Option<ApiJson<Value>>,
) -> ApiResult {
    act(&state, &caller, &id, body, service::Action::RetryFailed).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(body: Value) -> (StatusCode, Value) {
        let error = read_body(body).unwrap_err();
        let response = error.into_response();
        let status = response.status();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let bytes = runtime
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        (
            status,
            serde_json::from_slice::<Value>(&bytes).unwrap()["fields"].clone(),
        )
    }

    #[test]
    fn bodies_name_what_to_start() {
        let id = Uuid::new_v4();
        assert_eq!(
            read_body(json!({"kind": "sync", "drafts": [id.to_string()]})).unwrap(),
            Start::Sync(Selection::Drafts(vec![id]))
        );
        assert_eq!(
            read_body(json!({"kind": "sync", "changed": true})).unwrap(),
            Start::Sync(Selection::Changed)
        );
        assert_eq!(
            read_body(json!({"kind": "refresh"})).unwrap(),
            Start::Refresh
        );
    }

    #[test]
    fn bad_bodies_name_the_field() {
        let id = Uuid::new_v4().to_string();
        for (body, field) in [
            (json!({"kind": "purge"}), "kind"),
            (json!({"kind": 1}), "kind"),
            (json!({"drafts": [id]}), "kind"),
            (json!({"kind": "sync"}), "drafts"),
            (json!({"kind": "sync", "drafts": null}), "drafts"),
            (json!({"kind": "sync", "drafts": [id, "x"]}), "drafts"),
            (json!({"kind": "sync", "drafts": [1]}), "drafts"),
            (json!({"kind": "sync", "drafts": id}), "drafts"),
            (
                json!({"kind": "sync", "drafts": [id], "changed": true}),
                "changed",
            ),
            (json!({"kind": "sync", "changed": false}), "changed"),
            (json!({"kind": "sync", "changed": null}), "changed"),
            (json!({"kind": "sync", "changed": "yes"}), "changed"),
            (json!({"kind": "refresh", "drafts": []}), "drafts"),
            (
                json!({"kind": "sync", "changed": true, "draft": [id]}),
                "draft",
            ),
        ] {
            let (status, fields) = field_of(body.clone());
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert!(fields[field].is_string(), "{body} → {fields}");
            assert_eq!(fields.as_object().unwrap().len(), 1, "{body} → {fields}");
        }
        let (_, fields) =
            field_of(json!({"kind": "sync", "drafts": [Uuid::new_v4().to_string(), "x"]}));
        assert!(
            fields["drafts"].as_str().unwrap().starts_with("Item 2:"),
            "{fields}"
        );
    }
}
