//! One module per screen.

pub mod login;
pub mod not_found;
pub mod numbers;
pub mod pivot_new;
