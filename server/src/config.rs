//! Settings from environment variables (see `.env.example`, which
//! documents each one). Leptos's own `LEPTOS_*` variables, set by
//! cargo-leptos, are read here too.

use std::{net::SocketAddr, path::PathBuf, str::FromStr, time::Duration};

use anyhow::Context;
use app::{auth::limits::SignInQuota, checker::outbound::AllowedRanges, jobs::JobSettings};
use kazoo::sandbox::Faults;
use url::Url;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Postgres connection URL.
    pub database_url: String,
    pub database_max_connections: u32,
    /// Where the web app listens (`LEPTOS_SITE_ADDR`).
    pub listen_addr: SocketAddr,
    /// A real Kazoo's crossbar URL; `None` starts the built-in sandbox.
    pub kazoo_url: Option<String>,
    /// How long one Kazoo call may take.
    pub kazoo_timeout: Duration,
    pub sandbox: SandboxSettings,
    /// Mark the session cookie `Secure` (serve over TLS).
    pub cookie_secure: bool,
    /// The site's address as browsers see it (`PUBLIC_ORIGIN`), for the
    /// CSRF origin check; `None`: the request's host, with `https` when
    /// the cookie is `Secure`, else `http`.
    pub public_origin: Option<Url>,
    /// Sign-in attempts allowed per minute per account name and per
    /// client address, in this instance.
    pub sign_in_quota: SignInQuota,
    /// Sign out after this long without a request.
    pub session_idle: Duration,
    /// Leptos: where the compiled site (`pkg/`, assets) lives.
    pub site_root: String,
    /// Address ranges the Pivot checker may call although they are not
    /// public (`CHECKER_ALLOWED_RANGES`, comma-separated CIDRs; none by
    /// default).
    pub checker_allowed_ranges: AllowedRanges,
    /// Background jobs: items running at once per Kazoo account, all
    /// instances together (`JOB_CONCURRENCY_PER_ACCOUNT`, default 4), and
    /// in this instance (`JOB_CAPACITY`, default 32).
    pub jobs: JobSettings,
    /// Route the benchmark's reference page (`BENCH_REFERENCE_PAGE=1`,
    /// off by default; see `bench_page.rs`).
    pub bench_reference_page: bool,
}

/// The built-in Kazoo sandbox, used when no `KAZOO_URL` is set.
#[derive(Debug, Clone)]
pub struct SandboxSettings {
    pub addr: SocketAddr,
    pub numbers: usize,
    pub token_ttl: Duration,
    pub schemas_dir: PathBuf,
    pub blocked_hosts: Vec<String>,
    /// Faults injected from the start (changeable at run time through
    /// `PUT /sandbox/faults`).
    pub faults: Faults,
}

impl Settings {
    /// Reads the settings, with defaults for local use.
    ///
    /// # Errors
    /// When a variable is set to a value that does not parse; the message
    /// names the variable.
    pub fn from_env() -> anyhow::Result<Self> {
        let kazoo_url = var("KAZOO_URL").filter(|u| !u.trim().is_empty());
        Ok(Self {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/pivot_console".into()),
            database_max_connections: parsed("DATABASE_MAX_CONNECTIONS", 10)?,
            listen_addr: parsed("LEPTOS_SITE_ADDR", SocketAddr::from(([127, 0, 0, 1], 3000)))?,
            kazoo_url,
            kazoo_timeout: Duration::from_secs(parsed("KAZOO_TIMEOUT_SECS", 10)?),
            sandbox: SandboxSettings {
                addr: parsed("SANDBOX_ADDR", SocketAddr::from(([127, 0, 0, 1], 8000)))?,
                numbers: parsed("SANDBOX_NUMBERS", 25)?,
                token_ttl: Duration::from_secs(parsed("SANDBOX_TOKEN_TTL_SECS", 3600)?),
                schemas_dir: var("KAZOO_SCHEMAS_DIR")
                    .unwrap_or_else(|| "../shared/kazoo/schemas".into())
                    .into(),
                blocked_hosts: var("SANDBOX_BLOCKED_HOSTS")
                    .unwrap_or_else(|| kazoo::rules::REFUSED_VOICE_URL_HOSTS.join(","))
                    .split(',')
                    .map(|h| h.trim().to_owned())
                    .filter(|h| !h.is_empty())
                    .collect(),
                faults: Faults {
                    latency_ms: parsed("SANDBOX_LATENCY_MS", 0)?,
                    error_rate: parsed("SANDBOX_ERROR_RATE", 0.0)?,
                    timeout_rate: parsed("SANDBOX_TIMEOUT_RATE", 0.0)?,
                    lose_rate: parsed("SANDBOX_LOSE_RATE", 0.0)?,
                    fail_status: parsed("SANDBOX_FAIL_STATUS", Faults::default().fail_status)?,
                    retry_after_secs: parsed_optional("SANDBOX_RETRY_AFTER_SECS")?,
                    hang_ms: parsed("SANDBOX_HANG_MS", Faults::default().hang_ms)?,
                    ..Faults::default()
                },
            },
            cookie_secure: parsed("COOKIE_SECURE", false)?,
            public_origin: public_origin()?,
            sign_in_quota: SignInQuota {
                per_account: parsed(
                    "SIGN_IN_ATTEMPTS_PER_ACCOUNT",
                    SignInQuota::default().per_account,
                )?,
                per_address: parsed(
                    "SIGN_IN_ATTEMPTS_PER_ADDRESS",
                    SignInQuota::default().per_address,
                )?,
            },
            session_idle: Duration::from_secs(60 * parsed::<u64>("SESSION_IDLE_MINUTES", 480)?),
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            checker_allowed_ranges: AllowedRanges::parse(
                &var("CHECKER_ALLOWED_RANGES").unwrap_or_default(),
            )
            .map_err(|e| anyhow::anyhow!("CHECKER_ALLOWED_RANGES: {e}"))?,
            jobs: JobSettings {
                per_account: positive(
                    "JOB_CONCURRENCY_PER_ACCOUNT",
                    JobSettings::default().per_account,
                )?,
                capacity: positive("JOB_CAPACITY", JobSettings::default().capacity)?,
            },
            bench_reference_page: var("BENCH_REFERENCE_PAGE").is_some_and(|v| v.trim() == "1"),
        })
    }
}

/// `PUBLIC_ORIGIN`: `scheme://host[:port]`, nothing more.
fn public_origin() -> anyhow::Result<Option<Url>> {
    let Some(raw) = var("PUBLIC_ORIGIN").filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    let url =
        Url::parse(raw.trim()).with_context(|| format!("PUBLIC_ORIGIN={raw:?} is not a URL"))?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host().is_some()
        && url.path() == "/"
        && url.query().is_none()
        && url.username().is_empty();
    anyhow::ensure!(
        plain,
        "PUBLIC_ORIGIN={raw:?} must be scheme://host[:port], such as https://console.example.com"
    );
    Ok(Some(url))
}

/// A count that must be at least 1.
fn positive(name: &str, default: usize) -> anyhow::Result<usize> {
    match parsed(name, default)? {
        0 => anyhow::bail!("{name} must be at least 1"),
        n => Ok(n),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A setting that is off when unset or empty.
fn parsed_optional<T>(name: &str) -> anyhow::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    var(name)
        .filter(|v| !v.trim().is_empty())
        .map(|raw| {
            raw.trim()
                .parse()
                .with_context(|| format!("{name}={raw:?} is not valid"))
        })
        .transpose()
}

fn parsed<T>(name: &str, default: T) -> anyhow::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    Ok(parsed_optional(name)?.unwrap_or(default))
}
