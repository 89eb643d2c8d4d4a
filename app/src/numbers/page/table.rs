//! The numbers table and its pager.

use leptos::prelude::*;

use super::group_digits;
use crate::{
    numbers::model::{DraftMark, NumberRow, NumbersPage, NumbersQuery, Route},
    url::urlencode,
};

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
        <div class="table-scroll">
            <table class="data numbers">
                <caption class="visually-hidden">"Numbers and what they are routed to"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Routed to"</th>
                        <th scope="col">"Details"</th>
                        <th scope="col">"Draft"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! { <Row row /> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager page />
    }
    .into_any()
}

#[component]
fn Row(row: NumberRow) -> impl IntoView {
    let draft = draft_cell(&row);
    let status = match row.state.as_deref() {
        Some(state) => sentence_case(state),
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
            view! { <span class="muted">"No callflow answers this number."</span> }.into_any(),
        ),
    };
    view! {
        <tr>
            <td class="number">{row.number}</td>
            <td>{status}</td>
            <td>{kind}</td>
            <td>
                <div class="details">{details}</div>
            </td>
            <td class="draft-cell">{draft}</td>
        </tr>
    }
}

/// The number's draft (its state, a link to it) or what can be started
/// from here: edit a live pivot action, route a free number.
fn draft_cell(row: &NumberRow) -> AnyView {
    match (&row.draft, &row.route) {
        (Some(DraftMark { id, state }), _) => view! {
            <span class=format!("badge draft-{}", state.key())>{state.label()}</span>
            " "
            <a href=format!("/drafts/{id}")>
                "Open draft"<span class="visually-hidden">" " {row.number.clone()}</span>
            </a>
        }
        .into_any(),
        (None, Route::Pivot { callflow_id, .. }) => view! {
            <form method="post" action=format!("/callflows/{callflow_id}/draft")>
                <button type="submit" class="link">"Edit"<span class="visually-hidden">" " {row.number.clone()}</span></button>
            </form>
        }
        .into_any(),
        (None, Route::NotRouted) => view! {
            <a href=format!("/pivot/new?number={}", urlencode(&row.number))>
                "Route this number"<span class="visually-hidden">" " {row.number.clone()}</span>
            </a>
        }
        .into_any(),
        (None, Route::Callflow { .. }) => view! { <span class="muted">"—"</span> }.into_any(),
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

/// Kazoo's `in_service` → `In service`.
fn sentence_case(state: &str) -> String {
    let text = state.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn states_read_as_words() {
        assert_eq!(super::sentence_case("in_service"), "In service");
        assert_eq!(super::sentence_case("port_in"), "Port in");
        assert_eq!(super::sentence_case(""), "");
    }
}
