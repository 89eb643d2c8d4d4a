//! Server-only code: the work behind server functions and plain routes.

pub mod api_tokens;
pub mod rest;
