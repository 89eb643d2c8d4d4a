//! JSON syntax errors with their place: serde_json's line and column,
//! moved back to the comma for a trailing comma (serde_json reports the
//! closing bracket after it).

use super::JsonSyntaxError;
use crate::checker::{Finding, Handling, Position};

/// The error with its place in `body`.
pub(super) fn locate(body: &str, error: &serde_json::Error) -> JsonSyntaxError {
    let reported = Position {
        line: error.line() as u32,
        column: error.column() as u32,
    };
    let text = error.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    };
    let at = if message.starts_with("trailing comma") {
        offset_of(body, reported)
            .and_then(|offset| comma_before(body, offset))
            .map_or(reported, |offset| position_of(body, offset))
    } else {
        reported
    };
    JsonSyntaxError { at, message }
}

/// The finding for a syntax error, with a fix for the usual faults.
pub(super) fn finding(error: &JsonSyntaxError) -> Finding {
    let fix = if error.message.starts_with("trailing comma") {
        "Remove the comma after the last item: JSON allows no trailing commas."
    } else if error.message.contains("expected value") || error.message.contains("comment") {
        "Send strict JSON: no comments, no trailing commas, keys and strings in double quotes."
    } else {
        "Send valid JSON (check it with a JSON validator)."
    };
    Finding {
        at: Some(error.at),
        element: String::new(),
        attribute: None,
        value: None,
        handling: Handling::Unreadable,
        message: format!(
            "Not valid JSON: {} at {}. Kazoo's JSON decoder fails and the call is hung up.",
            error.message, error.at
        ),
        fix: Some(fix.to_owned()),
    }
}

/// Where the first `"key":` is written (a good guess for a top-level key).
pub(super) fn key_position(body: &str, key: &str) -> Option<Position> {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = body[from..].find(&needle) {
        let at = from + i;
        let rest = body[at + needle.len()..].trim_start();
        if rest.starts_with(':') {
            return Some(position_of(body, at));
        }
        from = at + needle.len();
    }
    None
}

/// The byte offset of a 1-based line and column (columns in characters).
fn offset_of(body: &str, at: Position) -> Option<usize> {
    let line_start = if at.line <= 1 {
        0
    } else {
        body.match_indices('\n').nth(at.line as usize - 2)?.0 + 1
    };
    let line = &body[line_start..];
    let column = (at.column as usize).saturating_sub(1);
    let within = line
        .char_indices()
        .nth(column)
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + within)
}

/// The 1-based line and column of a byte offset.
fn position_of(body: &str, offset: usize) -> Position {
    let before = &body[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: before[line_start..].chars().count() as u32 + 1,
    }
}

/// The comma before `offset`, past whitespace only.
fn comma_before(body: &str, offset: usize) -> Option<usize> {
    let before = body.get(..offset)?;
    let trimmed = before.trim_end();
    trimmed.ends_with(',').then(|| trimmed.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_comma_is_placed_on_the_comma() {
        let body = "{\n  \"a\": 1,\n  \"b\": 2,\n}";
        let error = serde_json::from_str::<serde_json::Value>(body).unwrap_err();
        let located = locate(body, &error);
        assert_eq!(located.at, Position { line: 3, column: 9 });
        assert!(
            located.message.starts_with("trailing comma"),
            "{}",
            located.message
        );
    }

    #[test]
    fn keys_are_found() {
        let body = "{\n  \"x\": \"flow\",\n  \"flow\" : {}\n}";
        assert_eq!(
            key_position(body, "flow"),
            Some(Position { line: 3, column: 3 })
        );
        assert_eq!(key_position(body, "numbers"), None);
    }
}
