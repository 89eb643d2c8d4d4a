//! How the parameters travel (PIVOT_TWIML.md §2,
//! `kz_http_util:json_to_querystring`): PHP-style form encoding (nested
//! object `k[sub]=v`, list `k[]=a&k[]=b`, spaces as `+`) for a GET query
//! or a form body; a flat JSON object for a JSON body.

use serde_json::{Map, Value};

/// `k=v&…`, PHP-style.
pub(super) fn form(params: &[(String, Value)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in params {
        pairs(key, value, &mut |k, v| {
            out.append_pair(k, v);
        });
    }
    out.finish()
}

fn pairs(key: &str, value: &Value, emit: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::Object(map) => {
            for (sub, v) in map {
                pairs(&format!("{key}[{sub}]"), v, emit);
            }
        }
        Value::Array(items) => {
            for v in items {
                pairs(&format!("{key}[]"), v, emit);
            }
        }
        Value::String(s) => emit(key, s),
        Value::Null => emit(key, ""),
        other => emit(key, &other.to_string()),
    }
}

/// The parameters as one flat JSON object, in order.
pub(super) fn json(params: &[(String, Value)]) -> String {
    let map: Map<String, Value> = params.iter().cloned().collect();
    Value::Object(map).to_string()
}

/// `url` with `query` added: after `?`, or after `&` when the URL has a
/// query already (§2). A fragment stays last.
pub(super) fn append_query(url: &str, query: &str) -> String {
    if query.is_empty() {
        return url.to_owned();
    }
    let (head, fragment) = match url.split_once('#') {
        Some((head, fragment)) => (head, Some(fragment)),
        None => (url, None),
    };
    let joiner = match head.find('?') {
        Some(i) if i + 1 == head.len() || head.ends_with('&') => "",
        Some(_) => "&",
        None => "?",
    };
    let mut out = format!("{head}{joiner}{query}");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn php_style_nesting_and_spaces() {
        let params = vec![
            ("A".to_owned(), json!("x y")),
            ("O".to_owned(), json!({"k": "v"})),
            ("L".to_owned(), json!(["a", "b"])),
        ];
        assert_eq!(form(&params), "A=x+y&O%5Bk%5D=v&L%5B%5D=a&L%5B%5D=b");
    }

    #[test]
    fn queries_are_joined() {
        assert_eq!(append_query("https://a/x", "q=1"), "https://a/x?q=1");
        assert_eq!(
            append_query("https://a/x?p=2", "q=1"),
            "https://a/x?p=2&q=1"
        );
        assert_eq!(append_query("https://a/x?", "q=1"), "https://a/x?q=1");
        assert_eq!(append_query("https://a/x#f", "q=1"), "https://a/x?q=1#f");
    }
}
