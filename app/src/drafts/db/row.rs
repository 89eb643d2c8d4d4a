//! A draft as read from the `draft_status` view: the `draft` row, typed
//! (the document as the callflow model, kind and sync state as enums),
//! with the state admins see, which the view defines once.

use kazoo::callflow::Callflow;
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    drafts::model::{DraftKind, DraftState, DraftView},
    editor::model::{MenuDraft, Working},
    sync::model::Operation,
};

/// Where a sync of the draft stands (Postgres enum `sync_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "sync_state", rename_all = "lowercase")]
pub enum SyncState {
    /// No sync running or failed.
    Idle,
    /// A Kazoo call is recorded and not yet answered.
    Syncing,
    /// The last sync failed (`last_error` says why).
    Error,
    /// The live callflow changed since the draft was based on it.
    Conflict,
}

/// A draft, whole.
#[derive(Debug, Clone)]
pub struct DraftRow {
    pub draft_id: Uuid,
    pub account_id: String,
    pub name: String,
    pub kind: DraftKind,
    /// What sync sends.
    pub document: Json<Callflow>,
    /// The live callflow it is (or was last synced as).
    pub kazoo_id: Option<String>,
    /// The live revision it is based on; sent as `If-Match`.
    pub kazoo_revision: Option<String>,
    /// What Kazoo had when the draft was last synced or based on it.
    pub synced_document: Option<Json<Callflow>>,
    /// The menu documents its menu nodes edit (callflow drafts).
    pub menus: Json<Vec<MenuDraft>>,
    /// The menus as Kazoo had them at the last sync or import.
    pub synced_menus: Option<Json<Vec<MenuDraft>>>,
    pub sync_state: SyncState,
    /// The Kazoo call recorded before it was made, until its outcome is.
    pub pending_operation: Option<Operation>,
    pub last_error: Option<String>,
    /// Optimistic locking: every save names the version it is based on.
    pub version: i32,
    pub updated_by: String,
    pub updated_at: OffsetDateTime,
    pub synced_at: Option<OffsetDateTime>,
    pub live_read_at: Option<OffsetDateTime>,
    pub state: DraftState,
    /// A sync started less than two minutes ago and has not finished; an
    /// older one was cut off (a crash never records its outcome) and may
    /// be resumed.
    pub sync_running: bool,
}

impl DraftRow {
    /// What the callflow editor edits: the document and its menus.
    pub fn working(&self) -> Working {
        Working {
            doc: self.document.0.clone(),
            menus: self.menus.0.clone(),
        }
    }

    /// The draft as pages and the API show it.
    pub fn view(&self) -> DraftView {
        DraftView {
            id: self.draft_id.to_string(),
            name: self.name.clone(),
            kind: self.kind,
            document: self.document.0.clone(),
            state: self.state,
            kazoo_id: self.kazoo_id.clone(),
            version: self.version,
            last_error: self.last_error.clone(),
            updated_by: self.updated_by.clone(),
            updated_at: self.updated_at,
            synced_at: self.synced_at,
            live_read_at: self.live_read_at,
            live_numbers: self
                .synced_document
                .as_ref()
                .filter(|_| self.kazoo_id.is_some())
                .map(|doc| doc.numbers().to_vec())
                .unwrap_or_default(),
        }
    }
}
