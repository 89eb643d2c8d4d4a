//! What any text an admin types may hold. Postgres refuses NUL in text,
//! control characters break headers and logs, and bidi controls can make
//! a name read differently from what it is ("Trojan Source"), so every
//! field is checked here before it goes anywhere.

/// Invisible formatting characters (Unicode category Cf, the ones met in
/// practice): zero-width spaces and joiners, direction marks, the BOM.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// Bidi embedding, override and isolate controls: they reorder the text
/// around them when it is shown.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What is wrong with a one-line text, in an admin's words: a control
/// character (NUL, tab, new line, …) or a bidi control. `None` when fine.
pub fn line_problem(text: &str) -> Option<&'static str> {
    if text.chars().any(char::is_control) {
        Some("Remove the control characters (such as tabs, line breaks or NUL) from this text.")
    } else if text.chars().any(is_bidi_control) {
        Some("Remove the invisible text-direction characters from this text.")
    } else {
        None
    }
}

/// What is wrong with a name (a pivot action's, a callflow's, an API
/// token's), in an admin's words: what [`line_problem`] says, or `<` or
/// `>`. A name is a label shown in many places (this console, Kazoo's
/// own UI, exports, logs), so markup in one is meant to run somewhere;
/// no name needs it. `None` when fine.
pub fn name_problem(text: &str) -> Option<&'static str> {
    line_problem(text).or_else(|| {
        text.contains(['<', '>'])
            .then_some("A name is plain text: remove the < and > characters.")
    })
}

/// Whether `text` shows anything: not only spaces and invisible marks.
pub fn has_visible(text: &str) -> bool {
    text.chars().any(|c| !c.is_whitespace() && !is_invisible(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_refused() {
        assert_eq!(line_problem("Support line"), None);
        assert_eq!(line_problem("Café · 24/7"), None);
        assert!(line_problem("a\u{0}b").is_some());
        assert!(line_problem("a\tb").is_some());
        assert!(line_problem("a\nb").is_some());
        assert!(line_problem("abc\u{202E}fdp.exe").is_some());
        assert!(line_problem("\u{2067}x").is_some());
    }

    #[test]
    fn names_hold_no_markup() {
        assert_eq!(name_problem("Sales & support (24/7)"), None);
        for markup in [
            "<script>alert(1)</script>",
            "a<b",
            "x>y",
            "<img src=x onerror=alert(1)>",
        ] {
            assert!(
                name_problem(markup).unwrap().contains("< and >"),
                "{markup}"
            );
        }
        assert!(name_problem("a\u{0}b")
            .unwrap()
            .contains("control characters"));
    }

    #[test]
    fn invisible_only_text_shows_nothing() {
        assert!(has_visible("a"));
        assert!(has_visible(" \u{200B}x"));
        for blank in [
            "",
            "   ",
            "\u{200B}\u{200D}",
            "\u{FEFF}",
            "\u{202E}\u{200F}",
            "\u{00A0}",
        ] {
            assert!(!has_visible(blank), "{blank:?}");
        }
    }
}
