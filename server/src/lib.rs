//! pivot-console's server: configuration, start-up (database, sessions,
//! the Kazoo sandbox, routes), the session guard and health checks.
//! `main.rs` only calls into this, so tests can build the same app.

pub mod assets;
pub mod bench_page;
pub mod config;
pub mod guard;
pub mod health;
pub mod security;
pub mod session_store;
pub mod startup;
pub mod telemetry;
