//! Drafts in Postgres: CRUD with revisions, optimistic locking, the sync
//! log, and the draft state Numbers Routing shows.

use app::ssr::drafts::{
    log::{self, Operation, Outcome},
    store,
};
use serde_json::json;
use sqlx::PgPool;

const ACCOUNT: &str = "4b0e2c1d9a7f4e3c8b6a5d4c3b2a1f00";

fn doc(name: &str, url: &str) -> serde_json::Value {
    json!({"name": name, "numbers": ["+14155550104"], "flow": {"module": "pivot", "data": {"voice_url": url}}})
}

#[sqlx::test(migrations = "../migrations")]
async fn drafts_are_saved_listed_updated_and_deleted(db: PgPool) {
    let mut tx = db.begin().await.unwrap();
    let id = store::insert_draft(
        &mut tx,
        ACCOUNT,
        "pivot",
        &doc("A", "https://a"),
        "admin@sandbox",
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!((row.name.as_str(), row.version), ("A", 1));
    assert_eq!(row.view().state, app::model::DraftState::Draft);
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
        revisions.iter().map(|r| r.0).collect::<Vec<_>>(),
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
        "pivot",
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
    assert_eq!(row.document.0["flow"]["data"]["voice_url"], "https://ann");
    assert_eq!((row.version, row.updated_by.as_str()), (2, "ann"));
}

#[sqlx::test(migrations = "../migrations")]
async fn sync_attempts_are_logged_and_set_the_state(db: PgPool) {
    let document = doc("A", "https://a");
    let mut tx = db.begin().await.unwrap();
    let id = store::insert_draft(&mut tx, ACCOUNT, "pivot", &document, "ann", None)
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
    assert_eq!(row.pending_operation.as_deref(), Some("create"));
    assert!(row.sync_running);
    assert_eq!(row.view().state, app::model::DraftState::Syncing);

    let failed = Outcome::Failed {
        conflict: false,
        message: "Kazoo could not be reached".into(),
        request_id: None,
    };
    log::finish(&db, id, first, &failed).await.unwrap();
    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(row.view().state, app::model::DraftState::Error);
    assert_eq!(
        row.pending_operation.as_deref(),
        Some("create"),
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
        document: Some(document.clone()),
        request_id: Some("req-2".into()),
    };
    log::finish(&db, id, second, &done).await.unwrap();

    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(row.view().state, app::model::DraftState::Synced);
    assert_eq!(
        (row.kazoo_id.as_deref(), row.pending_operation),
        (Some("cf1"), None)
    );
    let entries = log::fetch_log(&db, ACCOUNT, id).await.unwrap();
    let results: Vec<_> = entries
        .iter()
        .map(|e| (e.result.as_deref(), e.kazoo_request_id.as_deref()))
        .collect();
    assert_eq!(
        results,
        [(Some("ok"), Some("req-2")), (Some("error"), None)]
    );

    // Edited after the sync: "changed since sync".
    let mut tx = db.begin().await.unwrap();
    store::update_document(&mut tx, ACCOUNT, id, 1, &doc("A", "https://edited"), "ann")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let row = store::fetch_draft(&db, ACCOUNT, id).await.unwrap().unwrap();
    assert_eq!(row.view().state, app::model::DraftState::Changed);
}
