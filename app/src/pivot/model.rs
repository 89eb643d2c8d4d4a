//! What the pivot action form page needs (both targets).

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
