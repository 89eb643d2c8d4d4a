//! `/v2/accounts/{id}/{menus,media,users,devices,vmboxes}`: listings
//! paged like callflows (API.md §5.3), GET of one document, and for menus
//! and media PUT (201), POST, PATCH and DELETE with `If-Match` (§5.5).
//! Other verbs answer 405. Media are documents only: there is no
//! `/media/{id}/raw`, so asking for the audio gives Kazoo's 404.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{Path, Query},
    http::HeaderMap,
    response::Response,
    routing::{get, MethodRouter},
    Router,
};
use serde_json::Value;

use super::{
    collection::Kind,
    envelope::{Ctx, Success},
    paging::page,
    routes::{
        check_if_match, method_not_allowed, request_data, respond, with_account, Params, Shared,
    },
    world::Write,
    Sandbox,
};

type Routes = Router<Arc<Sandbox>>;

/// Adds the routes of every [`Kind`] to the `/v2` router.
pub fn add(router: Routes) -> Routes {
    Kind::ALL.into_iter().fold(router, |router, kind| {
        let collection = format!("/accounts/{{aid}}/{}", kind.noun());
        let item = format!("{collection}/{{id}}");
        router
            .route(&collection, collection_routes(kind))
            .route(&item, item_routes(kind))
    })
}

fn collection_routes(kind: Kind) -> MethodRouter<Arc<Sandbox>> {
    let routes = get(
        move |sb: Shared, headers: HeaderMap, Path(aid): Path<String>, Query(q): Params| async move {
            list(kind, &sb, &headers, &aid, &q)
        },
    );
    let routes = if kind.writable() {
        routes.put(
            move |sb: Shared, headers: HeaderMap, Path(aid): Path<String>, body: Bytes| async move {
                write(kind, &sb, &headers, &aid, None, &body, Write::Create)
            },
        )
    } else {
        routes
    };
    routes.fallback(method_not_allowed)
}

fn item_routes(kind: Kind) -> MethodRouter<Arc<Sandbox>> {
    type Ids = Path<(String, String)>;
    let routes = get(
        move |sb: Shared, headers: HeaderMap, Path((aid, id)): Ids| async move {
            read(kind, &sb, &headers, &aid, &id)
        },
    );
    let routes = if kind.writable() {
        let change = move |how: Write| {
            move |sb: Shared, headers: HeaderMap, Path((aid, id)): Ids, body: Bytes| async move {
                write(kind, &sb, &headers, &aid, Some(&id), &body, how)
            }
        };
        routes
            .post(change(Write::Replace))
            .patch(change(Write::Patch))
            .delete(
                move |sb: Shared, headers: HeaderMap, Path((aid, id)): Ids| async move {
                    delete(kind, &sb, &headers, &aid, &id)
                },
            )
    } else {
        routes
    };
    routes.fallback(method_not_allowed)
}

fn list(
    kind: Kind,
    sb: &Sandbox,
    headers: &HeaderMap,
    aid: &str,
    q: &std::collections::HashMap<String, String>,
) -> Response {
    let ctx = Ctx::from_headers(headers);
    let result = with_account(sb, &ctx, aid, |w| {
        let (rows, paging) = page(w.account(aid).docs(kind).rows(kind), q)?;
        Ok(Success {
            paging,
            ..Success::ok(Value::Array(rows))
        })
    });
    respond(&ctx, result)
}

fn read(kind: Kind, sb: &Sandbox, headers: &HeaderMap, aid: &str, id: &str) -> Response {
    let ctx = Ctx::from_headers(headers);
    let result = with_account(sb, &ctx, aid, |w| {
        let (doc, rev) = w.account(aid).docs(kind).public(id)?;
        Ok(Success {
            revision: Some(rev),
            ..Success::ok(doc)
        })
    });
    respond(&ctx, result)
}

fn write(
    kind: Kind,
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
                w.account(aid)
                    .docs(kind)
                    .public(current)
                    .map(|(_, rev)| rev)
            })?;
        }
        let (doc, rev) = w.write_doc(
            aid,
            kind,
            requested_id.as_deref(),
            data,
            how,
            sb.schemas.as_ref(),
        )?;
        let created = how == Write::Create;
        let location = created.then(|| doc["id"].as_str().unwrap_or_default().to_owned());
        Ok(Success {
            status: if created { 201 } else { 200 },
            revision: Some(rev),
            location,
            ..Success::ok(doc)
        })
    });
    respond(&ctx, result)
}

fn delete(kind: Kind, sb: &Sandbox, headers: &HeaderMap, aid: &str, id: &str) -> Response {
    let ctx = Ctx::from_headers(headers);
    let result = with_account(sb, &ctx, aid, |w| {
        check_if_match(headers, || {
            w.account(aid).docs(kind).public(id).map(|(_, rev)| rev)
        })?;
        let (doc, rev) = w.delete_doc(aid, kind, id)?;
        Ok(Success {
            revision: Some(rev),
            ..Success::ok(doc)
        })
    });
    respond(&ctx, result)
}
