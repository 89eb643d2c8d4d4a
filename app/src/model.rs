//! Data shared by the server and the browser: what pages show.

use std::collections::BTreeMap;

use kazoo::pivot::PivotInput;
use serde::{Deserialize, Serialize};

use crate::{drafts::model::DraftView, flash::Flash, sync::model::SyncLogEntry};

/// What the pivot action form page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PivotFormData {
    /// The draft being edited; `None` on "Create new pivot action".
    pub draft: Option<DraftView>,
    /// The form's values: the draft's, or what was submitted last when it
    /// was refused.
    pub input: PivotInput,
    /// Field → message from the last refused submit.
    pub errors: BTreeMap<String, String>,
    pub flash: Option<Flash>,
    /// Account numbers no callflow routes (in service), for the picker.
    pub free_numbers: Vec<String>,
    pub sync_log: Vec<SyncLogEntry>,
}

/// An API token as the UI lists it (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: String,
    pub name: String,
    pub created_by: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// The API tokens page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokensPage {
    pub tokens: Vec<ApiTokenView>,
    /// A token made just now: shown this once.
    pub new_token: Option<String>,
    pub error: Option<String>,
}
