//! A draft's standing against Kazoo and its sync log.

use leptos::prelude::*;

use crate::{
    components::time::{utc_minute, utc_second},
    drafts::model::DraftView,
    sync::model::{SyncLogEntry, SyncResult},
};

#[component]
pub fn DraftStatus(draft: DraftView) -> impl IntoView {
    let synced = draft
        .synced_at
        .map(|at| format!(" · last synced {} UTC", utc_minute(at)));
    let live = draft
        .kazoo_id
        .clone()
        .map(|id| view! { " · Kazoo callflow " <code>{id}</code> });
    view! {
        <div class="draft-status">
            <span class=format!("badge draft-{}", draft.state.key())>{draft.state.label()}</span>
            <span class="muted">
                {format!("Saved by {} at {} UTC", draft.updated_by, utc_minute(draft.updated_at))}
                {synced}
                {live}
            </span>
            {draft.last_error.clone().map(|e| view! { <p class="last-error">"Last sync: " {e}</p> })}
        </div>
    }
    .into_any()
}

#[component]
pub fn SyncLog(entries: Vec<SyncLogEntry>) -> impl IntoView {
    view! {
        <section class="card sync-log">
            <h2>"Sync log"</h2>
            <div class="table-scroll">
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
