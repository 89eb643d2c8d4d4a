//! A job's items, failed first, 200 a page: each draft (a link to it),
//! its state in words, the runs it took and the outcome in the admin's
//! words (why it failed or was skipped, or the last failure before a
//! retry).

use leptos::prelude::*;

use super::words;
use crate::{
    components::pager::{page_count, Pager},
    jobs::model::{ItemView, JobKind, JobView},
};

/// Items a page shows: what `get_job` answers with (the service's
/// `ITEMS_PER_PAGE`, which the server alone compiles).
const ITEMS_PER_PAGE: u32 = 200;

#[component]
pub fn Items(
    items: Memo<Vec<ItemView>>,
    job: Memo<JobView>,
    id: String,
    page: u32,
) -> impl IntoView {
    let (kind, total) = job.with_untracked(|j| (j.kind, j.progress.total));
    let heading = match kind {
        JobKind::Sync => "Drafts",
        JobKind::Refresh => "Items",
    };
    let size = ITEMS_PER_PAGE;
    let table = move || {
        let rows = items.get();
        if rows.is_empty() {
            let text = format!(
                "There is no page {page}: the last page is {}.",
                page_count(u64::from(total), size)
            );
            return view! { <p class="empty">{text}</p> }.into_any();
        }
        let shown = rows.len();
        let id = id.clone();
        let link = move |to: u32| format!("/jobs/{id}?page={to}");
        view! {
            <div class="table-scroll">
                <table class="data job-items">
                    <caption class="visually-hidden">"Items of the job, failed first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Draft"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Attempts"</th>
                            <th scope="col">"Message"</th>
                        </tr>
                    </thead>
                    <tbody>{rows.into_iter().map(|item| view! { <ItemRow item /> }).collect_view()}</tbody>
                </table>
            </div>
            <Pager current=page size shown total=u64::from(total) link />
        }
        .into_any()
    };
    view! {
        <section class="job-items-part" aria-labelledby="items-title">
            <h2 id="items-title">{heading}</h2>
            {table}
        </section>
    }
}

#[component]
fn ItemRow(item: ItemView) -> impl IntoView {
    let name = match (&item.draft_id, &item.draft_name) {
        (Some(id), name) => {
            let name = name.clone().unwrap_or_else(|| "Unnamed draft".to_owned());
            view! { <a href=format!("/drafts/{id}")>{name}</a> }.into_any()
        }
        (None, _) => view! { <span>"The account's routing"</span> }.into_any(),
    };
    let message = item.message.clone().unwrap_or_default();
    view! {
        <tr>
            <td class="draft-name">{name}</td>
            <td data-label="State"><span class=words::item_class(item.state)>{item.state.label()}</span></td>
            <td data-label="Attempts">{item.attempts}</td>
            <td data-label="Message" class="message">{message}</td>
        </tr>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn a_page_holds_what_the_service_answers() {
        assert_eq!(
            i64::from(super::ITEMS_PER_PAGE),
            crate::jobs::service::ITEMS_PER_PAGE
        );
    }
}
