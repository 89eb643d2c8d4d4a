//! Drafts in Postgres: CRUD with revisions, optimistic locking, the sync
//! log, and the draft state Numbers Routing shows.

use app::{
    drafts::{
        db as store,
        model::{DraftKind, DraftState},
    },
    numbers::{
        db,
        model::{DraftMark, Entry, NumberRow, NumbersQuery, Route, RouteFilter, Via},
    },
    sync::{
        db::{self as log, Outcome},
        model::{Operation, SyncResult},
    },
};
use kazoo::callflow::Callflow;
use serde_json::json;
use sqlx::PgPool;

const ACCOUNT: &str = "4b0e2c1d9a7f4e3c8b6a5d4c3b2a1f00";

fn doc(name: &str, url: &str) -> Callflow {
    Callflow::from_value(json!({"name": name, "numbers": ["+14155550104"],
        "flow": {"module": "pivot", "data": {"voice_url": url}}}))
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn drafts_are_saved_listed_updated_and_deleted(db: PgPool) {
    let mut tx = db.begin().await.unwrap();
    let id = store::insert_draft(
        &mut tx,
        ACCOUNT,
        DraftKind::Pivot,
        &doc("A", "https://a"),
        "admin@sandbox",
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!((row.name.as_str(), row.version), ("A", 1));
    assert_eq!(row.view().state, DraftState::Draft);
    assert!(store::fetch_draft(&db, "other-account", id)
        .await
        .unwrap()
        .is_none());

    let mut tx = db.begin().await.unwrap();
    let v2 = store::update_document(
        &mut tx,
        ACCOUNT,
        id,
        1,
        &doc("B", "https://b"),
        "bob@sandbox",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(v2, Some(2));
    let listed = store::list_drafts(&db, ACCOUNT).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].name.as_str(), listed[0].updated_by.as_str()),
        ("B", "bob@sandbox")
    );
    let revisions = store::fetch_revisions(&db, id).await.unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.version).collect::<Vec<_>>(),
        [2, 1],
        "every save is kept"
    );

    assert!(
        !store::delete_draft(&db, ACCOUNT, id, 1).await.unwrap(),
        "stale version"
    );
    assert!(store::delete_draft(&db, ACCOUNT, id, 2).await.unwrap());
    assert!(store::list_drafts(&db, ACCOUNT).await.unwrap().is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn saving_over_a_newer_version_changes_nothing(db: PgPool) {
    let mut tx = db.begin().await.unwrap();
    let id = store::insert_draft(
        &mut tx,
        ACCOUNT,
        DraftKind::Pivot,
        &doc("A", "https://a"),
        "ann",
        None,
    )
    .await
    .unwrap();
    store::update_document(&mut tx, ACCOUNT, id, 1, &doc("A", "https://ann"), "ann")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // Bob opened version 1 and saves after Ann's version 2.
    let mut tx = db.begin().await.unwrap();
    let outcome = store::update_document(&mut tx, ACCOUNT, id, 1, &doc("A", "https://bob"), "bob")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(outcome, None);
    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(
        row.document.0.to_value()["flow"]["data"]["voice_url"],
        "https://ann"
    );
    assert_eq!((row.version, row.updated_by.as_str()), (2, "ann"));
}

#[sqlx::test(migrations = "../migrations")]
async fn sync_attempts_are_logged_and_set_the_state(db: PgPool) {
    let document = doc("A", "https://a");
    let mut tx = db.begin().await.unwrap();
    let id = store::insert_draft(&mut tx, ACCOUNT, DraftKind::Pivot, &document, "ann", None)
        .await
        .unwrap();
    let row = store::lock_draft(&mut tx, ACCOUNT, id)
        .await
        .unwrap()
        .unwrap();
    let first = log::begin(&mut tx, &row, Operation::Create, "ann")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // The intent is recorded before the call.
    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(row.pending_operation, Some(Operation::Create));
    assert!(row.sync_running);
    assert_eq!(row.view().state, DraftState::Syncing);

    let failed = Outcome::Failed {
        conflict: false,
        message: "Kazoo could not be reached".into(),
        request_id: None,
        maybe_written: true,
    };
    log::finish(&db, id, first, &failed).await.unwrap();
    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(row.view().state, DraftState::Error);
    assert_eq!(
        row.pending_operation,
        Some(Operation::Create),
        "kept for the retry"
    );

    let mut tx = db.begin().await.unwrap();
    let row = store::lock_draft(&mut tx, ACCOUNT, id)
        .await
        .unwrap()
        .unwrap();
    let second = log::begin(&mut tx, &row, Operation::Create, "ann")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let done = Outcome::Done {
        kazoo_id: Some("cf1".into()),
        revision: Some("1-abc".into()),
        document: Some(Box::new(document.clone())),
        request_id: Some("req-2".into()),
    };
    log::finish(&db, id, second, &done).await.unwrap();

    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(row.view().state, DraftState::Synced);
    assert_eq!(
        (row.kazoo_id.as_deref(), row.pending_operation),
        (Some("cf1"), None)
    );
    let entries = log::fetch_log(&db, ACCOUNT, id).await.unwrap();
    let results: Vec<_> = entries
        .iter()
        .map(|e| (e.result, e.kazoo_request_id.as_deref()))
        .collect();
    assert_eq!(
        results,
        [
            (Some(SyncResult::Ok), Some("req-2")),
            (Some(SyncResult::Error), None)
        ]
    );
    assert!(
        entries[0].started_at >= entries[1].started_at,
        "newest first"
    );

    // Edited after the sync: "changed since sync".
    let mut tx = db.begin().await.unwrap();
    store::update_document(&mut tx, ACCOUNT, id, 1, &doc("A", "https://edited"), "ann")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(row.view().state, DraftState::Changed);
}

/// A snapshot row: routed to callflow `cf1`, or free when `callflow` is `None`.
fn number_row(number: &str, callflow: Option<&str>) -> NumberRow {
    NumberRow {
        number: number.into(),
        state: Some("in_service".into()),
        route: callflow.map_or(Route::NotRouted, |id| Route::Routed {
            callflow_id: id.into(),
            callflow_name: Some("Main".into()),
            via: Via::Number,
            entry: Entry::Node {
                module: "menu".into(),
                summary: "Menu".into(),
            },
            skipped: vec![],
        }),
        draft: None,
    }
}

async fn draft_marks(db: &PgPool, draft: Option<DraftState>) -> Vec<(String, Option<DraftMark>)> {
    let query = NumbersQuery {
        search: String::new(),
        route: RouteFilter::All,
        draft,
        page: 1,
    };
    let page = db::fetch_numbers_page(db, ACCOUNT, &query).await.unwrap();
    page.rows.into_iter().map(|r| (r.number, r.draft)).collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn numbers_routing_shows_the_newest_draft_of_each_number(db: PgPool) {
    // Arrange: 0100 and 0101 answered by the live callflow cf1, 0104 and 0105 free.
    let rows = vec![
        number_row("+14155550100", Some("cf1")),
        number_row("+14155550101", Some("cf1")),
        number_row("+14155550104", None),
        number_row("+14155550105", None),
    ];
    db::replace_snapshot(&db, ACCOUNT, &[], &rows)
        .await
        .unwrap();
    let live = Callflow::from_value(json!({"name": "Main", "numbers": ["+14155550100"],
                      "flow": {"module": "pivot", "data": {"voice_url": "https://a.example.com"}}}))
    .unwrap();
    let base = store::LiveBase {
        kazoo_id: "cf1".into(),
        revision: None,
        document: live.clone(),
    };
    let mut ids = Vec::new();
    // One transaction each, so that each is newer than the one before.
    for (document, base) in [
        (live.clone(), Some(&base)),
        (doc("Older", "https://old.example.com"), None),
        (doc("Newer", "https://new.example.com"), None),
    ] {
        let mut tx = db.begin().await.unwrap();
        let id = store::insert_draft(&mut tx, ACCOUNT, DraftKind::Pivot, &document, "ann", base)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        ids.push(id.to_string());
    }
    let mark = |i: usize, state| {
        Some(DraftMark {
            id: ids[i].clone(),
            state,
        })
    };

    // Act + Assert: the live callflow's draft marks all its numbers (0101
    // too, by callflow); 0104 shows the newer of its two drafts.
    assert_eq!(
        draft_marks(&db, None).await,
        vec![
            ("+14155550100".into(), mark(0, DraftState::Synced)),
            ("+14155550101".into(), mark(0, DraftState::Synced)),
            ("+14155550104".into(), mark(2, DraftState::Draft)),
            ("+14155550105".into(), None),
        ]
    );
    let synced = draft_marks(&db, Some(DraftState::Synced)).await;
    assert_eq!(
        synced.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["+14155550100", "+14155550101"]
    );
    let none = draft_marks(&db, Some(DraftState::None)).await;
    assert_eq!(none, vec![("+14155550105".into(), None)]);
}
