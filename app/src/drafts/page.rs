//! The drafts list, and the pages that act on one draft whatever its
//! kind: confirm a destructive action, compare with Kazoo, the read-only
//! view of a callflow draft, its status and sync log.

mod callflow;
mod compare;
mod confirm;
mod status;

use leptos::prelude::*;

pub use self::{
    callflow::CallflowDraft,
    compare::ComparePage,
    confirm::ConfirmPage,
    status::{DraftStatus, SyncLog},
};
use super::{model::DraftView, server_fns::list_drafts};
use crate::components::{
    notice::{Notice, Tone},
    time::utc_minute,
};

#[component]
pub fn DraftsPage() -> impl IntoView {
    let drafts = Resource::new(|| (), |_| list_drafts());
    view! {
        <div class="page-head">
            <h1>"Drafts"</h1>
            <div class="actions">
                <a class="button" href="/">"Numbers Routing"</a>
                <a class="button primary" href="/pivot/new">"Create new pivot action"</a>
            </div>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading drafts…"</p> }>
            {move || Suspend::new(async move {
                match drafts.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty">"No drafts yet. “Create new pivot action” starts one."</p>
                    }.into_any(),
                    Ok(list) => view! { <DraftTable list /> }.into_any(),
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn DraftTable(list: Vec<DraftView>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data drafts">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Numbers"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Saved"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|d| {
                            let numbers = d.document.numbers().join(", ");
                            view! {
                                <tr>
                                    <td><a href=format!("/drafts/{}", d.id)>{d.name.clone()}</a></td>
                                    <td class="number">{numbers}</td>
                                    <td><span class=format!("badge draft-{}", d.state.key())>{d.state.label()}</span></td>
                                    <td class="muted">{format!("{} UTC by {}", utc_minute(d.updated_at), d.updated_by)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
