//! The pivot action form (Screen 3): name, numbers, voice URL, method,
//! request format, Advanced, the fallback branch, and beside it the JSON
//! preview of exactly what sync sends. `/pivot/new` starts a draft,
//! `/drafts/<id>` edits one (a draft of another kind is shown by the
//! drafts feature instead). The form posts to `/pivot/save`, so it works
//! without JavaScript; with it, the preview, the field checks and the
//! warnings follow every keystroke (the callflow model runs in WASM).

mod fields;
mod live;
mod preview;
mod summary;

use std::collections::{BTreeMap, BTreeSet};

use kazoo::{
    callflow::Callflow,
    pivot::{Built, Warning},
};
use leptos::{html, prelude::*};
use leptos_router::hooks::{use_params_map, use_query_map};

use self::{
    fields::{Advanced, Fallback, Method, NumbersField, ReqFormatField, TextField},
    preview::Preview,
    summary::ErrorSummary,
};
use super::{
    model::PivotFormData,
    server_fns::{get_pivot_form, number_warnings},
};
use crate::{
    components::{
        notice::{Notice, Tone},
        patterns::PatternList,
    },
    drafts::{
        model::{DraftKind, DraftState},
        page::{DraftStatus, SyncLog},
    },
    editor::page::EditorPage,
};

/// What the form shows under each field: errors (the server's until the
/// admin edits a field, then the live check's for that field) and
/// warnings (the live model's, plus what the server knows of the numbers).
#[derive(Clone, Copy)]
pub struct Errors {
    live: Memo<Built>,
    touched: RwSignal<BTreeSet<String>>,
    server: StoredValue<BTreeMap<String, String>>,
    numbers: Resource<Result<Vec<Warning>, crate::error::AppError>>,
}

impl Errors {
    /// The error for `field`, if any.
    pub fn get(self, field: &str) -> Option<String> {
        if self.touched.with(|t| t.contains(field)) {
            self.live.with(|b| b.errors.get(field).cloned())
        } else {
            self.server.with_value(|e| e.get(field).cloned())
        }
    }

    /// Every warning, as (field, message).
    pub fn all_warnings(self) -> Vec<Warning> {
        let mut all = self.live.with(|b| b.warnings.clone());
        if let Some(Ok(numbers)) = self.numbers.get() {
            all.extend(numbers);
        }
        all
    }

    /// The warnings about `field`.
    pub fn warnings(self, field: &str) -> Vec<String> {
        self.all_warnings()
            .into_iter()
            .filter(|w| w.field == field)
            .map(|w| w.message)
            .collect()
    }
}

#[component]
pub fn PivotFormPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || (params.read().get("id"), query.read().get("number"));
    let data = Resource::new(key, |(id, number)| get_pivot_form(id, number));
    let notice = move || {
        let text = match query.read().get("notice").as_deref() {
            Some("saved") => "Draft saved. Nothing is sent to Kazoo until you sync.",
            Some("unchanged") => {
                "Nothing changed: the draft is as it was, and no version was added."
            }
            Some("synced") => "Synced: Kazoo now routes these numbers to your server.",
            Some("removed") => "Routing removed from Kazoo. The draft is kept.",
            _ => return None,
        };
        Some(view! { <Notice tone=Tone::Info text /> })
    };
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(PivotFormData { draft: Some(draft), .. })
                        if draft.kind == DraftKind::Callflow =>
                    {
                        // A callflow draft opens in the callflow editor.
                        view! { <EditorPage /> }.into_any()
                    }
                    Ok(data) => view! { {notice} <PivotForm data /> }.into_any(),
                    Err(e) => view! {
                        <Notice tone=Tone::Error text=e.to_string() />
                        <p><a href="/drafts">"Back to Drafts"</a></p>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn PivotForm(data: PivotFormData) -> impl IntoView {
    let base: Option<Callflow> = data.draft.as_ref().map(|d| d.document.clone());
    // Patterns are kept as they are: the form edits listed numbers only.
    let patterns = base
        .as_ref()
        .and_then(|b| b.patterns.clone())
        .filter(|p| !p.is_empty())
        .map(|patterns| {
            view! {
                <div class="field patterns">
                    <PatternList
                        intro="This callflow also answers every number matching its patterns (kept as they are):"
                        patterns
                    />
                </div>
            }
        });
    let can_keep_fallback = base
        .as_ref()
        .and_then(|b| b.flow.as_ref())
        .and_then(|f| f.child(kazoo::callflow::FALLBACK_BRANCH))
        .is_some();
    let input = RwSignal::new(data.input.clone());
    let live = Memo::new(move |_| input.with(|i| i.build(base.as_ref())));
    let draft_id = data.draft.as_ref().map(|d| d.id.clone());
    let numbers_now = Memo::new(move |_| live.with(|b| b.doc.numbers().to_vec()));
    let numbers = Resource::new(
        move || numbers_now.get(),
        move |numbers: Vec<String>| {
            let draft_id = draft_id.clone();
            async move {
                // No numbers, nothing to ask the server about.
                if numbers.is_empty() {
                    return Ok(Vec::new());
                }
                number_warnings(numbers, draft_id).await
            }
        },
    );
    let errors = Errors {
        live,
        touched: RwSignal::new(BTreeSet::new()),
        server: StoredValue::new(data.errors.clone()),
        numbers,
    };
    let form = NodeRef::<html::Form>::new();
    let on_edit = live::on_edit(form, input, errors.touched);
    let title = match &data.draft {
        Some(d) => d.name.clone(),
        None => "Create new pivot action".to_owned(),
    };
    let (draft_id, version) = data
        .draft
        .as_ref()
        .map(|d| (d.id.clone(), d.version.to_string()))
        .unwrap_or_default();
    let state = data.draft.as_ref().map(|d| d.state);
    let tree_link = data.draft.as_ref().map(|d| {
        view! { <a href=format!("/drafts/{}/tree", d.id)>"Open in the callflow editor"</a> }
    });
    let in_kazoo = data.draft.as_ref().is_some_and(|d| d.kazoo_id.is_some());
    let v = data.input.clone();
    // The Pivot checker, filled with the form's values as they are now.
    let check_link = move || {
        input.with(|i| {
            crate::checker::model::check_link(
                &i.voice_url,
                &i.method,
                &i.req_format,
                &i.req_body_format,
                &i.req_timeout_ms,
                !i.cdr_url.trim().is_empty(),
            )
        })
    };
    // The fallback server, when the fallback asks one: same formats.
    let fallback_check = move || {
        input.with(|i| {
            (i.fallback == "pivot" && !i.fallback_url.trim().is_empty()).then(|| {
                let href = crate::checker::model::check_link(
                    &i.fallback_url,
                    &i.fallback_method,
                    &i.req_format,
                    &i.req_body_format,
                    &i.req_timeout_ms,
                    !i.cdr_url.trim().is_empty(),
                );
                view! { <p class="check-link"><a href=href>"Check the fallback server"</a></p> }
            })
        })
    };
    view! {
        <div class="page-head">
            <h1>{title}</h1>
            <div class="actions">
                {tree_link}
                <a href="/">"Back to Numbers Routing"</a>
            </div>
        </div>
        {data.flash.map(|f| {
            let tone = if f.error { Tone::Error } else { Tone::Info };
            view! { <Notice tone text=f.text /> }
        })}
        <ErrorSummary errors=data.errors.clone() />
        {data.draft.clone().map(|draft| view! { <DraftStatus draft /> })}
        <div class="editor">
            <form
                class="pivot-form card"
                method="post"
                action="/pivot/save"
                node_ref=form
                on:input=on_edit
                on:change=on_edit
            >
                <input type="hidden" name="draft_id" value=draft_id />
                <input type="hidden" name="version" value=version />
                <TextField name="name" label="Name" value=v.name.clone() errors
                    hint="A label for this routing, such as “Support line”." />
                <NumbersField typed=v.numbers.join(", ") free=data.free_numbers.clone() errors />
                {patterns}
                <TextField name="voice_url" label="Voice URL" value=v.voice_url.clone() errors
                    hint="Your TwiML or Kazoo JSON server, as Kazoo will request it on every call." />
                <p class="check-link">
                    <a href=check_link>"Check this server"</a>
                    " (in the Pivot checker: what Kazoo does with its answer)"
                </p>
                <Method value=v.method.clone() errors />
                <ReqFormatField value=v.req_format.clone() errors />
                <Advanced input=v.clone() errors />
                <Fallback input=v.clone() can_keep=can_keep_fallback errors />
                {fallback_check}
                <div class="form-actions">
                    <button type="submit" name="intent" value="save">"Save draft"</button>
                    <button type="submit" name="intent" value="sync" class="primary">"Sync to Kazoo"</button>
                    {(state == Some(DraftState::Conflict)).then(|| view! {
                        <button type="submit" name="intent" value="overwrite" class="danger">
                            "Sync anyway (overwrite Kazoo’s changes)…"
                        </button>
                    })}
                    <span class="later">
                        {in_kazoo.then(|| view! {
                            <button type="submit" name="intent" value="remove" class="danger">
                                "Remove routing from Kazoo…"
                            </button>
                        })}
                        {state.is_some().then(|| view! {
                            <button type="submit" name="intent" value="discard">"Discard draft…"</button>
                        })}
                    </span>
                </div>
            </form>
            <Preview errors />
        </div>
        {(!data.sync_log.is_empty()).then(|| view! { <SyncLog entries=data.sync_log.clone() /> })}
    }
    .into_any()
}
