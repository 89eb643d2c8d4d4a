//! "Are you sure?" for the actions that destroy something: remove the
//! routing (deletes the live callflow), discard the draft, sync anyway
//! (overwrites Kazoo's changes). The page names what the action affects —
//! the callflow, its numbers — and posts the action with `confirm=yes`;
//! it is a plain page and a plain form, so it asks with and without
//! JavaScript.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    components::{
        notice::{Notice, Tone},
        patterns::PatternList,
    },
    drafts::{
        model::{Action, DraftView},
        server_fns::{draft_reach, get_draft},
    },
    numbers::model::Reach,
};

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let draft = Resource::new(id, get_draft);
    let reach = Resource::new(id, draft_reach);
    let action = move || query.read().get("action").and_then(|a| Action::parse(&a));
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (draft.await, reach.await, action()) {
                    (Ok(draft), Ok(reach), Some(action)) => {
                        view! { <Confirm draft reach action /> }.into_any()
                    }
                    (Err(e), _, _) | (_, Err(e), _) => {
                        view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any()
                    }
                    (Ok(_), Ok(_), None) => view! {
                        <Notice tone=Tone::Error text="There is no such action on a draft." />
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// What the page says for each action: title, what happens, the button.
struct Wording {
    title: String,
    lead: String,
    numbers_intro: &'static str,
    numbers: Vec<String>,
    /// Numbers the snapshot counts beyond those named.
    more: i64,
    after: &'static str,
    button: &'static str,
    compare_first: bool,
}

/// The numbers a removal affects: those the callflow lists and those the
/// routing snapshot routes to it (by pattern, as the catch-all), in order;
/// and how many more the snapshot counts than it names.
fn reached(draft: &DraftView, reach: &Reach) -> (Vec<String>, i64) {
    let numbers: BTreeSet<String> = draft
        .live_numbers
        .iter()
        .chain(&reach.numbers)
        .cloned()
        .collect();
    let more = reach.total - reach.numbers.len() as i64;
    (numbers.into_iter().collect(), more.max(0))
}

fn wording(draft: &DraftView, reach: &Reach, action: Action) -> Wording {
    let (reach_numbers, reach_more) = reached(draft, reach);
    let name = &draft.name;
    let callflow = draft
        .kazoo_id
        .as_deref()
        .map_or_else(String::new, |id| format!(" ({id})"));
    match action {
        Action::Remove => Wording {
            title: format!("Remove the routing of “{name}” from Kazoo?"),
            lead: format!("This deletes the callflow “{name}”{callflow} in Kazoo."),
            numbers_intro: "Calls to these numbers will no longer reach it:",
            numbers: reach_numbers.clone(),
            more: reach_more,
            after: "The draft stays here: syncing it again creates the callflow anew. If the \
                    callflow was changed in Kazoo since this draft was based on it, nothing is \
                    deleted and you can compare first.",
            button: "Remove routing from Kazoo",
            compare_first: false,
        },
        Action::RemoveAnyway => Wording {
            title: format!("Remove “{name}” from Kazoo, with the changes made there?"),
            lead: format!(
                "The callflow “{name}”{callflow} was changed in Kazoo after this draft was \
                 based on it. Removing anyway deletes it as Kazoo has it now."
            ),
            numbers_intro: "Calls to these numbers will no longer reach it:",
            numbers: reach_numbers.clone(),
            more: reach_more,
            after: "The draft stays here.",
            button: "Remove anyway",
            compare_first: true,
        },
        Action::Discard => Wording {
            title: format!("Discard the draft “{name}”?"),
            lead: format!(
                "This deletes the draft and its {} saved version(s) here. Kazoo is not touched{}.",
                draft.version,
                if draft.kazoo_id.is_some() {
                    ": its live callflow keeps routing its numbers as it does now"
                } else {
                    ": this draft was never synced, so nothing in Kazoo routes it"
                }
            ),
            numbers_intro: "The draft routes:",
            numbers: draft.document.numbers().to_vec(),
            more: 0,
            after: "The sync log of the draft is kept.",
            button: "Discard draft",
            compare_first: false,
        },
        Action::SyncAnyway => Wording {
            title: format!("Overwrite the callflow “{name}” in Kazoo?"),
            lead: format!(
                "The callflow{callflow} was changed in Kazoo after this draft was based on it. \
                 Syncing anyway replaces Kazoo's version with this draft: the changes made in \
                 Kazoo are lost."
            ),
            numbers_intro: "It will route:",
            numbers: draft.document.numbers().to_vec(),
            more: 0,
            after: "",
            button: "Sync anyway (overwrite Kazoo’s changes)",
            compare_first: true,
        },
    }
}

#[component]
fn Confirm(draft: DraftView, reach: Reach, action: Action) -> impl IntoView {
    let w = wording(&draft, &reach, action);
    let removes = matches!(action, Action::Remove | Action::RemoveAnyway);
    // A callflow found by pattern answers numbers it does not list, the
    // account's now and any added later.
    let intro = if w.numbers.is_empty() {
        "It answers every number matching its patterns, now and later:"
    } else {
        "It also answers every number matching its patterns, now and later:"
    };
    let patterns = draft
        .document
        .patterns
        .clone()
        .filter(|p| removes && !p.is_empty())
        .map(|patterns| view! { <PatternList intro patterns /> });
    let id = draft.id.clone();
    let more = w.more;
    let numbers = (!w.numbers.is_empty()).then(|| {
        view! {
            <p>{w.numbers_intro}</p>
            <ul class="numbers-affected">
                {w.numbers.into_iter().map(|n| view! { <li class="number">{n}</li> }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p>{format!("… and {more} more.")}</p> })}
        }
    });
    let compare = (w.compare_first && draft.kazoo_id.is_some()).then(|| {
        view! {
            <p><a href=format!("/drafts/{id}/compare")>"Compare the draft with Kazoo’s callflow first"</a></p>
        }
    });
    view! {
        <section class="card confirm" aria-labelledby="confirm-title">
            <h1 id="confirm-title">{w.title}</h1>
            <p class="lead">{w.lead}</p>
            {numbers}
            {patterns}
            {(!w.after.is_empty()).then(|| view! { <p class="muted">{w.after}</p> })}
            {compare}
            <form method="post" action=format!("/drafts/{id}/{}", action.key()) class="form-actions">
                <input type="hidden" name="version" value=draft.version.to_string() />
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" class="danger">{w.button}</button>
                <a class="button" href=format!("/drafts/{id}")>"Cancel: change nothing"</a>
            </form>
        </section>
    }
    .into_any()
}
