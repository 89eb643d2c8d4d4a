//! The HTML shell and the router.

mod lazy_pages;
mod stylesheet;

pub use self::stylesheet::hash_file_path;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, SsrMode,
};

use self::lazy_pages::{
    ApiTokensRoute, CallflowsRoute, CheckerRoute, CompareRoute, ConfirmRoute, DraftsRoute,
    EditorRoute, ImportRoute, JobRoute, JobsRoute, PivotFormRoute, TwilioImportRoute,
    TwilioUploadRoute, WalkRoute,
};
use crate::{
    auth::page::LoginPage,
    components::{header::Header, not_found::NotFound},
    numbers::page::NumbersRoutingPage,
    session::{get_session, SessionResource},
};

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = stylesheet::href(&options);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <link id="leptos" rel="stylesheet" href=stylesheet />
                <HydrationScripts options />
                <link rel="icon" href="/favicon.ico" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The app: header and routes. Every route renders complete HTML on the
/// server (`SsrMode::Async`), so pages work without JavaScript. Sign-in and
/// Numbers Routing are in the main WASM; every other page is a lazy route
/// (see `lazy_pages`), loaded when the browser first shows it.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let info: SessionResource = Resource::new_blocking(|| (), |_| get_session());
    provide_context(info);
    view! {
        <Title text="pivot-console" />
        <Router>
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=NumbersRoutingPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/pivot/new") view={Lazy::<PivotFormRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/callflows") view={Lazy::<CallflowsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/callflows/import") view={Lazy::<ImportRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/callflows/new") view={Lazy::<EditorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drafts") view={Lazy::<DraftsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/api-tokens") view={Lazy::<ApiTokensRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/migrate/twilio") view={Lazy::<TwilioUploadRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/migrate/twilio/:id") view={Lazy::<TwilioImportRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/checker") view={Lazy::<CheckerRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/checker/walks/:id") view={Lazy::<WalkRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id") view={Lazy::<PivotFormRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id/tree") view={Lazy::<EditorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id/confirm") view={Lazy::<ConfirmRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id/compare") view={Lazy::<CompareRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/jobs") view={Lazy::<JobsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/jobs/:id") view={Lazy::<JobRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
