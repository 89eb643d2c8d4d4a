//! Rendering pages on the server: the context every page and server
//! function gets, and each page's Content-Security-Policy. Leptos puts a
//! fresh nonce on every script it writes (`HydrationScripts`, resource
//! data, streamed chunks); here it is the request's own nonce, which the
//! server's page-policy layer names in the policy, so no other inline
//! script runs. Server only.

use leptos::prelude::{provide_context, use_context};

use crate::state::AppState;

/// The nonce the server's page-policy layer made for this request (a
/// request extension): the render puts it on its scripts, and the layer
/// names it in the `Content-Security-Policy` of an HTML answer, whatever
/// path rendered it.
#[derive(Debug, Clone)]
pub struct PageNonce(pub String);

/// What pages and server functions are rendered with: the state, and the
/// request's nonce (see [`PageNonce`]; the server layer sends the policy).
pub fn context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(state.clone());
        use_request_nonce();
    }
}

/// Renders with the request's nonce instead of one Leptos would make, so
/// the policy the server layer sends always names the scripts' nonce.
fn use_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The policy of a page: scripts only from this site and with this
/// render's nonce, WebAssembly compiled (`'wasm-unsafe-eval'`, not
/// `'unsafe-eval'`), styles, images and fetches from this site, forms
/// posted here only, no plugins, no `<base>`, never framed.
/// `cargo leptos watch` adds its live-reload WebSocket.
pub fn page_policy(nonce: &str, live_reload: bool) -> String {
    let connect = if live_reload {
        "'self' ws: wss:"
    } else {
        "'self'"
    };
    format!(
        "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self'; font-src 'self'; connect-src {connect}; \
         manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; \
         object-src 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_only_this_site_and_the_nonce() {
        let policy = page_policy("abc123", false);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        for strict in [
            "default-src 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(policy.contains(strict), "{strict}");
        }
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
        assert!(!policy.contains("ws:"));
        assert!(page_policy("n", true).contains("connect-src 'self' ws: wss:"));
    }
}
