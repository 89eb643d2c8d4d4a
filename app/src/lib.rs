//! pivot-console's Leptos app, compiled for the server (`ssr`) and for the
//! browser (`hydrate`), laid out by feature. Each feature folder holds its
//! page (`page.rs`), server functions (`server_fns.rs`), shared types
//! (`model.rs`), plain POST handlers (`handlers.rs`), SQL (`db.rs`) and
//! work (`service.rs`), and gives its own `router()` of plain routes; the
//! last four are server only. Shared pieces sit below the features:
//! `error`, `session`, `state`, `flash`, `url`, `components` and `render`
//! (the context and Content-Security-Policy of server-rendered pages).
//!
//! Features: `auth`, `numbers`, `callflows`, `drafts`, `editor`, `sync`, `pivot`,
//! `checker`, `migrate` (moving numbers off Twilio), `jobs` (bulk sync and the
//! routing refresh in the background), `tokens`, `api_v1` (the JSON API). Page routes are listed in `app.rs`.

#![recursion_limit = "256"]

#[cfg(feature = "ssr")]
pub mod api_v1;
mod app;
pub mod auth;
pub mod callflows;
pub mod checker;
pub mod components;
pub mod drafts;
pub mod editor;
pub mod error;
pub mod flash;
pub mod jobs;
pub mod migrate;
pub mod numbers;
pub mod pivot;
#[cfg(feature = "ssr")]
pub mod render;
pub mod session;
#[cfg(feature = "ssr")]
pub mod state;
pub mod sync;
pub mod tokens;
pub mod url;

pub use app::{hash_file_path, shell, App};

/// The largest request body any route takes: 256 KiB. The largest real
/// request is the pivot form (or its JSON) with 500 numbers: 500 numbers
/// of 64 characters (the model's bounds) are 32 KiB, or about 200 KiB if
/// every character were sent as a JSON `\uXXXX` escape, plus 2 KiB URLs
/// and 1,000 characters of fallback text. Beyond that nothing is
/// legitimate, and reading it only costs CPU and memory (a 512 KB body of
/// 64,000 numbers took 8 s).
#[cfg(feature = "ssr")]
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// The body limit of a request to `path`: [`BODY_LIMIT_BYTES`], except
/// for the Twilio import's upload and API
/// ([`migrate::model::UPLOAD_MAX_BYTES`], 16 MiB: an account's numbers
/// export).
#[cfg(feature = "ssr")]
pub fn body_limit_for(path: &str) -> usize {
    if migrate::UPLOAD_PATHS.contains(&path) {
        migrate::model::UPLOAD_MAX_BYTES
    } else {
        BODY_LIMIT_BYTES
    }
}

/// Browser entry point: takes over the server-rendered page. Hydration is
/// asynchronous: a lazy route's page (see `app.rs`) hydrates once its WASM
/// chunk has loaded.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = leptos::prelude::document().body() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), App)
            .await
            .forget();
        // Lets browser tests (and curious admins) see that the page is live.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
