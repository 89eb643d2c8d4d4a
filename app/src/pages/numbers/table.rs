//! The numbers table and its pager.

use leptos::prelude::*;

use super::group_digits;
use crate::model::{NumberRow, NumbersPage, NumbersQuery, Route};

#[component]
pub fn NumbersTable(page: NumbersPage) -> impl IntoView {
    if page.rows.is_empty() {
        let text = if page.account_total == 0 {
            "This account has no numbers yet. Numbers bought or ported in Kazoo appear here after a refresh.".to_owned()
        } else if page.query.search.is_empty() {
            "No number matches this filter.".to_owned()
        } else {
            format!("No number matches “{}”.", page.query.search)
        };
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    let rows = page.rows.clone();
    view! {
        <table class="numbers">
            <caption class="visually-hidden">"Numbers and what they are routed to"</caption>
            <thead>
                <tr>
                    <th scope="col">"Number"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Routed to"</th>
                    <th scope="col">"Details"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <Row row /> }).collect_view()}
            </tbody>
        </table>
        <Pager page />
    }
    .into_any()
}

#[component]
fn Row(row: NumberRow) -> impl IntoView {
    let status = match row.state.as_deref() {
        Some("in_service") => "In service".to_owned(),
        Some(other) => other.replace('_', " "),
        None => "Extension".to_owned(),
    };
    let (kind, details) = match row.route {
        Route::Pivot {
            callflow_name,
            voice_url,
            method,
            req_format,
            ..
        } => {
            let format = if req_format == "twiml" {
                "TwiML"
            } else {
                "Kazoo JSON"
            };
            let name = callflow_name.map(|n| view! { <span class="cf-name">{n}</span> });
            (
                view! { <span class="badge pivot">"Pivot"</span> }.into_any(),
                view! {
                    {name}
                    <code class="url">{voice_url}</code>
                    <span class="muted">{method.to_uppercase()} " · " {format}</span>
                }
                .into_any(),
            )
        }
        Route::Callflow {
            callflow_name,
            callflow_id,
        } => (
            view! { <span class="badge callflow">"Callflow"</span> }.into_any(),
            view! { <span class="cf-name">{callflow_name.unwrap_or(callflow_id)}</span> }
                .into_any(),
        ),
        Route::NotRouted => (
            view! { <span class="badge none">"Not routed"</span> }.into_any(),
            view! { <span class="muted">"Calls to this number reach no callflow."</span> }
                .into_any(),
        ),
    };
    view! {
        <tr>
            <td class="number">{row.number}</td>
            <td>{status}</td>
            <td>{kind}</td>
            <td class="details">{details}</td>
        </tr>
    }
}

#[component]
fn Pager(page: NumbersPage) -> impl IntoView {
    let size = u64::from(NumbersQuery::PAGE_SIZE);
    let current = page.query.page;
    let first = u64::from(current - 1) * size + 1;
    let last = (first + page.rows.len() as u64).saturating_sub(1);
    let pages = page.page_count();
    let link = |to: u32| {
        NumbersQuery {
            page: to,
            ..page.query.clone()
        }
        .to_query_string()
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <span>
                {format!(
                    "Showing {}–{} of {} · page {current} of {pages}",
                    group_digits(first),
                    group_digits(last),
                    group_digits(page.total),
                )}
            </span>
            {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">"Previous page"</a> })}
            {(current < pages).then(|| view! { <a href=link(current + 1) rel="next">"Next page"</a> })}
        </nav>
    }
}
