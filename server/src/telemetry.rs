//! Structured logs with `tracing`: human-readable by default,
//! `LOG_FORMAT=json` for log shippers, levels from `RUST_LOG`.

use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Default filter when `RUST_LOG` is unset.
const DEFAULT_FILTER: &str = "server=info,app=info,kazoo=info,tower_http=info,sqlx=warn";

/// Installs the global subscriber (once; later calls do nothing).
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = if json {
        registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init()
    } else {
        registry.with(fmt::layer().compact()).try_init()
    };
}
