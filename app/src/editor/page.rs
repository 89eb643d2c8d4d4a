//! The editor page (Screen 4): the tree, the panel of what is selected,
//! the live JSON preview of what sync sends with the problems Kazoo would
//! refuse, and Save draft / Sync / Discard. `/callflows/new` without a
//! start shape offers the shapes first.

mod inputs;
mod panel;
mod preview;
mod state;
mod tree;

use kazoo::{callflow::NodePath, catalogue};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use self::{
    panel::Panel,
    preview::Preview,
    state::EditorCtx,
    tree::{Problems, Tree},
};
use super::{
    model::{EditorData, Greeting, Working},
    ops::node_data,
    server_fns::{get_editor, save_editor},
    start::SHAPES,
};
use crate::{
    components::notice::{Notice, Tone},
    drafts::{
        model::{DraftKind, DraftState},
        page::{DraftStatus, SyncLog},
    },
};

/// `/callflows/new`, `/drafts/<id>` (a callflow draft) and
/// `/drafts/<id>/tree` (any draft).
#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || (params.read().get("id"), query.read().get("start"));
    let data = Resource::new(key, |(id, start)| get_editor(id, start));
    let notice = move || {
        let text = match query.read().get("notice").as_deref() {
            Some("saved") => "Saved. Nothing is sent to Kazoo until you sync.",
            Some("unchanged") => {
                "Nothing changed: the draft is as it was, and no version was added."
            }
            Some("synced") => "Synced: Kazoo now has this callflow and its menus.",
            Some("sync_error") => "The draft is saved, but the sync did not go through: see below.",
            Some("duplicated") => {
                "A copy, without numbers: give it its own numbers, then sync to create it."
            }
            Some("imported") => "Imported as a draft. Nothing is sent to Kazoo until you sync.",
            _ => return None,
        };
        Some(view! { <Notice tone=Tone::Info text /> })
    };
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) if data.draft.is_none() && data.start.is_none() => view! { <StartChooser /> }.into_any(),
                    Ok(data) => view! { {notice} <Editor data /> }.into_any(),
                    Err(e) => view! {
                        <Notice tone=Tone::Error text=e.to_string() />
                        <p><a href="/drafts">"Back to Drafts"</a></p>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// "New callflow": a blank flow or a start shape.
#[component]
fn StartChooser() -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>"New callflow"</h1>
            <a href="/callflows">"Back to Callflows"</a>
        </div>
        <p>"Start from a blank flow or from a shape you then change as you like:"</p>
        <ul class="start-shapes">
            {SHAPES.iter().map(|(key, name, what)| view! {
                <li class="card">
                    <a href=format!("/callflows/new?start={key}")>{*name}</a>
                    <p class="field-hint">{*what}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Editor(data: EditorData) -> impl IntoView {
    let ctx = EditorCtx::new(
        data.working.clone(),
        data.draft.as_ref().map(|d| d.id.clone()),
        data.draft.as_ref().map(|d| d.version),
        data.start.clone().filter(|_| data.draft.is_none()),
        data.pickers.clone(),
        data.numbers.clone(),
        data.errors.clone(),
        data.typed.clone(),
    );
    let problems = Memo::new(move |_| ctx.working.with(problems_of));
    let title = match &data.draft {
        Some(d) => d.name.clone(),
        None => "New callflow".to_owned(),
    };
    let pivot_form = data
        .draft
        .as_ref()
        .filter(|d| d.kind == DraftKind::Pivot)
        .map(|d| {
            view! { <a href=format!("/drafts/{}", d.id)>"Open in the pivot form"</a> }
        });
    let flash = data.flash.clone().map(|f| {
        let tone = if f.error { Tone::Error } else { Tone::Info };
        view! { <Notice tone text=f.text /> }
    });
    let unavailable = data
        .pickers
        .unavailable
        .clone()
        .map(|t| view! { <Notice tone=Tone::Info text=t /> });
    let message = move || {
        ctx.message
            .get()
            .map(|text| view! { <Notice tone=Tone::Error text /> })
    };
    let status = data
        .draft
        .clone()
        .map(|draft| view! { <DraftStatus draft /> });
    let log =
        (!data.sync_log.is_empty()).then(|| view! { <SyncLog entries=data.sync_log.clone() /> });
    view! {
        <div class="page-head">
            <h1>{title}</h1>
            <div class="actions">
                {pivot_form}
                <a href="/callflows">"Back to Callflows"</a>
            </div>
        </div>
        {flash}
        {unavailable}
        {message}
        {status}
        <Actions ctx data=data.clone() problems />
        <div class="callflow-editor">
            <section class="tree-pane card" aria-labelledby="tree-title">
                <h2 id="tree-title">"Flow"</h2>
                <UndoRedo ctx />
                <Tree ctx problems />
            </section>
            <Panel ctx problems />
            <Preview ctx problems />
        </div>
        {log}
    }
}

/// Undo and Redo (with JavaScript: edits happen in the page).
#[component]
fn UndoRedo(ctx: EditorCtx) -> impl IntoView {
    move || {
        ctx.live.get().then(|| {
            let can_undo = !ctx.past.with(Vec::is_empty);
            let can_redo = !ctx.future.with(Vec::is_empty);
            let dirty = ctx.dirty();
            view! {
                <div class="tree-tools">
                    <button type="button" disabled=!can_undo on:click=move |_| ctx.undo()>"Undo"</button>
                    <button type="button" disabled=!can_redo on:click=move |_| ctx.redo()>"Redo"</button>
                    {dirty.then(|| view! { <span class="badge draft-changed">"Unsaved changes"</span> })}
                </div>
            }
        })
    }
}

/// Save draft, Sync, and the destructive actions (asked first). Without
/// JavaScript each edit is saved as it is made, so these post the draft's
/// intent; with it, Save draft and Sync send the page's work first.
#[component]
fn Actions(ctx: EditorCtx, data: EditorData, problems: Memo<Problems>) -> impl IntoView {
    let draft = data.draft.clone();
    let state = draft.as_ref().map(|d| d.state);
    let in_kazoo = draft.as_ref().is_some_and(|d| d.kazoo_id.is_some());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let send = move |intent: &'static str| {
        let working = ctx.working.get_untracked();
        let draft_id = ctx.draft_id.get_value();
        let version = ctx.version.get_value();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let body = serde_json::to_string(&working).unwrap_or_default();
            match save_editor(draft_id, version, body, intent.to_owned()).await {
                Ok(url) => {
                    #[cfg(feature = "hydrate")]
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().assign(&url);
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = url;
                }
                Err(e) => {
                    pending.set(false);
                    error.set(Some(e.to_string()));
                }
            }
        });
    };
    let click = move |intent: &'static str| {
        move |ev: leptos::ev::MouseEvent| {
            if ctx.live.get_untracked() {
                ev.prevent_default();
                send(intent);
            }
        }
    };
    let blocked = move || problems.with(|p| !p.is_empty());
    let draft_id = draft.as_ref().map(|d| d.id.clone()).unwrap_or_default();
    let version = draft
        .as_ref()
        .map(|d| d.version.to_string())
        .unwrap_or_default();
    let has_draft = draft.is_some();
    view! {
        <form class="editor-actions card" method="post" action="/callflows/edit" aria-label="Draft">
            <input type="hidden" name="draft_id" value=draft_id />
            <input type="hidden" name="version" value=version />
            {move || (has_draft || ctx.live.get()).then(|| view! {
                <button type="submit" name="intent" value="save" disabled=pending on:click=click("save")>"Save draft"</button>
                <button type="submit" name="intent" value="sync" class="primary" disabled=pending on:click=click("sync")>
                    "Sync to Kazoo"
                </button>
            })}
            {(state == Some(DraftState::Conflict)).then(|| view! {
                <button type="submit" name="intent" value="overwrite" class="danger">"Sync anyway (overwrite Kazoo’s changes)…"</button>
            })}
            <span class="later">
                {in_kazoo.then(|| view! {
                    <button type="submit" name="intent" value="remove" class="danger">"Remove routing from Kazoo…"</button>
                })}
                {has_draft.then(|| view! {
                    <button type="submit" name="intent" value="discard">"Discard draft…"</button>
                })}
            </span>
            {move || blocked().then(|| view! {
                <p class="field-hint">"Some steps have problems Kazoo would refuse (marked in the tree): sync sends them anyway and Kazoo says no."</p>
            })}
            {move || error.get().map(|text| view! { <Notice tone=Tone::Error text /> })}
            {move || (!has_draft && !ctx.live.get()).then(|| view! {
                <p class="field-hint">"Without JavaScript, each change is saved as you make it (the first one makes the draft)."</p>
            })}
        </form>
    }
}

/// What Kazoo would refuse in each step (the catalogue's checks of its
/// data), and a menu step's menu without a name or greeting text.
fn problems_of(working: &Working) -> Problems {
    let mut out = Problems::new();
    for (path, node) in working.doc.node_paths() {
        let data = serde_json::Value::Object(node_data(node));
        let mut list: Vec<String> = catalogue::validate(node.module.name(), &data)
            .into_iter()
            .map(|e| e.message)
            .collect();
        if let Some(key) = super::model::menu_key(node) {
            if let Some(menu) = working.menu(&key) {
                if menu.name().trim().is_empty() {
                    list.push("The menu needs a name.".into());
                }
                if matches!(&menu.greeting, Greeting::Speak { text, .. } if text.trim().is_empty())
                {
                    list.push("The menu’s greeting has no text.".into());
                }
            }
        }
        if !list.is_empty() {
            out.insert(path, list);
        }
    }
    out
}

/// Used by the tree and the panel: the node paths, for tests.
#[allow(dead_code)]
fn paths(working: &Working) -> Vec<NodePath> {
    working
        .doc
        .node_paths()
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}
