//! The callflow editor (Screen 4): a callflow draft as a tree of steps,
//! each step's form in a side panel, the live JSON preview of what sync
//! sends, and the menus its menu steps edit. `/callflows/new` starts one
//! (blank or from a start shape), `/drafts/<id>` edits a callflow draft,
//! `/drafts/<id>/tree` opens any draft (a pivot action too) here.
//!
//! Without JavaScript every edit is a small form post to `/callflows/edit`
//! that is saved at once and the page renders again; with it the edits
//! run in the page (the same `ops` in WASM), with undo and redo, and Save
//! draft stores them.
//!
//! - `model.rs`: what the editor edits (the callflow and its menus)
//! - `ops.rs`: the edits, read from form fields (both targets)
//! - `root.rs`, `node_form.rs`, `menu_form.rs`: the forms' rules
//! - `start.rs`: new steps and the start shapes
//! - `page.rs` (+ `page/`): the page
//! - `server_fns.rs`: `get_editor`, `save_editor`
//! - `service.rs`: load and save (server)
//! - `handlers.rs`: `POST /callflows/edit` (server)

#[cfg(feature = "ssr")]
pub mod handlers;
pub mod menu_form;
pub mod model;
pub mod node_form;
pub mod ops;
pub mod page;
pub mod root;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod start;

/// `POST /callflows/edit`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    axum::Router::new().route(
        "/callflows/edit",
        axum::routing::post(handlers::edit_handler),
    )
}
