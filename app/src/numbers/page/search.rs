//! Search and filter: a GET form, so the query lives in the URL.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::{
    drafts::model::DraftState,
    numbers::model::{NumbersQuery, RouteFilter},
};

#[component]
pub fn SearchForm(query: Memo<NumbersQuery>) -> impl IntoView {
    let filtering = move || {
        let q = query.get();
        !q.search.is_empty() || q.route != RouteFilter::All || q.draft.is_some()
    };
    view! {
        <Form method="GET" action="/" attr:class="search" attr:role="search">
            <div class="field">
                <label for="q">"Search numbers"</label>
                <input
                    id="q"
                    name="q"
                    type="search"
                    placeholder="Number, callflow name or URL"
                    // `value` for the server-rendered page, `prop:value` so
                    // client-side navigation (Clear search) updates the box.
                    value=move || query.get().search
                    prop:value=move || query.get().search
                />
            </div>
            <div class="field">
                <label for="route">"Routed to"</label>
                <select id="route" name="route" prop:value=move || query.get().route.key()>
                    {RouteFilter::ALL
                        .into_iter()
                        .map(|(filter, key, label)| {
                            view! {
                                <option value=key selected=move || query.get().route == filter>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="draft">"Draft state"</label>
                <select
                    id="draft"
                    name="draft"
                    prop:value=move || query.get().draft.map_or("", DraftState::key)
                >
                    <option value="" selected=move || query.get().draft.is_none()>
                        "Any"
                    </option>
                    {DraftState::ALL
                        .into_iter()
                        .map(|(state, key, label)| {
                            view! {
                                <option value=key selected=move || query.get().draft == Some(state)>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit">"Search"</button>
            <Show when=filtering>
                <a href="/" class="clear">"Clear search"</a>
            </Show>
        </Form>
    }
}
