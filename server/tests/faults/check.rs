//! What a run must leave behind: every draft kept, synced or failed with
//! a reason, exactly one callflow in Kazoo per synced draft (counted by
//! number), none without a draft, and a sync log with every attempt.

use std::collections::BTreeMap;

use sqlx::PgPool;

use super::harness::Kazoo;

/// A draft as the check reads it: id, state, Kazoo id, last error,
/// numbers.
type DraftRow = (
    uuid::Uuid,
    String,
    Option<String>,
    Option<String>,
    Vec<String>,
);

/// The counts the issue asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub drafts: usize,
    pub synced: usize,
    /// Failed, with the reason on the draft and its job item.
    pub failed_with_reason: usize,
    /// Failed without a reason, or in any other state: must be 0.
    pub unaccounted: usize,
    /// Drafts made and gone: must be 0.
    pub lost: usize,
    /// Numbers listed by more than one callflow, or a synced draft's
    /// number in a callflow other than its own: must be 0.
    pub duplicated: usize,
    /// Callflows with one of the drafts' numbers that no draft names: must
    /// be 0 once every draft is synced.
    pub orphaned: usize,
    /// Synced drafts whose number no callflow lists: must be 0.
    pub missing_in_kazoo: usize,
    /// Synced drafts without a finished, successful sync-log entry naming
    /// their callflow: must be 0.
    pub missing_log: usize,
    /// Sync-log entries never finished (a process killed mid-call).
    pub cut_off_attempts: usize,
    pub attempts_logged: usize,
}

/// Checks every draft of the database (`made` were made) against the
/// sandbox's callflows.
pub async fn check(db: &PgPool, kazoo: &Kazoo, made: usize) -> Report {
    let drafts: Vec<DraftRow> = sqlx::query_as(
        "select d.draft_id, s.state::text, d.kazoo_id, d.last_error,
                    array(select n.number from draft_number n where n.draft_id = d.draft_id)
               from draft d join draft_status s using (draft_id)",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut report = Report {
        drafts: drafts.len(),
        lost: made.saturating_sub(drafts.len()),
        ..Report::default()
    };
    let ours: BTreeMap<String, (Option<String>, &str)> = drafts
        .iter()
        .flat_map(|(_, state, kazoo_id, _, numbers)| {
            numbers
                .iter()
                .map(move |n| (n.clone(), (kazoo_id.clone(), state.as_str())))
        })
        .collect();
    for (_, state, kazoo_id, last_error, _) in &drafts {
        match (state.as_str(), kazoo_id, last_error) {
            ("synced", Some(_), _) => report.synced += 1,
            ("error", _, Some(reason)) if !reason.trim().is_empty() => {
                report.failed_with_reason += 1;
            }
            _ => report.unaccounted += 1,
        }
    }
    let mut by_number: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, _, numbers) in kazoo.callflows().await {
        for number in numbers {
            by_number.entry(number).or_default().push(id.clone());
        }
    }
    for (number, draft) in &ours {
        let holders = by_number.get(number).cloned().unwrap_or_default();
        let draft = Some(draft);
        if holders.len() > 1 {
            report.duplicated += 1;
        }
        match (draft, holders.first()) {
            (Some((Some(own), "synced")), Some(holder)) if own != holder => {
                report.duplicated += 1;
            }
            (Some((Some(own), _)), Some(holder)) if own == holder => {}
            (_, Some(_)) => report.orphaned += 1,
            (Some((Some(_), "synced")), None) => report.missing_in_kazoo += 1,
            _ => {}
        }
    }
    let (logged, cut_off): (i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where finished_at is null) from sync_log
          where resource = 'callflow'",
    )
    .fetch_one(db)
    .await
    .unwrap();
    report.attempts_logged = usize::try_from(logged).unwrap();
    report.cut_off_attempts = usize::try_from(cut_off).unwrap();
    let missing: i64 = sqlx::query_scalar(
        "select count(*) from draft d join draft_status s using (draft_id)
          where s.state = 'synced' and not exists (
                select 1 from sync_log l
                 where l.draft_id = d.draft_id and l.result = 'ok'
                   and l.kazoo_id = d.kazoo_id)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    report.missing_log = usize::try_from(missing).unwrap();
    report
}
