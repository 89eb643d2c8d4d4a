//! The benchmark's reference page, `GET /bench/bare`: a minimal Leptos
//! view rendered the way every page is (the same document head, hydration
//! scripts, render context and response layers), without reading the
//! session or the database. `scripts/bench.sh` divides each page's req/s
//! by this page's, measured in the same run. It exists only when
//! `BENCH_REFERENCE_PAGE=1` ([`crate::config::Settings::bench_reference_page`]):
//! production and the tests never route it.

use app::{render, state::AppState};
use axum::{body::Body, extract::State, http::Request, response::Response, routing::get, Router};
use leptos::prelude::*;

/// Path of the reference page.
pub const PATH: &str = "/bench/bare";

/// The route of the reference page.
pub fn router() -> Router<AppState> {
    Router::new().route(PATH, get(bare))
}

async fn bare(State(state): State<AppState>, request: Request<Body>) -> Response {
    let options = state.leptos_options.clone();
    let page = leptos_axum::render_app_async_with_context(render::context(state), move || {
        shell(options.clone())
    });
    page(request).await
}

/// The app's document (`app::shell`, less its meta tags) around one
/// heading instead of `App`.
fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <link rel="icon" href="/favicon.ico" />
            </head>
            <body>
                <main id="main">
                    <h1>"Bare page"</h1>
                </main>
            </body>
        </html>
    }
}
