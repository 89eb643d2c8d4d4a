//! Undo and redo for the editor: whole-document snapshots (documents are
//! small), so an undo gives back exactly the previous document, key order
//! included.

use std::collections::VecDeque;

use super::{Callflow, Edit, EditError};

/// How many edits can be undone by default.
pub const HISTORY_DEPTH: usize = 100;

/// The documents before each edit (to undo) and after each undone one (to
/// redo), at most `depth` of each; the oldest are forgotten first.
#[derive(Debug, Clone)]
pub struct History {
    undo: VecDeque<Callflow>,
    redo: Vec<Callflow>,
    depth: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::with_depth(HISTORY_DEPTH)
    }
}

impl History {
    /// An empty history keeping up to [`HISTORY_DEPTH`] edits.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty history keeping up to `depth` edits (at least one).
    pub fn with_depth(depth: usize) -> Self {
        Self {
            undo: VecDeque::new(),
            redo: Vec::new(),
            depth: depth.max(1),
        }
    }

    /// Makes `edit` on `doc` and remembers the document before it; a new
    /// edit forgets what was undone. A refused edit, or one that changes
    /// no byte, is not remembered.
    ///
    /// # Errors
    /// As [`Callflow::apply`]; `doc` is then unchanged.
    pub fn apply(&mut self, doc: &mut Callflow, edit: &Edit) -> Result<(), EditError> {
        let before = doc.clone();
        doc.apply(edit)?;
        self.record(before, doc);
        Ok(())
    }

    /// Remembers `before` as the document preceding `now`, for a change
    /// made some other way (a node's form). Nothing is remembered when
    /// they print the same.
    pub fn record(&mut self, before: Callflow, now: &Callflow) {
        if same_bytes(&before, now) {
            return;
        }
        self.redo.clear();
        self.undo.push_back(before);
        while self.undo.len() > self.depth {
            self.undo.pop_front();
        }
    }

    /// Puts back the document before the last edit; `false` when there is
    /// nothing to undo.
    pub fn undo(&mut self, doc: &mut Callflow) -> bool {
        let Some(before) = self.undo.pop_back() else {
            return false;
        };
        self.redo.push(std::mem::replace(doc, before));
        true
    }

    /// Makes the last undone edit again; `false` when there is nothing to
    /// redo.
    pub fn redo(&mut self, doc: &mut Callflow) -> bool {
        let Some(after) = self.redo.pop() else {
            return false;
        };
        self.undo.push_back(std::mem::replace(doc, after));
        true
    }

    /// Whether there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many edits can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// How many undone edits can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets every edit (after a save, say).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

fn same_bytes(a: &Callflow, b: &Callflow) -> bool {
    serde_json::to_string(&a.to_value()).ok() == serde_json::to_string(&b.to_value()).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::callflow::NodePath;

    fn text(doc: &Callflow) -> String {
        serde_json::to_string(doc).unwrap()
    }

    fn add(key: &str) -> Edit {
        Edit::Add {
            parent: NodePath::root(),
            key: key.into(),
            module: "hangup".into(),
            data: None,
        }
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_byte_for_byte() {
        let original: serde_json::Value = serde_json::from_str(
            r#"{"numbers":["1"],"flow":{"data":{"id":"m"},"module":"menu"},"name":"M"}"#,
        )
        .unwrap();
        let mut doc = Callflow::from_value(original.clone()).unwrap();
        let first = text(&doc);
        assert_eq!(first, serde_json::to_string(&original).unwrap());
        let mut history = History::new();
        history.apply(&mut doc, &add("1")).unwrap();
        let second = text(&doc);
        history.apply(&mut doc, &add("2")).unwrap();
        let third = text(&doc);
        assert!(history.undo(&mut doc));
        assert_eq!(text(&doc), second);
        assert!(history.undo(&mut doc));
        assert_eq!(text(&doc), first);
        assert!(!history.undo(&mut doc), "nothing left to undo");
        assert!(history.redo(&mut doc));
        assert!(history.redo(&mut doc));
        assert_eq!(text(&doc), third);
        assert!(!history.redo(&mut doc));
    }

    #[test]
    fn a_new_edit_forgets_the_undone_ones_and_refusals_are_not_kept() {
        let mut doc =
            Callflow::from_value(json!({"flow": {"module": "menu", "data": {}}})).unwrap();
        let mut history = History::new();
        history.apply(&mut doc, &add("1")).unwrap();
        history.undo(&mut doc);
        assert!(history.can_redo());
        history.apply(&mut doc, &add("2")).unwrap();
        assert!(!history.can_redo());
        let before = text(&doc);
        assert!(history.apply(&mut doc, &add("2")).is_err());
        assert_eq!(text(&doc), before);
        assert_eq!(history.undo_len(), 1);
        // Moving a node where it is changes no byte: nothing to undo.
        let stay = Edit::Move {
            from: NodePath::root().child("2"),
            parent: NodePath::root(),
            key: "2".into(),
        };
        history.apply(&mut doc, &stay).unwrap();
        assert_eq!(history.undo_len(), 1);
    }

    #[test]
    fn the_oldest_edits_are_forgotten_past_the_depth() {
        let mut doc =
            Callflow::from_value(json!({"flow": {"module": "menu", "data": {}}})).unwrap();
        let start = text(&doc);
        let mut history = History::with_depth(3);
        for key in ["1", "2", "3", "4", "5"] {
            history.apply(&mut doc, &add(key)).unwrap();
        }
        assert_eq!(history.undo_len(), 3);
        while history.undo(&mut doc) {}
        assert_ne!(text(&doc), start, "the first two edits are beyond undo");
        assert_eq!(
            doc.flow.as_ref().unwrap().children.as_ref().unwrap().len(),
            2
        );
        history.clear();
        assert!(!history.can_undo() && !history.can_redo());
    }
}
