//! API tokens for the JSON API (see the README): create, list, revoke.

use leptos::prelude::*;

use crate::{
    api::get_api_tokens,
    components::notice::{Notice, Tone},
    model::ApiTokensPage,
};

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_api_tokens());
    view! {
        <div class="page-head">
            <h1>"API tokens"</h1>
            <a href="/">"Back to Numbers Routing"</a>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Tokens page /> }.into_any(),
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
        <form class="card inline-form" method="post" action="/api-tokens">
            <div class="field">
                <label for="token-name">"Token name"</label>
                <input type="text" id="token-name" name="name" placeholder="deploy script" />
            </div>
            <button type="submit" class="primary">"Create API token"</button>
        </form>
        <p class="hint">
            "Scripts send it as " <code>"Authorization: Bearer <token>"</code>
            " to /api/v1 (see the README). Syncing also needs a Kazoo token in "
            <code>"X-Kazoo-Auth-Token"</code> "."
        </p>
        <table class="tokens">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col">"Revoke"</th>
                </tr>
            </thead>
            <tbody>
                {page.tokens.into_iter().map(|t| view! {
                    <tr>
                        <td>{t.name.clone()}</td>
                        <td>{format!("{} UTC by {}", t.created_at, t.created_by)}</td>
                        <td>{t.last_used_at.unwrap_or_else(|| "never".into())}</td>
                        <td>
                            <form method="post" action=format!("/api-tokens/{}/revoke", t.id)>
                                <button type="submit" class="danger">"Revoke " {t.name}</button>
                            </form>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
