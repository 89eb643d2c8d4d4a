//! Server-only code: the work behind server functions and plain routes.

pub mod api_tokens;
pub mod pivot_form;
pub mod rest;
