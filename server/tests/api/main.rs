//! The built server on a random port, with its own sandbox and a fresh
//! Postgres database per test. One test binary, so the crate links once.

mod api_shape;
mod auth;
mod bench_page;
mod callflows;
mod checker;
mod checker_server;
mod checker_ssrf;
mod checker_walk;
mod destructive;
mod drafts;
mod editor;
mod every_route;
mod headers;
mod helpers;
mod jobs_api;
mod jobs_pages;
mod jobs_worker;
mod matrix;
mod migrate;
mod numbers;
mod routing;
mod security;
mod session_cache;
mod sign_in;
mod sync_faults;
