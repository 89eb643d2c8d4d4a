//! The jobs list (`/jobs`): the account's newest 50 jobs, each with its
//! state, progress, who started it and when, and a link to its page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::words;
use crate::{
    components::{
        notice::{Notice, Tone},
        time::utc_minute,
    },
    jobs::{model::JobView, server_fns::list_jobs},
};

#[component]
pub fn JobsPage() -> impl IntoView {
    let query = use_query_map();
    let jobs = Resource::new(|| (), |()| list_jobs());
    let notice = move || {
        (query.read().get("notice").as_deref() == Some("not_found")).then(|| {
            view! { <Notice tone=Tone::Error text="That job does not exist: it may be another account's." /> }
        })
    };
    view! {
        <div class="page-head">
            <h1>"Jobs"</h1>
        </div>
        {notice}
        <p class="lead">
            "Bulk syncs (started on the Drafts page) and routing refreshes (at sign-in and from \
             Numbers Routing), newest first."
        </p>
        <Transition fallback=|| view! { <p class="loading">"Loading jobs…"</p> }>
            {move || Suspend::new(async move {
                match jobs.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty">"No jobs yet. Select drafts on the Drafts page and press Sync selected."</p>
                    }
                    .into_any(),
                    Ok(list) => view! { <JobsTable list /> }.into_any(),
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn JobsTable(list: Vec<JobView>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data jobs">
                <caption class="visually-hidden">"Jobs, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Job"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Progress"</th>
                        <th scope="col">"Started"</th>
                        <th scope="col">"Ended"</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|job| view! { <JobRow job /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn JobRow(job: JobView) -> impl IntoView {
    let state = job.state.label();
    let ended = job
        .finished_at
        .map_or_else(String::new, |at| format!("{} UTC", utc_minute(at)));
    view! {
        <tr>
            <td class="job-name"><a href=format!("/jobs/{}", job.job_id)>{job.kind.label()}</a></td>
            <td data-label="State">
                <span class=format!("badge job-{}", state.to_lowercase())>{state}</span>
            </td>
            <td data-label="Progress">{words::counts(&job.progress)}</td>
            <td data-label="Started" class="muted">
                {format!("{} UTC by {}", utc_minute(job.created_at), job.created_by)}
            </td>
            <td data-label="Ended" class="muted">{ended}</td>
        </tr>
    }
}
