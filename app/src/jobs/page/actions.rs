//! A job's buttons, plain form posts that come back to the job with a
//! notice: Retry failed (when an item failed) and Cancel job (while it
//! runs or is paused); while it may change, a Reload link for browsers
//! without JavaScript (with it, the page follows the job by itself).

use leptos::prelude::*;

use crate::jobs::model::JobView;

#[component]
pub fn Actions(job: Memo<JobView>, id: String, page: u32) -> impl IntoView {
    let failed = Memo::new(move |_| job.with(|j| j.progress.failed > 0));
    let active = Memo::new(move |_| job.with(|j| j.state.is_active()));
    let retry = format!("/jobs/{id}/retry-failed");
    let cancel = format!("/jobs/{id}/cancel");
    let reload = if page > 1 {
        format!("/jobs/{id}?page={page}")
    } else {
        format!("/jobs/{id}")
    };
    view! {
        <div class="job-actions">
            {move || failed.get().then(|| view! {
                <form method="post" action=retry.clone()>
                    <button type="submit" class="primary">"Retry failed"</button>
                </form>
            })}
            {move || active.get().then(|| view! {
                <form method="post" action=cancel.clone()>
                    <button type="submit" class="danger">"Cancel job"</button>
                </form>
                <a href=reload.clone() rel="external">"Reload"</a>
                <p class="field-hint">
                    "Cancel job leaves the drafts not yet synced as they are; those syncing now finish."
                </p>
            })}
        </div>
    }
}
