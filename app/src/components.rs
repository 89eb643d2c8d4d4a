//! Widgets and view helpers shared by pages.

pub mod header;
pub mod not_found;
pub mod notice;
pub mod patterns;
pub mod time;
