//! Jobs: the heavy work (a bulk sync of many drafts, a routing refresh)
//! as background jobs coordinated through Postgres alone, so that they
//! survive Kazoo's faults, an expired token and a restart, and so that
//! several app instances share them without running an item twice.
//!
//! A job has items (one per draft; a refresh has one). Every instance runs
//! a worker (`worker.rs`) that takes ready items with `FOR UPDATE SKIP
//! LOCKED` under a lease it renews (`db.rs`), at most a few per Kazoo
//! account across all instances; a failure Kazoo may get over runs the
//! item again later (jittered backoff), an expired Kazoo token pauses the
//! job until an admin of the account signs in, a crash leaves the lease to
//! run out and another run takes the item. A sync item is a draft's sync
//! (`crate::sync`), whose intent and outcome records make a second run
//! safe: it never makes a second callflow.
//!
//! Why not a job crate (apalis, underway, …): the items must be rows we
//! join with drafts (which drafts a job holds, a draft in one running item
//! at a time), bounded per Kazoo account across instances, and paused as a
//! whole on an expired token; those crates queue independent tasks, so
//! they would carry this table beside theirs.
//!
//! - `model.rs`: jobs as pages and the API show them (both targets)
//! - `db.rs`: the `job` and `job_item` tables (server)
//! - `worker.rs`: the worker; `run.rs`: one item's run (server)
//! - `service.rs`: start, read, cancel, retry (server)
//! - `page.rs` (+ `page/`): the jobs list and a job's page;
//!   `server_fns.rs`: `get_job`, `list_jobs`
//! - `handlers.rs`: the plain form posts (bulk sync from Drafts, cancel,
//!   retry failed) (server)

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
mod run;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod worker;

#[cfg(feature = "ssr")]
pub use worker::JobSettings;

/// `POST /jobs/sync` (Drafts' Sync selected and Sync all changed), and a
/// job's `POST /jobs/{id}/cancel`, `/retry-failed` and `/sign-in`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/jobs/sync", post(handlers::sync_handler))
        .route("/jobs/{id}/cancel", post(handlers::cancel_handler))
        .route("/jobs/{id}/retry-failed", post(handlers::retry_handler))
        .route("/jobs/{id}/sign-in", post(handlers::sign_in_handler))
}
