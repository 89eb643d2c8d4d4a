//! A callflow node: `{module, data, children}`, children keyed by branch.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{ModelError, Module};

/// The branch Kazoo follows when a module finishes or fails without a
/// more specific one (a pivot server error, a menu timeout, …).
pub const FALLBACK_BRANCH: &str = "_";

/// One step of a callflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node does, with its data.
    pub module: Module,
    /// Child nodes by branch key (`_`, digits, …); `None` when the node has
    /// no `children` object.
    pub children: Option<BTreeMap<String, Node>>,
    /// Any other key of the node, unchanged.
    pub extra: Map<String, Value>,
}

impl Node {
    /// A node without children.
    pub fn new(module: Module) -> Self {
        Self {
            module,
            children: None,
            extra: Map::new(),
        }
    }

    /// Adds (or replaces) the child on `branch`.
    pub fn with_child(mut self, branch: &str, child: Node) -> Self {
        self.set_child(branch, Some(child));
        self
    }

    /// The child on `branch`.
    pub fn child(&self, branch: &str) -> Option<&Node> {
        self.children.as_ref()?.get(branch)
    }

    /// Sets or removes the child on `branch`; an emptied `children` object
    /// is kept (Kazoo writes `{}` for a leaf).
    pub fn set_child(&mut self, branch: &str, child: Option<Node>) {
        match child {
            Some(child) => {
                self.children
                    .get_or_insert_with(BTreeMap::new)
                    .insert(branch.to_owned(), child);
            }
            None => {
                if let Some(children) = &mut self.children {
                    children.remove(branch);
                }
            }
        }
    }

    /// Whether Kazoo passes over this node to its `_` child
    /// (`"skip_module": true` in its data; `callflows.pivot.json` and
    /// every module's schema document it).
    pub fn is_skipped(&self) -> bool {
        self.module.data().is_some_and(|data| {
            matches!(data.get("skip_module"), Some(serde_json::Value::Bool(true)))
                || data.get("skip_module").and_then(|v| v.as_str()) == Some("true")
        })
    }

    pub(super) fn from_value(value: Value, path: &str) -> Result<Self, ModelError> {
        let Value::Object(mut map) = value else {
            return Err(ModelError::NotAnObject(path.to_owned()));
        };
        let Some(Value::String(name)) = map.remove("module") else {
            return Err(ModelError::NoModule(path.to_owned()));
        };
        let data = map.remove("data");
        let children = match map.remove("children") {
            Some(Value::Object(children)) => Some(
                children
                    .into_iter()
                    .map(|(key, child)| {
                        let child = Node::from_value(child, &format!("{path}.children.{key}"))?;
                        Ok((key, child))
                    })
                    .collect::<Result<BTreeMap<_, _>, ModelError>>()?,
            ),
            // Not an object: nothing to walk, so keep it as it came.
            Some(other) => {
                map.insert("children".into(), other);
                None
            }
            None => None,
        };
        Ok(Self {
            module: Module::from_parts(name, data),
            children,
            extra: map,
        })
    }

    pub(super) fn to_value(&self) -> Value {
        let mut map = self.extra.clone();
        map.insert(
            "module".into(),
            Value::String(self.module.name().to_owned()),
        );
        if let Some(data) = self.module.data() {
            map.insert("data".into(), data);
        }
        if let Some(children) = &self.children {
            let children = children
                .iter()
                .map(|(key, child)| (key.clone(), child.to_value()))
                .collect();
            map.insert("children".into(), Value::Object(children));
        }
        Value::Object(map)
    }

    pub(super) fn walk<'a>(&'a self, path: String, out: &mut Vec<(String, &'a Node)>) {
        for (key, child) in self.children.iter().flatten() {
            child.walk(format!("{path}.children.{key}"), out);
        }
        out.push((path, self));
    }
}
