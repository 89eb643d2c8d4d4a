//! Widgets shared by pages.

pub mod header;
pub mod not_found;
pub mod notice;
