//! Every page but sign-in and Numbers Routing, as a lazy route: built with
//! `cargo leptos build --split`, each page's code (the callflow editor and
//! its module catalogue above all) is a WASM chunk of its own, which the
//! browser loads when it first shows the page (a page rendered on the
//! server names its chunk in `<head>` so it loads beside the main WASM).
//! Code that several pages share goes to a chunk of its own. Without
//! `--split` these are plain routes. The server renders them as before, so
//! they work without JavaScript.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

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

/// For each `Route => Page`: a route type whose view, the page, is split
/// out. It loads no data of its own: the page's resources do, as before.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        #[doc = concat!("[`", stringify!($page), "`], loaded lazily.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_pages! {
    PivotFormRoute => PivotFormPage,
    CallflowsRoute => CallflowsPage,
    ImportRoute => ImportPage,
    EditorRoute => EditorPage,
    DraftsRoute => DraftsPage,
    ApiTokensRoute => ApiTokensPage,
    TwilioUploadRoute => TwilioUploadPage,
    TwilioImportRoute => TwilioImportPage,
    CheckerRoute => CheckerPage,
    WalkRoute => WalkPage,
    ConfirmRoute => ConfirmPage,
    CompareRoute => ComparePage,
    JobsRoute => JobsPage,
    JobRoute => JobPage,
}
