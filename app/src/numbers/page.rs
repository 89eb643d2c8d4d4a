//! Numbers Routing: every number of the account with what it is routed to
//! in Kazoo now, searchable, filterable and paged on the server. The URL
//! (`?q=&route=&page=`) holds the whole query, so links and the back
//! button work, with or without JavaScript.

mod refresh;
mod search;
mod table;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub use self::refresh::{RefreshBanner, RefreshWatch};
use self::{search::SearchForm, table::NumbersTable};
use super::{
    model::{NumbersPage, NumbersQuery, RouteFilter},
    server_fns::list_numbers,
};
use crate::{
    components::{
        notice::{Notice, Tone},
        time::utc_minute,
    },
    drafts::model::DraftState,
    error::AppError,
};

/// After "Refresh from Kazoo" when the refresh still runs (without
/// JavaScript: with it, the page follows the refresh by itself).
pub const REFRESHING: &str = "The refresh runs in the background; reload to see its progress.";

fn notice_text(code: &str) -> Option<(Tone, &'static str)> {
    match code {
        "refreshed" => Some((Tone::Info, "Routing refreshed from Kazoo.")),
        "unreachable" => Some((
            Tone::Error,
            "Kazoo could not be reached, so this is the routing read last time.",
        )),
        "removed" => Some((Tone::Info, "Routing removed from Kazoo. The draft is kept.")),
        "discarded" => Some((Tone::Info, "Draft discarded.")),
        "open_failed" => Some((Tone::Error, "That callflow could not be opened as a draft.")),
        "refresh_failed" => Some((
            Tone::Error,
            "The refresh failed, so this is the routing read last time.",
        )),
        "refreshing" => Some((Tone::Info, REFRESHING)),
        _ => None,
    }
}

#[component]
pub fn NumbersRoutingPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.read();
        NumbersQuery {
            search: p.get("q").unwrap_or_default(),
            route: RouteFilter::parse(&p.get("route").unwrap_or_default()),
            draft: p.get("draft").and_then(|d| DraftState::parse(&d)),
            page: p
                .get("page")
                .and_then(|n| n.parse().ok())
                .filter(|n| *n >= 1)
                .unwrap_or(1),
        }
    });
    let numbers = Resource::new(move || query.get(), list_numbers);
    let refresh = RefreshWatch::new(move || numbers.refetch());
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
            <h1>"Numbers Routing"</h1>
            <div class="actions">
                <a class="button" href="/callflows/new">"New callflow"</a>
                <a class="button primary" href="/pivot/new">"Create new pivot action"</a>
            </div>
        </div>
        {notice}
        <RefreshBanner watch=refresh done_text="Routing refreshed from Kazoo." />
        <SearchForm query=query />
        <Transition fallback=|| view! { <p class="loading">"Loading numbers…"</p> }>
            {move || Suspend::new(async move {
                match numbers.await {
                    Ok(page) => view! { <Summary page=page.clone() /> <NumbersTable page /> }.into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Counts, freshness and the refresh button.
#[component]
fn Summary(page: NumbersPage) -> impl IntoView {
    let count = match page.account_total {
        1 => "1 number".to_owned(),
        n => format!("{} numbers", group_digits(n)),
    };
    let freshness = page
        .refreshed_at
        .map(|at| format!(" · routing read from Kazoo at {} UTC", utc_minute(at)));
    view! {
        <div class="summary">
            <p>{count}{freshness}</p>
            <form method="post" action="/numbers/refresh">
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
    // A refused search says what to fix, not just that something is wrong.
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

/// `10000` → `10,000`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(super::group_digits(0), "0");
        assert_eq!(super::group_digits(999), "999");
        assert_eq!(super::group_digits(10_000), "10,000");
        assert_eq!(super::group_digits(1_234_567), "1,234,567");
    }
}
