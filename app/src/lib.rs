//! pivot-console's Leptos app: pages, components and server functions,
//! compiled for the server (`ssr`) and for the browser (`hydrate`).

pub mod api;
mod app;
pub mod auth;
pub mod components;
pub mod drafts;
pub mod error;
pub mod flash;
pub mod model;
pub mod numbers;
pub mod pages;
pub mod pivot;
pub mod session;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod state;
pub mod sync;
pub mod url;

pub use app::{shell, App};

/// Browser entry point: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets browser tests (and curious admins) see that the page is live.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
