//! The flow as a tree (an ARIA tree): the root is the callflow's name and
//! numbers; each step shows its module in plain words and a one-line
//! summary, under the branch that leads to it in the admin's words
//! ("Press 1", "No key pressed", "If the server fails"). Each step is a
//! link that selects it, so the tree works without JavaScript; with it,
//! the arrow keys move between steps, Enter opens one and Delete asks to
//! remove it.

use std::collections::BTreeMap;

use kazoo::callflow::{branches, Node, NodePath};
use leptos::prelude::*;

use super::state::{EditorCtx, Selection};
use crate::{components::phone::display_number, editor::model::Working};

/// The problems of each step (by path), as `problems::of` finds them.
pub type Problems = BTreeMap<NodePath, Vec<String>>;

#[component]
pub fn Tree(ctx: EditorCtx, problems: Memo<Problems>) -> impl IntoView {
    let on_keydown = move |event: leptos::ev::KeyboardEvent| keys(ctx, event);
    // The tree is drawn again after each edit or selection: keep the focus
    // on the selected step when it was in the tree (or lost with it).
    Effect::new(move |first_done: Option<bool>| {
        ctx.selection.track();
        ctx.working.track();
        // Not on the page's first drawing: the page keeps its own focus.
        #[cfg(feature = "hydrate")]
        if first_done.is_some() {
            let document = leptos::prelude::document();
            let in_tree = document.active_element().is_none_or(|el| {
                el.tag_name() == "BODY" || el.closest("[role=tree]").ok().flatten().is_some()
            });
            if in_tree {
                if let Some(link) = document
                    .query_selector("[role=tree] a.step.selected")
                    .ok()
                    .flatten()
                    .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
                {
                    let _ = link.focus();
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = first_done;
        true
    });
    view! {
        <ul class="tree" role="tree" aria-label="Callflow steps" on:keydown=on_keydown>
            {move || {
                let selection = ctx.selection.get();
                let problems = problems.get();
                ctx.working.with(|w| root_item(ctx, w, &selection, &problems))
            }}
        </ul>
    }
}

fn root_item(
    ctx: EditorCtx,
    working: &Working,
    selection: &Selection,
    problems: &Problems,
) -> AnyView {
    let doc = &working.doc;
    let name = doc
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Untitled callflow".into());
    let numbers = match doc.numbers() {
        [] => "no numbers".to_owned(),
        list => list
            .iter()
            .map(|n| display_number(n))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let selected = *selection == Selection::Root;
    let expanded = doc.flow.is_some().then_some("true");
    let first = doc.flow.as_ref().map(|flow| {
        view! {
            <ul role="group">
                {item(ctx, working, flow, NodePath::root(), None, 2, selection, problems)}
            </ul>
        }
    });
    let empty = doc
        .flow
        .is_none()
        .then(|| view! { <p class="tree-empty">"No steps yet."</p> });
    view! {
        <li role="treeitem" data-level="1" aria-selected=selected.to_string() aria-expanded=expanded class="tree-root">
            <a href=ctx.link(None) class="step" class:selected=selected tabindex=tab_index(ctx, selected)>
                <span class="step-label">{name}</span>
                <span class="step-summary">{numbers}</span>
            </a>
            {empty}
            {first}
        </li>
    }
    .into_any()
}

#[allow(clippy::too_many_arguments)]
fn item(
    ctx: EditorCtx,
    working: &Working,
    node: &Node,
    path: NodePath,
    branch: Option<String>,
    level: usize,
    selection: &Selection,
    problems: &Problems,
) -> AnyView {
    let selected = *selection == Selection::Node(path.clone());
    let menu_name = menu_name(working, node);
    let summary = node.summary_with(menu_name.as_deref());
    let count = problems.get(&path).map_or(0, Vec::len);
    let badge = (count > 0).then(|| {
        let text = if count == 1 {
            "1 problem".to_owned()
        } else {
            format!("{count} problems")
        };
        view! { <span class="badge problem">{text}</span> }
    });
    let skipped = node
        .is_skipped()
        .then(|| view! { <span class="badge muted">"skipped"</span> });
    let children = node.children_for_display();
    let expanded = (!children.is_empty()).then_some("true");
    let module = node.module.name().to_owned();
    let group = (!children.is_empty()).then(|| {
        let items = children
            .into_iter()
            .map(|(key, child)| {
                let label = branches::label(&module, key);
                item(
                    ctx,
                    working,
                    child,
                    path.child(key),
                    Some(label),
                    level + 1,
                    selection,
                    problems,
                )
            })
            .collect_view();
        view! { <ul role="group">{items}</ul> }
    });
    let branch = branch.map(|b| view! { <span class="branch">{b}</span> });
    view! {
        <li role="treeitem" data-level=level.to_string() aria-selected=selected.to_string() aria-expanded=expanded>
            {branch}
            <a
                href=ctx.link(Some(&path))
                class="step"
                class:selected=selected
                class:has-problems={count > 0}
                data-path=path.to_string()
                tabindex=tab_index(ctx, selected)
            >
                <span class="step-summary">{summary}</span>
                {badge}
                {skipped}
            </a>
            {group}
        </li>
    }
    .into_any()
}

/// The name of the menu a menu step edits, for its summary.
fn menu_name(working: &Working, node: &Node) -> Option<String> {
    let key = crate::editor::model::menu_key(node)?;
    Some(
        working
            .menu(&key)
            .map_or_else(|| key.clone(), |m| m.name().to_owned()),
    )
}

/// One tab stop in the tree once it is live (the selected step); every
/// link is a tab stop without JavaScript, where arrows do nothing.
fn tab_index(ctx: EditorCtx, selected: bool) -> Option<&'static str> {
    (ctx.live.get() && !selected).then_some("-1")
}

/// Arrow keys, Enter and Delete in the tree (WAI-ARIA tree pattern).
fn keys(ctx: EditorCtx, event: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(current) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let Some(tree) = current.closest("[role=tree]").ok().flatten() else {
            return;
        };
        let Ok(links) = tree.query_selector_all("a.step") else {
            return;
        };
        let links: Vec<web_sys::HtmlElement> = (0..links.length())
            .filter_map(|i| links.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .collect();
        let Some(at) = links.iter().position(|l| *l == current) else {
            return;
        };
        let level = |el: &web_sys::HtmlElement| {
            el.closest("[role=treeitem]")
                .ok()
                .flatten()
                .and_then(|li| li.get_attribute("data-level"))
                .and_then(|l| l.parse::<usize>().ok())
                .unwrap_or(1)
        };
        let target = match event.key().as_str() {
            "ArrowDown" => links.get(at + 1),
            "ArrowUp" => at.checked_sub(1).and_then(|i| links.get(i)),
            "Home" => links.first(),
            "End" => links.last(),
            "ArrowRight" => links
                .get(at + 1)
                .filter(|next| level(next) > level(&current)),
            "ArrowLeft" => {
                let mine = level(&current);
                links[..at].iter().rev().find(|l| level(l) < mine)
            }
            "Delete" | "Backspace" => {
                event.prevent_default();
                if let Some(path) = current.get_attribute("data-path") {
                    let link = ctx.link(path.parse().ok().as_ref());
                    ctx.open(&format!("{link}&confirm=delete"));
                }
                return;
            }
            _ => return,
        };
        event.prevent_default();
        if let Some(target) = target {
            current.set_tab_index(-1);
            target.set_tab_index(0);
            let _ = target.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, event);
}
