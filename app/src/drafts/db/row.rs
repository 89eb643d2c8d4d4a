//! A `draft` row as stored, and where it stands against Kazoo (in Rust for
//! one row, in SQL for many).

use serde_json::Value;
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::drafts::model::{DraftState, DraftView};

/// A `draft` row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DraftRow {
    pub draft_id: Uuid,
    pub account_id: String,
    pub name: String,
    pub kind: String,
    pub document: Json<Value>,
    pub kazoo_id: Option<String>,
    pub kazoo_revision: Option<String>,
    pub synced_document: Option<Json<Value>>,
    pub sync_state: String,
    pub pending_operation: Option<String>,
    pub last_error: Option<String>,
    pub version: i32,
    pub updated_by: String,
    pub updated_at: OffsetDateTime,
    pub synced_at: Option<OffsetDateTime>,
    /// A sync started less than two minutes ago and has not finished; an
    /// older one was cut off (a crash never records its outcome) and may
    /// be resumed.
    pub sync_running: bool,
}

/// The columns every `DraftRow` query selects.
pub(super) const COLUMNS: &str = "draft_id, account_id, name, kind, document, kazoo_id,
    kazoo_revision, synced_document, sync_state, pending_operation, last_error, version,
    updated_by, updated_at, synced_at,
    (sync_state = 'syncing' and sync_started_at > now() - interval '2 minutes') as sync_running";

/// The draft state shown to admins, as SQL over a `draft` row aliased `d`.
pub const STATE_SQL: &str = "case when d.sync_state <> 'idle' then d.sync_state
    when d.synced_document is null then 'draft'
    when d.document = d.synced_document then 'synced' else 'changed' end";

impl DraftRow {
    /// Where the draft stands (mirrors [`STATE_SQL`]).
    pub fn state(&self) -> DraftState {
        match self.sync_state.as_str() {
            "syncing" => DraftState::Syncing,
            "error" => DraftState::Error,
            "conflict" => DraftState::Conflict,
            _ => match &self.synced_document {
                None => DraftState::Draft,
                Some(synced) if synced.0 == self.document.0 => DraftState::Synced,
                Some(_) => DraftState::Changed,
            },
        }
    }

    /// The draft as pages and the API show it.
    pub fn view(&self) -> DraftView {
        DraftView {
            id: self.draft_id.to_string(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            document: self.document.0.clone(),
            state: self.state(),
            kazoo_id: self.kazoo_id.clone(),
            version: self.version,
            last_error: self.last_error.clone(),
            updated_by: self.updated_by.clone(),
            updated_at: self.updated_at,
            synced_at: self.synced_at,
        }
    }
}
