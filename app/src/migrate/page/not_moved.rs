//! The numbers an import does not move, each with what it is, why, and
//! where the console helps next (the callflow editor for a Studio flow,
//! the checker for TwiML Twilio serves).

use leptos::prelude::*;

use crate::{components::phone::display_number, migrate::model::NumberView};

#[component]
pub fn NotMovedTable(numbers: Vec<NumberView>) -> impl IntoView {
    if numbers.is_empty() {
        return view! { <p class="empty">"Every number of this export moves."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Numbers that do not move">
            <table class="data twilio-numbers">
                <caption class="visually-hidden">"Numbers that do not move, and why"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Name in Twilio"</th>
                        <th scope="col">"What it is"</th>
                        <th scope="col">"Why, and what to do"</th>
                    </tr>
                </thead>
                <tbody>
                    {numbers.into_iter().map(|n| {
                        let link = n.link.map(|(href, text)| view! { " " <a href=href>{text}</a> });
                        view! {
                            <tr data-class=n.class>
                                <th scope="row" class="number">{display_number(&n.number)}</th>
                                <td data-label="Name">{n.friendly_name}</td>
                                <td data-label="What it is"><span class="badge none">{n.label}</span></td>
                                <td data-label="Why">{n.reason}{link}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
