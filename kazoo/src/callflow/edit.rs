//! Tree edits: add, delete, move, copy a subtree, change a branch key,
//! replace a node's module. Each is a function of the model that either
//! makes the whole change or, with an [`EditError`] in plain words, none;
//! [`Edit`] names one so the app can post it from a form or run it in the
//! browser.
//!
//! New branch keys follow [`super::branches`]; keys a document already
//! has are kept.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::{branches, Callflow, Module, Node, NodePath};

/// Longest module name Kazoo takes (`callflows.action.json`).
const MODULE_MAX_CHARS: usize = 64;

/// One change to the tree, as the editor posts it.
///
/// JSON: `{"op": "add", "parent": "/1", "key": "_", "module": "tts",
/// "data": {"text": "Hi"}}`; paths in [`NodePath`]'s text form. `data` may
/// also be the JSON text of an object (as a form field sends it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// A new node running `module` with `data` (`{}` when absent) on the
    /// branch `key` of `parent`; on an empty flow, the first node
    /// (`parent` and `key` empty).
    Add {
        /// The node to add under.
        parent: NodePath,
        /// The new node's branch key.
        #[serde(default)]
        key: String,
        /// The module name (`tts`, `menu`, …).
        module: String,
        /// The module's data: a JSON object.
        #[serde(default, deserialize_with = "object_or_text")]
        data: Option<Value>,
    },
    /// Removes the node at `at` with its subtree (at the first node: the
    /// whole flow).
    Delete {
        /// The node to remove.
        at: NodePath,
    },
    /// Moves the subtree at `from` to the branch `key` of `parent`.
    Move {
        /// The node to move.
        from: NodePath,
        /// Its new parent.
        parent: NodePath,
        /// Its branch key there.
        key: String,
    },
    /// Gives the node at `at` another branch key under the same parent.
    Rekey {
        /// The node.
        at: NodePath,
        /// Its new branch key.
        key: String,
    },
    /// Puts a copy of the subtree at `from` on the branch `key` of
    /// `parent`.
    Copy {
        /// The node to copy.
        from: NodePath,
        /// Where the copy goes.
        parent: NodePath,
        /// The copy's branch key there.
        key: String,
    },
    /// Gives the node at `at` another module and data, keeping its
    /// children and other keys.
    Replace {
        /// The node.
        at: NodePath,
        /// The module name.
        module: String,
        /// The module's data: a JSON object (`{}` when absent).
        #[serde(default, deserialize_with = "object_or_text")]
        data: Option<Value>,
    },
}

/// Why an edit was refused; the document is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The flow has no node yet.
    #[error("The flow has no nodes yet.")]
    EmptyFlow,
    /// No node at this path.
    #[error("There is no node at “{0}” any more.")]
    NoNode(NodePath),
    /// A first node was added with a branch key, or under another node.
    #[error("The flow is empty: the new node becomes its first node, which has no branch.")]
    FirstNodeHasNoBranch,
    /// No branch key was given.
    #[error("Choose a branch for the node.")]
    NoBranch,
    /// The parent does not offer this key for a new child.
    #[error("A {module} node has no branch “{key}”: it offers {offered}.")]
    KeyNotAllowed {
        /// The parent's module, in plain words.
        module: String,
        /// The key asked for.
        key: String,
        /// What it offers, in plain words.
        offered: String,
    },
    /// Another child holds this key.
    #[error("This {module} node already has a node on “{branch}”.")]
    KeyTaken {
        /// The parent's module, in plain words.
        module: String,
        /// The branch, in plain words.
        branch: String,
    },
    /// A move into the moved node's own subtree.
    #[error("A node cannot move into its own branches.")]
    IntoOwnSubtree,
    /// A move of the first node.
    #[error("The first node cannot move: every other node hangs from it.")]
    MoveFirstNode,
    /// A branch-key change of the first node.
    #[error("The first node has no branch to change.")]
    FirstNodeHasNoKey,
    /// An empty module name.
    #[error("Choose a module for the node.")]
    NoModule,
    /// A module name over Kazoo's limit.
    #[error("A module name is at most {MODULE_MAX_CHARS} characters.")]
    ModuleTooLong,
    /// Data that is not a JSON object.
    #[error("A node's data must be a JSON object.")]
    DataNotObject,
}

impl Edit {
    /// The node to select once the edit is made: the added, moved, copied,
    /// re-keyed or replaced node, or a deleted node's parent (`None` after
    /// deleting the first node).
    pub fn selects(&self) -> Option<NodePath> {
        match self {
            Edit::Add { parent, key, .. } if key.is_empty() => Some(parent.clone()),
            Edit::Add { parent, key, .. }
            | Edit::Move { parent, key, .. }
            | Edit::Copy { parent, key, .. } => Some(parent.child(key)),
            Edit::Delete { at } => at.parent(),
            Edit::Rekey { at, key } => at.parent().map(|p| p.child(key)),
            Edit::Replace { at, .. } => Some(at.clone()),
        }
    }
}

impl Module {
    /// The module `name` with `data` (`{}` when `None`), checked the way
    /// [`Edit::Add`] and [`Edit::Replace`] check them: typed when it reads
    /// back exactly, raw otherwise ([`Module::from_parts`]).
    ///
    /// # Errors
    /// An empty or over-long (64 characters) module name; data that is not
    /// a JSON object.
    pub fn checked(name: &str, data: Option<&Value>) -> Result<Module, EditError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(EditError::NoModule);
        }
        if name.chars().count() > MODULE_MAX_CHARS {
            return Err(EditError::ModuleTooLong);
        }
        let data = match data {
            None => Value::Object(Map::new()),
            Some(Value::Object(map)) => Value::Object(map.clone()),
            Some(_) => return Err(EditError::DataNotObject),
        };
        Ok(Module::from_parts(name.to_owned(), Some(data)))
    }
}

impl Callflow {
    /// Makes `edit`: all of it, or nothing and an error.
    ///
    /// # Errors
    /// See [`EditError`].
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        match edit {
            Edit::Add {
                parent,
                key,
                module,
                data,
            } => {
                let module = Module::checked(module, data.as_ref())?;
                self.add_child(parent, key, Node::new(module)).map(drop)
            }
            Edit::Delete { at } => self.delete(at).map(drop),
            Edit::Move { from, parent, key } => self.move_node(from, parent, key).map(drop),
            Edit::Rekey { at, key } => self.rekey(at, key).map(drop),
            Edit::Copy { from, parent, key } => self.copy_node(from, parent, key).map(drop),
            Edit::Replace { at, module, data } => {
                let module = Module::checked(module, data.as_ref())?;
                self.replace_module(at, module)
            }
        }
    }

    fn existing(&self, path: &NodePath) -> Result<&Node, EditError> {
        if self.flow.is_none() {
            return Err(EditError::EmptyFlow);
        }
        self.node(path)
            .ok_or_else(|| EditError::NoNode(path.clone()))
    }

    /// Adds `node` (with its subtree) on the branch `key` of `parent`, and
    /// gives its path. On an empty flow it becomes the first node: then
    /// `parent` is the first node's path and `key` is empty.
    ///
    /// # Errors
    /// No node at `parent`; a key the parent does not offer or already
    /// holds; a key given for a first node.
    pub fn add_child(
        &mut self,
        parent: &NodePath,
        key: &str,
        node: Node,
    ) -> Result<NodePath, EditError> {
        if self.flow.is_none() {
            if !parent.is_root() || !key.is_empty() {
                return Err(EditError::FirstNodeHasNoBranch);
            }
            self.flow = Some(node);
            return Ok(NodePath::root());
        }
        check_new_key(self.existing(parent)?, key)?;
        self.slot(parent)?.set_child(key, Some(node));
        Ok(parent.child(key))
    }

    /// Removes the node at `at` with its subtree and gives it back; the
    /// first node empties the flow.
    ///
    /// # Errors
    /// No node at `at`.
    pub fn delete(&mut self, at: &NodePath) -> Result<Node, EditError> {
        self.existing(at)?;
        match (at.parent(), at.key()) {
            (Some(parent), Some(key)) => self
                .slot(&parent)?
                .children
                .as_mut()
                .and_then(|children| children.shift_remove(key))
                .ok_or_else(|| EditError::NoNode(at.clone())),
            _ => self.flow.take().ok_or(EditError::EmptyFlow),
        }
    }

    /// Moves the subtree at `from` to the branch `key` of `parent` (last
    /// among its siblings) and gives its new path. Moving a node where it
    /// already is changes nothing.
    ///
    /// # Errors
    /// No node at `from` or `parent`; the first node; into its own
    /// subtree; a key the parent does not offer or already holds.
    pub fn move_node(
        &mut self,
        from: &NodePath,
        parent: &NodePath,
        key: &str,
    ) -> Result<NodePath, EditError> {
        self.existing(from)?;
        if from.is_root() {
            return Err(EditError::MoveFirstNode);
        }
        if parent.starts_with(from) {
            return Err(EditError::IntoOwnSubtree);
        }
        if from.parent().as_ref() == Some(parent) && from.key() == Some(key) {
            return Ok(from.clone());
        }
        check_new_key(self.existing(parent)?, key)?;
        let node = self.delete(from)?;
        self.slot(parent)?.set_child(key, Some(node));
        Ok(parent.child(key))
    }

    /// Gives the node at `at` the branch key `key` under the same parent,
    /// in the same place among its siblings, and gives its new path.
    ///
    /// # Errors
    /// No node at `at`; the first node; a key the parent does not offer or
    /// already holds.
    pub fn rekey(&mut self, at: &NodePath, key: &str) -> Result<NodePath, EditError> {
        self.existing(at)?;
        let Some(parent) = at.parent() else {
            return Err(EditError::FirstNodeHasNoKey);
        };
        let old = at.key().unwrap_or_default().to_owned();
        if old == key {
            return Ok(at.clone());
        }
        check_new_key(self.existing(&parent)?, key)?;
        if let Some(children) = self.slot(&parent)?.children.as_mut() {
            if let Some((index, _, node)) = children.shift_remove_full(&old) {
                children.shift_insert(index, key.to_owned(), node);
            }
        }
        Ok(parent.child(key))
    }

    /// Puts a copy of the subtree at `from` on the branch `key` of
    /// `parent` and gives the copy's path. The copy may go inside the
    /// subtree it copies.
    ///
    /// # Errors
    /// No node at `from` or `parent`; a key the parent does not offer or
    /// already holds.
    pub fn copy_node(
        &mut self,
        from: &NodePath,
        parent: &NodePath,
        key: &str,
    ) -> Result<NodePath, EditError> {
        let copy = self.existing(from)?.clone();
        check_new_key(self.existing(parent)?, key)?;
        self.slot(parent)?.set_child(key, Some(copy));
        Ok(parent.child(key))
    }

    /// Gives the node at `at` another module (with its data), keeping its
    /// children and other keys. With the same module name the data keeps
    /// its key order; another module starts afresh.
    ///
    /// # Errors
    /// No node at `at`.
    pub fn replace_module(&mut self, at: &NodePath, module: Module) -> Result<(), EditError> {
        let node = self.slot(at)?;
        if node.module.name() != module.name() {
            node.order.set("data", None);
        }
        node.module = module;
        Ok(())
    }

    fn slot(&mut self, path: &NodePath) -> Result<&mut Node, EditError> {
        if self.flow.is_none() {
            return Err(EditError::EmptyFlow);
        }
        self.node_mut(path)
            .ok_or_else(|| EditError::NoNode(path.clone()))
    }
}

/// Whether `parent` takes a new child on `key`.
fn check_new_key(parent: &Node, key: &str) -> Result<(), EditError> {
    if key.is_empty() {
        return Err(EditError::NoBranch);
    }
    let module = parent.module.name();
    if !branches::allows(module, key) {
        return Err(EditError::KeyNotAllowed {
            module: parent.module.label().to_owned(),
            key: key.to_owned(),
            offered: offered(module),
        });
    }
    if parent.child(key).is_some() {
        return Err(EditError::KeyTaken {
            module: parent.module.label().to_owned(),
            branch: branches::label(module, key),
        });
    }
    Ok(())
}

/// The keys `module` offers, in plain words.
fn offered(module: &str) -> String {
    match branches::allowed(module) {
        [only] => format!("only “{}” ({only})", branches::label(module, only)),
        _ => "the keys 0–9, * and #, and “No key pressed” (timeout)".to_owned(),
    }
}

/// `data` as a JSON object, or as the JSON text of one (a form field).
fn object_or_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("data is not JSON: {e}"))),
        other => Ok(other),
    }
}
