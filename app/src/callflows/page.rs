//! The Callflows page: every live callflow of the account, searchable and
//! paged on the server (`?q=&page=` holds the whole query, so links and
//! the back button work, with or without JavaScript), with "New callflow"
//! and "Import JSON"; and the Import JSON page (`page/import.rs`).

mod import;
mod table;

use leptos::prelude::*;
use leptos_router::{components::Form, hooks::use_query_map};

pub use self::import::ImportPage;
use self::table::CallflowTable;
use super::{
    model::{CallflowsPage as Page, CallflowsQuery},
    server_fns::list_callflows,
};
use crate::{
    components::{
        notice::{Notice, Tone},
        time::utc_minute,
    },
    error::AppError,
    numbers::page::{group_digits, RefreshBanner, RefreshWatch, REFRESHING},
};

fn notice_text(code: &str) -> Option<(Tone, &'static str)> {
    match code {
        "not_found" => Some((
            Tone::Error,
            "Kazoo no longer has that callflow: the list below is as Kazoo routed calls when it was last read.",
        )),
        "unreachable" => Some((
            Tone::Error,
            "Kazoo could not be reached: nothing was changed. Try again in a moment.",
        )),
        "duplicate_failed" => Some((Tone::Error, "That callflow could not be duplicated.")),
        "refreshed" => Some((Tone::Info, "Callflows refreshed from Kazoo.")),
        "refresh_failed" => Some((
            Tone::Error,
            "The refresh failed, so these are the callflows read last time.",
        )),
        "refreshing" => Some((Tone::Info, REFRESHING)),
        _ => None,
    }
}

#[component]
pub fn CallflowsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.read();
        CallflowsQuery {
            search: p.get("q").unwrap_or_default(),
            page: p
                .get("page")
                .and_then(|n| n.parse().ok())
                .filter(|n| *n >= 1)
                .unwrap_or(1),
        }
    });
    let callflows = Resource::new(move || query.get(), list_callflows);
    let refresh = RefreshWatch::new(move || callflows.refetch());
    let notice = move || {
        params
            .read()
            .get("notice")
            .and_then(|c| notice_text(&c))
            .filter(|(_, text)| !(*text == REFRESHING && refresh.live()))
            .map(|(tone, text)| view! { <Notice tone text /> })
    };
    view! {
        <div class="page-head">
            <h1>"Callflows"</h1>
            <div class="actions">
                <a class="button" href="/callflows/import">"Import JSON"</a>
                <a class="button primary" href="/callflows/new">"New callflow"</a>
            </div>
        </div>
        {notice}
        <RefreshBanner watch=refresh done_text="Callflows refreshed from Kazoo." />
        <SearchForm query />
        <Transition fallback=|| view! { <p class="loading">"Loading callflows…"</p> }>
            {move || Suspend::new(async move {
                match callflows.await {
                    Ok(page) => view! { <Summary page=page.clone() /> <CallflowTable page /> }.into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// Search: a GET form, so the query lives in the URL.
#[component]
fn SearchForm(query: Memo<CallflowsQuery>) -> impl IntoView {
    view! {
        <Form method="GET" action="/callflows" attr:class="search" attr:role="search">
            <div class="field">
                <label for="q">"Search callflows"</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    placeholder="Name, number or pattern"
                    value=move || query.get().search
                    prop:value=move || query.get().search
                />
            </div>
            <button type="submit">"Search"</button>
            <Show when=move || !query.get().search.is_empty()>
                <a href="/callflows" class="clear">"Clear search"</a>
            </Show>
        </Form>
    }
    .into_any()
}

/// How many callflows, and when they were read from Kazoo.
#[component]
fn Summary(page: Page) -> impl IntoView {
    let count = match page.account_total {
        1 => "1 callflow".to_owned(),
        n => format!("{} callflows", group_digits(n)),
    };
    let freshness = page
        .refreshed_at
        .map(|at| format!(" · read from Kazoo at {} UTC", utc_minute(at)));
    view! {
        <div class="summary">
            <p>{count}{freshness}</p>
            <form method="post" action="/numbers/refresh?back=callflows">
                <button type="submit">"Refresh from Kazoo"</button>
            </form>
        </div>
    }
}

#[component]
fn LoadError(error: AppError) -> impl IntoView {
    let expired = matches!(
        error,
        AppError::KazooSessionExpired | AppError::Unauthenticated
    );
    let text = match &error {
        AppError::Validation(fields) if !fields.is_empty() => {
            fields.values().cloned().collect::<Vec<_>>().join(" ")
        }
        other => other.to_string(),
    };
    view! {
        <Notice tone=Tone::Error text=text />
        {expired.then(|| view! {
            <form method="post" action="/logout">
                <button type="submit" class="primary">"Sign in again"</button>
            </form>
        })}
    }
}
