//! Static files and compression. Every figure here is for the first visit
//! of a page: the HTML, CSS, JS and WASM it downloads.
//! - `/pkg` (JS, WASM chunks, CSS): `ServeDir` sends the brotli or gzip copy
//!   cargo-leptos wrote beside each file (`--precompress`) to a browser that
//!   accepts it. Their names carry their content's hash (`hash-files` in
//!   Cargo.toml), so a browser keeps them a year without asking again; a
//!   name without a hash is revalidated every time.
//! - Other files under the site root (`public/`: the icon), served by the
//!   Leptos fallback, precompressed the same way, are kept a day.
//! - Pages and other answers are gzipped on the fly ([`compression`]).

use std::path::Path;

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::Response,
    Router,
};
use tower_http::{compression::CompressionLayer, services::ServeDir};

/// What a file whose name carries its hash may be kept: a year, never
/// revalidated (a new build has new names).
const HASHED: &str = "public, max-age=31536000, immutable";
/// What a `/pkg` file without a hash in its name may be kept: ask first.
const UNHASHED: &str = "no-cache";
/// What the other static files (`public/`) may be kept: a day.
const PUBLIC: &str = "public, max-age=86400";

/// Length of the hashes cargo-leptos puts in file names: an MD5 digest in
/// unpadded base64url.
const HASH_LEN: usize = 22;

/// The service for `/pkg` (nest it there): the files of `<site_root>/pkg`,
/// precompressed copies first, with their cache lifetime.
pub fn pkg(site_root: &str, pkg_dir: &str) -> Router {
    let files = ServeDir::new(Path::new(site_root).join(pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(pkg_cache_control))
}

/// Whether the files were built with hashed names: cargo-leptos then
/// writes its hash file beside the server binary, where Leptos looks for
/// it (`HydrationScripts`). Tests and plain `cargo build`s have none.
pub fn hashed_build(hash_file: &str) -> bool {
    app::hash_file_path(hash_file).is_some_and(|path| path.is_file())
}

/// Gzip for everything that is not compressed already (pages, JSON); the
/// static files come precompressed.
pub fn compression() -> CompressionLayer {
    CompressionLayer::new()
}

async fn pkg_cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if is_cacheable(response.status()) {
        let value = if hashed { HASHED } else { UNHASHED };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        // The body depends on `Accept-Encoding` (a precompressed copy or
        // the file), which shared caches must know; `ServeDir` omits it.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Middleware for the fallback: a static file it served (not a page)
/// is kept a day.
pub async fn public_cache_control(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_cacheable(response.status()) && !is_page {
        let headers = response.headers_mut();
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(PUBLIC));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn is_cacheable(status: StatusCode) -> bool {
    status == StatusCode::OK || status == StatusCode::NOT_MODIFIED
}

/// Whether the file name in `path` has a hash between dots, as
/// cargo-leptos names them: `pivot-console.<hash>.wasm`,
/// `__wasm_split.<hash>.js`.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.split('.');
    parts.next();
    let mut middle: Vec<&str> = parts.collect();
    middle.pop();
    middle.iter().any(|part| {
        part.len() == HASH_LEN
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            // cargo-leptos's placeholder, before it hashes.
            && part.bytes().any(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_the_ones_cargo_leptos_writes() {
        assert!(is_hashed("/pivot-console.AbCdEfGhIjKlMnOpQrStUv.wasm"));
        assert!(is_hashed("/__wasm_split.Ab-dEfGhIjKl_nOpQrStUv.js"));
        assert!(!is_hashed("/pivot-console.wasm"));
        assert!(!is_hashed("/pivot-console.css"));
        // 22 characters, but the stem or the extension, not a hash.
        assert!(!is_hashed("/AbCdEfGhIjKlMnOpQrStUv.js"));
        assert!(!is_hashed("/snippets/x/inline0.js"));
        assert!(!is_hashed("/pivot-console.AbCdEfGhIjKlMn+pQrStUv.wasm"));
        assert!(!is_hashed("/__wasm_split.______________________.js"));
    }
}
