//! Every page but sign-in and Numbers Routing, as a lazy route: built with
//! `cargo leptos build --split`, the pages' code (the callflow editor and
//! its module catalogue above all) leaves the main WASM for chunks the
//! browser loads when it first shows one of them (a page rendered on the
//! server names its chunks in `<head>` so they load beside the main WASM).
//! The server renders them as before, so they work without JavaScript.
//!
//! Pages are split by group, not one by one: each split point is a chunk,
//! and so is the code each combination of them shares. With a split point
//! per page (14) that was 180 chunks, the pivot form alone needing 117
//! files; four groups of pages that share most of their code keep it to a
//! few files per page.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::{
    callflows::page::{CallflowsPage, ImportPage},
    checker::page::{CheckerPage, WalkPage},
    drafts::page::{ComparePage, ConfirmPage, DraftsPage},
    editor::page::EditorPage,
    jobs::page::{JobPage, JobsPage},
    migrate::page::{TwilioImportPage, TwilioUploadPage},
    pivot::page::PivotFormPage,
    tokens::page::ApiTokensPage,
};

/// A page of a group: which one to render.
#[derive(Debug, Clone, Copy)]
enum Page {
    PivotForm,
    Confirm,
    Compare,
    Editor,
    Callflows,
    Import,
    Drafts,
    Jobs,
    Job,
    ApiTokens,
    Checker,
    Walk,
    TwilioUpload,
    TwilioImport,
}

/// A draft's pages: the pivot form, its confirmation and comparison.
#[leptos::lazy]
fn draft_pages(page: Page) -> AnyView {
    match page {
        Page::Confirm => ConfirmPage().into_any(),
        Page::Compare => ComparePage().into_any(),
        _ => PivotFormPage().into_any(),
    }
}

/// The callflow editor.
#[leptos::lazy]
fn editor_pages(_page: Page) -> AnyView {
    EditorPage().into_any()
}

/// The lists: callflows (and importing one), drafts, jobs, API tokens.
#[leptos::lazy]
fn list_pages(page: Page) -> AnyView {
    match page {
        Page::Callflows => CallflowsPage().into_any(),
        Page::Import => ImportPage().into_any(),
        Page::Jobs => JobsPage().into_any(),
        Page::Job => JobPage().into_any(),
        Page::ApiTokens => ApiTokensPage().into_any(),
        _ => DraftsPage().into_any(),
    }
}

/// Moving off Twilio: the Pivot checker, walking a call, the import.
#[leptos::lazy]
fn twilio_pages(page: Page) -> AnyView {
    match page {
        Page::Walk => WalkPage().into_any(),
        Page::TwilioUpload => TwilioUploadPage().into_any(),
        Page::TwilioImport => TwilioImportPage().into_any(),
        _ => CheckerPage().into_any(),
    }
}

/// For each `Route => group, its preload (Page)`: a route type whose view,
/// the page, comes from its group's chunk. The router loads the chunk
/// (`preload`) before it hydrates or shows the page, as `#[lazy_route]`
/// does (without it a server-rendered page hydrated while its chunk was
/// still loading, and failed). It loads no data of its own: the page's
/// resources do, as before.
macro_rules! lazy_pages {
    ($($route:ident => $group:ident, $preload:ident ($page:ident)),* $(,)?) => {$(
        #[doc = concat!("The `", stringify!($page), "` page, loaded lazily.")]
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                $group(Page::$page).await
            }

            async fn preload() {
                // `#[lazy]` makes the preload function in the browser only.
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    )*};
}

lazy_pages! {
    PivotFormRoute => draft_pages, __preload_draft_pages(PivotForm),
    ConfirmRoute => draft_pages, __preload_draft_pages(Confirm),
    CompareRoute => draft_pages, __preload_draft_pages(Compare),
    EditorRoute => editor_pages, __preload_editor_pages(Editor),
    CallflowsRoute => list_pages, __preload_list_pages(Callflows),
    ImportRoute => list_pages, __preload_list_pages(Import),
    DraftsRoute => list_pages, __preload_list_pages(Drafts),
    JobsRoute => list_pages, __preload_list_pages(Jobs),
    JobRoute => list_pages, __preload_list_pages(Job),
    ApiTokensRoute => list_pages, __preload_list_pages(ApiTokens),
    CheckerRoute => twilio_pages, __preload_twilio_pages(Checker),
    WalkRoute => twilio_pages, __preload_twilio_pages(Walk),
    TwilioUploadRoute => twilio_pages, __preload_twilio_pages(TwilioUpload),
    TwilioImportRoute => twilio_pages, __preload_twilio_pages(TwilioImport),
}
