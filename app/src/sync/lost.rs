//! Finding what an earlier call whose answer was lost did in Kazoo, so a
//! retry makes no second callflow and does not take its own write for
//! someone else's change.
//!
//! - A create that timed out (or lost its connection, or got a 5xx) may
//!   have made the callflow. The retry looks for a callflow with the name
//!   and exactly the numbers of any such create of this draft (as each
//!   sent them: the draft may have been renamed or renumbered since),
//!   then adopts it rather than create another.
//! - A replace whose answer was lost changed the revision, so the retry's
//!   `If-Match` gets a 412. When Kazoo already has exactly what the retry
//!   sends, the work is done.

use kazoo::{callflow::Callflow, types::Doc, AuthToken, KazooError};
use serde_json::Value;

use super::db::SentCreate;
use crate::state::AppState;

/// The callflow an earlier create made, if Kazoo has one with the name
/// and exactly the numbers of one of `sent` (never one with no numbers).
///
/// # Errors
/// The listing's error.
pub(super) async fn find_created(
    state: &AppState,
    token: &AuthToken,
    account: &str,
    sent: &[SentCreate],
) -> Result<Option<String>, KazooError> {
    let listing = state.kazoo.list_callflows(token, account).await?;
    Ok(listing.into_iter().find_map(|c| {
        let mut numbers = c.numbers.clone();
        numbers.sort_unstable();
        let theirs = SentCreate {
            name: c.name.clone(),
            numbers,
        };
        (!theirs.numbers.is_empty() && sent.contains(&theirs)).then_some(c.id)
    }))
}

/// Kazoo's callflow `id` when it already holds everything `doc` sends
/// (Kazoo adds its defaults, so it may hold more): the lost answer of an
/// earlier write of this same document.
///
/// # Errors
/// The read's error.
pub(super) async fn already_written(
    state: &AppState,
    token: &AuthToken,
    account: &str,
    id: &str,
    doc: &Callflow,
) -> Result<Option<Doc>, KazooError> {
    let live = state.kazoo.get_callflow(token, account, id).await?;
    let body = Value::Object(kazoo::types::document_of(live.body.clone()));
    Ok(holds(&body, &doc.to_value()).then_some(live))
}

/// Whether `live` has every key of `sent` with the same value (objects
/// key by key, arrays item by item and of the same length).
fn holds(live: &Value, sent: &Value) -> bool {
    match (live, sent) {
        (Value::Object(live), Value::Object(sent)) => sent
            .iter()
            .all(|(key, value)| live.get(key).is_some_and(|l| holds(l, value))),
        (Value::Array(live), Value::Array(sent)) => {
            live.len() == sent.len() && live.iter().zip(sent).all(|(l, s)| holds(l, s))
        }
        (live, sent) => live == sent,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kazoos_defaults_do_not_count_as_a_change() {
        let sent = json!({"name": "A", "numbers": ["+1"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://a"}, "children": {}}});
        let live = json!({"name": "A", "numbers": ["+1"], "patterns": [],
            "flow": {"module": "pivot", "data": {"voice_url": "https://a", "method": "get"}, "children": {}}});
        assert!(holds(&live, &sent));
        let changed = json!({"name": "A", "numbers": ["+1"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://b"}, "children": {}}});
        assert!(!holds(&changed, &sent));
        let more_numbers = json!({"name": "A", "numbers": ["+1", "+2"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://a"}, "children": {}}});
        assert!(!holds(&more_numbers, &sent));
        assert!(!holds(&json!({"name": "A"}), &sent), "keys missing");
    }
}
