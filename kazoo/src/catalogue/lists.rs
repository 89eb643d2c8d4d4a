//! The two lists of objects the editor shows as lines: a notification's
//! `recipients` and a ring group's `endpoints`.
//!
//! Recipients (`callflows.notification.json`): `[{"type": "email" |
//! "user", "id": "<address or user id>" | [...]}]`; in the form one
//! address or user id per line, a line with an `@` being an address.
//! Endpoints (`callflows.ring_group.json`): at least one `{"id",
//! "endpoint_type": "user" | "device" | "group", "delay", "timeout",
//! "weight"}`; in the form one `type:id` line each (`user:4f…`).
//!
//! A changed list is built again from its lines in their order; an entry
//! that a line names exactly as before is kept as it was (its other keys,
//! such as an endpoint's `delay`, included), new ones are written bare.
//! Text that starts with `[` is read as the JSON list itself.

use serde_json::{json, Value};

/// Recipient types (`type`) Kazoo's schema allows.
pub const RECIPIENT_TYPES: [&str; 2] = ["user", "email"];
/// Endpoint types (`endpoint_type`) Kazoo's schema allows.
pub const ENDPOINT_TYPES: [&str; 3] = ["device", "user", "group"];
/// Longest endpoint id (`endpoints[].id`, `maxLength`).
pub const ENDPOINT_ID_MAX_CHARS: usize = 128;
/// Bounds of an endpoint's `weight`.
pub const WEIGHT_RANGE: (i64, i64) = (1, 100);

/// Recipients as lines: addresses and user ids, one per line, in order
/// (an entry with a list of ids gives a line each). `None` when the value
/// is not a list of recipients the lines can show.
pub fn recipients_text(value: &Value) -> Option<String> {
    let mut lines = Vec::new();
    for entry in value.as_array()? {
        match entry.get("id")? {
            Value::String(id) => lines.push(id.as_str()),
            Value::Array(ids) => {
                for id in ids {
                    lines.push(id.as_str()?);
                }
            }
            _ => return None,
        }
    }
    Some(lines.join("\n"))
}

/// The lines of a recipients text, parted into e-mail addresses (lines
/// with an `@`) and user ids, blank lines left out.
pub fn split_recipients(text: &str) -> (Vec<String>, Vec<String>) {
    let (emails, users): (Vec<String>, Vec<String>) = lines(text)
        .map(str::to_owned)
        .partition(|l| l.contains('@'));
    (emails, users)
}

/// One recipients text from addresses typed and users picked: addresses
/// first, then users.
pub fn join_recipients(emails: &[String], user_ids: &[String]) -> String {
    emails
        .iter()
        .chain(user_ids)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Endpoints as `type:id` lines, in order; `None` when the value is not
/// a list of endpoints the lines can show.
pub fn endpoints_text(value: &Value) -> Option<String> {
    let mut lines = Vec::new();
    for entry in value.as_array()? {
        let kind = entry.get("endpoint_type")?.as_str()?;
        let id = entry.get("id")?.as_str()?;
        lines.push(endpoint_line(kind, id));
    }
    Some(lines.join("\n"))
}

/// The line of one endpoint: `user:4f…`.
pub fn endpoint_line(endpoint_type: &str, id: &str) -> String {
    format!("{endpoint_type}:{id}")
}

/// The type and id of an endpoint line (`"device:d0…"`).
pub fn split_endpoint_line(line: &str) -> Option<(&str, &str)> {
    let (kind, id) = line.trim().split_once(':')?;
    Some((kind.trim(), id.trim()))
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The recipients list from its text (see the module docs).
pub(super) fn parse_recipients(text: &str, existing: Option<&Value>) -> Result<Value, String> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text).map_err(|e| json_error("Send to", &e));
    }
    let old = existing.and_then(Value::as_array);
    let mut out = Vec::new();
    for line in lines(text) {
        let kind = if line.contains('@') {
            if !is_email(line) {
                return Err(format!("“{line}” is not an e-mail address"));
            }
            "email"
        } else {
            if !is_id(line) {
                return Err(format!(
                    "“{line}” is neither an e-mail address nor a user id: pick users from the list"
                ));
            }
            "user"
        };
        let same = old.into_iter().flatten().find(|e| {
            e.get("type").and_then(Value::as_str) == Some(kind)
                && e.get("id").and_then(Value::as_str) == Some(line)
        });
        out.push(
            same.cloned()
                .unwrap_or_else(|| json!({"type": kind, "id": line})),
        );
    }
    Ok(Value::Array(out))
}

/// The endpoints list from its text (see the module docs).
pub(super) fn parse_endpoints(text: &str, existing: Option<&Value>) -> Result<Value, String> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text).map_err(|e| json_error("Ring", &e));
    }
    let old = existing.and_then(Value::as_array);
    let mut out = Vec::new();
    for line in lines(text) {
        let Some((kind, id)) = split_endpoint_line(line)
            .filter(|(k, id)| ENDPOINT_TYPES.contains(k) && !id.is_empty() && is_id(id))
        else {
            return Err(format!(
                "“{line}” is not a user, device or group to ring: pick them from the lists"
            ));
        };
        let same = old.into_iter().flatten().find(|e| {
            e.get("endpoint_type").and_then(Value::as_str) == Some(kind)
                && e.get("id").and_then(Value::as_str) == Some(id)
        });
        out.push(
            same.cloned()
                .unwrap_or_else(|| json!({"id": id, "endpoint_type": kind})),
        );
    }
    Ok(Value::Array(out))
}

fn json_error(label: &str, e: &serde_json::Error) -> String {
    format!(
        "{label} is not valid JSON (line {}, column {})",
        e.line(),
        e.column()
    )
}

/// One address: something, one `@`, a domain with a dot, no spaces.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A document id: letters, digits, `-` and `_`, at most 128.
fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= ENDPOINT_ID_MAX_CHARS
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What is wrong with a recipients value under Kazoo's schema (`format:
/// email` is not checked, as Kazoo's validator does not either).
pub(super) fn check_recipients(value: &Value) -> Option<String> {
    let Some(items) = value.as_array() else {
        return Some("Send to must be a list of recipients".into());
    };
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let Some(obj) = item.as_object() else {
            return Some(format!("Recipient {n} must be an object"));
        };
        match obj.get("type") {
            Some(Value::String(t)) if RECIPIENT_TYPES.contains(&t.as_str()) => {}
            Some(_) => return Some(format!("Recipient {n} must have type email or user")),
            None => return Some(format!("Recipient {n} needs a type (email or user)")),
        }
        match obj.get("id") {
            Some(Value::String(_)) => {}
            Some(Value::Array(ids)) if ids.iter().all(Value::is_string) => {}
            Some(_) => {
                return Some(format!(
                    "Recipient {n} must have an id that is a text or a list of texts"
                ))
            }
            None => return Some(format!("Recipient {n} needs an id")),
        }
    }
    None
}

/// What is wrong with an endpoints value under Kazoo's schema.
pub(super) fn check_endpoints(value: &Value) -> Option<String> {
    let Some(items) = value.as_array() else {
        return Some("Ring must be a list of endpoints".into());
    };
    if items.is_empty() {
        return Some("Pick at least one user, device or group to ring".into());
    }
    items
        .iter()
        .enumerate()
        .find_map(|(i, item)| endpoint_problem(i + 1, item))
}

fn endpoint_problem(n: usize, item: &Value) -> Option<String> {
    let Some(obj) = item.as_object() else {
        return Some(format!("Endpoint {n} must be an object"));
    };
    match obj.get("endpoint_type") {
        Some(Value::String(t)) if ENDPOINT_TYPES.contains(&t.as_str()) => {}
        Some(_) => return Some(format!("Endpoint {n} must be a device, user or group")),
        None => return Some(format!("Endpoint {n} needs a type (device, user or group)")),
    }
    match obj.get("id") {
        Some(Value::String(id))
            if !id.is_empty() && id.chars().count() <= ENDPOINT_ID_MAX_CHARS => {}
        Some(_) => {
            return Some(format!(
                "Endpoint {n} must have an id of 1 to {ENDPOINT_ID_MAX_CHARS} characters"
            ))
        }
        None => return Some(format!("Endpoint {n} needs an id")),
    }
    for key in ["delay", "timeout"] {
        if obj.get(key).is_some_and(|v| !is_whole(v)) {
            return Some(format!("Endpoint {n}: {key} must be a whole number"));
        }
    }
    let (lo, hi) = WEIGHT_RANGE;
    if let Some(w) = obj.get("weight") {
        let ok = is_whole(w) && w.as_f64().is_some_and(|w| w >= lo as f64 && w <= hi as f64);
        if !ok {
            return Some(format!(
                "Endpoint {n}: weight must be a whole number from {lo} to {hi}"
            ));
        }
    }
    None
}

fn is_whole(v: &Value) -> bool {
    v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_round_trip_as_lines() {
        let value = json!([
            {"type": "email", "id": "orders@example.com", "x": 1},
            {"type": "user", "id": "a11ce000000000000000000000000001"},
            {"type": "email", "id": ["a@example.com", "b@example.com"]}
        ]);
        let text = recipients_text(&value).unwrap();
        assert_eq!(
            text,
            "orders@example.com\na11ce000000000000000000000000001\na@example.com\nb@example.com"
        );
        let (emails, users) = split_recipients(&text);
        assert_eq!(emails.len(), 3);
        assert_eq!(users, ["a11ce000000000000000000000000001"]);
        let again = parse_recipients(&join_recipients(&emails, &users), Some(&value)).unwrap();
        // The untouched entry keeps its other keys.
        assert_eq!(again[0]["x"], 1);
        assert_eq!(
            again[3],
            json!({"type": "user", "id": "a11ce000000000000000000000000001"})
        );
        assert_eq!(check_recipients(&again), None);
        assert!(parse_recipients("Bob Smith", None).is_err());
        assert!(parse_recipients("bob@", None).is_err());
    }

    #[test]
    fn endpoints_round_trip_as_lines() {
        let value = json!([{"id": "d1", "endpoint_type": "device", "delay": 5}]);
        assert_eq!(endpoints_text(&value).as_deref(), Some("device:d1"));
        let again = parse_endpoints("device:d1\nuser:u1", Some(&value)).unwrap();
        assert_eq!(
            again,
            json!([
                {"id": "d1", "endpoint_type": "device", "delay": 5},
                {"id": "u1", "endpoint_type": "user"}
            ])
        );
        assert!(parse_endpoints("phone:x", None).is_err());
        assert!(parse_endpoints("user:", None).is_err());
        assert_eq!(
            check_endpoints(&json!([])).as_deref(),
            Some("Pick at least one user, device or group to ring")
        );
        assert!(
            check_endpoints(&json!([{"id": "d", "endpoint_type": "device", "weight": 0}]))
                .is_some()
        );
    }
}
