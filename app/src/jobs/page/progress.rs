//! A job's progress: a bar of the items finished, done / failed / left of
//! the total, the pace (items a minute) and the time left; for a routing
//! refresh, the callflows read so far.

use leptos::prelude::*;

use super::words;
use crate::jobs::model::{JobKind, JobView};

#[component]
pub fn ProgressPart(job: Memo<JobView>) -> impl IntoView {
    let progress = Memo::new(move |_| job.with(|j| j.progress.clone()));
    let finished = move || progress.with(words::finished);
    let total = move || progress.with(|p| p.total);
    let label = move || format!("{} of {} items finished", finished(), total());
    let pace = move || {
        progress.with(|p| {
            let mut text = format!("Rate: {}", words::rate(p.per_minute));
            if let Some(left) = words::time_left(p.seconds_left) {
                text.push_str(&format!(" · Time left: {left}"));
            }
            text
        })
    };
    let read = move || {
        job.with(|j| {
            (j.kind == JobKind::Refresh && j.state.is_active()).then(|| {
                let (done, listed) = j.read;
                format!("Callflows read from Kazoo: {done} of {listed}")
            })
        })
    };
    view! {
        <section class="job-progress" aria-labelledby="progress-title">
            <h2 id="progress-title">"Progress"</h2>
            <label for="job-bar">{label}</label>
            <progress
                id="job-bar"
                max=move || f64::from(total().max(1))
                value=move || f64::from(finished())
            >
                {label}
            </progress>
            <p class="counts">{move || progress.with(words::counts)}</p>
            <p class="pace">{pace}</p>
            {move || read().map(|text| view! { <p class="pace">{text}</p> })}
        </section>
    }
}
