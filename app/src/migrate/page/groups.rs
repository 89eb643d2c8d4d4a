//! The drafts an import makes: one row per group (its voice URL, method,
//! fallback, CDR URL, numbers and caveats) and, once Create drafts ran,
//! the draft made or the drafts that already had the numbers.

use leptos::prelude::*;

use crate::{
    components::phone::display_number,
    migrate::model::{DraftRef, GroupOutcome, GroupView},
};

#[component]
pub fn GroupsTable(groups: Vec<GroupView>, created: bool) -> impl IntoView {
    if groups.is_empty() {
        return view! {
            <p class="empty">"No number of this export can move with Pivot: see why below."</p>
        }
        .into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Drafts to make">
            <table class="data twilio-groups">
                <caption class="visually-hidden">"One pivot draft per voice configuration"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Draft"</th>
                        <th scope="col">"Voice URL"</th>
                        <th scope="col">"Method"</th>
                        <th scope="col">"Fallback (second pivot node)"</th>
                        <th scope="col">"CDR URL"</th>
                        <th scope="col">"Numbers"</th>
                        <th scope="col">"Flags and caveats"</th>
                        {created.then(|| view! { <th scope="col">"Result"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {groups.into_iter().map(|g| view! { <GroupRow group=g created /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn GroupRow(group: GroupView, created: bool) -> impl IntoView {
    let none = || view! { <span class="muted">"None"</span> }.into_any();
    let fallback = match group.fallback {
        Some(text) => view! { <span class="url">{text}</span> }.into_any(),
        None => none(),
    };
    let cdr = match group.cdr_url {
        Some(url) => view! { <span class="url">{url}</span> }.into_any(),
        None => none(),
    };
    let flags = if group.flags.is_empty() {
        none()
    } else {
        view! {
            <ul class="flags">
                {group.flags.into_iter().map(|f| {
                    let which = (!f.numbers.is_empty()).then(|| {
                        let list: Vec<String> = f.numbers.iter().map(|n| display_number(n)).collect();
                        format!(" ({})", list.join(", "))
                    });
                    view! { <li data-flag=f.kind>{f.text}{which}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let result = created.then(|| {
        view! { <td data-label="Result"><Outcome outcome=group.outcome.unwrap_or_default() /></td> }
    });
    view! {
        <tr>
            <th scope="row" class="cf-name">{group.name}</th>
            <td data-label="Voice URL" class="url">{group.voice_url}</td>
            <td data-label="Method">{group.method}</td>
            <td data-label="Fallback">{fallback}</td>
            <td data-label="CDR URL">{cdr}</td>
            <td data-label="Numbers">
                <ul class="cf-numbers">
                    {group.numbers.iter().map(|n| view! { <li class="number">{display_number(n)}</li> }).collect_view()}
                </ul>
            </td>
            <td data-label="Flags">{flags}</td>
            {result}
        </tr>
    }
}

fn draft_link(draft: &DraftRef) -> impl IntoView {
    view! { <a href=format!("/drafts/{}", draft.id)>{draft.name.clone()}</a> }
}

/// What Create drafts did for a group.
#[component]
fn Outcome(outcome: GroupOutcome) -> impl IntoView {
    let made = outcome.created.as_ref().map(|d| {
        view! { <p>"Draft made: " {draft_link(d)}</p> }
    });
    let found = outcome
        .found
        .iter()
        .map(|f| {
            let numbers: Vec<String> = f.numbers.iter().map(|n| display_number(n)).collect();
            view! {
                <p>"Already in draft " {draft_link(&f.draft)} ": " <span class="number">{numbers.join(", ")}</span></p>
            }
        })
        .collect_view();
    let routed = outcome
        .routed
        .iter()
        .map(|c| {
            let numbers: Vec<String> = c.numbers.iter().map(|n| display_number(n)).collect();
            view! {
                <p>
                    "Already routed by callflow " <strong>{c.name.clone()}</strong> ": "
                    <span class="number">{numbers.join(", ")}</span>
                    ". Syncing a new draft would conflict: edit that callflow instead."
                </p>
                <form method="post" action=format!("/callflows/{}/draft", c.id)>
                    <button type="submit" class="link">
                        "Edit callflow " {c.name.clone()}
                    </button>
                </form>
            }
        })
        .collect_view();
    let error = outcome
        .error
        .clone()
        .map(|e| view! { <p class="field-error">{e}</p> });
    view! { <div class="twilio-outcome">{made}{found}{routed}{error}</div> }
}
