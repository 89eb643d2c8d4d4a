//! A draft's standing against Kazoo and its sync log.

use leptos::prelude::*;

use crate::{
    components::time::{utc_minute, utc_second},
    drafts::model::{DraftState, DraftView},
    sync::model::{SyncLogEntry, SyncResult},
};

/// The draft's state, who saved it when, what it is based on in Kazoo,
/// and the last sync's error with a way to compare.
#[component]
pub fn DraftStatus(draft: DraftView) -> impl IntoView {
    // A draft opened from a live callflow that this console never synced
    // is based on what it read; "last synced" would not be true.
    let basis = match (draft.synced_at, draft.live_read_at) {
        (Some(at), _) => Some(format!(" · last synced {} UTC", utc_minute(at))),
        (None, Some(at)) => Some(format!(
            " · based on the live callflow read at {} UTC",
            utc_minute(at)
        )),
        (None, None) => None,
    };
    let label = match draft.state {
        DraftState::Synced if draft.synced_at.is_none() => "Same as live",
        state => state.label(),
    };
    let live = draft
        .kazoo_id
        .clone()
        .map(|id| view! { " · Kazoo callflow " <code>{id}</code> });
    let compare = draft.kazoo_id.is_some().then(|| {
        let text = if draft.state == DraftState::Conflict {
            "Compare it with Kazoo’s callflow"
        } else {
            "Compare with Kazoo"
        };
        view! { <a class="compare" href=format!("/drafts/{}/compare", draft.id)>{text}</a> }
    });
    view! {
        <div class="draft-status">
            <span class=format!("badge draft-{}", draft.state.key())>{label}</span>
            <span class="muted">
                {format!("Saved by {} at {} UTC", draft.updated_by, utc_minute(draft.updated_at))}
                {basis}
                {live}
            </span>
            {compare}
            {draft.last_error.clone().map(|e| view! { <p class="last-error">"Last sync: " {e}</p> })}
        </div>
    }
    .into_any()
}

#[component]
pub fn SyncLog(entries: Vec<SyncLogEntry>) -> impl IntoView {
    view! {
        // One landmark: the scroll region (reachable by keyboard) carries
        // the name; the card around it is no second "Sync log" region.
        <section class="card sync-log">
            <h2 id="sync-log-title">"Sync log"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="sync-log-title">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">"When (UTC)"</th>
                            <th scope="col">"Action"</th>
                            <th scope="col">"By"</th>
                            <th scope="col">"Result"</th>
                            <th scope="col">"Kazoo request id"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {entries
                            .into_iter()
                            .map(|e| {
                                let result = match (e.result, e.message) {
                                    (Some(SyncResult::Ok), _) => "OK".to_owned(),
                                    (Some(_), Some(m)) => m,
                                    (Some(SyncResult::Conflict), None) => "Conflict".to_owned(),
                                    (Some(SyncResult::Error), None) => "Error".to_owned(),
                                    (None, _) => "Interrupted (no answer recorded)".to_owned(),
                                };
                                view! {
                                    <tr>
                                        <td>{utc_second(e.started_at)}</td>
                                        <td>{e.operation.label()}</td>
                                        <td>{e.actor}</td>
                                        <td>{result}</td>
                                        <td><code>{e.kazoo_request_id.unwrap_or_default()}</code></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
