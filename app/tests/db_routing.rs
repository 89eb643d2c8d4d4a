//! The routing snapshot against a real Postgres: each test gets a fresh,
//! migrated database from `#[sqlx::test]` (needs `DATABASE_URL`).

use app::numbers::{
    db,
    model::{NumberRow, NumbersQuery, Route, RouteFilter},
};
use sqlx::PgPool;

const ACCOUNT: &str = "4b0e2c1d9a7f4e3c8b6a5d4c3b2a1f00";

fn pivot(number: &str, name: &str, url: &str) -> NumberRow {
    NumberRow {
        number: number.into(),
        state: Some("in_service".into()),
        route: Route::Pivot {
            callflow_id: "cf1".into(),
            callflow_name: Some(name.into()),
            voice_url: url.into(),
            method: "post".into(),
            req_format: "twiml".into(),
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
            route: Route::Callflow {
                callflow_id: "cf2".into(),
                callflow_name: None,
            },
            draft: None,
        },
        plain("1001", None),
    ];

    // Act
    let before = db::fetch_numbers_page(&db, ACCOUNT, &query("", RouteFilter::All, 1))
        .await
        .unwrap();
    db::replace_snapshot(&db, ACCOUNT, &rows).await.unwrap();
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
    db::replace_snapshot(&db, ACCOUNT, &[plain("+1", None), plain("+2", None)])
        .await
        .unwrap();
    db::replace_snapshot(&db, ACCOUNT, &[plain("+2", None)])
        .await
        .unwrap();
    db::replace_snapshot(&db, "other", &[plain("+9", None)])
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
    db::replace_snapshot(&db, ACCOUNT, &rows).await.unwrap();
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
    db::replace_snapshot(&db, ACCOUNT, &rows).await.unwrap();

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
