//! The numbers table and its pager.

use leptos::prelude::*;

use super::group_digits;
use crate::{
    numbers::model::{DraftMark, Entry, NumberRow, NumbersPage, NumbersQuery, Route, Via},
    url::urlencode,
};

#[component]
pub fn NumbersTable(page: NumbersPage) -> impl IntoView {
    if page.rows.is_empty() {
        let text = if page.account_total == 0 {
            "This account has no numbers yet. Numbers bought or ported in Kazoo appear here after a refresh.".to_owned()
        } else if page.total > 0 {
            format!(
                "There is no page {}: the last page is {}.",
                page.query.page,
                page.page_count()
            )
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
        Route::Routed {
            callflow_id,
            callflow_name,
            via,
            entry,
            skipped,
        } => {
            let badge = match entry {
                Entry::Pivot { .. } => {
                    view! { <span class="badge pivot">"Pivot"</span> }.into_any()
                }
                _ => view! { <span class="badge callflow">"Callflow"</span> }.into_any(),
            };
            let how = match via {
                Via::Number => None,
                Via::Pattern(pattern) => Some(view! {
                    <span class="via">"By pattern " <code>{pattern}</code></span>
                }.into_any()),
                Via::NoMatch => Some(view! {
                    <span class="via">"Catch-all: no callflow lists or matches it (" <code>"no_match"</code> ")"</span>
                }.into_any()),
            };
            let skipped = (!skipped.is_empty()).then(|| {
                view! {
                    <span class="muted skipped">
                        {format!("Passed over (switched off with skip_module): {}", skipped.join(", "))}
                    </span>
                }
            });
            let details = view! {
                <span class="cf-name">{callflow_name.unwrap_or(callflow_id)}</span>
                {how}
                <EntryLine entry />
                {skipped}
            };
            (badge, details.into_any())
        }
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

/// What runs first when the call comes in.
#[component]
fn EntryLine(entry: Entry) -> impl IntoView {
    match entry {
        Entry::Pivot {
            voice_url,
            method,
            req_format,
        } => {
            let format = if req_format == "twiml" {
                "TwiML"
            } else {
                "Kazoo JSON"
            };
            view! {
                <code class="url">{voice_url}</code>
                <span class="muted">{method.to_uppercase()} " · " {format}</span>
            }
            .into_any()
        }
        Entry::Node { summary, .. } => {
            view! { <span class="entry">"Runs first: " {summary}</span> }.into_any()
        }
        Entry::Ends => view! {
            <span class="entry">"Nothing runs: every node on the way is switched off, so the call ends."</span>
        }
        .into_any(),
    }
}

/// The number's draft (its state, a link to it) or what can be started
/// from here: edit the live callflow that answers it (a draft based on
/// it, in the pivot form or the callflow editor by its kind), route it to
/// a pivot action of its own (a number a pattern or the catch-all answers
/// can be taken out of their reach).
fn draft_cell(row: &NumberRow) -> AnyView {
    let hidden = || view! { <span class="visually-hidden">" " {row.number.clone()}</span> };
    let route_it = || {
        view! {
            <a href=format!("/pivot/new?number={}", urlencode(&row.number))>
                "Route this number"{hidden()}
            </a>
        }
    };
    let edit = |callflow_id: &str| {
        view! {
            <form method="post" action=format!("/callflows/{callflow_id}/draft")>
                <button type="submit" class="link">"Edit"{hidden()}</button>
            </form>
        }
    };
    match (&row.draft, &row.route) {
        (Some(DraftMark { id, state }), _) => view! {
            <span class=format!("badge draft-{}", state.key())>{state.label()}</span>
            " "
            <a href=format!("/drafts/{id}")>"Open draft"{hidden()}</a>
        }
        .into_any(),
        (None, Route::NotRouted) => route_it().into_any(),
        (
            None,
            Route::Routed {
                via: Via::Number,
                callflow_id,
                ..
            },
        ) => edit(callflow_id).into_any(),
        (None, Route::Routed { callflow_id, .. }) => {
            view! { {edit(callflow_id)} {route_it()} }.into_any()
        }
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
