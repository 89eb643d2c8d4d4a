//! Data shared by the server and the browser: what pages show.

mod draft;

pub use draft::{
    document_numbers, ApiTokenView, ApiTokensPage, DraftState, DraftView, PivotFormData,
    SyncLogEntry,
};
