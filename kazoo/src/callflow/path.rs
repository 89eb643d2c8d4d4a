//! Where a node sits in the tree: the branch keys from the first node down.
//!
//! Its text form is an RFC 6901 JSON pointer over the keys only (`""` for
//! the first node, `"/1/_"` for the `_` child of its `1` child; `~` and `/`
//! in a key written `~0` and `~1`), so it fits in a URL or a form field.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Callflow, Node};

/// The branch keys from the first node to a node; empty for the first
/// node itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodePath(Vec<String>);

/// Why a text is not a node path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// Neither empty nor starting with `/`.
    #[error("A node path is empty (the first node) or starts with “/”.")]
    NoLeadingSlash,
    /// A `~` not followed by `0` or `1` (RFC 6901 §3).
    #[error("In a node path, “~” is written “~0” and “/” is written “~1”.")]
    BadEscape,
}

impl NodePath {
    /// The first node.
    pub fn root() -> Self {
        Self::default()
    }

    /// Whether this is the first node.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The branch keys, from the first node down.
    pub fn keys(&self) -> &[String] {
        &self.0
    }

    /// How deep the node is (0 for the first node).
    pub fn depth(&self) -> usize {
        self.0.len()
    }

    /// The path of this node's child on `key`.
    pub fn child(&self, key: &str) -> Self {
        let mut keys = self.0.clone();
        keys.push(key.to_owned());
        Self(keys)
    }

    /// The parent's path; `None` for the first node.
    pub fn parent(&self) -> Option<Self> {
        let (_, head) = self.0.split_last()?;
        Some(Self(head.to_vec()))
    }

    /// The branch key of the node under its parent; `None` for the first
    /// node.
    pub fn key(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }

    /// Whether `self` is `ancestor` or lies in its subtree.
    pub fn starts_with(&self, ancestor: &NodePath) -> bool {
        self.0.starts_with(&ancestor.0)
    }

    /// The path in Kazoo's dotted style, as schema errors name nodes
    /// (`flow`, `flow.children.1.children._`).
    pub fn to_dotted(&self) -> String {
        let mut out = String::from("flow");
        for key in &self.0 {
            out.push_str(".children.");
            out.push_str(key);
        }
        out
    }

    /// Reads the node out of a dotted error path (`flow.children.1.data.id`
    /// → the node `/1` and the rest `data.id`); `None` when it does not
    /// start at `flow`. Keys holding a dot cannot be told apart from the
    /// path and are read as far as the first dot.
    pub fn from_dotted(path: &str) -> Option<(Self, String)> {
        let mut parts = path.split('.').peekable();
        if parts.next()? != "flow" {
            return None;
        }
        let mut keys = Vec::new();
        let mut rest: Vec<&str> = Vec::new();
        while let Some(part) = parts.next() {
            if part == "children" && rest.is_empty() {
                if let Some(key) = parts.next() {
                    keys.push(key.to_owned());
                    continue;
                }
            }
            rest.push(part);
            rest.extend(parts.by_ref());
        }
        Some((Self(keys), rest.join(".")))
    }
}

impl From<Vec<String>> for NodePath {
    fn from(keys: Vec<String>) -> Self {
        Self(keys)
    }
}

impl fmt::Display for NodePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for key in &self.0 {
            write!(f, "/{}", key.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

impl FromStr for NodePath {
    type Err = PathError;

    fn from_str(text: &str) -> Result<Self, PathError> {
        if text.is_empty() {
            return Ok(Self::root());
        }
        let Some(rest) = text.strip_prefix('/') else {
            return Err(PathError::NoLeadingSlash);
        };
        rest.split('/')
            .map(unescape)
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

fn unescape(segment: &str) -> Result<String, PathError> {
    let mut out = String::with_capacity(segment.len());
    let mut chars = segment.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return Err(PathError::BadEscape),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

impl Serialize for NodePath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for NodePath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Callflow {
    /// The node at `path`; `None` when the flow is empty or a key is
    /// missing on the way.
    pub fn node(&self, path: &NodePath) -> Option<&Node> {
        let mut node = self.flow.as_ref()?;
        for key in path.keys() {
            node = node.child(key)?;
        }
        Some(node)
    }

    /// The node at `path`, to change it.
    pub fn node_mut(&mut self, path: &NodePath) -> Option<&mut Node> {
        let mut node = self.flow.as_mut()?;
        for key in path.keys() {
            node = node.children.as_mut()?.get_mut(key)?;
        }
        Some(node)
    }

    /// Every node with its path, parents before children, children in
    /// their stored order.
    pub fn node_paths(&self) -> Vec<(NodePath, &Node)> {
        fn walk<'a>(path: NodePath, node: &'a Node, out: &mut Vec<(NodePath, &'a Node)>) {
            out.push((path.clone(), node));
            for (key, child) in node.children.iter().flatten() {
                walk(path.child(key), child, out);
            }
        }
        let mut out = Vec::new();
        if let Some(flow) = &self.flow {
            walk(NodePath::root(), flow, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(keys: &[&str]) -> NodePath {
        NodePath::from(keys.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn paths_read_and_print_as_json_pointers() {
        assert_eq!(NodePath::root().to_string(), "");
        assert_eq!("".parse::<NodePath>().unwrap(), NodePath::root());
        let odd = path(&["1", "_", "a/b~c", ""]);
        assert_eq!(odd.to_string(), "/1/_/a~1b~0c/");
        assert_eq!(odd.to_string().parse::<NodePath>().unwrap(), odd);
        assert_eq!("/~01".parse::<NodePath>().unwrap(), path(&["~1"]));
        assert_eq!("1/_".parse::<NodePath>(), Err(PathError::NoLeadingSlash));
        assert_eq!("/a~2".parse::<NodePath>(), Err(PathError::BadEscape));
        assert_eq!("/a~".parse::<NodePath>(), Err(PathError::BadEscape));
        let json = serde_json::to_string(&path(&["1", "_"])).unwrap();
        assert_eq!(json, r#""/1/_""#);
        assert_eq!(
            serde_json::from_str::<NodePath>(&json).unwrap(),
            path(&["1", "_"])
        );
    }

    #[test]
    fn paths_know_their_family() {
        let p = path(&["1", "_"]);
        assert_eq!(p.parent(), Some(path(&["1"])));
        assert_eq!(p.key(), Some("_"));
        assert_eq!(NodePath::root().parent(), None);
        assert!(p.starts_with(&path(&["1"])));
        assert!(p.starts_with(&p));
        assert!(!path(&["1"]).starts_with(&p));
        assert!(!path(&["10"]).starts_with(&path(&["1"])));
        assert_eq!(NodePath::root().child("2").depth(), 1);
    }

    #[test]
    fn dotted_error_paths_name_their_node() {
        assert_eq!(p_dotted("flow"), Some((NodePath::root(), String::new())));
        assert_eq!(
            p_dotted("flow.children.1.children._.data.id"),
            Some((path(&["1", "_"]), "data.id".into()))
        );
        assert_eq!(
            p_dotted("flow.data.children"),
            Some((NodePath::root(), "data.children".into()))
        );
        assert_eq!(p_dotted("numbers.0"), None);
        assert_eq!(path(&["1", "_"]).to_dotted(), "flow.children.1.children._");
    }

    fn p_dotted(text: &str) -> Option<(NodePath, String)> {
        NodePath::from_dotted(text)
    }
}
