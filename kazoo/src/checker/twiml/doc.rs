//! A TwiML document as an owned tree with positions, read with
//! `roxmltree` (XML comments and processing instructions dropped,
//! whitespace-only text dropped as `kz_xml:filter_empty_text` does).

use serde::{Deserialize, Serialize};

use crate::checker::Position;

/// Why the XML does not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxError {
    pub at: Position,
    pub message: String,
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
    /// A syntax error with its line and column (roxmltree's).
    pub fn parse(text: &str) -> Result<Self, SyntaxError> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        };
        let xml = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
            let pos = e.pos();
            SyntaxError {
                at: Position {
                    line: pos.row,
                    column: pos.col,
                },
                message: e.to_string(),
            }
        })?;
        Ok(Self {
            root: element(&xml, xml.root_element()),
        })
    }

    /// The verbs: the root's child elements, in order (text between them
    /// is skipped, as `kzt_twiml:exec_elements` does).
    pub fn verbs(&self) -> &[Element] {
        &self.root.children
    }
}

fn position(xml: &roxmltree::Document<'_>, offset: usize) -> Position {
    let pos = xml.text_pos_at(offset);
    Position {
        line: pos.row,
        column: pos.col,
    }
}

fn element(xml: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>) -> Element {
    let attributes = node
        .attributes()
        .map(|a| {
            (
                a.name().to_owned(),
                a.value().to_owned(),
                position(xml, a.range().start),
            )
        })
        .collect();
    let mut text = String::new();
    let mut children = Vec::new();
    let mut has_content = false;
    for child in node.children() {
        has_content = true;
        if child.is_element() {
            children.push(element(xml, child));
        } else if let Some(t) = child.text().filter(|_| child.is_text()) {
            text.push_str(t);
        }
    }
    Element {
        name: node.tag_name().name().to_owned(),
        at: position(xml, node.range().start),
        attributes,
        children,
        text,
        has_content,
    }
}
