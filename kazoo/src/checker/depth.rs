//! How deeply an answer nests, measured before it is parsed, so a
//! hostile or broken answer (20 KB of `[`, thousands of nested
//! `<Gather>`s) is refused with a finding instead of overflowing the
//! stack of the recursive readers (`json5`, the TwiML tree, the matrix).

use super::{Finding, Handling, Position};

/// The deepest nesting the checker reads: JSON arrays and objects, or
/// XML elements (the root counts as 1). A Pivot answer needs a handful
/// of levels; Kazoo itself has no such limit [infer: jiffy and xmerl
/// read any depth].
pub const NESTING_MAX: usize = 64;

/// Where nesting first went past [`NESTING_MAX`], and the deepest level
/// reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    pub at: Position,
    pub depth: usize,
}

/// The JSON (or JSON5) nesting of `text`, by one linear scan: `[` and `{`
/// outside strings and comments open a level, `]` and `}` close one.
/// `None` when it stays within [`NESTING_MAX`]. Strings in `"` or `'`
/// (JSON5) with `\` escapes, and `//` and `/* */` comments, are skipped,
/// so a bracket inside them never counts.
pub(crate) fn json(text: &str) -> Option<TooDeep> {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut first_over) = (0usize, 0usize, None);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > NESTING_MAX && first_over.is_none() {
                    first_over = Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    first_over.map(|offset| TooDeep {
        at: position(text, offset),
        depth: deepest,
    })
}

/// The element nesting of a parsed XML document (the root element is
/// level 1), walked without recursion. `None` within [`NESTING_MAX`].
pub(crate) fn xml(doc: &roxmltree::Document<'_>) -> Option<TooDeep> {
    // Nodes come in document order, each after its parent: its depth is
    // its parent's plus one (elements only), kept by node index.
    let mut depths = vec![0usize; doc.descendants().count() + 1];
    let (mut deepest, mut first_over) = (0usize, None);
    for node in doc.root().descendants() {
        let parent = node.parent().map_or(0, |p| depths[p.id().get_usize()]);
        let depth = parent + usize::from(node.is_element());
        depths[node.id().get_usize()] = depth;
        if depth > deepest {
            deepest = depth;
            if depth > NESTING_MAX && first_over.is_none() {
                first_over = Some(node.range().start);
            }
        }
    }
    first_over.map(|offset| {
        let pos = doc.text_pos_at(offset);
        TooDeep {
            at: Position {
                line: pos.row,
                column: pos.col,
            },
            depth: deepest,
        }
    })
}

/// The finding for an answer nested too deeply: the checker stops there.
pub(crate) fn finding(too_deep: TooDeep, what: &str) -> Finding {
    Finding {
        at: Some(too_deep.at),
        element: String::new(),
        attribute: None,
        value: None,
        handling: Handling::NotChecked,
        message: format!(
            "The answer's {what} is nested {} levels deep; Kazoo has no such limit, but the \
             checker reads at most {NESTING_MAX} levels, so it cannot say what Kazoo does with \
             this answer. No Pivot answer needs this depth.",
            too_deep.depth
        ),
        fix: Some(format!(
            "Nest at most {NESTING_MAX} levels: a Pivot answer needs only a few."
        )),
    }
}

/// Line and column (in characters, from 1) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX),
        column: u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let deep = "[".repeat(NESTING_MAX + 1);
        assert!(json(&deep).is_some());
        assert!(json(&format!("[\"{deep}\"]")).is_none());
        assert!(json(&format!("['{deep}']")).is_none());
        assert!(json(&format!("[\"\\\"{deep}\"]")).is_none());
        assert!(json(&format!("// {deep}\n[1]")).is_none());
        assert!(json(&format!("/* {deep} */ [1]")).is_none());
        assert!(json(&"[]".repeat(1000)).is_none());
    }

    #[test]
    fn the_first_level_too_deep_is_located() {
        let text = format!("\n  {}", "{\"a\":".repeat(NESTING_MAX + 3));
        let found = json(&text).unwrap();
        assert_eq!(found.depth, NESTING_MAX + 3);
        assert_eq!(found.at.line, 2);
        assert_eq!(found.at.column as usize, 3 + NESTING_MAX * 5);
    }
}
