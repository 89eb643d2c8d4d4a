//! The routing snapshot against a real Postgres: each test gets a fresh,
//! migrated database from `#[sqlx::test]` (needs `DATABASE_URL`).

use std::collections::BTreeMap;

use app::numbers::{
    db,
    model::{Entry, NumberRow, NumbersQuery, Route, RouteFilter, Via},
    routing::{self, RoutedCallflow},
};
use kazoo::{callflow::Callflow, PhoneNumber};
use serde_json::json;
use sqlx::PgPool;

const ACCOUNT: &str = "4b0e2c1d9a7f4e3c8b6a5d4c3b2a1f00";

fn pivot(number: &str, name: &str, url: &str) -> NumberRow {
    NumberRow {
        number: number.into(),
        state: Some("in_service".into()),
        route: Route::Routed {
            callflow_id: "cf1".into(),
            callflow_name: Some(name.into()),
            via: Via::Number,
            entry: Entry::Pivot {
                voice_url: url.into(),
                method: "post".into(),
                req_format: "twiml".into(),
            },
            skipped: vec![],
        },
        draft: None,
    }
}

fn plain(number: &str, state: Option<&str>) -> NumberRow {
    NumberRow {
        number: number.into(),
        state: state.map(str::to_owned),
        route: Route::NotRouted,
        draft: None,
    }
}

fn query(search: &str, route: RouteFilter, page: u32) -> NumbersQuery {
    NumbersQuery {
        search: search.into(),
        route,
        draft: None,
        page,
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn snapshot_round_trips_every_route_kind(db: PgPool) {
    // Arrange
    let rows = vec![
        pivot(
            "+14155550100",
            "Main line",
            "https://twiml.example.com/voice",
        ),
        NumberRow {
            number: "+14155550101".into(),
            state: Some("reserved".into()),
            route: Route::Routed {
                callflow_id: "cf2".into(),
                callflow_name: None,
                via: Via::Pattern("^\\+1415555010\\d$".into()),
                entry: Entry::Ends,
                skipped: vec!["pivot".into()],
            },
            draft: None,
        },
        plain("1001", None),
    ];

    // Act
    let before = db::fetch_numbers_page(&db, ACCOUNT, &query("", RouteFilter::All, 1))
        .await
        .unwrap();
    db::replace_snapshot(&db, ACCOUNT, &[], &rows)
        .await
        .unwrap();
    let page = db::fetch_numbers_page(&db, ACCOUNT, &query("", RouteFilter::All, 1))
        .await
        .unwrap();

    // Assert: no snapshot before (no refresh time), one after.
    assert!(before.refreshed_at.is_none() && before.rows.is_empty());
    assert_eq!(page.rows, {
        let mut sorted = rows.clone();
        sorted.sort_by(|a, b| a.number.cmp(&b.number));
        sorted
    });
    assert_eq!((page.total, page.account_total), (3, 3));
    assert!(page.refreshed_at.is_some());
}

#[sqlx::test(migrations = "../migrations")]
async fn replacing_a_snapshot_drops_numbers_kazoo_no_longer_has(db: PgPool) {
    db::replace_snapshot(&db, ACCOUNT, &[], &[plain("+1", None), plain("+2", None)])
        .await
        .unwrap();
    db::replace_snapshot(&db, ACCOUNT, &[], &[plain("+2", None)])
        .await
        .unwrap();
    db::replace_snapshot(&db, "other", &[], &[plain("+9", None)])
        .await
        .unwrap();

    let page = db::fetch_numbers_page(&db, ACCOUNT, &query("", RouteFilter::All, 1))
        .await
        .unwrap();

    assert_eq!(
        page.rows
            .iter()
            .map(|r| r.number.as_str())
            .collect::<Vec<_>>(),
        vec!["+2"]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn search_matches_number_name_and_url_case_insensitively(db: PgPool) {
    let rows = vec![
        pivot(
            "+14155550100",
            "Main line",
            "https://twiml.example.com/voice",
        ),
        pivot(
            "+14155550150",
            "Support",
            "https://other.example.com/100%_done",
        ),
        plain("+14155550199", Some("in_service")),
    ];
    db::replace_snapshot(&db, ACCOUNT, &[], &rows)
        .await
        .unwrap();
    let numbers = |q: &str, route| {
        let db = db.clone();
        let q = query(q, route, 1);
        async move {
            db::fetch_numbers_page(&db, ACCOUNT, &q)
                .await
                .unwrap()
                .rows
                .into_iter()
                .map(|r| r.number)
                .collect::<Vec<_>>()
        }
    };

    assert_eq!(
        numbers("5550150", RouteFilter::All).await,
        vec!["+14155550150"]
    );
    // Typed the way people write numbers.
    assert_eq!(
        numbers("(415) 555-0150", RouteFilter::All).await,
        vec!["+14155550150"]
    );
    assert_eq!(
        numbers("MAIN", RouteFilter::All).await,
        vec!["+14155550100"]
    );
    // One field at a time: never across the number and the name.
    assert!(numbers("0100main", RouteFilter::All).await.is_empty());
    assert_eq!(
        numbers("twiml.example", RouteFilter::All).await,
        vec!["+14155550100"]
    );
    // `%` and `_` are literal characters, not LIKE wildcards.
    assert_eq!(
        numbers("100%_", RouteFilter::All).await,
        vec!["+14155550150"]
    );
    assert_eq!(numbers("%", RouteFilter::All).await, vec!["+14155550150"]);
    assert_eq!(
        numbers("", RouteFilter::NotRouted).await,
        vec!["+14155550199"]
    );
    assert_eq!(numbers("", RouteFilter::Pivot).await.len(), 2);
    assert!(numbers("nothing-like-this", RouteFilter::All)
        .await
        .is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_are_cut_on_the_server(db: PgPool) {
    let rows: Vec<NumberRow> = (0..120)
        .map(|i| plain(&format!("+1415555{:04}", i), Some("in_service")))
        .collect();
    db::replace_snapshot(&db, ACCOUNT, &[], &rows)
        .await
        .unwrap();

    let third = db::fetch_numbers_page(&db, ACCOUNT, &query("", RouteFilter::All, 3))
        .await
        .unwrap();
    let beyond = db::fetch_numbers_page(&db, ACCOUNT, &query("", RouteFilter::All, 9))
        .await
        .unwrap();

    assert_eq!(third.rows.len(), 20);
    assert_eq!(third.rows[0].number, "+14155550100");
    assert_eq!((third.total, third.page_count()), (120, 3));
    assert!(beyond.rows.is_empty());
    assert_eq!(
        beyond.total, 120,
        "the total is known even past the last page"
    );
}

fn callflow(id: &str, doc: serde_json::Value) -> RoutedCallflow {
    RoutedCallflow::of(id, &Callflow::from_value(doc).unwrap())
}

fn route_of(page: &app::numbers::model::NumbersPage, number: &str) -> Route {
    page.rows
        .iter()
        .find(|r| r.number == number)
        .map(|r| r.route.clone())
        .unwrap_or_else(|| panic!("{number} not on the page"))
}

#[sqlx::test(migrations = "../migrations")]
async fn a_sync_routes_again_every_number_it_may_change(db: PgPool) {
    // Arrange: a pattern callflow answers 0120-0124; 0125 is free.
    let block = callflow(
        "block",
        json!({"name": "Overflow block", "patterns": ["^\\+1415555012[0-4]$"],
        "flow": {"module": "pivot", "data": {"voice_url": "https://overflow.example.com/twiml"}}}),
    );
    let dids: BTreeMap<String, PhoneNumber> = (120..=125)
        .map(|n| {
            let did = PhoneNumber {
                state: Some("in_service".into()),
                ..PhoneNumber::default()
            };
            (format!("+14155550{n}"), did)
        })
        .collect();
    let callflows = vec![block];
    let rows = routing::rows(&dids, &callflows);
    db::replace_snapshot(&db, ACCOUNT, &callflows, &rows)
        .await
        .unwrap();
    let page = || async {
        db::fetch_numbers_page(&db, ACCOUNT, &query("", RouteFilter::All, 1))
            .await
            .unwrap()
    };
    assert!(matches!(
        route_of(&page().await, "+14155550121"),
        Route::Routed {
            via: Via::Pattern(_),
            ..
        }
    ));
    assert_eq!(route_of(&page().await, "+14155550125"), Route::NotRouted);

    // Act: a new callflow takes 0121 by number, plus an extension.
    let own = Callflow::from_value(json!({"name": "Own", "numbers": ["+14155550121", "2001"],
        "flow": {"module": "tts", "data": {"text": "Hello"}}}))
    .unwrap();
    db::route_callflow(&db, ACCOUNT, None, Some(("own", &own)))
        .await
        .unwrap();

    // Assert: 0121 is now the new callflow's, 0122 still the pattern's.
    let now = page().await;
    assert!(matches!(route_of(&now, "+14155550121"),
        Route::Routed { via: Via::Number, ref callflow_id, .. } if callflow_id == "own"));
    assert!(matches!(route_of(&now, "+14155550122"),
        Route::Routed { via: Via::Pattern(_), ref callflow_id, .. } if callflow_id == "block"));
    assert_eq!(route_of(&now, "2001").kind(), "callflow");
    assert_eq!(
        now.rows.iter().find(|r| r.number == "2001").unwrap().state,
        None
    );

    // Act: the pattern callflow is deleted (remove routing).
    db::route_callflow(&db, ACCOUNT, Some("block"), None)
        .await
        .unwrap();
    let now = page().await;
    assert_eq!(route_of(&now, "+14155550122"), Route::NotRouted);
    assert!(matches!(
        route_of(&now, "+14155550121"),
        Route::Routed { .. }
    ));

    // Act: the new callflow drops the extension: its row goes (no DID).
    let own = Callflow::from_value(json!({"name": "Own", "numbers": ["+14155550121"],
        "flow": {"module": "tts", "data": {"text": "Hello"}}}))
    .unwrap();
    db::route_callflow(&db, ACCOUNT, Some("own"), Some(("own", &own)))
        .await
        .unwrap();
    let now = page().await;
    assert!(now.rows.iter().all(|r| r.number != "2001"));
    assert_eq!(now.rows.len(), 6, "the DIDs stay");

    // A catch-all appears: the numbers nothing routed now reach it; an
    // extension dropped later does not linger as "catch-all".
    let catch = Callflow::from_value(json!({"name": "Catch-all", "numbers": ["no_match", "2002"],
        "flow": {"module": "offnet", "data": {}}}))
    .unwrap();
    db::route_callflow(&db, ACCOUNT, None, Some(("catch", &catch)))
        .await
        .unwrap();
    let now = page().await;
    assert!(matches!(
        route_of(&now, "+14155550125"),
        Route::Routed {
            via: Via::NoMatch,
            ..
        }
    ));
    assert!(matches!(
        route_of(&now, "2002"),
        Route::Routed {
            via: Via::Number,
            ..
        }
    ));
    let catch = Callflow::from_value(json!({"name": "Catch-all renamed", "numbers": ["no_match"],
        "flow": {"module": "offnet", "data": {}}}))
    .unwrap();
    db::route_callflow(&db, ACCOUNT, Some("catch"), Some(("catch", &catch)))
        .await
        .unwrap();
    let now = page().await;
    assert!(
        now.rows.iter().all(|r| r.number != "2002"),
        "no callflow lists 2002 now"
    );
    // The rename reaches every number the catch-all answers.
    assert!(matches!(route_of(&now, "+14155550125"),
        Route::Routed { callflow_name: Some(ref n), .. } if n == "Catch-all renamed"));

    // A callflow gains a pattern: it takes the numbers it now matches.
    let own = Callflow::from_value(json!({"name": "Own", "numbers": ["+14155550121"],
        "patterns": ["^\\+1415555012[45]$"], "flow": {"module": "tts", "data": {"text": "Hello"}}}))
    .unwrap();
    db::route_callflow(&db, ACCOUNT, Some("own"), Some(("own", &own)))
        .await
        .unwrap();
    let now = page().await;
    assert!(matches!(route_of(&now, "+14155550125"),
        Route::Routed { via: Via::Pattern(_), ref callflow_id, .. } if callflow_id == "own"));
    assert!(matches!(
        route_of(&now, "+14155550123"),
        Route::Routed {
            via: Via::NoMatch,
            ..
        }
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn number_facts_say_who_answers_a_typed_number(db: PgPool) {
    let callflows = vec![
        callflow(
            "main",
            json!({"name": "Main", "numbers": ["+14155550100"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://x.example"}}}),
        ),
        callflow(
            "block",
            json!({"name": "Block", "patterns": ["^\\+1415555012[0-4]$"],
            "flow": {"module": "pivot", "data": {"voice_url": "https://y.example"}}}),
        ),
    ];
    let dids: BTreeMap<String, PhoneNumber> = ["+14155550100", "+14155550121"]
        .iter()
        .map(|n| {
            (
                (*n).to_owned(),
                PhoneNumber {
                    state: Some("in_service".into()),
                    ..PhoneNumber::default()
                },
            )
        })
        .collect();
    db::replace_snapshot(&db, ACCOUNT, &callflows, &routing::rows(&dids, &callflows))
        .await
        .unwrap();

    let numbers: Vec<String> = [
        "+14155550100",
        "+14155550121",
        "+14155550123",
        "+14155558888",
    ]
    .map(String::from)
    .to_vec();
    let facts = db::number_facts(&db, ACCOUNT, &numbers).await.unwrap();

    assert_eq!(
        facts["+14155550100"].route.as_ref().unwrap().via,
        Via::Number
    );
    assert_eq!(facts["+14155550100"].owned, Some(true));
    // Not a DID of the account, yet the pattern answers it.
    assert!(matches!(
        &facts["+14155550123"].route.as_ref().unwrap().via,
        Via::Pattern(_)
    ));
    assert_eq!(facts["+14155550123"].owned, Some(false));
    assert_eq!(facts["+14155558888"].route, None);
    // Before any snapshot, nothing is known.
    assert!(db::number_facts(&db, "other", &numbers)
        .await
        .unwrap()
        .is_empty());
}
