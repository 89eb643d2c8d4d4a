//! Crossbar's listing pagination (API.md §5.3): descending by key unless
//! `ascending=true`, `page_size` (default 50), opaque `start_key`s that
//! are base64url of Erlang's `term_to_binary(<<Id>>)`.

use std::collections::HashMap;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{json, Map, Value};

use super::world::ApiError;

/// Crossbar's paging of a listing (API.md §5.3): descending by key unless
/// `ascending=true`, `page_size` (default 50), opaque `start_key`.
pub fn page(
    mut rows: Vec<(String, Value)>,
    q: &HashMap<String, String>,
) -> Result<(Vec<Value>, Map<String, Value>), ApiError> {
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let ascending = q.get("ascending").is_some_and(|v| v == "true");
    if !ascending {
        rows.reverse();
    }
    if q.get("paginate").is_some_and(|v| v == "false") {
        return Ok((rows.into_iter().map(|(_, v)| v).collect(), Map::new()));
    }
    let page_size = match q.get("page_size") {
        None => 50,
        Some(raw) => match raw.parse::<usize>() {
            Ok(0) => {
                return Err(ApiError::new(
                    404,
                    "faulty_request",
                    json!({"message": "page size must be at least 1"}),
                ))
            }
            Ok(n) => n,
            Err(_) => {
                return Err(ApiError::new(
                    404,
                    "faulty_request",
                    json!({"message": "invalid page size"}),
                ))
            }
        },
    };
    let start = q.get("start_key").map(|k| decode_start_key(k));
    let first = match &start {
        Some(key) if ascending => rows.iter().position(|(k, _)| k >= key),
        Some(key) => rows.iter().position(|(k, _)| k <= key),
        None => Some(0),
    }
    .unwrap_or(rows.len());
    let rest = &rows[first..];
    let taken: Vec<Value> = rest
        .iter()
        .take(page_size)
        .map(|(_, v)| v.clone())
        .collect();
    let mut paging = Map::new();
    paging.insert("page_size".into(), json!(taken.len()));
    if let Some(raw) = q.get("start_key") {
        paging.insert("start_key".into(), json!(raw));
    }
    if let Some((next, _)) = rest.get(page_size) {
        paging.insert("next_start_key".into(), json!(encode_start_key(next)));
    }
    Ok((taken, paging))
}

/// base64url (no padding) of Erlang `term_to_binary(<<Id>>)`.
fn encode_start_key(key: &str) -> String {
    let mut bytes = vec![0x83, 0x6d];
    bytes.extend((key.len() as u32).to_be_bytes());
    bytes.extend(key.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes a start key; one that does not decode is used raw, as Kazoo does.
fn decode_start_key(raw: &str) -> String {
    URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .filter(|b| b.len() >= 6 && b[..2] == [0x83, 0x6d])
        .and_then(|b| String::from_utf8(b[6..].to_vec()).ok())
        .unwrap_or_else(|| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_keys_round_trip_and_raw_keys_pass() {
        let key = encode_start_key("+14155550100");
        assert_eq!(decode_start_key(&key), "+14155550100");
        assert_eq!(decode_start_key("plain"), "plain");
    }

    #[test]
    fn pages_descend_by_default_and_chain() {
        let rows: Vec<(String, Value)> = (0..5).map(|i| (format!("k{i}"), json!(i))).collect();
        let q = HashMap::from([("page_size".to_owned(), "2".to_owned())]);
        let (first, paging) = page(rows.clone(), &q).unwrap();
        assert_eq!(first, vec![json!(4), json!(3)]);
        let next = paging["next_start_key"].as_str().unwrap().to_owned();
        let q2 = HashMap::from([
            ("page_size".to_owned(), "2".to_owned()),
            ("start_key".to_owned(), next),
        ]);
        let (second, _) = page(rows.clone(), &q2).unwrap();
        assert_eq!(second, vec![json!(2), json!(1)]);
        let bad = HashMap::from([("page_size".to_owned(), "x".to_owned())]);
        assert_eq!(page(rows, &bad).unwrap_err().status, 404);
    }
}
