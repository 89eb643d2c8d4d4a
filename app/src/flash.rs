//! A message shown once at the top of a page, after a form post. On the
//! server, `flash/ssr.rs` keeps it (with the refused input) in the
//! session until the page it redirects to reads it. Used by the pivot form
//! (never for secrets: a new API token is answered directly instead).

#[cfg(feature = "ssr")]
mod ssr;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub use ssr::{put, take, FormFlash};

/// A message shown once at the top of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}
