//! The HTML shell and the router.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    auth::page::LoginPage,
    callflows::page::{CallflowsPage, ImportPage},
    checker::page::{CheckerPage, WalkPage},
    components::{header::Header, not_found::NotFound},
    drafts::page::{ComparePage, ConfirmPage, DraftsPage},
    editor::page::EditorPage,
    jobs::page::{JobPage, JobsPage},
    migrate::page::{TwilioImportPage, TwilioUploadPage},
    numbers::page::NumbersRoutingPage,
    pivot::page::PivotFormPage,
    session::{get_session, SessionResource},
    tokens::page::ApiTokensPage,
};

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
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
/// server (`SsrMode::Async`), so pages work without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let info: SessionResource = Resource::new_blocking(|| (), |_| get_session());
    provide_context(info);
    view! {
        <Stylesheet id="leptos" href="/pkg/pivot-console.css" />
        <Title text="pivot-console" />
        <Router>
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=NumbersRoutingPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/pivot/new") view=PivotFormPage ssr=SsrMode::Async />
                    <Route path=path!("/callflows") view=CallflowsPage ssr=SsrMode::Async />
                    <Route path=path!("/callflows/import") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/callflows/new") view=EditorPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts") view=DraftsPage ssr=SsrMode::Async />
                    <Route path=path!("/api-tokens") view=ApiTokensPage ssr=SsrMode::Async />
                    <Route path=path!("/migrate/twilio") view=TwilioUploadPage ssr=SsrMode::Async />
                    <Route path=path!("/migrate/twilio/:id") view=TwilioImportPage ssr=SsrMode::Async />
                    <Route path=path!("/checker") view=CheckerPage ssr=SsrMode::Async />
                    <Route path=path!("/checker/walks/:id") view=WalkPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id") view=PivotFormPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id/tree") view=EditorPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id/confirm") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/drafts/:id/compare") view=ComparePage ssr=SsrMode::Async />
                    <Route path=path!("/jobs") view=JobsPage ssr=SsrMode::Async />
                    <Route path=path!("/jobs/:id") view=JobPage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
