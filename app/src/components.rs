//! Widgets shared by pages.

pub mod header;
pub mod notice;
