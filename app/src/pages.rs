//! One module per screen.

pub mod api_tokens;
