//! One module per screen.

pub mod api_tokens;
pub mod pivot_form;
