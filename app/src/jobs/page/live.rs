//! A job's page follows the job while it may change: with JavaScript it
//! asks `get_job` again a second after each answer, until the job ended.
//! Effects run in the browser only, so the server renders the job once and
//! a reload without JavaScript shows where it stands then.

use std::time::Duration;

use leptos::prelude::*;

use crate::{
    error::AppError,
    jobs::{model::JobDetail, server_fns::get_job},
};

/// How long the page waits after an answer before asking again.
const EVERY: Duration = Duration::from_secs(1);

/// Keeps `shown` (the job and page `page` of its items) fresh while the
/// job runs or is paused; stops once it ended, or when the job or the
/// session is gone.
pub fn follow(shown: RwSignal<JobDetail>, id: String, page: u32) {
    let answers = RwSignal::new(0_u32);
    Effect::new(move |_| {
        answers.track();
        if !shown.with_untracked(|d| d.job.state.is_active()) {
            return;
        }
        let id = id.clone();
        let ask = move || {
            leptos::task::spawn_local(async move {
                match get_job(id, page).await {
                    Ok(detail) => {
                        let _ = shown.try_set(detail);
                    }
                    Err(AppError::NotFound | AppError::Unauthenticated) => return,
                    Err(_) => {}
                }
                let _ = answers.try_update(|n| *n = n.wrapping_add(1));
            });
        };
        if let Ok(handle) = set_timeout_with_handle(ask, EVERY) {
            on_cleanup(move || handle.clear());
        }
    });
}
