//! A TwiML document as an owned tree with positions, read with
//! `roxmltree` (XML comments and processing instructions dropped,
//! whitespace-only text dropped as `kz_xml:filter_empty_text` does).
//! Nesting is measured before the tree is built: deeper than
//! [`crate::checker::NESTING_MAX`] is refused.

use serde::{Deserialize, Serialize};

use crate::checker::{
    depth::{self, TooDeep},
    Position,
};

/// Why the XML does not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxError {
    pub at: Position,
    pub message: String,
}

/// Why a text gives no [`Doc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    /// The XML does not parse.
    Syntax(SyntaxError),
    /// Elements nest deeper than [`crate::checker::NESTING_MAX`]: the
    /// checker does not read it. `at`: the first element too deep;
    /// `depth`: the deepest level.
    TooDeep { at: Position, depth: usize },
}

/// One element with its attributes, text and child elements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Element {
    /// The name as written (case-sensitive, no namespace prefix).
    pub name: String,
    /// Where the element starts.
    pub at: Position,
    /// Attributes in document order: name, value, where.
    pub attributes: Vec<(String, String, Position)>,
    /// Child elements in order.
    pub children: Vec<Element>,
    /// The text directly inside, joined (whitespace kept).
    pub text: String,
    /// Whether anything at all is inside, even whitespace or a comment
    /// (`<Record>`, `<Pause>`, `<Hangup>`, `<Reject>` must be truly empty,
    /// §4.1).
    pub has_content: bool,
}

impl Element {
    /// The value of attribute `name` (case-sensitive).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| v.as_str())
    }

    /// Where attribute `name` is written, else where the element is.
    pub fn attr_at(&self, name: &str) -> Position {
        self.attributes
            .iter()
            .find(|(n, _, _)| n == name)
            .map_or(self.at, |(_, _, at)| *at)
    }

    /// The text with leading and trailing whitespace removed.
    pub fn trimmed_text(&self) -> &str {
        self.text.trim()
    }
}

/// A parsed XML document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    pub root: Element,
}

impl Doc {
    /// Parses `text` as XML.
    ///
    /// # Errors
    /// A syntax error with its line and column (roxmltree's), or
    /// [`DocError::TooDeep`].
    pub fn parse(text: &str) -> Result<Self, DocError> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        };
        let xml = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
            let pos = e.pos();
            DocError::Syntax(SyntaxError {
                at: Position {
                    line: pos.row,
                    column: pos.col,
                },
                message: e.to_string(),
            })
        })?;
        if let Some(TooDeep { at, depth }) = depth::xml(&xml) {
            return Err(DocError::TooDeep { at, depth });
        }
        let mut lines = Lines::new(text);
        Ok(Self {
            root: element(&mut lines, xml.root_element()),
        })
    }

    /// The verbs: the root's child elements, in order (text between them
    /// is skipped, as `kzt_twiml:exec_elements` does).
    pub fn verbs(&self) -> &[Element] {
        &self.root.children
    }
}

/// Byte offsets to line and column (characters, from 1): a table of line
/// starts searched by halves, and a cursor so offsets met in document
/// order are counted from the last one, not from the line's start (a
/// 1 MB answer on one line stays linear).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last offset asked, with its column.
    cursor: (usize, u32),
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            starts,
            cursor: (0, 1),
        }
    }

    fn position(&mut self, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let (from, column) = if self.cursor.0 >= start && self.cursor.0 <= offset {
            self.cursor
        } else {
            (start, 1)
        };
        let column = column + u32::try_from(self.text[from..offset].chars().count()).unwrap_or(0);
        self.cursor = (offset, column);
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column,
        }
    }
}

/// The tree under `node`; recursion is bounded by the depth check.
fn element(lines: &mut Lines<'_>, node: roxmltree::Node<'_, '_>) -> Element {
    let at = lines.position(node.range().start);
    let attributes = node
        .attributes()
        .map(|a| {
            (
                a.name().to_owned(),
                a.value().to_owned(),
                lines.position(a.range().start),
            )
        })
        .collect();
    let mut text = String::new();
    let mut children = Vec::new();
    let mut has_content = false;
    for child in node.children() {
        has_content = true;
        if child.is_element() {
            children.push(element(lines, child));
        } else if let Some(t) = child.text().filter(|_| child.is_text()) {
            text.push_str(t);
        }
    }
    Element {
        name: node.tag_name().name().to_owned(),
        at,
        attributes,
        children,
        text,
        has_content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions from the line table agree with roxmltree's own count,
    /// in and out of document order, with multi-byte characters.
    #[test]
    fn positions_match_roxmltree() {
        let text =
            "<Response>\n  <Say a=\"é\" b=\"2\">héllo</Say><Play c=\"1\"/>\n\n <Pause/></Response>";
        let xml = roxmltree::Document::parse(text).unwrap();
        let mut lines = Lines::new(text);
        let mut offsets: Vec<usize> = xml
            .descendants()
            .filter(|n| n.is_element())
            .flat_map(|n| {
                std::iter::once(n.range().start).chain(n.attributes().map(|a| a.range().start))
            })
            .collect();
        offsets.extend(offsets.clone().into_iter().rev());
        for offset in offsets {
            let want = xml.text_pos_at(offset);
            assert_eq!(
                lines.position(offset),
                Position {
                    line: want.row,
                    column: want.col
                },
                "offset {offset}"
            );
        }
    }
}
