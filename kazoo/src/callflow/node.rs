//! A callflow node: `{module, data, children}`, children keyed by branch.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{KeyOrder, ModelError, Module};

/// A node's children by branch key, in the order they came (new ones
/// last).
pub type Children = IndexMap<String, Node>;

/// The branch Kazoo follows when a module finishes or fails without a
/// more specific one (a pivot server error, a menu timeout, …).
pub const FALLBACK_BRANCH: &str = "_";

/// One step of a callflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node does, with its data.
    pub module: Module,
    /// Child nodes by branch key (`_`, digits, …) in their stored order;
    /// `None` when the node has no `children` object.
    pub children: Option<Children>,
    /// Any other key of the node, unchanged.
    pub extra: Map<String, Value>,
    /// The order of the node's keys and of its data's keys as read
    /// (empty for a new node); printing puts them back in it.
    pub order: KeyOrder,
}

impl Node {
    /// A node without children.
    pub fn new(module: Module) -> Self {
        Self {
            module,
            children: None,
            extra: Map::new(),
            order: KeyOrder::default(),
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
    /// is kept (Kazoo writes `{}` for a leaf). A new branch goes last; a
    /// replaced one keeps its place.
    pub fn set_child(&mut self, branch: &str, child: Option<Node>) {
        match child {
            Some(child) => {
                self.children
                    .get_or_insert_with(Children::new)
                    .insert(branch.to_owned(), child);
            }
            None => {
                if let Some(children) = &mut self.children {
                    children.shift_remove(branch);
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

    /// Parses a node (`{module, data, children, …}`), its children with
    /// it.
    ///
    /// # Errors
    /// When it or a child is not an object or has no `module` string.
    pub fn from_value(value: Value) -> Result<Self, ModelError> {
        Self::parse(value, "flow")
    }

    pub(super) fn parse(value: Value, path: &str) -> Result<Self, ModelError> {
        let Value::Object(mut map) = value else {
            return Err(ModelError::NotAnObject(path.to_owned()));
        };
        let mut order = KeyOrder::shallow(&map);
        let Some(Value::String(name)) = map.shift_remove("module") else {
            return Err(ModelError::NoModule(path.to_owned()));
        };
        let data = map.shift_remove("data");
        if let Some(data) = &data {
            order.set("data", Some(KeyOrder::of(data)));
        }
        let children = match map.shift_remove("children") {
            Some(Value::Object(children)) => Some(
                children
                    .into_iter()
                    .map(|(key, child)| {
                        let child = Node::parse(child, &format!("{path}.children.{key}"))?;
                        Ok((key, child))
                    })
                    .collect::<Result<Children, ModelError>>()?,
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
            order,
        })
    }

    /// The node's `data` as JSON, its keys in the order they were read
    /// (new keys last); `None` when the node has no `data`.
    pub fn data(&self) -> Option<Value> {
        let mut data = self.module.data()?;
        if let Some(order) = self.order.get("data") {
            order.apply(&mut data);
        }
        Some(data)
    }

    /// The node as JSON, with its children, every key where it was read.
    pub fn to_value(&self) -> Value {
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
        let mut value = Value::Object(map);
        self.order.apply(&mut value);
        value
    }

    pub(super) fn walk<'a>(&'a self, path: String, out: &mut Vec<(String, &'a Node)>) {
        for (key, child) in self.children.iter().flatten() {
            child.walk(format!("{path}.children.{key}"), out);
        }
        out.push((path, self));
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(value).map_err(serde::de::Error::custom)
    }
}
