//! The side panel: the form of what is selected. The root: the callflow's
//! name and numbers (and the first step of an empty flow). A step: its
//! module's form (and, for a menu, the menu document's), its problems,
//! and the tree edits on it: add a step under it, change its branch key,
//! move or copy it, delete it (asked first).

use std::collections::BTreeMap;

use kazoo::{
    callflow::{branches, Node, NodePath},
    catalogue,
};
use leptos::prelude::*;

use super::{
    inputs::{field, select, textarea},
    state::{on_submit, EditorCtx, Selection},
    tree::Problems,
};
use crate::{
    components::number_picker::NumberPicker,
    editor::{menu_form, model::Working, node_form, ops::node_data},
};

#[component]
pub fn Panel(ctx: EditorCtx, problems: Memo<Problems>) -> impl IntoView {
    move || {
        let selection = ctx.selection.get();
        let confirm = ctx.confirm_delete.get();
        let problems = problems.get();
        let errors = ctx.errors.get();
        let typed = ctx.typed.get();
        let working = ctx.working.get();
        match selection {
            Selection::Root => root_panel(ctx, &working, &errors, &typed).into_any(),
            Selection::Node(path) => match working.doc.node(&path) {
                Some(node) => {
                    let node = node.clone();
                    let problems = problems.get(&path).cloned().unwrap_or_default();
                    node_panel(
                        ctx, &working, &node, &path, confirm, problems, &errors, &typed,
                    )
                    .into_any()
                }
                None => view! {
                    <section class="panel card" aria-labelledby="panel-title">
                        <h2 id="panel-title">"Step not found"</h2>
                        <p>"That step is not in this callflow (any more)." " "
                            <a href=ctx.link(None)>"Back to the callflow"</a></p>
                    </section>
                }
                .into_any(),
            },
        }
    }
}

/// The hidden fields every edit form sends: the draft and its version, or
/// the start shape of a new callflow.
fn hidden(ctx: EditorCtx, op: &'static str) -> impl IntoView {
    // An empty op: the form's buttons name it.
    let op = (!op.is_empty()).then(|| view! { <input type="hidden" name="op" value=op /> });
    let draft = ctx.draft_id.get_value().unwrap_or_default();
    let version = ctx
        .version
        .get_value()
        .map(|v| v.to_string())
        .unwrap_or_default();
    let start = ctx.start.get_value().unwrap_or_default();
    view! {
        <input type="hidden" name="draft_id" value=draft />
        <input type="hidden" name="version" value=version />
        <input type="hidden" name="start" value=start />
        {op}
    }
}

fn error_of(errors: &BTreeMap<String, String>, key: &str) -> Option<String> {
    errors.get(key).cloned()
}

fn root_panel(
    ctx: EditorCtx,
    working: &Working,
    errors: &BTreeMap<String, String>,
    typed: &BTreeMap<String, String>,
) -> impl IntoView {
    let doc = &working.doc;
    let name = typed
        .get("name")
        .cloned()
        .unwrap_or_else(|| doc.name.clone().unwrap_or_default());
    let numbers = match typed.get("numbers") {
        Some(t) => vec![t.clone()],
        None => doc.numbers().to_vec(),
    };
    let name_error = error_of(errors, "name");
    let numbers_error = error_of(errors, "numbers");
    let invalid = numbers_error.is_some();
    let first = doc.flow.is_none().then(|| add_form(ctx, None, "", &[]));
    view! {
        <section class="panel card" aria-labelledby="panel-title">
            <h2 id="panel-title">"Name and numbers"</h2>
            <form method="post" action="/callflows/edit" on:submit=on_submit(ctx)>
                {hidden(ctx, "root")}
                <div class="field">
                    <label for="f-name">"Name"</label>
                    <input type="text" id="f-name" name="name" value=name
                        aria-invalid=name_error.is_some().then_some("true") aria-describedby="f-name-error" />
                    {name_error.map(|e| view! { <p class="field-error" id="f-name-error" role="alert">{e}</p> })}
                </div>
                <NumberPicker name="numbers" selected=numbers options=ctx.numbers.get_value() invalid>
                    {numbers_error.clone().map(|e| view! { <p class="field-error" id="numbers-error" role="alert">{e}</p> })}
                </NumberPicker>
                <div class="form-actions">
                    <button type="submit">"Apply name and numbers"</button>
                </div>
            </form>
            {first}
        </section>
    }
}

/// "Add a step": what it does and the branch it goes on.
fn add_form(
    ctx: EditorCtx,
    path: Option<&NodePath>,
    parent_module: &str,
    free: &[&'static str],
) -> AnyView {
    let (title, key_field) = match path {
        None => ("Add the first step", None),
        Some(_) => {
            let options = free
                .iter()
                .map(|k| ((*k).to_owned(), branches::label(parent_module, k)))
                .collect();
            let key = select("f-add-key", "key", "", options, None, "");
            (
                "Add a step under this one",
                Some(
                    view! { <div class="field"><label for="f-add-key">"On the branch"</label>{key}</div> },
                ),
            )
        }
    };
    if path.is_some() && free.is_empty() {
        return view! {
            <section class="panel-part" aria-label="Add a step">
                <h3>"Add a step under this one"</h3>
                <p class="field-hint">"Every branch this step offers already leads somewhere."</p>
            </section>
        }
        .into_any();
    }
    let modules = module_options();
    let path_field =
        path.map(|p| view! { <input type="hidden" name="path" value=p.to_string() /> });
    view! {
        <form method="post" action="/callflows/edit" class="panel-part" on:submit=on_submit(ctx) aria-label=title>
            <h3>{title}</h3>
            {hidden(ctx, "add")}
            {path_field}
            <div class="field">
                <label for="f-add-module">"What it does"</label>
                {select("f-add-module", "module", "", modules, None, "")}
            </div>
            {key_field}
            <div class="form-actions"><button type="submit">"Add step"</button></div>
        </form>
    }
    .into_any()
}

/// The modules a new step can run: the common ones first, then every
/// other module with a schema.
fn module_options() -> Vec<(String, String)> {
    const COMMON: [&str; 13] = [
        "tts",
        "menu",
        "play",
        "transfer",
        "resources",
        "pivot",
        "notification",
        "voicemail",
        "user",
        "device",
        "ring_group",
        "callflow",
        "hangup",
    ];
    let mut out = vec![(String::new(), "Choose…".to_owned())];
    for name in COMMON {
        if let Some(spec) = catalogue::module(name) {
            out.push((name.to_owned(), format!("{} ({name})", spec.label)));
        }
    }
    for spec in catalogue::modules() {
        if !COMMON.contains(&spec.name) {
            out.push((
                spec.name.to_owned(),
                format!("{} ({})", spec.label, spec.name),
            ));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn node_panel(
    ctx: EditorCtx,
    working: &Working,
    node: &Node,
    path: &NodePath,
    confirm: bool,
    problems: Vec<String>,
    errors: &BTreeMap<String, String>,
    typed: &BTreeMap<String, String>,
) -> impl IntoView {
    let module = node.module.name().to_owned();
    let spec = catalogue::module(&module);
    let title = spec.map_or_else(
        || format!("Step: {module} (kept as JSON)"),
        |s| format!("Step: {}", s.label),
    );
    let data = node_data(node);
    let values = node_form::values(&module, &data);
    let pickers = ctx.pickers.get_value();
    let shown = |key: &str, value: &String| {
        typed
            .get(&format!("data.{key}"))
            .cloned()
            .unwrap_or_else(|| value.clone())
    };
    let fields = match spec {
        Some(spec) => spec
            .fields
            .iter()
            .filter(|f| !(module == "menu" && f.key == "id"))
            .map(|f| {
                let name = format!("data.{}", f.key);
                let value = shown(f.key, values.get(f.key).unwrap_or(&String::new()));
                let error = errors.get(&name).cloned();
                field(f, name, value, error, &pickers)
            })
            .collect_view()
            .into_any(),
        None => {
            let name = format!("data.{}", node_form::RAW_FIELD);
            let value = shown(
                node_form::RAW_FIELD,
                values.get(node_form::RAW_FIELD).unwrap_or(&String::new()),
            );
            let error = errors.get(&name).cloned();
            view! {
                <div class="field">
                    <label for="f-raw">"Data (JSON)"</label>
                    <p class="field-hint">"The editor has no form for this module: its data is kept exactly as it is unless you change it here."</p>
                    {textarea("f-raw", &name, &value, error.is_some().then_some("true"), "f-raw-error", 8)}
                    {error.map(|e| view! { <p class="field-error" id="f-raw-error" role="alert">{e}</p> })}
                </div>
            }
            .into_any()
        }
    };
    let menu = (module == "menu").then(|| menu_fields(working, &data, errors, typed));
    let check = (module == "pivot").then(|| {
        let text = |key: &str| match data.get(key) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        // Absent keys as Kazoo runs the node: GET, TwiML (`pivot_call`'s
        // default, PIVOT_TWIML.md §1), form.
        let or = |key: &str, default: &str| {
            let value = text(key);
            if value.is_empty() {
                default.to_owned()
            } else {
                value
            }
        };
        let href = crate::checker::model::check_link(
            &text("voice_url"),
            &or("method", kazoo::rules::PIVOT_DEFAULT_METHOD),
            &or("req_format", "twiml"),
            &or("req_body_format", kazoo::rules::PIVOT_DEFAULT_BODY_FORMAT),
            &text("req_timeout_ms"),
            !text("cdr_url").trim().is_empty(),
        );
        view! { <p class="check-link"><a href=href>"Check this server"</a></p> }
    });
    let problems_view = (!problems.is_empty()).then(|| {
        view! {
            <div class="step-problems" role="status">
                <h3>"What Kazoo would refuse"</h3>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let parent = path.parent();
    let parent_module = parent
        .as_ref()
        .and_then(|p| working.doc.node(p))
        .map(|n| n.module.name().to_owned());
    let free = branches::free(node);
    let add = add_form(ctx, Some(path), &module, &free);
    let key_form = parent_module
        .as_ref()
        .map(|pm| key_form(ctx, path, pm, working));
    let move_form = (!path.is_root()).then(|| move_form(ctx, path, working));
    let delete = delete_part(ctx, path, node, confirm);
    view! {
        <section class="panel card" aria-labelledby="panel-title">
            <h2 id="panel-title">{title}</h2>
            <p class="field-hint">{node.summary()}</p>
            {check}
            {problems_view}
            <form method="post" action="/callflows/edit" on:submit=on_submit(ctx) aria-label="Step settings">
                {hidden(ctx, "step")}
                <input type="hidden" name="path" value=path.to_string() />
                {menu}
                {fields}
                <div class="form-actions"><button type="submit">"Apply changes"</button></div>
            </form>
            {add}
            {key_form}
            {move_form}
            {delete}
        </section>
    }
}

/// The menu document's fields of a menu step.
fn menu_fields(
    working: &Working,
    data: &serde_json::Map<String, serde_json::Value>,
    errors: &BTreeMap<String, String>,
    typed: &BTreeMap<String, String>,
) -> AnyView {
    let key = data.get("id").and_then(|v| v.as_str()).unwrap_or_default();
    let Some(menu) = working.menu(key) else {
        return view! {
            <p class="notice info">
                {format!("This step plays the Kazoo menu {key}, which could not be read: it is kept as it is.")}
            </p>
        }
        .into_any();
    };
    let values = menu_form::values(menu);
    let v = |k: &str| {
        typed
            .get(&format!("menu.{k}"))
            .cloned()
            .unwrap_or_else(|| values.get(k).cloned().unwrap_or_default())
    };
    let err = |k: &str| errors.get(&format!("menu.{k}")).cloned();
    let text_field = |k: &'static str, label: &'static str, hint: &'static str| {
        let id = format!("f-menu-{k}");
        let e = err(k);
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {(!hint.is_empty()).then(|| view! { <p class="field-hint">{hint}</p> })}
                <input type="text" id=id.clone() name=format!("menu.{k}") value=v(k)
                    aria-invalid=e.is_some().then_some("true") aria-describedby=format!("{id}-error") />
                {e.map(|e| view! { <p class="field-error" id=format!("{id}-error") role="alert">{e}</p> })}
            </div>
        }
    };
    let kind = v("greeting_kind");
    let greeting_error = err("greeting").or_else(|| err("greeting_media"));
    let hunt = v("hunt") == "true";
    view! {
        <fieldset class="menu-doc">
            <legend>"Menu"</legend>
            {text_field("name", "Menu name", "")}
            <div class="field">
                <label for="f-menu-greeting_kind">"Greeting"</label>
                {select("f-menu-greeting_kind", "menu.greeting_kind", &kind, vec![
                    ("speak".into(), "Text to speak".into()),
                    ("media".into(), "An existing media".into()),
                    ("none".into(), "No greeting".into()),
                ], None, "")}
            </div>
            <div class="field">
                <label for="f-menu-greeting">"Text to speak"</label>
                {textarea("f-menu-greeting", "menu.greeting", &v("greeting"), greeting_error.is_some().then_some("true"), "f-menu-greeting-error", 3)}
            </div>
            {text_field("greeting_media", "Media id (for an existing media)", "")}
            {greeting_error.map(|e| view! { <p class="field-error" id="f-menu-greeting-error" role="alert">{e}</p> })}
            {text_field("retries", "Retries", "How many times the greeting is played before giving up (1 to 10).")}
            {text_field("timeout", "Timeout (ms)", "How long to wait for a key, in milliseconds (1 to 60000).")}
            <input type="hidden" name="menu.hunt_shown" value="1" />
            <div class="field checkbox">
                <input type="checkbox" id="f-menu-hunt" name="menu.hunt" value="true" checked=hunt />
                <label for="f-menu-hunt">"Callers may dial an extension"</label>
            </div>
        </fieldset>
    }
    .into_any()
}

fn key_form(
    ctx: EditorCtx,
    path: &NodePath,
    parent_module: &str,
    working: &Working,
) -> impl IntoView {
    let current = path.key().unwrap_or_default().to_owned();
    let parent = path.parent().and_then(|p| working.doc.node(&p).cloned());
    let mut options: Vec<(String, String)> =
        vec![(current.clone(), branches::label(parent_module, &current))];
    if let Some(parent) = &parent {
        options.extend(
            branches::free(parent)
                .into_iter()
                .map(|k| (k.to_owned(), branches::label(parent_module, k))),
        );
    }
    view! {
        <form method="post" action="/callflows/edit" class="panel-part" on:submit=on_submit(ctx) aria-label="Change the branch">
            <h3>"Change the branch"</h3>
            {hidden(ctx, "key")}
            <input type="hidden" name="path" value=path.to_string() />
            <div class="field">
                <label for="f-key">"This step runs on"</label>
                {select("f-key", "key", &current, options, None, "")}
            </div>
            <div class="form-actions"><button type="submit">"Change branch"</button></div>
        </form>
    }
}

fn move_form(ctx: EditorCtx, path: &NodePath, working: &Working) -> impl IntoView {
    let targets: Vec<(String, String)> = working
        .doc
        .node_paths()
        .into_iter()
        .filter(|(p, _)| !p.starts_with(path))
        .map(|(p, n)| {
            (
                p.to_string(),
                format!("{}{}", "· ".repeat(p.depth()), n.summary()),
            )
        })
        .collect();
    let path_text = path.to_string();
    view! {
        <form method="post" action="/callflows/edit" class="panel-part" on:submit=on_submit(ctx) aria-label="Move or copy">
            <h3>"Move or copy this step"</h3>
            {hidden(ctx, "")}
            <input type="hidden" name="path" value=path_text />
            <div class="field">
                <label for="f-to">"Under"</label>
                {select("f-to", "to", "", targets, None, "")}
            </div>
            <div class="field">
                <label for="f-to-key">"On the branch (key)"</label>
                <p class="field-hint">"A digit 0–9, *, #, timeout (no key pressed) under a menu; _ (otherwise) under others."</p>
                <input type="text" id="f-to-key" name="key" value="_" />
            </div>
            <div class="form-actions">
                <button type="submit" name="op" value="move">"Move step"</button>
                <button type="submit" name="op" value="copy">"Copy step"</button>
            </div>
        </form>
    }
}

fn delete_part(ctx: EditorCtx, path: &NodePath, node: &Node, confirm: bool) -> AnyView {
    let below = count(node) - 1;
    let what = match below {
        0 => format!("“{}”", node.summary()),
        1 => format!("“{}” and the step under it", node.summary()),
        n => format!("“{}” and the {n} steps under it", node.summary()),
    };
    if !confirm {
        let link = format!("{}&confirm=delete", ctx.link(Some(path)));
        return view! {
            <p class="panel-part"><a class="button danger" href=link>"Delete this step…"</a></p>
        }
        .into_any();
    }
    view! {
        <form method="post" action="/callflows/edit" class="panel-part confirm" on:submit=on_submit(ctx) aria-label="Delete this step">
            <h3>"Delete this step?"</h3>
            <p role="alert">{format!("Delete {what}? Undo (or discarding the draft) brings it back until you sync.")}</p>
            {hidden(ctx, "delete")}
            <input type="hidden" name="path" value=path.to_string() />
            <div class="form-actions">
                <button type="submit" class="danger">"Delete"</button>
                <a class="button" href=ctx.link(Some(path))>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}

fn count(node: &Node) -> usize {
    1 + node
        .children_for_display()
        .into_iter()
        .map(|(_, c)| count(c))
        .sum::<usize>()
}
