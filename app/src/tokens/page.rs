//! API tokens for the JSON API (see the README): create, list, revoke.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{
    model::{ApiTokenView, ApiTokensPage},
    server_fns::get_api_tokens,
};
use crate::components::{
    notice::{Notice, Tone},
    time::utc_minute,
};

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_api_tokens());
    let query = use_query_map();
    let notice = move || {
        let (tone, text) = match query.read().get("notice").as_deref() {
            Some("revoked") => (
                Tone::Info,
                "Token revoked: the JSON API refuses it from now on.",
            ),
            Some("revoke_missing") => (
                Tone::Error,
                "That token is not there: it was revoked already, or it is not one of this account's.",
            ),
            Some("revoke_failed") => (
                Tone::Error,
                "The token could not be revoked: try again in a moment.",
            ),
            _ => return None,
        };
        Some(view! { <Notice tone text /> })
    };
    let revoke = move || query.read().get("revoke");
    view! {
        <div class="page-head">
            <h1>"API tokens"</h1>
            <a href="/">"Back to Numbers Routing"</a>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let asked = revoke()
                            .and_then(|id| page.tokens.iter().find(|t| t.id == id).cloned());
                        view! { {notice} {asked.map(|token| view! { <ConfirmRevoke token /> })} <Tokens page /> }
                            .into_any()
                    }
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Tokens(page: ApiTokensPage) -> impl IntoView {
    view! {
        {page.error.map(|text| view! { <Notice tone=Tone::Error text /> })}
        {page.new_token.map(|token| view! {
            <div class="notice info" role="status">
                <p>"Your new token. Copy it now: it is not shown again."</p>
                <code class="token" aria-label="New API token">{token}</code>
            </div>
        })}
        <p class="lead">
            "Scripts use the JSON API (see the README) with "
            <code>"Authorization: Bearer <token>"</code>
            ". Syncing also needs a Kazoo token in " <code>"X-Kazoo-Auth-Token"</code>
            ". Tokens are stored hashed: each is shown once, when it is created."
        </p>
        <form class="toolbar" method="post" action="/api-tokens">
            <div class="field">
                <label for="token-name">"Token name"</label>
                <input type="text" id="token-name" name="name" placeholder="deploy script" />
            </div>
            <button type="submit" class="primary">"Create API token"</button>
        </form>
        {if page.tokens.is_empty() {
            view! { <p class="empty">"No API tokens yet."</p> }.into_any()
        } else {
            view! { <TokenTable tokens=page.tokens /> }.into_any()
        }}
    }
    .into_any()
}

/// "Are you sure?" for revoking a token: names it, says what stops
/// working, and posts with `confirm=yes` (a plain form: with and without
/// JavaScript).
#[component]
fn ConfirmRevoke(token: ApiTokenView) -> impl IntoView {
    view! {
        <section class="card confirm" aria-labelledby="revoke-title">
            <h2 id="revoke-title">{format!("Revoke the token “{}”?", token.name)}</h2>
            <p class="lead">
                "Scripts that use it are refused by the JSON API at once (401). This cannot be \
                 undone: they would need a new token."
            </p>
            <form method="post" action=format!("/api-tokens/{}/revoke", token.id) class="form-actions">
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" class="danger">"Revoke token"</button>
                <a class="button" href="/api-tokens">"Cancel: change nothing"</a>
            </form>
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiTokenView>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data tokens">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Revoke"</th>
                    </tr>
                </thead>
                <tbody>
                    {tokens.into_iter().map(|t| view! {
                        <tr>
                            <td>{t.name.clone()}</td>
                            <td class="muted">{format!("{} UTC by {}", utc_minute(t.created_at), t.created_by)}</td>
                            <td class="muted">{t.last_used_at.map_or_else(|| "never".into(), |at| format!("{} UTC", utc_minute(at)))}</td>
                            <td>
                                <form method="post" action=format!("/api-tokens/{}/revoke", t.id)>
                                    <button type="submit" class="danger">
                                        "Revoke"<span class="visually-hidden">" " {t.name}</span>"…"
                                    </button>
                                </form>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
