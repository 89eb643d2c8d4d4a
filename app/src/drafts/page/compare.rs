//! A draft beside the callflow Kazoo has now, with what differs marked:
//! where the conflict message says "compare it".

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

use crate::{
    components::notice::{Notice, Tone},
    drafts::{
        model::{confirm_page, Action, Comparison, DraftKind, DraftState},
        server_fns::compare_draft,
    },
};

#[component]
pub fn ComparePage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        compare_draft,
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Reading the callflow from Kazoo…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(comparison) => view! { <Compare comparison /> }.into_any(),
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// A value as one line of JSON, or "(absent)".
fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "(absent)".to_owned(), Value::to_string)
}

#[component]
fn Compare(comparison: Comparison) -> impl IntoView {
    let draft = comparison.draft;
    let id = draft.id.clone();
    let Some(live) = comparison.live else {
        let text = if comparison.in_kazoo {
            "The callflow is no longer in Kazoo: it was deleted there. Sync the draft to create it anew, or discard the draft."
        } else {
            "This draft is not in Kazoo yet, so there is nothing to compare it with: syncing creates the callflow."
        };
        return view! {
            <div class="page-head">
                <h1>{format!("Compare “{}” with Kazoo", draft.name)}</h1>
                <a href=format!("/drafts/{id}")>"Back to the draft"</a>
            </div>
            <Notice tone=Tone::Info text />
        }
        .into_any();
    };
    let standing = if comparison.changed_in_kazoo {
        "Kazoo’s callflow was changed after this draft was based on it."
    } else {
        "Kazoo’s callflow is still the one this draft is based on."
    };
    let differences = if comparison.differences.is_empty() {
        view! { <p class="empty">"The draft and Kazoo’s callflow are the same."</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label="What differs">
                <table class="data differences">
                    <caption>"What differs"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Place in the callflow"</th>
                            <th scope="col">"In Kazoo now"</th>
                            <th scope="col">"In this draft"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {comparison.differences.into_iter().map(|d| view! {
                            <tr>
                                <th scope="row"><code>{if d.path.is_empty() { "(whole document)".to_owned() } else { d.path }}</code></th>
                                <td><code class="was">{shown(d.left.as_ref())}</code></td>
                                <td><code class="now">{shown(d.right.as_ref())}</code></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let conflict = draft.state == DraftState::Conflict;
    // A callflow draft is read-only: syncing it would only put back what
    // Kazoo had before the change.
    let can_sync = draft.kind == DraftKind::Pivot;
    let actions = conflict.then(|| {
        view! {
            <p class="form-actions">
                {can_sync.then(|| view! {
                    <a class="button danger" href=confirm_page(&id, Action::SyncAnyway)>"Sync anyway…"</a>
                })}
                <a class="button danger" href=confirm_page(&id, Action::RemoveAnyway)>"Remove anyway…"</a>
                <a class="button" href=confirm_page(&id, Action::Discard)>"Discard the draft…"</a>
            </p>
        }
    });
    view! {
        <div class="page-head">
            <h1>{format!("Compare “{}” with Kazoo", draft.name)}</h1>
            <a href=format!("/drafts/{id}")>"Back to the draft"</a>
        </div>
        <p class="lead">{standing}</p>
        {differences}
        {actions}
        <div class="side-by-side">
            <section class="card" aria-labelledby="live-json">
                <h2 id="live-json">"In Kazoo now"</h2>
                <pre tabindex="0" aria-labelledby="live-json"><code>{live.to_pretty_json()}</code></pre>
            </section>
            <section class="card" aria-labelledby="draft-json">
                <h2 id="draft-json">"In this draft"</h2>
                <pre tabindex="0" aria-labelledby="draft-json"><code>{draft.document.to_pretty_json()}</code></pre>
            </section>
        </div>
    }
    .into_any()
}
