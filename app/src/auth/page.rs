//! Sign in: Kazoo account name + username + password, or an API key. Both
//! forms post to `/login` (a plain form post, with or without JavaScript);
//! failures come back as `?error=<code>`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    components::notice::{Notice, Tone},
    session::SessionResource,
};

/// The sentence for an error code set by the sign-in handler.
fn error_text(code: &str) -> &'static str {
    match code {
        "credentials" => "Kazoo did not accept that account name, username and password.",
        "api_key" => "Kazoo did not recognise that API key.",
        "missing" => "Fill in the account name, username and password.",
        "missing_key" => "Paste the account's API key.",
        "unreachable" => "Kazoo could not be reached. Try again in a moment.",
        "rate_limited" => "Kazoo is limiting sign-in attempts. Wait a few seconds and try again.",
        "expired" => "Your Kazoo session expired. Please sign in again.",
        "wait" => "Too many sign-in attempts. Wait a minute, then try again.",
        "invalid" => {
            "A sign-in field was too long or held control characters (such as tabs or line \
             breaks). Type it again."
        }
        _ => "Signing in failed. Please try again.",
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.read_untracked().get(key).unwrap_or_default();
    let error = param("error");
    let notice = param("notice");
    let next = param("next");
    let by_key = param("method") == "api_key";
    let info = expect_context::<SessionResource>();

    view! {
        <section class="card login">
            <h1>"Sign in"</h1>
            <p class="lead">"Sign in with your Kazoo account name, username and password."</p>
            {(!error.is_empty()).then(|| view! { <Notice tone=Tone::Error text=error_text(&error) /> })}
            {(notice == "signed_out").then(|| view! { <Notice tone=Tone::Info text="You have signed out." /> })}
            <Suspense>
                {move || Suspend::new(async move {
                    let sandbox = info.await.map(|i| i.sandbox).unwrap_or(false);
                    sandbox.then(|| view! {
                        <p class="hint">
                            "Sandbox: account " <code>"sandbox"</code> ", username " <code>"admin"</code>
                            ", password " <code>"sandbox"</code> "."
                        </p>
                    })
                })}
            </Suspense>
            <form method="post" action="/login" class="stack">
                <input type="hidden" name="method" value="password" />
                <input type="hidden" name="next" value=next.clone() />
                <label for="account_name">"Account name"</label>
                <input id="account_name" name="account_name" autocomplete="organization" required value=param("account") />
                <label for="username">"Username"</label>
                <input id="username" name="username" autocomplete="username" required value=param("user") />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit" class="primary">"Sign in"</button>
            </form>
            <details open=by_key>
                <summary>"Sign in with an API key instead"</summary>
                <form method="post" action="/login" class="stack">
                    <input type="hidden" name="method" value="api_key" />
                    <input type="hidden" name="next" value=next />
                    <label for="api_key">"API key"</label>
                    <input id="api_key" name="api_key" type="password" autocomplete="off" required />
                    <button type="submit">"Sign in with API key"</button>
                </form>
            </details>
        </section>
    }
}
