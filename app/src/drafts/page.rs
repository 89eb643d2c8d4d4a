//! The drafts list, and the pages that act on one draft whatever its
//! kind: confirm a destructive action, compare with Kazoo, the read-only
//! view of a callflow draft, its status and sync log.

mod callflow;
mod compare;
mod confirm;
mod status;

use leptos::prelude::*;
use leptos_router::{components::Form, hooks::use_query_map};

pub use self::{
    callflow::CallflowDraft,
    compare::ComparePage,
    confirm::ConfirmPage,
    status::{DraftStatus, SyncLog},
};
use super::{
    model::{DraftKind, DraftListItem, DraftsPage as Page, DraftsQuery},
    server_fns::list_drafts,
};
use crate::{
    components::{
        notice::{Notice, Tone},
        pager::{page_count, Pager},
        phone::display_number,
        time::utc_minute,
    },
    error::AppError,
    numbers::page::group_digits,
};

/// Numbers shown in a row before "and N more".
const NUMBERS_SHOWN: usize = 4;

/// The drafts list: searchable (name, number) and paged on the server;
/// `?q=&page=` holds the whole query, with or without JavaScript.
#[component]
pub fn DraftsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.read();
        DraftsQuery {
            search: p.get("q").unwrap_or_default(),
            page: p
                .get("page")
                .and_then(|n| n.parse().ok())
                .filter(|n| *n >= 1)
                .unwrap_or(1),
        }
    });
    let drafts = Resource::new(move || query.get(), list_drafts);
    let notice = move || {
        (params.read().get("notice").as_deref() == Some("not_found")).then(|| {
            view! { <Notice tone=Tone::Error text="That draft does not exist: it may have been discarded." /> }
        })
    };
    view! {
        <div class="page-head">
            <h1>"Drafts"</h1>
            <div class="actions">
                <a class="button" href="/callflows/new">"New callflow"</a>
                <a class="button primary" href="/pivot/new">"Create new pivot action"</a>
            </div>
        </div>
        {notice}
        <Form method="GET" action="/drafts" attr:class="search" attr:role="search">
            <div class="field">
                <label for="q">"Search drafts"</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    placeholder="Name or number"
                    value=move || query.get().search
                    prop:value=move || query.get().search
                />
            </div>
            <button type="submit">"Search"</button>
            <Show when=move || !query.get().search.is_empty()>
                <a href="/drafts" class="clear">"Clear search"</a>
            </Show>
        </Form>
        <Transition fallback=|| view! { <p class="loading">"Loading drafts…"</p> }>
            {move || Suspend::new(async move {
                match drafts.await {
                    Ok(page) => {
                        let flash = page.flash.clone().map(|f| {
                            let tone = if f.error { Tone::Error } else { Tone::Info };
                            view! { <Notice tone text=f.text /> }
                        });
                        view! { {flash} <DraftTable page /> }.into_any()
                    }
                    Err(e) => view! { <Notice tone=Tone::Error text=error_text(&e) /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// A refused search says what to fix.
fn error_text(error: &AppError) -> String {
    match error {
        AppError::Validation(fields) if !fields.is_empty() => {
            fields.values().cloned().collect::<Vec<_>>().join(" ")
        }
        other => other.to_string(),
    }
}

#[component]
fn DraftTable(page: Page) -> impl IntoView {
    if page.rows.is_empty() {
        let text = if page.account_total == 0 {
            "No drafts yet. “Create new pivot action”, “New callflow”, or Edit on a callflow starts one.".to_owned()
        } else if page.total > 0 {
            format!(
                "There is no page {}: the last page is {}.",
                page.query.page,
                page_count(page.total, DraftsQuery::PAGE_SIZE)
            )
        } else {
            format!("No draft matches “{}”.", page.query.search)
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    let count = match page.account_total {
        1 => "1 draft".to_owned(),
        n => format!("{} drafts", group_digits(n)),
    };
    let query = page.query.clone();
    let link = move |to: u32| {
        DraftsQuery {
            page: to,
            ..query.clone()
        }
        .to_url()
    };
    let shown = page.rows.len();
    let search = page.query.search.trim().to_owned();
    let select_all = match (page.total, search.is_empty()) {
        (1, true) => "Select the 1 draft".to_owned(),
        (n, true) => format!("Select all {} drafts", group_digits(n)),
        (1, false) => format!("Select the 1 draft matching “{search}”"),
        (n, false) => format!("Select all {} drafts matching “{search}”", group_digits(n)),
    };
    view! {
        <div class="summary"><p>{count}</p></div>
        // One plain form, with or without JavaScript: the ticked drafts
        // (or all matching the search), or every changed draft, become a
        // bulk sync job (`jobs::handlers::sync_handler`).
        <form method="post" action="/jobs/sync" class="bulk-sync">
            <input type="hidden" name="q" value=page.query.search.clone() />
            <div class="bulk-bar">
                <div class="checkbox">
                    <label>
                        <input type="checkbox" name="scope" value="matching" />
                        {select_all}
                    </label>
                </div>
                <div class="bulk-buttons">
                    <button type="submit" name="scope" value="selected" class="primary">
                        "Sync selected"
                    </button>
                    <button type="submit" name="scope" value="changed">"Sync all changed"</button>
                </div>
                <p class="field-hint">
                    "Sync selected sends the ticked drafts to Kazoo (or all matching, when ticked above); "
                    "Sync all changed sends every draft Kazoo does not have as it is. Either runs as a "
                    "job whose page shows its progress."
                </p>
            </div>
            <div class="table-scroll">
                <table class="data drafts">
                    <caption class="visually-hidden">"Drafts, last edited first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Select"</th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Kind"</th>
                            <th scope="col">"Numbers"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Saved"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page.rows.into_iter().map(|d| view! { <DraftRowView d /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </form>
        <Pager current=page.query.page size=DraftsQuery::PAGE_SIZE shown total=page.total link />
    }
    .into_any()
}

#[component]
fn DraftRowView(d: DraftListItem) -> impl IntoView {
    let kind = match d.kind {
        DraftKind::Pivot => view! { <span class="badge pivot">"Pivot"</span> },
        DraftKind::Callflow => view! { <span class="badge callflow">"Callflow"</span> },
    };
    let more = d.numbers.len().saturating_sub(NUMBERS_SHOWN);
    let numbers = if d.numbers.is_empty() {
        view! { <span class="muted">"No numbers"</span> }.into_any()
    } else {
        view! {
            <ul class="cf-numbers">
                {d.numbers
                    .iter()
                    .take(NUMBERS_SHOWN)
                    .map(|n| view! { <li class="number">{display_number(n)}</li> })
                    .collect_view()}
                {(more > 0).then(|| view! { <li class="muted">{format!("and {more} more")}</li> })}
            </ul>
        }
        .into_any()
    };
    let select = format!("select-{}", d.id);
    view! {
        <tr>
            <td class="select">
                <input type="checkbox" id=select.clone() name="draft" value=d.id.clone() />
                <label for=select>"Select"<span class="visually-hidden">{format!(" {}", d.name)}</span></label>
            </td>
            <td class="draft-name"><a href=format!("/drafts/{}", d.id)>{d.name.clone()}</a></td>
            <td data-label="Kind">{kind}</td>
            <td data-label="Numbers">{numbers}</td>
            <td data-label="State"><span class=format!("badge draft-{}", d.state.key())>{d.state.label()}</span></td>
            <td data-label="Saved" class="muted">{format!("{} UTC by {}", utc_minute(d.updated_at), d.updated_by)}</td>
        </tr>
    }
    .into_any()
}
