//! What the callflow editor edits and shows (both targets): the callflow
//! document and the menu documents its `menu` nodes point at.
//!
//! In Kazoo a `menu` node only holds the `id` of a menu document
//! (`/v2/accounts/{id}/menus`, schema `menus.json`), whose greeting is the
//! id of a media document (`/media`, `media.json`; a text greeting is a
//! TTS media: `media_source: "tts"`). The editor edits the menu with the
//! node, so a draft carries its menus beside the callflow, and sync writes
//! the media and menu documents first (`sync::menus`).

use kazoo::callflow::Callflow;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{drafts::model::DraftView, flash::Flash, sync::model::SyncLogEntry};

/// The id a menu node holds for a menu Kazoo does not have yet:
/// `new-menu-<n>`. Sync creates the menu and writes its Kazoo id there.
pub const NEW_MENU_PREFIX: &str = "new-menu-";

/// What a draft of kind callflow edits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Working {
    /// The callflow, exactly as sync sends it (new menus' ids aside).
    pub doc: Callflow,
    /// The menus its menu nodes edit, in the order they were added.
    #[serde(default)]
    pub menus: Vec<MenuDraft>,
}

/// A menu document as the draft holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MenuDraft {
    /// What the menu nodes' `data.id` holds: the Kazoo id, or
    /// `new-menu-<n>` until sync creates it.
    pub key: String,
    /// The menu document, whole and in its key order (`name`, `retries`,
    /// `timeout`, `hunt`, `media.greeting`, … and any other key).
    pub doc: Map<String, Value>,
    /// What callers hear first.
    pub greeting: Greeting,
}

/// A menu's greeting (`media.greeting` of the menu document).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Greeting {
    /// No greeting.
    None,
    /// Text to speak: a TTS media document (`media_source: "tts"`,
    /// `tts.text`), made by sync, or the one the menu had (`media_id`,
    /// with its document as read, replaced when the text changes).
    Speak {
        text: String,
        #[serde(default)]
        media_id: Option<String>,
        #[serde(default)]
        media: Option<Map<String, Value>>,
    },
    /// An existing media of the account, by id.
    Media { id: String },
}

impl MenuDraft {
    /// Whether Kazoo has this menu yet.
    pub fn is_new(&self) -> bool {
        self.key.starts_with(NEW_MENU_PREFIX)
    }

    /// The menu's name (`name`), empty when unset.
    pub fn name(&self) -> &str {
        self.doc.get("name").and_then(Value::as_str).unwrap_or("")
    }

    /// The greeting in a few words, for the tree and the panel.
    pub fn greeting_summary(&self) -> String {
        match &self.greeting {
            Greeting::None => "no greeting".into(),
            Greeting::Speak { text, .. } => {
                let mut short: String = text.chars().take(40).collect();
                if text.chars().count() > 40 {
                    short.push('…');
                }
                format!("says “{short}”")
            }
            Greeting::Media { id } => format!("plays media {id}"),
        }
    }
}

/// The menu a `menu` step plays: its `data.id`, a Kazoo id or
/// `new-menu-<n>` (`callflows.menu.json`); `None` for another module or a
/// menu step without an id.
pub fn menu_key(node: &kazoo::callflow::Node) -> Option<String> {
    if node.module.name() != "menu" {
        return None;
    }
    node.module.data()?.get("id")?.as_str().map(str::to_owned)
}

/// The keys of the menus `doc`'s menu steps play, each once, in tree
/// order: the menus a draft reads in, keeps and syncs.
pub fn menu_keys(doc: &Callflow) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for (_, node) in doc.node_paths() {
        if let Some(key) = menu_key(node).filter(|k| !keys.contains(k)) {
            keys.push(key);
        }
    }
    keys
}

impl Working {
    /// The menu a node's `data.id` names.
    pub fn menu(&self, key: &str) -> Option<&MenuDraft> {
        self.menus.iter().find(|m| m.key == key)
    }

    /// The menu a node's `data.id` names, to change it.
    pub fn menu_mut(&mut self, key: &str) -> Option<&mut MenuDraft> {
        self.menus.iter_mut().find(|m| m.key == key)
    }

    /// A key for a new menu that no menu of the draft has.
    pub fn next_menu_key(&self) -> String {
        (1..)
            .map(|n| format!("{NEW_MENU_PREFIX}{n}"))
            .find(|key| self.menu(key).is_none())
            .unwrap_or_default()
    }
}

/// One choice of a picker: an id and what admins read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// The account's users, devices, voicemail boxes, callflows, media and
/// menus, for the pickers of the node forms (read from Kazoo when the
/// page loads; empty when Kazoo could not be reached).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Pickers {
    pub users: Vec<Choice>,
    pub devices: Vec<Choice>,
    pub vmboxes: Vec<Choice>,
    pub callflows: Vec<Choice>,
    pub media: Vec<Choice>,
    pub menus: Vec<Choice>,
    /// Why the lists are empty, when Kazoo could not be read.
    pub unavailable: Option<String>,
}

/// What the editor page needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorData {
    /// The draft; `None` on "New callflow" before the first save.
    pub draft: Option<DraftView>,
    /// What is being edited.
    pub working: Working,
    /// The start shape of a new callflow (`blank`, `pivot`, `menu`,
    /// `forward`), posted back with the first edit.
    pub start: Option<String>,
    pub pickers: Pickers,
    /// The account's numbers for the root's number picker.
    pub numbers: crate::numbers::model::NumberOptions,
    /// The feedback of the last refused post: message and field errors
    /// (`data.<key>`, `menu.<key>`, `name`, `numbers`, …).
    pub flash: Option<Flash>,
    pub errors: std::collections::BTreeMap<String, String>,
    /// The fields of the refused post, as typed, to show again.
    pub typed: std::collections::BTreeMap<String, String>,
    pub sync_log: Vec<SyncLogEntry>,
}

/// The id a `callflow` step holds to start this very callflow again
/// ("back to the main menu") before Kazoo has given it an id. Sync puts
/// the id in: at once for a callflow Kazoo has; for a new one, right after
/// creating it (one more replace).
pub const THIS_CALLFLOW: &str = "this-callflow";

/// The paths of the `callflow` steps of `doc` that name `id`.
fn steps_naming(doc: &Callflow, id: &str) -> Vec<kazoo::callflow::NodePath> {
    doc.node_paths()
        .into_iter()
        .filter(|(_, n)| n.module.name() == "callflow")
        .filter(|(_, n)| {
            n.module
                .data()
                .and_then(|d| d.get("id").and_then(Value::as_str).map(|s| s == id))
                .unwrap_or(false)
        })
        .map(|(p, _)| p)
        .collect()
}

/// Whether a step of `doc` starts it again by [`THIS_CALLFLOW`].
pub fn names_itself(doc: &Callflow) -> bool {
    !steps_naming(doc, THIS_CALLFLOW).is_empty()
}

/// `doc` with every [`THIS_CALLFLOW`] replaced by its Kazoo id `id` (the
/// steps' other keys as they were).
pub fn with_own_id(doc: &Callflow, id: &str) -> Callflow {
    let mut out = doc.clone();
    for path in steps_naming(doc, THIS_CALLFLOW) {
        let Some(Value::Object(mut data)) = out.node(&path).and_then(|n| n.module.data()) else {
            continue;
        };
        data.insert("id".into(), Value::from(id));
        let _ = out.apply(&kazoo::callflow::Edit::Replace {
            at: path,
            module: "callflow".into(),
            data: Some(Value::Object(data)),
        });
    }
    out
}
