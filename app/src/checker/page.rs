//! The checker page (`/checker`): two plain forms, paste an answer or
//! request a voice URL (which also starts **Walk a call**), and the
//! report of the last check under them. A link fills the URL form
//! (`/checker?voice_url=…&method=…&req_format=…&req_timeout_ms=…`, from
//! "Check this server" on the pivot form and the editor's pivot step); a
//! check's report has its own address (`/checker?report=<id>`), so a
//! reload shows it again. The walk's page is `page/walk.rs`.

mod fields;
mod forms;
mod report;
mod walk;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub use self::walk::WalkPage;
use self::{
    forms::{PasteForm, UrlForm},
    report::ReportView,
};
use super::{
    model::{CheckForm, CheckerPage as Data},
    server_fns::get_checker,
};
use crate::{
    components::notice::{Notice, Tone},
    error::AppError,
};

/// The query keys a link may fill the URL form with.
const PREFILL_KEYS: [&str; 6] = [
    "voice_url",
    "method",
    "req_format",
    "req_body_format",
    "req_timeout_ms",
    "cdr_url",
];

fn notice_text(code: &str) -> Option<&'static str> {
    match code {
        "walk_not_found" => Some("That walk is not there (an account keeps its 50 latest walks, each a week after its last move): start another."),
        _ => None,
    }
}

#[component]
pub fn CheckerPage() -> impl IntoView {
    let query = use_query_map();
    let report_id = Memo::new(move |_| query.read().get("report"));
    let data = Resource::new(move || report_id.get(), get_checker);
    let prefill = move || {
        let q = query.read_untracked();
        let values: BTreeMap<String, String> = PREFILL_KEYS
            .iter()
            .filter_map(|k| q.get(k).map(|v| ((*k).to_owned(), v)))
            .collect();
        CheckForm::prefilled(&values)
    };
    let notice = move || {
        query
            .read()
            .get("notice")
            .and_then(|c| notice_text(&c))
            .map(|text| view! { <Notice tone=Tone::Error text /> })
    };
    view! {
        <div class="page-head">
            <h1>"Pivot checker"</h1>
        </div>
        <p class="lead">
            "See what Kazoo Pivot does with your server’s answer before a single call: paste an answer, "
            "or let the console request your voice URL the way Kazoo does. Nothing is saved to Kazoo."
        </p>
        {notice}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(page)) => view! { <Body page /> }.into_any(),
                    Ok(None) => {
                        let page = Data { form: prefill(), ..Data::default() };
                        view! { <Body page /> }.into_any()
                    }
                    Err(AppError::NotFound) => {
                        let page = Data { form: prefill(), ..Data::default() };
                        view! {
                            <Notice tone=Tone::Error text="That report is not there (reports are kept a day): check again." />
                            <Body page />
                        }
                        .into_any()
                    }
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// The two forms and the report.
#[component]
fn Body(page: Data) -> impl IntoView {
    let problem = page.errors.get("form").cloned().map(|text| {
        view! { <Notice tone=Tone::Error text /> }
    });
    let refused = (!page.errors.is_empty() && problem.is_none()).then(|| {
        view! { <Notice tone=Tone::Error text="Nothing was checked: please fix the fields marked below." /> }
    });
    let report = page
        .report
        .clone()
        .map(|report| view! { <ReportView report /> });
    view! {
        {problem}
        {refused}
        <div class="checker-forms">
            <PasteForm form=page.form.clone() errors=page.errors.clone() />
            <UrlForm form=page.form errors=page.errors />
        </div>
        {report}
    }
    .into_any()
}
