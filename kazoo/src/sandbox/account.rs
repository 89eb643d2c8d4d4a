//! One simulated Kazoo account: its users, numbers, callflows and other
//! documents, and the read-side views crossbar gives of callflows (public
//! doc, listing rows, `metadata`), plus `used_by` tracking (API.md
//! §5.3–§5.8).

use std::collections::BTreeMap;

use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

use super::{
    collection::{Collection, Kind},
    world::ApiError,
};
use crate::{flow::children, numbers};

pub struct User {
    pub id: String,
    /// `md5(lower(username):password)` as lowercase hex.
    pub md5: String,
}

/// A number in Kazoo's number database.
#[derive(Debug, Clone)]
pub struct NumberDoc {
    pub state: String,
    pub assigned_to: String,
    pub used_by: Option<String>,
    pub created: u64,
    pub updated: u64,
}

impl NumberDoc {
    pub fn new(state: &str, account_id: &str) -> Self {
        let now = gregorian_now();
        Self {
            state: state.to_owned(),
            assigned_to: account_id.to_owned(),
            used_by: None,
            created: now,
            updated: now,
        }
    }
}

/// A stored document (callflow, menu, media…): its public fields, in the
/// order they were sent, its revision and soft-delete flag.
pub struct StoredDoc {
    pub doc: Map<String, Value>,
    pub rev: u64,
    pub deleted: bool,
}

impl StoredDoc {
    pub fn new(doc: Value) -> Self {
        Self {
            doc: doc.as_object().cloned().unwrap_or_default(),
            rev: 1,
            deleted: false,
        }
    }

    /// CouchDB-style `_rev`: `N-<32 hex>`.
    pub fn revision(&self) -> String {
        let digest = Md5::digest(serde_json::to_vec(&self.doc).unwrap_or_default());
        format!("{}-{}", self.rev, hex::encode(digest))
    }

    fn numbers(&self) -> impl Iterator<Item = &str> {
        self.doc
            .get("numbers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    fn patterns(&self) -> impl Iterator<Item = &str> {
        self.doc
            .get("patterns")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }
}

pub struct Account {
    pub id: String,
    pub name: String,
    pub realm: String,
    pub api_key: String,
    pub users: Vec<User>,
    pub callflows: BTreeMap<String, StoredDoc>,
    pub numbers: BTreeMap<String, NumberDoc>,
    /// Menus, media, users, devices and voicemail boxes.
    pub docs: BTreeMap<Kind, Collection>,
}

impl Account {
    /// The documents of one kind (empty when it has none).
    pub fn docs(&self, kind: Kind) -> &Collection {
        static EMPTY: std::sync::OnceLock<Collection> = std::sync::OnceLock::new();
        self.docs
            .get(&kind)
            .unwrap_or_else(|| EMPTY.get_or_init(Collection::default))
    }

    /// The documents of one kind, to change.
    pub fn docs_mut(&mut self, kind: Kind) -> &mut Collection {
        self.docs.entry(kind).or_default()
    }

    /// Sets `used_by: "callflow"` on every owned number that a live
    /// callflow lists, and clears it on the others (API.md §5.8).
    pub fn track_numbers(&mut self) {
        let used: std::collections::HashSet<String> = self
            .callflows
            .values()
            .filter(|c| !c.deleted)
            .flat_map(|c| c.numbers().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        for (number, doc) in &mut self.numbers {
            let in_use = used.contains(number) && numbers::is_reconcilable(number);
            let next = in_use.then(|| "callflow".to_owned());
            if doc.used_by != next {
                doc.used_by = next;
                doc.updated = gregorian_now();
            }
        }
    }

    /// The public document as GET returns it: fields + `id`.
    pub fn public_callflow(&self, id: &str) -> Result<(Value, String), ApiError> {
        let stored = self
            .callflows
            .get(id)
            .filter(|c| !c.deleted)
            .ok_or_else(|| ApiError::bad_identifier(id))?;
        let mut doc = stored.doc.clone();
        doc.insert("id".to_owned(), json!(id));
        Ok((Value::Object(doc), stored.revision()))
    }

    /// The callflow listing view of one document (API.md §5.3).
    fn listing(&self, id: &str, c: &StoredDoc) -> Value {
        let mut row = json!({
            "id": id,
            "name": c.doc.get("name").cloned().unwrap_or(Value::Null),
            "numbers": c.doc.get("numbers").cloned().unwrap_or_else(|| json!([])),
            "patterns": c.doc.get("patterns").cloned().unwrap_or_else(|| json!([])),
            "featurecode": c.doc.get("featurecode").cloned().unwrap_or(Value::Bool(false)),
            "modules": modules(c.doc.get("flow")),
            "flags": c.doc.get("flags").cloned().unwrap_or_else(|| json!([])),
        });
        for key in ["type", "owner_id", "group_id"] {
            if let Some(v) = c.doc.get(key) {
                row[key] = v.clone();
            }
        }
        row
    }

    /// Listing rows of the live callflows, sorted by id ascending.
    pub fn callflow_rows(&self) -> Vec<(String, Value)> {
        self.callflows
            .iter()
            .filter(|(_, c)| !c.deleted)
            .map(|(id, c)| (id.clone(), self.listing(id, c)))
            .collect()
    }

    /// `metadata` for GET: what the documents referenced by id are
    /// (callflows: name and numbers; menus, media, users, devices,
    /// voicemail boxes: name and `pvt_type`).
    pub fn metadata(&self, doc: &Value) -> Value {
        let mut ids = Vec::new();
        collect_ids(doc.get("flow"), &mut ids);
        let mut meta = Map::new();
        for id in ids {
            if meta.contains_key(&id) {
                continue;
            }
            if let Some(c) = self.callflows.get(&id).filter(|c| !c.deleted) {
                let name = c.doc.get("name").cloned().unwrap_or(Value::Null);
                let numbers = c.doc.get("numbers").cloned().unwrap_or_else(|| json!([]));
                meta.insert(
                    id,
                    json!({"name": name, "numbers": numbers, "pvt_type": "callflow"}),
                );
            } else if let Some(found) = Kind::ALL
                .iter()
                .find_map(|kind| self.docs(*kind).metadata(*kind, &id))
            {
                meta.insert(id, found);
            }
        }
        Value::Object(meta)
    }
}

impl StoredDoc {
    pub(super) fn number_list(&self) -> Vec<String> {
        self.numbers().map(str::to_owned).collect()
    }

    pub(super) fn pattern_list(&self) -> Vec<String> {
        self.patterns().map(str::to_owned).collect()
    }
}

/// Unique module names in a flow, skipping `skip_module` nodes.
fn modules(flow: Option<&Value>) -> Vec<String> {
    fn walk(node: &Value, out: &mut Vec<String>) {
        let skipped = node.pointer("/data/skip_module") == Some(&Value::Bool(true));
        if let (Some(m), false) = (node.get("module").and_then(Value::as_str), skipped) {
            if !out.iter().any(|x| x == m) {
                out.push(m.to_owned());
            }
        }
        for (_, child) in children(node) {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    if let Some(flow) = flow {
        walk(flow, &mut out);
    }
    out
}

fn collect_ids(node: Option<&Value>, out: &mut Vec<String>) {
    let Some(node) = node else { return };
    if let Some(data) = node.get("data").and_then(Value::as_object) {
        for (k, v) in data {
            if let (true, Some(id)) = (k == "id" || k.ends_with("_id"), v.as_str()) {
                out.push(id.to_owned());
            }
        }
    }
    for (_, child) in children(node) {
        collect_ids(Some(child), out);
    }
}

/// Seconds since year 0 (Kazoo's Gregorian seconds).
pub fn gregorian_now() -> u64 {
    const UNIX_EPOCH_GREGORIAN: u64 = 62_167_219_200;
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    unix + UNIX_EPOCH_GREGORIAN
}
