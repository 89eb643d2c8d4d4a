//! The work behind the Twilio import's pages and API: an export read and
//! classified against the account (its numbers in the routing snapshot),
//! stored, shown, and made into drafts. Server only.

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use kazoo::twilio::{Export, ImportError, Plan, Which};
use uuid::Uuid;

use super::{
    db::{self, Created, ImportRow},
    model::{
        DraftRef, FoundDraft, GroupOutcome, ImportView, PlanView, RoutedCallflow, ALREADY_RUNNING,
    },
    view,
};
use crate::{error::AppError, numbers::refresh, pivot, session::Caller, state::AppState};

/// How long an import waits for the account's first routing snapshot
/// (it needs every number the account has).
const IMPORT_SNAPSHOT_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The field a refused export is reported on: `export` or
/// `applications`.
pub fn field_of(which: Which) -> &'static str {
    match which {
        Which::Numbers => "export",
        Which::Applications => "applications",
    }
}

fn refused(e: &ImportError) -> AppError {
    AppError::Validation(BTreeMap::from([(
        field_of(e.which).to_owned(),
        e.to_string(),
    )]))
}

/// Reads an export (and the Applications export, when not empty) and
/// plans it against the account's numbers. Nothing is stored.
///
/// # Errors
/// `Validation` on `export` or `applications` saying what is wrong;
/// `Conflict` when the account's numbers were never read and there is no
/// Kazoo token to read them; Kazoo and database errors.
pub async fn plan(
    state: &AppState,
    caller: &Caller,
    export: Bytes,
    applications: Bytes,
) -> Result<Plan, AppError> {
    // Reading up to 16 MiB and planning 10,000 numbers is CPU work: off
    // the async workers.
    let export = tokio::task::spawn_blocking(move || Export::read(&export, Some(&applications)))
        .await
        .map_err(|e| crate::error::internal("reading a Twilio export", &e))?
        .map_err(|e| refused(&e))?;
    if caller.token.is_none()
        && !crate::numbers::db::has_snapshot(&state.db, &caller.account_id).await?
    {
        return Err(AppError::Conflict(
            "The console has not read this account's numbers from Kazoo yet: sign in, or \
             send X-Kazoo-Auth-Token with the API token, so it can tell which numbers the \
             account has. Nothing was saved."
                .into(),
        ));
    }
    // The plan needs the whole snapshot: wait for the first one.
    refresh::first_snapshot(state, caller, IMPORT_SNAPSHOT_WAIT).await?;
    if !crate::numbers::db::has_snapshot(&state.db, &caller.account_id).await? {
        return Err(AppError::Conflict(
            "The console is still reading this account's numbers from Kazoo (see Numbers \
             Routing). Try again when it is done. Nothing was saved."
                .into(),
        ));
    }
    let owned = db::account_numbers(&state.db, &caller.account_id, &export.kazoo_numbers()).await?;
    tokio::task::spawn_blocking(move || export.plan(|number| owned.contains(number)))
        .await
        .map_err(|e| crate::error::internal("planning a Twilio import", &e))
}

/// What an export would do, without storing anything (the API's dry run).
///
/// # Errors
/// As [`plan`].
pub async fn dry_run(
    state: &AppState,
    caller: &Caller,
    export: Bytes,
    applications: Bytes,
) -> Result<PlanView, AppError> {
    let plan = plan(state, caller, export, applications).await?;
    Ok(view::plan_view(&plan, None))
}

/// Reads and stores an import; returns its id.
///
/// # Errors
/// As [`plan`]; nothing is stored then.
pub async fn import(
    state: &AppState,
    caller: &Caller,
    export: Bytes,
    applications: Bytes,
) -> Result<Uuid, AppError> {
    let plan = plan(state, caller, export, applications).await?;
    Ok(db::insert_import(&state.db, &caller.account_id, &caller.actor, &plan).await?)
}

async fn fetch(state: &AppState, caller: &Caller, id: Uuid) -> Result<ImportRow, AppError> {
    db::fetch_import(&state.db, &caller.account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The import `id` as its page shows it.
///
/// # Errors
/// `NotFound` (another account's, or none), database errors.
pub async fn show(state: &AppState, caller: &Caller, id: Uuid) -> Result<ImportView, AppError> {
    Ok(view::import_view(&fetch(state, caller, id).await?))
}

/// The import `id`'s result as CSV.
///
/// # Errors
/// As [`show`].
pub async fn result_csv(state: &AppState, caller: &Caller, id: Uuid) -> Result<Vec<u8>, AppError> {
    let row = fetch(state, caller, id).await?;
    super::download::result_csv(&row).map_err(|e| crate::error::internal("result CSV", &e))
}

/// Makes one pivot draft per group for the numbers no draft has yet and
/// no live callflow routes (those are listed: syncing a new draft with
/// them would conflict). Drafts are found by their numbers, so running
/// it again, or importing the same export again, makes nothing new. It
/// records what it did.
/// Runs one at a time per account: a run while another holds the
/// account's lock is refused at once.
///
/// # Errors
/// `NotFound`; `Conflict` ([`ALREADY_RUNNING`]) while another run for
/// the account is going; database errors. A group whose draft the pivot
/// model refuses is reported in its outcome; drafts made before an error
/// stay and are found by the next run.
pub async fn create_drafts(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> Result<ImportView, AppError> {
    let row = fetch(state, caller, id).await?;
    let mut lock = state.db.begin().await?;
    if !db::try_lock_account(&mut lock, &caller.account_id).await? {
        return Err(AppError::Conflict(ALREADY_RUNNING.into()));
    }
    let mut created = Created {
        groups: Vec::new(),
        drafts_created: 0,
    };
    let all: Vec<String> = row
        .plan
        .groups
        .iter()
        .flat_map(|g| g.numbers.iter().cloned())
        .collect();
    let drafted_all = db::drafts_with(&state.db, &caller.account_id, &all).await?;
    let routed_all = db::routed_elsewhere(&state.db, &caller.account_id, &all).await?;
    // Each number's drafts, with their place in the database's order
    // (oldest draft first).
    let mut drafted_by: HashMap<&str, Vec<(usize, &db::Drafted)>> = HashMap::new();
    for (i, d) in drafted_all.iter().enumerate() {
        drafted_by
            .entry(d.number.as_str())
            .or_default()
            .push((i, d));
    }
    let routed_by: HashMap<&str, &db::RoutedElsewhere> =
        routed_all.iter().map(|r| (r.number.as_str(), r)).collect();
    for group in &row.plan.groups {
        let mut drafted: Vec<(usize, &db::Drafted)> = Vec::new();
        let mut routed: Vec<&db::RoutedElsewhere> = Vec::new();
        let mut free: Vec<String> = Vec::new();
        for number in &group.numbers {
            if let Some(drafts) = drafted_by.get(number.as_str()) {
                drafted.extend(drafts);
            } else if let Some(r) = routed_by.get(number.as_str()) {
                routed.push(r);
            } else {
                free.push(number.clone());
            }
        }
        drafted.sort_by_key(|(i, _)| *i);
        let drafted: Vec<&db::Drafted> = drafted.into_iter().map(|(_, d)| d).collect();
        let mut outcome = GroupOutcome {
            found: found(&drafted),
            routed: by_callflow(&routed),
            ..GroupOutcome::default()
        };
        if !free.is_empty() {
            match pivot::save_pivot(state, caller, None, &group.pivot_input(&free)).await {
                Ok(draft) => {
                    outcome.created = Some(DraftRef {
                        id: draft.id,
                        name: draft.name,
                    });
                    created.drafts_created += 1;
                }
                Err(AppError::Validation(fields)) => {
                    let why: Vec<String> = fields.into_values().collect();
                    outcome.error = Some(format!("No draft was made: {}", why.join(" ")));
                }
                Err(e) => return Err(e),
            }
        }
        created.groups.push(outcome);
    }
    db::store_created(&mut lock, &caller.account_id, id, &caller.actor, &created).await?;
    lock.commit().await?;
    show(state, caller, id).await
}

/// The live callflows that route some of a group's numbers, each with
/// its numbers.
fn by_callflow(routed: &[&db::RoutedElsewhere]) -> Vec<RoutedCallflow> {
    let mut callflows: Vec<RoutedCallflow> = Vec::new();
    for r in routed {
        match callflows.iter_mut().find(|c| c.id == r.callflow_id) {
            Some(c) => c.numbers.push(r.number.clone()),
            None => callflows.push(RoutedCallflow {
                id: r.callflow_id.clone(),
                name: r
                    .callflow_name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| r.callflow_id.clone()),
                numbers: vec![r.number.clone()],
            }),
        }
    }
    callflows
}

/// The drafts that had some of a group's numbers, each with its numbers.
fn found(drafted: &[&db::Drafted]) -> Vec<FoundDraft> {
    let mut found: Vec<FoundDraft> = Vec::new();
    for d in drafted {
        let id = d.draft_id.to_string();
        match found.iter_mut().find(|f| f.draft.id == id) {
            Some(f) => f.numbers.push(d.number.clone()),
            None => found.push(FoundDraft {
                draft: DraftRef {
                    id,
                    name: d.name.clone(),
                },
                numbers: vec![d.number.clone()],
            }),
        }
    }
    found
}
