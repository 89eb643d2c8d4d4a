//! A job's page (`/jobs/<id>?page=&notice=`): what the job is, who
//! started it and when, where it stands, its progress, its actions and its
//! items (200 a page, failed first). Another account's job, or an id that
//! names none, is the not-found page.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{actions::Actions, items::Items, live, progress::ProgressPart};
use crate::{
    components::{
        not_found::NotFound,
        notice::{Notice, Tone},
        time::utc_minute,
    },
    error::AppError,
    jobs::{
        model::{JobDetail, JobState},
        server_fns::get_job,
    },
    url::urlencode,
};

/// What a notice code (`?notice=`, set by the job's form posts) says.
fn notice_text(code: &str) -> Option<(Tone, &'static str)> {
    match code {
        "cancelled" => Some((
            Tone::Info,
            "The job was cancelled: drafts not yet synced are left as they were.",
        )),
        "already_ended" => Some((
            Tone::Error,
            "This job had already ended: nothing was cancelled.",
        )),
        "retrying" => Some((Tone::Info, "The failed items run again.")),
        "none_failed" => Some((Tone::Error, "No item of this job failed: nothing to retry.")),
        "failed" => Some((
            Tone::Error,
            "That could not be done: nothing changed. Try again.",
        )),
        _ => None,
    }
}

#[component]
pub fn JobPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    };
    let detail = Resource::new(
        move || (params.read().get("id").unwrap_or_default(), page()),
        |(id, page)| get_job(id, page),
    );
    let notice = move || query.read().get("notice");
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading the job…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(first) => view! { <Job first page=page() notice=notice() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! {
                        <h1>"Job"</h1>
                        <Notice tone=Tone::Error text=e.to_string() />
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// The job as first read; what changes is read again live.
#[component]
fn Job(first: JobDetail, page: u32, notice: Option<String>) -> impl IntoView {
    let id = first.job.job_id.clone();
    let kind = first.job.kind;
    let started = format!(
        "{} UTC by {}",
        utc_minute(first.job.created_at),
        first.job.created_by
    );
    let shown = RwSignal::new(first);
    live::follow(shown, id.clone(), page);
    let job = Memo::new(move |_| shown.with(|d| d.job.clone()));
    let items = Memo::new(move |_| shown.with(|d| d.items.clone()));
    let state = move || job.with(|j| j.state.label());
    let ended = move || {
        job.with(|j| j.finished_at)
            .map(|at| format!("{} UTC", utc_minute(at)))
            .unwrap_or_else(|| "Not yet".to_owned())
    };
    let notice = notice
        .as_deref()
        .and_then(notice_text)
        .map(|(tone, text)| view! { <Notice tone text /> });
    view! {
        <div class="page-head">
            <h1>{kind.label()}</h1>
            <div class="actions"><a href="/jobs">"All jobs"</a></div>
        </div>
        {notice}
        <dl class="facts job-facts">
            <dt>"State"</dt>
            <dd><span class=move || format!("badge job-{}", state().to_lowercase())>{state}</span></dd>
            <dt>"Started"</dt>
            <dd>{started}</dd>
            <dt>"Ended"</dt>
            <dd>{ended}</dd>
        </dl>
        <Paused job id=id.clone() />
        <ProgressPart job />
        <Actions job id=id.clone() page />
        <Items items job id page />
    }
}

/// Why a paused job waits, and the way to resume it: sign in again (the
/// sign-in page comes back here).
#[component]
fn Paused(job: Memo<crate::jobs::model::JobView>, id: String) -> impl IntoView {
    let reason = Memo::new(move |_| {
        job.with(|j| {
            (j.state == JobState::Paused).then(|| {
                j.pause_reason
                    .clone()
                    .unwrap_or_else(|| "The job waits for a sign-in.".to_owned())
            })
        })
    });
    let action = format!("/jobs/{}/sign-in", urlencode(&id));
    move || {
        reason.get().map(|text| {
            view! {
                <div class="notice error job-paused" role="alert">
                    <p>{text}</p>
                    <form method="post" action=action.clone()>
                        <button type="submit" class="primary">"Sign in again"</button>
                    </form>
                </div>
            }
        })
    }
}
