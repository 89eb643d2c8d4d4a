//! The editor's edits (both targets): read from a form's fields, so the
//! same post works as a plain form (the server applies it and renders the
//! page again) and in the page (the model runs in WASM, and Save draft
//! stores the result).
//!
//! Fields: `op` (`root`, `step`, `add`, `delete`, `move`, `key`, `copy`),
//! `path` (the node, as `NodePath` prints it: `""` is the first node,
//! `/1/_` its `1` child's `_` child), `key` (a branch key), `to` (the new
//! parent), `module` (for `add`), `name` and `numbers` (for `root`), and
//! the node form's `data.<key>` and `menu.<key>` fields (for `step`).

use std::collections::BTreeMap;

use kazoo::callflow::{Edit, Node, NodePath};
use serde_json::{Map, Value};

use super::{
    menu_form,
    model::{MenuDraft, Working},
    start,
};

/// One edit, as a form posts it.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorOp {
    /// The callflow's name and numbers (numbers as typed, one per line or
    /// comma-separated).
    Root { name: String, numbers: String },
    /// The node form of `path`: its data fields and, for a menu, the menu
    /// document's.
    Step {
        path: NodePath,
        fields: BTreeMap<String, String>,
    },
    /// A new node running `module` under `parent` on branch `key`; no
    /// parent sets the first node of an empty flow.
    Add {
        parent: Option<NodePath>,
        key: String,
        module: String,
    },
    /// Delete the node and everything under it.
    Delete { path: NodePath },
    /// Move the node (with its subtree) under `to` on `key`.
    Move {
        path: NodePath,
        to: NodePath,
        key: String,
    },
    /// Put the node on another branch key of its parent.
    Key { path: NodePath, key: String },
    /// Copy the node (with its subtree) under `to` on `key`.
    Copy {
        path: NodePath,
        to: NodePath,
        key: String,
    },
}

/// Why an edit was not made: a message, and field messages for the form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpError {
    pub message: String,
    pub fields: BTreeMap<String, String>,
}

impl OpError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }
}

impl EditorOp {
    /// Reads an edit from a form's fields.
    ///
    /// # Errors
    /// An unknown `op`, or a path that does not parse.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, OpError> {
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        for (key, value) in pairs {
            // A repeated field (a list of checkboxes) joins its values.
            fields
                .entry(key.to_owned())
                .and_modify(|v| {
                    v.push('\n');
                    v.push_str(value);
                })
                .or_insert_with(|| value.to_owned());
        }
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let path = |k: &str| -> Result<NodePath, OpError> {
            get(k)
                .parse::<NodePath>()
                .map_err(|_| OpError::new("That step is not in this callflow. Reload the page."))
        };
        let key = get("key").trim().to_owned();
        Ok(match get("op").as_str() {
            "root" => Self::Root {
                name: get("name"),
                numbers: get("numbers"),
            },
            "step" => Self::Step {
                path: path("path")?,
                fields: fields
                    .iter()
                    .filter(|(k, _)| k.starts_with("data.") || k.starts_with("menu."))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            },
            "add" => Self::Add {
                parent: match fields.get("path") {
                    Some(_) => Some(path("path")?),
                    None => None,
                },
                key,
                module: get("module").trim().to_owned(),
            },
            "delete" => Self::Delete {
                path: path("path")?,
            },
            "move" => Self::Move {
                path: path("path")?,
                to: path("to")?,
                key,
            },
            "key" => Self::Key {
                path: path("path")?,
                key,
            },
            "copy" => Self::Copy {
                path: path("path")?,
                to: path("to")?,
                key,
            },
            _ => {
                return Err(OpError::new(
                    "That button does nothing here. Reload the page.",
                ))
            }
        })
    }

    /// Makes the edit; returns the node to show selected after it.
    ///
    /// # Errors
    /// What is wrong, in the admin's words; `working` is then unchanged.
    pub fn apply(&self, working: &mut Working) -> Result<Option<NodePath>, OpError> {
        let mut next = working.clone();
        let selected = self.apply_to(&mut next)?;
        *working = next;
        Ok(selected)
    }

    fn apply_to(&self, working: &mut Working) -> Result<Option<NodePath>, OpError> {
        let edit_error = |e: kazoo::callflow::EditError| OpError::new(e.to_string());
        match self {
            Self::Root { name, numbers } => {
                super::root::apply(&mut working.doc, name, numbers)?;
                Ok(None)
            }
            Self::Step { path, fields } => {
                step(working, path, fields)?;
                Ok(Some(path.clone()))
            }
            Self::Add {
                parent,
                key,
                module,
            } => {
                let data = start::new_data(working, module)
                    .ok_or_else(|| OpError::new("Pick what the new step does."))?;
                let (parent, key) = match parent {
                    Some(parent) if key.is_empty() => {
                        let _ = parent;
                        return Err(OpError::new("Pick the branch the new step goes on."));
                    }
                    Some(parent) => (parent.clone(), key.clone()),
                    None => (NodePath::root(), String::new()),
                };
                let edit = Edit::Add {
                    parent,
                    key,
                    module: module.clone(),
                    data: Some(Value::Object(data)),
                };
                working.doc.apply(&edit).map_err(edit_error)?;
                Ok(edit.selects())
            }
            Self::Delete { path } => {
                let edit = Edit::Delete { at: path.clone() };
                working.doc.apply(&edit).map_err(edit_error)?;
                drop_unused_menus(working);
                Ok(path.parent())
            }
            Self::Move { path, to, key } => {
                let edit = Edit::Move {
                    from: path.clone(),
                    parent: to.clone(),
                    key: key.clone(),
                };
                working.doc.apply(&edit).map_err(edit_error)?;
                Ok(edit.selects())
            }
            Self::Key { path, key } => {
                let edit = Edit::Rekey {
                    at: path.clone(),
                    key: key.clone(),
                };
                working.doc.apply(&edit).map_err(edit_error)?;
                Ok(edit.selects())
            }
            Self::Copy { path, to, key } => {
                let edit = Edit::Copy {
                    from: path.clone(),
                    parent: to.clone(),
                    key: key.clone(),
                };
                working.doc.apply(&edit).map_err(edit_error)?;
                Ok(edit.selects())
            }
        }
    }
}

/// The node form of `path` applied: a patch on the node's data (keys the
/// admin did not change stay as they were), and the menu's fields.
fn step(
    working: &mut Working,
    path: &NodePath,
    fields: &BTreeMap<String, String>,
) -> Result<(), OpError> {
    let node = working
        .doc
        .node(path)
        .ok_or_else(|| {
            OpError::new("That step is not in this callflow any more. Reload the page.")
        })?
        .clone();
    let input: BTreeMap<String, String> = fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("data.").map(|k| (k.to_owned(), v.clone())))
        .collect();
    let data = node_data(&node);
    let new_data =
        super::node_form::apply(node.module.name(), &data, &input).map_err(|fields| OpError {
            message: "Nothing was changed: fix the highlighted fields.".into(),
            fields: fields
                .into_iter()
                .map(|(k, v)| (format!("data.{k}"), v))
                .collect(),
        })?;
    let mut errors = BTreeMap::new();
    if node.module.name() == "menu" {
        let menu_input: BTreeMap<String, String> = fields
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("menu.").map(|k| (k.to_owned(), v.clone())))
            .collect();
        if !menu_input.is_empty() {
            let key = new_data
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if let Some(menu) = working.menu_mut(&key) {
                if let Err(e) = menu_form::apply(menu, &menu_input) {
                    errors.extend(e.into_iter().map(|(k, v)| (format!("menu.{k}"), v)));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(OpError {
            message: "Nothing was changed: fix the highlighted fields.".into(),
            fields: errors,
        });
    }
    if new_data != data {
        working
            .doc
            .apply(&Edit::Replace {
                at: path.clone(),
                module: node.module.name().to_owned(),
                data: Some(Value::Object(new_data)),
            })
            .map_err(|e| OpError::new(e.to_string()))?;
    }
    Ok(())
}

/// A node's data as a JSON object (empty when it has none).
pub fn node_data(node: &Node) -> Map<String, Value> {
    match node.module.data() {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Forgets new menus no node points at any more (a deleted menu step);
/// menus Kazoo has are kept: the draft never deletes them.
fn drop_unused_menus(working: &mut Working) {
    let used = super::model::menu_keys(&working.doc);
    working
        .menus
        .retain(|m: &MenuDraft| !m.is_new() || used.contains(&m.key));
}
