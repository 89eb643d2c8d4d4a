//! A draft of a callflow that is not a pivot action (a menu, a ring group,
//! …): shown as it is, read-only, until the callflow editor edits it. No
//! route here writes its document, so its flow cannot be replaced by a
//! pivot node by mistake.

use leptos::prelude::*;

use super::status::{DraftStatus, SyncLog};
use crate::{
    drafts::model::{confirm_page, Action, DraftView},
    sync::model::SyncLogEntry,
};

#[component]
pub fn CallflowDraft(draft: DraftView, sync_log: Vec<SyncLogEntry>) -> impl IntoView {
    let id = draft.id.clone();
    let first = draft
        .document
        .flow
        .as_ref()
        .map_or_else(|| "no node".to_owned(), |n| n.summary());
    let in_kazoo = draft.kazoo_id.is_some();
    view! {
        <div class="page-head">
            <h1>{draft.name.clone()}</h1>
            <a href="/">"Back to Numbers Routing"</a>
        </div>
        <DraftStatus draft=draft.clone() />
        <p class="notice info" role="status">
            "This callflow starts with “" {first} "”, not a pivot node, so the pivot form cannot edit it. "
            "It is shown here as it is; nothing on this page changes it."
        </p>
        <section class="card preview" aria-labelledby="callflow-json">
            <h2 id="callflow-json">"Callflow JSON"</h2>
            <pre tabindex="0" aria-labelledby="callflow-json"><code>{draft.document.to_pretty_json()}</code></pre>
        </section>
        <p class="form-actions">
            {in_kazoo.then(|| view! {
                <a class="button danger" href=confirm_page(&id, Action::Remove)>"Remove routing from Kazoo…"</a>
            })}
            <a class="button" href=confirm_page(&id, Action::Discard)>"Discard draft…"</a>
        </p>
        {(!sync_log.is_empty()).then(|| view! { <SyncLog entries=sync_log /> })}
    }
    .into_any()
}
