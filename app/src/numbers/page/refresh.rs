//! The routing refresh on the pages that show the snapshot (Numbers
//! Routing and Callflows): "Refreshing from Kazoo… n of m" above the
//! table while the refresh job runs, the last snapshot shown meanwhile
//! (and that the Refresh button joins the refresh), or why the last
//! refresh failed. With JavaScript
//! the page asks `refresh_status` every second while a refresh runs and
//! reloads its own data when it ends; without, a reload shows the
//! progress.

use std::time::Duration;

use leptos::prelude::*;

use crate::{
    components::{
        notice::{Notice, Tone},
        time::utc_minute,
    },
    error::AppError,
    numbers::{model::RefreshStatus, server_fns::refresh_status},
};

/// How often a page with JavaScript asks how the refresh goes.
const POLL_EVERY: Duration = Duration::from_secs(1);

/// A page's view of the account's routing refresh (`Copy`: hand it to the
/// banner and to the Refresh button).
#[derive(Clone, Copy)]
pub struct RefreshWatch {
    status: Resource<Result<RefreshStatus, AppError>>,
    /// JavaScript runs: the page updates itself, so "reload" advice goes.
    live: RwSignal<bool>,
    /// A refresh this page saw running has ended (JavaScript only).
    ended: RwSignal<bool>,
}

impl RefreshWatch {
    /// Reads the refresh's status; with JavaScript, asks again every
    /// second while a refresh runs, and calls `on_end` (the page refetches
    /// its data) when one it saw running ends.
    pub fn new(on_end: impl Fn() + Send + Sync + 'static) -> Self {
        let status = Resource::new(|| (), |()| refresh_status());
        let live = RwSignal::new(false);
        let ended = RwSignal::new(false);
        // Effects run in the browser only, after hydration.
        Effect::new(move |_| live.set(true));
        Effect::new(move |was_running: Option<bool>| {
            let running = status.with(|s| matches!(s, Some(Ok(s)) if s.refreshing.is_some()));
            if running {
                set_timeout(move || status.refetch(), POLL_EVERY);
            } else if was_running == Some(true) {
                ended.set(true);
                on_end();
            }
            running
        });
        Self {
            status,
            live,
            ended,
        }
    }

    /// Whether JavaScript runs on the page (it updates itself).
    pub fn live(self) -> bool {
        self.live.get()
    }
}

/// Above the table: the running refresh's progress, why the last one
/// failed, or (with JavaScript, once one this page watched has ended)
/// `done_text`.
#[component]
pub fn RefreshBanner(watch: RefreshWatch, done_text: &'static str) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let ended = watch.ended.get();
                match watch.status.await {
                    Ok(status) => banner(&status, ended, done_text).into_any(),
                    // The page's own list says what went wrong.
                    Err(_) => ().into_any(),
                }
            })}
        </Transition>
    }
}

fn read_at(status: &RefreshStatus) -> String {
    match status.refreshed_at {
        Some(at) => format!("the routing read at {} UTC", utc_minute(at)),
        None => "no routing has been read yet".to_owned(),
    }
}

/// The banner has no `status` role: it comes and goes with refreshes
/// other admins start, beside the page's own notices; it is a polite live
/// region instead.
fn banner(status: &RefreshStatus, ended: bool, done_text: &'static str) -> impl IntoView {
    if let Some(progress) = status.progress_text() {
        let meanwhile = format!(
            "Until it ends, this is {}; Refresh from Kazoo joins it.",
            read_at(status)
        );
        let waiting = status.waiting.clone();
        return view! {
            <div class="notice info refreshing" aria-live="polite">
                <p><strong>{progress}</strong>" "{meanwhile}</p>
                {waiting.map(|w| view! { <p>{w}</p> })}
            </div>
        }
        .into_any();
    }
    if let Some(error) = &status.refresh_error {
        let text = format!(
            "The last refresh failed: {error} This is {}.",
            read_at(status)
        );
        return view! { <Notice tone=Tone::Error text /> }.into_any();
    }
    if ended {
        return view! { <p class="notice info" aria-live="polite">{done_text}</p> }.into_any();
    }
    ().into_any()
}
