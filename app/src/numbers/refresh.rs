//! Reads the account's routing from Kazoo (numbers + callflows) into the
//! Postgres snapshot that Numbers Routing pages through (`db.rs`). Run at
//! sign-in, on "Refresh from Kazoo" and when an account has no snapshot.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use kazoo::{callflow::Callflow, CallflowSummary, KazooClient, PhoneNumber};
use serde_json::Value;
use tokio::{sync::Semaphore, task::JoinSet};

use super::{
    db,
    model::{NumberRow, Route},
};
use crate::{
    error::{internal, kazoo_error, AppError},
    session::SessionUser,
    state::AppState,
};

/// Callflow GETs in flight at once during a refresh: enough to be quick,
/// few enough to stay inside Kazoo's rate-limit bucket.
const FETCH_CONCURRENCY: usize = 8;

/// The pivot settings of a callflow whose first node is `pivot`.
#[derive(Debug, Clone, PartialEq)]
pub struct PivotNode {
    pub voice_url: String,
    pub method: String,
    pub req_format: String,
}

impl PivotNode {
    /// Reads the first node of a callflow document (through the callflow
    /// model); `None` unless it is a pivot node.
    pub fn from_callflow(doc: &Value) -> Option<Self> {
        use kazoo::callflow::{HttpMethod, ReqFormat};
        let flow = Callflow::from_kazoo(doc.clone()).ok()?.flow?;
        let pivot = kazoo::pivot::pivot_data(&flow)?;
        Some(Self {
            voice_url: pivot.voice_url,
            method: pivot.method.unwrap_or(HttpMethod::Get).as_str().to_owned(),
            // Crossbar writes the schema default (`kazoo`) on save.
            req_format: pivot
                .req_format
                .unwrap_or(ReqFormat::Kazoo)
                .as_str()
                .to_owned(),
        })
    }
}

/// Rebuilds the account's snapshot from Kazoo; returns how many numbers it
/// holds.
///
/// # Errors
/// `KazooSessionExpired` when the token is no longer valid,
/// `KazooUnavailable` when Kazoo fails or cannot be reached; the previous
/// snapshot is then kept.
#[tracing::instrument(skip_all, fields(account.id = %user.account_id))]
pub async fn refresh(state: &AppState, user: &SessionUser) -> Result<usize, AppError> {
    let kazoo = &state.kazoo;
    let started = std::time::Instant::now();
    let (numbers, callflows) = tokio::try_join!(
        kazoo.list_phone_numbers(&user.token, &user.account_id),
        kazoo.list_callflows(&user.token, &user.account_id),
    )
    .map_err(kazoo_error)?;
    let pivots = fetch_pivot_nodes(kazoo, user, &callflows).await?;
    let rows = build_rows(&numbers, &callflows, &pivots);
    db::replace_snapshot(&state.db, &user.account_id, &rows).await?;
    tracing::info!(
        numbers = rows.len(),
        callflows = callflows.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "routing snapshot refreshed"
    );
    Ok(rows.len())
}

/// GETs every callflow that uses `pivot` (the listing has no flow), a few
/// at a time.
async fn fetch_pivot_nodes(
    kazoo: &KazooClient,
    user: &SessionUser,
    callflows: &[CallflowSummary],
) -> Result<HashMap<String, PivotNode>, AppError> {
    let permits = Arc::new(Semaphore::new(FETCH_CONCURRENCY));
    let mut tasks = JoinSet::new();
    for summary in callflows
        .iter()
        .filter(|c| c.modules.iter().any(|m| m == "pivot"))
    {
        let (kazoo, user, id, permits) = (
            kazoo.clone(),
            user.clone(),
            summary.id.clone(),
            Arc::clone(&permits),
        );
        tasks.spawn(async move {
            let _permit = permits
                .acquire_owned()
                .await
                .expect("semaphore is never closed");
            let doc = kazoo.get_callflow(&user.token, &user.account_id, &id).await;
            (id, doc)
        });
    }
    let mut pivots = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (id, doc) = joined.map_err(|e| internal("callflow fetch task", &e))?;
        match doc {
            Ok(doc) => {
                if let Some(node) = PivotNode::from_callflow(&doc.body) {
                    pivots.insert(id, node);
                }
            }
            // Deleted between the listing and the GET: nothing to show.
            Err(kazoo::KazooError::NotFound { .. }) => {}
            Err(e) => return Err(kazoo_error(e)),
        }
    }
    Ok(pivots)
}

/// One row per number: every DID of the account plus every number a
/// callflow lists that is not a DID (extensions such as `1001`).
pub fn build_rows(
    numbers: &BTreeMap<String, PhoneNumber>,
    callflows: &[CallflowSummary],
    pivots: &HashMap<String, PivotNode>,
) -> Vec<NumberRow> {
    let mut routes: BTreeMap<&str, Route> = BTreeMap::new();
    for c in callflows {
        let route = match pivots.get(&c.id) {
            Some(p) => Route::Pivot {
                callflow_id: c.id.clone(),
                callflow_name: c.name.clone(),
                voice_url: p.voice_url.clone(),
                method: p.method.clone(),
                req_format: p.req_format.clone(),
            },
            None => Route::Callflow {
                callflow_id: c.id.clone(),
                callflow_name: c.name.clone(),
            },
        };
        for number in &c.numbers {
            routes.insert(number.as_str(), route.clone());
        }
    }
    let mut rows: BTreeMap<String, NumberRow> = numbers
        .iter()
        .map(|(number, doc)| {
            let route = routes
                .get(number.as_str())
                .cloned()
                .unwrap_or(Route::NotRouted);
            (
                number.clone(),
                NumberRow {
                    number: number.clone(),
                    state: doc.state.clone(),
                    route,
                    draft: None,
                },
            )
        })
        .collect();
    for (number, route) in routes {
        rows.entry(number.to_owned()).or_insert_with(|| NumberRow {
            number: number.to_owned(),
            state: None,
            route,
            draft: None,
        });
    }
    rows.into_values().collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn pivot_node_is_read_from_the_first_node_only() {
        let doc = json!({"flow": {"module": "pivot", "data": {"voice_url": "https://x/v", "method": "POST", "req_format": "twiml"}}});
        let node = PivotNode::from_callflow(&doc).unwrap();
        assert_eq!(
            (
                node.voice_url.as_str(),
                node.method.as_str(),
                node.req_format.as_str()
            ),
            ("https://x/v", "post", "twiml")
        );
        let defaults = PivotNode::from_callflow(
            &json!({"flow": {"module": "pivot", "data": {"voice_url": "http://y"}}}),
        )
        .unwrap();
        assert_eq!(
            (defaults.method.as_str(), defaults.req_format.as_str()),
            ("get", "kazoo")
        );
        let menu = json!({"flow": {"module": "menu", "data": {}, "children": {"1": {"module": "pivot", "data": {}}}}});
        assert_eq!(PivotNode::from_callflow(&menu), None);
    }

    #[test]
    fn rows_cover_dids_and_callflow_only_numbers() {
        let numbers: BTreeMap<String, PhoneNumber> = [
            (
                "+14155550100".to_owned(),
                PhoneNumber {
                    state: Some("in_service".into()),
                    ..Default::default()
                },
            ),
            (
                "+14155550101".to_owned(),
                PhoneNumber {
                    state: Some("reserved".into()),
                    ..Default::default()
                },
            ),
        ]
        .into();
        let summary = |id: &str, name: &str, numbers: &[&str]| CallflowSummary {
            id: id.into(),
            name: Some(name.into()),
            numbers: numbers.iter().map(|n| n.to_string()).collect(),
            patterns: vec![],
            modules: vec![],
            flags: vec![],
            featurecode: json!(false),
        };
        let callflows = vec![
            summary("p", "Main", &["+14155550100"]),
            summary("u", "Desk", &["1001"]),
        ];
        let pivots = HashMap::from([(
            "p".to_owned(),
            PivotNode {
                voice_url: "https://x".into(),
                method: "get".into(),
                req_format: "twiml".into(),
            },
        )]);

        let rows = build_rows(&numbers, &callflows, &pivots);

        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].number, "+14155550100");
        assert!(
            matches!(&rows[0].route, Route::Pivot { voice_url, .. } if voice_url == "https://x")
        );
        assert_eq!(rows[1].route, Route::NotRouted);
        assert_eq!(rows[1].state.as_deref(), Some("reserved"));
        assert_eq!(rows[2].number, "1001");
        assert_eq!(rows[2].state, None);
        assert!(
            matches!(&rows[2].route, Route::Callflow { callflow_name: Some(n), .. } if n == "Desk")
        );
    }
}
