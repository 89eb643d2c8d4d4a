//! A text area's initial text. Leptos writes a `<textarea>`'s children
//! into the server's HTML without escaping them (tachys treats it like
//! `<script>`), so a text holding `</textarea>` would end the element and
//! the rest would be read as HTML. On the server the text is escaped here;
//! in the browser it is given as it is (hydration keeps the server's text
//! node and does not write it again).

/// The text to put between `<textarea>` and `</textarea>`.
pub fn text_area_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        escaped(text)
    } else {
        text.to_owned()
    }
}

/// `&` and `<` as character references, and a leading line break doubled
/// (the HTML parser drops the first one after `<textarea>`).
fn escaped(text: &str) -> String {
    let body = text.replace('&', "&amp;").replace('<', "&lt;");
    if body.starts_with('\n') || body.starts_with("\r\n") {
        format!("\n{body}")
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::escaped;

    #[test]
    fn markup_in_the_text_stays_text() {
        assert_eq!(
            escaped("{\"a\": \"</textarea><b>&amp;\"}"),
            "{\"a\": \"&lt;/textarea>&lt;b>&amp;amp;\"}"
        );
        assert_eq!(escaped("\n1001"), "\n\n1001");
        assert_eq!(escaped("plain"), "plain");
    }
}
