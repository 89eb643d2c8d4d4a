//! The built server on a random port, with its own sandbox and a fresh
//! Postgres database per test. One test binary, so the crate links once.

mod auth;
mod drafts;
mod every_route;
mod helpers;
mod numbers;
mod security;
