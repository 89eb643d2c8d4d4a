//! What the app exposes, read from its own pages: the forms (action,
//! method, fields with the values a browser would send), its links to
//! its own paths and their query keys. Plain string matching: the pages are the app's own
//! server-rendered HTML.

use std::collections::BTreeSet;

use regex::Regex;

/// A form as a browser would submit it untouched.
#[derive(Debug, Clone)]
pub struct Form {
    pub method: String,
    pub action: String,
    /// Every named field, with the value a browser sends (`None`: a field
    /// the browser leaves out, such as an unchecked box).
    pub fields: Vec<(String, Option<String>)>,
}

impl Form {
    /// The pairs a browser sends, with `field` set to `value`.
    pub fn with(&self, field: &str, value: &str) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .fields
            .iter()
            .filter(|(name, _)| name != field)
            .filter_map(|(name, v)| v.clone().map(|v| (name.clone(), v)))
            .collect();
        pairs.push((field.to_owned(), value.to_owned()));
        pairs
    }

    /// The pairs a browser sends for the form as it is.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter_map(|(name, v)| v.clone().map(|v| (name.clone(), v)))
            .collect()
    }

    /// The distinct field names.
    pub fn names(&self) -> BTreeSet<String> {
        self.fields.iter().map(|(n, _)| n.clone()).collect()
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let re = Regex::new(&format!(r#"\s{name}(?:="([^"]*)")?[\s/>]"#)).unwrap();
    re.captures(&format!("{tag} "))
        .map(|c| decode(c.get(1).map_or("", |m| m.as_str())))
}

/// HTML text as it reads: the entities the pages use decoded.
pub fn decode(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every form of a page.
pub fn forms(html: &str) -> Vec<Form> {
    let form_re = Regex::new(r"(?s)<form\b([^>]*)>(.*?)</form>").unwrap();
    let field_re = Regex::new(r"(?s)<(input|select|textarea|button)\b([^>]*)>").unwrap();
    let textarea_re = Regex::new(r"(?s)<textarea\b[^>]*>(.*?)</textarea>").unwrap();
    let mut out = Vec::new();
    for form in form_re.captures_iter(html) {
        let head = &form[1];
        let inner = &form[2];
        let mut fields = Vec::new();
        let mut clicked = false;
        let mut textareas = textarea_re.captures_iter(inner);
        for field in field_re.captures_iter(inner) {
            let (kind, tag) = (&field[1], &field[2]);
            let is_textarea = kind == "textarea";
            let text =
                is_textarea.then(|| textareas.next().map(|c| decode(&c[1])).unwrap_or_default());
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let ty = attr(tag, "type").unwrap_or_default();
            let value = match (kind, ty.as_str()) {
                ("textarea", _) => text,
                ("select", _) => None,
                ("input", "radio" | "checkbox") => {
                    attr(tag, "checked").map(|_| attr(tag, "value").unwrap_or_else(|| "on".into()))
                }
                // The first submit button is the one a browser sends.
                ("button", _) if !clicked => {
                    clicked = true;
                    attr(tag, "value")
                }
                ("button", _) => None,
                _ => Some(attr(tag, "value").unwrap_or_default()),
            };
            fields.push((name, value));
        }
        out.push(Form {
            method: attr(head, "method")
                .unwrap_or_else(|| "get".into())
                .to_lowercase(),
            action: attr(head, "action").unwrap_or_default(),
            fields,
        });
    }
    out
}

/// The query keys of a page's links (`href="/?q=…&page=2"`).
pub fn link_query_keys(html: &str) -> BTreeSet<String> {
    let href_re = Regex::new(r#"href="([^"]*)""#).unwrap();
    href_re
        .captures_iter(html)
        .filter_map(|c| decode(&c[1]).split_once('?').map(|(_, q)| q.to_owned()))
        .flat_map(|q| {
            q.split('&')
                .filter_map(|kv| kv.split('=').next().map(str::to_owned))
                .collect::<Vec<_>>()
        })
        .filter(|k| !k.is_empty())
        .collect()
}

/// The app's own paths a page links to (`href="/drafts/…?x=1"`, the
/// fragment cut), static files left out.
pub fn links(html: &str) -> BTreeSet<String> {
    let href_re = Regex::new(r#"href="(/[^"]*)""#).unwrap();
    href_re
        .captures_iter(html)
        .map(|c| decode(&c[1]))
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .filter(|href| !href.starts_with("//") && !href.starts_with("/pkg/"))
        .filter(|href| !href.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_read_as_a_browser_sends_them() {
        let html = r#"<form method="post" action="/x?a=1&amp;b=2"><input type="hidden" name="id" value="7"/>
            <input type="checkbox" name="debug" value="true"/><input type="radio" name="m" value="get" checked=""/>
            <input type="radio" name="m" value="post"/><textarea name="numbers">1
2</textarea><button type="submit" name="intent" value="save">S</button>
            <button name="intent" value="sync">Y</button></form>"#;
        let form = &forms(html)[0];
        assert_eq!(form.action, "/x?a=1&b=2");
        assert_eq!(
            form.with("id", "9"),
            [
                ("m".to_owned(), "get".to_owned()),
                ("numbers".to_owned(), "1\n2".to_owned()),
                ("intent".to_owned(), "save".to_owned()),
                ("id".to_owned(), "9".to_owned()),
            ]
        );
        assert!(link_query_keys(r#"<a href="/?q=1&amp;page=2">"#).contains("page"));
        let page =
            r#"<a href="/a?b=1&amp;c=2#x"><a href="//evil.example/"><link href="/pkg/app.css">"#;
        assert_eq!(links(page).into_iter().collect::<Vec<_>>(), ["/a?b=1&c=2"]);
    }
}
