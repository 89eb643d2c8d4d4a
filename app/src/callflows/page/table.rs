//! The callflows table and its pager: each live callflow by name (or its
//! numbers), what it runs in plain words, its numbers and patterns, and
//! Edit / Duplicate.

use leptos::prelude::*;

use crate::{
    callflows::model::{CallflowRow, CallflowsPage, CallflowsQuery},
    components::{pager::Pager, phone::display_number},
};

/// Numbers shown in a row before "and N more".
const NUMBERS_SHOWN: usize = 6;

#[component]
pub fn CallflowTable(page: CallflowsPage) -> impl IntoView {
    if page.rows.is_empty() {
        let pages = crate::components::pager::page_count(page.total, CallflowsQuery::PAGE_SIZE);
        let text = if page.account_total == 0 {
            "This account has no callflows yet. “New callflow” or “Import JSON” starts one."
                .to_owned()
        } else if page.total > 0 {
            format!(
                "There is no page {}: the last page is {pages}.",
                page.query.page
            )
        } else {
            format!("No callflow matches “{}”.", page.query.search)
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    let query = page.query.clone();
    let link = move |to: u32| {
        CallflowsQuery {
            page: to,
            ..query.clone()
        }
        .to_url()
    };
    let shown = page.rows.len();
    view! {
        <div class="table-scroll">
            <table class="data callflows">
                <caption class="visually-hidden">"Live callflows of the account"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Callflow"</th>
                        <th scope="col">"Runs"</th>
                        <th scope="col">"Numbers"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! { <Row row /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager current=page.query.page size=CallflowsQuery::PAGE_SIZE shown total=page.total link />
    }
    .into_any()
}

#[component]
fn Row(row: CallflowRow) -> impl IntoView {
    let title = row.title();
    let named = row.name.as_deref().is_some_and(|n| !n.trim().is_empty());
    let hidden = {
        let title = title.clone();
        move || view! { <span class="visually-hidden">" " {title.clone()}</span> }
    };
    let modules = if row.modules.is_empty() {
        view! { <span class="muted">"No flow"</span> }.into_any()
    } else {
        view! {
            <ul class="modules">
                {row.modules.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let more = row.numbers.len().saturating_sub(NUMBERS_SHOWN);
    let numbers = (!row.numbers.is_empty()).then(|| {
        view! {
            <ul class="cf-numbers">
                {row
                    .numbers
                    .iter()
                    .take(NUMBERS_SHOWN)
                    .map(|n| view! { <li class="number">{display_number(n)}</li> })
                    .collect_view()}
                {(more > 0).then(|| view! { <li class="muted">{format!("and {more} more")}</li> })}
            </ul>
        }
    });
    let patterns = (!row.patterns.is_empty()).then(|| {
        view! {
            <ul class="cf-patterns">
                {row
                    .patterns
                    .iter()
                    .map(|p| view! { <li>"Pattern " <code>{p.clone()}</code></li> })
                    .collect_view()}
            </ul>
        }
    });
    let nothing = (row.numbers.is_empty() && row.patterns.is_empty())
        .then(|| view! { <span class="muted">"None: it answers no number"</span> });
    let draft = row.draft.map(|d| {
        view! {
            <a href=format!("/drafts/{}", d.id) class=format!("badge draft-{}", d.state.key())>
                {d.state.label()}<span class="visually-hidden">" draft of " {title.clone()}</span>
            </a>
        }
    });
    let id = row.callflow_id;
    view! {
        <tr>
            <td>
                <span class=if named { "cf-name" } else { "cf-name number" }>{title.clone()}</span>
                {draft}
            </td>
            <td>{modules}</td>
            <td>{numbers}{patterns}{nothing}</td>
            <td class="cf-actions">
                <form method="post" action=format!("/callflows/{id}/draft")>
                    <button type="submit">"Edit"{hidden()}</button>
                </form>
                <form method="post" action=format!("/callflows/{id}/duplicate")>
                    <button type="submit">"Duplicate"{hidden()}</button>
                </form>
            </td>
        </tr>
    }
    .into_any()
}
