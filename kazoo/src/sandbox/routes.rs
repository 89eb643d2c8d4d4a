//! HTTP routes of the sandbox: `/v2` as crossbar serves it, `/sandbox/*`
//! for tests.

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post, put},
    Json, Router,
};
use serde_json::{json, Map, Value};

use super::{
    doc_routes,
    envelope::{Ctx, Success},
    faults::{self, Faults},
    paging::page,
    world::{ApiError, World, Write},
    Sandbox,
};

pub(super) type Shared = State<Arc<Sandbox>>;
pub(super) type Params = Query<HashMap<String, String>>;

pub fn router(sandbox: Arc<Sandbox>) -> Router {
    let v2 = Router::new()
        .route("/user_auth", put(user_auth).fallback(method_not_allowed))
        .route("/api_auth", put(api_auth).fallback(method_not_allowed))
        .route(
            "/accounts/{aid}/callflows",
            get(list_callflows)
                .put(create_callflow)
                .fallback(method_not_allowed),
        )
        .route(
            "/accounts/{aid}/callflows/{id}",
            get(get_callflow)
                .post(replace_callflow)
                .patch(patch_callflow)
                .delete(delete_callflow)
                .fallback(method_not_allowed),
        )
        .route(
            "/accounts/{aid}/phone_numbers",
            get(list_numbers).fallback(method_not_allowed),
        )
        .route(
            "/accounts/{aid}/api_key",
            get(get_api_key).fallback(method_not_allowed),
        );
    let v2 = doc_routes::add(v2)
        .fallback(unknown_endpoint)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&sandbox),
            faults::inject,
        ));
    Router::new()
        .nest("/v2", v2)
        .route("/v1/{*rest}", get(gone).put(gone).post(gone).delete(gone))
        .route("/sandbox/faults", get(get_faults).put(set_faults))
        .route("/sandbox/expire-tokens", post(expire_tokens))
        .route("/sandbox/reset", post(reset))
        .with_state(sandbox)
}

/// The request's `data`, or the crossbar error for a bad body.
pub(super) fn request_data(body: &Bytes) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    let envelope: Value = serde_json::from_slice(body).map_err(|e| {
        let detail = json!({"message": format!("{e} around {}", e.column()), "target": "body"});
        ApiError::new(
            400,
            "validation error",
            json!({"json": {"invalid": detail}}),
        )
    })?;
    match envelope.get("data") {
        None => Ok(json!({})),
        Some(d @ (Value::Object(_) | Value::Array(_))) => Ok(d.clone()),
        Some(_) => {
            let detail = json!({"message": "Value did not match type(s): object, array", "value": envelope["data"]});
            Err(ApiError::new(
                400,
                "validation error",
                json!({"data": {"type": detail}}),
            ))
        }
    }
}

async fn user_auth(State(sb): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let ctx = Ctx::from_headers(&headers);
    let result =
        request_data(&body).and_then(|data| sb.world().user_auth(&data, sb.config.token_ttl));
    auth_reply(&ctx, result)
}

async fn api_auth(State(sb): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let ctx = Ctx::from_headers(&headers);
    let result =
        request_data(&body).and_then(|data| sb.world().api_auth(&data, sb.config.token_ttl));
    auth_reply(&ctx, result)
}

fn auth_reply(ctx: &Ctx, result: Result<(String, Value), ApiError>) -> Response {
    match result {
        Ok((token, data)) => ctx.success(Success {
            status: 201,
            data,
            new_token: Some(token),
            ..Success::default()
        }),
        Err(e) => ctx.error(e),
    }
}

/// Authorises the token for the URL's account, then runs `f` on the world.
pub(super) fn with_account<T>(
    sb: &Sandbox,
    ctx: &Ctx,
    account_id: &str,
    f: impl FnOnce(&mut World) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut world = sb.world();
    world.authorize(ctx.token.as_deref(), account_id)?;
    f(&mut world)
}

pub(super) fn respond(ctx: &Ctx, result: Result<Success, ApiError>) -> Response {
    match result {
        Ok(success) => ctx.success(success),
        Err(e) => ctx.error(e),
    }
}

async fn list_callflows(
    State(sb): Shared,
    headers: HeaderMap,
    Path(aid): Path<String>,
    Query(q): Params,
) -> Response {
    let ctx = Ctx::from_headers(&headers);
    let result = with_account(&sb, &ctx, &aid, |w| {
        let (rows, paging) = page(w.account(&aid).callflow_rows(), &q)?;
        Ok(Success {
            paging,
            ..Success::ok(Value::Array(rows))
        })
    });
    respond(&ctx, result)
}

async fn list_numbers(
    State(sb): Shared,
    headers: HeaderMap,
    Path(aid): Path<String>,
    Query(q): Params,
) -> Response {
    let ctx = Ctx::from_headers(&headers);
    let result = with_account(&sb, &ctx, &aid, |w| {
        let account = w.account(&aid);
        let rows = account
            .numbers
            .iter()
            .map(|(number, doc)| {
                let mut row = json!({"state": doc.state, "assigned_to": doc.assigned_to, "features": [],
                    "features_allowed": [], "features_denied": [], "features_available": ["cnam", "e911"],
                    "created": doc.created, "updated": doc.updated});
                if let Some(used_by) = &doc.used_by {
                    row["used_by"] = json!(used_by);
                }
                (number.clone(), json!({ number: row }))
            })
            .collect();
        let (rows, paging) = page(rows, &q)?;
        let numbers: Map<String, Value> = rows
            .into_iter()
            .filter_map(|r| r.as_object().cloned())
            .flatten()
            .collect();
        Ok(Success {
            paging,
            ..Success::ok(json!({"cascade_quantity": 0, "numbers": numbers}))
        })
    });
    respond(&ctx, result)
}

async fn get_callflow(
    State(sb): Shared,
    headers: HeaderMap,
    Path((aid, id)): Path<(String, String)>,
) -> Response {
    let ctx = Ctx::from_headers(&headers);
    let result = with_account(&sb, &ctx, &aid, |w| {
        let account = w.account(&aid);
        let (mut doc, rev) = account.public_callflow(&id)?;
        doc["metadata"] = account.metadata(&doc);
        Ok(Success {
            revision: Some(rev),
            ..Success::ok(doc)
        })
    });
    respond(&ctx, result)
}

async fn create_callflow(
    State(sb): Shared,
    headers: HeaderMap,
    Path(aid): Path<String>,
    body: Bytes,
) -> Response {
    write(&sb, &headers, &aid, None, &body, Write::Create)
}

async fn replace_callflow(
    State(sb): Shared,
    headers: HeaderMap,
    Path((aid, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    write(&sb, &headers, &aid, Some(&id), &body, Write::Replace)
}

async fn patch_callflow(
    State(sb): Shared,
    headers: HeaderMap,
    Path((aid, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    write(&sb, &headers, &aid, Some(&id), &body, Write::Patch)
}

fn write(
    sb: &Sandbox,
    headers: &HeaderMap,
    aid: &str,
    id: Option<&str>,
    body: &Bytes,
    how: Write,
) -> Response {
    let ctx = Ctx::from_headers(headers);
    let result = with_account(sb, &ctx, aid, |w| {
        let data = request_data(body)?;
        let requested_id = match how {
            Write::Create => data.get("id").and_then(Value::as_str).map(str::to_owned),
            _ => id.map(str::to_owned),
        };
        if let Some(current) = id {
            check_if_match(headers, || {
                w.account(aid).public_callflow(current).map(|(_, rev)| rev)
            })?;
        }
        let (doc, rev) = w.write_callflow(
            aid,
            requested_id.as_deref(),
            data,
            how,
            sb.schemas.as_ref(),
            &sb.config.blocked_hosts,
        )?;
        let status = if how == Write::Create { 201 } else { 200 };
        let location =
            (how == Write::Create).then(|| doc["id"].as_str().unwrap_or_default().to_owned());
        Ok(Success {
            status,
            revision: Some(rev),
            location,
            ..Success::ok(doc)
        })
    });
    respond(&ctx, result)
}

/// `If-Match: "<rev>"` on POST, PATCH and DELETE: 412 when the document
/// changed since that revision (API.md §5.5); `current` reads its
/// revision (an unknown id gives its 404).
pub(super) fn check_if_match(
    headers: &HeaderMap,
    current: impl FnOnce() -> Result<String, ApiError>,
) -> Result<(), ApiError> {
    let Some(wanted) = headers
        .get("if-match")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_matches('"').to_owned())
    else {
        return Ok(());
    };
    if wanted == current()? {
        Ok(())
    } else {
        Err(ApiError::new(
            412,
            "precondition failed",
            json!({"message": "precondition failed"}),
        ))
    }
}

async fn delete_callflow(
    State(sb): Shared,
    headers: HeaderMap,
    Path((aid, id)): Path<(String, String)>,
) -> Response {
    let ctx = Ctx::from_headers(&headers);
    let result = with_account(&sb, &ctx, &aid, |w| {
        check_if_match(&headers, || {
            w.account(&aid).public_callflow(&id).map(|(_, rev)| rev)
        })?;
        let (doc, rev) = w.delete_callflow(&aid, &id)?;
        Ok(Success {
            revision: Some(rev),
            ..Success::ok(doc)
        })
    });
    respond(&ctx, result)
}

async fn get_api_key(State(sb): Shared, headers: HeaderMap, Path(aid): Path<String>) -> Response {
    let ctx = Ctx::from_headers(&headers);
    let result = with_account(&sb, &ctx, &aid, |w| {
        Ok(Success::ok(json!({"api_key": w.account(&aid).api_key})))
    });
    respond(&ctx, result)
}

pub(super) async fn method_not_allowed(headers: HeaderMap) -> Response {
    Ctx::from_headers(&headers).error(ApiError::new(
        405,
        "invalid_method",
        json!({"message": "method not allowed"}),
    ))
}

async fn unknown_endpoint(State(sb): Shared, headers: HeaderMap) -> Response {
    let ctx = Ctx::from_headers(&headers);
    if sb.world().token_is_valid(ctx.token.as_deref()) {
        ctx.error(ApiError::new(
            404,
            "not_found",
            json!({"message": "not found"}),
        ))
    } else {
        ctx.error(ApiError::invalid_credentials())
    }
}

async fn gone(headers: HeaderMap) -> Response {
    let message = "API version 1 is not supported, please use v2";
    Ctx::from_headers(&headers).error(ApiError::new(410, "gone", json!({"message": message})))
}

async fn get_faults(State(sb): Shared) -> Json<Faults> {
    Json(sb.faults().clone())
}

async fn set_faults(State(sb): Shared, Json(faults): Json<Faults>) -> Json<Faults> {
    *sb.faults() = faults.clone();
    Json(faults)
}

async fn expire_tokens(State(sb): Shared) -> StatusCode {
    sb.world().expire_tokens();
    StatusCode::NO_CONTENT
}

async fn reset(State(sb): Shared) -> impl IntoResponse {
    *sb.world() = World::seeded(sb.config.numbers, sb.schemas.as_ref());
    *sb.faults() = sb.config.faults.clone();
    StatusCode::NO_CONTENT
}
