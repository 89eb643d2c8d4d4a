//! Widgets and view helpers shared by pages.

pub mod header;
pub mod not_found;
pub mod notice;
pub mod number_picker;
pub mod pager;
pub mod patterns;
pub mod phone;
pub mod text_area;
pub mod time;
