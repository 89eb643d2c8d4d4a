//! The Twilio import's pages: the upload form (`/migrate/twilio`,
//! `page/upload.rs`) and an import (`/migrate/twilio/<id>`): the preview
//! (the drafts to make, `page/groups.rs`; the numbers that do not move,
//! `page/not_moved.rs`), Create drafts, and after it what was made.

mod groups;
mod not_moved;
mod upload;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

pub use self::upload::TwilioUploadPage;
use self::{groups::GroupsTable, not_moved::NotMovedTable};
use super::{
    model::{csv_path, ImportView, ALREADY_RUNNING},
    server_fns::get_twilio_import,
};
use crate::components::{
    notice::{Notice, Tone},
    time::utc_minute,
};

/// One import: what moves and what does not, then Create drafts.
#[component]
pub fn TwilioImportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_twilio_import,
    );
    let notice = move || query.read().get("notice");
    view! {
        <div class="page-head">
            <h1>"Twilio import"</h1>
            <div class="actions">
                <a class="button" href="/migrate/twilio">"Import another export"</a>
            </div>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading the import…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(import) => view! { <Import import notice=notice() /> }.into_any(),
                    Err(e) => view! { <Notice tone=Tone::Error text=e.to_string() /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// What a notice code says, given the import it is about.
fn notice_text(code: &str, import: &ImportView) -> Option<(Tone, String)> {
    match code {
        "created" => {
            let made = import.created.as_ref().map_or(0, |c| c.drafts_created);
            let text = match made {
                0 => "Nothing new was made: the numbers are already in drafts or routed by callflows \
                      (linked below)."
                    .to_owned(),
                1 => "1 draft was made. Review it, then sync it to Kazoo.".to_owned(),
                n => format!("{n} drafts were made. Review them, then sync each to Kazoo."),
            };
            Some((Tone::Info, text))
        }
        "running" => Some((Tone::Error, ALREADY_RUNNING.to_owned())),
        "create_failed" => Some((
            Tone::Error,
            "The drafts could not all be made. Those made are kept: Create drafts again finishes \
             the job without making any twice."
                .to_owned(),
        )),
        _ => None,
    }
}

#[component]
fn Import(import: ImportView, notice: Option<String>) -> impl IntoView {
    let notice = notice
        .and_then(|code| notice_text(&code, &import))
        .map(|(tone, text)| view! { <Notice tone text /> });
    let plan = &import.plan;
    let moving = plan.moving();
    let summary = format!(
        "{} number{} read from {} by {} at {} UTC: {} move{} in {} draft{}, {} do{} not.",
        plan.total,
        if plan.total == 1 { "" } else { "s" },
        plan.source,
        import.created_by,
        utc_minute(import.created_at),
        moving,
        if moving == 1 { "s" } else { "" },
        plan.groups.len(),
        if plan.groups.len() == 1 { "" } else { "s" },
        plan.not_moved.len(),
        if plan.not_moved.len() == 1 { "es" } else { "" },
    );
    let created = import.created.as_ref().map(|c| {
        format!(
            "Create drafts was run at {} UTC by {}.",
            utc_minute(c.at),
            c.by
        )
    });
    let repeated = (!plan.repeated.is_empty()).then(|| {
        format!(
            "{} number{} listed more than once (pages pasted twice?): the first entry of each is used.",
            plan.repeated.len(),
            if plan.repeated.len() == 1 { " is" } else { "s are" }
        )
    });
    let path = import.path();
    let has_groups = !plan.groups.is_empty();
    let create = has_groups.then(|| {
        view! {
            <form method="post" action=format!("{path}/drafts") class="form-actions">
                <button type="submit" class="primary">"Create drafts"</button>
                <p class="field-hint">
                    "One pivot draft per group above. A number already in a draft is not put in another: "
                    "running this again, or importing the same export again, makes nothing new."
                </p>
            </form>
        }
    });
    view! {
        {notice}
        <p class="lead">{summary}</p>
        {created.map(|text| view! { <p class="muted">{text}</p> })}
        {repeated.map(|text| view! { <p class="muted">{text}</p> })}
        {plan.notes.iter().map(|text| view! { <Notice tone=Tone::Info text=text.clone() /> }).collect_view()}
        <section>
            <h2>"Drafts to make"</h2>
            <GroupsTable groups=plan.groups.clone() created=import.created.is_some() />
            {create}
        </section>
        <section>
            <h2>"Numbers that do not move"</h2>
            <NotMovedTable numbers=plan.not_moved.clone() />
        </section>
        <p>
            <a class="button" href=csv_path(&import.id) download="" rel="external">"Download CSV"</a>
            " "
            <span class="field-hint">"Every number with its class, reason, group and draft."</span>
        </p>
    }
}
