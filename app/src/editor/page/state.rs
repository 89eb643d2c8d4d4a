//! The editor page's state: what is being edited, the selection (in the
//! URL: `?node=<path>`, `?node=@root`), undo and redo, and how a form's
//! submit becomes an edit in the page once JavaScript runs.

use std::collections::BTreeMap;

use kazoo::callflow::NodePath;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::editor::{
    model::{Pickers, Working},
    ops::{EditorOp, OpError},
};

/// How many edits Undo goes back at most.
const UNDO_DEPTH: usize = 100;

/// What the panel shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// The callflow's name and numbers (and the first step when empty).
    Root,
    /// One step.
    Node(NodePath),
}

/// The query value of the root selection.
pub const ROOT: &str = "@root";

/// Everything the editor's parts share.
#[derive(Clone, Copy)]
pub struct EditorCtx {
    pub working: RwSignal<Working>,
    /// What is stored (the last save); the page says when they differ.
    pub saved: StoredValue<Working>,
    pub past: RwSignal<Vec<Working>>,
    pub future: RwSignal<Vec<Working>>,
    pub selection: Memo<Selection>,
    /// `?confirm=delete`: the panel asks before deleting.
    pub confirm_delete: Memo<bool>,
    /// The page runs in WASM (edits happen in the page).
    pub live: RwSignal<bool>,
    pub draft_id: StoredValue<Option<String>>,
    pub version: StoredValue<Option<i32>>,
    pub start: StoredValue<Option<String>>,
    pub pickers: StoredValue<Pickers>,
    /// The account's numbers, for the root's number picker.
    pub numbers: StoredValue<crate::numbers::model::NumberOptions>,
    /// Field messages and typed values: the server's (a refused post) until
    /// an edit in the page replaces them.
    pub errors: RwSignal<BTreeMap<String, String>>,
    pub typed: RwSignal<BTreeMap<String, String>>,
    /// A message about the last edit in the page.
    pub message: RwSignal<Option<String>>,
    /// The page's owner, to reach the router from event handlers.
    owner: StoredValue<Option<Owner>>,
}

impl EditorCtx {
    /// The context of the editor page of `working`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        working: Working,
        draft_id: Option<String>,
        version: Option<i32>,
        start: Option<String>,
        pickers: Pickers,
        numbers: crate::numbers::model::NumberOptions,
        errors: BTreeMap<String, String>,
        typed: BTreeMap<String, String>,
    ) -> Self {
        let query = use_query_map();
        let selection = Memo::new(move |_| match query.read().get("node") {
            None => Selection::Root,
            Some(p) if p == ROOT => Selection::Root,
            Some(p) => p.parse().map_or(Selection::Root, Selection::Node),
        });
        let confirm_delete =
            Memo::new(move |_| query.read().get("confirm").as_deref() == Some("delete"));
        let live = RwSignal::new(false);
        Effect::new(move |_| live.set(true));
        Self {
            owner: StoredValue::new(Owner::current()),
            saved: StoredValue::new(working.clone()),
            working: RwSignal::new(working),
            past: RwSignal::new(Vec::new()),
            future: RwSignal::new(Vec::new()),
            selection,
            confirm_delete,
            live,
            draft_id: StoredValue::new(draft_id),
            version: StoredValue::new(version),
            start: StoredValue::new(start),
            pickers: StoredValue::new(pickers),
            numbers: StoredValue::new(numbers),
            errors: RwSignal::new(errors),
            typed: RwSignal::new(typed),
            message: RwSignal::new(None),
        }
    }

    /// The link that selects `node` (`None`: the root), keeping the start
    /// shape of a new callflow.
    pub fn link(&self, node: Option<&NodePath>) -> String {
        let node = node.map_or(ROOT.to_owned(), ToString::to_string);
        let mut query = format!("?node={}", crate::url::urlencode(&node));
        if let Some(start) = self.start.get_value() {
            query = format!(
                "?start={}&node={}",
                crate::url::urlencode(&start),
                crate::url::urlencode(&node)
            );
        }
        query
    }

    /// Whether the page holds edits Save draft has not stored.
    pub fn dirty(&self) -> bool {
        let saved = self.saved;
        self.working.with(|w| saved.with_value(|s| s != w))
    }

    /// Makes `op` in the page: Undo can take it back; the selection moves
    /// to what it made. A refused edit changes nothing and says why
    /// (`false`).
    pub fn run(&self, op: &EditorOp) -> bool {
        let mut next = self.working.get_untracked();
        match op.apply(&mut next) {
            Ok(selected) => {
                let before = self.working.get_untracked();
                if next != before {
                    self.past.update(|p| {
                        p.push(before);
                        if p.len() > UNDO_DEPTH {
                            p.remove(0);
                        }
                    });
                    self.future.set(Vec::new());
                    self.working.set(next);
                }
                self.errors.set(BTreeMap::new());
                self.typed.set(BTreeMap::new());
                self.message.set(None);
                let to = match op {
                    EditorOp::Root { .. } => None,
                    _ => selected,
                };
                self.go(to.as_ref());
                true
            }
            Err(OpError { message, fields }) => {
                self.errors.set(fields);
                self.message.set(Some(message));
                false
            }
        }
    }

    /// Goes back one edit.
    pub fn undo(&self) {
        if let Some(previous) = self.past.try_update(Vec::pop).flatten() {
            let now = self.working.get_untracked();
            self.future.update(|f| f.push(now));
            self.working.set(previous);
        }
    }

    /// Makes again the edit Undo took back.
    pub fn redo(&self) {
        if let Some(next) = self.future.try_update(Vec::pop).flatten() {
            let now = self.working.get_untracked();
            self.past.update(|p| p.push(now));
            self.working.set(next);
        }
    }

    /// Selects `node` (the URL says so).
    pub fn go(&self, node: Option<&NodePath>) {
        self.open(&self.link(node));
    }

    /// Opens `url` in the page (a query of this page, usually).
    pub fn open(&self, url: &str) {
        if let Some(owner) = self.owner.get_value() {
            owner.with(|| leptos_router::hooks::use_navigate()(url, Default::default()));
        }
    }
}

/// The submit handler of an edit form: with JavaScript the edit runs in
/// the page; without, the browser posts the form.
pub fn on_submit(ctx: EditorCtx) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            event.prevent_default();
            let mut pairs: Vec<(String, String)> = Vec::new();
            // The button pressed, when it names the edit (Move / Copy).
            if let Some(button) = event
                .submitter()
                .and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
                .filter(|b| !b.name().is_empty())
            {
                pairs.push((button.name(), button.value()));
            }
            let entries = js_sys::try_iter(&data).ok().flatten();
            for entry in entries.into_iter().flatten().flatten() {
                let entry: js_sys::Array = entry.unchecked_into();
                if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                    pairs.push((k, v));
                }
            }
            match EditorOp::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
                Ok(op) => {
                    if !ctx.run(&op) {
                        ctx.typed.set(pairs.into_iter().collect());
                    }
                }
                Err(e) => ctx.message.set(Some(e.message)),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, ctx);
    }
}
